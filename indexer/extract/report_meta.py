"""Who wrote a report, for which year, and when: title, org, covered year, publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator

from indexer.extract.normalize import squeeze
from indexer.extract.numerals import parse_number
from indexer.extract.offices import (
    compiling_body,
    is_party_body,
    names_a_work_office,
    reporting_body,
    reports_on_itself,
    township_office,
)

FIRST_YEAR = 2008  # the 2007 regulations took effect on 1 May 2008
_CN_YEAR = r"[〇○零O一二三四五六七八九]{4}"
_CN_SMALL = r"[一二三四五六七八九十]{1,3}"
_YEAR = rf"(\d{{4}}|{_CN_YEAR})"
_DATE = re.compile(rf"{_YEAR}\s*年\s*(\d{{1,2}}|{_CN_SMALL})\s*月\s*(\d{{1,2}}|{_CN_SMALL})\s*日")
_ISO_DATE = re.compile(r"(20\d{2})[-./](\d{1,2})[-./](\d{1,2})")
_PERIOD = re.compile(
    rf"(?:统计|期限|时限|时间|区间)[^。\n]{{0,14}}?{_YEAR}\s*年\s*(?:1|一)\s*月\s*(?:1|一)\s*日"
)
_TITLE_YEAR = re.compile(rf"{_YEAR}\s*年")
_ORG_SUFFIX = (
    r"人民政府办公室|人民政府办公厅|人民政府|街道办事处|办事处|政府|管理委员会|管委会|委员会|"
    r"局|厅|委|办公室|办|署|中心|院|所|站|队|馆|处|社|会|公司"
)
_CONTACT_ORG = re.compile(
    rf"请与\s*(?P<org>[^\s，,。（(：:；;]{{2,40}}?(?:{_ORG_SUFFIX}))\s*(?P<tail>[^\s，,。（(]{{0,12}})?联系"
)
_SIGNATURE_ORG = re.compile(rf"^[^\d，,。：:；;（(]{{2,40}}(?:{_ORG_SUFFIX})$")
_REPORT_WORDS = re.compile(r"报告|年报")


_TITLE_LABEL = re.compile(
    r"^(?:(?:公报|信息|文章)?标\s*题\s*[:：]?|(?:名\s*称|文件名称|信息名称|文章标题)\s*(?:[:：]|\s))\s*"
)
# a date the page prints after the title ("XX街道2024年…年度报告 2025-01-22")
# (a list row may name the body between: "…年度报告 上海市统计局 2018-02-24")
_TITLE_DATE = re.compile(
    r"\s+(?:[\u4e00-\u9fff]{2,20}\s+)?(20\d{2})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# the report speaking of itself ("我局办公室", "本单位"): it names no body
_SELF_REFERENCE = re.compile(r"^[我本](?:单位|部门|机关|[局委办厅院署所站队镇乡区县市])")
# a label whose value (a word from a fixed list) may stand on the next line: "公开范围:" / "面向社会"
_VALUE_LABEL = re.compile(
    r"(?:公开范围|公开方式|公开形式|公开时限|组配分类|主题分类|信息分类|体裁分类|服务对象"
    r"|发布机构|发布单位|发文机关|信息来源|来源)\s*[:：]$"
)
# a note on the page's version after the title ("…年度报告(文字版)", "(修改)"); (全文) and (摘要) stay
_TITLE_NOTE = re.compile(
    r"(?<=报告|年报)\s*[(（](?:文字版|图文版|图解版|图片版|修改|修改版|修订版|更正版)[)）]$"
)
_PAIR = re.compile(r"^[-•*·\s]*[\u4e00-\u9fff]{2,8}\s*[:：]\s*")
# a title's label cut short by the page's layout: "称:" of 名称:, "题:" of 标题:
_CUT_LABEL = re.compile(
    "^(?:"
    + "|".join(
        sorted(
            {
                label[i:]
                for label in ("名称", "标题", "文件名称", "信息名称", "文章标题")
                for i in range(1, len(label))
            }
        )
    )
    + r")\s*[:：]\s*(?=\S)"
)
_FILE_SUFFIX = re.compile(r"\.(?:docx?|pdf|wps|html?)$", re.IGNORECASE)
_CHROME = re.compile(
    r"[>›»|•●▪]|当前位置|所在位置|现在的位置|当前页面|首页|热搜|索引号|发布机构|字号|打印|分享"
    r"|文号|组配分类|信息分类|主题分类|发文机关|成文日期|[:：]$"  # metadata labels
    r"|上一篇|下一篇|相关链接|相关文章|相关阅读"  # links to other pages
)
_REPORT_TITLE = re.compile(  # a short note may follow: (全文), (摘要), (修改)
    r"(?:(?:政府信息公开|政务公开|信息公开)[^。，,；;]{0,12}(?:报告|年报)|年度报告|工作报告)(?:[(（][^()（）\d]{1,4}[)）])?$"
)
_ALIAS_NOTE = re.compile(r"[（(](?:以下)?简称[^（()）]{0,20}[）)]")  # "(以下简称县政府办公室)"
_WORK_NAME = re.compile(r"(?:信息公开|政务公开)(?:工作)?$")
_GOVERNMENT = re.compile(r"(?:人民|[省市县区镇乡旗州盟])政府$")
# a report printed on one line: "XX县…年度报告 一、总体情况 2019年，…"
_RUN_ON_BODY = re.compile(r"\s+一[、.]\s*(?:总体情况|概述)")
_TITLE_HEAD = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?$|\d{4}\s*年度?$")
_PREAMBLE_TITLE = re.compile(
    rf"(?:公布|发布|编制了?|编写了?|形成了?|印发|现将)\s*《?(?P<title>(?:[^《》，,。；;\n]{{2,40}}?{_YEAR}\s*年度?"
    rf"|{_YEAR}\s*年度?[^《》，,。；;\n\d]{{2,30}}?)"  # "特公布2017年度荆州市民政局信息公开工作年度报告"
    r"(?:政府信息公开|政务公开|信息公开)[^《》，,。；;\n]{0,12}?报告)"
)


def _title_candidate(line: str) -> str:
    text = _TITLE_DATE.sub("", _RUN_ON_BODY.split(line.strip(), maxsplit=1)[0])
    alias = _ALIAS_NOTE.search(text)  # "XX县2009年…年度报告(以下简称年报)根据《条例》…"
    if alias and _REPORT_TITLE.search(text[: alias.start()]):
        text = text[: alias.start()]
    text = _FILE_SUFFIX.sub("", _TITLE_LABEL.sub("", squeeze(_TITLE_LABEL.sub("", text.strip())))).strip()
    text = _TITLE_NOTE.sub("", text)
    label = _CUT_LABEL.match(text)
    return text[label.end() :] if label and _REPORT_TITLE.search(text) else text


_HEAD_MIN, _HEAD_MAX, _HEAD_LINES = 60, 200, 60


def head_lines(lines: list[str], first_section: int | None) -> list[str]:
    """The lines a title can be on: those before the report's first section (a web page printed to
    PDF keeps its menus, dozens of lines), at least the first 60 and at most 200."""
    end = _HEAD_MIN if first_section is None else min(max(first_section, _HEAD_MIN), _HEAD_MAX)
    return lines[:end]


def find_title(lines: list[str], page_title: str | None = None) -> str:
    """The report's title: the page's own title when it names a report, else the first line of the
    head (``head_lines``) that reads as a report title (not a menu, breadcrumb or metadata label),
    joining a title wrapped over two lines, and preferring one that names the body ("2022年…年度报告"
    above "XX镇人民政府" / "2022年…年度报告"); else the title the preamble quotes; "" when there is
    none."""
    fallback = ""
    if page_title:
        candidate = _title_candidate(page_title)
        if _REPORT_TITLE.search(candidate) and not _CHROME.search(candidate):
            if _TITLE_YEAR.search(candidate) and org_from_title(candidate):
                return candidate
            fallback = candidate  # a generic title ("2022年…年度报告"): the body's may name more
    early = [_title_candidate(line) for line in lines if line.strip()][:_HEAD_LINES]
    named, named_at = "", 0  # a title naming the body but not the year: a column's name just above
    for at, title in _body_titles(early):  # the heading that names it
        org = org_from_title(title)
        if not org:
            fallback = fallback or title
        elif _TITLE_YEAR.search(title) and (not named or at - named_at <= 2):
            return _fuller(title, org, at, early)
        elif not named:
            named, named_at = title, at
    if named:
        return named
    # a heading that names no body ("2025年政府信息公开工作年度报告") gives way to the preamble's
    # mention of the same year's report, which does ("现向社会公布《XX局2025年度…年度报告》")
    year = _TITLE_YEAR.search(fallback)
    for title, _ in _preamble_titles("\n".join(early)):
        if not fallback or (year and year.group(0) in title and not org_from_title(fallback)):
            return title
    return fallback


def _fuller(title: str, org: str, at: int, early: list[str]) -> str:
    """The same title a few lines on with the body's name in full ("区退役军人事务局2022年…" above
    "广州市越秀区退役军人事务局2022年…"): pages print a short column title above the heading."""
    for later_at, later in _body_titles(early):
        if at < later_at <= at + 4:
            named = org_from_title(later) or ""
            year = _TITLE_YEAR.search(later)
            if len(named) > len(org) and named.endswith(org) and year and year.group(0) in title:
                return later
    return title


def _body_titles(early: list[str]) -> Iterator[tuple[int, str]]:
    """The early lines that read as a report title, each joined with its wrapped part, with its place."""
    for i, line in enumerate(early):
        if not line or len(line) > 80 or _CHROME.search(line) or "。" in line or "《" in line:
            continue
        pair = _PAIR.match(line)  # "信息类别: 政府信息公开年报" is metadata, "海淀区: 2022年…报告" a title
        if pair and not _whole_title(line[pair.end() :]):
            continue
        if _REPORT_TITLE.search(line):
            if (
                i > 0
                and _TITLE_HEAD.search(early[i - 1]) is None
                and _joins_before(early[i - 1], line)
                and not (i > 1 and _VALUE_LABEL.search(early[i - 2]))  # "公开范围:" / "面向社会"
            ):
                yield i, early[i - 1] + line
            else:
                yield i, line
        elif (
            i + 1 < len(early)
            and _REPORT_TITLE.search(line + early[i + 1])
            and len(early[i + 1]) <= 20
            and not _whole_title(early[i + 1])  # a wrapped tail, not a title of its own
            and not _CHROME.search(early[i + 1])
        ):
            yield i, line + early[i + 1]


def _whole_title(line: str) -> bool:
    """A line that is a report title by itself: it names the year or the body."""
    return bool(_REPORT_TITLE.search(line) and (_TITLE_YEAR.search(line) or org_from_title(line)))


def _joins_before(previous: str, line: str) -> bool:
    """A title's first line (the body's name) printed above a line that starts with the year."""
    return bool(
        re.match(rf"^{_YEAR}\s*年", line)
        and 2 <= len(previous) <= 30
        and re.search(rf"(?:{_ORG_SUFFIX}|[县区市镇乡旗州盟]|关于)$", previous)
        and not _CHROME.search(previous)
        and not re.search(r"[。:：]", previous)  # a sentence or a metadata pair is no title's part
    )


def org_from_title(title: str) -> str | None:
    """The body named before the year in the title ("莱阳市团旺镇2020年…" → "莱阳市团旺镇")."""
    text = re.sub(r"^(?:[(（][^()（）]{1,6}[)）])?(?:关于)?", "", title)  # "(文字版)2017年芜湖市…"
    text = re.sub(rf"^{_YEAR}\s*年度?", "", text)  # "2023年度政府信息公开…" names no body
    if re.match(r"^(?:政府信息公开|政务公开|信息公开|政府信息|工作)", text):
        return None
    match = re.match(rf"^(.+?)\s*{_YEAR}\s*(?:年|年度)", text)
    if not match:
        match = re.match(r"^(.+?)(?:信息公开|政务公开)", text)  # 政府 stays a government's
    if not match:
        return None
    org = re.sub(r"关于$", "", _ALIAS_NOTE.sub("", match.group(1)).strip(" ,，:：")).strip()
    org = re.sub(r"\s*\d{4}$", "", _without_work_name(org))  # "XX厅2020政府信息公开…": a year without 年
    if re.search(r"[《》。，,]|^(?:根据|依据|按照)", org):
        return None
    return org if len(org) >= 2 and re.search(r"[\u4e00-\u9fff]{2}", org) else None


def _without_work_name(org: str) -> str:
    """The body without the work it reports on: "伊宁县政府信息公开工作" → "伊宁县政府", "XX局政府信息公开工作" → "XX局"."""
    body = _WORK_NAME.sub("", org)
    if body.endswith("政府") and not _GOVERNMENT.search(body):
        body = body[:-2]
    return body or org


def _preamble_titles(text: str) -> Iterator[tuple[str, str]]:
    """The preamble's own mentions of the report ("现公布XX局2020年…年度报告") that name the body
    ("我旗2021年度…" does not), with the body."""
    for match in _PREAMBLE_TITLE.finditer(text[:3000]):
        org = org_from_title(match.group("title"))
        if not org or re.match(r"^(?:[我本该各全]|(?:省|市|县|区)(?:人民)?政府)", org):  # "我旗", "区政府"
            continue
        if re.match(r"\d", match.group("title")) and not _announced_own(text, match, org):
            continue
        yield _ALIAS_NOTE.sub("", match.group("title")), org


def _announced_own(text: str, match: re.Match[str], org: str) -> bool:
    """A year-first mention is the report's own when the preamble announces it ("特公布…", "现将…")
    and it names a place besides a level word ("2017年度荆州市民政局…", not "2021年度县民政局…")."""
    announced = re.search(r"(?:特|现|予以|向社会)\s*$", text[max(0, match.start() - 4) : match.start()])
    before = text[: match.start()]  # "根据《条例》规定，编制2023年度XX局…报告。", the report's first sentence
    first_sentence = "。" not in before and not re.search(r"(?:^|\n)\s*一[、.]", before)
    return bool(announced or first_sentence or match.group(0).startswith("现将")) and bool(
        re.search(r"[省市县区旗州盟镇乡]|街道", org[1:])
    )


def org_from_preamble(text: str) -> str | None:
    """The body named in the preamble's own mention of the report."""
    return next((org for _, org in _preamble_titles(text)), None)


