"""The official statistics tables, row by row, with stable English keys.

Sources: 国办公开办函〔2019〕60号 (the "2019" template) and 国办公开办函〔2021〕30号
(the "2021" template), as summarised in the project's domain primer. Each row carries the
label fragments that identify it in converted text; fragments are matched against a cell
with all whitespace removed, so "本年 新制作 数量" still matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEMPLATES = ("2019", "2021")


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its key, the pattern that finds its label, and whether it holds numbers."""

    key: str
    label: str  # regex searched in a whitespace-free cell
    templates: tuple[str, ...] = TEMPLATES
    has_values: bool = True
    title: str = ""  # the official wording, for generated reports and docs

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.label)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compile(label: str) -> re.Pattern[str]:
    if label not in _PATTERNS:
        _PATTERNS[label] = re.compile(label)
    return _PATTERNS[label]


# ---------------------------------------------------------------- table 三
TABLE3_COLUMNS: tuple[str, ...] = (
    "natural_person",  # 自然人
    "commercial_enterprise",  # 商业企业
    "research_institution",  # 科研机构
    "social_welfare_org",  # 社会公益组织
    "legal_service_org",  # 法律服务机构
    "other_org",  # 其他
    "total",  # 总计
)
TABLE3_COLUMN_TITLES: dict[str, str] = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
APPLICANT_COLUMNS = TABLE3_COLUMNS[:6]

