"""Connecting to Elasticsearch: one place for the URL, credentials, time-outs and the 'not reachable' error."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.serializer import OrjsonSerializer

from indexer.errors import EsUnavailable
from indexer.settings import setting

DEFAULT_URL = "http://127.0.0.1:9200"
DEFAULT_ALIAS = "xxgk-reports"
START_HINT = "start one with `xxgk es start` (no Docker needed) or `docker compose up -d elasticsearch`"


def make_client(url: str = DEFAULT_URL, *, timeout: float = 30.0, retries: int = 3) -> Elasticsearch:
    """A client for `url`, with credentials from XXGK_ES_API_KEY or XXGK_ES_USER/XXGK_ES_PASSWORD."""
    kwargs: dict[str, object] = {
        "request_timeout": timeout,
        "max_retries": retries,
        "retry_on_timeout": True,
    }
    if api_key := setting("es_api_key"):
        kwargs["api_key"] = api_key
    elif user := setting("es_user"):
        kwargs["basic_auth"] = (user, setting("es_password") or "")
    if ca := setting("es_ca_certs"):
        kwargs["ca_certs"] = ca
    kwargs["serializer"] = OrjsonSerializer()  # bulk bodies are most of the main process's work
    return Elasticsearch(url, **kwargs)  # type: ignore[arg-type]


def connect(url: str = DEFAULT_URL, *, timeout: float = 30.0) -> Elasticsearch:
    """A client that has answered `GET /`; raises EsUnavailable within seconds when it cannot."""
    probe = make_client(url, timeout=3.0, retries=0)
    try:
        probe.info()
    except (TransportError, ApiError) as exc:
        raise EsUnavailable(
            f"Elasticsearch is not reachable at {url} ({_reason(exc)}); {START_HINT}"
        ) from exc
    finally:
        probe.close()
    return make_client(url, timeout=timeout)


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    if isinstance(exc, ApiError):
        return f"HTTP {exc.meta.status}: {exc.message}"
    return type(exc).__name__