def org_from_signature(lines: list[str]) -> str | None:
    """The signing body in the last lines (a short line ending in a body's suffix)."""
    tail = [squeeze(line.strip()) for line in lines[-12:] if line.strip()]
    return next((line for line in reversed(tail) if _signing_body(line)), None)


def _signing_body(line: str) -> bool:
    return bool(_SIGNATURE_ORG.match(line)) and "报告" not in line


_CONTACT_NOTE = re.compile(r"^(?:如|若)(?:对|有)[^。]{0,30}(?:疑问|意见|问题)[^。]*(?:联系|咨询)")


def closing_start(lines: list[str]) -> int:
    """Where the report's close begins in its last lines: the date, the signing body above a date,
    and the note on whom to contact ("如对本报告有任何疑问，请与…联系"); len(lines) when none."""
    end = len(lines)
    if end and (_DATE.fullmatch(text := squeeze(lines[end - 1].strip())) or _ISO_DATE.fullmatch(text)):
        end -= 1
        if end and _signing_body(squeeze(lines[end - 1].strip())):  # a body's name alone may be a measure
            end -= 1
    while end and _CONTACT_NOTE.match(squeeze(lines[end - 1].strip())):
        end -= 1
    return end


def org_from_contact(text: str) -> str | None:
    """The body named in "如有疑问，请与…联系" (its office there is only the contact point, unless
    the report is the office's own: "我办", "本办")."""
    match = _CONTACT_ORG.search(text)
    if not match:
        return None
    tail = match["tail"] or ""  # a township's office named after its district's government
    if names_a_work_office(match["org"] + tail):  # "湖南省交通运输厅|政府信息公开领导小组办公室"
        return reporting_body(match["org"] + tail)
    named = match["org"] + tail if township_office(tail) else match["org"]
    if named.endswith("人民政府") and re.match(r"办公[室厅]", tail):
        named += tail[:3]  # "钦州市人民政府|办公室文电科": the government's office
    office = re.match(r"^(.+?(?:人民政府|街道办事处|办事处))(?:党政)?(?:综合)?办(?:公室)?$", named)
    if office and reports_on_itself(office.group(1), text):
        return named  # "钦州市人民政府办公室", and the report says 我办
    return reporting_body(office.group(1) if office else named)


