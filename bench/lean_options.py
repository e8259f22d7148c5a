"""Each mapping option of issue 14 alone: Elasticsearch's load speed and the force-merged size.

    .venv/bin/python bench/lean_options.py [--dump bench/out/lean-dump-10000-v1.ndjson] [--only NAME,...]

Takes the documents a v1 run stored (`bench/lean_bench.py --mapping-version 1 --keep` leaves the
dump), and for each option loads them raw into a fresh index whose mapping is v1 with that one
change (the documents reshaped to fit), as bench/lean_bench.py loads its ceiling: docs/s and the
size after a force-merge to one segment. `highlight` times the search's highlighter on `text` with
and without `index_options: offsets`. Figures only.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lean_bench  # noqa: E402
from lean_bench import OUT, file_lines, load, merged_size  # noqa: E402

from indexer.store.mapping import template_body  # noqa: E402

Doc = dict[str, Any]
Body = dict[str, Any]

#: numbers v2 keeps indexed with doc values (filters, sorts, `xxgk stats`, Kibana); the other cells are _source only
KEY_NUMBERS = (
    "year",
    "source.",
    "proactive.",
    "narrative.",
    "indicators.",
    "applications.",
    "review.",
    "litigation.",
)


def _numbers(props: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in props.items():
        if "properties" in value:
            yield from _numbers(value["properties"], f"{prefix}{key}.")
        elif value.get("type") in ("integer", "long", "double"):
            yield f"{prefix}{key}", value


def _key_number(path: str) -> bool:
    if path.startswith(("table3.", "table4.")):
        return path.endswith(".total")
    return path == "year" or path.startswith(KEY_NUMBERS)


def cells_source_only(body: Body) -> None:
    for path, field in _numbers(body["mappings"]["properties"]):
        if not _key_number(path):
            field.update({"index": False, "doc_values": False})


def _seg_sections(doc: Doc) -> Doc:
    """The per-section segmented texts with the preamble (text_seg = preamble + the sections)."""
    sections = dict(doc.get("sections_seg") or {})
    rest = "\n".join(sections.values())
    whole = doc.get("text_seg") or ""
    preamble = whole[: len(whole) - len(rest) - 1] if rest and whole.endswith(rest) else ""
    return {"preamble": preamble, **sections} if preamble else sections


def problems_section_only(body: Body) -> None:
    sections = body["mappings"]["properties"]["sections_seg"]
    sections["properties"] = {"problems": sections["properties"]["problems"]}


def sections_only(body: Body) -> None:
    props = body["mappings"]["properties"]
    del props["text_seg"]
    props["sections_seg"]["properties"]["preamble"] = {"type": "text", "analyzer": "whitespace"}


def sections_only_doc(doc: Doc) -> None:
    doc["sections_seg"] = _seg_sections(doc)
    doc.pop("text_seg", None)


def drop(field: str) -> tuple[Callable[[Body], None], Callable[[Doc], None]]:
    return (lambda b: b["mappings"]["properties"].pop(field, None), lambda d: d.pop(field, None))


def same(_: Any) -> None:
    return None


OPTIONS: dict[str, tuple[Callable[[Body], None], Callable[[Doc], None]]] = {
    "v1": (same, same),
    "sections_problems_only": (
        problems_section_only,
        lambda d: d.update(
            sections_seg={k: v for k, v in d.get("sections_seg", {}).items() if k == "problems"}
        ),
    ),
    "sections_only_no_text_seg": (sections_only, sections_only_doc),
    "text_seg_only": drop("sections_seg"),
    "no_title_seg": drop("title_seg"),
    "text_offsets": (lambda b: b["mappings"]["properties"]["text"].update(index_options="offsets"), same),
    "text_seg_no_norms": (lambda b: b["mappings"]["properties"]["text_seg"].update(norms=False), same),
    "cells_source_only": (cells_source_only, same),
    "best_compression": (lambda b: b["settings"].update({"index.codec": "best_compression"}), same),
    "seg_not_in_source": (
        lambda b: b["mappings"].update(
            _source={"excludes": ["text_seg", "sections_seg", "title_seg", "problems_seg"]}
        ),
        same,
    ),
    "bulk_2mb": (same, same),
    "bulk_32mb": (same, same),
    "refresh_off": (same, same),
}
BULK_BYTES = {"bulk_2mb": 2 * 2**20, "bulk_32mb": 32 * 2**20}


def reshaped(dump: Path, change: Callable[[Doc], None]) -> Iterator[str]:
    with dump.open(encoding="utf-8") as lines:
        for action in lines:
            doc = json.loads(next(lines))
            change(doc)
            yield action
            yield json.dumps(doc, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dump", type=Path, default=OUT / "lean-dump-10000-v1.ndjson")
    parser.add_argument("--only", default=",".join([*OPTIONS, "v1"]))  # v1 again: the noise
    parser.add_argument("--es-url", default=os.environ.get("XXGK_ES_URL", "http://127.0.0.1:9200"))
    args = parser.parse_args()
    es = Elasticsearch(args.es_url, request_timeout=600)
    count = sum(1 for _ in args.dump.open(encoding="utf-8")) // 2
    base = template_body("xxgk-lean-option", 1)["template"]
    for name in args.only.split(","):
        change_body, change_doc = OPTIONS[name]
        body = copy.deepcopy(base)
        change_body(body)
        index = f"xxgk-lean-option-{name.replace('_', '-')}"
        settings = {k: v for k, v in body["settings"].items()}
        lean_bench.LOAD_SETTINGS = {"refresh_interval": "-1" if name == "refresh_off" else "30s"}
        prepared = OUT / "lean-option.ndjson"  # reshaped before the clock starts: the load alone is timed
        with prepared.open("w", encoding="utf-8") as out:
            out.writelines(reshaped(args.dump, change_doc))
        seconds = load(
            es, index, settings, body["mappings"], file_lines(prepared), BULK_BYTES.get(name, 8 * 2**20)
        )
        prepared.unlink()
        size = merged_size(es, index)
        extra = ""
        if name in ("v1", "text_offsets"):
            p50, p95 = lean_bench.search_latency(es, index, facets=False)
            extra = f"  search+highlight p50 {p50:.1f} ms p95 {p95:.1f} ms"
        print(f"{name:<28} {count / seconds:>6.0f} docs/s  {size / 1e6:>7.1f} MB{extra}", flush=True)
        es.indices.delete(index=index)


if __name__ == "__main__":
    main()
