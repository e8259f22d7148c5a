"""A small Kibana client: import the shipped saved objects, wait for Kibana, prepare the index.

``import`` posts the NDJSON file to Kibana's saved objects import API with ``overwrite=true``
(fixed ids, so a re-import replaces the objects) and reports every object. ``setup`` is the
one-shot of docker-compose.yml: wait for Kibana, create the index template and the alias's
first index, then import.

Environment: XXGK_KIBANA_URL, XXGK_KIBANA_FILE, and XXGK_KIBANA_USER / XXGK_KIBANA_PASSWORD for
a Kibana with security enabled (basic authentication).
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import urllib3

from indexer.errors import XxgkError
from indexer.settings import DEFAULT_ALIAS, setting

DEFAULT_URL = "http://127.0.0.1:5601"
DEFAULT_FILE = Path(str(resources.files("indexer.store.data").joinpath("kibana-dashboard.ndjson")))
#: The alias the shipped data view reads (kibana/build_objects.py ALIAS).
DASHBOARD_ALIAS = DEFAULT_ALIAS
_SPACE_ID = re.compile(r"^[a-z0-9_-]+$")
_SPACE_SUFFIX = re.compile(r"/s/[a-z0-9_-]+$")
#: /api/status overall levels at which the saved objects API answers ('degraded': some plugin is).
_USABLE = {"available", "degraded"}


class KibanaError(XxgkError):
    """Kibana answered with an error, or its answer cannot be used."""


class KibanaUnavailable(KibanaError):
    """Kibana cannot be reached (or is not ready in time)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """A request ready to send: method, full URL, headers and body."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class ObjectResult:
    """What the import did with one saved object."""

    type: str
    id: str
    title: str
    outcome: str  # created | overwritten | failed
    error: str | None = None
    destination_id: str | None = None


@dataclass(slots=True)
class ImportReport:
    """Kibana's answer to one import, object by object."""

    objects: list[ObjectResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(obj.outcome != "failed" for obj in self.objects)

    def count(self, outcome: str) -> int:
        return sum(obj.outcome == outcome for obj in self.objects)


# ----------------------------------------------------------------------------- requests
def api_url(base_url: str, path: str, space: str | None = None) -> str:
    """``{base_url}[/s/{space}]{path}``; the default space has no prefix."""
    if space and not _SPACE_ID.match(space):
        raise KibanaError(f"invalid space id {space!r} (lowercase letters, digits, '_' and '-')")
    prefix = f"/s/{space}" if space and space != "default" else ""
    return base_url.rstrip("/") + prefix + path


def auth_headers() -> dict[str, str]:
    """Basic authentication from XXGK_KIBANA_USER / XXGK_KIBANA_PASSWORD, if set."""
    user = setting("kibana_user")
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{setting('kibana_password') or ''}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def build_import_request(
    base_url: str, ndjson: bytes, *, filename: str, space: str | None = None, boundary: str | None = None
) -> HttpRequest:
    """The multipart POST of the saved objects import API (``overwrite=true``)."""
    name = Path(filename).stem + ".ndjson"  # Kibana refuses files not named *.ndjson
    body, content_type = urllib3.encode_multipart_formdata(
        {"file": (name, ndjson, "application/ndjson")}, boundary=boundary or uuid.uuid4().hex
    )
    headers = {"kbn-xsrf": "true", "Content-Type": content_type, **auth_headers()}
    url = api_url(base_url, "/api/saved_objects/_import?overwrite=true", space)
    return HttpRequest("POST", url, headers, body)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "reason", None) or exc)
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    if "Name or service not known" in text or "NameResolution" in text or "nodename nor servname" in text:
        return "host name not resolved"
    if "timed out" in text.lower() or "Timeout" in type(exc).__name__:
        return "timed out"
    return type(getattr(exc, "reason", None) or exc).__name__


def send(request: HttpRequest, timeout: float = 60.0) -> tuple[int, Any]:
    """(HTTP status, JSON body or text); KibanaUnavailable when nothing answers."""
    http = urllib3.PoolManager(
        retries=False, timeout=urllib3.Timeout(connect=min(timeout, 10.0), read=timeout)
    )
    try:
        response = http.request(request.method, request.url, headers=request.headers, body=request.body)
    except urllib3.exceptions.HTTPError as exc:
        base = _SPACE_SUFFIX.sub("", request.url.split("/api/", 1)[0])
        raise KibanaUnavailable(f"Kibana is not reachable at {base} ({_reason(exc)})") from exc
    finally:
        http.clear()
    text = response.data.decode("utf-8", errors="replace")
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, text