_COMPILER = re.compile(
    r"(?:本(?:年度)?报告|年报)[^。]{0,80}?由\s*"
    rf"(?P<org>[^\s，,。（(《》]{{2,36}}?(?:{_ORG_SUFFIX}|领导小组))\s*(?:负责|统一|牵头)?(?:汇总)?(?:编制|编写|起草)"
)


def org_from_compiler(text: str) -> str | None:
    """The body that "本报告由…编制" names (see ``offices.compiling_body``)."""
    head = re.sub(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])", "", text[:3000])  # "由…司法\n局编制"
    match = _COMPILER.search(head)
    return compiling_body(match["org"], head) if match else None


_BODY_ORG = re.compile(
    r"(?:^|[。\n])\s*(?:[(（][一二三四五六七八九十]+[)）][^。\n]{0,12}?[。.]\s*)?(?:\d{4}年度?[，,]?\s*)?"
    r"(?:在[^。\n]{0,30}?(?:领导|指导|支持|部署)下[，,]\s*)?"  # "在区委、区政府的坚强领导下，"
    r"(?P<org>[\u4e00-\u9fff]{2,24}?(?:局|委员会|办公室|办公厅|中心|厅|委|人民政府|街道办事处|管理委员会))"
    r"(?:在[^。\n]{0,30}?(?:领导|指导|支持|部署)下[，,]?\s*)?"  # "XX局在区委、区政府的坚强领导下,"
    r"(?:以|全面|认真|坚持|严格|深入|始终|紧紧|持续|积极|按照|根据|围绕|高度|进一步|不断|扎实|切实|聚焦)"
)


