"""The html format: the report as an article page of a government site, with the site's chrome.

Four site templates (modern ``div`` pages, a ``zfxxgk`` disclosure-platform page, and an old
page laid out with nested tables) differ in menus, the metadata block (a label/value table, a
list, or spans on one line), where the title sits and the footer.  Every page has distractors:
hot-search words, a breadcrumb, 成文日期 before 发布日期, a 相关链接 list of the body's reports
for other years with their dates, and a page-generation or update date.  Some pages are pasted
from Word (``MsoNormal`` paragraphs, numbers split across ``<span>`` tags, ``<o:p>&nbsp;</o:p>``
in empty cells) and some are GBK-encoded.  The page's 发布日期 is the date the report is signed
with, so the truth's ``publish_date`` is that date even when the body itself is unsigned.
"""

from __future__ import annotations

import datetime as dt
import html
import random
import re

from report_generator.banks import TITLE_TAILS
from report_generator.merged import Cell, merged_grid
from report_generator.report import Report

SITE_TEMPLATES: tuple[str, ...] = ("portal", "zfxxgk", "oldsite", "column")
_HOT_WORDS = (
    "政府信息公开",
    "年度报告",
    "疫情防控",
    "营商环境",
    "乡村振兴",
    "社保缴费",
    "人才政策",
    "公积金",
)
_NAV = ("首页", "走进{place}", "政务公开", "政务服务", "互动交流", "专题专栏")
_IMAGE = re.compile(r"\[image: ?([^\]]*)\]")
_BOOKMARK = "[bookmark: _GoBack]"


def page_date(report: Report) -> str:
    """The page's 发布日期 (ISO): the date the report is signed with."""
    y, m, d = report.publish
    return f"{y:04d}-{m:02d}-{d:02d}"


