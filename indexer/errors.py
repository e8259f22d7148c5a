"""The one error hierarchy of xxgk: each error carries the exit code the CLI returns for it.

Exit codes: 1 for a file or document that could not be used (the batch goes on), 2 for a usage
error or a server that cannot be reached or is missing what the command needs.
"""

from __future__ import annotations

from pathlib import Path


class XxgkError(Exception):
    """Base of every expected failure; the CLI prints ``error: <message>`` and exits with ``exit_code``."""

    exit_code = 1


class ReportError(XxgkError):
    """A file that cannot be read as a report; the message names the file and says why."""

    exit_code = 1

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class UsageError(XxgkError):
    """A bad option value; the message says what is valid."""

    exit_code = 2


class EsUnavailable(XxgkError):
    """Elasticsearch cannot be reached, refused the connection, or stopped answering."""

    exit_code = 2


class IndexMissing(XxgkError):
    """The alias or index that a command reads does not exist."""

    exit_code = 2
