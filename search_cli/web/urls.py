"""The page state held in the URL, and links that change one part of it (a facet value, the page, the sort)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.datastructures import QueryParams

_RESETS_PAGE = {"page"}


class State:
    """The query parameters of a page, in order; every method returns a new query string."""

    def __init__(self, params: QueryParams) -> None:
        self.items: list[tuple[str, str]] = [(k, v) for k, v in params.multi_items() if v.strip()]

    def _encode(self, items: list[tuple[str, str]]) -> str:
        return "?" + urlencode(items) if items else "?"

    def has(self, name: str, value: object) -> bool:
        return (name, str(value)) in self.items

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.items if k == name), None)

    def query(self) -> str:
        """The whole state (for links to a twin: JSON, CSV, figures)."""
        return self._encode(self.items)

    def without_page(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.items if k not in _RESETS_PAGE]

    def toggle(self, name: str, value: object) -> str:
        """Add the value to a repeatable filter, or remove it when it is there (back to page 1)."""
        value = str(value)
        items = self.without_page()
        if (name, value) in items:
            return self._encode([i for i in items if i != (name, value)])
        return self._encode([*items, (name, value)])

    def replace(self, name: str, value: object | None) -> str:
        """Set a single-valued parameter (None removes it); a change of filter goes back to page 1."""
        items = self.items if name == "page" else self.without_page()
        kept = [(k, v) for k, v in items if k != name]
        if value is not None and str(value) != "":
            kept.append((name, str(value)))
        return self._encode(kept)

    def toggle_single(self, name: str, value: object) -> str:
        """Select the value of a single-valued filter, or clear it when it is the selected one."""
        return self.replace(name, None if self.has(name, value) else value)
