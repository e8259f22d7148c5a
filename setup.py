"""The optional compiled build: ``XXGK_COMPILE=1`` compiles the extraction path with mypyc.

Everything else about the package is in ``pyproject.toml``; without the variable this file adds
nothing and the build is pure Python. The compiled modules are the per-report work of an indexing
worker (reading a text file's bytes, extraction, segmentation, the document), the same source
checked by mypy; ``tests/test_compiled.py`` builds them and compares their records with the source's.
The gazetteer is left out: it builds its indexes lazily through ``__getattr__``.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import setup

COMPILED_MODULES = [
    *(
        f"indexer/extract/{name}.py"
        for name in (
            "cells", "checks", "columns", "glued", "grids", "narrative", "normalize", "numerals", "offices",
            "problems", "record", "region", "report_meta", "script", "sections", "table_schema", "tables",
        )
    ),
    "indexer/segment/deficits.py",
    "indexer/segment/segmenter.py",
    "indexer/segment/word_store.py",
    "indexer/readers/decode.py",
    "indexer/readers/meta.py",
    "indexer/readers/text.py",
    "indexer/store/document.py",
]  # fmt: skip


def compiled_extensions() -> list[Any]:
    """mypyc's extension modules when the compiled build is asked for, else none."""
    if os.environ.get("XXGK_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # only the compiled build needs mypy installed

    return mypycify(COMPILED_MODULES, opt_level="3")


if __name__ == "__main__":
    setup(ext_modules=compiled_extensions())