def org_from_body(text: str) -> str | None:
    """A body that opens a sentence of the report's first part ("西城区政务服务管理局持续强化…")."""
    for match in _BODY_ORG.finditer(text[:4000]):
        org = match.group("org")
        if re.match(r"^(?:(?:我|本|各|全|该|市|县|区|省)(?:局|委|办|厅|中心)|局|委|办|厅)", org):
            return None
        if not is_party_body(org):  # "XX县委在市委的坚强领导下…": the party's, read on
            return reporting_body(org)
    return None


# where the reporting body may be named, in the order they are asked (each is a clue of the region)
ORG_SOURCES = ("title", "byline", "signature", "preamble", "compiler", "contact", "body")


def find_org(title: str, lines: list[str], text: str) -> tuple[str | None, str]:
    """The reporting body as written, and where it was found (one of ORG_SOURCES)."""
    finders: dict[str, Callable[[], str | None]] = {
        "title": lambda: org_from_title(title),
        "signature": lambda: org_from_signature(lines),
        "byline": lambda: _org_under_title(title, lines, text),
        "preamble": lambda: org_from_preamble(text),
        "compiler": lambda: org_from_compiler(text),
        "contact": lambda: org_from_contact(text),
        "body": lambda: org_from_body(text),
    }
    for source in ORG_SOURCES:  # in order, each only when the ones before found nothing
        if (value := finders[source]()) and not _SELF_REFERENCE.match(value):
            return _in_full(value, lines), source
    return None, ""


