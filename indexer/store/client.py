"""The official Elasticsearch client, for indexing and administration: credentials, time-outs, the probe."""

from __future__ import annotations

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.serializer import OrjsonSerializer

from indexer.settings import setting
from indexer.store.endpoint import DEFAULT_URL, check_url, unavailable


def make_client(url: str = DEFAULT_URL, *, timeout: float = 30.0, retries: int = 3) -> Elasticsearch:
    """A client for `url`, with credentials from XXGK_ES_API_KEY or XXGK_ES_USER/XXGK_ES_PASSWORD."""
    check_url(url)
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
        raise unavailable(url, exc) from exc
    finally:
        probe.close()
    return make_client(url, timeout=timeout)
