"""From a read document to one structured record (the output of ``xxgk extract``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from indexer.errors import ReportError
from indexer.extract import EXTRACTOR_VERSION
from indexer.extract.cells import cells_of
from indexer.extract.checks import run_checks
from indexer.extract.gazetteer import LEVELS
from indexer.extract.glued import break_body_lines, unglue_tables
from indexer.extract.grids import parse_text
from indexer.extract.narrative import extract_narrative, new_applications_in_prose
from indexer.extract.normalize import clean
from indexer.extract.offices import government_of
from indexer.extract.problems import extract_problems
from indexer.extract.region import Region, government_level, resolve_region
from indexer.extract.report_meta import find_org, find_publish_date, find_title, find_year, head_lines
from indexer.extract.sections import SECTION_KEYS, find_sections, section_text
from indexer.extract.tables import parse_tables, template_from_words
from indexer.readers import Document, file_id, read_document
from indexer.readers.text import text_document

_GOVERNMENT_SUFFIX = {
    "township": "人民政府",
    "county": "人民政府",
    "prefecture": "人民政府",
    "province": "人民政府",
}


def _ratio(part: Any, whole: Any) -> float | None:
    if part is None or not whole:
        return None
    return round(part / whole, 4)


def indicators(t3: dict[str, dict[str, Any]], t4: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """The shares analysts compute (予以公开率 etc.), None where a cell is missing or the base is 0."""
    total = t3["outcome_total"]["total"]
    withheld = [t3[k]["total"] for k in t3 if k.startswith("withheld_")]
    unavailable = [t3[k]["total"] for k in t3 if k.startswith("unavailable_")]
    not_processed = [t3[k]["total"] for k in t3 if k.startswith("not_processed_")]
    received = t3["new_received"]
    litigation_total = [t4[g]["total"] for g in t4]
    corrected = [t4[g]["corrected"] for g in t4]
    return {
        "grant_rate": _ratio(t3["granted"]["total"], total),
        "partial_rate": _ratio(t3["partially_granted"]["total"], total),
        "withheld_rate": _ratio(None if None in withheld else sum(withheld), total),
        "unavailable_rate": _ratio(None if None in unavailable else sum(unavailable), total),
        "not_held_rate": _ratio(t3["unavailable_not_held"]["total"], total),
        "not_processed_rate": _ratio(None if None in not_processed else sum(not_processed), total),
        "natural_person_share": _ratio(received["natural_person"], received["total"]),
        "correction_rate": _ratio(
            None if None in corrected else sum(corrected),
            None if None in litigation_total else sum(litigation_total),
        ),
    }


def _canonical_org(region: Region, level: str | None, org: str | None) -> str | None:
    """The body's full name: the region path plus what the body is (人民政府, 办事处, 教育局)."""
    org_tail = region.org_tail
    if not region.path:  # a township's name alone stands for its government
        return government_of(org) if org and re.search(r"(?:镇|乡|街道)$", org) else org
    names = "".join(name for level in LEVELS if (name := region.name_at(level)))
    if level == "department":
        return names + full_department_name(org_tail or "")
    if level == "township" and names.endswith("街道"):
        return names + "办事处"
    if level in _GOVERNMENT_SUFFIX:
        return names + _GOVERNMENT_SUFFIX[level]
    return names + (org_tail or "")