def _http_error(status: int, body: Any, what: str) -> KibanaError:
    message = body.get("message") if isinstance(body, dict) else str(body).strip()[:300]
    if status in {401, 403}:
        hint = "; set XXGK_KIBANA_USER and XXGK_KIBANA_PASSWORD" if status == 401 else ""
        return KibanaError(f"{what}: HTTP {status} {message or ''}{hint}".rstrip())
    return KibanaError(f"{what}: HTTP {status} {message or ''}".rstrip())


# ----------------------------------------------------------------------------- import
def _describe_error(error: dict[str, Any]) -> str:
    kind = error.get("type", "unknown")
    if kind == "missing_references":
        refs = ", ".join(f"{r.get('type')}/{r.get('id')}" for r in error.get("references", []))
        return f"missing_references: {refs}"
    if kind == "ambiguous_conflict":
        return "ambiguous_conflict: several objects in the space match this id's origin"
    detail = error.get("message") or error.get("error") or ""
    return f"{kind}: {detail}".rstrip(": ") if detail else kind


def parse_import_response(status: int, body: Any) -> ImportReport:
    """Per-object outcomes of a saved objects import answer; KibanaError for a refused request."""
    if status != 200 or not isinstance(body, dict) or "success" not in body:
        raise _http_error(status, body, "Kibana refused the import")
    report = ImportReport()
    for item in body.get("successResults", []):
        report.objects.append(
            ObjectResult(
                type=item["type"],
                id=item["id"],
                title=item.get("meta", {}).get("title", ""),
                outcome="overwritten" if item.get("overwrite") else "created",
                destination_id=item.get("destinationId"),
            )
        )
    for item in body.get("errors", []):
        report.objects.append(
            ObjectResult(
                type=item.get("type", "?"),
                id=item.get("id", "?"),
                title=item.get("meta", {}).get("title") or item.get("title", ""),
                outcome="failed",
                error=_describe_error(item.get("error", {})),
            )
        )
    report.warnings = [w.get("message", str(w)) for w in body.get("warnings", [])]
    if not body["success"] and report.ok:  # success false without per-object errors
        raise KibanaError(f"Kibana reported a failed import without details: {json.dumps(body)[:300]}")
    return report


def import_file(
    base_url: str, path: Path, *, space: str | None = None, timeout: float = 120.0
) -> ImportReport:
    """Import one NDJSON file of saved objects, overwriting objects with the same ids."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KibanaError(f"cannot read {path}: {exc.strerror or exc}") from exc
    request = build_import_request(base_url, data, filename=path.name, space=space)
    return parse_import_response(*send(request, timeout=timeout))


# ----------------------------------------------------------------------------- status and waiting
def kibana_status(base_url: str, timeout: float = 10.0) -> tuple[str, str]:
    """(overall level, version) from /api/status; level 'unavailable' while Kibana starts up."""
    status, body = send(HttpRequest("GET", api_url(base_url, "/api/status"), auth_headers()), timeout=timeout)
    if status in {401, 403}:
        raise _http_error(status, body, "Kibana refused the status request")
    if status == 503 or not isinstance(body, dict):
        return "unavailable", ""
    if status != 200:
        raise _http_error(status, body, "Kibana status")
    overall = body.get("status", {}).get("overall", {})
    level = overall.get("level") or {"green": "available"}.get(overall.get("state", ""), "unavailable")
    return level, body.get("version", {}).get("number", "")


def wait_for_kibana(
    base_url: str,
    seconds: float,
    progress: Callable[[str], None] = lambda _: None,
    interval: float = 3.0,
) -> str:
    """Poll /api/status until Kibana is usable and return its version; 0 seconds: ask once."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            level, version = kibana_status(base_url)
            if level in _USABLE:
                return version
            problem = KibanaUnavailable(f"Kibana at {base_url} is not ready (status {level})")
        except KibanaUnavailable as exc:
            problem = exc
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if seconds > 0:
                raise KibanaUnavailable(f"{problem}; waited {seconds:g} s") from None
            raise problem
        progress(f"waiting for Kibana at {base_url}: {problem} ({remaining:.0f} s left)")
        time.sleep(min(interval, remaining))


# ----------------------------------------------------------------------------- index
def prepare_index(es_url: str, alias: str = DASHBOARD_ALIAS) -> str:
    """Put the index template and create the alias's first index if needed; a line saying what was done."""
    from indexer.store.client import connect  # the Elasticsearch client, only for this command
    from indexer.store.mapping import prepare_target

    es = connect(es_url)
    try:
        target = prepare_target(es, alias)
    finally:
        es.close()
    if target.previous:
        return f"index {target.index} ready; alias {alias} still points at {target.previous} (next `xxgk index` moves it)"
    return f"index {target.index} {'created' if target.created else 'already present'}, alias {alias}"


# ----------------------------------------------------------------------------- output
