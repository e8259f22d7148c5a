"""`xxgk serve`: the search, reports and figures in a browser (a read-only web application)."""

from __future__ import annotations

from typing import Annotated

import typer

from search_cli.options import DEFAULTS, EsUrl, IndexName
from search_cli.session import err

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but 127.0.0.1 exposes the index.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    es_url: EsUrl = DEFAULTS["es_url"],
    index: IndexName = DEFAULTS["index"],
) -> None:
    """Serve a read-only web application on the index: search with facets, reports, figures, JSON and CSV."""
    import uvicorn  # imported here: the other commands need no web server

    from indexer.store.endpoint import redact
    from search_cli.web.app import create_app

    if host not in LOCAL_HOSTS:
        err.print(
            f"[yellow]warning[/yellow]: listening on {host}, not 127.0.0.1: anyone who can reach this "
            f"machine can read the index {index!r} (no login, no TLS)"
        )
    err.print(
        f"xxgk: serving {index} from {redact(es_url)} at http://{_url_host(host)}:{port}/ (Ctrl-C stops)"
    )
    uvicorn.run(create_app(es_url, index), host=host, port=port, log_level="warning")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
