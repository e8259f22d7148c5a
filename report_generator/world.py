"""The world reports are drawn from: divisions of the gazetteer, telephone area codes, web domains."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from indexer.extract.gazetteer import Gazetteer, load_gazetteer


@dataclass(frozen=True, slots=True)
class World:
    gaz: Gazetteer
    townships: tuple[str, ...]
    counties: tuple[str, ...]
    prefectures: tuple[str, ...]
    area_by_code: dict[str, str]
    slug_by_code: dict[str, str]


ZONE_TAILS = (
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
def load_world() -> World:
    gaz = load_gazetteer()
    townships, counties, prefectures = [], [], []
    for d in gaz:
        if d.level == "township" and d.name.endswith(("镇", "乡", "街道", "苏木")) and len(d.name) >= 2:
            townships.append(d.code)
        elif (
            d.level == "county"
            and d.name.endswith(("县", "区", "市", "旗"))
            and not d.name.endswith(ZONE_TAILS)
        ):
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
    return World(gaz, tuple(townships), tuple(counties), tuple(prefectures), area, slug_by_code)
