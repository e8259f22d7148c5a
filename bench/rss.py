"""Peak memory of a process and its descendants (PSS, and the largest RSS), sampled from /proc."""

from __future__ import annotations

import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            out += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return out


def _proc_kib(path: str, field: str) -> int:
    """A 'Field:  N kB' line of a /proc file (0 when the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kib(pid: int) -> int:
    return _proc_kib(f"/proc/{pid}/status", "VmRSS:")


def _pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (forked workers share the parent's) counted once."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:") or _rss_kib(pid)


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """(PSS of the whole process tree, RSS of the largest single process), in KiB."""
    pids, stack = [], [pid]
    while stack:
        p = stack.pop()
        pids.append(p)
        stack += _children(p)
    return sum(_pss_kib(p) for p in pids), max((_rss_kib(p) for p in pids), default=0)


class PeakSampler:
    """Samples a process tree's RSS in a background thread until stopped."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every = pid, every
        self.peak_tree = self.peak_single = 0
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            tree, single = tree_memory_kib(self.pid)
            self.samples.append(tree)
            self.peak_tree = max(self.peak_tree, tree)
            self.peak_single = max(self.peak_single, single)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
