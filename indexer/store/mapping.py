"""Versioned index templates and the alias in front of them.

``mappings/reports.vN.json`` holds mapping version N. Version N of alias A lives in the index
``A-vN``; the alias A points at exactly one version. A new version is built beside the old
one and the alias is swapped in one atomic ``_aliases`` call, so searches never stop.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexer.errors import UsageError
from indexer.extract import EXTRACTOR_VERSION
from indexer.segment.segmenter import fingerprint
from indexer.settings import setting
from indexer.store.endpoint import check_index_name

if TYPE_CHECKING:  # the official client is imported where indexing needs it: reading never does
    from elasticsearch import Elasticsearch

    from indexer.store.reader import Searcher

_VERSION_FILE = re.compile(r"^reports\.v(\d+)\.json$")


def mappings_dir() -> Path:
    """The folder of mapping files: $XXGK_MAPPINGS_DIR, else the installed ``mappings`` package."""
    env = setting("mappings_dir")
    return Path(env) if env else Path(str(resources.files("mappings")))


def available_versions() -> dict[int, Path]:
    """Mapping version → file, in the current mappings folder."""
    return _versions(mappings_dir())


@cache
def _versions(folder: Path) -> dict[int, Path]:
    found = {int(m.group(1)): p for p in folder.glob("reports.v*.json") if (m := _VERSION_FILE.match(p.name))}
    if not found:
        raise FileNotFoundError(f"no mapping files (reports.vN.json) in {folder}")
    return found


def latest_version() -> int:
    return max(available_versions())


def load_template(version: int | None = None) -> dict[str, Any]:
    """The index template body of a mapping version (default: the newest)."""
    version = version or latest_version()
    return json.loads(available_versions()[version].read_text("utf-8"))


def index_name(alias: str, version: int) -> str:
    return f"{alias}-v{version}"


def expected_meta(version: int) -> dict[str, Any]:
    """What `_meta` records: mapping version, extractor version and the segmenter's identity."""
    return {"mapping_version": version, "extractor_version": EXTRACTOR_VERSION, "segmenter": fingerprint()}


def template_body(alias: str, version: int) -> dict[str, Any]:
    body = copy.deepcopy(load_template(version))
    body.pop("_doc", None)
    body.pop("version", None)
    body["index_patterns"] = [index_name(alias, version)]
    body["template"]["mappings"]["_meta"] = expected_meta(version)
    body["version"] = version
    return body


@dataclass(frozen=True, slots=True)
class Target:
    """Where an indexing run writes, and whether the alias must move there at the end."""

    alias: str
    index: str
    version: int
    previous: str | None  # the index the alias pointed at before, if another one
    created: bool


def alias_indices(es: Elasticsearch, alias: str) -> list[str]:
    from elasticsearch import NotFoundError

    try:
        return sorted(es.indices.get_alias(name=alias).keys())
    except NotFoundError:
        return []


def prepare_target(
    es: Elasticsearch,
    alias: str,
    version: int | None = None,
    shards: int | None = None,
    replicas: int | None = None,
) -> Target:
    """Put the template, create the versioned index if needed, and point a new alias at it.

    ``shards`` and ``replicas`` override the mapping version's settings for a new index (the
    defaults fit one node); an existing index keeps its shards, and gets the replicas asked for.
    """
    from elasticsearch import BadRequestError

    version = version or latest_version()
    name = index_name(check_index_name(alias), version)
    if es.indices.exists(index=alias) and not es.indices.exists_alias(name=alias):
        raise UsageError(f"{alias!r} is a concrete index, not an alias; choose another --index name")
    body = template_body(alias, version)
    if shards is not None:
        body["template"]["settings"]["number_of_shards"] = shards
    if replicas is not None:
        body["template"]["settings"]["number_of_replicas"] = replicas
    es.indices.put_index_template(name=name, **body)
    created = False
    if not es.indices.exists(index=name):
        try:
            es.indices.create(
                index=name, settings=body["template"]["settings"], mappings=body["template"]["mappings"]
            )
            created = True
        except BadRequestError as exc:  # another run created it a moment ago: use it
            if exc.error != "resource_already_exists_exception":
                raise
    else:  # fields added to a mapping version since the index was made (additions only)
        es.indices.put_mapping(index=name, properties=body["template"]["mappings"]["properties"])
        if replicas is not None:
            es.indices.put_settings(index=name, settings={"index": {"number_of_replicas": replicas}})
    current = alias_indices(es, alias)
    if not current:
        es.indices.put_alias(index=name, name=alias)
        return Target(alias, name, version, None, created)
    previous = current[0] if name not in current else None
    return Target(alias, name, version, previous, created)


def swap_alias(es: Elasticsearch, target: Target) -> None:
    """Point the alias at the target index in one atomic request."""
    actions: list[dict[str, Any]] = [{"add": {"index": target.index, "alias": target.alias}}]
    actions += [
        {"remove": {"index": old, "alias": target.alias}}
        for old in alias_indices(es, target.alias)
        if old != target.index
    ]
    es.indices.update_aliases(actions=actions)


def index_meta(es: Searcher, alias: str) -> dict[str, Any]:
    """The `_meta` of the index behind an alias ({} when there is none)."""
    try:
        mapping = es.indices.get_mapping(index=alias)
    except Exception as exc:  # the client's NotFoundError, imported only when something failed
        from elasticsearch import NotFoundError

        if isinstance(exc, NotFoundError):
            return {}
        raise
    for body in mapping.values():
        return dict(body["mappings"].get("_meta", {}))
    return {}