def _org_under_title(title: str, lines: list[str], text: str) -> str | None:
    """The body printed on the line under a title that names none ("2011年政府信息公开工作年度报告" /
    "洛江区文体旅游新闻出版局"), read as a compiler's name (an office speaks for its body)."""
    key = squeeze(title)
    if not key or org_from_title(title):
        return None
    rest = iter(squeeze(line) for line in lines[:_HEAD_MAX])
    for line in rest:
        if line.endswith(key):
            name = next((nxt for nxt in rest if nxt), "")
            if not _SIGNATURE_ORG.match(name) or _CHROME.search(name) or re.search(r"网站|网$", name):
                return None
            if re.match(r"^(?:我|本|该|各|全|[县市区省])", name):
                return None  # "县政府办" names no place
            return compiling_body(name, text) or name  # "国家统计局" names none either, and needs none
    return None


_LEVEL_WORD = re.compile(r"^(?:自治区|自治州|自治县|省|市|县|区|州|盟|旗)")


def _in_full(org: str, lines: list[str]) -> str:
    """An org that opens with its level's word alone ("自治区自然资源厅", "县教育局") in its full form
    when a line at the top of the page (the site's name) prints it ("新疆维吾尔自治区自然资源厅")."""
    if not _LEVEL_WORD.match(org):
        return org
    for line in lines[:12]:
        name = squeeze(line)
        if name.endswith(org) and len(org) < len(name) <= len(org) + 12 and not re.search(r"[:：]", name):
            return name
    return org


