"""Page metadata parsing and small text helpers shared by the readers.

Government pages and crawler headers label their metadata the same way everywhere
(``索引号：…``, ``发布日期：2022-04-06``, ``来源：XX局``). :func:`parse_meta_lines` turns such
lines into a :class:`PageMeta`, taking the first value found for each field and ignoring the
labels that only look like metadata (``页面生成时间``, ``更新时间``, ``采集时间``, ``主办单位`` …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.readers.model import PageMeta

_WIDE = (
    "\u2014-\u2026\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<=[{_WIDE}])\s+(?=[{_WIDE}])")
_SPACE_WIDE_DIGIT = re.compile(rf"(?<=[{_WIDE}])\s+(?=\d)|(?<=\d)\s+(?=[{_WIDE}])")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_WIDE_CHAR = re.compile(rf"[{_WIDE}]")

# Canonical field -> labels as pages write them. "ignore" labels are recognised only so that they
# end the previous value and are never taken for a field (页面生成时间 is not 发布时间).
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "名称", "文件名称", "信息名称", "文章标题", "公开事项名称"),
    "index_no": ("索引号", "索引编号", "信息索引号"),
    "publisher": (
        "发布机构",
        "发布单位",
        "发布部门",
        "发文机关",
        "发文单位",
        "发文机构",
        "信息来源",
        "文章来源",
        "来源",
        "公开机构",
        "信息公开机构",
    ),
    "publish_date": ("发布日期", "发布时间", "公开日期", "公开时间", "发表时间", "发表日期"),
    # a catalogue's date of the information (公文生成日期): the publication date when none is given
    "generated_date": ("生成日期",),
    "written_date": ("成文日期", "成文时间", "印发日期", "发文日期"),
    "doc_no": ("文号", "发文字号", "发文文号", "文件编号"),
    "url": ("原文链接", "原文地址", "原文网址", "来源链接", "网址", "链接", "URL", "url"),
    "ignore": (
        "页面生成时间",
        "页面生成日期",
        "网页生成时间",
        "生成时间",
        "更新时间",
        "更新日期",
        "最后更新",
        "修改时间",
        "修改日期",
        "采集时间",
        "抓取时间",
        "爬取时间",
        "访问时间",
        "浏览次数",
        "浏览量",
        "点击数",
        "点击量",
        "点击率",
        "阅读数",
        "阅读次数",
        "访问量",
        "字号",
        "字体",
        "分类",
        "主题分类",
        "体裁分类",
        "信息分类",
        "组配分类",
        "服务对象",
        "关键词",
        "关键字",
        "主题词",
        "有效性",
        "时效",
        "公开方式",
        "公开范围",
        "公开时限",
        "公开形式",
        "作者",
        "编辑",
        "责任编辑",
        "审核",
        "单位",
        "主办单位",
        "承办单位",
        "协办单位",
        "主管单位",
        "网站标识码",
        "备案号",
        "联系电话",
        "电话",
        "地址",
        "邮编",
        "文件下载",
        "附件",
        "所属主题",
        "统一编号",
        "文件类型",
    ),
}
_LABEL_FIELD = {label: field for field, labels in _FIELD_LABELS.items() for label in labels}


def _label_pattern(label: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in label)


_LABEL_ALT = "|".join(_label_pattern(label) for label in sorted(_LABEL_FIELD, key=len, reverse=True))
# Longest labels first, so 页面生成时间 is read before 生成时间 could be; a two-character label
# (来源, 标题, 文号) counts only at the start or after a non-CJK character (not in 稿件来源).
_GUARDED_ALT = "|".join(
    (rf"(?<![{_CJK}])" if len(label) <= 2 else "") + _label_pattern(label)
    for label in sorted(_LABEL_FIELD, key=len, reverse=True)
)
_LABEL_RE = re.compile(rf"(?:【|\[)?({_GUARDED_ALT})(?:】|\])?\s*[:：]")
_LABEL_ONLY_RE = re.compile(rf"^\s*(?:{_LABEL_ALT})\s*[:：]?\s*$")
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_COMPACT_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_URL_RE = re.compile(r"https?://\S+", re.I)
_EMPTY_VALUES = {"", "无", "/", "-", "—", "－", "暂无", "本网", "本站", "原创", "null", "None"}
_VALUE_TRIM = " \t|｜;；,，、。:："


def clean_text(text: str) -> str:
    """Collapse whitespace (incl. &nbsp; and ideographic space) and drop spaces inside CJK runs."""
    text = _WS.sub(" ", text).strip()
    if " " in text:
        text = _SPACE_BETWEEN_WIDE.sub("", text)
        text = _SPACE_WIDE_DIGIT.sub("", text)
    return text


_DISCLOSURE_REPORT = re.compile(r"(?:信息公开|政务公开).*(?:报告|年报)|年度报告")


def report_title(text: str | None) -> str | None:
    """A stored title (a page's <title>, a file's Title property) when it names a disclosure report,
    without what is joined to it after -, _ or | (a site's name, a column, "Microsoft Word"); not a
    template's stale title ("XX县2021年政府工作报告")."""
    text = clean_text(text or "")
    if "报告" not in text:
        return None
    parts = [part.strip() for part in re.split(r"\s*[-_|｜—]+\s*", text) if "报告" in part]
    return next((part for part in parts if _DISCLOSURE_REPORT.search(part)), None)


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines of one paragraph: no space at a CJK boundary, one space between Latin words."""
    out = ""
    for raw in lines:
        line = clean_text(raw)
        if not line:
            continue
        if out and not (_WIDE_CHAR.match(out[-1]) or _WIDE_CHAR.match(line[0])):
            out += " "
        out += line
    return out


def normalize_date(text: str) -> str | None:
    """The first date in ``text`` as ISO YYYY-MM-DD (2022-04-06, 2022/4/6, 2022年4月6日, 2022.04.06)."""
    for regex in (_DATE_RE, _COMPACT_DATE_RE):
        for match in regex.finditer(text):
            year, month, day = (int(part) for part in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def label_field(text: str) -> str | None:
    """The field a cell such as ``索 引 号`` or ``发布日期：`` labels (``"ignore"`` for known non-fields)."""
    if not _LABEL_ONLY_RE.match(text):
        return None
    key = re.sub(r"[\s:：]", "", text)
    return _LABEL_FIELD.get(key)


def meta_pairs(line: str) -> list[tuple[str, str]]:
    """The ``(field, raw value)`` pairs labelled in one line, several per line allowed."""
    colon = max(line.rfind(":"), line.rfind("："))
    if colon < 0:  # every label ends at a colon: none here, and none after the last one
        return []
    matches = list(_LABEL_RE.finditer(line, 0, colon + 1))
    pairs = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        label = re.sub(r"\s", "", match.group(1))
        pairs.append((_LABEL_FIELD[label], line[match.end() : end].strip(_VALUE_TRIM)))
    return pairs


def _clean_value(field: str, value: str) -> tuple[str, str] | None:
    """Normalise one labelled value; returns the (possibly redirected) field and value, or None."""
    value = clean_text(value).strip(_VALUE_TRIM)
    if value in _EMPTY_VALUES:
        return None
    url = _URL_RE.search(value)
    if field in ("publisher", "url") and url:
        return ("url", url.group(0))
    if field == "url":
        return None
    if field in ("publish_date", "written_date", "generated_date"):
        date = normalize_date(value)
        return (field, date) if date else None
    if field in ("index_no", "publisher"):
        return (field, value.split()[0])
    return (field, value)


def parse_meta_lines(lines: Iterable[str]) -> PageMeta:
    """Page metadata from labelled lines; the first usable value of each field wins."""
    found: dict[str, str] = {}
    for line in lines:
        for field, raw in meta_pairs(line):
            if field == "ignore":
                continue
            cleaned = _clean_value(field, raw)
            if cleaned and cleaned[0] not in found:
                found[cleaned[0]] = cleaned[1]
    return PageMeta(
        title=found.get("title"),
        publisher=found.get("publisher"),
        publish_date=found.get("publish_date") or found.get("generated_date"),
        written_date=found.get("written_date"),
        index_no=found.get("index_no"),
        doc_no=found.get("doc_no"),
        url=found.get("url"),
    )


def merge_meta(first: PageMeta, second: PageMeta) -> PageMeta:
    """``first`` with its missing fields filled from ``second``."""
    return PageMeta(
        title=first.title or second.title,
        publisher=first.publisher or second.publisher,
        publish_date=first.publish_date or second.publish_date,
        written_date=first.written_date or second.written_date,
        index_no=first.index_no or second.index_no,
        doc_no=first.doc_no or second.doc_no,
        url=first.url or second.url,
    )
