"""The server's one Elasticsearch reader, opened on first use and dropped when the node goes away."""

from __future__ import annotations

import threading

from indexer.store.reader import Reader
from indexer.store.session import open_index


class Backend:
    """The index a server reads; `client()` opens it (raising EsUnavailable or IndexMissing) until it works."""

    def __init__(self, es_url: str, index: str) -> None:
        self.es_url = es_url
        self.index = index
        self.warnings: list[str] = []
        self._es: Reader | None = None
        self._lock = threading.Lock()

    def client(self) -> Reader:
        with self._lock:
            if self._es is None:
                self._es, self.warnings = open_index(self.es_url, self.index)
            return self._es

    def reset(self) -> None:
        """Forget the client, so that the next request checks the node and the index again."""
        with self._lock:
            es, self._es = self._es, None
        if es is not None:
            es.close()
