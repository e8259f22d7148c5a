"""Where the tests find a real Elasticsearch 8 node (a helper module, not a test file).

In this order:
1. ``XXGK_ES_URL`` when set (an existing node, e.g. ``docker compose up -d elasticsearch``);
2. a testcontainers ``ElasticSearchContainer`` when a Docker engine answers;
3. the Docker-free local node of ``indexer.store.dev_node`` (built from Maven Central jars), reused if one is
   already answering on its port.

Whatever this module started is stopped by :meth:`EsServer.close`; a node it found running is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from indexer.store import dev_node as local_es

ES_VERSION = local_es.ES_VERSION
ES_IMAGE = f"docker.elastic.co/elasticsearch/elasticsearch:{ES_VERSION}"


@dataclass
class EsServer:
    """An Elasticsearch URL and how it was obtained ("env", "docker" or "local")."""

    url: str
    source: str
    started: bool = False
    _stop: Callable[[], object] | None = field(default=None, repr=False)

    def close(self) -> None:
        """Stop the node or container if this module started it."""
        stop, self._stop = self._stop, None
        if stop is not None:
            stop()


def docker_available(timeout: float = 3.0) -> bool:
    """True when the docker SDK is installed and a Docker engine answers a ping within ``timeout``."""
    try:
        import docker
    except ImportError:
        return False
    try:
        client = docker.from_env(timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no socket, permission denied, engine not running, ...
        return False


def _container_class() -> type:
    try:
        from testcontainers.community.elasticsearch import ElasticSearchContainer
    except ImportError:  # testcontainers < 4.13
        from testcontainers.elasticsearch import ElasticSearchContainer
    return ElasticSearchContainer


def _start_container() -> EsServer:
    container = _container_class()(ES_IMAGE, mem_limit="2G")
    container.with_env("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
    container.with_env("cluster.routing.allocation.disk.threshold_enabled", "false")
    container.with_env("xpack.security.enabled", "false")
    container.start()
    url = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(container.port)}"
    return EsServer(url, "docker", started=True, _stop=container.stop)


def acquire(progress: local_es.Progress | None = None) -> EsServer:
    """Find or start an Elasticsearch node for the tests; call ``close()`` on the result when done."""
    env_url = os.environ.get("XXGK_ES_URL", "").strip()
    if env_url:
        return EsServer(env_url.rstrip("/"), "env")
    if docker_available():
        return _start_container()
    info = local_es.start(progress=progress)
    return EsServer(info.url, "local", started=info.started, _stop=local_es.stop if info.started else None)


@contextmanager
def elasticsearch_url(progress: local_es.Progress | None = None) -> Iterator[str]:
    """Context manager yielding an Elasticsearch URL (see :func:`acquire`)."""
    server = acquire(progress)
    try:
        yield server.url
    finally:
        server.close()
