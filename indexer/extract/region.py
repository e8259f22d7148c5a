"""Resolving a report's region (province → prefecture → county → township) from every clue.

The body's own name (org, title) says which division the report is about; the other clues
(mentions of parent governments, telephone area codes, website domains) only choose between
divisions of the same name, so a provincial body's address never makes its seat city its region.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from indexer.extract.gazetteer import LEVELS, Division, Gazetteer, load_gazetteer

_HEAD, _TAIL = 1500, 800  # where the clues are: the opening paragraphs and the signature
_MIN_BODY_NAME = 3  # shorter names (城区, 郊区, 涉县) are only trusted in the org itself
# the leading 0 first, then the look-behind, lets the engine jump from one 0 to the next
_PHONE = re.compile(r"(0(?<!\d0)\d{2,3})\s*[-—–－ )]?\s*\d{7,8}(?!\d)")
_DOMAIN = re.compile(r"(?:www\.)?([a-z0-9-]+)\.gov\.cn", re.IGNORECASE)
_GOVERNMENT_TAIL = re.compile(r"^(?:人民政府|政府|街道办事处|办事处|人民政府办事处|公所|党委|委员会)?$")
# the generic word a short name may keep, by the level it names: "黔南州" (黔南布依族苗族自治州), "崇明县"
# (崇明区 since 2016); "开封县" is not 开封市
_GENERIC = {
    "自治州": {"prefecture"},
    "自治县": {"county"},
    "自治旗": {"county"},
    "州": {"prefecture"},
    "盟": {"prefecture"},
    "县": {"county"},
    "区": {"county"},
    "旗": {"county"},
}
_UNLISTED_TOWNSHIP = re.compile(
    r"^(?!人民|政府|各|全|[县区市]|重点|特色|农村)(?P<name>[\u4e00-\u9fff]{1,6}?(?:镇|乡|街道|苏木))"
    r"(?<!乡镇|集镇|小镇|城乡)(?<!^城镇)(?P<body>人民政府|政府|办事处|街道办事处)?$"
)
_UNMATCHED_TOWNSHIP = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:镇|乡|街道|苏木))")
_DEPARTMENT_LIKE = re.compile(r"(?:局|管理处|总场)$")
_LEVEL_WORD = re.compile(r"^(?:自治区|省|市|县|区|州|盟|旗)(?=.)")
_PLACELESS_DEPARTMENT = re.compile(r"^[\u4e00-\u9fff]{2,16}(?:局|厅|委员会|委|办公室|中心|署)$")
_OFFICE_SUFFIX = re.compile(r"[局厅委办处所站队]")
_DEPARTMENT_ORG = re.compile(r"(?:局|厅)$")  # not a 管理委员会 (a new area's government) or 党政办公室
# a unit listed by its kind alone (a county's "经济开发区"): named alone in the text ("开发区坚持…")
# it is the report's own zone, wherever that is, not the one the gazetteer lists
_GENERIC_ZONE = re.compile(
    r"^(?:经济|技术|高新|产业|工业|科技|农业|现代|物流|综合|旅游|生态)*"
    r"(?:开发区|园区|工业区|示范区|合作区|保税区|度假区|高新区|试验区|实验区)(?:管理委员会|管委会)?$"
)
_WEIGHTS = {
    "org": 4,
    "title": 3,
    "signature": 3,
    "preamble": 3,
    "compiler": 3,
    "byline": 3,
    "contact": 3,
    "phone": 2,
    "domain": 2,
    "body": 1,
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A division name found in some text."""

    start: int
    end: int
    name: str
    divisions: tuple[Division, ...]


@dataclass
class Region:
    """The resolved region and how it was found."""

    division: Division | None = None
    path: dict[str, Division] = field(default_factory=dict)
    evidence: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    org_tail: str | None = None  # what follows the division's name in the org ("人民政府", "教育局")
    ambiguous: tuple[str, str] | None = None  # (level, name) of a name several divisions share
    unlisted: str | None = None  # a township the org names under ``division`` that the gazetteer lacks

    def name_at(self, level: str) -> str | None:
        if level in self.path:
            return self.path[level].name
        if self.ambiguous and self.ambiguous[0] == level:
            return self.ambiguous[1]
        if self.unlisted and level == "township":
            return self.unlisted
        return None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {level: self.name_at(level) for level in LEVELS}
        out["code"] = self.division.code if self.division else None
        out["level"] = self.division.level if self.division else None
        out["codes"] = [self.path[level].code for level in LEVELS if level in self.path]
        out["evidence"] = self.evidence
        return out


