"""Field accuracy of `xxgk extract` on real reports with hand-made truth, per field and per format.

    .venv/bin/python bench/real/measure.py tests/fixtures/real                        # the four shared reports
    .venv/bin/python bench/real/measure.py bench/realdev --split dev --skip-null      # cut pages: development set
    .venv/bin/python bench/real/measure.py bench/realdev --split holdout --skip-null  # … measured once
    .venv/bin/python bench/real/measure.py bench/realdev2 --skip-null                # cut pages: second held-out set
    .venv/bin/python bench/real/measure.py bench/realfull                             # 20 whole real pages
    .venv/bin/python bench/real/measure.py bench/realfull --as pdf                    # … printed to PDF first

``--as pdf`` or ``--as docx`` measures each file after LibreOffice has converted it (a web page
printed to PDF or saved as Word, a text file typeset), so the PDF and Word readers meet real
reports' wording, tables and layout noise; the truth is the same. ``--as scan`` prints to PDF, then
keeps only images of its pages (200 dpi, grey, as a scanner gives them), so the text comes from OCR
(tesseract with chi_sim; slow: seconds a page).

A folder holds the files (or a ``files/`` folder of them) and ``truth.json`` (a list) or
``truth.jsonl``. A null in the truth is scored (the extractor must return null too) unless
``--skip-null`` is given, for sets of cut pages where null means "not visible". A file stored
gzipped (``001.html.gz``, for large pages) is read as the file without ``.gz``. ``-v`` prints
every miss. The labelled problem statements of a truth record (``problems``) are counted apart
from the fields: found when one extracted statement holds most of the label's character pairs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from indexer.errors import ReportError
from indexer.extract.record import extract_file

FIELDS = (
    "title", "org", "level", "government_level", "province", "prefecture", "county", "township",
    "year", "publish_date", "template", "proactive_total",
)  # fmt: skip
T3 = ("new_received", "carried_over", "granted", "partially_granted", "outcome_total", "carried_forward")
T4 = ("review_total", "litigation_direct_total", "litigation_after_review_total")


def load_truth(folder: Path) -> list[dict[str, Any]]:
    if (folder / "truth.json").exists():
        return list(json.loads((folder / "truth.json").read_text("utf-8")))
    lines = (folder / "truth.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _squeeze(value: Any) -> Any:
    return re.sub(r"\s+", "", value) if isinstance(value, str) else value


def actual_values(record: dict[str, Any]) -> dict[str, Any]:
    region = record["region"]
    out = {
        "title": record["title"],
        "org": record["org"],
        "org_canonical": record.get("org_canonical"),
        "level": record["level"],
        "government_level": record.get("government_level"),
        "year": record["year"],
        "publish_date": record["publish_date"],
        "template": record["template"],
        "proactive_total": record["proactive"].get("total"),
        **{level: region.get(level) for level in ("province", "prefecture", "county", "township")},
    }
    for row in T3:
        out[f"t3.{row}"] = record["table3"][row]["total"]
    groups = {"review_total": "review", "litigation_direct_total": "litigation_direct"}
    groups["litigation_after_review_total"] = "litigation_after_review"
    for key, group in groups.items():
        out[f"t4.{key}"] = record["table4"][group]["total"]
    return out


def expected_values(truth: dict[str, Any]) -> dict[str, Any]:
    out = {key: truth.get(key) for key in FIELDS if key != "government_level"}
    out["government_level"] = truth.get("dept_of_level") or truth.get("level")
    for row in T3:
        out[f"t3.{row}"] = (truth.get("table3_total_column") or {}).get(row)
    for key in T4:
        out[f"t4.{key}"] = (truth.get("table4") or {}).get(key)
    return out


def matches(field: str, expected: Any, actual: dict[str, Any]) -> bool:
    if field == "org":  # as written, or its canonical full name (which may name more of the region path)
        canonical = _squeeze(actual["org_canonical"]) or ""
        return _squeeze(expected) == _squeeze(actual["org"]) or canonical.endswith(_squeeze(expected))
    return bool(_squeeze(expected) == _squeeze(actual[field]))


def _bigrams(text: str) -> set[str]:
    han = re.sub(r"[^\u4e00-\u9fff0-9]", "", text)
    return {han[i : i + 2] for i in range(len(han) - 1)}


def statement_found(label: str, problems: list[str]) -> bool:
    """Whether an extracted problem statement holds a labelled one: most (60 %) of the label's
    character pairs in one statement (a reader's label may shorten or reword the report's text)."""
    wanted = _bigrams(label)
    return any(len(wanted & _bigrams(text)) >= 0.6 * len(wanted) for text in problems) if wanted else True


def _stored(folder: Path, name: str) -> Path:
    """Where a truth record's file is: in the folder or its ``files/``, as it is or gzipped."""
    for candidate in (folder / name, folder / "files" / name):
        for path in (candidate, candidate.with_name(candidate.name + ".gz")):
            if path.exists():
                return path
    return folder / name  # missing: extraction reports it


