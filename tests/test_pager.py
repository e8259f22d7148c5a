"""Long output on a terminal goes through the pager; short output, pipes and XXGK_PAGER=cat do not."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from search_cli.pager import paged


def _terminal(height: int = 10) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, height=height, width=60, color_system=None), out


def test_long_output_on_a_terminal_goes_to_the_pager(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paged_file = tmp_path / "paged.txt"
    monkeypatch.setenv("XXGK_PAGER", f"cat > {paged_file}")
    console, out = _terminal()
    with paged(console) as c:
        for i in range(30):
            c.print(f"line {i}")
    assert out.getvalue() == ""
    assert paged_file.read_text().splitlines() == [f"line {i}" for i in range(30)]


def test_short_output_pipes_and_cat_are_not_paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paged_file = tmp_path / "paged.txt"
    monkeypatch.setenv("XXGK_PAGER", f"cat > {paged_file}")
    console, out = _terminal()
    with paged(console) as c:
        c.print("one line")
    assert out.getvalue() == "one line\n" and not paged_file.exists()

    piped = io.StringIO()
    with paged(Console(file=piped, height=5)) as c:  # not a terminal
        for i in range(30):
            c.print(f"line {i}")
    assert len(piped.getvalue().splitlines()) == 30 and not paged_file.exists()

    monkeypatch.setenv("XXGK_PAGER", "cat")
    console, out = _terminal()
    with paged(console) as c:
        for i in range(30):
            c.print(f"line {i}")
    assert len(out.getvalue().splitlines()) == 30
