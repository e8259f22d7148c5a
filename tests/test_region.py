"""Region resolution from the org, the title and the other clues, on constructed reports."""

from __future__ import annotations

import pytest

from indexer.extract.record import extract_text
from indexer.extract.region import government_level, resolve_region
from indexer.extract.report_meta import ORG_SOURCES


def record_of(text: str) -> dict:
    return extract_text(text, "/tmp/x.txt")


def _report(title: str, body: str = "", tail: str = "") -> str:
    return f"{title}\n一、总体情况\n{body}\n五、存在的主要问题及改进情况\n无。\n{tail}"


def test_same_name_disambiguated_by_phone() -> None:
    text = _report("2020年政府信息公开工作年度报告", tail="请与大门镇人民政府联系（电话：0938-1234567）。")
    rec = record_of(text)
    assert rec["region"]["province"] == "甘肃省" and rec["region"]["township"] == "大门镇"
    text = _report("2020年政府信息公开工作年度报告", tail="请与大门镇人民政府联系（电话：0577-63458205）。")
    assert record_of(text)["region"]["county"] == "洞头区"


@pytest.mark.parametrize("source", ORG_SOURCES)
def test_every_source_of_the_org_is_a_clue_of_the_region(source: str) -> None:
    # each place the org may come from weighs on the region (an org from the preamble that named
    # two places once raised KeyError)
    org = "桃江县松木塘镇人民政府"
    region = resolve_region(org, source, "2022年政府信息公开工作年度报告", "")
    assert (region.division.name, region.division.level) == ("松木塘镇", "township"), source


def test_an_org_named_by_the_preamble_places_the_report() -> None:
    text = _report("2022年政府信息公开工作年度报告", "现公布桃江县松木塘镇2022年政府信息公开工作年度报告。")
    assert record_of(text)["region"]["county"] == "桃江县"


def test_ambiguous_township_fills_only_shared_levels() -> None:
    region = resolve_region("大门镇人民政府", "title", "大门镇人民政府2020年报告", "")
    assert region.division is None or region.division.level != "township"
    assert any("ambiguous" in w for w in region.warnings)


def test_municipality_district_has_no_prefecture() -> None:
    rec = record_of(_report("北京市东城区人民政府2021年政府信息公开工作年度报告"))
    assert (rec["region"]["province"], rec["region"]["prefecture"], rec["region"]["county"]) == (
        "北京市",
        None,
        "东城区",
    )
    assert rec["level"] == "county"


def test_county_level_city_under_province_has_no_prefecture() -> None:
    rec = record_of(_report("湖北省仙桃市人民政府2020年政府信息公开工作年度报告"))
    assert rec["region"]["prefecture"] is None and rec["region"]["county"] == "仙桃市"


def test_department_keeps_its_government_level() -> None:
    rec = record_of(_report("莱阳市教育和体育局2020年政府信息公开工作年度报告"))
    assert rec["level"] == "department" and rec["government_level"] == "county"
    assert rec["region"]["county"] == "莱阳市" and rec["region"]["township"] is None
    assert rec["org_canonical"] == "山东省烟台市莱阳市教育和体育局"


def test_provincial_body_address_does_not_make_the_seat_city_its_region() -> None:
    rec = record_of(
        _report(
            "山东省教育厅2020年政府信息公开工作年度报告",
            body="地址：济南市历下区东环路1号，电话：0531-81916506。",
        )
    )
    assert rec["region"]["province"] == "山东省"
    assert rec["region"]["prefecture"] is None and rec["region"]["county"] is None
    assert rec["level"] == "department" and rec["government_level"] == "province"


def test_typo_in_township_is_read_with_a_warning() -> None:
    region = resolve_region("沂南县双堍镇人民政府", "title", "", "")
    assert region.division is not None and region.division.name == "双堠镇"
    assert government_level(region, "沂南县双堍镇人民政府") == ("township", "township")


def test_short_names_in_org() -> None:
    region = resolve_region("莱阳团旺镇", "title", "", "")
    assert region.division is not None and region.division.code == "370682102"