def _valid_year(year: int, today: dt.date | None = None) -> bool:
    return FIRST_YEAR - 1 <= year <= (today or dt.date.today()).year


def find_year(title: str, text: str, publish: dt.date | None, warnings: list[str]) -> int | None:
    """The calendar year the report covers (not the year it was published)."""
    period = [parse_number(m.group(1)) for m in _PERIOD.finditer(text[:6000])]
    period = [y for y in period if _valid_year(y)]
    titled = [parse_number(m.group(1)) for m in _TITLE_YEAR.finditer(title)]
    titled = [y for y in titled if _valid_year(y)]
    if period and titled and period[0] != titled[0]:
        warnings.append(f"year: the title says {titled[0]}, the statistics period {period[0]}")
    if titled:
        return titled[0]
    if period:
        return period[0]
    mentioned = Counter(
        parse_number(m.group(1))
        for m in re.finditer(r"(\d{4})\s*年", text[:4000])
        if _valid_year(int(m.group(1)))
    )
    if publish is not None and publish.month <= 6 and mentioned.get(publish.year - 1):
        return publish.year - 1
    if mentioned:
        return mentioned.most_common(1)[0][0]
    return publish.year - 1 if publish else None


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(parse_number(year), parse_number(month), parse_number(day))
    except (ValueError, KeyError):
        return None


_RANGE = re.compile(r"\s*(?:起|至|到|[-—~～])")  # "2020年1月1日至…": a period, not a date
_DATE_LABEL = re.compile(
    r"(?<![计限止前集问理议办施])(?:(?:发布|成文|印发|更新|生成|公开)?(?:日期|时间)(?:/[^:：\s]{1,4})?\s*[:：]"
    r"|(?:发布|成文|印发|公开)(?:日期|时间)\s+(?=\d{4}\s*[-./年])"  # "公开日期 2020-01-20"
    r"|(?:发布|成文|印发|公开)(?:日期|时间)\s*$)\s*(.{0,20})"  # "发布日期" alone, its value below
)


