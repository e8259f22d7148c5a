"""Finding report files: folders walked for every supported extension, nothing skipped silently."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePath


@dataclass
class FileList:
    """The report files to read, what was passed over (by extension) and paths that could not be walked.

    The files are plain strings: 100,000 `Path` objects take 44 MB, their strings a fifth of it.
    """

    files: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def skipped_line(self) -> str | None:
        """``skipped 3 files: 2 .jpg, 1 .zip`` or None when nothing was skipped."""
        total = sum(self.skipped.values())
        if not total:
            return None
        kinds = ", ".join(f"{n} {ext}" for ext, n in self.skipped.most_common())
        return f"skipped {total} file{'s' if total != 1 else ''} of other types: {kinds}"


def display(path: str | Path) -> str:
    """A path as text that can always be printed (undecodable bytes of a file name escaped)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def find_reports(paths: list[str] | list[Path], suffixes: frozenset[str]) -> FileList:
    """Expand files and folders (recursively, hidden entries excluded) into report files.

    A file named on the command line is kept whatever its extension, so that its reader (or the
    reason there is none) is reported. Unreadable folders and symbolic-link loops are listed as
    errors, never dropped without a word.
    """
    out = FileList()
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        try:
            is_dir = p.is_dir()
        except OSError as exc:
            out.errors.append((display(p), f"cannot be read: {exc.strerror or exc}"))
            continue
        if not is_dir:
            if (named := os.fspath(p)) not in seen:
                seen.add(named)
                out.files.append(named)
            continue
        for child in _walk(os.fspath(p), out):
            suffix = PurePath(child).suffix.lower()  # as pathlib reads it: "x." has none
            if suffix in suffixes:
                if child not in seen:
                    seen.add(child)
                    out.files.append(child)
            else:
                out.skipped[suffix or "(no extension)"] += 1
    return out


def _walk(root: str, out: FileList) -> list[str]:
    found: list[str] = []

    def on_error(exc: OSError) -> None:
        out.errors.append((display(exc.filename or root), f"folder cannot be read: {exc.strerror or exc}"))

    visited: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError as exc:
            on_error(exc)
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:
            out.errors.append((display(folder), "symbolic-link loop: folder already walked"))
            dirs[:] = []
            continue
        visited.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            child = os.path.join(folder, name)
            if os.path.isfile(child):
                found.append(child)
            elif not os.path.exists(child):
                out.errors.append((display(child), "broken symbolic link"))
    return found