@pytest.mark.parametrize(
    ("org", "county", "government"),
    [
        ("方正县林业局", "方正县", "county"),
        ("延吉市林业局", "延吉市", "county"),
        ("哈尔滨市林业和草原局", None, "prefecture"),
    ],
)
def test_a_forestry_bureau_is_a_department_not_a_township(
    org: str, county: str | None, government: str
) -> None:
    region = resolve_region(org, "title", f"{org}2021年政府信息公开工作年度报告", org)
    assert region.as_dict()["township"] is None
    assert region.as_dict()["county"] == county
    assert government_level(region, org) == ("department", government)


def test_a_township_the_gazetteer_lists_only_elsewhere_stays_under_the_named_county() -> None:
    # the gazetteer has a 解放街道 under 鞍山's 铁东区, none under 四平's any more (bench/realdev3)
    org = "四平市铁东区人民政府解放街道办事处"
    rec = record_of(_report(f"{org}2011年政府信息公开工作年度报告"))
    region = rec["region"]
    assert (region["province"], region["prefecture"], region["county"]) == ("吉林省", "四平市", "铁东区")
    assert region["township"] == "解放街道" and rec["level"] == "township"
    assert rec["org_canonical"] == "吉林省四平市铁东区解放街道办事处"
    assert any("解放街道 is not listed under 铁东区" in w for w in rec["warnings"])


def test_an_autonomous_prefecture_by_its_short_name_is_a_government() -> None:
    rec = record_of(_report("黔南州2015年政府信息公开工作年度报告"))
    assert rec["region"]["prefecture"] == "黔南布依族苗族自治州"
    assert (rec["level"], rec["government_level"]) == ("prefecture", "prefecture")
    department = record_of(_report("黔南州教育局2015年政府信息公开工作年度报告"))
    assert department["org_canonical"] == "贵州省黔南布依族苗族自治州教育局"
    # a county that shared its city's name (开封县, merged into 开封市 in 2014) is not the city's government
    assert record_of(_report("开封县人民政府2013年政府信息公开工作年度报告"))["level"] != "prefecture"


def test_a_township_the_gazetteer_does_not_list_right_after_its_county() -> None:
    rec = record_of(_report("西秀区黄腊乡2021年政府信息公开工作年度报告"))
    assert (rec["region"]["county"], rec["region"]["township"], rec["level"]) == (
        "西秀区",
        "黄腊乡",
        "township",
    )
    assert record_of(_report("西秀区城乡建设局2021年政府信息公开工作年度报告"))["level"] == "department"


def test_an_ambiguous_township_s_canonical_name_names_it() -> None:
    rec = record_of(_report("兰州市城关镇人民政府2020年政府信息公开工作年度报告"))
    assert rec["region"]["township"] == "城关镇" and rec["region"]["county"] is None
    assert rec["org_canonical"] == "甘肃省兰州市城关镇人民政府"


def test_a_division_by_an_alias_that_is_not_its_short_name() -> None:
    # 巴州 is what 巴音郭楞蒙古自治州 calls itself; 巴州区 (巴中) is written with its 区
    rec = record_of(_report("巴州财政局2017年政府信息公开工作年度报告"))
    assert (rec["region"]["province"], rec["region"]["prefecture"]) == (
        "新疆维吾尔自治区",
        "巴音郭楞蒙古自治州",
    )
    assert (
        record_of(_report("巴州区人民政府2017年政府信息公开工作年度报告"))["region"]["prefecture"] == "巴中市"
    )


def test_a_county_renamed_a_district_and_words_that_are_no_township() -> None:
    rec = record_of(_report("崇明县2012年政府信息公开工作年度报告"))  # 崇明区 since 2016
    assert (rec["region"]["county"], rec["level"]) == ("崇明区", "county")
    assert record_of(_report("凤台县各乡镇2013年政府信息公开工作年度报告"))["region"]["township"] is None


def test_a_banner_by_its_abbreviation_and_a_zone_under_its_city_s_short_name() -> None:
    rec = record_of(_report("莫旗2011年度政府信息公开年度报告"))
    assert (rec["region"]["county"], rec["level"]) == ("莫力达瓦达斡尔族自治旗", "county")
    zone = record_of(_report("天津滨海高新技术产业开发区2021年度政府信息公开工作报告"))
    assert zone["region"]["province"] == "天津市"  # not a 高新技术产业开发区 listed in 广东
    assert zone["region"]["county"] == "滨海新区"  # 滨海, the gap before the zone's kind, in 天津


