"""Damaged files in every format: reading and extraction either give a record or a ReportError that
names the file; nothing else escapes.

Hypothesis cuts, overwrites, inserts and truncates bytes of a real PDF, a real web page and
generated text, HTML and Word reports (a damaged page of a PDF and a bad header inside a .docx
archive were found this way and fixed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.errors import ReportError
from indexer.extract.record import extract_document
from indexer.readers import read_document
from indexer.store.document import build_document
from report_generator import generate

REAL = Path(__file__).parent / "fixtures" / "real"


def _sources() -> dict[str, tuple[str, bytes]]:
    sources = {
        "real pdf": (".pdf", (REAL / "002.pdf").read_bytes()),
        "real html": (".html", (REAL / "006.html").read_bytes()),
    }
    for item in generate(3, 1, formats=("text", "html", "docx")):
        sources[f"generated {item.truth['format']}"] = (Path(item.path_name).suffix, item.data())
    return sources


SOURCES = _sources()

# (where, as a fraction of the file; how: cut, overwrite, insert or truncate; the bytes or length)
_EDIT = st.tuples(
    st.floats(0, 1, exclude_max=True),
    st.sampled_from(["cut", "overwrite", "insert", "truncate"]),
    st.binary(min_size=1, max_size=64),
    st.integers(1, 4000),
)


def _damaged(data: bytes, edits: list[tuple[float, str, bytes, int]]) -> bytes:
    out = bytearray(data)
    for where, how, payload, length in edits:
        at = int(where * len(out))
        if how == "cut":
            del out[at : at + length]
        elif how == "overwrite":
            out[at : at + len(payload)] = payload
        elif how == "insert":
            out[at:at] = payload
        else:
            del out[at + 1 :]
    return bytes(out)


@pytest.mark.parametrize("source", sorted(SOURCES))
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_EDIT, min_size=1, max_size=4))
def test_a_damaged_file_gives_a_record_or_a_clear_error(
    source: str, edits: list[tuple[float, str, bytes, int]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    suffix, data = SOURCES[source]
    path = tmp_path_factory.mktemp("damaged") / f"report{suffix}"
    path.write_bytes(_damaged(data, edits))
    try:
        report = read_document(path)
        build_document(report, extract_document(report))
    except ReportError as error:
        assert str(path) in str(error)
