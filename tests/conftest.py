"""Shared fixtures. ``es_url`` / ``es``: a real Elasticsearch 8 node for tests marked ``es`` (see es_server.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import es_helpers
import es_server
import pytest
from elasticsearch import Elasticsearch

from indexer.store.dev_node import LocalESError


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """URL of a real Elasticsearch node: XXGK_ES_URL, else a Docker container, else the local node."""
    try:
        server = es_server.acquire(progress=lambda msg: print(f"[es] {msg}", file=sys.stderr, flush=True))
    except LocalESError as e:
        pytest.fail(f"no Elasticsearch for the tests (deselect them with -m 'not es'): {e}", pytrace=False)
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture(scope="session")
def es(es_url: str) -> Iterator[Elasticsearch]:
    """An Elasticsearch client for ``es_url``."""
    client = Elasticsearch(es_url, request_timeout=60)
    try:
        yield client
    finally:
        client.close()


@pytest.fixture()
def alias(es: Elasticsearch) -> Iterator[str]:
    """A fresh index alias for one test, removed afterwards (tests never touch users' data)."""
    name = es_helpers.new_alias()
    try:
        yield name
    finally:
        es_helpers.drop(es, name)


@pytest.fixture(scope="module")
def seeded(es: Elasticsearch, es_url: str) -> Iterator[str]:
    """An alias holding the five example reports, shared by the tests of one module."""
    name = es_helpers.new_alias()
    code, _, err = es_helpers.xxgk(
        "index", es_helpers.EXAMPLES, "--es-url", es_url, "--index", name, "-w", "1"
    )
    assert code == 0, err
    try:
        yield name
    finally:
        es_helpers.drop(es, name)