def test_a_zone_named_by_its_kind_alone_is_no_division() -> None:
    # the gazetteer lists thirteen townships named 开发区; the report's own 开发区 is none of them,
    # while a city's short name before one still names the city ("本溪高新区")
    body = "2022年,开发区坚持深入推进政务公开工作。开发区门户网站发布信息1330条。"
    rec = record_of(_report("2022年政府信息公开工作年度报告", body))
    assert (rec["region"]["township"], rec["level"]) == (None, None)
    benxi = record_of(_report("本溪高新区管委会2022年政府信息公开工作年度报告"))
    assert (benxi["region"]["prefecture"], benxi["region"]["county"]) == ("本溪市", None)
    listed = record_of(_report("石家庄高新技术产业开发区2020年政府信息公开工作年度报告"))
    assert listed["region"]["county"] == "石家庄高新技术产业开发区"  # a listed zone keeps its division


def test_a_short_name_with_its_autonomous_word_a_department_named_for_its_work_and_a_prefixed_domain() -> (
    None
):
    # bench/realdev7: "镇宁自治县政府" is the county's government; "公安局" is no 公安县 (湖北);
    # "永定县政府" names a county's government even when two 永定区 (both 永定县 once) tie
    zhenning = record_of(_report("镇宁自治县政府2019年信息公开工作年度报告"))
    assert (zhenning["region"]["county"], zhenning["level"]) == ("镇宁布依族苗族自治县", "county")
    police = record_of(_report("公安局2019年政府信息公开年度工作报告"))
    assert (police["region"]["county"], police["level"], police["government_level"]) == (
        None,
        "department",
        None,
    )
    tail = "本报告在政府门户网站公布。请与永定县政府信息中心联系。"
    yongding = record_of(_report("2009年政府信息公开工作年度报告", tail=tail))
    assert (yongding["org"], yongding["region"]["county"], yongding["level"]) == (
        "永定县政府",
        "永定",
        "county",
    )
    zone = record_of(_report("两江新区管理委员会2020年政府信息公开工作年度报告"))
    assert zone["level"] != "department"  # a new area's committee governs it


def test_a_department_that_names_no_place_a_renamed_county_and_a_zone_s_office() -> None:
    # bench/realdev9: "区司法局" is the department of the district its text names; "南京市高淳县"
    # (高淳区 since 2013); a zone's 综合办公室 answers for the zone's committee
    tail = "本报告的电子版可在盐城市盐都区政府网站下载。如对本报告有任何疑问,请与区司法局办公室联系(地址:盐都区行政中心)。"
    justice = record_of(_report("2022年政府信息公开工作年度报告", tail=tail))
    assert (justice["org"], justice["level"], justice["region"]["county"]) == (
        "区司法局",
        "department",
        "盐都区",
    )
    gaochun = record_of(_report("2009年南京市高淳县政府信息公开年报"))
    assert (gaochun["region"]["county"], gaochun["level"]) == ("高淳区", "county")
    contact = "如对本报告有任何疑问,请与安徽舒城经济开发区综合办公室联系。"
    zone = record_of(_report("2025年政府信息公开工作年度报告", tail=contact))
    assert (zone["org_canonical"], zone["region"]["county"]) == ("安徽舒城经济开发区管理委员会", "舒城县")
    # the gazetteer lists a township named 经济开发区管理委员会 (密山市): no zone's committee is it
    titled = record_of(_report("舒城经济开发区管理委员会2022年政府信息公开工作年度报告"))
    assert titled["region"]["county"] == "舒城县"
    # a place name the gazetteer no longer has keeps a department out of the placeless reading
    assert (
        record_of(_report("襄樊市民政局2009年政府信息公开工作年度报告"))["org_canonical"]
        != "湖北省襄阳市襄樊市民政局"
    )


def test_what_a_third_review_found_the_zone_and_placeless_rules_must_leave_alone() -> None:
    # a department whose name holds 市, 城乡 or 区 is still a department; a county's zone committee
    # keeps its county
    tail = "请与北京市西城区政府联系。本报告在北京市西城区政府网站公开。"
    market = record_of(_report("区市场监督管理局2023年政府信息公开工作年度报告", tail=tail))
    assert (market["level"], market["region"]["county"]) == ("department", "西城区")
    sihong = record_of(_report("泗洪县经济开发区管理委员会2023年政府信息公开工作年度报告"))
    assert sihong["region"]["county"] == "泗洪县"
