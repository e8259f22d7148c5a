"""A deterministic generator of realistic synthetic annual reports, with the values they state.

For tests and benchmarks at scale.  Each :class:`Synthetic` report carries its text, the encoding
to write it in, and ``truth``: the values a correct extractor returns for it, under the key names
of the extractor's record -- ``title``, ``org``, ``level``, ``year``, ``publish_date``,
``template``, ``region`` (province … township, code), ``table2``/``table3``/``table4`` (same shape
as the record's), ``applications.received``, ``proactive``, ``narrative``, ``problem_categories``,
``failed_checks`` (names of indexer.extract.checks.CHECK_NAMES).  ``truth["variant"]`` says how the report
was made (template, layouts, encoding, noise, the rule broken on purpose), for accuracy per variant.

Usage::

    for report in generate(seed=0, n=1000, layouts=["cells"], noise=["blank_cells"]):
        record = extract_text(report.text, report.path_name, report.encoding)
        mismatches = compare(record, report.truth)     # field -> [(path, expected, got)]

    write_corpus(Path("corpus"), 100_000, seed=1)      # files in folders of 1,000 + truth.jsonl

What varies: the body (townships mostly, counties, prefectures, departments such as XX县教育局,
all from the gazetteer), title forms, the contact line with a telephone number using the
division's area code, the signature and date, years 2019-2024 and the 2019/2021 table templates,
table layouts ("tabs", "cells", "markdown", "spaces" or "mixed"), prose figures, section 五's
problems and measures, encodings, and the kinds of noise in NOISE_KINDS.

Report ``i`` of seed ``s`` is drawn from its own ``random.Random((s << 32) ^ i)``, so it is the same
whatever ``n`` is (and seeds do not share reports), and the same seed gives byte-identical output.

Truth is what the text shows: a blank, dashed, cut-off or missing cell is None, never 0; a figure
whose sentence was left out is None; the template is None when no table wording tells it.  The
region is always identifiable from the text: the county is dropped from the title only when the
body's own name, its parent named in the opening paragraph and the telephone area code still single
it out.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from indexer.extract.gazetteer import Division, Gazetteer, load_gazetteer, short_name
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

__all__ = [
    "CHECK_NAMES",
    "DEFAULT_NOISE",
    "ENCODINGS",
    "LAYOUTS",
    "NOISE_KINDS",
    "LEVELS",
    "MEASURES",
    "PROBLEMS",
    "FIELDS",
    "CorpusStats",
    "compare",
    "Synthetic",
    "failed_checks",
    "generate",
    "write_corpus",
    "write_corpus_stats",
]

LAYOUTS: tuple[str, ...] = ("tabs", "cells", "markdown", "spaces", "mixed")
TABLE_LAYOUTS: tuple[str, ...] = ("tabs", "cells", "markdown", "spaces")
_LAYOUT_WEIGHTS = {"tabs": 0.3, "cells": 0.35, "markdown": 0.1, "spaces": 0.15, "mixed": 0.1}
# Encoding names as Python spells them; "utf-16" writes a BOM, "utf-16-le" does not.
ENCODINGS: dict[str, float] = {
    "utf-8": 0.78,
    "utf-8-sig": 0.08,
    "gb18030": 0.10,
    "utf-16": 0.03,
    "utf-16-le": 0.01,
}
NOISE_KINDS: tuple[str, ...] = (
    "fullwidth_digits",  # ０１２ in table cells
    "fullwidth_spaces",  # \u3000 around cells and before headings
    "images",  # [image: …] lines in prose and between table rows
    "bookmarks",  # [bookmark: _GoBack] before a cell's text
    "vertical_headers",  # 三、本年度办理结果 spread over the first column (理 结 果)
    "wrapped_cells",  # header and group cells wrapped onto a line without the tab (商业\n企业)
    "spaced_labels",  # spaces inside labels from PDF/Word conversion (本年 新制作 数量)
    "blank_cells",  # empty cells (truth None)
    "dash_blanks",  # cells holding — or / (truth None)
    "truncated",  # a table cut after a row (truth None for the rest)
    "missing_sections",  # a section (and possibly its table) left out
    "page_breaks",  # page footers (- 3 -) inside a table (PDF layouts)
    "crlf",  # Windows line endings
)
DEFAULT_NOISE: dict[str, float] = {
    "fullwidth_digits": 0.05,
    "fullwidth_spaces": 0.15,
    "images": 0.15,
    "bookmarks": 0.05,
    "vertical_headers": 0.15,
    "wrapped_cells": 0.35,
    "spaced_labels": 0.1,
    "blank_cells": 0.08,
    "dash_blanks": 0.03,
    "truncated": 0.05,
    "missing_sections": 0.05,
    "page_breaks": 0.03,
    "crlf": 0.05,
}
# The names of indexer.extract.checks.CHECK_NAMES (kept here so that truth never depends on the checker).
CHECK_NAMES: tuple[str, ...] = (
    "table3_balance",
    "table3_row_totals",
    "table3_outcome_total",
    "table4_totals",
    "narrative_applications",
    "narrative_review",
)
_BROKEN_WEIGHTS = {
    "table3_balance": 0.2,
    "table3_row_totals": 0.2,
    "table3_outcome_total": 0.2,
    "table4_totals": 0.15,
    "narrative_applications": 0.15,
    "narrative_review": 0.1,
}
CHANNEL_KEYS: tuple[str, ...] = (
    "wechat",
    "weibo",
    "douyin",
    "kuaishou",
    "toutiao",
    "app",
    "website",
    "bulletin_board",
)
NARRATIVE_KEYS: tuple[str, ...] = (
    "applications",
    "review",
    "litigation",
    "press_conferences",
    "training_sessions",
    "npc_suggestions",
    "cppcc_proposals",
    "npc_cppcc_combined",
    "fees_yuan",
)
Number = int | float | None


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One generated report: where to write it, its text and encoding, and the expected values."""

    path_name: str
    text: str
    encoding: str
    truth: dict[str, Any]

    def data(self) -> bytes:
        """The file's bytes (BOM included for utf-8-sig and utf-16)."""
        return self.text.encode(self.encoding)


# ==================================================================================================
# the world: divisions to draw from, area codes, domains


@dataclass(frozen=True, slots=True)
class _World:
    gaz: Gazetteer
    townships: tuple[str, ...]
    counties: tuple[str, ...]
    prefectures: tuple[str, ...]
    area_by_code: dict[str, str]
    slug_by_code: dict[str, str]


_KEEP = (
    "开发区",
    "园区",
    "工业区",
    "试验区",
    "示范区",
    "合作区",
    "保税区",
    "管理区",
    "风景区",
    "度假区",
    "新区",
)


@cache
def _world() -> _World:
    gaz = load_gazetteer()
    townships, counties, prefectures = [], [], []
    for d in gaz:
        if d.level == "township" and d.name.endswith(("镇", "乡", "街道", "苏木")) and len(d.name) >= 2:
            townships.append(d.code)
        elif d.level == "county" and d.name.endswith(("县", "区", "市", "旗")) and not d.name.endswith(_KEEP):
            counties.append(d.code)
        elif d.level == "prefecture" and d.name.endswith(("市", "州", "盟", "地区")):
            prefectures.append(d.code)
    area: dict[str, str] = {}
    for prefix, divisions in sorted(gaz.area_codes().items()):
        for d in divisions:
            area.setdefault(d.code, prefix)
    slugs: dict[str, list[str]] = {}
    path = resources.files("indexer.extract").joinpath("data").joinpath("pinyin.tsv")
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 2 and 3 < len(parts[0]) <= 16:  # not province initials (sd, zj) or zone names
                slugs.setdefault(parts[1], []).append(parts[0])
    slug_by_code = {code: sorted(s)[0] for code, s in slugs.items()}
    return _World(gaz, tuple(townships), tuple(counties), tuple(prefectures), area, slug_by_code)


# ==================================================================================================
# text banks