def _extract(path: Path) -> dict[str, Any]:
    """The record of a file; a gzipped one is read as the file it holds (its name without .gz)."""
    if path.suffix != ".gz":
        return extract_file(path)
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / path.stem
        plain.write_bytes(gzip.decompress(path.read_bytes()))
        return extract_file(plain)


_EXPORT = {  # LibreOffice's output filters: a web page opens in Writer/Web, other files in Writer
    ("pdf", True): "pdf:writer_web_pdf_Export",
    ("pdf", False): "pdf:writer_pdf_Export",
    ("docx", True): "docx:MS Word 2007 XML",
    ("docx", False): "docx:MS Word 2007 XML",
}


def _scanned(pdf: Path) -> Path:
    """An image-only copy of a PDF: each page rendered at 200 dpi in grey."""
    import pypdfium2 as pdfium  # the PDF reader's own library

    document = pdfium.PdfDocument(pdf)
    images = [page.render(scale=200 / 72, grayscale=True).to_pil() for page in document]
    document.close()
    target = pdf.with_name(pdf.stem + ".scan.pdf")
    images[0].save(target, save_all=True, append_images=images[1:], resolution=200)
    return target


def _converted(path: Path, fmt: str, folder: Path) -> Path:
    """``path`` converted to ``fmt`` by LibreOffice in ``folder`` (a gzipped file unpacked first);
    ``scan``: to PDF, then to images of its pages."""
    if fmt == "scan":
        return _scanned(_converted(path, "pdf", folder))
    source = folder / (path.stem if path.suffix == ".gz" else path.name)
    source.write_bytes(gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes())
    web = source.suffix in {".html", ".htm"}
    command = ["soffice", "--headless", "--convert-to", _EXPORT[fmt, web], "--outdir", str(folder)]
    if source.suffix in {".txt", ".md"}:
        command.insert(2, "--infilter=Text (encoded):UTF8,LF,,,")
    subprocess.run([*command, str(source)], capture_output=True, timeout=300, check=False)
    target = source.with_suffix("." + fmt)
    if not target.exists():
        raise ReportError(str(path), f"LibreOffice did not convert it to {fmt}")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    parser.add_argument("--split", help="only the truth records of this split (dev, holdout)")
    parser.add_argument(
        "--skip-null", action="store_true", help="do not score fields that are null in the truth"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument(
        "--as", dest="as_format", choices=("pdf", "docx", "scan"), help="convert each file first"
    )
    args = parser.parse_args()
    if args.as_format and shutil.which("soffice") is None:
        parser.error("--as needs LibreOffice (soffice) on the PATH")
    if args.as_format == "scan":
        if shutil.which("tesseract") is None:
            parser.error("--as scan needs tesseract (and its chi_sim model) on the PATH")
        os.environ["XXGK_OCR"] = "1"  # the PDF reader OCRs a scan only when asked
    work = Path(tempfile.mkdtemp(prefix="xxgk-measure-"))
    skip_null = args.skip_null
    truths = [t for t in load_truth(args.folder) if not args.split or t.get("split") == args.split]
    right: dict[str, int] = defaultdict(int)
    scored: dict[str, int] = defaultdict(int)
    by_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failed = 0
    statements = [0, 0]  # labelled problem statements found, labelled
    for truth in truths:
        path = _stored(args.folder, truth["file"])
        try:
            if args.as_format:
                path = _converted(path, args.as_format, work)
            record = _extract(path)
            actual = actual_values(record)
        except ReportError as exc:
            failed += 1
            print(f"{truth['file']}: FAILED {exc.reason}")
            continue
        for field, expected in expected_values(truth).items():
            if expected is None and skip_null:
                continue
            ok = matches(field, expected, actual)
            scored[field] += 1
            right[field] += ok
            fmt = args.as_format or truth.get("format", path.suffix.lstrip("."))
            by_format[fmt][0] += ok
            by_format[fmt][1] += 1
            if not ok and args.verbose:
                print(f"{truth['file']}: {field}: expected {expected!r}, got {actual[field]!r}")
        extracted = [str(problem["text"]) for problem in record["problems"]]
        for label in truth.get("problems") or []:
            found = statement_found(label, extracted)
            statements[0] += found
            statements[1] += 1
            if not found and args.verbose:
                print(f"{truth['file']}: problem statement not found: {label}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(truths)} reports, {failed} unreadable")
    for field in scored:
        print(f"  {field:<32} {right[field]:>3}/{scored[field]:<3} {right[field] / scored[field]:6.0%}")
    total_right, total = sum(right.values()), sum(scored.values())
    for fmt, (ok, n) in sorted(by_format.items()):
        print(f"  format {fmt:<25} {ok:>3}/{n:<3} {ok / n:6.0%}")
    print(
        f"  all fields                       {total_right:>3}/{total:<3} {total_right / max(total, 1):6.0%}"
    )
    if statements[1]:
        print(f"  problem statements found         {statements[0]:>3}/{statements[1]:<3} (not in the fields)")


if __name__ == "__main__":
    main()
