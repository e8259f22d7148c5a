"""Help without Python types: Typer shows `<list[str]>`, `<int range>`, `<bool>`; users read TEXT..., N, nothing."""

from __future__ import annotations

from typing import Any

_PLAIN_TYPES = {
    "bool": "",
    "int": "N",
    "int range": "N",
    "float": "NUMBER",
    "float range": "NUMBER",
    "str": "TEXT",
    "path": "PATH",
    "file": "PATH",
    "directory": "DIR",
}


def plain_metavars(command: Any) -> None:
    """Give every parameter of ``command`` (and its subcommands) a metavar without Python types."""
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)
    for param in command.params:
        plain_metavar(param)
    make_help_option = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option


def plain_metavar(param: Any) -> None:
    """Set one parameter's metavar (an argument's shown type) to its plain form."""
    if not hasattr(param, "display_type"):
        return
    if param.param_type_name == "argument":  # Typer shows an argument's type, not its metavar
        plain = _plain_type(str(param.display_type(None) or ""))
        param.display_type_rich = lambda ctx: plain
    elif param.metavar is None:  # a repeatable option says so in its help
        param.metavar = _plain_type(str(param.display_type(None) or "")).removesuffix("...")


def _plain_type(shown: str) -> str:
    """<list[str]> → TEXT..., <int range> → N, <bool> → nothing; choices keep their <a|b>."""
    label = shown.strip("<>")
    repeated = label.startswith("list[") and label.endswith("]")
    inner = label[5:-1] if repeated else label
    plain = _PLAIN_TYPES.get(inner.lower(), f"<{inner}>")
    return plain + "..." if repeated and plain else plain
