"""China's administrative divisions (province → prefecture → county → township) and telephone area codes.

The data is built by ``scripts/build_gazetteer.py`` from public registry packages (npm
``china-division``, the National Bureau of Statistics' 2023 统计用区划代码; PyPI ``phonenumbers``
and ``phone`` for area codes) and shipped as package data; no name or code is typed by hand.
Besides administrative divisions the NBS lists statistical units, which are kept at the level it
gives them: development zones among the counties (石家庄高新技术产业开发区, code 130171), farms,
zones and the like among the townships.

``indexer/extract/data/gazetteer.tsv.gz``
    gzip, UTF-8, tab separated, one header line ``code name level parent``, then one row per
    division, sorted by code:

    * ``code``   -- GB/T 2260 style: province, prefecture and county 6 digits (``370000``,
      ``370600``, ``370682``), township 9 digits (``370682104``).
    * ``name``   -- official name as published (``莱阳市``, ``团旺镇``).
    * ``level``  -- ``province`` | ``prefecture`` | ``county`` | ``township``.
    * ``parent`` -- code of the nearest real ancestor, empty for provinces.  Districts and counties
      of the four municipalities (北京, 天津, 上海, 重庆) and county-level cities directly under a
      province (仙桃市, 文昌市, 石河子市 ...) hang directly under the province; townships of
      prefecture cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市) hang directly under the
      prefecture.  So a division's ``path`` may lack the prefecture or county level.

``indexer/extract/data/area_codes.tsv``
    UTF-8, tab separated, header ``prefix code source_name source``: a telephone area-code prefix
    with its leading 0 (``0535``; a few are shorter, e.g. ``033`` covers 0335), the code of a
    division it serves (a prefecture, a municipality, or a county-level city without prefecture),
    the source's own wording and the source package.  One prefix may have several rows.

``indexer/extract/data/pinyin.tsv``
    UTF-8, tab separated, header ``slug code``: the toneless pinyin of the :func:`short_name` of
    every province, prefecture and county (``laiyang`` → 370682, ``neimenggu``; ü is written ``v``,
    üe ``ue``: ``lvliang``, ``lueyang``), plus the initials of each province (``sd``, ``zj``,
    ``nmg``) -- the slugs that government web domains are made of (``www.laiyang.gov.cn``).  A
    slug may have several rows (``hb`` → 河北省, 湖北省).  Computed at build time with pypinyin,
    with polyphonic readings corrected for place names (长治 ``changzhi``, 六安 ``luan``).

``indexer/extract/data/gazetteer.meta.json``
    provenance: source packages and versions, input files, row counts, sha256 of the outputs.
"""

from __future__ import annotations

import gc
import gzip
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import Any

__all__ = ["LEVELS", "Division", "Gazetteer", "load_gazetteer", "short_name"]

LEVELS: tuple[str, ...] = ("province", "prefecture", "county", "township")

_DATA_PACKAGE = "indexer.extract"
_DATA_DIR = "data"
_GAZETTEER_FILE = "gazetteer.tsv.gz"
_AREA_CODES_FILE = "area_codes.tsv"
_PINYIN_FILE = "pinyin.tsv"

# --------------------------------------------------------------------------------------------------
# short names


# Administrative suffixes, longest first so that 街道办事处 wins over 办事处 and 自治县 over 县.
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        (
            "特别行政区",
            "街道办事处",
            "民族苏木",
            "自治区",
            "自治州",
            "自治县",
            "自治旗",
            "民族乡",
            "民族镇",
            "办事处",
            "街道",
            "苏木",
            "地区",
            "林区",
            "特区",
            "新区",
            "省",
            "市",
            "区",
            "县",
            "旗",
            "盟",
            "镇",
            "乡",
        ),
        key=len,
        reverse=True,
    )
)
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# Names of statistical units that end in 区 but where 区 is part of the name, not a suffix.
_KEEP_ENDINGS = (
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
    "片区",
    "港区",
    "功能区",
    "集聚区",
)
# The 56 officially recognised ethnic groups, used to strip 回族 / 朝鲜族 / 蒙古 ... before a suffix.
_ETHNIC: tuple[str, ...] = (
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
)
_ETHNIC_ALT = "|".join(sorted(_ETHNIC, key=len, reverse=True))
# With 族 any group may be stripped; without it only multi-character names, and only before 自治X
# (博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 新疆维吾尔自治区, 鄂伦春自治旗).
_ETHNIC_WITH_ZU = re.compile(f"(?:{_ETHNIC_ALT})族$")
_ETHNIC_BARE = re.compile("(?:{})$".format("|".join(e for e in _ETHNIC if len(e) > 1)))