_DEPARTMENTS = (
    "教育局",
    "公安局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "卫生健康局",
    "市场监督管理局",
    "应急管理局",
    "审计局",
    "统计局",
    "医疗保障局",
    "退役军人事务局",
    "文化和旅游局",
    "水利局",
    "商务局",
    "司法局",
)
_TITLE_TAILS: dict[str, float] = {
    "{y}年政府信息公开工作年度报告": 0.55,
    "{y}年度政府信息公开工作年度报告": 0.25,
    "{y}年度政府信息公开工作报告": 0.12,
    "关于{y}年政府信息公开工作年度报告": 0.03,
    "{y}年政府信息公开年度报告": 0.05,
}
_HEADINGS = (
    ("一、总体情况", "一、总体情况", "一、概述", "一、 总体情况"),
    ("二、主动公开政府信息情况", "二、主动公开政府信息情况", "二、主动公开政府信息的情况"),
    (
        "三、收到和处理政府信息公开申请情况",
        "三、收到和处理政府信息公开申请情况",
        "三、政府信息依申请公开申请情况",
        "三、依申请公开政府信息情况",
    ),
    (
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    ),
    (
        "五、存在的主要问题及改进情况",
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的不足及改进措施",
    ),
    ("六、其他需要报告的事项", "六、其他需要报告的事项", "六、其他需要报告的事项 "),
)
_OVERVIEW = (
    "{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，按照{up}关于政务公开工作的部署要求，坚持以公开为常态、不公开为例外，不断提升政务公开工作质量。",
    "{unit}进一步加强组织领导，完善工作机制，把政务公开与各项中心工作紧密结合，提高工作透明度，促进依法行政。",
    "{unit}调整充实了政务公开工作领导小组，由主要负责同志任组长，分管负责同志任副组长，党政办公室具体负责日常工作，并明确专人负责信息发布与维护。",
    "{unit}严格落实信息发布保密审查制度，坚持“先审查、后公开”和“一事一审”原则，确保“涉密信息不上网，上网信息不涉密”。",
    "围绕群众关心关注的热点问题，{unit}重点做好财政预决算、民生保障、就业创业、安全生产等领域的信息公开，切实保障群众的知情权、参与权和监督权。",
    "按照主动公开基本目录，及时更新机构职能、领导信息、办事指南等内容，对已经失效的信息及时进行清理。",
    "将政务公开工作纳入年度目标考核，定期对信息公开情况进行检查，发现问题及时督促整改。",
    "坚持把政务公开作为建设服务型政府的重要抓手，推动决策、执行、管理、服务、结果公开，进一步提升政府公信力。",
)
_SUBHEADS = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障")
_MANAGEMENT = (
    "严格执行公文公开属性源头认定机制，在公文拟稿时同步确定公开属性，规范政府信息发布程序。",
    "加强政府信息规范管理，及时清理废止、失效的政府信息，确保公开信息准确有效。",
)
_PLATFORM = (
    "充分发挥政府门户网站作为政务公开第一平台的作用，及时调整栏目设置，突出发布信息、解读政策、回应关切等功能。",
    "在便民服务中心设立政务公开专区，方便企业和群众查阅政府信息、咨询办事事项。",
)
_SUPERVISION = (
    "建立政务公开工作问题台账，对发现的问题及时查漏补缺，严肃对待政府信息公开工作。",
    "主动接受群众监督，通过意见箱、热线电话等方式收集社会各界对政务公开工作的意见和建议。",
)
_OTHER_MATTERS = (
    "无其他需要报告的事项。",
    "本报告所列数据可能因四舍五入原因与数据直接相加之和存在尾数差异。",
    "本年度{unit}认真落实上级年度政务公开工作要点，各项任务均已按要求完成。",
)
_IMAGE_LINES = (
    "[image: image{n}.png]",
    "[image: ]",
    "[image: 微信图片_2021012818{n:04d}]",
    "[image: C:\\Users\\Administrator\\Desktop\\{n}.jpg]",
)

# ---- problems (section 五) and measures; the categories are those a careful reader assigns.
CH, CT, TI, IN, AB = "公开渠道单一", "公开内容不全面", "公开不及时", "政策解读不到位", "业务能力不足"
AW, SY, AP, PL, IR = "群众知晓度低", "制度机制不健全", "依申请公开不规范", "平台建设滞后", "互动回应不足"
PROBLEMS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (text, frozenset(cats))
    for text, cats in (
        ("公开渠道较为单一，主要依靠政府网站发布信息", {CH}),
        ("信息发布途径不够多样", {CH}),
        ("公开形式比较单一，以文字发布为主", {CH}),
        ("公开方式仍较单一，新媒体运用不够充分", {CH}),
        ("信息公开载体有限", {CH}),
        ("公开内容不够全面，部分领域信息公开不够深入", {CT}),
        ("主动公开的信息数量偏少", {CT}),
        ("公开内容还不够丰富", {CT}),
        ("重点领域信息公开的覆盖面不够广", {CT}),
        ("部分公开信息内容不完整", {CT}),
        ("公开的信息以工作动态为主，实质性内容偏少", {CT}),
        ("部分信息更新不够及时", {TI}),
        ("个别栏目信息更新滞后", {TI}),
        ("信息公开时效性有待提高", {TI}),
        ("部分政策文件未能做到及时公开", {TI}),
        ("存在信息发布不及时的情况", {TI}),
        ("政策解读不够深入透彻", {IN}),
        ("对重要政策的解读力度不够", {IN}),
        ("图解、视频等多样化解读较少", {IN}),
        ("政策解读质量有待提升", {IN}),
        ("部分文件发布后未同步进行解读", {IN}),
        ("工作人员业务水平有待提高", {AB}),
        ("信息公开工作人员专业能力不足", {AB}),
        ("机关干部对政务公开工作认识不够到位", {AB}),
        ("专职工作人员力量较为薄弱", {AB}),
        ("业务培训不够系统，工作人员对新条例掌握不够全面", {AB}),
        ("群众对政务公开的知晓率不高", {AW}),
        ("宣传力度不够，公众参与度不高", {AW}),
        ("群众主动获取政府信息的意识不强", {AW}),
        ("社会公众对政务公开了解不多", {AW}),
        ("政务公开宣传不到位，群众知晓度较低", {AW}),
        ("工作机制还不够健全", {SY}),
        ("考核监督机制有待完善", {SY}),
        ("信息发布审核制度落实不到位", {SY}),
        ("长效工作机制尚未建立", {SY}),
        ("政务公开制度体系不够完善", {SY}),
        ("依申请公开办理程序不够规范", {AP}),
        ("依申请公开答复文书的规范性有待加强", {AP}),
        ("政府信息公开申请办理流程不够完善", {AP}),
        ("依申请公开工作的规范化水平有待提升", {AP}),
        ("政府网站栏目设置不够完善", {PL}),
        ("新媒体平台建设相对滞后", {PL}),
        ("政务公开专区功能不完善", {PL}),
        ("网站信息检索功能较弱", {PL}),
        ("政民互动作用发挥不够", {IR}),
        ("对群众关切的回应不够及时", {IR}),
        ("重信息发布、轻互动回应", {IR}),
        ("与公众的互动交流较少", {IR}),
        ("对网民留言的答复不够及时", {IR}),
        ("公开面不够广泛，渠道过于单一", {CT, CH}),
        ("信息公开数量偏少、内容不全面、进度不及时", {CT, TI}),
        ("主动公开政府信息的及时性、全面性有待提升", {TI, CT}),
        # a second batch, written after the lexicon had been tuned to the first
        ("信息公开主要依赖政务网站，新媒体渠道利用不足", {CH}),
        ("公开途径还不够多元", {CH}),
        ("部分重点领域信息公开不够细致", {CT}),
        ("公开的内容偏重于工作动态，政策性文件公开较少", {CT}),
        ("主动公开事项还不够完整", {CT}),
        ("个别信息发布存在延迟", {TI}),
        ("部分栏目内容更新频率较低", {TI}),
        ("信息公开的时效性还需加强", {TI}),
        ("政策解读的针对性和实效性不强", {IN}),
        ("对出台政策的解读还停留在文字层面", {IN}),
        ("解读材料通俗性不够", {IN}),
        ("部分工作人员对《条例》理解不深", {AB}),
        ("信息公开队伍力量相对薄弱", {AB}),
        ("工作人员多为兼职，专业化程度不高", {AB}),
        ("群众对信息公开的关注度不高", {AW}),
        ("政务公开宣传覆盖面窄，社会知晓率偏低", {AW}),
        ("工作考核机制还需进一步完善", {SY}),
        ("信息发布协调机制不够顺畅", {SY}),
        ("依申请公开答复程序有待进一步规范", {AP}),
        ("依申请办理的时限把握不够严格", {AP}),
        ("政府网站信息公开专栏建设有待加强", {PL}),
        ("政务新媒体平台功能较为简单", {PL}),
        ("对群众留言的回复不够及时", {IR}),
        ("政民互动渠道利用率不高", {IR}),
    )
)
# Measures state what will be done and never a shortcoming.
MEASURES: tuple[str, ...] = (
    "进一步拓宽信息公开渠道，充分利用微信公众号等新媒体及时发布信息",
    "加强业务培训，提升工作人员的业务能力和工作水平",
    "完善政务公开工作制度，规范信息发布审核流程",
    "加大政策解读力度，丰富图解、视频等解读形式",
    "强化宣传引导，提高群众对政务公开的知晓度和参与度",
    "加强政府网站和政务新媒体建设，优化栏目设置",
    "规范依申请公开办理流程，严格按照法定时限答复",
    "及时回应群众关切，加强政民互动交流",
    "严格落实信息更新制度，确保信息发布及时准确",
    "扩大公开范围，细化公开内容，做到应公开尽公开",
)
_PROBLEM_INTROS = (
    "{year}年，{unit}政府信息公开工作取得了一定成效，但仍然存在一些问题和不足，主要表现在：",
    "虽然{unit}政府信息公开工作取得了一定成效，但与上级要求和群众期待相比还存在一些差距，主要表现为：",
    "目前，{name}政府信息公开工作还存在诸多问题和不足，主要有以下几个方面：",
)
_MEASURE_INTROS = (
    "对此，{unit}将着力从以下几个方面做好政府信息公开工作：",
    "针对以上问题，{unit}将采取以下措施：",
    "下一步，{unit}将重点做好以下工作：",
    "{next}年，{unit}将重点围绕以下方面开展工作：",
)
_ORDINALS = "一二三四五六七八九十"


