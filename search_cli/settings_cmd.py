"""`xxgk settings`: every setting, its environment variable, default and current value."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from indexer.settings import SETTINGS, setting

_SECRET = ("password", "api_key")


def settings(
    as_json: Annotated[bool, typer.Option("--json", help="As a JSON list.")] = False,
) -> None:
    """List the settings (secrets are shown as ***)."""
    rows = [
        {
            "name": s.name,
            "env": s.env,
            "default": s.default,
            "value": "***" if any(k in s.name for k in _SECRET) and setting(s.name) else setting(s.name),
            "help": s.help,
        }
        for s in SETTINGS
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table()
    for column in ("env", "value", "help"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["env"], str(row["value"] or ""), row["help"])
    Console().print(table)