_SUFFIX_SET = frozenset(_SUFFIXES)
_SUFFIX_LENGTHS = tuple(sorted({len(s) for s in _SUFFIXES}, reverse=True))
_SUFFIX_LAST = frozenset(s[-1] for s in _SUFFIXES)


def short_name(name: str) -> str:
    """Strip the administrative suffix (and an ethnic designation before it) from an official name.

    ``莱阳市`` → ``莱阳``, ``宁夏回族自治区`` → ``宁夏``, ``延边朝鲜族自治州`` → ``延边``,
    ``漓东街道办事处`` → ``漓东``.  Never shortens below two characters (``芒市``, ``和县`` stay).
    """
    if not name or name[-1] not in _SUFFIX_LAST or name.endswith(_KEEP_ENDINGS):
        return name
    for n in _SUFFIX_LENGTHS:
        if len(name) - n >= 2 and name[-n:] in _SUFFIX_SET:
            suffix, stem = name[-n:], name[:-n]
            break
    else:
        return name
    bare_ok = suffix in _AUTONOMOUS
    while stem.endswith("族") or bare_ok:
        m = _ETHNIC_WITH_ZU.search(stem) or (_ETHNIC_BARE.search(stem) if bare_ok else None)
        if m is None or m.start() < 2:
            break
        stem = stem[: m.start()]
    return stem


