"""Where Elasticsearch is and how to say it cannot be used: the URL's checks, its redaction, the
index name's rules and the one-line "not reachable" errors. Imports no client: the read path
(:mod:`indexer.store.reader`) and the official client (:mod:`indexer.store.client`) share it.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from indexer.errors import EsUnavailable, UsageError

DEFAULT_URL = "http://127.0.0.1:9200"
START_HINT = "start one with `xxgk es start` (no Docker needed) or `docker compose up -d elasticsearch`"


def redact(url: str) -> str:
    """The URL without the password it may carry (``http://user:***@host:9200``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def check_url(url: str) -> str:
    """The URL when it names an http(s) server with a valid port; a UsageError saying what is wrong."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"--es-url {redact(url)!r}: {exc} (a port is a number from 1 to 65535)") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--es-url {redact(url)!r} is not a server address; give one like http://127.0.0.1:9200"
        )
    if port == 0:
        raise UsageError(f"--es-url {redact(url)!r}: port 0 is not a port (1 to 65535)")
    return url


_BAD_INDEX_CHARS = set('\\/*?"<>| ,#:')


def check_index_name(name: str) -> str:
    """An index or alias name Elasticsearch accepts; a UsageError saying why not otherwise."""
    if not name or name in (".", "..") or name[0] in "_-+" or name != name.lower():
        raise UsageError(f"--index {name!r}: an index name is lower case and does not start with _, - or +")
    if bad := sorted(set(name) & _BAD_INDEX_CHARS):
        raise UsageError(f"--index {name!r}: an index name cannot contain {' '.join(bad)!r}")
    if len(name.encode("utf-8", "replace")) > 200:
        raise UsageError(f"--index {name!r}: an index name is at most 200 bytes")
    return name


def unavailable(url: str, exc: Exception) -> EsUnavailable:
    """The error for a server that did not answer ``GET /`` (``exc``: the client's exception)."""
    if getattr(getattr(exc, "meta", None), "status", None) == 401:
        return EsUnavailable(
            f"Elasticsearch at {redact(url)} refused the credentials (HTTP 401); set XXGK_ES_API_KEY, "
            "or XXGK_ES_USER and XXGK_ES_PASSWORD"
        )
    return EsUnavailable(f"Elasticsearch is not reachable at {redact(url)} ({_reason(exc)}); {START_HINT}")


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "Name or service not known" in text or "NameResolutionError" in text:
        return "unknown host"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    status = getattr(getattr(exc, "meta", None), "status", None)
    if status is not None:
        return f"HTTP {status}: {getattr(exc, 'message', text)}"
    return type(exc).__name__
