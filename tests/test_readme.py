"""The README's examples are run and their output compared, as sqlite-utils checks its docs.

A fenced ``sh`` block right after a ``<!-- docs-test -->`` line holds ``$ command`` lines, each
followed by the output it must print. Commands run in a shell at the repository's root with the
virtualenv's ``xxgk`` first on PATH; those that read Elasticsearch see the five example reports
through ``XXGK_ES_URL`` and ``XXGK_INDEX``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"<!-- docs-test -->\n```sh\n(.*?)```", re.S)
_NEEDS_ES = re.compile(r"\bxxgk (?:search|facets|stats|show|export)\b")


def examples() -> list[tuple[str, str]]:
    """(command, expected output) for every checked command of the README."""
    out: list[tuple[str, str]] = []
    for block in _BLOCK.findall((ROOT / "README.md").read_text("utf-8")):
        command: str | None = None
        expected: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    out.append((command, "\n".join(expected)))
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command is not None:
            out.append((command, "\n".join(expected)))
    return out


def _run(command: str, env: dict[str, str]) -> str:
    path = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=ROOT,
        env=env | {"PATH": path, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines())


def test_readme_has_checked_examples() -> None:
    assert len(examples()) >= 2


@pytest.mark.parametrize(("command", "expected"), [e for e in examples() if not _NEEDS_ES.search(e[0])])
def test_readme_example_without_elasticsearch(command: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    assert _run(command, env) == expected


@pytest.mark.es
@pytest.mark.parametrize(("command", "expected"), [e for e in examples() if _NEEDS_ES.search(e[0])])
def test_readme_example_on_the_examples(command: str, expected: str, es_url: str, seeded: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XXGK_")}
    env |= {"XXGK_ES_URL": es_url, "XXGK_INDEX": seeded}
    assert _run(command, env) == expected