# --------------------------------------------------------------------------------------------------
# the gazetteer


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division; ``parent`` is the code of its nearest ancestor (None for provinces)."""

    code: str
    name: str
    level: str
    parent: str | None


def _normalise_code(code: str) -> str:
    """Accept 2/4/6/9/12-digit codes (``37``, ``3706``, ``370682104000``) and return the stored form."""
    code = code.strip()
    if len(code) in (2, 4):
        return code.ljust(6, "0")
    if len(code) == 12:
        return code[:6] if code[6:] == "000000" else code[:9]
    return code


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building indexes: tens of thousands of new containers would trigger
    many pointless collections (nothing here forms reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_Row = list[str]  # [code, name, level, parent or ""], as in the TSV
_SHORT_SCANS = 8  # short-name lookups answered by a scan before the index is built
_PARSING = threading.Lock()
_INDEXES = frozenset({"_rows", "_objs", "_by_name", "_short_scans", "_wildcard_index", "_area"})


class Gazetteer:
    """In-memory index over all divisions; get the packaged one with :func:`load_gazetteer`.

    Rows are kept as parsed and turned into :class:`Division` objects on first access, and the
    short-name, children and typo indexes are built on first use, so that loading stays cheap.
    Read from the packaged text, even the rows are parsed on first use: until then the first few
    name lookups (a search's region filters) find their lines in the text itself (under a
    millisecond each, where parsing 45,000 rows takes ~80 ms).
    """

    _text: str  # the packaged text until its rows are parsed (see __getattr__)
    _area_codes: list[tuple[str, str]]
    _lookups: int  # name lookups answered from the text

    def __init__(self, divisions: Iterable[Division], area_codes: Iterable[tuple[str, str]] = ()) -> None:
        divisions = list(divisions)
        self._init([[d.code, d.name, d.level, d.parent or ""] for d in divisions], area_codes)
        self._objs.update((d.code, d) for d in divisions)

    @classmethod
    def from_tsv(cls, text: str, area_codes: Iterable[tuple[str, str]] = ()) -> Gazetteer:
        """Build from the text of ``gazetteer.tsv.gz`` (see the module docstring for the format)."""
        if text.startswith("code\t"):
            text = text.split("\n", 1)[1] if "\n" in text else ""
        self = cls.__new__(cls)
        self._text = text  # parsed into the indexes by __getattr__ on first use
        self._area_codes = list(area_codes)
        self._lookups = 0
        return self

    def __getattr__(self, name: str) -> Any:
        """Parse the rows when an index is first needed (only for a gazetteer read from text)."""
        if name in _INDEXES and "_text" in self.__dict__:
            with _PARSING:  # one thread parses; the others wait for the whole result
                if "_text" in self.__dict__:
                    text, area_codes = self.__dict__["_text"], self.__dict__["_area_codes"]
                    with no_gc():
                        self._init([line.split("\t") for line in text.splitlines() if line], area_codes)
                    del self.__dict__["_text"], self.__dict__["_area_codes"]
            return self.__dict__[name]
        raise AttributeError(name)

    def _scanned(self, needle: str) -> list[_Row] | None:
        """The rows whose line holds ``needle``, read from the text (None once the rows are parsed,
        or after a few lookups: a process that asks more often gets the indexes)."""
        text = self.__dict__.get("_text")
        if text is None or self._lookups >= _SHORT_SCANS:
            return None
        self._lookups += 1
        rows: list[_Row] = []
        start = 0
        while (found := text.find(needle, start)) >= 0:
            begin = text.rfind("\n", 0, found) + 1
            end = text.find("\n", found)
            end = len(text) if end < 0 else end
            row = text[begin:end].split("\t")
            if len(row) == 4:
                rows.append(row)
            start = end
        return sorted(rows)

    def _init(self, rows: list[_Row], area_codes: Iterable[tuple[str, str]]) -> None:
        self._rows: dict[str, _Row] = {r[0]: r for r in rows}
        self._objs: dict[str, Division] = {}
        by_name: dict[str, list[str]] = {}
        for r in rows:
            codes = by_name.get(r[1])
            if codes is None:
                by_name[r[1]] = [r[0]]
            else:
                codes.append(r[0])
        self._by_name = by_name
        self._short_scans = 0
        self._lookups = _SHORT_SCANS
        self._wildcard_index: dict[int, dict[str, list[str]]] = {}
        self._area: dict[str, list[str]] = {}
        for prefix, code in area_codes:
            if code in self._rows and code not in self._area.setdefault(prefix, []):
                self._area[prefix].append(code)

    def _div(self, code: str) -> Division | None:
        d = self._objs.get(code)
        if d is None:
            r = self._rows.get(code)
            if r is None:
                return None
            d = self._objs[code] = Division(r[0], r[1], r[2], r[3] or None)
        return d

    def _divs(self, codes: Iterable[str]) -> list[Division]:
        return [d for d in map(self._div, codes) if d is not None]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Division]:
        """All divisions in code order."""
        return iter(self._divs(self._rows))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and _normalise_code(code) in self._rows

    def get(self, code: str) -> Division | None:
        """Division by code (6 or 9 digits; 2/4/12-digit forms are normalised)."""
        return self._div(_normalise_code(code))

    def by_name(self, name: str) -> list[Division]:
        """All divisions with exactly this official name, in code order."""
        scanned = self._scanned(f"\t{name}\t") if name else None
        if scanned is not None:
            return [Division(r[0], r[1], r[2], r[3] or None) for r in scanned if r[1] == name]
        return self._divs(self._by_name.get(name, ()))

    def by_short_name(self, short: str) -> list[Division]:
        """All divisions whose :func:`short_name` is ``short`` (``莱阳`` → [莱阳市]), in code order.

        A short name is a prefix of its name, so the first few lookups (a search's filters) scan the
        names that start with it (~3 ms) instead of building the index of all of them (~70 ms);
        a process that asks more often (extraction) gets the index.
        """
        scanned = self._scanned(f"\t{short}") if short else None
        if scanned is not None:
            return [
                Division(r[0], r[1], r[2], r[3] or None)
                for r in scanned
                if r[1].startswith(short) and short_name(r[1]) == short
            ]
        if "_by_short" not in self.__dict__ and self._short_scans < _SHORT_SCANS:
            self._short_scans += 1
            codes = sorted(
                code
                for name, found in self._by_name.items()
                if name.startswith(short) and short_name(name) == short
                for code in found
            )
            return self._divs(codes)
        return self._divs(self._by_short.get(short, ()))

    def by_pinyin(self, slug: str) -> list[Division]:
        """Provinces, prefectures and counties whose pinyin slug is ``slug``, in code order.

        ``laiyang`` → [莱阳市], ``sd`` → [山东省], ``hb`` → [河北省, 湖北省]: the toneless pinyin of
        the :func:`short_name` (any case, exact match), or a province's initials; meant for the
        labels of a website's domain (``www.laiyang.gov.cn``).  The table (``pinyin.tsv``) is read
        on first use; divisions not in this gazetteer are left out.
        """
        return self._divs(self._by_pinyin.get(slug.strip().lower(), ()))

    def children(self, code: str) -> list[Division]:
        """Direct children of a division, in code order."""
        return self._divs(self._children.get(_normalise_code(code), ()))

    def parent(self, code: str) -> Division | None:
        """The nearest ancestor of a division, if any."""
        r = self._rows.get(_normalise_code(code))
        return None if r is None or not r[3] else self._div(r[3])

    def path(self, code: str) -> dict[str, Division]:
        """``level -> Division`` for the division and all its ancestors (empty if the code is unknown).

        Levels the division has no ancestor at are absent: 东城区 has no ``prefecture``, a township
        of 东莞市 no ``county``.
        """
        out: dict[str, Division] = {}
        d = self.get(code)
        while d is not None:
            out[d.level] = d
            d = self._div(d.parent) if d.parent is not None else None
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether ``ancestor`` is the division itself or one of its ancestors."""
        ancestor = _normalise_code(ancestor)
        r = self._rows.get(_normalise_code(code))
        while r is not None:
            if r[0] == ancestor:
                return True
            r = self._rows.get(r[3]) if r[3] else None
        return False

    def area_code(self, phone_prefix: str) -> list[Division]:
        """Divisions served by a telephone area code (``0535`` → [烟台市]; ``010`` → [北京市]).

        Accepts the code with or without its leading 0, optionally with ``+86`` before it or a
        local number after it (``0535-6221234``).  Chinese area codes are prefix-free, so the rows
        of the 3- and 4-digit prefixes of the input are combined (the data has a few block entries
        such as ``033`` for 0335).  Several divisions may share one code (``0728`` → 仙桃市, 潜江市,
        天门市); the list is in table order, libphonenumber's entries first.
        """
        m = re.match(r"\s*(?:\+?86[\s-]?)?\(?(\d+)", phone_prefix)
        if m is None:
            return []
        digits = m.group(1)
        if not digits.startswith("0"):
            digits = "0" + digits
        codes: list[str] = []
        for n in (3, 4):
            if len(digits) >= n:
                codes.extend(c for c in self._area.get(digits[:n], ()) if c not in codes)
        return self._divs(codes)

    def area_codes(self) -> dict[str, list[Division]]:
        """The whole area-code table: prefix → divisions."""
        return {prefix: self._divs(codes) for prefix, codes in self._area.items()}

    def names(self) -> Iterable[str]:
        """Every distinct official name (e.g. for a jieba user dictionary)."""
        return self._by_name.keys()

    def fuzzy(self, name: str, level: str | None = None, within: str | None = None) -> list[Division]:
        """Divisions whose official name has the same length and differs in exactly one character.

        Meant for typo candidates (``双堍镇`` → 双堠镇 first).  Common patterns match many names
        (双X镇), so results are ranked: the differing characters' code-point distance first -- CJK
        ideographs are ordered by radical and stroke count, so 堍/堠 (both 土) rank above 堍/港 --
        then by code.  ``level`` and ``within`` (an ancestor code) narrow the result; the exact name
        itself is never returned.
        """
        if within is not None:  # a region's divisions, compared one by one: no index needed
            return self._divs(code for _, code in sorted(self._one_off_within(name, level, within)))
        scored: list[tuple[int, str]] = []
        wildcards = self._wildcards(len(name))
        for i in range(len(name)):
            for other in wildcards.get(name[:i] + "\0" + name[i + 1 :], ()):
                if other == name:
                    continue
                distance = abs(ord(other[i]) - ord(name[i]))
                scored.extend(
                    (distance, code)
                    for code in self._by_name[other]
                    if level is None or self._rows[code][2] == level
                )
        scored.sort()
        return self._divs(code for _, code in scored)

    def _one_off_within(self, name: str, level: str | None, within: str) -> Iterator[tuple[int, str]]:
        """(distance of the differing character, code) of each division in ``within`` (itself
        included) whose name differs from ``name`` in exactly one character."""
        pending = [_normalise_code(within)]
        while pending:
            code = pending.pop()
            pending.extend(self._children.get(code, ()))
            row = self._rows.get(code)
            if row is None or len(row[1]) != len(name) or (level is not None and row[2] != level):
                continue
            differ = [i for i, (a, b) in enumerate(zip(row[1], name, strict=True)) if a != b]
            if len(differ) == 1:
                yield abs(ord(row[1][differ[0]]) - ord(name[differ[0]])), code

    @cached_property
    def _by_short(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        with no_gc():
            for name, codes in self._by_name.items():
                index[short_name(name)].extend(codes)
            for codes in index.values():
                codes.sort()
        return dict(index)

    @cached_property
    def _by_pinyin(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for slug, code in _load_pinyin():
            if code not in index[slug]:
                index[slug].append(code)
        for codes in index.values():
            codes.sort()
        return dict(index)

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        with no_gc():
            for code, r in self._rows.items():
                if r[3]:
                    index[r[3]].append(code)
            for codes in index.values():
                codes.sort()
        return dict(index)

    def build_indexes(self) -> None:
        """Build now the indexes otherwise built on first use (short names, children, pinyin): a
        long-running worker calls this at its start, so that its memory does not grow as the
        reports it reads name more places. (The typo index of :meth:`fuzzy` is not among them:
        extraction looks for typos within a county, which needs no index.)"""
        self._by_short, self._children, self._by_pinyin  # noqa: B018 (cached properties)

    def _wildcards(self, length: int) -> dict[str, list[str]]:
        """Names of one length keyed by the name with one position replaced by NUL (built on first use)."""
        index = self._wildcard_index.get(length)
        if index is None:
            index = {}
            with no_gc():
                self._fill_wildcards(index, length)
            self._wildcard_index[length] = index
        return index

    def _fill_wildcards(self, index: dict[str, list[str]], length: int) -> None:
        for name in self._by_name:
            if len(name) == length:
                for i in range(length):
                    key = name[:i] + "\0" + name[i + 1 :]
                    if key in index:
                        index[key].append(name)
                    else:
                        index[key] = [name]


def parse_area_codes(text: str) -> Iterator[tuple[str, str]]:
    """Parse ``area_codes.tsv`` into ``(prefix, division code)`` pairs."""
    for line in text.splitlines()[1:]:
        if line:
            prefix, code, *_ = line.split("\t")
            yield prefix, code


def parse_pinyin(text: str) -> Iterator[tuple[str, str]]:
    """Parse ``pinyin.tsv`` into ``(slug, division code)`` pairs."""
    for line in text.splitlines()[1:]:
        if line:
            slug, code, *_ = line.split("\t")
            yield slug, code


def _load_pinyin() -> list[tuple[str, str]]:
    """The packaged pinyin table (empty if the file is absent)."""
    path = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR).joinpath(_PINYIN_FILE)
    return list(parse_pinyin(path.read_text(encoding="utf-8"))) if path.is_file() else []


@cache
def load_gazetteer() -> Gazetteer:
    """Load the packaged gazetteer once per process."""
    data = resources.files(_DATA_PACKAGE).joinpath(_DATA_DIR)
    text = gzip.decompress(data.joinpath(_GAZETTEER_FILE).read_bytes()).decode("utf-8")
    area = data.joinpath(_AREA_CODES_FILE)
    area_codes = list(parse_area_codes(area.read_text(encoding="utf-8"))) if area.is_file() else []
    with no_gc():
        return Gazetteer.from_tsv(text, area_codes)
