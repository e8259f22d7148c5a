"""The page state held in the URL, and links that change one part of it (a facet value, the page, the sort)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from search_cli.web.params import LIST_FILTERS

_RESETS_PAGE = {"page"}
#: the parameters that search, figures and the CSV share: the query and the filters
SHARED = ("q", *LIST_FILTERS, "year", "failed_check", "failed_checks")


class State:
    """The query parameters of a page, in order; every method returns a new query string."""

    def __init__(self, params: QueryParams | list[tuple[str, str]]) -> None:
        items = params.multi_items() if isinstance(params, QueryParams) else params
        self.items: list[tuple[str, str]] = [(k, v) for k, v in items if v.strip()]

    def _encode(self, items: list[tuple[str, str]]) -> str:
        return "?" + urlencode(items) if items else "?"

    def has(self, name: str, value: object) -> bool:
        return (name, str(value)) in self.items

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.items if k == name), None)

    def query(self) -> str:
        """The whole state (for links to a twin: JSON, CSV, figures)."""
        return self._encode(self.items)

    def only_shared(self) -> State:
        """The query and the filters without the page's own parameters (sort, page, by, metric…)."""
        return State([(k, v) for k, v in self.items if k in SHARED])

    def shared(self) -> str:
        """The query string of :meth:`only_shared` (for links between search, figures and CSV)."""
        return self.only_shared().query()

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


def page_numbers(total: int, page: int, limit: int, last_allowed: int) -> list[int | None]:
    """The pages to link: the first, the last and two either side of the current one (None: a gap)."""
    last = max(1, min(-(-total // limit), last_allowed))
    wanted = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    out: list[int | None] = []
    for number in wanted:
        if out and out[-1] is not None and number - out[-1] > 1:
            out.append(None)
        out.append(number)
    return out
