"""Helpers for tests that use the real Elasticsearch node: throw-away aliases and CLI runs."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from elasticsearch import Elasticsearch
from typer.testing import CliRunner

from indexer.store.mapping import available_versions, latest_version
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


@contextlib.contextmanager
def indexed(es: Elasticsearch, es_url: str, folder: Path) -> Iterator[str]:
    """A throw-away alias holding the reports of `folder`, indexed by `xxgk index`; dropped afterwards."""
    alias = new_alias()
    code, _, err = xxgk("index", folder, "--es-url", es_url, "--index", alias)
    assert code == 0, err
    try:
        yield alias
    finally:
        drop(es, alias)


def next_mapping_version(folder: Path, drop_field: str | None = None) -> int:
    """A mappings folder with every shipped version and one more, N+1, a copy of the newest N
    (without ``drop_field`` when given, and another refresh interval); returns N+1."""
    folder.mkdir(parents=True, exist_ok=True)
    newest = latest_version()
    for path in available_versions().values():
        shutil.copy(path, folder / path.name)
    body = json.loads(available_versions()[newest].read_text("utf-8"))
    body["template"]["settings"]["refresh_interval"] = "2s"
    if drop_field:
        body["template"]["mappings"]["properties"].pop(drop_field)
    (folder / f"reports.v{newest + 1}.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    return newest + 1


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


class Refusing:
    """An HTTP front for Elasticsearch that answers 429 (too many requests) to every `_bulk` and
    forwards everything else: a node under back-pressure, for as long as a test needs one."""

    def __init__(self, target_url: str) -> None:
        import http.server
        import urllib.request

        target = target_url.rstrip("/")

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if "_bulk" in self.path:
                    payload = (
                        b'{"error":{"type":"es_rejected_execution_exception","reason":"busy"},"status":429}'
                    )
                    self.send_response(429)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                request = urllib.request.Request(target + self.path, data=body or None, method=self.command)
                for key in ("Content-Type", "Accept"):
                    if self.headers.get(key):
                        request.add_header(key, self.headers[key])
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        status, headers, data = response.status, response.headers, response.read()
                except urllib.error.HTTPError as error:
                    status, headers, data = error.code, error.headers, error.read()
                self.send_response(status)
                for key in ("Content-Type", "X-Elastic-Product"):
                    if headers.get(key):
                        self.send_header(key, headers[key])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.bulk_requests = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