class _Page:
    """Writes one page; all its randomness comes from its own `rng` (not the report's)."""

    def __init__(self, report: Report, rng: random.Random) -> None:
        self.rep = report
        self.r = rng
        self.site_template = rng.choice(SITE_TEMPLATES)
        self.word = rng.random() < 0.4  # pasted from Word
        host = next(report.path[lvl] for lvl in ("county", "prefecture", "province") if lvl in report.path)
        self.site = host.name + "人民政府"
        slug = report.w.slug_by_code.get(host.code)
        self.domain = f"www.{slug}.gov.cn" if slug else f"www.gov{host.code[:6]}.gov.cn"
        y, m, d = report.publish
        self.date = dt.date(y, m, d)
        self.written = self.date - dt.timedelta(days=rng.choice((0, 1, 2, 3, 5, 7)))
        self.generated = self.date + dt.timedelta(days=rng.randrange(30, 900))

    # ---------------------------------------------------------------- pieces
    def text(self, s: str) -> str:
        """Escaped text; in Word-pasted pages numbers are sometimes split across span tags."""
        out = html.escape(s, quote=False)
        if self.word and self.r.random() < 0.5:
            out = re.sub(r"\d{2,}", self._split_number, out)
        return out

    def _split_number(self, m: re.Match[str]) -> str:
        digits = m.group(0)
        if self.r.random() < 0.5:
            return digits
        k = self.r.randrange(1, len(digits))
        if self.r.random() < 0.5:
            return f"{digits[:k]}<span>{digits[k]}</span>{digits[k + 1 :]}"
        return f'<span lang="EN-US">{digits[:k]}</span><span lang="EN-US">{digits[k:]}</span>'

    def date_text(self, d: dt.date, form: int) -> str:
        if form == 0:
            return d.isoformat()
        if form == 1:
            return f"{d.year}年{d.month:02d}月{d.day:02d}日"
        return f"{d.year}/{d.month:02d}/{d.day:02d}"

    def index_no(self) -> str:
        code = self.rep.division.code[:6]
        letter = "ABCDEFGHJKLMNPQRTUWXY"[int(code) % 21]
        return f"11{code}{self.r.randrange(10**7, 10**8)}{letter}/{self.date.year}-{self.r.randrange(1, 999):05d}"

    def publisher(self) -> str:
        return self.rep.body if self.r.random() < 0.7 else self.rep.body + "办公室"

    def meta_block(self) -> str:
        r = self.r
        form = {
            "portal": r.choice(("spans", "list")),
            "zfxxgk": "table",
            "oldsite": "spans",
            "column": "list",
        }[self.site_template]
        date_form = r.randrange(3)
        published = self.date_text(self.date, date_form)
        if form == "table":
            rows = [
                ("索引号", self.index_no(), "主题分类", r.choice(("政务公开", "综合政务", "其他"))),
                ("发布机构", self.publisher(), "成文日期", self.date_text(self.written, date_form)),
                ("文号", "", r.choice(("发布日期", "公开日期")), published),
                ("名称", self.rep.title, "", ""),
            ]
            cells = []
            for a, b, c, d in rows:
                right = f"<th>{c}</th><td>{html.escape(d)}</td>" if c else ""
                span = "" if c else ' colspan="3"'
                cells.append(f"<tr><th>{a}：</th><td{span}>{html.escape(b)}</td>{right}</tr>")
            return '<table class="xxgk-info" cellspacing="0">\n' + "\n".join(cells) + "\n</table>"
        if form == "list":
            items = [f"<li>发布日期：{published}</li>", f"<li>来源：{html.escape(self.publisher())}</li>"]
            if r.random() < 0.5:
                items.insert(1, f"<li>成文日期：{self.date_text(self.written, date_form)}</li>")
            items.append(f'<li>浏览次数：<span id="hits">{r.randrange(20, 5000)}</span></li>')
            return '<ul class="article-meta">' + "".join(items) + "</ul>"
        clock = f" {r.randrange(8, 19):02d}:{r.randrange(60):02d}" if r.random() < 0.6 else ""
        label = r.choice(("发布时间", "发布日期"))
        return (
            f'<div class="info"><span>{label}：{published}{clock}</span>'
            f"<span>来源：{html.escape(self.publisher())}</span>"
            f"<span>字号：<a>大</a> <a>中</a> <a>小</a></span></div>"
        )

    def chrome_top(self) -> str:
        r = self.r
        nav = "".join(f'<li><a href="#">{n.format(place=self.rep.place)}</a></li>' for n in _NAV)
        hot = "".join(f'<a href="#">{w}</a>' for w in r.sample(_HOT_WORDS, 4))
        crumbs = ["首页", "政务公开", r.choice(("政府信息公开年报", "政府信息公开年度报告", "年度报告"))]
        sep = r.choice((" &gt; ", " > ", " » ", "&gt;&gt;"))
        where = r.choice(("当前位置：", "您当前所在的位置：", "当前位置: "))
        return (
            f'<div class="header"><div class="logo">{self.site}</div>'
            f'<div class="search"><input type="text" placeholder="请输入关键字"><button>搜索</button>'
            f'<div class="hot">热搜词：{hot}</div></div></div>\n'
            f'<div class="nav"><ul>{nav}</ul></div>\n'
            f'<div class="location">{where}' + sep.join(f'<a href="#">{c}</a>' for c in crumbs) + "</div>"
        )

    def related(self) -> str:
        r = self.rep
        years = sorted({r.year - 1, r.year - 2, r.year - 3, r.year + 1} - {r.year}, reverse=True)
        years = years[: self.r.randrange(2, 5)]
        prefix = r.title.split(str(r.year))[0] if str(r.year) in r.title else r.body
        items = []
        for y in years:
            tail = self.r.choice(list(TITLE_TAILS)).format(y=y)
            day = dt.date(y + 1, 1, self.r.randrange(10, 29))
            items.append(
                f'<li><a href="#">{html.escape(prefix + tail)}</a><span>{day.isoformat()}</span></li>'
            )
        return f'<div class="related"><h3>相关链接</h3><ul>{"".join(items)}</ul></div>'

    def footer(self) -> str:
        r = self.r
        stamp = self.generated.isoformat()
        clock = f"{r.randrange(24):02d}:{r.randrange(60):02d}:{r.randrange(60):02d}"
        late = r.choice((f"页面生成时间：{stamp} {clock}", f"更新时间：{stamp}", f"今天是：{stamp}"))
        province = self.rep.path["province"].name[:1]
        return (
            f'<div class="footer"><p>主办单位：{self.site}办公室　承办：{self.site}大数据中心</p>'
            f"<p>网站标识码：{self.rep.division.code[:6]}{r.randrange(1000, 9999)}　"
            f"{province}ICP备{r.randrange(10**7, 10**8)}号　公网安备 {r.randrange(10**13, 10**14)}号</p>"
            f"<p>{late}</p></div>"
        )

    def share(self) -> str:
        return '<div class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a> 【<a>打印本页</a>】【<a>关闭窗口</a>】</div>'

    # ---------------------------------------------------------------- the article
    def para(self, text: str, align: str = "") -> str:
        style = f' style="text-align:{align}"' if align else ""
        if self.word:
            indent = "" if align else ' style="text-indent:32.0pt;line-height:28.0pt"'
            return (
                f'<p class="MsoNormal"{style or indent}><span style="font-size:16.0pt;'
                f'font-family:仿宋_GB2312">{self.text(text)}</span></p>'
            )
        return f"<p{style}>{self.text(text)}</p>"

    def heading(self, text: str) -> str:
        form = self.r.randrange(3)
        if form == 0:
            return f"<h3>{self.text(text)}</h3>"
        if form == 1:
            return f"<p><strong>{self.text(text)}</strong></p>"
        return f'<p style="font-family:黑体">{self.text(text)}</p>'

    def cell_text(self, cell: Cell) -> str:
        text = cell.text.strip(" ") if cell.value else cell.text
        bookmark = _BOOKMARK in text
        text = text.replace(_BOOKMARK, "")
        if not text.strip():
            if self.word:
                return "<p><o:p>&nbsp;</o:p></p>"
            return self.r.choice(("", "&nbsp;"))
        inner = "<br>".join(self.text(part) for part in text.split("\n") if part)
        if bookmark:
            inner = '<a name="_GoBack"></a>' + inner
        if self.word:
            return f'<p class="MsoNormal" align="center"><span lang="EN-US">{inner}</span></p>'
        return inner

    def table(self, name: str) -> str:
        rep = self.rep
        grid = merged_grid(rep.tables[name], rep.template)
        attrs = (
            ' class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse"'
            if self.word
            else ' border="1" cellspacing="0" width="100%"'
        )
        rows = []
        for line in grid:
            cells = []
            for cell in line:
                if cell is None:
                    continue
                span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                    f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
                )
                cells.append(f"<td{span}>{self.cell_text(cell)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return f"<table{attrs}>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"

    def article(self) -> str:
        parts = []
        for kind, text in self.rep.blocks:
            if kind == "title":
                if self.r.random() < 0.4:  # the title repeated at the top of the article
                    parts.append(self.para(text, "center"))
            elif kind == "heading":
                parts.append(self.heading(text.removeprefix("### ")))
            elif kind == "para":
                if text.startswith("### "):
                    parts.append(self.heading(text[4:]))
                else:
                    parts.append(self.para(text))
            elif kind == "image":
                m = _IMAGE.search(text)
                name = (m.group(1) if m else "") or "image.png"
                src = name.replace("\\", "/").rsplit("/", 1)[-1]
                parts.append(
                    f'<p style="text-align:center"><img src="/uploads/{html.escape(src)}" alt=""></p>'
                )
            elif kind == "table":
                parts.append(self.table(text))
            else:  # signature, date
                parts.append(self.para(text, "right"))
        return "\n".join(parts)

    # ---------------------------------------------------------------- the page
    def page(self, charset: str) -> str:
        rep, r = self.rep, self.r
        head_meta = (
            f'<meta charset="{charset}">'
            if r.random() < 0.6
            else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        )
        extra = ""
        if r.random() < 0.5:
            extra = (
                f'\n<meta name="ArticleTitle" content="{html.escape(rep.title)}">'
                f'\n<meta name="PubDate" content="{self.date.isoformat()} 09:{r.randrange(60):02d}">'
            )
        head = (
            f"<!DOCTYPE html>\n<html>\n<head>\n{head_meta}{extra}\n"
            f"<title>{html.escape(rep.title)}_{self.site}</title>\n"
            "<style>body{font-size:14px}.nav li{display:inline}</style>\n"
            '<script>var _hmt = _hmt || []; window.siteId = "gov";</script>\n</head>\n<body>\n'
        )
        title = html.escape(rep.title)
        meta, article = self.meta_block(), self.article()
        t = self.site_template
        if t == "portal":
            main = (
                f'<div class="main"><h1 class="article-title">{title}</h1>\n{meta}\n{self.share()}\n'
                f'<div class="article-content" id="zoom">\n{article}\n</div>\n{self.related()}</div>'
            )
        elif t == "zfxxgk":
            main = (
                f'<div class="xxgk-detail">{meta}\n<div class="title">{title}</div>\n'
                f'<div class="TRS_Editor" id="content">\n{article}\n</div>\n{self.share()}\n{self.related()}</div>'
            )
        elif t == "column":
            side = "".join(
                f"<li><a>{c}</a></li>" for c in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容")
            )
            main = (
                f'<div class="left"><ul class="side-menu">{side}</ul></div>\n<div class="right">'
                f'<div class="title">{title}</div>\n{meta}\n<div class="content">\n{article}\n</div>\n'
                f"{self.related()}\n{self.share()}</div>"
            )
        else:  # oldsite: layout tables around the article
            main = (
                '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td>\n'
                f'<table width="100%" border="0"><tr><td class="title" align="center">{title}</td></tr>\n'
                f'<tr><td align="center">{meta}</td></tr>\n<tr><td class="content">\n{article}\n</td></tr>\n'
                f"<tr><td>{self.share()}</td></tr></table>\n</td></tr></table>\n{self.related()}"
            )
        return head + self.chrome_top() + "\n" + main + "\n" + self.footer() + "\n</body>\n</html>\n"


def render_html(report: Report, rng: random.Random) -> tuple[str, bytes, str, str]:
    """The page as (text, bytes, encoding, file extension); 1 page in 5 is GBK-encoded."""
    page = _Page(report, rng)
    gbk = rng.random() < 0.2
    charset = rng.choice(("gbk", "gb2312", "GBK")) if gbk else rng.choice(("utf-8", "UTF-8"))
    text = page.page(charset)
    encoding = "gbk" if gbk else "utf-8"
    ext = rng.choice(("html", "html", "html", "htm", "shtml"))
    return text, text.encode(encoding, "xmlcharrefreplace"), encoding, ext