# Rows in document order. Group headers (has_values=False) only anchor the search.
TABLE3_ROWS: tuple[Row, ...] = (
    Row("new_received", r"本年新收", title="一、本年新收政府信息公开申请数量"),
    Row("carried_over", r"上年结转", title="二、上年结转政府信息公开申请数量"),
    Row("granted", r"(?<!不)予以公开", title="（一）予以公开"),
    Row(
        "partially_granted",
        r"部分公开",
        title="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    Row("withheld_state_secret", r"国家秘密", title="1.属于国家秘密"),
    Row("withheld_prohibited_by_law", r"禁止公开", title="2.其他法律行政法规禁止公开"),
    Row("withheld_three_safeties", r"三安全一稳定", title="3.危及“三安全一稳定”"),
    Row("withheld_third_party", r"第三方合法权", title="4.保护第三方合法权益"),
    Row("withheld_internal_affairs", r"内部事务", title="5.属于三类内部事务信息"),
    Row("withheld_process_info", r"过程性信", title="6.属于四类过程性信息"),
    Row("withheld_enforcement_files", r"执法案卷", title="7.属于行政执法案卷"),
    Row("withheld_query_matters", r"行政查询", title="8.属于行政查询事项"),
    Row("unavailable_not_held", r"不掌握", title="1.本机关不掌握相关政府信息"),
    Row("unavailable_needs_creation", r"没有现成|另行制作", title="2.没有现成信息需要另行制作"),
    Row("unavailable_unclear", r"补正后申请", title="3.补正后申请内容仍不明确"),
    Row("not_processed_petition", r"信访|举报投诉", title="1.信访举报投诉类申请"),
    Row("not_processed_repeated", r"重复申请", title="2.重复申请"),
    Row("not_processed_publications", r"公开出版物", title="3.要求提供公开出版物"),
    Row("not_processed_mass_repeated", r"大量反复", title="4.无正当理由大量反复申请"),
    Row(
        "not_processed_confirmation",
        r"确认或重新出具|重新出具",
        title="5.要求行政机关确认或重新出具已获取信息",
    ),
    # 2019: one row with values; 2021: a group with three sub-rows.
    Row("other_processing", r"其他处理", title="（六）其他处理"),
    Row(
        "other_overdue_correction",
        r"逾期不补正",
        templates=("2021",),
        title="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    Row(
        "other_overdue_fee",
        r"缴纳费用|收费通知",
        templates=("2021",),
        title="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    Row("other_misc", r"^\d[.、．]?其他$", templates=("2021",), title="3.其他"),
    Row("outcome_total", r"^[(（]?七?[)）]?总计$", title="（七）总计"),
    Row("carried_forward", r"结转下年", title="四、结转下年度继续办理"),
)
# Rows whose numbers add up to (七)总计 (the 2021 sub-rows replace other_processing).
TABLE3_OUTCOME_ROWS = tuple(
    r.key
    for r in TABLE3_ROWS
    if r.key not in {"new_received", "carried_over", "outcome_total", "carried_forward"}
)
OTHER_PROCESSING_SUBROWS = ("other_overdue_correction", "other_overdue_fee", "other_misc")

# ---------------------------------------------------------------- table 四
TABLE4_GROUPS: tuple[str, ...] = ("review", "litigation_direct", "litigation_after_review")
TABLE4_GROUP_TITLES = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
TABLE4_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
TABLE4_RESULT_TITLES = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


# ---------------------------------------------------------------- table 二
@dataclass(frozen=True, slots=True)
class Column:
    """A table-二 column: its key, the header pattern, and whether it holds money (万元)."""

    key: str
    header: str
    money: bool = False
    title: str = ""


TABLE2_COLUMNS: tuple[Column, ...] = (
    Column("issued", r"新制作|制发", title="本年新制作数量"),
    Column("published", r"新公开", title="本年新公开数量"),
    Column("total_published", r"公开总数", title="对外公开总数量"),
    Column("repealed", r"废止", title="本年废止件数"),
    Column("in_force", r"现行有效", title="现行有效件数"),
    Column("prev_year_items", r"上一年项目|上年项目", title="上一年项目数量"),
    Column("change", r"增/?减|增减", title="本年增/减"),
    Column("decisions", r"处理决定", title="处理决定数量"),
    Column("amount_wan_yuan", r"金额", money=True, title="采购总金额"),
    Column("items", r"采购项目数", title="采购项目数量"),
)
TABLE2_COLUMN_BY_KEY = {c.key: c for c in TABLE2_COLUMNS}


@dataclass(frozen=True, slots=True)
class Table2Row:
    """A table-二 row and its default columns in each template (used when headers are lost)."""

    key: str
    label: str  # full-match regex on a whitespace-free cell
    columns: dict[str, tuple[str, ...]]
    title: str


_DOCS_2019 = ("issued", "published", "total_published")
_DOCS_2021 = ("issued", "repealed", "in_force")
_ITEMS_2019 = ("prev_year_items", "change", "decisions")

TABLE2_ROWS: tuple[Table2Row, ...] = (
    Table2Row("regulations", r"规章", {"2019": _DOCS_2019, "2021": _DOCS_2021}, "规章"),
    Table2Row(
        "normative_documents",
        r"(?:行政)?规范性文件",
        {"2019": _DOCS_2019, "2021": _DOCS_2021},
        "规范性文件",
    ),
    Table2Row("licensing", r"行政许可", {"2019": _ITEMS_2019, "2021": ("decisions",)}, "行政许可"),
    Table2Row("other_services", r"其他对外管理服务事项", {"2019": _ITEMS_2019}, "其他对外管理服务事项"),
    Table2Row("penalty", r"行政处罚", {"2019": _ITEMS_2019, "2021": ("decisions",)}, "行政处罚"),
    Table2Row("coercion", r"行政强制", {"2019": _ITEMS_2019, "2021": ("decisions",)}, "行政强制"),
    Table2Row(
        "fees",
        r"行政事业性收费",
        {"2019": ("prev_year_items", "change"), "2021": ("amount_wan_yuan",)},
        "行政事业性收费",
    ),
    Table2Row("procurement", r"政府集中采购", {"2019": ("items", "amount_wan_yuan")}, "政府集中采购"),
)

# Header wording that only one template uses; the detector counts these.
TEMPLATE_MARKERS: dict[str, tuple[str, ...]] = {
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
    ),
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
    ),
}
