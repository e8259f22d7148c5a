"""Long output on a terminal goes through a pager, as `git` and `gh` do.

The pager is ``$XXGK_PAGER``, else ``$PAGER``, else ``less`` (with ``LESS=FRX`` unless set: colours
kept, no paging when the output fits on the screen). ``XXGK_PAGER=cat`` turns it off. Output that
is not a terminal (a pipe, a file) is never paged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from indexer.settings import setting


def pager_command() -> str | None:
    """The pager to run, or None when paging is off or no pager is installed."""
    command = setting("pager") or os.environ.get("PAGER", "").strip() or "less"
    if command == "cat":
        return None
    return command if shutil.which(command.split()[0]) else None


@contextmanager
def paged(console: Console) -> Iterator[Console]:
    """Render into ``console``; on a terminal, show what was rendered through the pager when it is longer than the screen."""
    command = pager_command() if console.is_terminal else None
    if command is None:
        yield console
        return
    with console.capture() as captured:
        yield console
    text = captured.get()
    if text.count("\n") < console.height:
        console.file.write(text)
        return
    env = {"LESS": "FRX", **os.environ}
    try:
        subprocess.run(command, shell=True, input=text, text=True, env=env, check=False)
    except OSError:  # the pager could not be started: print as if there were none
        console.file.write(text)
