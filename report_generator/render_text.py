"""The text layouts: tables as tabs, one cell per line, markdown or PDF-like spaces; the whole report."""

from __future__ import annotations

from typing import Any

from report_generator.banks import (
    HEADINGS,
    IMAGE_LINES,
    MANAGEMENT,
    OTHER_MATTERS,
    OVERVIEW,
    PLATFORM,
    SUBHEADS,
    SUPERVISION,
)
from report_generator.prose import date_text
from report_generator.state import ReportState
from report_generator.tables import Table
from report_generator.world import ZONE_TAILS


class TextMixin(ReportState):
    """Lays a report out as text lines."""

    def _render(self, tab: Table) -> list[str]:
        """The table's lines in its layout (a line may hold several for the cells layout)."""
        layout = self.table_layouts[tab.name]
        r = self.rng
        out: list[str] = []
        images = "images" in self.noise
        unwrap = self.wrapping
        if layout == "tabs":
            pad = r.random() < 0.5
            for cells in tab.rows:
                line = "\t".join([c for c in cells if c is not None])
                if pad and cells[-1] is None:
                    line += "\t" * (len(cells) - len(_rstrip_none(cells)))
                out.append(line.replace("\n", "") if unwrap else line)
                if images and r.random() < 0.03:
                    out.append(self._image())
        elif layout == "cells":
            for cells in tab.rows:
                out.append("\t" + "\n\t".join([c for c in cells if c is not None]) + "\n")
                if images and r.random() < 0.03:
                    out.extend((self._image(), ""))
        elif layout == "markdown":
            width = max(len([c for c in cells if c is not None]) for cells in tab.rows)
            for n, cells in enumerate(tab.rows):
                texts = [c for c in cells if c is not None]
                texts += [""] * (width - len(texts))
                line = "| " + " | ".join(texts) + " |"
                out.append(line.replace("\n", "") if unwrap else line)
                if n == 0:
                    out.append("|" + "|".join(["---"] * width) + "|")
        else:  # spaces
            page = r.randrange(2, 5)
            breaks = "page_breaks" in self.noise
            for cells in tab.rows:
                line = " ".join([c for c in cells if c])
                if line:
                    out.append(line.replace("\n", "") if unwrap else line)
                if breaks and r.random() < 0.08:
                    out.append(r.choice((f"- {page} -", f"— {page} —", f"第 {page} 页 共 6 页")))
                    page += 1
        return out

    def _image(self) -> str:
        self.images += 1
        return self.rng.choice(IMAGE_LINES).format(n=self.images)

    def _document(
        self,
        tables: dict[str, Table],
        cut_after: str | None,
        dropped: str | None,
        proactive_text: str,
        figures: dict[str, tuple[str, Any]],
        problem_lines: list[str],
    ) -> tuple[list[str], list[str]]:
        """Assemble the report's lines; returns (lines, names of the tables printed)."""
        r = self.rng
        fw = "fullwidth_spaces" in self.noise
        md = self.layout == "markdown" or r.random() < 0.08
        images = "images" in self.noise
        out: list[str] = []
        rendered: list[str] = []
        blocks = self.blocks = []  # the same content as (kind, text), for the other formats

        def para(text: str) -> None:
            if not text:
                return
            if images and r.random() < 0.1:
                image = self._image()
                blocks.append(("image", image))
                out.append(image + ("" if r.random() < 0.7 else "25 | TEEM B"))
            out.append(("\u3000\u3000" if fw and r.random() < 0.3 else "") + text)
            blocks.append(("para", text))
            if self.blank_lines:
                out.append("")

        def heading(index: int) -> None:
            variants = HEADINGS[index]
            text = variants[0] if r.random() < 0.7 else r.choice(variants[1:])
            blocks.append(("heading", text.strip()))
            if md and r.random() < 0.7:
                text = ("## " if r.random() < 0.6 else "### ") + text
            elif fw and r.random() < 0.4:
                text = "\u3000\u3000" + text
            out.append(text)
            if self.blank_lines:
                out.append("")

        # title
        if r.random() < 0.3:
            out.extend(("", ""))
        title = _space_title(self.title) if not md and r.random() < 0.1 else self.title
        out.append(("# " if md else "") + title)
        blocks.append(("title", self.title))
        out.append("\u3000" if fw and r.random() < 0.5 else "")

        # preamble, with the contact sentence (or at the end) and the parent government
        where = ""
        if r.random() < 0.5:
            road = r.choice(("人民路", "中心街", "府前路", "建设路", "政府街", "振兴路"))
            where = f"地址：{self.place}{road}{r.randrange(1, 999)}号"
        tel = f"电话：{self.phone}" if self.phone else ""
        details = "；".join(x for x in (where, tel) if x)
        contact = f"如对本报告有任何疑问，请与{self.body}{self.contact_office}联系" + (
            f"（{details}）。" if details else "。"
        )
        website = ""
        for lvl in ("county", "prefecture"):
            d = self.path.get(lvl)
            if d is not None and d.code in self.w.slug_by_code and not d.name.endswith(ZONE_TAILS):
                if r.random() < 0.4:
                    website = f"本报告电子版可在{d.name}人民政府门户网站（www.{self.w.slug_by_code[d.code]}.gov.cn）查阅和下载。"
                break
        contact_at_end = r.random() < 0.15
        basis = (
            f"根据《{self.parent_mention}人民政府办公室关于做好政府信息公开工作年度报告编制发布工作的通知》要求，"
            if self.parent_mention and r.random() < 0.7
            else ""
        )
        lead = (
            f"在{self.parent_mention}委、{self.parent_mention}政府的正确领导下，"
            if self.parent_mention and not basis
            else ""
        )
        preamble = (
            basis
            + "本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）要求编制。"
            "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项。"
            f"本报告所列数据的统计期限自{self.year}年1月1日起至{self.year}年12月31日止。"
        )
        para(preamble + website + ("" if contact_at_end else contact))

        # 一、总体情况
        def fig(*keys: str) -> str:
            seen: list[str] = []
            for key in keys:
                if key in figures and figures[key][0] not in seen:
                    seen.append(figures[key][0])
            return "".join(seen)

        if dropped != "overview":
            heading(0)
            fillers = r.sample(OVERVIEW[1:], r.randrange(1, 4))
            para(lead + self._fmt(OVERVIEW[0] + "".join(fillers)))
            requests = fig("applications", "review", "litigation", "fees_yuan")
            if r.random() < 0.5:
                para(SUBHEADS[0])
                para(proactive_text + fig("press_conferences"))
                para(SUBHEADS[1])
                para(requests or self._fmt(r.choice(MANAGEMENT)))
                para(SUBHEADS[2])
                para(self._fmt(r.choice(MANAGEMENT)))
                para(SUBHEADS[3])
                para(self._fmt(r.choice(PLATFORM)))
                para(SUBHEADS[4])
                para(self._fmt(r.choice(SUPERVISION)) + fig("training_sessions"))
            else:
                para(proactive_text + fig("press_conferences", "training_sessions"))
                para(requests)

        stop = False  # a table cut short that takes the rest of the tables with it

        def table(name: str) -> None:
            nonlocal stop
            out.extend(self._render(tables[name]))
            blocks.append(("table", name))
            rendered.append(name)
            if self.table_layouts[name] != "cells":
                out.append("")
            stop = cut_after == name

        heading(1)
        para(r.choice(("", "主动公开政府信息情况如下表：", "根据有关要求，主动公开政府信息情况如下：")))
        table("2")
        if not stop:
            if dropped != "requests_heading":
                heading(2)
            para(r.choice(("", "收到和处理政府信息公开申请情况如下表：")))
            table("3")
        if not stop and dropped != "review_litigation":
            heading(3)
            table("4")
        heading(4)
        for line in problem_lines:
            para(line)
        if dropped != "other":
            heading(5)
            para(
                fig("npc_suggestions", "cppcc_proposals", "npc_cppcc_combined")
                + self._fmt(r.choice(OTHER_MATTERS))
            )
        if contact_at_end:
            para(contact)
        if self.signed:
            out.append("")
            out.append(("    " if r.random() < 0.3 else "") + self.signature)
            out.append(date_text(r, *self.publish))
            blocks.extend((("signature", self.signature), ("date", out[-1])))
        return out, rendered


def _rstrip_none(cells: list[str | None]) -> list[str | None]:
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    return cells[:end]


def _space_title(title: str) -> str:
    """Spaces around the year, as converted PDFs have them ("莱阳市团旺镇 2020 年度…工作 年度报告")."""
    for k, ch in enumerate(title):
        if ch.isdigit():
            end = k
            while end < len(title) and title[end].isdigit():
                end += 1
            return title[:k] + " " + title[k:end] + " " + title[end:].replace("工作年度", "工作 年度")
    return title
