"""The dictionary as an SQLite file, for cutting a short text without loading 380k words.

A query is a few characters long; jieba's DAG for it only ever looks up the substrings of the
query.  So a process that only cuts queries reads those substrings' frequencies from this file
(an indexed lookup, ~1 ms) and gives the engine just them, plus the dictionary's total frequency,
which jieba's route needs (each word scores ``log(freq) - log(total)``).  The tokens are the
ones the full dictionary gives (``tests/test_segment.py`` compares them).

The file sits in the segmenter's cache next to the ``.dict`` it is made from and is rebuilt when
that is (same cache key).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

_FORMAT = "1"
_BATCH = 500  # bound parameters per lookup (SQLite's limit is 999 in old builds)


def write_word_store(path: Path, words: Mapping[str, int], sha256: str) -> None:
    """Write ``words`` (word → frequency) and the dictionary's hash to a new SQLite file at ``path``."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO words VALUES (?, ?)", sorted(words.items()))
        meta = {
            "format": _FORMAT,
            "sha256": sha256,
            "total": str(sum(words.values())),
            "max_len": str(max((len(w) for w in words), default=0)),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.close()


@dataclass(frozen=True)
class WordStore:
    """An open word store: the dictionary's hash and total, and frequencies of given words."""

    db: sqlite3.Connection
    sha256: str
    total: int
    max_len: int

    def frequencies(self, words: Iterable[str]) -> dict[str, int]:
        """The frequency of each of ``words`` that the dictionary holds."""
        wanted = sorted(set(words))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            found.update(self.db.execute(f"SELECT word, freq FROM words WHERE word IN ({marks})", batch))
        return found

    def substrings(self, text: str) -> dict[str, int]:
        """Every dictionary word that occurs in ``text``, with its frequency."""
        return self.frequencies(
            text[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + self.max_len) + 1)
        )


def open_word_store(path: Path) -> WordStore | None:
    """The store at ``path``, or None when it is missing, unreadable or of another format."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        return None
    if meta.get("format") != _FORMAT:
        db.close()
        return None
    return WordStore(db, meta["sha256"], int(meta["total"]), int(meta["max_len"]))
