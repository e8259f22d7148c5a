"""Help without Python types: Typer shows `<list[str]>`, `<int range>`, `<bool>`; users read TEXT..., N, nothing."""

from __future__ import annotations

import copy
from typing import Any

_PLAIN_TYPES = {
    "bool": "",
    "boolean": "",
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
    """Set one parameter's shown type to its plain form.

    Typer (0.26-0.28) shows an option's metavar, else its type's metavar, else ``<type name>``; an
    argument always shows its type's metavar or ``<type name>``, so an argument gets a copy of its
    type that names itself plainly (the type object may be shared by other parameters).
    """
    kind = param.type
    shown = kind.get_metavar(param=param, ctx=None) or f"<{kind.name}>"
    plain = _plain_type(shown)
    if param.param_type_name == "argument":
        plain += "..." if param.nargs != 1 and plain and not plain.endswith("...") else ""
        if getattr(kind, "_xxgk_plain", None) != plain:
            own = copy.copy(kind)
            own.get_metavar = lambda param, ctx: plain
            own._xxgk_plain = plain
            param.type = own
            make_metavar = param.make_metavar  # the usage line names the argument only: {paths}...

            def usage_name(*args: Any, **kwargs: Any) -> str:
                return str(make_metavar(*args, **kwargs)).replace(f":{plain}", "")

            param.make_metavar = usage_name
    elif param.metavar is None and not getattr(param, "is_flag", False):
        param.metavar = plain.removesuffix("...")  # a repeatable option says so in its help


def _plain_type(shown: str) -> str:
    """<list[str]> → TEXT..., <int range> → N, <bool> → nothing; choices keep their <a|b>."""
    label = shown.strip("<>")
    repeated = label.startswith("list[") and label.endswith("]")
    inner = label[5:-1] if repeated else label
    plain = _PLAIN_TYPES.get(inner.lower(), f"<{inner}>")
    return plain + "..." if repeated and plain else plain