# a page's byline: the site or source, then the date ("安徽省信息公开  2015/3/27")
_BYLINE_DATE = re.compile(
    r"\s(20\d{2})[-./](\d{1,2})[-./](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:\s+来源[:：]\S*)?(?:\s*[【\[]?\s*(?:字体|字号|打印|分享|浏览|点击|放大|正常|缩小)\S*)*$"  # widgets
)


def _beside_title(lines: list[str], title: str) -> list[str]:
    """The lines just above and below the title when it is printed below a page's menus."""
    key = squeeze(title)[:10]  # its opening (the body's name, mostly), on a heading's short line
    if not key:
        return []
    for number, line in enumerate(lines[:_HEAD_MAX]):
        if squeeze(line).startswith(key) and len(squeeze(line)) <= len(squeeze(title)) + 10:
            return (
                [ln.strip() for ln in lines[max(number - 2, 0) : number + 6] if ln.strip()]
                if number >= 8
                else []
            )
    return []


def _label_rank(label: str) -> int:
    """How surely a date label names the publication: 发布/公开 first, a bare 日期/时间, then 成文/生成/更新."""
    if re.search(r"发布|公开", label):
        return 0
    return 2 if re.search(r"成文|印发|生成|更新", label) else 1


def _labelled_date(top: list[str], beside: list[str]) -> dt.date | None:
    """The surest labelled date in the page's first lines (a label's value may be the next line; past
    the eighth line no 成文/生成/更新 label counts) and beside the title."""
    near = top + beside
    found: list[tuple[int, int, dt.date]] = []
    for place, line in enumerate(near):
        for labelled in _DATE_LABEL.finditer(line):
            value = labelled.group(1) or (near[place + 1] if place + 1 < len(near) else "")  # "发布日期:"
            match = _DATE.search(value) or _ISO_DATE.search(value[:14])  # "[2024-01-26]", "星期五 2024-…"
            rank = _label_rank(labelled.group(0)[: labelled.start(1) - labelled.start()])
            if not match or _RANGE.match(value, match.end()) or (8 <= place < len(top) and rank > 1):
                continue
            if (date := _date(*match.groups())) is not None:
                found.append((rank, place, date))
    return min(found)[2] if found else None


def find_publish_date(lines: list[str], title: str = "") -> dt.date | None:
    """The page's labelled date near the top or beside the title (发布日期：, 时间：, not 统计时间：),
    else the date under the signature, else an unlabelled page date near the top: a short line that
    opens with it
    ("2024-01-26 XX县人民政府办公室"), the title followed by it ("XX街道2024年…年度报告 2025-01-22"),
    or a byline that ends with it ("XX市人民政府门户网站 www.….gov.cn 2023-01-28")."""
    top = [line.strip() for line in lines[:24] if line.strip()][:12]  # labels may stand above their values
    labelled = _labelled_date(top, _beside_title(lines, title))
    if labelled is not None:
        return labelled
    tail = [line.strip() for line in lines[-10:] if line.strip()]
    for line in reversed(tail):
        match = _DATE.search(line)
        if match and len(squeeze(line)) <= 24 and not _RANGE.match(line, match.end()):
            return _date(*match.groups())
    for line in top:
        match = _ISO_DATE.match(line) or _DATE.match(line)
        if match and len(squeeze(line)) <= 40 and not _RANGE.match(line, match.end()):
            return _date(*match.groups())
        dated = _TITLE_DATE.search(line)
        if dated and _REPORT_TITLE.search(squeeze(line[: dated.start()])):
            return _date(*dated.groups())
        byline = _BYLINE_DATE.search(line)
        if byline and len(squeeze(line)) <= 80 and "。" not in line:
            return _date(*byline.groups())
    return None