@cache
def _name_index(
    gaz: Gazetteer,
) -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], dict[str, tuple[Division, ...]]]:
    """(pattern of last characters, last character → name lengths, name → divisions).

    Every division name ends in one of a few hundred characters (市, 县, 镇, 街道 …), so a
    scan only needs to look back from those positions.
    """
    lengths: dict[str, set[int]] = {}
    named: dict[str, list[Division]] = {}
    for name in set(gaz.names()):
        # township-level units named like a department (延吉市林业局, a state forestry bureau) are never
        # read into a report's name: "XX县林业局" is the county's forestry department
        found = [
            d for d in gaz.by_name(name) if not (d.level == "township" and _DEPARTMENT_LIKE.search(d.name))
        ]
        if found:
            named[name] = found
    for name, found in list(named.items()):  # "濮阳县柳屯镇" is also written "柳屯镇"
        for div in found:
            for parent in gaz.path(div.code).values():
                if parent is not div and name.startswith(parent.name) and len(name) - len(parent.name) >= 2:
                    named.setdefault(name[len(parent.name) :], []).append(div)
    divisions: dict[str, tuple[Division, ...]] = {}
    for name, found in named.items():
        if len(name) >= 2:
            lengths.setdefault(name[-1], set()).add(len(name))
            divisions[name] = tuple(dict.fromkeys(found))
    last = re.compile("[" + "".join(re.escape(ch) for ch in sorted(lengths)) + "]")
    return last, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}, divisions


def find_mentions(text: str, gaz: Gazetteer, min_len: int = 2) -> list[Mention]:
    """Official division names in text, longest first, without overlaps, in text order."""
    last, lengths, by_name = _name_index(gaz)
    found: list[tuple[int, int, str, tuple[Division, ...]]] = []
    for match in last.finditer(text):
        end = match.end()
        for length in lengths[match.group()]:
            start = end - length
            if length < min_len or start < 0:
                continue
            divisions = by_name.get(text[start:end])
            if divisions:
                found.append((start, end, text[start:end], divisions))
                break
    found.sort(key=lambda m: (m[0] - m[1], m[0]))
    taken: list[Mention] = []
    for start, end, name, divisions in found:
        if all(end <= t.start or start >= t.end for t in taken):
            taken.append(Mention(start, end, name, divisions))
    return sorted(taken, key=lambda m: m.start)


def clue_text(text: str) -> str:
    """The parts of a report where parent governments, phones and websites are named."""
    if len(text) <= _HEAD + _TAIL:
        return text
    return text[:_HEAD] + "\n" + text[-_TAIL:]


@dataclass
class _Clues:
    """Weighted support for divisions: code → score, plus the evidence records."""

    scores: Counter[str] = field(default_factory=Counter)
    evidence: list[dict[str, str]] = field(default_factory=list)

    def add(
        self, clue: str, text: str, divisions: tuple[Division, ...] | list[Division], score: bool = True
    ) -> None:
        """Record a clue; `score=False` records it as evidence only."""
        for div in divisions if score else ():
            self.scores[div.code] += _WEIGHTS[clue]
        if len(divisions) == 1:
            div = divisions[0]
            record = {"clue": clue, "text": text, "code": div.code, "name": div.name, "level": div.level}
        else:
            codes = ",".join(d.code for d in divisions)
            record = {"clue": clue, "text": text, "code": codes, "name": text, "level": "ambiguous"}
        if record not in self.evidence and len(self.evidence) < 16:
            self.evidence.append(record)

    def support(self, div: Division, gaz: Gazetteer) -> int:
        return sum(self.scores[anc.code] for anc in gaz.path(div.code).values())


