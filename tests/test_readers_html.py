"""The HTML reader on a real government page and on small hand-written pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import ReportError
from indexer.readers.html import read_html
from indexer.readers.meta import normalize_date, parse_meta_lines
from indexer.readers.model import Block, Document, Grid

REAL = Path(__file__).parent / "fixtures" / "real"


def _read(html: str, encoding: str = "utf-8", name: str = "page.html") -> Document:
    return read_html(Path(name), html.encode(encoding))


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _grid_with(doc: Document, label: str) -> tuple[Grid, list[str]]:
    for grid in doc.grids:
        for row in grid.rows:
            if any(label in cell for cell in row):
                return grid, row
    raise AssertionError(f"no grid row with {label!r}")


@pytest.fixture(scope="module")
def doc006() -> Document:
    path = REAL / "006.html"
    return read_html(path, path.read_bytes())


def test_real_page_title_and_metadata(doc006: Document) -> None:
    assert doc006.meta.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert doc006.meta.publish_date == "2024-01-17"  # not 页面生成时间 2024-05-28 nor 采集时间 2025-12-30
    assert doc006.meta.index_no == "014314799/2024-00002"
    assert doc006.meta.publisher == "沭阳县发展和改革局"
    assert doc006.encoding == "utf-8"
    first = doc006.items[0]
    assert isinstance(first, Block) and first.kind == "heading"
    assert first.text == "沭阳县发展和改革局2023年政府信息公开年度报告"


def test_real_page_table_three(doc006: Document) -> None:
    grid, row = _grid_with(doc006, "本年新收")
    header = next(r for r in grid.rows if "商业企业" in r)
    total = header.index("总计")
    assert row[total] == "26"
    assert row[header.index("自然人")] == "26"
    assert row[header.index("商业企业")] == ""  # an empty cell is missing, not 0
    assert all(len(r) == len(grid.rows[0]) for r in grid.rows)
    _, secret = _grid_with(doc006, "属于国家秘密")
    assert secret[total] == "0"


def test_real_page_without_chrome(doc006: Document) -> None:
    text = doc006.text()
    for chrome in ("网站标识码", "ICP", "页面生成时间", "采集时间", "智能问答", "索引号", "繁體版"):
        assert chrome not in text
    assert "一、总体情况" in text and "六、其他需要报告的事项" in text
    # '统计时限为20</span><span>23年' in the source: inline tags split the number
    assert "统计时限为2023年1月1日" in text
    # the signature date is kept at the end of the article
    assert doc006.items[-1] == Block("2024年1月17日")


def test_rowspan_colspan_expansion() -> None:
    html = _page(
        """<div class="content"><p>一、总体情况</p><p>本机关2023年度政府信息公开工作年度报告正文如下所述。</p>
        <table border="1">
          <tr><td rowspan="2">项目</td><td colspan="2">申请人</td><td rowspan="2">总计</td></tr>
          <tr><td>自然人</td><td>法人</td></tr>
          <tr><td>本年新收</td><td><span>1</span><span>2</span></td><td>&nbsp;</td><td>12</td></tr>
        </table></div>"""
    )
    grid = _read(html).grids[0]
    assert grid.rows == [
        ["项目", "申请人", "申请人", "总计"],
        ["项目", "自然人", "法人", "总计"],
        ["本年新收", "12", "", "12"],
    ]
    assert grid.spanned == [
        [False, False, True, False],
        [True, False, False, True],
        [False, False, False, False],
    ]


def test_ragged_rows_are_padded_with_empty_cells() -> None:
    html = _page(
        "<p>二、主动公开政府信息情况，本年度报告如下。</p>"
        "<table><tr><td>规章</td><td>1</td><td>2</td></tr><tr><td>规范性文件</td></tr></table>"
    )
    grid = _read(html).grids[0]
    assert grid.rows == [["规章", "1", "2"], ["规范性文件", "", ""]]
    assert grid.spanned[1] == [False, False, False]


def test_gbk_page_with_declared_charset() -> None:
    html = _page(
        "<h1>某某镇2022年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2022年，镇政府主动公开信息128条。</p>",
        head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    )
    doc = _read(html, encoding="gbk")
    assert doc.encoding == "gb18030"
    assert doc.meta.title == "某某镇2022年政府信息公开工作年度报告"
    assert "主动公开信息128条" in doc.text()
    assert doc.warnings == []


def test_undeclared_gbk_page_is_detected() -> None:
    paragraph = "<p>本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息一百二十八条，依申请公开办理十二件。</p>"
    html = f"<html><body><h1>某某局2022年政府信息公开工作年度报告</h1>{paragraph * 6}</body></html>"
    doc = _read(html, encoding="gbk")
    assert doc.encoding == "gb18030"
    assert "依申请公开办理十二件" in doc.text()
    assert doc.warnings and "detected" in doc.warnings[0]


def test_metadata_as_list() -> None:
    html = _page(
        """<div class="xxgk-info"><ul><li>索 引 号：11370000004/2022-00012</li><li>发布机构：某某市人民政府办公室</li>
        <li>成文日期：2022年3月30日</li><li>发布日期：2022/4/6</li><li>文号：无</li></ul></div>
        <div class="article"><h2 class="title">某某市2021年政府信息公开工作年度报告</h2>
        <p>一、总体情况</p><p>2021年，市政府办公室坚持以人民为中心，全面推进政务公开工作，取得明显成效。</p></div>
        <div class="footer">主办单位：某某市人民政府办公室 网站标识码：3700000001 鲁ICP备05001234号</div>"""
    )
    doc = _read(html)
    assert doc.meta.index_no == "11370000004/2022-00012"
    assert doc.meta.publisher == "某某市人民政府办公室"
    assert doc.meta.written_date == "2022-03-30"
    assert doc.meta.publish_date == "2022-04-06"
    assert doc.meta.doc_no is None
    assert doc.meta.title == "某某市2021年政府信息公开工作年度报告"
    assert "网站标识码" not in doc.text() and "索引号" not in doc.text()


def test_metadata_as_spans_on_one_line() -> None:
    html = _page(
        """<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk">政府信息公开年报</a></div>
        <div class="art"><h1>某某区教育局2021年政府信息公开工作年度报告</h1>
        <div class="info"><span>发布时间：2022-01-28 09:30</span><span>来源：某某区教育局</span>
        <span>浏览次数：321</span><span>更新时间：2023-05-05</span></div>
        <div class="text"><p>一、总体情况</p><p>2021年，区教育局严格落实条例要求，主动公开政府信息312条，办理依申请公开3件。</p>
        <p>二、主动公开政府信息情况</p><p>详见下表，本年度未发生收费情况，全年无行政复议和行政诉讼案件。</p></div>
        <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div></div>"""
    )
    doc = _read(html)
    assert doc.meta.publish_date == "2022-01-28"
    assert doc.meta.publisher == "某某区教育局"
    text = doc.text()
    assert "发布时间" not in text and "当前位置" not in text and "分享到" not in text
    assert isinstance(doc.items[0], Block) and doc.items[0].kind == "heading"
    assert doc.items[1] == Block("一、总体情况", "heading")


def test_metadata_table_is_not_a_grid() -> None:
    html = _page(
        """<table class="xxgk"><tr><td>索引号</td><td>000014349/2023-00321</td><td>主题分类</td><td>其他</td></tr>
        <tr><td>发布机构</td><td>某某县人民政府</td><td>公开日期</td><td>2023-01-20</td></tr>
        <tr><td>名称</td><td colspan="3">某某县人民政府2022年政府信息公开工作年度报告</td></tr>
        <tr><td>文号</td><td></td><td>页面生成时间</td><td>2024-05-28</td></tr></table>
        <div id="zoom"><p>一、总体情况</p><p>2022年，县政府深入贯彻条例，主动公开各类政府信息560条，答复依申请公开12件。</p></div>"""
    )
    doc = _read(html)
    assert doc.grids == []
    assert doc.meta.publish_date == "2023-01-20"
    assert doc.meta.publisher == "某某县人民政府"
    assert doc.meta.title == "某某县人民政府2022年政府信息公开工作年度报告"
    assert doc.meta.doc_no is None
    assert doc.items[0] == Block("某某县人民政府2022年政府信息公开工作年度报告", "heading")


def test_meta_tags_and_related_links() -> None:
    html = _page(
        """<div class="main"><h1>某某街道2023年政府信息公开工作年度报告</h1>
        <p>一、总体情况</p><p>2023年，街道办事处认真落实政务公开各项要求，主动公开信息88条，无依申请公开。</p>
        <div class="box"><h3>相关链接</h3><ul><li><a href="/a">某某街道2022年政府信息公开工作年度报告</a></li>
        <li><a href="/b">某某街道2021年政府信息公开工作年度报告</a></li></ul></div></div>""",
        head='<meta charset="utf-8"><meta name="ArticleTitle" content="某某街道2023年政府信息公开工作年度报告">'
        '<meta name="PubDate" content="2024-01-15 10:00"><meta name="ContentSource" content="某某街道办事处">',
    )
    doc = _read(html)
    assert doc.meta.publish_date == "2024-01-15"
    assert doc.meta.publisher == "某某街道办事处"
    assert "2022年政府信息公开工作年度报告" not in doc.text()
    assert "相关链接" not in doc.text()


def test_layout_table_is_recursed() -> None:
    body = "<p>本局依法做好政府信息公开工作，全年主动公开信息二百余条，及时回应社会关切。</p>" * 3
    html = _page(
        f"""<table width="1000"><tr><td><a href="/">首页</a> <a href="/x">信息公开</a></td></tr>
        <tr><td><h2>某某局2023年政府信息公开工作年度报告</h2>{body}
        <table border="1"><tr><td>行政复议</td><td>总计</td></tr><tr><td>1</td><td>1</td></tr></table>
        </td></tr></table>"""
    )
    doc = _read(html)
    assert [g.rows for g in doc.grids] == [[["行政复议", "总计"], ["1", "1"]]]
    assert "全年主动公开信息二百余条" in doc.text()


def test_page_without_body_text_warns() -> None:
    doc = _read(_page("<div></div>"))
    assert doc.items == [] and doc.warnings


def test_undecodable_bytes_raise() -> None:
    with pytest.raises(ReportError, match="encoding"):
        read_html(Path("x.html"), bytes(range(256)) * 40)


def test_parse_meta_lines_crawler_header() -> None:
    meta = parse_meta_lines(
        [
            "标题: 某某市2019年政府信息公开工作年度报告",
            "发布时间: 2020-01-20 10:08",
            "发布机构:",
            "原文链接: http://www.example.gov.cn/art/2020/1/20/art_1.html",
            "采集时间: 2025-12-30",
        ]
    )
    assert meta.title == "某某市2019年政府信息公开工作年度报告"
    assert meta.publish_date == "2020-01-20"
    assert meta.publisher is None
    assert meta.url == "http://www.example.gov.cn/art/2020/1/20/art_1.html"


def test_parse_meta_lines_ignores_generation_dates() -> None:
    meta = parse_meta_lines(
        ["页面生成时间：2024-05-28 15:46", "更新时间：2024-02-01", "公开日期：2024.01.17"]
    )
    assert meta.publish_date == "2024-01-17"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2022-04-06", "2022-04-06"),
        ("2022/4/6 10:00:00", "2022-04-06"),
        ("2022年4月6日", "2022-04-06"),
        ("2022.04.06", "2022-04-06"),
        ("2025-12-30T21:37:37+08:00", "2025-12-30"),
        ("2022-13-45", None),
        ("无", None),
    ],
)
def test_normalize_date(text: str, iso: str | None) -> None:
    assert normalize_date(text) == iso


def test_a_catalogue_s_generated_date_gives_way_to_the_publication_date() -> None:
    # 政府信息公开目录 pages print 公文生成日期 (when the information was made) beside 发布日期
    both = parse_meta_lines(["• 公文生成日期:2012-03-31", "• 发布日期:2012-01-19"])
    assert both.publish_date == "2012-01-19"
    assert parse_meta_lines(["生成日期:2021-01-29"]).publish_date == "2021-01-29"  # the only date given
