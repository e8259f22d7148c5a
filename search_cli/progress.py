"""Progress for long work: a bar with rate and ETA on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class Reporter(Protocol):
    def total(self, n: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class _RateColumn(ProgressColumn):
    """Files per second."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or elapsed < 1.0:  # a rate over less than a second means nothing
            return Text("")
        return Text(f"{task.completed / elapsed:.0f}/s", style="progress.data.speed")


class _Bar:
    def __init__(self, progress: Progress, label: str) -> None:
        self.progress = progress
        self.task = progress.add_task(label, total=None)

    def total(self, n: int) -> None:
        self.progress.update(self.task, total=n)

    def advance(self, n: int = 1) -> None:
        self.progress.advance(self.task, n)


class _Log:
    """Prints "label: done/total (rate/s)" at most every `every` seconds."""

    def __init__(self, console: Console, label: str, every: float = 5.0, min_files: int = 0) -> None:
        self.console, self.label, self.every, self.min_files = console, label, every, min_files
        self.done = 0
        self.n: int | None = None
        self.start = self.last = time.monotonic()

    def total(self, n: int) -> None:
        self.n = n
        if n < self.min_files:
            return
        self.console.print(f"{self.label}: {n} files", highlight=False)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.n is not None and self.n < self.min_files:
            return
        now = time.monotonic()
        if now - self.last >= self.every or (self.n is not None and self.done == self.n):
            self.last = now
            elapsed = now - self.start
            rate = f" ({self.done / elapsed:.0f}/s)" if elapsed >= 1.0 else ""  # no rate over an instant
            self.console.print(f"{self.label}: {self.done}/{self.n}{rate}", highlight=False)


@contextmanager
def reporter(label: str, console: Console | None = None, min_files: int = 0) -> Iterator[Reporter]:
    """A progress reporter on stderr: a live bar when stderr is a terminal, log lines when not.

    Log lines are written only for runs of at least ``min_files`` files.
    """
    console = console or Console(stderr=True, soft_wrap=True)
    if sys.stderr.isatty():
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=False) as progress:
            yield _Bar(progress, label)
    else:
        yield _Log(console, label, min_files=min_files)