def _secondary_clues(text: str, mentions: list[Mention], gaz: Gazetteer, clues: _Clues) -> None:
    """Telephone area codes, website domains and parent governments named in the text (whose
    division names are ``mentions``)."""
    for match in _PHONE.finditer(text):
        prefix = match.group(1)
        divisions = gaz.area_code(prefix) or gaz.area_code(prefix[:3])
        if divisions:
            clues.add("phone", match.group(0).strip(), divisions)
    for match in _DOMAIN.finditer(text) if ".gov.cn" in text.lower() else ():
        slug = match.group(1).lower().split(".")[-1]
        divisions = gaz.by_pinyin(slug) if hasattr(gaz, "by_pinyin") else []
        if divisions:
            clues.add("domain", match.group(0), divisions)
    for mention in mentions:
        if mention.divisions[0].level != "township" or len(mention.divisions) <= 3:
            clues.add("body", mention.name, mention.divisions)


def _choose(candidates: tuple[Division, ...], clues: _Clues, gaz: Gazetteer) -> tuple[Division | None, bool]:
    """The candidate with the most support; (common ancestor, True) on a tie.

    Of a division and a descendant with the same name (金门县 and its placeholder township
    金门县), the division itself is meant.
    """
    same_name = {(d.code, d.name) for d in candidates}
    candidates = tuple(
        d
        for d in candidates
        if not any((a.code, d.name) in same_name and a.code != d.code for a in gaz.path(d.code).values())
    )
    if len(candidates) == 1:
        return candidates[0], False

    def rank(d: Division) -> tuple[int, int]:  # more support first; then the longer (fuller) name
        return clues.support(d, gaz), len(d.name)

    ranked = sorted(candidates, key=rank, reverse=True)
    tied = [d for d in ranked if rank(d) == rank(ranked[0])]
    if len(tied) == 1:
        return tied[0], False
    return _common_ancestor(tied, gaz), True


def _with_shorter_names(mention: Mention, gaz: Gazetteer) -> tuple[Division, ...]:
    """The mention's divisions and those named by its own beginning ("新华街道办事处" → "新华街道").

    The scan takes the longest name, but a body's name often runs on into its suffix.
    """
    found = list(mention.divisions)
    for length in range(len(mention.name) - 1, 1, -1):
        found += [d for d in gaz.by_name(mention.name[:length]) if d not in found]
    return tuple(found)


def _common_ancestor(divisions: list[Division], gaz: Gazetteer) -> Division | None:
    paths = [gaz.path(d.code) for d in divisions]
    common: Division | None = None
    for level in LEVELS:
        codes = {p[level].code if level in p else None for p in paths}
        if len(codes) != 1 or None in codes:
            break
        common = paths[0][level]
    return common


def _fuzzy_township(rest: str, within: Division | None, gaz: Gazetteer) -> tuple[Division, str] | None:
    """A township name with a one-character typo, right after its county in the org."""
    match = _UNMATCHED_TOWNSHIP.match(rest)
    if not match:
        return None
    token = match.group(1)
    found = gaz.fuzzy(token, level="township", within=within.code if within else None)
    return (found[0], token) if len(found) == 1 else None