def extract_document(doc: Document) -> dict[str, Any]:
    """The structured record of a read report."""
    warnings: list[str] = list(doc.warnings)
    text = unglue_tables(break_body_lines(clean(parse_text(doc))), warnings)
    lines = text.split("\n")
    sections = find_sections(lines)
    missing = [key for key in SECTION_KEYS if key not in sections]
    if len(missing) == len(SECTION_KEYS) and not _looks_like_report(text):
        raise ReportError(
            doc.path, "not an annual disclosure report (no section headings, tables or 年度报告 title)"
        )
    if missing:
        warnings.append("sections not found: " + ", ".join(missing))

    first_section = min((sec.start - 1 for sec in sections.values()), default=None)
    title = find_title(head_lines(lines, first_section), doc.meta.title)
    org, org_source = find_org(title, lines, text)
    publish = _page_date(doc.meta.publish_date or doc.meta.written_date) or find_publish_date(lines, title)
    year = find_year(title, text, publish, warnings)

    table_start = sections["proactive"].start if "proactive" in sections else 0
    table_end = sections["problems"].start - 1 if "problems" in sections else len(lines)
    tables = parse_tables(cells_of(lines, table_start, table_end))
    if tables.template is None:
        tables.template = template_from_words("\n".join(lines[max(table_start - 1, 0) : table_end]))
    warnings.extend(tables.warnings)

    narrative = extract_narrative(text)
    problems = extract_problems(section_text(lines, sections, "problems"))
    region = resolve_region(org, org_source, title, text)
    warnings.extend(region.warnings)
    level, gov_level = government_level(region, org)
    zone = bool(org and _ZONE.search(org))
    if zone and level == "department" and region.org_tail is not None and _ZONE.match(region.org_tail):
        level = gov_level  # the zone's administrative committee governs its territory
    checks = run_checks(tables.table3, tables.table4, narrative.as_dict())
    t3 = tables.table3
    received_source: str | None = "table"
    received = t3["new_received"]["total"]
    prose_new = new_applications_in_prose(text) if received is None else None
    if received is None and prose_new is not None:
        received, received_source = prose_new, "prose"  # new applications only, never with carried-over
    elif received is None:
        received_source = None

    return {
        "id": doc.id or file_id(doc.path),  # a document read from a file carries its id
        "source": {
            "path": doc.path,
            "format": doc.format,
            "sha256": doc.sha256,
            "encoding": doc.encoding,
            "bytes": doc.size,
        },
        "extractor_version": EXTRACTOR_VERSION,
        "title": title,
        "org": org,
        "org_canonical": _zone_org(org) if zone else _canonical_org(region, level, org),
        "zone": zone,
        "level": level,
        "government_level": gov_level,
        "region": region.as_dict(),
        "year": year,
        "publish_date": publish.isoformat() if publish else None,
        "template": tables.template,
        "proactive": narrative.proactive,
        "applications": {
            "received": received,
            "received_source": received_source,
            "carried_over": t3["carried_over"]["total"],
            "processed": t3["outcome_total"]["total"],
            "granted": t3["granted"]["total"],
            "carried_forward": t3["carried_forward"]["total"],
            "in_prose": narrative.applications,
        },
        "review": {
            "total": tables.table4["review"]["total"],
            "corrected": tables.table4["review"]["corrected"],
        },
        "litigation": {
            "total": _add(
                tables.table4["litigation_direct"]["total"], tables.table4["litigation_after_review"]["total"]
            ),
        },
        "table2": tables.table2,
        "table3": t3,
        "table4": tables.table4,
        "tables_found": tables.found,
        "indicators": indicators(t3, tables.table4),
        "narrative": narrative.as_dict(),
        "problems": problems.problems,
        "problem_categories": problems.categories,
        "measures": problems.measures,
        "checks": checks,
        "failed_checks": [c["name"] for c in checks if c["ok"] is False],
        "warnings": warnings,
        "page": asdict(doc.meta),
        "section_lines": {key: sec.start - 1 for key, sec in sections.items()},
        "sections": {"preamble": _preamble(lines, sections)}
        | {key: section_text(lines, sections, key, heading=True) for key in SECTION_KEYS},
    }


_ZONE = re.compile(
    r"(?:经济技术开发区|高新技术产业开发区|开发区|高新区|新区|综合实验区|试验区|实验区|保税区|示范区|合作区|"
    r"管理区|园区)(?:管理委员会|管委会|工作委员会)?$"
)


def _zone_org(org: str | None) -> str | None:
    """A zone's body: its administrative committee (管理委员会)."""
    if org is None or org.endswith(("管理委员会", "工作委员会")):
        return org
    return org.removesuffix("管委会") + "管理委员会"


@cache
def _abbreviations() -> dict[str, str]:
    text = resources.files("indexer.extract").joinpath("data/org_abbreviations.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {short: full for short, full in rows}


def full_department_name(tail: str) -> str:
    """A department's full name for a short one (科委 → 科学技术委员会); the name itself otherwise."""
    return _abbreviations().get(tail, tail)


def _page_date(iso: str | None) -> dt.date | None:
    """A date from the page's metadata (ISO), None when absent or impossible."""
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _preamble(lines: list[str], sections: dict[str, Any]) -> str:
    """The text before the first section (title, introduction); all of it when no section is found."""
    first = min((sec.start for sec in sections.values()), default=len(lines) + 1)
    return "\n".join(lines[: first - 1])


def _add(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a + b


def _looks_like_report(text: str) -> bool:
    head = text[:400]
    return "报告" in head or "政府信息公开" in text[:3000]


def extract_file(path: str | Path) -> dict[str, Any]:
    """Read and extract one report file of any format; raises ReportError for unusable files."""
    return extract_document(read_document(path))


def extract_text(text: str, path: str = "<text>", encoding: str | None = "utf-8") -> dict[str, Any]:
    """The record of a report given as decoded text (tests, benchmarks, the generator's truth)."""
    return extract_document(text_document(text, path, encoding))
