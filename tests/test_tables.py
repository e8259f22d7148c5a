"""Table parsing on constructed layouts: tabs, one cell per line, markdown, spaces, both templates."""

from __future__ import annotations

from indexer.extract.cells import Kind, cells_of, make_cell
from indexer.extract.normalize import clean
from indexer.extract.table_schema import TABLE3_COLUMNS
from indexer.extract.tables import parse_tables


def tables_of(text: str):
    return parse_tables(cells_of(clean(text).split("\n")))


T2_2021_TABS = """二、主动公开政府信息情况
第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t3
行政规范性文件\t2\t1\t14
第二十条第（五）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政许可\t1,204\t\t
第二十条第（六）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政处罚\t35\t\t
行政强制\t0\t\t
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t12.5\t\t
"""

T3_2021_ROWS = [
    ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("（一）予以公开", [2, 1, 0, 0, 0, 0, 3]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
    ("1.属于国家秘密", [0] * 7),
    ("2.其他法律行政法规禁止公开", [0] * 7),
    ("3.危及“三安全一稳定”", [0] * 7),
    ("4.保护第三方合法权益", [0] * 7),
    ("5.属于三类内部事务信息", [0] * 7),
    ("6.属于四类过程性信息", [0] * 7),
    ("7.属于行政执法案卷", [0] * 7),
    ("8.属于行政查询事项", [0] * 7),
    ("1.本机关不掌握相关政府信息", [1, 0, 0, 0, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", [0] * 7),
    ("3.补正后申请内容仍不明确", [0] * 7),
    ("1.信访举报投诉类申请", [0] * 7),
    ("2.重复申请", [0] * 7),
    ("3.要求提供公开出版物", [0] * 7),
    ("4.无正当理由大量反复申请", [0] * 7),
    ("5.要求行政机关确认或重新出具已获取信息", [0] * 7),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [1, 0, 0, 0, 0, 0, 1]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0] * 7),
    ("3.其他", [0] * 7),
    ("（七）总计", [5, 1, 0, 0, 0, 0, 6]),
    ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]
T4_VALUES = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
T3_HEADER = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
T4_HEADER = [
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
]
T4_HEADER += ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2


def _tabs_t3_t4(rows: list[tuple[str, list[int]]] = T3_2021_ROWS) -> str:
    lines = ["三、收到和处理政府信息公开申请情况", "\t".join(T3_HEADER)]
    lines.append("\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计")
    for label, values in rows:
        if label.startswith("1.申请人"):
            lines.append("\t（六）其他处理")
        lines.append("\t".join([label, *map(str, values)]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "\t".join(T4_HEADER), "\t".join(map(str, T4_VALUES))]
    return "\n".join(lines) + "\n五、存在的主要问题及改进情况\n无。\n"


def _with_labels(labels: dict[str, str], values: list[int]) -> list[tuple[str, list[int]]]:
    """T3_2021_ROWS with some labels replaced (official → as printed), those rows holding ``values``."""
    return [(labels[label], values) if label in labels else (label, v) for label, v in T3_2021_ROWS]


def test_a_misspelt_row_label_is_read_by_its_place() -> None:
    # a county's real 2023 and 2024 reports print "2.其他法律行政止公开" (tests/fixtures/real/002.pdf)
    rows = _with_labels({"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"}, [1, 0, 0, 0, 0, 0, 1])
    t = tables_of(_tabs_t3_t4(rows))
    assert t.table3["withheld_prohibited_by_law"] == dict(
        zip(TABLE3_COLUMNS, [1, 0, 0, 0, 0, 0, 1], strict=True)
    )
    assert any("2.其他法律行政止公开" in w and "by its place" in w for w in t.warnings)
    assert t.table3["withheld_three_safeties"]["total"] == 0  # the rows after it are unchanged


def test_a_row_is_not_read_by_place_when_its_place_is_unclear() -> None:
    other_number = _with_labels({"2.其他法律行政法规禁止公开": "5.其他法律行政止公开"}, [1, 0, 0, 0, 0, 0, 1])
    two_missed = _with_labels(
        {"2.其他法律行政法规禁止公开": "2.其他法律止公开", "3.危及“三安全一稳定”": "3.危及稳定"},
        [1, 0, 0, 0, 0, 0, 1],
    )
    for rows in (other_number, two_missed):
        t = tables_of(_tabs_t3_t4(rows))
        assert t.table3["withheld_prohibited_by_law"]["total"] is None
        assert not any("by its place" in w for w in t.warnings)


def _one_cell_per_line(rows: list[list[str]]) -> str:
    out = []
    for row in rows:
        out.extend("\t" + cell for cell in row)
        out.append("")
    return "\n".join(out)


def test_2021_template_detected_and_table2_columns() -> None:
    t = tables_of(T2_2021_TABS + _tabs_t3_t4())
    assert t.template == "2021"
    assert t.table2["regulations"] == {"issued": 0, "repealed": 0, "in_force": 3}
    assert t.table2["normative_documents"] == {"issued": 2, "repealed": 1, "in_force": 14}
    assert t.table2["licensing"] == {"decisions": 1204}
    assert t.table2["penalty"] == {"decisions": 35}
    assert t.table2["fees"] == {"amount_wan_yuan": 12.5}


def test_2021_table3_subrows_and_table4() -> None:
    t = tables_of(T2_2021_TABS + _tabs_t3_t4())
    for label, values in T3_2021_ROWS:
        key = next(k for k in t.table3 if t.table3[k] == dict(zip(TABLE3_COLUMNS, values, strict=True)))
        assert key, label
    assert t.table3["other_overdue_correction"]["total"] == 1
    assert t.table3["other_processing"]["total"] is None  # a group heading in 2021
    assert t.table3["outcome_total"]["natural_person"] == 5
    assert [t.table4[g][r] for g in t.table4 for r in t.table4[g]] == T4_VALUES


def test_one_cell_per_line_layout_with_blank_cell_and_wrapped_label() -> None:
    rows = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["一、本年新收政府信息公开申请数量", "3", "0", "", "0", "0", "0", "3"],
        ["（四）无法提供", "1.本机关不掌握相关政府信息", "2", "0", "0", "0", "0", "0", "2"],
    ]
    text = _one_cell_per_line(rows) + "\t3.补正后申请内容仍\n不明确\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n"
    t = tables_of(text)
    assert t.table3["new_received"] == dict(zip(TABLE3_COLUMNS, [3, 0, None, 0, 0, 0, 3], strict=True))
    assert t.table3["unavailable_not_held"]["total"] == 2
    assert t.table3["unavailable_unclear"]["total"] == 0
    assert t.table3["granted"]["total"] is None  # absent row: null, never 0


def test_markdown_pipes_and_fullwidth_digits() -> None:
    text = (
        "| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
        "| 规章 | ０ | ０ | ０ |\n| 规范性文件 | １２ | １０ | ４５ |\n"
    )
    t = tables_of(text)
    assert t.template == "2019"
    assert t.table2["normative_documents"] == {"issued": 12, "published": 10, "total_published": 45}


def test_one_cell_per_line_closed_by_a_bar() -> None:
    # a page's table turned into text one cell per line, each cell closed by the column's bar
    lines = ["第二十条第(一)项 | |||", "信息内容 |", "本年制发件数 |", "本年废止件数 |", "现行有效件数 |"]
    lines += ["规章 |", "0 |", "0 |", "0 |", "行政规范性文件 |", "5 |", "1 |", "12 |"]
    t = tables_of("\n".join(lines))
    assert t.table2["normative_documents"] == {"issued": 5, "repealed": 1, "in_force": 12}


def test_space_separated_rows_from_pdf() -> None:
    text = (
        "信息内容 上一年项目数量 本年增/减 处理决定数量\n行政许可 12 -2 30\n"
        "信息内容 采购项目数量 采购总金额\n政府集中采购 254 3862.673422 万元\n"
    )
    t = tables_of(text)
    assert t.table2["licensing"] == {"prev_year_items": 12, "change": -2, "decisions": 30}
    assert t.table2["procurement"] == {"items": 254, "amount_wan_yuan": 3862.673422}


def test_vertical_header_fragments_do_not_shift_values() -> None:
    text = "申请人情况\n理 结 果\t\t3. 危及“三安全一稳定”\t0\t1\t0\t0\t0\t0\t1\n\t\t4. 保护第三方合法权益\t0\t0\t0\t0\t0\t0\t0\n"
    t = tables_of(text)
    assert t.table3["withheld_three_safeties"]["commercial_enterprise"] == 1
    assert t.table3["withheld_third_party"]["total"] == 0


def test_cell_values() -> None:
    assert make_cell("[bookmark: _GoBack]+1", 0).kind is Kind.TEXT  # raw; clean() removes the artefact
    assert make_cell(clean("[bookmark: _GoBack]+1"), 0).value == 1
    assert make_cell("998.435698万元", 0).value == 998.435698
    assert make_cell("１,２０４", 0).value == 1204  # full-width digits are digits
    assert make_cell(clean("１,２０４"), 0).value == 1204
    assert make_cell("", 0).kind is Kind.BLANK
    assert make_cell("—", 0).kind is Kind.BLANK
    assert make_cell("\u00a00", 0).value == 0


def test_no_tables_at_all() -> None:
    t = tables_of("一、总体情况\n本年度工作正常开展。\n")
    assert t.template is None
    assert t.found == {"table2": False, "table3": False, "table4": False}
    assert all(v is None for row in t.table3.values() for v in row.values())