# ==================================================================================================
# tables as grids of cells


@dataclass(slots=True)
class _Table:
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


# ==================================================================================================
# the generator


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    x = rng.random() * sum(weights.values())
    for key, w in weights.items():
        x -= w
        if x < 0:
            return key
    return next(reversed(weights))


def _split(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into len(weights) non-negative parts, roughly by weight (randomised)."""
    n = len(weights)
    if total <= 0:
        return [0] * n
    if total <= 12:
        parts = [0] * n
        cum = []
        acc = 0.0
        for w in weights:
            acc += w
            cum.append(acc)
        for _ in range(total):
            x = rng.random() * acc
            for k, c in enumerate(cum):
                if x < c:
                    parts[k] += 1
                    break
        return parts
    shares = [w * (0.5 + rng.random()) for w in weights]
    s = sum(shares)
    parts = [int(total * sh / s) for sh in shares]
    parts[max(range(n), key=lambda k: shares[k])] += total - sum(parts)
    return parts


_T3_OUTCOMES_2019 = tuple(
    r.key
    for r in TABLE3_ROWS
    if r.key
    not in {"new_received", "carried_over", "outcome_total", "carried_forward", *OTHER_PROCESSING_SUBROWS}
)
_T3_OUTCOMES_2021 = tuple(k for k in _T3_OUTCOMES_2019 if k != "other_processing") + OTHER_PROCESSING_SUBROWS
_OUTCOME_WEIGHT = {
    "granted": 0.45,
    "partially_granted": 0.07,
    "withheld_state_secret": 0.005,
    "withheld_prohibited_by_law": 0.01,
    "withheld_three_safeties": 0.005,
    "withheld_third_party": 0.02,
    "withheld_internal_affairs": 0.01,
    "withheld_process_info": 0.02,
    "withheld_enforcement_files": 0.01,
    "withheld_query_matters": 0.01,
    "unavailable_not_held": 0.2,
    "unavailable_needs_creation": 0.03,
    "unavailable_unclear": 0.02,
    "not_processed_petition": 0.03,
    "not_processed_repeated": 0.02,
    "not_processed_publications": 0.005,
    "not_processed_mass_repeated": 0.005,
    "not_processed_confirmation": 0.005,
    "other_processing": 0.04,
    "other_overdue_correction": 0.02,
    "other_overdue_fee": 0.005,
    "other_misc": 0.02,
}
_APPLICANT_WEIGHT = (0.8, 0.12, 0.01, 0.02, 0.02, 0.03)
_SCALE = {"township": 8, "county": 60, "prefecture": 400, "department": 30}
_ZERO_SHARE = {"township": 0.55, "county": 0.15, "prefecture": 0.02, "department": 0.35}


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
def _t3_skeleton(template: str) -> tuple[tuple[str, tuple[str | None, ...], bool], ...]:
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


class _Report:
    """Builds one report; all randomness comes from `rng`, in a fixed order."""

    def __init__(
        self,
        rng: random.Random,
        world: _World,
        layouts: Sequence[str],
        templates: Sequence[str],
        encodings: Mapping[str, float],
        noise: Mapping[str, float],
        consistent: float,
        broken: Sequence[str],
        levels: Mapping[str, float],
        years: Sequence[int],
    ) -> None:
        r = self.rng = rng
        self.w = world
        self.gaz = world.gaz
        self.layout = layouts[0] if len(layouts) == 1 else _pick(r, {k: _LAYOUT_WEIGHTS[k] for k in layouts})
        self.encoding = _pick(r, encodings)
        self.noise = {k for k, p in noise.items() if r.random() < p}
        self.table_layouts = {
            t: (r.choice(TABLE_LAYOUTS) if self.layout == "mixed" else self.layout) for t in ("2", "3", "4")
        }
        if "spaces" not in self.table_layouts.values():
            self.noise.discard("page_breaks")
        self.broken = None if r.random() < consistent else _pick(r, {k: _BROKEN_WEIGHTS[k] for k in broken})
        self.level = _pick(r, levels)
        year = r.choice(years)
        if len(templates) == 1:
            template = templates[0]
        elif year <= 2020:
            template = "2019"
        else:
            template = "2021" if r.random() < 0.85 else "2019"
        later = [y for y in years if y >= 2021]
        if template == "2021" and year < 2021 and later:
            year = r.choice(later)
        self.year, self.template = year, template
        self.blank_lines = r.random() < 0.5  # blank lines between paragraphs
        self.images = 0
        self.cell_noise = bool(self.noise & {"fullwidth_digits", "fullwidth_spaces", "bookmarks"})
        self.wrapping = "wrapped_cells" in self.noise
        self.spacing = "spaced_labels" in self.noise
        # without their noise these are the identity (str() of a str is the str itself, and cheap)
        self.wrap: Callable[[str], str] = self._wrap if self.wrapping else str
        self.wrap_label: Callable[[str], str] = self._wrap_label if self.wrapping else str
        self.label: Callable[[str], str] = self._label if self.spacing else str

    # ------------------------------------------------------------------ who and where
    def _choose_region(self) -> None:
        r, w = self.rng, self.w
        if self.level == "township":
            code = r.choice(w.townships)
        elif self.level == "county" or (self.level == "department" and r.random() < 0.8):
            code = r.choice(w.counties)
        else:
            code = r.choice(w.prefectures)
        self.division = self.gaz.get(code)
        self.path = self.gaz.path(code)
        self.dept = r.choice(_DEPARTMENTS) if self.level == "department" else ""

    def _area_of(self, path: Mapping[str, Division]) -> str | None:
        for lvl in ("county", "prefecture", "province"):
            d = path.get(lvl)
            if d is not None and d.code in self.w.area_by_code:
                return self.w.area_by_code[d.code]
        return None

    def _phone(self) -> str | None:
        prefix = self._area_of(self.path)
        if prefix is None:
            return None
        r = self.rng
        digits = 8 if len(prefix) == 3 else r.choice((7, 8))
        number = str(r.randrange(2, 9)) + "".join(str(r.randrange(10)) for _ in range(digits - 1))
        if r.random() < 0.05:
            return f"（{prefix}）{number}"
        return prefix + r.choice(("-", "-", "-", "—", "－", "")) + number

    def _singled_out(self, div: Division, parent_level: str, phone: bool) -> bool:
        """Whether `div`'s bare name, with its parent named in the body (and the phone), singles it out."""
        others = [d for d in self.gaz.by_name(div.name) if d.code != div.code]
        if not others:
            return True
        mine = self.path.get(parent_level)
        if mine is None or len(mine.name) < 3 or not phone:
            return False
        my_area = self._area_of(self.path)
        for other in others:
            theirs = self.gaz.path(other.code)
            parent = theirs.get(parent_level)
            if (parent is not None and parent.name == mine.name) or self._area_of(theirs) == my_area:
                return False
        return True

    def _names(self) -> None:
        """Title, org, signature, and the words the prose uses for the body."""
        r = self.rng
        p = self.path
        prov = p["province"].name
        pref = p["prefecture"].name if "prefecture" in p else ""
        county = p["county"].name if "county" in p else ""
        self.phone = self._phone() if r.random() < 0.93 else None
        self.signed = r.random() < 0.88
        short_ok = False
        if self.level == "township":
            t = p["township"].name
            for parent_name in (pref + county, county, pref):  # NBS names with their county (濮阳县柳屯镇)
                if parent_name and t.startswith(parent_name) and len(t) > len(parent_name) + 1:
                    t = t[len(parent_name) :]
                    break
            street = t.endswith("街道")
            gov = "办事处" if street else "人民政府"
            parent = county or pref or prov
            self.body = t + gov
            self.place = parent + t
            self.name = t
            self.unit = "我" + ("街道" if street else "苏木" if t.endswith("苏木") else t[-1])
            self.up = f"{parent[-1]}委、{parent[-1]}政府"
            short_ok = self._singled_out(
                p["township"], "county" if county else "prefecture", bool(self.phone)
            )
            grand = pref if county and pref else prov if parent != prov else ""
            options = {parent + t: 0.45, parent + t + gov: 0.2, grand + parent + t: 0.12}
            if short_ok:
                options.update({t + gov: 0.08, t: 0.03})
                options[""] = 0.07  # the body only in the contact line and signature (like seed 004)
            self.parent_mention = parent
        elif self.level in ("county", "department"):
            own = p["county"] if "county" in p else p["prefecture"]
            c = own.name
            upper = (pref or prov) if own.level == "county" else prov
            tail = self.dept or "人民政府"
            self.body = c + tail
            self.place = c
            self.name = c + self.dept
            self.unit = "我局" if self.dept else "我" + c[-1]
            self.up = f"{upper[-1]}委、{upper[-1]}政府" if not self.dept else f"{c[-1]}委、{c[-1]}政府"
            short_ok = self._singled_out(
                own, "prefecture" if own.level == "county" and pref else "province", bool(self.phone)
            )
            options = {upper + c + tail: 0.25} if upper != c else {}
            if not self.dept and upper != c:
                options[upper + c] = 0.05
            if short_ok or not options:
                options.update({c + tail: 0.55, c: 0.1} if not self.dept else {c + tail: 0.6})
            self.parent_mention = upper
        else:  # prefecture
            c = pref
            self.body = c + "人民政府"
            self.place = c
            self.name = c
            self.unit = "我" + ("地区" if c.endswith("地区") else c[-1])
            self.up = "省委、省政府" if prov.endswith("省") else "自治区党委、政府"
            short_ok = self._singled_out(p["prefecture"], "province", bool(self.phone))
            options = {prov + c + "人民政府": 0.2, prov + c: 0.05}
            if short_ok:
                options.update({c + "人民政府": 0.6, c: 0.15})
            self.parent_mention = prov
        prefix = _pick(r, options)
        tail = _pick(r, _TITLE_TAILS)
        if not prefix and tail.startswith("关于"):
            tail = tail[2:]
        year = _cn_year(self.year) if r.random() < 0.03 else str(self.year)
        self.title = prefix + tail.format(y=year)
        if self.level == "township" and r.random() < 0.3:
            self.signature = self.place + self.body[len(self.name) :]
        else:
            self.signature = self.body
        if not self.signed:
            self.signature = ""
        # the body as the extractor should report it: the title's, else the signature's, else the
        # one in the contact sentence (every report has one)
        self.org = prefix or self.signature or self.body
        self.contact_office = r.choice(("党政办公室", "党政办", "办公室", "综合办公室", ""))
        month = int(_pick(r, {"1": 0.75, "2": 0.13, "3": 0.12}))
        self.publish = (self.year + 1, month, r.randrange(1, 29))

    # ------------------------------------------------------------------ numbers
    def _table3(self) -> dict[str, dict[str, Number]]:
        r = self.rng
        zero = r.random() < _ZERO_SHARE[self.level] and self.broken is None
        outcome_keys = _T3_OUTCOMES_2019 if self.template == "2019" else _T3_OUTCOMES_2021
        weights = [_OUTCOME_WEIGHT[k] for k in outcome_keys]
        new_total = 0 if zero else 1 + int(_SCALE[self.level] * 2 * r.random() ** 2)
        new = _split(r, new_total, _APPLICANT_WEIGHT)
        cols: dict[str, dict[str, int]] = {}
        for c, col in enumerate(APPLICANT_COLUMNS):
            nr = new[c]
            co = 0 if zero or r.random() < 0.8 else r.randrange(0, 3 + nr // 5)
            handled = nr + co
            cf = 0 if handled == 0 or r.random() < 0.75 else r.randrange(0, min(handled, 4) + 1)
            values = dict(zip(outcome_keys, _split(r, handled - cf, weights), strict=True))
            values.update(new_received=nr, carried_over=co, carried_forward=cf, outcome_total=handled - cf)
            cols[col] = values
        t3: dict[str, dict[str, Number]] = {}
        per_column = [cols[col] for col in APPLICANT_COLUMNS]
        for row in TABLE3_ROWS:
            key = row.key
            if key in per_column[0]:
                a, b, c, d, e, f = [values[key] for values in per_column]
                t3[key] = {
                    "natural_person": a,
                    "commercial_enterprise": b,
                    "research_institution": c,
                    "social_welfare_org": d,
                    "legal_service_org": e,
                    "other_org": f,
                    "total": a + b + c + d + e + f,
                }
            else:
                t3[key] = dict.fromkeys(TABLE3_COLUMNS)
        return t3

    def _table4(self) -> dict[str, dict[str, Number]]:
        r = self.rng
        scale = {"township": 1, "county": 6, "prefecture": 25, "department": 3}[self.level]
        t4: dict[str, dict[str, Number]] = {}
        for group in TABLE4_GROUPS:
            if r.random() < (0.85 if self.level == "township" else 0.45):
                parts = [0, 0, 0, 0]
            else:
                parts = _split(
                    r, r.randrange(0, scale + 1) // (1 if group == "review" else 2), (0.6, 0.1, 0.2, 0.1)
                )
            t4[group] = dict(zip(TABLE4_RESULTS[:-1], parts, strict=True))
            t4[group]["total"] = sum(parts)
        return t4

    def _table2(self) -> dict[str, dict[str, Number]]:
        r = self.rng
        big = {"township": 0, "county": 1, "prefecture": 2, "department": 1}[self.level]

        def small(limit: int, zero: float = 0.6) -> int:
            return 0 if r.random() < zero else r.randrange(0, limit + 1)

        t2: dict[str, dict[str, Number]] = {}
        for row in TABLE2_ROWS:
            if self.template not in row.columns:  # the extractor's shape for rows the template lacks
                t2[row.key] = dict.fromkeys(row.columns["2019"])
                continue
            v: dict[str, Number]
            if row.key in ("regulations", "normative_documents"):
                # 规章 are made by provinces and larger cities only
                limit = (0, 0, 4)[big] if row.key == "regulations" else (3, 15, 40)[big]
                stock = (0, 0, 30)[big] if row.key == "regulations" else (20, 80, 200)[big]
                issued = small(limit)
                if self.template == "2019":
                    published = issued if r.random() < 0.8 else small(limit)
                    v = {
                        "issued": issued,
                        "published": published,
                        "total_published": published + small(stock, 0.4),
                    }
                else:
                    repealed = small(max(1, limit // 3), 0.7) if limit else 0
                    v = {"issued": issued, "repealed": repealed, "in_force": issued + small(stock, 0.4)}
            elif row.key == "fees":
                if self.template == "2019":
                    v = {"prev_year_items": small(5, 0.8), "change": self._change()}
                else:
                    v = {"amount_wan_yuan": self._money(0.75, 50)}
            elif row.key == "procurement":
                v = {"items": small((20, 200, 800)[big], 0.5), "amount_wan_yuan": self._money(0.5, 5000)}
            else:
                limit = (30, 3000, 20000)[big] // (10 if row.key == "coercion" else 1)
                decisions = small(limit, 0.5)
                if self.template == "2019":
                    prev = small((10, 200, 600)[big], 0.6)
                    v = {"prev_year_items": prev, "change": self._change(), "decisions": decisions}
                else:
                    v = {"decisions": decisions}
            t2[row.key] = v
        return t2

    def _change(self) -> int:
        r = self.rng
        return 0 if r.random() < 0.7 else r.choice((-3, -2, -1, 1, 1, 2, 3, 5))

    def _money(self, zero: float, limit: float) -> float:
        r = self.rng
        if r.random() < zero:
            return 0.0
        return round(r.random() * limit, r.choice((2, 2, 4, 6))) or 0.0

    def _break(self, t3: dict[str, dict[str, Any]], t4: dict[str, dict[str, Any]]) -> None:
        """Break one table rule so that only the named check fails (while its cells show)."""
        r = self.rng
        k = r.randrange(1, 4)
        col = r.choice(APPLICANT_COLUMNS[:2])
        if self.broken == "table3_balance":  # rows stay summed, outcomes too; 一+二 ≠ 三+四
            t3["carried_forward"][col] += k
            t3["carried_forward"]["total"] += k
        elif self.broken == "table3_row_totals":  # 总计 off in two rows, the balance still holds
            t3["new_received"]["total"] += k
            t3["carried_forward"]["total"] += k
        elif self.broken == "table3_outcome_total":  # one outcome cell (and its row total) too high
            t3["granted"][col] += k
            t3["granted"]["total"] += k
        elif self.broken == "table4_totals":
            t4[r.choice(TABLE4_GROUPS)]["total"] += k

    # ------------------------------------------------------------------ cells
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
    def _build_table2(self, t2: dict[str, dict[str, Number]]) -> _Table:
        tab = _Table("2")
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

    def _build_table3(self, t3: dict[str, dict[str, Number]]) -> _Table:
        r = self.rng
        tab = _Table("3")
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
            for key, head, telling in _t3_skeleton(self.template):
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

    def _build_table4(self, t4: dict[str, dict[str, Number]]) -> _Table:
        tab = _Table("4")
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

    def _blank_some(self, tab: _Table) -> None:
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

    def _truncate(self, tab: _Table) -> None:
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

    def _render(self, tab: _Table) -> list[str]:
        """The table's lines in its layout (a line may hold several for the cells layout)."""
        layout = self.table_layouts[tab.name]
        r = self.rng
        out: list[str] = []
        images = "images" in self.noise
        unwrap = self.wrapping
        if layout == "tabs":
            pad = r.random() < 0.5
            for cells in tab.rows:
                line = "\t".join([c for c in cells if c is not None])
                if pad and cells[-1] is None:
                    line += "\t" * (len(cells) - len(_rstrip_none(cells)))
                out.append(line.replace("\n", "") if unwrap else line)
                if images and r.random() < 0.03:
                    out.append(self._image())
        elif layout == "cells":
            for cells in tab.rows:
                out.append("\t" + "\n\t".join([c for c in cells if c is not None]) + "\n")
                if images and r.random() < 0.03:
                    out.extend((self._image(), ""))
        elif layout == "markdown":
            width = max(len([c for c in cells if c is not None]) for cells in tab.rows)
            for n, cells in enumerate(tab.rows):
                texts = [c for c in cells if c is not None]
                texts += [""] * (width - len(texts))
                line = "| " + " | ".join(texts) + " |"
                out.append(line.replace("\n", "") if unwrap else line)
                if n == 0:
                    out.append("|" + "|".join(["---"] * width) + "|")
        else:  # spaces
            page = r.randrange(2, 5)
            breaks = "page_breaks" in self.noise
            for cells in tab.rows:
                line = " ".join([c for c in cells if c])
                if line:
                    out.append(line.replace("\n", "") if unwrap else line)
                if breaks and r.random() < 0.08:
                    out.append(r.choice((f"- {page} -", f"— {page} —", f"第 {page} 页 共 6 页")))
                    page += 1
        return out

    def _image(self) -> str:
        self.images += 1
        return self.rng.choice(_IMAGE_LINES).format(n=self.images)

    # ------------------------------------------------------------------ prose
    def _fmt(self, text: str) -> str:
        return text.format(year=self.year, next=self.year + 1, unit=self.unit, name=self.name, up=self.up)

    def _proactive(self) -> tuple[str, dict[str, int | None]]:
        """A sentence on proactive disclosures, and the figures it states."""
        r = self.rng
        counts: dict[str, int | None] = {"total": None, **dict.fromkeys(CHANNEL_KEYS)}
        total = r.randrange(
            20, {"township": 300, "county": 3000, "prefecture": 12000, "department": 600}[self.level]
        )
        short = short_name(self.division.name)
        form = r.random()
        if form < 0.35:
            website = r.randrange(0, total // 2 + 1)
            wechat = r.randrange(0, total - website + 1)
            counts.update(total=total, website=website, wechat=wechat)
            account = short + r.choice(("发布", "在线", "微政务"))
            parts = [f"其中政府网站{website}条", f"微信公众号“{account}”公开{wechat}条"]
            if r.random() < 0.5:
                counts["weibo"] = r.randrange(0, total // 3 + 1)
                parts.append(f"微博“活力{short}”{counts['weibo']}条")
            if r.random() < 0.3:
                counts["douyin"] = r.randrange(0, total // 4 + 1)
                parts.append(f"抖音“大美{short}”{counts['douyin']}条")
            lead = r.choice(("{year}年累计主动公开政府信息{t}条。", "全年共主动公开政府信息{t}条，"))
            return lead.format(year=self.year, t=_count(r, total)) + "，".join(parts) + "。", counts
        if form < 0.6:
            website = r.randrange(0, total + 1)
            counts.update(total=total, website=website)
            lead = r.choice(("{year}年，{unit}共主动公开政府信息", "{year}年主动公开政府信息"))
            return self._fmt(lead) + f"{_count(r, total)}条，其中通过政府网站发布{website}条。", counts
        if form < 0.8:
            counts["total"] = total
            return f"截至{self.year}年12月31日，共以多种形式更新和发布各类信息{_count(r, total)}条。", counts
        website, wechat = r.randrange(0, total + 1), r.randrange(0, total + 1)
        counts.update(website=website, wechat=wechat)
        return (
            f"{self.year}年，在政府网站发布信息{website}条，在“{short}发布”微信公众号推送信息{wechat}条。",
            counts,
        )

    def _applications_sentence(self, received: int) -> str:
        r = self.rng
        if received == 0 and r.random() < 0.8:
            return self._fmt(
                r.choice(
                    (
                        "{year}年，{unit}未收到政府信息公开申请。",
                        "本年度{unit}未接到群众主动要求公开政府信息的申请。",
                    )
                )
            )
        text = r.choice(
            (
                "{year}年，{unit}共收到政府信息公开申请{n}件。",
                "本年度共受理依申请公开{n}件。",
                "{year}年度{unit}共接到{n}次群众主动要求公开政府信息的申请。",
                "全年共受理群众来信来访{x}件，政府信息公开申请{n}件。",
            )
        )
        text = text.replace("{x}", str(r.randrange(received + 5, received + 200)))
        return self._fmt(text.replace("{n}", str(received)))

    def _review_sentence(self, review: int, litigation: int) -> str:
        if review == 0 and litigation == 0 and self.rng.random() < 0.5:
            return self._fmt("{unit}未因政府信息公开申请被提起行政复议、行政诉讼。")
        return (
            self._fmt("{year}年，{unit}因政府信息公开被申请行政复议")
            + f"{review}件，被提起行政诉讼{litigation}件。"
        )

    def _problems(self) -> tuple[list[str], set[str]]:
        """Section 五: problem statements, then measures; returns (paragraphs, categories)."""
        r = self.rng
        if r.random() < 0.04:
            m = r.sample(MEASURES, 2)
            return [
                self._fmt("本年度{unit}政府信息公开工作运行平稳，下一步将继续") + f"{m[0]}，{m[1]}。"
            ], set()
        count = int(_pick(r, {"1": 0.25, "2": 0.5, "3": 0.25}))
        chosen: list[str] = []
        seen: set[str] = set()
        while len(chosen) < count:
            text, cats = r.choice(PROBLEMS)
            if not cats & seen:
                chosen.append(text)
                seen |= cats
        measures = r.sample(MEASURES, r.randrange(2, 4))
        style = r.randrange(5)
        if style == 0:  # sub-headings
            return [
                r.choice(("（一）存在的主要问题", "（一）工作中存在的问题", "（一）主要问题")),
                "；".join(f"{_ORDINALS[k]}是{p}" for k, p in enumerate(chosen)) + "。",
                r.choice(("（二）改进措施", "（二）改进情况")),
                "".join(f"{_ORDINALS[k]}是{m}。" for k, m in enumerate(measures)),
            ], seen
        if style == 1:  # one paragraph (like seed 002)
            return [
                self._fmt(r.choice(_PROBLEM_INTROS))
                + "；".join(f"{_ORDINALS[k]}是{p}" for k, p in enumerate(chosen))
                + "。"
                + self._fmt(r.choice(_MEASURE_INTROS))
                + "".join(f"{_ORDINALS[k]}是{m}。" for k, m in enumerate(measures))
            ], seen
        if style == 2:  # numbered lists (like seed 004)
            return [
                self._fmt(r.choice(_PROBLEM_INTROS)),
                *(f"{k + 1}、{p}；" for k, p in enumerate(chosen)),
                self._fmt(r.choice(_MEASURE_INTROS)),
                *(f"{k + 1}、{m}。" for k, m in enumerate(measures)),
            ], seen
        if style == 3:  # markdown sub-headings (like seed 003)
            return [
                "### （一）工作中存在的问题",
                *(f"{k + 1}、{p}；" for k, p in enumerate(chosen)),
                "### （二）改进措施",
                *(f"{k + 1}、{m}。" for k, m in enumerate(measures)),
            ], seen
        return [
            self._fmt("{unit}政府信息公开工作虽然取得了一定成效，但也存在一些不足：")
            + "，".join(chosen)
            + "。"
            + self._fmt("下一步，{unit}将")
            + "，".join(measures)
            + "。"
        ], seen

    # ------------------------------------------------------------------ the report
    def build(self) -> tuple[str, dict[str, Any]]:
        r = self.rng
        self._choose_region()
        self._names()
        t2, t3, t4 = self._table2(), self._table3(), self._table4()
        if self.broken is not None:
            self._break(t3, t4)

        # narrative figures: key → (sentence, value); a figure counts only if its sentence is printed
        figures: dict[str, tuple[str, Any]] = {}
        proactive_text, proactive = self._proactive()
        received = t3["new_received"]["total"]
        assert isinstance(received, int)
        if self.broken == "narrative_applications" or r.random() < 0.6:
            said = received + (r.randrange(1, 4) if self.broken == "narrative_applications" else 0)
            figures["applications"] = (self._applications_sentence(said), said)
        review, litigation = (
            t4["review"]["total"],
            t4["litigation_direct"]["total"] + t4["litigation_after_review"]["total"],
        )  # type: ignore[operator]
        if self.broken == "narrative_review" or r.random() < 0.4:
            said = review + (r.randrange(1, 3) if self.broken == "narrative_review" else 0)  # type: ignore[operator]
            sentence = self._review_sentence(said, litigation)  # type: ignore[arg-type]
            figures["review"] = (sentence, said)
            figures["litigation"] = (sentence, litigation)
        if r.random() < 0.35:
            k = r.randrange(1, 6)
            said = _small_count(r, k)
            figures["press_conferences"] = (
                r.choice((f"召开了{said}场新闻发布会。", f"全年召开新闻发布会{said}场。")),
                k,
            )
        if r.random() < 0.45:
            k = r.randrange(1, 8)
            said = _small_count(r, k)
            text = r.choice(
                (f"开展各类信息公开培训{said}场。", f"组织政务公开业务培训{said}次。", f"开展培训{said}场。")
            )
            figures["training_sessions"] = (text, k)
        if r.random() < 0.3:
            a, b = r.randrange(0, 20), r.randrange(0, 15)
            if r.random() < 0.2:
                figures["npc_cppcc_combined"] = (f"本年度公开了人大、政协提案{a + b}件。", a + b)
            else:
                text = r.choice(
                    (
                        f"全年共办理人大代表建议{a}件，政协委员提案{b}件，均已按期办结。",
                        f"{self.year}年办理人大建议{a}件、政协提案{b}件，办理结果均已公开。",
                    )
                )
                figures["npc_suggestions"], figures["cppcc_proposals"] = (text, a), (text, b)
        if r.random() < 0.3:
            text = self._fmt(
                r.choice(("本年度未收取信息处理费。", "{unit}在政府信息公开申请办理过程中，未收取任何费用。"))
            )
            figures["fees_yuan"] = (text, 0.0)

        # tables and their noise
        tables = {"2": self._build_table2(t2), "3": self._build_table3(t3), "4": self._build_table4(t4)}
        for tab in tables.values():
            self._blank_some(tab)
        truncated = cut_rest = None
        if "truncated" in self.noise:
            truncated = _pick(r, {"2": 0.3, "3": 0.5, "4": 0.2})
            self._truncate(tables[truncated])
            cut_rest = r.random() < 0.4  # the text jumps from the cut to section 五 (lost pages)
        dropped = None
        if "missing_sections" in self.noise:
            dropped = _pick(
                r, {"overview": 0.3, "other": 0.3, "review_litigation": 0.25, "requests_heading": 0.15}
            )
        problem_lines, categories = self._problems()
        lines, rendered = self._document(
            tables, truncated if cut_rest else None, dropped, proactive_text, figures, problem_lines
        )
        text = "\n".join(lines) + "\n"

        # truth: what the text shows
        narrative: dict[str, Any] = dict.fromkeys(NARRATIVE_KEYS)
        for key, (sentence, value) in figures.items():
            if sentence in text:
                narrative[key] = value
        if proactive_text not in text:
            proactive = {"total": None, **dict.fromkeys(CHANNEL_KEYS)}
        truth_tables: dict[str, dict[str, dict[str, Number]]] = {
            "table2": {k: dict.fromkeys(v) for k, v in t2.items()},
            "table3": {k: dict.fromkeys(v) for k, v in t3.items()},
            "table4": {k: dict.fromkeys(v) for k, v in t4.items()},
        }
        source = {"table2": t2, "table3": t3, "table4": t4}
        template_seen = False
        for name in rendered:
            tab = tables[name]
            template_seen = template_seen or any(k < len(tab.rows) for k in tab.telling)
            target, values = truth_tables["table" + name], source["table" + name]
            if not tab.hidden and not tab.cut:  # every cell of the template shows
                for row, cells in values.items():
                    target[row] = dict(cells)
                continue
            for n, refs in enumerate(tab.refs):
                for k, ref in enumerate(refs):
                    if ref is not None and (n, k) not in tab.hidden:
                        target[ref[1]][ref[2]] = values[ref[1]][ref[2]]
        t3_truth, t4_truth = truth_tables["table3"], truth_tables["table4"]
        region: dict[str, Any] = {
            level: (self.path[level].name if level in self.path else None)
            for level in ("province", "prefecture", "county", "township")
        }
        region["code"] = self.division.code
        y, m, d = self.publish
        truth: dict[str, Any] = {
            "title": self.title,
            "org": self.org,
            "level": self.level,
            "year": self.year,
            "publish_date": f"{y:04d}-{m:02d}-{d:02d}" if self.signed else None,
            "template": self.template if template_seen else None,
            "region": region,
            **truth_tables,
            # the table's figure; the prose's when the table's cell is missing
            "applications": {
                "received": t3_truth["new_received"]["total"]
                if t3_truth["new_received"]["total"] is not None
                else narrative.get("applications")
            },
            "proactive": proactive,
            "narrative": narrative,
            "problem_categories": sorted(categories),
            # consistent tables and prose break no rule, and hiding cells cannot break one
            "failed_checks": failed_checks(t3_truth, t4_truth, narrative) if self.broken else [],
            "variant": {
                "template": self.template,
                "layout": self.layout,
                "table_layouts": dict(self.table_layouts),
                "encoding": self.encoding,
                "noise": sorted(self.noise),
                "broken": self.broken,
                "truncated": truncated,
                "cut_rest": bool(cut_rest),
                "dropped": dropped,
            },
        }
        if "crlf" in self.noise:
            text = text.replace("\n", "\r\n")
        return text, truth

    def _document(
        self,
        tables: dict[str, _Table],
        cut_after: str | None,
        dropped: str | None,
        proactive_text: str,
        figures: dict[str, tuple[str, Any]],
        problem_lines: list[str],
    ) -> tuple[list[str], list[str]]:
        """Assemble the report's lines; returns (lines, names of the tables printed)."""
        r = self.rng
        fw = "fullwidth_spaces" in self.noise
        md = self.layout == "markdown" or r.random() < 0.08
        images = "images" in self.noise
        out: list[str] = []
        rendered: list[str] = []

        def para(text: str) -> None:
            if not text:
                return
            if images and r.random() < 0.1:
                out.append(self._image() + ("" if r.random() < 0.7 else "25 | TEEM B"))
            out.append(("\u3000\u3000" if fw and r.random() < 0.3 else "") + text)
            if self.blank_lines:
                out.append("")

        def heading(index: int) -> None:
            variants = _HEADINGS[index]
            text = variants[0] if r.random() < 0.7 else r.choice(variants[1:])
            if md and r.random() < 0.7:
                text = ("## " if r.random() < 0.6 else "### ") + text
            elif fw and r.random() < 0.4:
                text = "\u3000\u3000" + text
            out.append(text)
            if self.blank_lines:
                out.append("")

        # title
        if r.random() < 0.3:
            out.extend(("", ""))
        title = _space_title(self.title) if not md and r.random() < 0.1 else self.title
        out.append(("# " if md else "") + title)
        out.append("\u3000" if fw and r.random() < 0.5 else "")

        # preamble, with the contact sentence (or at the end) and the parent government
        where = ""
        if r.random() < 0.5:
            road = r.choice(("人民路", "中心街", "府前路", "建设路", "政府街", "振兴路"))
            where = f"地址：{self.place}{road}{r.randrange(1, 999)}号"
        tel = f"电话：{self.phone}" if self.phone else ""
        details = "；".join(x for x in (where, tel) if x)
        contact = f"如对本报告有任何疑问，请与{self.body}{self.contact_office}联系" + (
            f"（{details}）。" if details else "。"
        )
        website = ""
        for lvl in ("county", "prefecture"):
            d = self.path.get(lvl)
            if d is not None and d.code in self.w.slug_by_code and not d.name.endswith(_KEEP):
                if r.random() < 0.4:
                    website = f"本报告电子版可在{d.name}人民政府门户网站（www.{self.w.slug_by_code[d.code]}.gov.cn）查阅和下载。"
                break
        contact_at_end = r.random() < 0.15
        basis = (
            f"根据《{self.parent_mention}人民政府办公室关于做好政府信息公开工作年度报告编制发布工作的通知》要求，"
            if self.parent_mention and r.random() < 0.7
            else ""
        )
        lead = (
            f"在{self.parent_mention}委、{self.parent_mention}政府的正确领导下，"
            if self.parent_mention and not basis
            else ""
        )
        preamble = (
            basis
            + "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）要求编制。"
            "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项。"
            f"本报告所列数据的统计期限自{self.year}年1月1日起至{self.year}年12月31日止。"
        )
        para(preamble + website + ("" if contact_at_end else contact))

        # 一、总体情况
        def fig(*keys: str) -> str:
            seen: list[str] = []
            for key in keys:
                if key in figures and figures[key][0] not in seen:
                    seen.append(figures[key][0])
            return "".join(seen)

        if dropped != "overview":
            heading(0)
            fillers = r.sample(_OVERVIEW[1:], r.randrange(1, 4))
            para(lead + self._fmt(_OVERVIEW[0] + "".join(fillers)))
            requests = fig("applications", "review", "litigation", "fees_yuan")
            if r.random() < 0.5:
                para(_SUBHEADS[0])
                para(proactive_text + fig("press_conferences"))
                para(_SUBHEADS[1])
                para(requests or self._fmt(r.choice(_MANAGEMENT)))
                para(_SUBHEADS[2])
                para(self._fmt(r.choice(_MANAGEMENT)))
                para(_SUBHEADS[3])
                para(self._fmt(r.choice(_PLATFORM)))
                para(_SUBHEADS[4])
                para(self._fmt(r.choice(_SUPERVISION)) + fig("training_sessions"))
            else:
                para(proactive_text + fig("press_conferences", "training_sessions"))
                para(requests)

        stop = False  # a table cut short that takes the rest of the tables with it

        def table(name: str) -> None:
            nonlocal stop
            out.extend(self._render(tables[name]))
            rendered.append(name)
            if self.table_layouts[name] != "cells":
                out.append("")
            stop = cut_after == name

        heading(1)
        para(r.choice(("", "主动公开政府信息情况如下表：", "根据有关要求，主动公开政府信息情况如下：")))
        table("2")
        if not stop:
            if dropped != "requests_heading":
                heading(2)
            para(r.choice(("", "收到和处理政府信息公开申请情况如下表：")))
            table("3")
        if not stop and dropped != "review_litigation":
            heading(3)
            table("4")
        heading(4)
        for line in problem_lines:
            para(line)
        if dropped != "other":
            heading(5)
            para(
                fig("npc_suggestions", "cppcc_proposals", "npc_cppcc_combined")
                + self._fmt(r.choice(_OTHER_MATTERS))
            )
        if contact_at_end:
            para(contact)
        if self.signed:
            out.append("")
            out.append(("    " if r.random() < 0.3 else "") + self.signature)
            out.append(_date_text(r, *self.publish))
        return out, rendered


def _rstrip_none(cells: list[str | None]) -> list[str | None]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_year(year: int) -> str:
    return "".join(_CN_DIGITS[int(ch)] for ch in str(year))


def _cn_small(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _count(rng: random.Random, n: int) -> str:
    """A count in prose: 1,234 now and then for large ones."""
    return f"{n:,}" if n >= 1000 and rng.random() < 0.3 else str(n)


def _small_count(rng: random.Random, n: int) -> str:
    """A small count in prose: mostly digits, sometimes in Chinese (两场, 三次)."""
    if rng.random() < 0.8 or n > 10:
        return str(n)
    return "两" if n == 2 else _cn_small(n)


def _date_text(rng: random.Random, year: int, month: int, day: int) -> str:
    x = rng.random()
    if x < 0.8:
        return f"{year}年{month}月{day}日"
    if x < 0.9:
        return f"{year}年{month:02d}月{day:02d}日"
    return f"{_cn_year(year)}年{_cn_small(month)}月{_cn_small(day)}日"


def _space_title(title: str) -> str:
    """Spaces around the year, as converted PDFs have them ("莱阳市团旺镇 2020 年度…工作 年度报告")."""
    for k, ch in enumerate(title):
        if ch.isdigit():
            end = k
            while end < len(title) and title[end].isdigit():
                end += 1
            return title[:k] + " " + title[k:end] + " " + title[end:].replace("工作年度", "工作 年度")
    return title


# ==================================================================================================
# the checks, computed from the truth


def failed_checks(
    t3: Mapping[str, Mapping[str, Number]],
    t4: Mapping[str, Mapping[str, Number]],
    narrative: Mapping[str, Any],
) -> list[str]:
    """The consistency rules that the tables and prose break, in CHECK_NAMES order.

    A rule whose cells are missing is not broken (it cannot be checked).
    """
    failed: list[str] = []
    nr, co, ot, cf = t3["new_received"], t3["carried_over"], t3["outcome_total"], t3["carried_forward"]
    for c in TABLE3_COLUMNS:
        a, b, x, y = nr[c], co[c], ot[c], cf[c]
        if None not in (a, b, x, y) and a + b != x + y:  # type: ignore[operator]
            failed.append("table3_balance")
            break
    for cells in t3.values():
        row = [cells[c] for c in TABLE3_COLUMNS]
        if None not in row and sum(row[:6]) != row[6]:  # type: ignore[arg-type]
            failed.append("table3_row_totals")
            break
    subrows = any(v is not None for k in OTHER_PROCESSING_SUBROWS for v in t3[k].values())
    outcome = [t3[k] for k in (_T3_OUTCOMES_2021 if subrows else _T3_OUTCOMES_2019)]
    for c in TABLE3_COLUMNS:
        column = [cells[c] for cells in outcome]
        if None not in column and ot[c] is not None and sum(column) != ot[c]:  # type: ignore[arg-type]
            failed.append("table3_outcome_total")
            break
    for cells in t4.values():
        row = [cells[res] for res in TABLE4_RESULTS]
        if None not in row and sum(row[:-1]) != row[-1]:  # type: ignore[arg-type]
            failed.append("table4_totals")
            break
    for name, prose, table in (
        ("narrative_applications", narrative.get("applications"), nr["total"]),
        ("narrative_review", narrative.get("review"), t4["review"]["total"]),
    ):
        if prose is not None and table is not None and prose != table:
            failed.append(name)
    return failed


# ==================================================================================================
# comparing an extracted record with the truth

FIELDS: tuple[str, ...] = (
    "region",
    "year",
    "template",
    "table2",
    "table3",
    "table4",
    "applications",
    "problem_categories",
    "failed_checks",
    "narrative",
    "proactive",
    "publish_date",
    "title",
    "org",
    "level",
)
Mismatch = tuple[str, Any, Any]  # (path, expected, got)


def _same(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is got
    if isinstance(expected, float) or isinstance(got, float):
        return isinstance(got, int | float) and abs(float(expected) - float(got)) < 1e-9
    return bool(expected == got)


def _table_diff(
    name: str, expected: Mapping[str, Mapping[str, Any]], got: Mapping[str, Any] | None
) -> list[Mismatch]:
    got = got or {}
    out: list[Mismatch] = []
    for row, cells in expected.items():
        got_row = got.get(row) or {}
        for col, value in cells.items():
            if not _same(value, got_row.get(col)):
                out.append((f"{name}.{row}.{col}", value, got_row.get(col)))
        for col, value in got_row.items():  # values where the text shows none
            if col not in cells and value is not None:
                out.append((f"{name}.{row}.{col}", None, value))
    for row, got_row in got.items():
        if row not in expected and any(v is not None for v in (got_row or {}).values()):
            out.append((f"{name}.{row}", None, got_row))
    return out


def compare(record: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, list[Mismatch]]:
    """Field → mismatches (path, expected, got) between an extractor record and a report's truth.

    Every name of FIELDS is a key; an empty list means the field is right.  Tables are compared
    cell by cell (None and 0 differ), categories and failed checks as sets.
    """
    out: dict[str, list[Mismatch]] = {f: [] for f in FIELDS}
    region = record.get("region") or {}
    for key, value in truth["region"].items():
        if region.get(key) != value:
            out["region"].append((f"region.{key}", value, region.get(key)))
    for key in ("year", "template", "publish_date", "title", "org", "level"):
        if not _same(truth[key], record.get(key)):
            out[key].append((key, truth[key], record.get(key)))
    for name in ("table2", "table3", "table4"):
        out[name] = _table_diff(name, truth[name], record.get(name))
    received = (record.get("applications") or {}).get("received")
    if not _same(truth["applications"]["received"], received):
        out["applications"].append(("applications.received", truth["applications"]["received"], received))
    for name in ("problem_categories", "failed_checks"):
        expected, got = set(truth[name]), set(record.get(name) or ())
        if expected != got:
            out[name].append((name, sorted(expected), sorted(got)))
    for name in ("narrative", "proactive"):
        got_group = record.get(name) or {}
        for key, value in truth[name].items():
            if not _same(value, got_group.get(key)):
                out[name].append((f"{name}.{key}", value, got_group.get(key)))
    return out


# ==================================================================================================
# the public API


def _noise_rates(noise: Mapping[str, float] | Iterable[str] | None) -> dict[str, float]:
    if noise is None:
        return {}
    rates = (
        {k: float(v) for k, v in noise.items()} if isinstance(noise, Mapping) else dict.fromkeys(noise, 1.0)
    )
    unknown = set(rates) - set(NOISE_KINDS)
    if unknown:
        raise ValueError(
            f"unknown noise kinds: {', '.join(sorted(unknown))} (known: {', '.join(NOISE_KINDS)})"
        )
    return {k: rates[k] for k in NOISE_KINDS if k in rates}


def _weights(
    given: Mapping[str, float] | Iterable[str] | None, default: Mapping[str, float], what: str
) -> dict[str, float]:
    if given is None:
        return dict(default)
    weights = (
        {k: float(v) for k, v in given.items()}
        if isinstance(given, Mapping)
        else {k: default.get(k, 1.0) for k in given}
    )
    unknown = set(weights) - set(default)
    if unknown or not weights:
        raise ValueError(f"unknown or no {what}: {', '.join(sorted(unknown))} (known: {', '.join(default)})")
    return weights


LEVELS: dict[str, float] = {"township": 0.7, "county": 0.14, "prefecture": 0.05, "department": 0.11}


def generate(
    seed: int = 0,
    n: int = 100,
    *,
    layouts: Sequence[str] = LAYOUTS,
    templates: Sequence[str] = ("2019", "2021"),
    encodings: Mapping[str, float] | Iterable[str] | None = None,
    consistent: bool | float = True,
    broken: Sequence[str] = CHECK_NAMES,
    noise: Mapping[str, float] | Iterable[str] | None = DEFAULT_NOISE,
    levels: Mapping[str, float] | Iterable[str] | None = None,
    years: Sequence[int] = tuple(range(2019, 2025)),
    start: int = 0,
) -> Iterator[Synthetic]:
    """Yield `n` synthetic reports, numbered from `start`; report i depends only on (seed, i, options).

    layouts    drawn from ("tabs", "cells", "markdown", "spaces", "mixed": one layout per table)
    templates  "2019" and/or "2021"; with both, 2021 mostly for years from 2021, else the 2019 one
    encodings  names (each as likely as in ENCODINGS) or name → weight; default ENCODINGS
    consistent True; False: every report breaks one rule drawn from `broken`; a float: the share kept
    noise      kind → probability, or kinds applied to every report; None or () for clean reports
    levels     "township", "county", "prefecture", "department" (names, or name → weight)
    """
    bad = [x for x in layouts if x not in LAYOUTS] + [t for t in templates if t not in ("2019", "2021")]
    bad += [b for b in broken if b not in CHECK_NAMES]
    if bad or not layouts or not templates or not broken or not years:
        raise ValueError(f"unknown or empty option values: {bad}")
    world = _world()
    rates = _noise_rates(noise)
    enc = _weights(encodings, ENCODINGS, "encodings")
    lev = _weights(levels, LEVELS, "levels")
    keep = 1.0 if consistent is True else 0.0 if consistent is False else float(consistent)
    layouts, templates, years = tuple(layouts), tuple(templates), tuple(years)
    for i in range(start, start + n):
        rng = random.Random((seed << 32) ^ i)
        report = _Report(rng, world, layouts, templates, enc, rates, keep, broken, lev, years)
        text, truth = report.build()
        ext = "md" if report.layout == "markdown" and i % 2 else "txt"
        yield Synthetic(f"{i // 1000:04d}/{i:07d}.{ext}", text, report.encoding, truth)


@dataclass
class CorpusStats:
    """What write_corpus_stats wrote, and how fast."""

    reports: int = 0
    bytes: int = 0
    seconds: float = 0.0
    workers: int = 1
    by_layout: dict[str, int] = field(default_factory=dict)
    by_encoding: dict[str, int] = field(default_factory=dict)
    by_template: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)

    @property
    def reports_per_second(self) -> float:
        return self.reports / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    def merge(self, other: CorpusStats) -> None:
        self.reports += other.reports
        self.bytes += other.bytes
        for mine, theirs in (
            (self.by_layout, other.by_layout),
            (self.by_encoding, other.by_encoding),
            (self.by_template, other.by_template),
            (self.by_level, other.by_level),
        ):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count


_CHUNK = 500  # reports per unit of work when writing in parallel


def _write_chunk(args: tuple[Path, int, int, int, dict[str, Any]]) -> tuple[str, CorpusStats]:
    """Write reports start..start+count-1; return their manifest lines and counts."""
    out_dir, seed, start, count, kw = args
    stats = CorpusStats()
    lines: list[str] = []
    for report in generate(seed, count, start=start, **kw):
        path = out_dir / report.path_name
        data = report.data()
        try:
            fh = open(path, "wb")  # noqa: SIM115 - the folder is made on first need
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(path, "wb")  # noqa: SIM115
        with fh:
            fh.write(data)
        truth = report.truth
        line = {"path": report.path_name, "encoding": report.encoding, **truth}
        lines.append(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        stats.reports += 1
        stats.bytes += len(data)
        for counter, key in (
            (stats.by_layout, truth["variant"]["layout"]),
            (stats.by_encoding, report.encoding),
            (stats.by_template, truth["template"] or "none"),
            (stats.by_level, truth["level"]),
        ):
            counter[key] = counter.get(key, 0) + 1
    return "".join(line + "\n" for line in lines), stats


def write_corpus_stats(
    out_dir: Path, n: int, seed: int = 0, *, workers: int | None = None, **kw: Any
) -> CorpusStats:
    """Write `n` reports under out_dir (folders of 1,000) plus truth.jsonl, streaming; return stats.

    Each truth.jsonl line is the report's truth with its ``path`` (relative to out_dir) and
    ``encoding``, in report order.  ``workers`` processes generate chunks of reports in parallel
    (default: one per CPU, at most 8; 1 for small corpora); the output is the same whatever their
    number.  Other keyword arguments go to :func:`generate`.  Memory stays bounded: a few chunks
    of manifest lines are in flight at a time.
    """
    for _ in generate(seed, 0, **kw):  # check the options before anything is written
        pass
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if n < 4 * _CHUNK else min(os.cpu_count() or 1, 8)
    stats = CorpusStats(workers=max(1, workers))
    started = time.perf_counter()
    _world()  # loaded once here, inherited by forked workers
    jobs = [(out_dir, seed, start, min(_CHUNK, n - start), kw) for start in range(0, n, _CHUNK)]
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as manifest:
        if workers <= 1:
            results: Iterable[tuple[str, CorpusStats]] = map(_write_chunk, jobs)
            for lines, part in results:
                manifest.write(lines)
                stats.merge(part)
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            with context.Pool(workers) as pool:
                for lines, part in pool.imap(_write_chunk, jobs):
                    manifest.write(lines)
                    stats.merge(part)
    stats.seconds = time.perf_counter() - started
    return stats


def write_corpus(out_dir: Path, n: int, seed: int = 0, **kw: Any) -> int:
    """Write `n` reports and a truth.jsonl manifest to out_dir; returns the number written.

    Keyword arguments: ``workers`` (see :func:`write_corpus_stats`) and those of :func:`generate`.
    """
    return write_corpus_stats(out_dir, n, seed, **kw).reports
