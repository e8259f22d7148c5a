"""Helpers for tests that use the real Elasticsearch node: throw-away aliases and CLI runs."""

from __future__ import annotations

import contextlib
import socket
import threading
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from elasticsearch import Elasticsearch
from typer.testing import CliRunner

from search_cli.app import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "reports"


def new_alias() -> str:
    return f"xxgk-test-{uuid.uuid4().hex[:10]}"


def drop(es: Elasticsearch, alias: str) -> None:
    """Remove every index and template of a test alias."""
    names = list(es.indices.get(index=f"{alias}-v*"))
    if names:
        es.indices.delete(index=",".join(names))
    templates = es.options(ignore_status=404).indices.get_index_template(name=f"{alias}-v*")
    for template in templates.get("index_templates", []):
        es.indices.delete_index_template(name=template["name"])


def xxgk(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


class Proxy:
    """A TCP forwarder to Elasticsearch that a test can cut, to play an ES that goes away mid-run."""

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 9200)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        for s in (src, dst):
            s.close()

    def cut(self) -> None:
        """Refuse new connections and drop the open ones."""
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        self.server.close()
        for s in self.sockets:
            s.close()
