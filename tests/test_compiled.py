"""The compiled build (``XXGK_COMPILE=1``, see ``setup.py``) gives the same documents as the source.

The extraction path is compiled with mypyc into a copy of the package; the same reports (generated
in every layout, and the real fixtures in every format) are then read, extracted and turned into
index documents by the compiled copy and by the source, each in its own interpreter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from report_generator import generate

ROOT = Path(__file__).resolve().parents[1]

_DUMP_DOCUMENTS = """
import json, sys
from pathlib import Path
import indexer.extract.tables
from indexer.extract.record import extract_document
from indexer.readers import read_document
from indexer.store.document import build_document

print(json.dumps({"tables_module": indexer.extract.tables.__file__}))
for path in sorted(Path(sys.argv[1]).iterdir()):
    report = read_document(path)
    document = build_document(report, extract_document(report))
    document.pop("indexed_at", None)
    print(json.dumps({"file": path.name, "document": document}, ensure_ascii=False, sort_keys=True, default=str))
"""


@pytest.fixture(scope="module")
def compiled_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package whose extraction modules are mypyc extensions."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if shutil.which(compiler) is None or not headers.exists():
        pytest.skip(f"the compiled build needs a C compiler ({compiler}) and Python's headers ({headers})")
    build = tmp_path_factory.mktemp("compiled")
    shutil.copytree(ROOT / "indexer", build / "indexer", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.py", "pyproject.toml"):  # pyproject.toml holds the mypy settings mypyc uses
        shutil.copy(ROOT / name, build / name)
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=build,
        env={**os.environ, "XXGK_COMPILE": "1"},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return build


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated reports in every layout and format, and the real fixtures, in one folder."""
    folder = tmp_path_factory.mktemp("reports")
    for item in generate(11, 120):
        (folder / item.path_name.replace("/", "_")).write_bytes(item.data())
    for path in [*(ROOT / "tests/fixtures/real").iterdir(), *(ROOT / "examples/reports").iterdir()]:
        if path.suffix in {".txt", ".md", ".html", ".pdf"} and path.name != "README.md":
            shutil.copy(path, folder / f"real_{path.name}")
    return folder


def _documents(reports: Path, package_root: Path) -> tuple[str, list[str]]:
    """The module file the interpreter used for the tables, and one JSON line per report."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package_root), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", _DUMP_DOCUMENTS, str(reports)],
        cwd=package_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    first, *lines = done.stdout.splitlines()
    return json.loads(first)["tables_module"], lines


def test_the_compiled_build_gives_the_same_documents(compiled_copy: Path, reports: Path) -> None:
    compiled_module, compiled = _documents(reports, compiled_copy)
    source_module, source = _documents(reports, ROOT)
    assert compiled_module.endswith(".so") and compiled_module.startswith(str(compiled_copy))
    assert source_module == str(ROOT / "indexer/extract/tables.py")
    assert len(source) == len(list(reports.iterdir())) > 120
    different = [a[:200] for a, b in zip(source, compiled, strict=True) if a != b]
    assert not different
