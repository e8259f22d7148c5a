"""Figures stated in the prose: proactive disclosures per channel, applications, meetings, fees."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.extract.numerals import parse_number

# Channel names, most specific first; the value is the key in `proactive`.
CHANNELS: tuple[tuple[str, str], ...] = (
    ("微信公众号", "wechat"),
    ("公众号", "wechat"),
    ("微信", "wechat"),
    ("微博", "weibo"),
    ("抖音", "douyin"),
    ("快手", "kuaishou"),
    ("今日头条", "toutiao"),
    ("头条号", "toutiao"),
    ("客户端", "app"),
    ("门户网站", "website"),
    ("政府网站", "website"),
    ("政务网站", "website"),
    ("信息网", "website"),
    ("网站", "website"),
    ("政府网", "website"),
    ("公开栏", "bulletin_board"),
    ("公示栏", "bulletin_board"),
    ("宣传栏", "bulletin_board"),
)
CHANNEL_KEYS = tuple(dict.fromkeys(key for _, key in CHANNELS))
_CHANNEL_RE = re.compile("|".join(re.escape(word) for word, _ in CHANNELS))
_CHANNEL_KEY = dict(CHANNELS)
_WEBSITE = re.compile("|".join(re.escape(word) for word, key in CHANNELS if key == "website"))
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+)"  # digits, with thousands separators
_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+|[一二两三四五六七八九十百]{1,4})"  # small counts are often words
_ITEM_COUNT = re.compile(rf"{_NUM}\s*(?:条|篇|则|期|个)")
_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*万|\d+)"  # a total may be written in ten thousands
# "主动向社会公开…", "主动向广大群众公开…" (said to the public; not "主动向新闻媒体发布")
_PROACTIVELY = r"主动(?:向(?:社会|公众|社会公众|群众|广大群众|人民群众|市民|广大市民))?(?:公开|发布)"
_NO_BREAK = r"[^。;\n]"

_TOTAL = (
    re.compile(
        rf"(?:共|累计|合计|总计|全年){_NO_BREAK}{{0,30}}?(?:公开|发布|更新|推送){_NO_BREAK}{{0,20}}?{_AMOUNT}\s*(?:条|篇|则)"
    ),
    re.compile(  # "公开信息共N条": one clause ("信息公开,全年共制发N条" is not about what was disclosed)
        rf"(?:公开|发布)[^。;,\n]{{0,20}}?(?:共|累计|合计|总计|达){_NO_BREAK}{{0,10}}?{_AMOUNT}\s*(?:条|篇|则)"
    ),
    re.compile(rf"{_PROACTIVELY}{_NO_BREAK}{{0,16}}?{_AMOUNT}\s*(?:条|篇|则|份|件)"),
    # "2021年公开政府信息3条": the year's disclosures, the year opening the clause
    re.compile(
        rf"(?:^|(?<=[，,。；;\n]))\s*\d{{4}}\s*年度?[，,]?\s*(?:共|累计)?(?:公开|发布)(?:各类|政府)*信息"
        rf"{_AMOUNT}\s*(?:条|篇|则)(?![^，,。；;\n]{{0,6}}相比)"
    ),
    # "主动公开涉及疫情防控、社会救助…等方面信息423条", "主动公开《条例》第二十条规定的相关政府信息4884条":
    # a list of topics, or the rule, then the count
    re.compile(
        rf"{_PROACTIVELY}{_NO_BREAK}{{0,60}}?(?:等|规定的){_NO_BREAK}{{0,6}}?信息{_AMOUNT}\s*(?:条|篇|则|份|件)"
    ),
)
# what the website published, in all: "共在门户网站公开…N条", or a count that the next words break
# down ("通过门户网站公开各类信息46条。其中工作动态类36条…")
_WEBSITE_TOTALS = (
    _TOTAL[0],
    re.compile(
        rf"(?:{_WEBSITE.pattern}){_NO_BREAK}{{0,20}}?(?:公开|发布){_NO_BREAK}{{0,12}}?{_NUM}\s*(?:条|篇|则)[。;,]?\s*其中"
    ),
)
# a count on one channel, or of one kind of document ("主动公开区政府规范性文件4件", a row of table 1;
# not a list of topics that names it), is not the total
_NOT_TOTAL = re.compile(rf"{_CHANNEL_RE.pattern}|(?:规范性文件|其他文件)(?:共计?|合计|累计)?\s*\d")
# the parts' sum written after them in the same sentence ("基础信息135条,…水利领域信息81条,合计共221条")
_SUM = re.compile(rf"(?:合计|总计|共计)共?\s*{_AMOUNT}\s*(?:条|篇|则)")
# a clause counting up to now ("截至目前共发布592条信息") gives a figure to date, not the year's
_TO_DATE_CLAUSE = re.compile(r"[^,。;\n]*(?:截[至止](?:目前|今)|至今|迄今)[^,。;\n]*")
_APPLICATIONS = (
    re.compile(
        rf"(?:收到|受理|接到|接收|办理){_NO_BREAK}{{0,20}}?{_COUNT}\s*(?:件|次|个|条|份|宗)[^。;,\n]{{0,24}}?申请"
    ),
    re.compile(
        rf"(?:收到|受理|接到|接收){_NO_BREAK}{{0,12}}?申请{_NO_BREAK}{{0,8}}?{_COUNT}\s*(?:件|次|个|条|份|宗)"
    ),
    re.compile(rf"(?:政府)?信息公开申请[^。;,\n]{{0,6}}?{_COUNT}\s*(?:件|次|个|份|宗)"),
)
_NOT_APPLICATIONS = re.compile(r"复议|诉讼|建议|提案|信访|来信|来访|投诉|举报")
_NO_APPLICATIONS = re.compile(rf"(?:未|没有|无)(?:收到|受理|接到|接收){_NO_BREAK}{{0,24}}?申请")
_REVIEW = re.compile(rf"行政复议[^。;,\n、]{{0,6}}?{_COUNT}\s*(?:件|起|次|宗)")
_LITIGATION = re.compile(rf"行政诉讼[^。;,\n、]{{0,6}}?{_COUNT}\s*(?:件|起|次|宗)")
_NO_REVIEW = re.compile(
    rf"(?:未(?!经复议)|没有|无){_NO_BREAK}{{0,24}}?(行政复议|复议)([、和及与或]行政诉讼)?"
)
_NO_LITIGATION = re.compile(rf"(?:未(?!经复议)|没有|无){_NO_BREAK}{{0,24}}?行政诉讼")
_PRESS = (
    re.compile(rf"{_COUNT}\s*(?:场|次|期){_NO_BREAK}{{0,6}}?发布会"),
    re.compile(rf"发布会{_NO_BREAK}{{0,6}}?{_COUNT}\s*(?:场|次|期)"),
)
_TRAINING = (
    re.compile(rf"培训[^。;,\n]{{0,8}}?{_COUNT}\s*(?:场|次|期|轮)"),
    re.compile(rf"{_COUNT}\s*(?:场|次|期|轮)[^。;,\n]{{0,8}}?培训"),
)
_NPC = (
    re.compile(rf"人大(?:代表)?建议[^。;\n]{{0,10}}?{_COUNT}\s*件"),
    re.compile(rf"{_COUNT}\s*件[^。;,、\n]{{0,10}}?人大(?:代表)?建议"),
)
_CPPCC = (
    re.compile(rf"政协(?:委员)?提案[^。;\n]{{0,10}}?{_COUNT}\s*件"),
    re.compile(rf"{_COUNT}\s*件[^。;,、\n]{{0,10}}?政协(?:委员)?提案"),
)
_NPC_CPPCC = re.compile(rf"人大[、和及与]政协(?:提案|建议)?[^。;,\n]{{0,8}}?{_COUNT}\s*件")
_NO_FEE = re.compile(r"(?:未|没有|不|无)收取[^。]{0,20}?费|均为免费|免费(?:提供|办理)?")
_FEE = re.compile(r"收取[^。;\n]{0,20}?(\d+(?:\.\d+)?)\s*(万元|元)")
_TABLE_HEADER_LINE = re.compile(r"结果维持|结果纠正|尚未审结|本年新收|申请人情况")


@dataclass(frozen=True, slots=True)
class Narrative:
    """Figures taken from the prose; None where the text states nothing."""

    proactive: dict[str, int | None]
    applications: int | None
    review: int | None
    litigation: int | None
    press_conferences: int | None
    training_sessions: int | None
    npc_suggestions: int | None
    cppcc_proposals: int | None
    npc_cppcc_combined: int | None
    fees_yuan: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "applications": self.applications,
            "review": self.review,
            "litigation": self.litigation,
            "press_conferences": self.press_conferences,
            "training_sessions": self.training_sessions,
            "npc_suggestions": self.npc_suggestions,
            "cppcc_proposals": self.cppcc_proposals,
            "npc_cppcc_combined": self.npc_cppcc_combined,
            "fees_yuan": self.fees_yuan,
        }


def prose_only(text: str) -> str:
    """Drop table lines (those with tabs or only a number) so that prose rules see prose."""
    keep = []
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            "\t" in line
            or not stripped
            or re.fullmatch(r"[\d.+\-% 万元]+", stripped)
            or _TABLE_HEADER_LINE.search(line)
        ):
            continue
        keep.append(stripped)
    return "\n".join(keep)


def _earliest(
    patterns: tuple[re.Pattern[str], ...],
    text: str,
    reject: re.Pattern[str] | None = None,
    require: re.Pattern[str] | None = None,
) -> tuple[int, int] | None:
    """(position, number) of the earliest match of any pattern whose text `reject` does not hit
    (and `require` does)."""
    best: tuple[int, int] | None = None
    for pattern in patterns:
        for match in pattern.finditer(text):
            if reject is not None and reject.search(match.group(0)):
                continue
            if require is not None and not require.search(match.group(0)):
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), parse_number(match.group(1)))
            break
    return best


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> int | None:
    found = _earliest(patterns, text)
    return found[1] if found else None


def _parts_sum(text: str, first: tuple[int, int]) -> tuple[int, int] | None:
    """The sum written after the parts that the first count opens ("基础信息135条,…水利领域信息81条,
    合计共221条"): in the same sentence, after at least two counts, in a clause naming no channel."""
    sentence = re.split(r"[。;\n]", text[first[0] :], maxsplit=1)[0]
    found = _SUM.search(sentence)
    if found is None or len(_ITEM_COUNT.findall(sentence[: found.start()])) < 2:
        return None
    clause = re.split(r"[，,]", sentence[: found.start()])[-1]
    value = parse_number(found.group(1))
    if _CHANNEL_RE.search(clause) or value <= first[1]:
        return None
    return first[0] + found.start(), value


def proactive_counts(text: str) -> dict[str, int | None]:
    """Total proactive disclosures and the count per channel, as stated in the prose."""
    counts: dict[str, int | None] = {"total": None, **dict.fromkeys(CHANNEL_KEYS)}
    text = _TO_DATE_CLAUSE.sub("", text)
    for match in _CHANNEL_RE.finditer(text):
        key = _CHANNEL_KEY[match.group(0)]
        if counts[key] is not None:
            continue
        window = text[match.end() : match.end() + 30]
        window = re.split(r"[。;\n]", window, maxsplit=1)[0]
        nxt = _CHANNEL_RE.search(window)
        if nxt:
            window = window[: nxt.start()]
        found = _ITEM_COUNT.search(window)
        if found and not window[: found.start()].rstrip().endswith("第"):
            counts[key] = parse_number(found.group(1))
    total = _earliest(_TOTAL, text, reject=_NOT_TOTAL)
    if total is not None and (parts_sum := _parts_sum(text, total)) is not None:
        total = parts_sum
    # "共在门户网站公开政府信息159条": the government website is where disclosures are counted, so its
    # total is the report's when no other channel is given a count and no plain total comes first
    others = [key for key in CHANNEL_KEYS if key != "website" and counts[key] is not None]
    on_website = _earliest(_WEBSITE_TOTALS, text, require=_WEBSITE) if not others else None
    if on_website and on_website[1] == counts["website"] and (total is None or on_website[0] < total[0]):
        total = on_website
    counts["total"] = total[1] if total else None
    return counts


def applications_in_prose(text: str) -> int | None:
    """The number of disclosure applications the prose says were received."""
    found = _earliest(_APPLICATIONS, text, reject=_NOT_APPLICATIONS)
    candidates = [found] if found else []
    negative = _NO_APPLICATIONS.search(text)
    if negative and not _NOT_APPLICATIONS.search(negative.group(0)):
        candidates.append((negative.start(), 0))
    return min(candidates)[1] if candidates else None


_CARRIED = re.compile(r"结转")
_NEW_IN_SENTENCE = re.compile(
    r"(?:新收|新受理|新增)[^。;,，；\d]{0,12}?(\d[\d,]*|[一二两三四五六七八九十百]+)\s*件"
)


def new_applications_in_prose(text: str) -> int | None:
    """The prose's figure of NEW applications: when its sentence counts carried-over cases too
    ("共受理15件，其中新收13件，上年结转2件"), the new ones it names, or None (never the total)."""
    found = _earliest(_APPLICATIONS, text, reject=_NOT_APPLICATIONS)
    if found is None:
        return applications_in_prose(text)
    start = max(text.rfind("。", 0, found[0]), text.rfind("\n", 0, found[0])) + 1
    stops = [i for i in (text.find("。", found[0]), text.find("\n", found[0])) if i >= 0]
    sentence = text[start : min(stops, default=len(text))]
    if not _CARRIED.search(sentence):
        return applications_in_prose(text)
    new = _NEW_IN_SENTENCE.search(sentence)
    return parse_number(new.group(1)) if new else None


_SENTENCE = re.compile(r"[^。;]*[。;]?")


def _sentences_with(text: str, word: str) -> str:
    """The sentences (to 。 or ;) of ``text`` that contain ``word``, in order, delimiters kept.

    A rule whose every match contains ``word`` and never crosses 。 or ; finds the same first
    match here, and scans far less text than the whole report.
    """
    if word not in text:
        return ""
    return "".join(sentence for sentence in _SENTENCE.findall(text) if word in sentence)


def _count_or_zero(positive: re.Pattern[str], negative: re.Pattern[str], text: str) -> int | None:
    match = positive.search(text)
    if match:
        return parse_number(match.group(1))
    return 0 if negative.search(text) else None


def extract_narrative(text: str) -> Narrative:
    """All narrative figures of a report (text: the cleaned report, tables included)."""
    prose = prose_only(text)
    combined = _NPC_CPPCC.search(prose) if "人大" in prose else None
    fee = _FEE.search(prose)
    if fee:
        fees: float | None = float(fee.group(1)) * (10000 if fee.group(2) == "万元" else 1)
    else:
        fees = 0.0 if _NO_FEE.search(prose) else None
    return Narrative(
        proactive=proactive_counts(prose),
        applications=applications_in_prose(prose),
        review=_count_or_zero(_REVIEW, _NO_REVIEW, prose),
        litigation=_count_or_zero(_LITIGATION, _NO_LITIGATION, prose),
        press_conferences=_first(_PRESS, _sentences_with(prose, "发布会")) if "发布会" in prose else None,
        training_sessions=_first(_TRAINING, _sentences_with(prose, "培训")) if "培训" in prose else None,
        npc_suggestions=None
        if combined or "人大" not in prose
        else _first(_NPC, _sentences_with(prose, "人大")),
        cppcc_proposals=None
        if combined or "政协" not in prose
        else _first(_CPPCC, _sentences_with(prose, "政协")),
        npc_cppcc_combined=parse_number(combined.group(1)) if combined else None,
        fees_yuan=fees,
    )
