"""The `xxgk` command: extract, index, search and inspect government disclosure reports."""

from __future__ import annotations

import typer

from search_cli import es_commands, kibana_cmd
from search_cli.extract_cmd import extract
from search_cli.generate_cmd import generate
from search_cli.index_cmd import index
from search_cli.records_cmd import export, show, stats
from search_cli.search_cmd import facets, search

app = typer.Typer(
    name="xxgk",
    help="Search engine over Chinese government information-disclosure annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _root() -> None:
    """Search engine over Chinese government information-disclosure annual reports."""


app.command()(extract)
app.command()(index)
app.command()(search)
app.command()(facets)
app.command()(show)
app.command()(stats)
app.command()(export)
app.command()(generate)
es_commands.register(app)
kibana_cmd.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
