"""Property tests: the same statistics tables, laid out differently, give the same numbers.

Hypothesis draws the values of tables 二, 三 and 四 (both templates), some cells blank, and how
each cell is written (full-width digits, a leading full-width space, a thousands separator, a
[bookmark] prefix, 万元 after an amount).  Each table is then written as converted reports write
them -- tab-separated rows, one cell per line, markdown pipes, space-separated PDF rows -- inside a
minimal report, and the extractor must return exactly the drawn numbers, None for blank cells.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.extract.record import extract_text
from indexer.extract.table_schema import (
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

Grid = list[list[str | None]]  # None: a merged cell, not written; "": an empty cell
Number = int | float | None

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
_T2_BLOCKS = {
    "2019": (
        ("（一）", ("regulations", "normative_documents")),
        ("（五）", ("licensing", "other_services")),
        ("（六）", ("penalty", "coercion")),
        ("（八）", ("fees",)),
        ("（九）", ("procurement",)),
    ),
    "2021": (
        ("（一）", ("regulations", "normative_documents")),
        ("（五）", ("licensing",)),
        ("（六）", ("penalty", "coercion")),
        ("（八）", ("fees",)),
    ),
}
_T3_GROUPS = {
    "withheld_state_secret": "（三）不予公开",
    "unavailable_not_held": "（四）无法提供",
    "not_processed_petition": "（五）不予处理",
    "other_overdue_correction": "（六）其他处理",
}
_FULLWIDTH = str.maketrans("0123456789.+-", "０１２３４５６７８９．＋－")


@dataclass(frozen=True)
class Style:
    """How one value cell is written."""

    fullwidth: bool = False
    lead_space: bool = False
    bookmark: bool = False
    separator: bool = False  # 1,234
    unit: bool = False  # 万元 after an amount
    plus: bool = True  # +3 for a positive change


styles = st.builds(
    Style,
    fullwidth=st.booleans(),
    lead_space=st.booleans(),
    bookmark=st.integers(0, 9).map(lambda k: k == 0),
    separator=st.booleans(),
    unit=st.booleans(),
    plus=st.booleans(),
)


def _text(value: Number, style: Style, money: bool = False, signed: bool = False) -> str:
    if value is None:
        return ""
    if money:
        text = f"{value:.6f}".rstrip("0").rstrip(".") if value else "0"
        text += "万元" if style.unit and value else ""
    elif signed and value > 0 and style.plus:
        text = f"+{value}"
    elif style.separator and value >= 1000:
        text = f"{value:,}"
    else:
        text = str(value)
    if style.fullwidth:
        text = text.translate(_FULLWIDTH)
    if style.lead_space:
        text = "\u3000" + text
    if style.bookmark:
        text = "[bookmark: _GoBack]" + text
    return text


# ---------------------------------------------------------------------------------------- values


def _t2_shape(template: str) -> dict[str, tuple[str, ...]]:
    return {
        key: cols for _, keys in _T2_BLOCKS[template] for key in keys for cols in [_t2_cols(key, template)]
    }


def _t2_cols(key: str, template: str) -> tuple[str, ...]:
    return next(row.columns[template] for row in TABLE2_ROWS if row.key == key)


def _t3_keys(template: str) -> list[str]:
    skip = {"other_processing"} if template == "2021" else set(OTHER_PROCESSING_SUBROWS)
    return [row.key for row in TABLE3_ROWS if row.key not in skip]


counts = st.one_of(st.integers(0, 30), st.integers(0, 30), st.integers(31, 99_999))
amounts = st.one_of(st.just(0.0), st.integers(1, 10**10).map(lambda k: round(k / 10**6, 6)))
changes = st.integers(-9, 9)


@st.composite
def tables(
    draw: st.DrawFn,
    blank_rate: float,
    trailing_blanks_only: bool,
    templates: tuple[str, ...] = ("2019", "2021"),
) -> dict[str, Any]:
    """Drawn values of the three tables (None = a blank cell) and the styles of the cells."""
    template = draw(st.sampled_from(templates))

    def maybe_blank(values: list[Number]) -> list[Number]:
        if blank_rate == 0:
            return values
        if trailing_blanks_only:  # the last one or two cells of some rows
            blanks = (
                min(len(values), draw(st.integers(1, 2))) if draw(st.floats(0, 1)) < blank_rate * 3 else 0
            )
            return values[: len(values) - blanks] + [None] * blanks
        return [None if draw(st.floats(0, 1)) < blank_rate else v for v in values]

    t2: dict[str, dict[str, Number]] = {}
    for key, cols in _t2_shape(template).items():
        values: list[Number] = [
            draw(amounts) if c == "amount_wan_yuan" else draw(changes) if c == "change" else draw(counts)
            for c in cols
        ]
        t2[key] = dict(zip(cols, maybe_blank(values), strict=True))
    t3 = {key: dict(zip(TABLE3_COLUMNS, maybe_blank([draw(counts) for _ in TABLE3_COLUMNS]), strict=True))
          for key in _t3_keys(template)}  # fmt: skip
    t4_values = maybe_blank([draw(counts) for _ in range(len(TABLE4_GROUPS) * len(TABLE4_RESULTS))])
    t4 = {
        group: {res: t4_values[g * len(TABLE4_RESULTS) + r] for r, res in enumerate(TABLE4_RESULTS)}
        for g, group in enumerate(TABLE4_GROUPS)
    }
    style_list = draw(st.lists(styles, min_size=1, max_size=5))
    return {"template": template, "table2": t2, "table3": t3, "table4": t4, "styles": style_list}


# ---------------------------------------------------------------------------------------- grids


def _styler(styles_: list[Style]) -> Any:
    state = {"n": 0}

    def style() -> Style:
        state["n"] += 1
        return styles_[state["n"] % len(styles_)]

    return style


def grids(tab: dict[str, Any]) -> dict[str, Grid]:
    """The official tables as grids of cell texts."""
    template = tab["template"]
    style = _styler(tab["styles"])
    g2: Grid = []
    for part, keys in _T2_BLOCKS[template]:
        cols = _t2_cols(keys[0], template)
        g2.append([f"第二十条第{part}项", *[None] * len(cols)])
        g2.append(["信息内容", *(_T2_HEADS[template][c] for c in cols)])
        for key in keys:
            title = next(row.title for row in TABLE2_ROWS if row.key == key)
            if template == "2021" and key == "normative_documents":
                title = "行政规范性文件"
            values = tab["table2"][key]
            g2.append(
                [title]
                + [
                    _text(values[c], style(), money=c == "amount_wan_yuan", signed=c == "change")
                    for c in cols
                ]
            )
    g3: Grid = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"],
        ["", None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
        ["", None, None, "", *(TABLE3_COLUMN_TITLES[c] for c in TABLE3_COLUMNS[1:6]), ""],
    ]
    titles = {row.key: row.title for row in TABLE3_ROWS}
    for key, values in tab["table3"].items():
        cells = [_text(values[c], style()) for c in TABLE3_COLUMNS]
        if key in ("new_received", "carried_over", "carried_forward"):
            g3.append([titles[key], None, None, *cells])
        elif key in ("granted", "partially_granted", "other_processing", "outcome_total"):
            g3.append(["三、本年度办理结果" if key == "granted" else "", titles[key], None, *cells])
        else:
            g3.append(["", _T3_GROUPS.get(key, ""), titles[key], *cells])
    results = [TABLE4_RESULT_TITLES[r] for r in TABLE4_RESULTS]
    direct, after = TABLE4_GROUP_TITLES["litigation_direct"], TABLE4_GROUP_TITLES["litigation_after_review"]
    g4: Grid = [
        ["行政复议", None, None, None, None, "行政诉讼"],
        [*results, direct, None, None, None, None, after],
        ["", "", "", "", "", *results, *results],
        [_text(tab["table4"][g][r], style()) for g in TABLE4_GROUPS for r in TABLE4_RESULTS],
    ]
    return {"2": g2, "3": g3, "4": g4}


def render(grid: Grid, layout: str) -> str:
    """A grid as converted reports write it."""
    rows = [[c for c in row if c is not None] for row in grid]
    if layout == "tabs":
        return "\n".join("\t".join(row) for row in rows)
    if layout == "cells":
        return "\n\n".join("\n".join("\t" + c for c in row) for row in rows)
    if layout == "markdown":
        width = max(len(row) for row in rows)
        lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
        return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])
    return "\n".join(" ".join(c for c in row if c) for row in rows)  # spaces (PDF-like)


def report(tab: dict[str, Any], layouts: dict[str, str]) -> str:
    g = grids(tab)
    return "\n".join(
        [
            "莱阳市团旺镇2022年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度政务公开工作稳步推进。",
            "二、主动公开政府信息情况",
            render(g["2"], layouts["2"]),
            "",
            "三、收到和处理政府信息公开申请情况",
            render(g["3"], layouts["3"]),
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
            render(g["4"], layouts["4"]),
            "",
            "五、存在的主要问题及改进情况",
            "一是公开内容不够全面。下一步，我镇将加强业务培训。",
            "六、其他需要报告的事项",
            "无。",
        ]
    )


def extracted(text: str) -> dict[str, Any]:
    record = extract_text(text, "x.txt")
    t2 = {
        key: {c: record["table2"][key].get(c) for c in cols}
        for key, cols in _t2_shape(record["template"] or "2019").items()
    }
    return {
        "template": record["template"],
        "table2": t2,
        "table3": record["table3"],
        "table4": record["table4"],
    }


def expected(tab: dict[str, Any]) -> dict[str, Any]:
    t3 = {row.key: dict.fromkeys(TABLE3_COLUMNS) for row in TABLE3_ROWS}
    t3.update({k: dict(v) for k, v in tab["table3"].items()})
    return {"template": tab["template"], "table2": tab["table2"], "table3": t3, "table4": tab["table4"]}


_SETTINGS = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@_SETTINGS
@given(tables(blank_rate=0.1, trailing_blanks_only=False), st.permutations(["tabs", "cells", "markdown"]))
def test_tabs_cells_and_markdown_agree_with_blank_cells_anywhere(
    tab: dict[str, Any], order: list[str]
) -> None:
    want = expected(tab)
    for layout in order:
        assert extracted(report(tab, dict.fromkeys("234", layout))) == want, layout


@_SETTINGS
@given(
    tables(blank_rate=0.1, trailing_blanks_only=False),
    st.fixed_dictionaries({t: st.sampled_from(["tabs", "cells", "markdown"]) for t in "234"}),
)
def test_mixed_layouts_in_one_report(tab: dict[str, Any], layouts: dict[str, str]) -> None:
    assert extracted(report(tab, layouts)) == expected(tab)


@_SETTINGS
@given(tables(blank_rate=0.1, trailing_blanks_only=True))
def test_pdf_like_rows_agree(tab: dict[str, Any]) -> None:
    """Space-separated rows lose empty cells, so here blank cells only end rows."""
    assert extracted(report(tab, dict.fromkeys("234", "spaces"))) == expected(tab)


@_SETTINGS
@given(tables(blank_rate=0.0, trailing_blanks_only=True), st.data())
def test_pdf_like_rows_with_dash_placeholders(tab: dict[str, Any], data: st.DataObject) -> None:
    """A blank cell inside a PDF-like row written as '—', as many PDFs have it."""
    tab = {**tab, "styles": [replace(style, bookmark=False) for style in tab["styles"]]}  # one token a cell
    key = data.draw(st.sampled_from(_t3_keys(tab["template"])))
    col = data.draw(st.sampled_from(TABLE3_COLUMNS[1:-1]))
    tab["table3"][key][col] = None
    lines = report(tab, {"2": "spaces", "3": "spaces", "4": "tabs"}).split("\n")
    row_title = next(row.title for row in TABLE3_ROWS if row.key == key)
    k = next(i for i, line in enumerate(lines) if row_title in line)
    tokens = lines[k].split(" ")
    tokens.insert(len(tokens) - (len(TABLE3_COLUMNS) - 1) + TABLE3_COLUMNS.index(col), "—")
    lines[k] = " ".join(tokens)
    assert extracted("\n".join(lines)) == expected(tab)
