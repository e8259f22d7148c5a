"""The three tables as grids of cells, with the noise that shows in the cells whatever the format."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from indexer.extract.table_schema import (
    APPLICANT_COLUMNS,
    OTHER_PROCESSING_SUBROWS,
    TABLE2_ROWS,
    TABLE3_COLUMN_TITLES,
    TABLE3_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUP_TITLES,
    TABLE4_GROUPS,
    TABLE4_RESULT_TITLES,
    TABLE4_RESULTS,
)
from report_generator.options import Number
from report_generator.state import ReportState


@dataclass(slots=True)
class Table:
    """A table as rows of cells; a cell is text ('' = empty cell) or None (merged, not emitted).

    ``refs`` runs parallel to ``rows``: for a value cell, (table, row key, column key), else None.
    ``header`` marks rows that only hold headings.
    """

    name: str
    rows: list[list[str | None]] = field(default_factory=list)
    refs: list[list[tuple[str, str, str] | None]] = field(default_factory=list)
    header: list[bool] = field(default_factory=list)
    telling: set[int] = field(default_factory=set)  # rows whose wording tells the template
    hidden: set[tuple[int, int]] = field(default_factory=set)  # (row, cell) blanked or dashed
    cut: bool = False  # rows or cells removed from the end

    def add(
        self,
        cells: list[str | None],
        refs: list[tuple[str, str, str] | None] | None = None,
        head: bool = False,
        telling: bool = False,
    ) -> None:
        if telling:
            self.telling.add(len(self.rows))
        self.rows.append(cells)
        self.refs.append(refs if refs is not None else [None] * len(cells))
        self.header.append(head)


_SMALL = tuple(str(k) for k in range(1000))
_FULLWIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")


_TABLE3_GROUPS = {
    "withheld_state_secret": "（三）不予公开",
    "unavailable_not_held": "（四）无法提供",
    "not_processed_petition": "（五）不予处理",
    "other_overdue_correction": "（六）其他处理",
}
_T2_BLOCKS = {
    "2019": (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("licensing", "other_services")),
        ("第二十条第（六）项", ("penalty", "coercion")),
        ("第二十条第（八）项", ("fees",)),
        ("第二十条第（九）项", ("procurement",)),
    ),
    "2021": (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("licensing",)),
        ("第二十条第（六）项", ("penalty", "coercion")),
        ("第二十条第（八）项", ("fees",)),
    ),
}
_T2_HEADS = {
    "2019": {
        "issued": "本年新制作数量",
        "published": "本年新公开数量",
        "total_published": "对外公开总数量",
        "prev_year_items": "上一年项目数量",
        "change": "本年增/减",
        "decisions": "处理决定数量",
        "items": "采购项目数量",
        "amount_wan_yuan": "采购总金额",
    },
    "2021": {
        "issued": "本年制发件数",
        "repealed": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "amount_wan_yuan": "本年收费金额（单位：万元）",
    },
}
_BLANKS = ("—", "/", "-", "——")
_T3_REFS: dict[str, list[tuple[str, str, str] | None]] = {
    row.key: [None, None, None, *(("table3", row.key, c) for c in TABLE3_COLUMNS)] for row in TABLE3_ROWS
}


@cache
def t3_skeleton(template: str) -> tuple[tuple[str, tuple[str | None, ...], bool], ...]:
    """Table 三 rows of a template without label noise: (row key, label cells, tells the template)."""
    out = []
    for row in TABLE3_ROWS:
        key = row.key
        if (template == "2019" and key in OTHER_PROCESSING_SUBROWS) or (
            template == "2021" and key == "other_processing"
        ):
            continue
        telling = key in ("other_processing", *OTHER_PROCESSING_SUBROWS)
        head: tuple[str | None, ...]
        if key in ("new_received", "carried_over", "carried_forward"):
            head = (row.title, None, None)
        elif key in ("granted", "partially_granted", "other_processing", "outcome_total"):
            head = ("三、本年度办理结果" if key == "granted" else "", row.title, None)
        else:
            head = ("", _TABLE3_GROUPS.get(key, ""), row.title)
        out.append((key, head, telling))
    return tuple(out)


class TablesMixin(ReportState):
    """Builds the tables' grids from their values and blanks or cuts some cells."""

    def _num(self, value: Number, money: bool = False, signed: bool = False) -> str:
        """A value cell's text, with the report's noise."""
        if not self.cell_noise and not money and not signed and value.__class__ is int and 0 <= value < 1000:
            return _SMALL[value]
        r = self.rng
        if value is None:
            return ""
        if money:
            text = f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"
            if value and r.random() < 0.3:
                text += "万元"
        elif signed and value > 0 and r.random() < 0.7:
            text = f"+{value}"
        elif value >= 1000 and r.random() < 0.3:
            text = f"{value:,}"
        else:
            text = str(value)
        noise = self.noise
        if self.cell_noise:
            if "fullwidth_digits" in noise and r.random() < 0.6:
                text = text.translate(_FULLWIDTH)
            if "fullwidth_spaces" in noise and r.random() < 0.3:
                text = r.choice(("\u3000", "\u3000\u3000", " ")) + text
            if "bookmarks" in noise and r.random() < 0.015:
                text = "[bookmark: _GoBack]" + text
        return text

    def _label(self, text: str) -> str:
        """A label with a space inside, as PDF and Word conversions leave them (本年 新制作 数量)."""
        if not self.spacing or len(text) < 5 or self.rng.random() < 0.6:
            return text
        cut = self.rng.randrange(2, len(text) - 1)
        return text[:cut] + " " + text[cut:]

    def _wrap(self, text: str, head: bool = True) -> str:
        """A cell wrapped onto a continuation line (only visible in the one-cell-per-line layout).

        Short headings break anywhere, sometimes with an empty line (商业 / 企业, （三）不予 / 公开);
        a label with a parenthetical note breaks before it (（二）部分公开 / （区分处理的…）); a
        long row label leaves a short tail (2.其他法律行政法 / 规禁止公开).
        """
        r = self.rng
        if len(text) < 4 or r.random() < 0.5:
            return text
        note = text.find("（", 2)
        gap = "\n"
        if note > 0:
            cut = note
        elif head and len(text) <= 8:
            cut = r.randrange(2, len(text) - 1)
            gap = "\n\n" if r.random() < 0.3 else "\n"
        elif not head and len(text) > 10:
            cut = len(text) - r.randrange(2, 6)
        else:
            return text
        return text[:cut] + gap + text[cut:]

    def _wrap_label(self, text: str) -> str:
        return self._wrap(text, head=False)

    # ------------------------------------------------------------------ tables
    def _build_table2(self, t2: dict[str, dict[str, Number]]) -> Table:
        tab = Table("2")
        heads = _T2_HEADS[self.template]
        titles = {row.key: row.title for row in TABLE2_ROWS}
        if self.template == "2021":
            titles["normative_documents"] = "行政规范性文件"
        for block, rows in _T2_BLOCKS[self.template]:
            cols = tuple(t2[rows[0]])
            tab.add([block] + [None] * len(cols), head=True)
            tab.add(
                [self.label("信息内容"), *(self.wrap(self.label(heads[c])) for c in cols)],
                head=True,
                telling=True,
            )
            for key in rows:
                cells: list[str | None] = [self.label(titles[key])]
                refs: list[tuple[str, str, str] | None] = [None]
                for c in cols:
                    cells.append(self._num(t2[key][c], money=c == "amount_wan_yuan", signed=c == "change"))
                    refs.append(("table2", key, c))
                tab.add(cells, refs)
        return tab

    def _build_table3(self, t3: dict[str, dict[str, Number]]) -> Table:
        r = self.rng
        tab = Table("3")
        note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        tab.add([note, None, None, "申请人情况", *[None] * 6], head=True)
        tab.add(["", None, None, "自然人", self.wrap("法人或其他组织"), *[None] * 4, "总计"], head=True)
        orgs = [self.wrap(TABLE3_COLUMN_TITLES[c]) for c in APPLICANT_COLUMNS[1:]]
        tab.add(["", None, None, "", *orgs, ""], head=True)
        vertical = "vertical_headers" in self.noise
        fragments: list[str] = []
        if vertical:  # 三、本年度办理结果 written down the first column
            word = "本年度办理结果"
            cuts = sorted(r.sample(range(1, len(word)), r.randrange(1, 4)))
            fragments = [word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)]
            if r.random() < 0.5:
                fragments = [" ".join(f) for f in fragments]
        split_groups = vertical and r.random() < 0.5  # （三）不予 / 公开 over two rows
        if not (vertical or self.wrapping or self.spacing):  # the common case: fixed labels
            for key, head, telling in t3_skeleton(self.template):
                values = t3[key]
                if self.cell_noise:
                    cells_v = [self._num(values[c]) for c in TABLE3_COLUMNS]
                else:
                    cells_v = [_SMALL[v] if 0 <= v < 1000 else self._num(v) for v in values.values()]  # type: ignore[operator,index]
                tab.add([*head, *cells_v], _T3_REFS[key], telling=telling)
            return tab
        carry = ""  # the second half of a split group label, for the next row
        outcome_row = 0
        for row in TABLE3_ROWS:
            key = row.key
            if (self.template == "2019" and key in OTHER_PROCESSING_SUBROWS) or (
                self.template == "2021" and key == "other_processing"
            ):
                continue
            values = t3[key]
            if self.cell_noise:
                cells_v = [self._num(values[c]) for c in TABLE3_COLUMNS]
            else:
                cells_v = [_SMALL[v] if 0 <= v < 1000 else self._num(v) for v in values.values()]  # type: ignore[operator,index]
            refs = _T3_REFS[key]
            telling = key in ("other_processing", *OTHER_PROCESSING_SUBROWS)
            if key in ("new_received", "carried_over", "carried_forward"):
                tab.add([self.label(row.title), None, None, *cells_v], refs)
                continue
            if key == "granted":
                first = "三、" if vertical else "三、本年度办理结果"
            else:
                first = fragments[outcome_row - 1] if 1 <= outcome_row <= len(fragments) else ""
            outcome_row += 1
            if key in ("granted", "partially_granted", "other_processing", "outcome_total"):
                tab.add(
                    [first, self.wrap_label(self.label(row.title)), None, *cells_v], refs, telling=telling
                )
                continue
            group = _TABLE3_GROUPS.get(key, "")
            if group and split_groups:
                group, carry = group[:5], group[5:]
            elif carry:
                group, carry = carry, ""
            tab.add(
                [first, self.wrap(group), self.wrap_label(self.label(row.title)), *cells_v],
                refs,
                telling=telling,
            )
        return tab

    def _build_table4(self, t4: dict[str, dict[str, Number]]) -> Table:
        tab = Table("4")
        results = [TABLE4_RESULT_TITLES[k] for k in TABLE4_RESULTS]
        tab.add(["行政复议", None, None, None, None, "行政诉讼", *[None] * 9], head=True)
        direct, after = (
            TABLE4_GROUP_TITLES["litigation_direct"],
            TABLE4_GROUP_TITLES["litigation_after_review"],
        )
        heads: list[str | None] = [self.wrap(x) for x in results]
        tab.add([*heads, direct, None, None, None, None, after, None, None, None, None], head=True)
        tab.add(["", "", "", "", "", *results, *results], head=True)
        cells: list[str | None] = []
        refs: list[tuple[str, str, str] | None] = []
        for group in TABLE4_GROUPS:
            for res in TABLE4_RESULTS:
                cells.append(self._num(t4[group][res]))
                refs.append(("table4", group, res))
        tab.add(cells, refs)
        return tab

    def _blank_some(self, tab: Table) -> None:
        """Blank or dash some value cells.

        Space-separated rows lose empty cells, so there an empty cell only ends a row; a dash
        ("—", "/") may stand anywhere.
        """
        r = self.rng
        dash, blank = "dash_blanks" in self.noise, "blank_cells" in self.noise
        if not (dash or blank):
            return
        spaces = self.table_layouts[tab.name] == "spaces"
        for n, (cells, refs) in enumerate(zip(tab.rows, tab.refs, strict=True)):
            positions = [k for k, ref in enumerate(refs) if ref is not None]
            if not positions:
                continue
            if spaces and blank and r.random() < 0.15:
                for k in positions[-r.randrange(1, 3) :]:
                    cells[k] = ""
                    tab.hidden.add((n, k))
            for k in positions:
                if (n, k) in tab.hidden or r.random() >= 0.06:
                    continue
                if dash and (spaces or not blank or r.random() < 0.5):
                    cells[k] = r.choice(_BLANKS)
                elif not spaces:
                    cells[k] = ""
                else:
                    continue
                tab.hidden.add((n, k))

    def _truncate(self, tab: Table) -> None:
        """Cut the table after a data row, perhaps keeping the label and first cells of the next."""
        r = self.rng
        data = [k for k, head in enumerate(tab.header) if not head]
        keep = r.choice(data[1:]) if len(data) > 1 else data[0]
        partial = r.random() < 0.4
        end = keep + 1 if partial else keep
        tab.cut = True
        del tab.rows[end:], tab.refs[end:], tab.header[end:]
        if partial:
            refs = tab.refs[-1]
            positions = [k for k, ref in enumerate(refs) if ref is not None]
            cut = positions[r.randrange(0, len(positions))]
            if cut == 0:  # nothing of the row is left
                del tab.rows[-1], tab.refs[-1], tab.header[-1]
            else:
                tab.rows[-1] = tab.rows[-1][:cut]
                tab.refs[-1] = refs[:cut]
