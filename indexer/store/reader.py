"""A read-only Elasticsearch client for the commands that only read (search, show, facets, stats,
export, serve).

The official client takes 0.15-0.2 s to import (its async half and every HTTP library it finds),
more than a whole ``xxgk search`` should take; reading needs five kinds of request, which the
standard library's ``http.client`` sends on one kept-alive connection. The methods take the
official client's arguments, and a refused request or a lost connection is raised as the official
client's exception (imported only then), so everything that handles those (the CLI's one-line
errors, the web pages) sees the same types whichever client it was given. Indexing and
administration keep the official client (:mod:`indexer.store.client`).
"""

from __future__ import annotations

import base64
import http.client
import socket
import threading
import time
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import quote, unquote, urlsplit

import orjson

from indexer.settings import setting
from indexer.store.endpoint import DEFAULT_URL, check_url, unavailable

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

#: official keyword → the search body's key
_BODY_KEYS = {"source": "_source", "from_": "from", "source_includes": "_source_includes"}


class Reader:
    """Search, get and point-in-time requests to one Elasticsearch node, over HTTP(S)."""

    def __init__(self, url: str = DEFAULT_URL, *, timeout: float = 30.0) -> None:
        check_url(url)
        parts = urlsplit(url)
        self.url = url
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._headers = {"content-type": "application/json", "accept": "application/json"}
        if authorization := _authorization(parts.username, parts.password):
            self._headers["authorization"] = authorization
        self._local = threading.local()  # one kept-alive connection per thread (the web server has several)
        self.indices = _Indices(self)

    # ---------------------------------------------------------------- the requests read commands make
    def info(self) -> dict[str, Any]:
        return self._json("GET", "/")

    def search(self, *, index: str | None = None, **params: Any) -> dict[str, Any]:
        body = {_BODY_KEYS.get(key, key): value for key, value in params.items() if value is not None}
        path = f"/{quote(index, safe=',*')}/_search" if index else "/_search"
        return self._json("POST", path, body)

    def get(self, *, index: str, id: str) -> dict[str, Any]:  # noqa: A002 - the official client's name
        return self._json("GET", f"/{quote(index, safe='')}/_doc/{quote(id, safe='')}")

    def open_point_in_time(self, *, index: str, keep_alive: str) -> dict[str, Any]:
        return self._json("POST", f"/{quote(index, safe=',*')}/_pit?keep_alive={quote(keep_alive)}")

    def close_point_in_time(self, *, id: str) -> dict[str, Any]:  # noqa: A002
        return self._json("DELETE", "/_pit", {"id": id})

    @property
    def _connection(self) -> http.client.HTTPConnection | None:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        return connection

    def close(self) -> None:
        """Close this thread's connection (a later request opens a new one)."""
        if self._connection is not None:
            self._connection.close()
            self._local.connection = None

    # ---------------------------------------------------------------- HTTP
    def _json(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        status, data, headers, seconds = self._request(method, path, body)
        try:
            decoded: Any = orjson.loads(data) if data else {}
        except orjson.JSONDecodeError:  # a proxy's error page, or something that is not Elasticsearch
            decoded = data.decode("utf-8", "replace")[:300]
        if status >= 400:
            _raise_api_error(status, decoded, headers, seconds, self)
        if not isinstance(decoded, dict):
            _raise_connection_error(ValueError(f"{self._host}:{self._port} answered {decoded!r}, not JSON"))
        return decoded

    def status(self, method: str, path: str) -> int:
        """The status of a request whose answer has no body (HEAD)."""
        return self._request(method, path, None)[0]

    def _request(
        self, method: str, path: str, body: dict[str, Any] | None
    ) -> tuple[int, bytes, dict[str, str], float]:
        """(status, body, headers, seconds); one new connection is tried when a kept-alive one was closed."""
        payload = orjson.dumps(body) if body is not None else None
        for attempt in (1, 2):
            reused = self._connection is not None
            connection = self._connection or self._connect()
            started = time.monotonic()
            try:
                connection.request(method, self._prefix + path, body=payload, headers=self._headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.close()
                if reused and attempt == 1:
                    continue  # the server closed an idle connection: a new one, once
                _raise_connection_error(exc)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                _raise_connection_error(exc)
            if response.getheader("connection", "").lower() == "close":
                self.close()
            headers = {key.lower(): value for key, value in response.getheaders()}
            return response.status, data, headers, time.monotonic() - started
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection
        if self._https:
            import ssl

            context = ssl.create_default_context(cafile=setting("es_ca_certs"))
            connection = http.client.HTTPSConnection(
                self._host, self._port, timeout=self._timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        self._local.connection = connection
        return connection


class _Indices:
    """The ``indices`` namespace of the requests read commands make."""

    def __init__(self, reader: Reader) -> None:
        self._reader = reader

    def exists(self, *, index: str) -> bool:
        status = self._reader.status("HEAD", f"/{quote(index, safe=',*')}")
        if status >= 400 and status != 404:
            _raise_api_error(status, {}, {}, 0.0, self._reader)
        return status == 200

    def get_mapping(self, *, index: str) -> dict[str, Any]:
        return self._reader._json("GET", f"/{quote(index, safe=',*')}/_mapping")


if TYPE_CHECKING:
    #: what the read functions accept: this reader, or the official client (indexing, tests)
    Searcher = Reader | Elasticsearch


def open_reader(url: str = DEFAULT_URL, *, timeout: float = 30.0) -> Reader:
    """A reader whose server has answered ``GET /`` within 3 s; EsUnavailable (one line) otherwise."""
    reader = Reader(url, timeout=3.0)
    try:
        reader.info()
    except Exception as exc:  # the official client's ApiError or TransportError, imported when raised
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        if isinstance(exc, ApiError | TransportError):
            raise unavailable(url, exc) from exc
        raise
    reader._timeout = timeout
    reader.close()
    return reader


def _authorization(url_user: str | None, url_password: str | None) -> str | None:
    """The Authorization header: XXGK_ES_API_KEY, XXGK_ES_USER/PASSWORD, or the URL's user and password."""
    if api_key := setting("es_api_key"):
        return f"ApiKey {api_key}"
    user, password = setting("es_user"), setting("es_password")
    if not user and url_user:
        user, password = unquote(url_user), unquote(url_password or "")
    if not user:
        return None
    return "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")


def _raise_api_error(
    status: int, body: Any, headers: dict[str, str], seconds: float, reader: Reader
) -> NoReturn:
    """Raise what the official client raises for this answer (NotFoundError, BadRequestError …)."""
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch.exceptions import HTTP_EXCEPTIONS, ApiError

    message: Any = str(body)
    if isinstance(body, dict):
        error = body.get("error", message)
        message = error["type"] if isinstance(error, dict) and "type" in error else error
    node = NodeConfig("https" if reader._https else "http", reader._host, reader._port)
    meta = ApiResponseMeta(status, "1.1", HttpHeaders(headers), seconds, node)
    raise HTTP_EXCEPTIONS.get(status, ApiError)(message=str(message), meta=meta, body=body)


def _raise_connection_error(exc: BaseException) -> NoReturn:
    """Raise what the official client raises for a connection that failed or timed out."""
    from elastic_transport import ConnectionError as EsConnectionError
    from elastic_transport import ConnectionTimeout

    if isinstance(exc, socket.timeout | TimeoutError):
        raise ConnectionTimeout(f"Connection timed out: {exc}") from exc
    raise EsConnectionError(f"Connection error caused by: {type(exc).__name__}({exc})") from exc