@cache
def _aliases() -> dict[str, str]:
    """Short names that are not a prefix of the official name (巴州 → 652800), from division_aliases.tsv."""
    text = resources.files("indexer.extract").joinpath("data/division_aliases.tsv").read_text("utf-8")
    rows = (
        line.strip().split("\t", 1) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    return {row[0].strip(): row[1].strip() for row in rows if len(row) == 2}


def _own_mentions(org: str, gaz: Gazetteer) -> list[Mention]:
    """Division names in the org, falling back to a division's own alias or short name at its start
    ("巴州人民政府", "莱阳团旺镇")."""
    mentions = find_mentions(org, gaz)
    if mentions and mentions[0].start >= 2:  # "天津|滨海高新技术产业开发区": a short name before the first
        for length in range(min(4, mentions[0].start), 1, -1):
            above = [d for d in gaz.by_short_name(org[:length]) if d.level in {"province", "prefecture"}]
            if above:
                return _with_gap_names(org, [Mention(0, length, org[:length], tuple(above)), *mentions], gaz)
    if mentions:
        return _with_gap_names(org, mentions, gaz)
    for length in range(min(4, len(org)), 1, -1):
        alias = _aliases().get(org[:length])
        division = gaz.get(alias) if alias else None
        found = (
            [division] if division else [d for d in gaz.by_short_name(org[:length]) if d.level != "township"]
        )
        if found and not division and _OFFICE_SUFFIX.fullmatch(org[length:]):
            continue  # "公安局" is a department named for its work, not 公安县's
        if found:
            return [Mention(0, length, org[:length], tuple(found))] + find_mentions(org[length:], gaz)
    return []


def _renamed_child(rest: str, parent: Division, gaz: Gazetteer) -> tuple[Division, str] | None:
    """A county under ``parent`` named by its short name and an older generic word ("高淳县" for
    高淳区, "崇明县" for 崇明区), with the words read."""
    for length in (4, 3, 2):
        short = rest[:length]
        for word in _GENERIC:
            if rest.startswith(word, length):
                found = [
                    d
                    for d in gaz.by_short_name(short)
                    if d.level in _GENERIC[word]
                    and d.code != parent.code
                    and gaz.is_within(d.code, parent.code)
                ]
                if len(found) == 1:
                    return found[0], short + word
    return None


def _with_gap_names(org: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """The mentions, with a county's short name read in the gap before a zone named by its kind
    ("安徽|舒城|经济开发区", "舒城|经济开发区": 舒城县), within the division named before it."""
    last = mentions[-1]
    before = mentions[-2] if len(mentions) > 1 else None
    start = before.end if before else 0
    gap = org[start : last.start]
    if not _GENERIC_ZONE.match(last.name) or not 2 <= len(gap) <= 4:
        return mentions
    inside = [
        d
        for d in gaz.by_short_name(gap)
        if d.level in {"prefecture", "county"}
        and (before is None or any(gaz.is_within(d.code, p.code) for p in before.divisions))
    ]
    if len(inside) != 1:
        return mentions
    return [*mentions[:-1], Mention(start, last.start, gap, (inside[0],)), last]


def _placeless_body(org: str | None) -> str | None:
    """What a department that names no place is ("区司法局" → 司法局, "民政局"); None for anything else."""
    if org is None or not _PLACELESS_DEPARTMENT.search(org):
        return None
    tail = _LEVEL_WORD.sub("", org)
    # "襄樊市民政局" opens with a place's name (not 区市场监督管理局, 城乡建设局)
    return None if re.match(r"^[\u4e00-\u9fff]{2,4}[省市县区州盟旗]", tail) else tail


def _unlisted_under(own: list[Mention], gaz: Gazetteer) -> Division | None:
    """The division the org's earlier names narrow to, when its last name is a township-level unit
    that the gazetteer lists elsewhere but not under it: a township renamed or merged since the report
    ("四平市铁东区…解放街道": a 解放街道 is listed under 鞍山's 铁东区 only), or a zone ("天津|滨海
    高新技术产业开发区")."""
    if len(own) < 2 or any(d.level != "township" for d in own[-1].divisions):
        return None
    allowed = list(own[0].divisions)
    for mention in own[1:-1]:  # each name within the one before it
        allowed = [d for d in mention.divisions if any(gaz.is_within(d.code, a.code) for a in allowed)]
    if len(allowed) != 1:
        return None
    parent = allowed[0]
    if any(gaz.is_within(d.code, parent.code) for d in _with_shorter_names(own[-1], gaz)):
        return None  # listed there, maybe by a shorter name ("新华街道" of "新华街道办事处")
    return parent


def resolve_region(
    org: str | None, org_source: str, title: str, text: str, gaz: Gazetteer | None = None
) -> Region:
    """Resolve the region of a report from its org, title and (cleaned) text."""
    gaz = gaz or load_gazetteer()
    clues = _Clues()
    region = Region()
    own_text, own_clue = (org, org_source or "org") if org else (title, "title")
    own = _own_mentions(own_text, gaz) if own_text else []
    for mention in own:  # the last one is what is being resolved: it supports none of its candidates
        clue = "org" if own_clue == "title" and org else own_clue
        clues.add(clue, mention.name, mention.divisions, score=mention is not own[-1])
    clue_part = clue_text(text)
    body_mentions = find_mentions(clue_part, gaz, _MIN_BODY_NAME)
    _secondary_clues(clue_part, body_mentions, gaz, clues)

    target: Mention | None = own[-1] if own else None
    if target is None:
        body = [
            m for m in body_mentions if m.divisions[0].level != "province" and not _GENERIC_ZONE.match(m.name)
        ]
        counts = Counter(m.name for m in body)
        if counts:
            name, count = counts.most_common(1)[0]
            if count >= 2:
                target = next(m for m in body if m.name == name)
                region.warnings.append(
                    f"region: the org names no division; using {name}, named {count} times"
                )
    if target is None:
        region.evidence = clues.evidence
        return region
    if own and (parent := _unlisted_under(own, gaz)) is not None:
        region.division, region.path = parent, gaz.path(parent.code)
        if parent.level in {"county", "prefecture"} and re.search(r"(?:镇|乡|街道|苏木)$", target.name):
            region.unlisted, region.org_tail = target.name, own_text[target.end :].strip()
            note = "read as its township"
        else:  # a zone or unit by a name listed elsewhere: "天津|滨海高新技术产业开发区"
            region.org_tail, note = own_text[target.start :].strip(), f"the region is {parent.name}"
        region.warnings.append(f"region: {target.name} is not listed under {parent.name}; {note}")
        region.evidence = clues.evidence
        return region

    chosen, tied = _choose(_with_shorter_names(target, gaz), clues, gaz)
    end = (
        target.start + len(chosen.name)
        if chosen and own_text.startswith(chosen.name, target.start)
        else target.end
    )
    rest = own_text[end:] if own and target is own[-1] else ""
    # the level the name stands at: the chosen division's, or the one its tied candidates share
    levels = {chosen.level} if chosen and not tied else {d.level for d in target.divisions}
    generic = next((word for word in _GENERIC if rest.startswith(word)), "")
    if generic and len(levels) == 1 and levels <= _GENERIC[generic] and not target.name.endswith(generic):
        rest = rest[len(generic) :]
    renamed = _renamed_child(rest, chosen, gaz) if rest and chosen and not tied else None
    if renamed is not None:  # "南京市|高淳县": 高淳区 since 2013
        chosen, rest = renamed[0], rest[len(renamed[1]) :]
    typo = _fuzzy_township(rest, chosen, gaz) if rest and chosen and chosen.level != "township" else None
    if typo is not None:
        chosen, token = typo
        rest = rest[len(token) :]
        region.warnings.append(
            f"region: {token} not in the gazetteer, read as {chosen.name} (one character differs)"
        )
        clues.evidence.append(
            {"clue": "typo", "text": token, "code": chosen.code, "name": chosen.name, "level": chosen.level}
        )
    elif (
        rest and chosen and chosen.level == "county" and (unlisted := _UNLISTED_TOWNSHIP.match(rest.strip()))
    ):
        # a township the gazetteer does not list at all, right after its county ("西秀区黄腊乡")
        region.unlisted, rest = unlisted["name"], unlisted["body"] or ""
        region.warnings.append(
            f"region: {region.unlisted} is not listed under {chosen.name}; read as its township"
        )
    if tied:
        levels = {d.level for d in target.divisions}
        if len(levels) == 1:
            region.ambiguous = (levels.pop(), target.name)
        names = "、".join(sorted({gaz.path(d.code).get("county", d).name + d.name for d in target.divisions}))
        region.warnings.append(
            f"region: {target.name} is ambiguous ({names}); only the shared levels are filled"
        )
    region.division = chosen
    region.path = gaz.path(chosen.code) if chosen else {}
    # an org that names no place ("区司法局", "民政局") is the body of the place its text names
    region.org_tail = rest.strip() if own else _placeless_body(org)
    region.evidence = clues.evidence
    return region


def government_level(region: Region, org: str | None) -> tuple[str | None, str | None]:
    """(level, government level): township/county/prefecture/province, or department."""
    div = region.division
    if region.ambiguous is not None:
        level = region.ambiguous[0]
        tail = region.org_tail
        if tail is None or _GOVERNMENT_TAIL.match(tail):
            return level, level
        return "department", level
    if region.unlisted is not None:
        tail = region.org_tail
        return ("township" if tail is None or _GOVERNMENT_TAIL.match(tail) else "department"), "township"
    if div is None:
        if org and re.search(r"(?:镇|乡|街道|苏木)(?:人民政府|政府|办事处)?$", org):
            return "township", "township"
        if org and _DEPARTMENT_ORG.search(org):
            return "department", None  # "公安局": a department, of a government the text does not name
        return None, None
    tail = region.org_tail
    if tail is None or _GOVERNMENT_TAIL.match(tail):
        return div.level, div.level
    return "department", div.level
