"""One report: draws what it is (template, layout, noise, body), builds its parts, and states its truth."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from report_generator.figures import break_rule, failed_checks, table2_values, table3_values, table4_values
from report_generator.naming import NamingMixin
from report_generator.options import (
    BROKEN_WEIGHTS,
    CHANNEL_KEYS,
    LAYOUT_WEIGHTS,
    NARRATIVE_KEYS,
    TABLE_LAYOUTS,
    pick,
)
from report_generator.prose import ProseMixin, small_count
from report_generator.render_text import TextMixin
from report_generator.tables import Table, TablesMixin
from report_generator.truth import visible_tables
from report_generator.world import World


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One generated report file: where to write it, its text and encoding, and the expected values.

    For the html format ``text`` is the page and ``blob`` its encoded bytes; for docx and pdf
    ``text`` is the report as plain text (to read), ``encoding`` None and ``blob`` the file.
    """

    path_name: str
    text: str
    encoding: str | None
    truth: dict[str, Any]
    blob: bytes | None = None

    def data(self) -> bytes:
        """The file's bytes (BOM included for utf-8-sig and utf-16)."""
        if self.blob is not None:
            return self.blob
        assert self.encoding is not None
        return self.text.encode(self.encoding)


class Report(NamingMixin, TablesMixin, ProseMixin, TextMixin):
    """Builds one report; all randomness comes from `rng`, in a fixed order."""

    tables: dict[str, Table]  # the grids of cells, as built (for the html and docx formats)

    def __init__(
        self,
        rng: random.Random,
        world: World,
        layouts: Sequence[str],
        templates: Sequence[str],
        encodings: Mapping[str, float],
        noise: Mapping[str, float],
        consistent: float,
        broken: Sequence[str],
        levels: Mapping[str, float],
        years: Sequence[int],
    ) -> None:
        r = self.rng = rng
        self.w = world
        self.gaz = world.gaz
        self.layout = layouts[0] if len(layouts) == 1 else pick(r, {k: LAYOUT_WEIGHTS[k] for k in layouts})
        self.encoding = pick(r, encodings)
        self.noise = {k for k, p in noise.items() if r.random() < p}
        self.table_layouts = {
            t: (r.choice(TABLE_LAYOUTS) if self.layout == "mixed" else self.layout) for t in ("2", "3", "4")
        }
        if "spaces" not in self.table_layouts.values():
            self.noise.discard("page_breaks")
        self.broken = None if r.random() < consistent else pick(r, {k: BROKEN_WEIGHTS[k] for k in broken})
        self.level = pick(r, levels)
        year = r.choice(years)
        if len(templates) == 1:
            template = templates[0]
        elif year <= 2020:
            template = "2019"
        else:
            template = "2021" if r.random() < 0.85 else "2019"
        later = [y for y in years if y >= 2021]
        if template == "2021" and year < 2021 and later:
            year = r.choice(later)
        self.year, self.template = year, template
        self.blank_lines = r.random() < 0.5  # blank lines between paragraphs
        self.images = 0
        self.cell_noise = bool(self.noise & {"fullwidth_digits", "fullwidth_spaces", "bookmarks"})
        self.wrapping = "wrapped_cells" in self.noise
        self.spacing = "spaced_labels" in self.noise
        # without their noise these are the identity (str() of a str is the str itself, and cheap)
        self.wrap: Callable[[str], str] = self._wrap if self.wrapping else str
        self.wrap_label: Callable[[str], str] = self._wrap_label if self.wrapping else str
        self.label: Callable[[str], str] = self._label if self.spacing else str

    def build(self) -> tuple[str, dict[str, Any]]:
        r = self.rng
        self._choose_region()
        self._names()
        t2 = table2_values(r, self.level, self.template)
        t3 = table3_values(r, self.level, self.template, self.broken)
        t4 = table4_values(r, self.level)
        if self.broken is not None:
            break_rule(r, self.broken, t3, t4)

        # narrative figures: key → (sentence, value); a figure counts only if its sentence is printed
        figures: dict[str, tuple[str, Any]] = {}
        proactive_text, proactive = self._proactive()
        received = t3["new_received"]["total"]
        assert isinstance(received, int)
        if self.broken == "narrative_applications" or r.random() < 0.6:
            said = received + (r.randrange(1, 4) if self.broken == "narrative_applications" else 0)
            figures["applications"] = (self._applications_sentence(said), said)
        review, direct, after = (
            t4["review"]["total"],
            t4["litigation_direct"]["total"],
            t4["litigation_after_review"]["total"],
        )
        assert isinstance(review, int) and isinstance(direct, int) and isinstance(after, int)
        litigation = direct + after
        if self.broken == "narrative_review" or r.random() < 0.4:
            said = review + (r.randrange(1, 3) if self.broken == "narrative_review" else 0)
            sentence = self._review_sentence(said, litigation)
            figures["review"] = (sentence, said)
            figures["litigation"] = (sentence, litigation)
        if r.random() < 0.35:
            k = r.randrange(1, 6)
            words = small_count(r, k)
            figures["press_conferences"] = (
                r.choice((f"召开了{words}场新闻发布会。", f"全年召开新闻发布会{words}场。")),
                k,
            )
        if r.random() < 0.45:
            k = r.randrange(1, 8)
            words = small_count(r, k)
            text = r.choice(
                (
                    f"开展各类信息公开培训{words}场。",
                    f"组织政务公开业务培训{words}次。",
                    f"开展培训{words}场。",
                )
            )
            figures["training_sessions"] = (text, k)
        if r.random() < 0.3:
            a, b = r.randrange(0, 20), r.randrange(0, 15)
            if r.random() < 0.2:
                figures["npc_cppcc_combined"] = (f"本年度公开了人大、政协提案{a + b}件。", a + b)
            else:
                text = r.choice(
                    (
                        f"全年共办理人大代表建议{a}件，政协委员提案{b}件，均已按期办结。",
                        f"{self.year}年办理人大建议{a}件、政协提案{b}件，办理结果均已公开。",
                    )
                )
                figures["npc_suggestions"], figures["cppcc_proposals"] = (text, a), (text, b)
        if r.random() < 0.3:
            text = self._fmt(
                r.choice(("本年度未收取信息处理费。", "{unit}在政府信息公开申请办理过程中，未收取任何费用。"))
            )
            figures["fees_yuan"] = (text, 0.0)

        # tables and their noise
        tables = {"2": self._build_table2(t2), "3": self._build_table3(t3), "4": self._build_table4(t4)}
        self.tables = tables
        for tab in tables.values():
            self._blank_some(tab)
        truncated = cut_rest = None
        if "truncated" in self.noise:
            truncated = pick(r, {"2": 0.3, "3": 0.5, "4": 0.2})
            self._truncate(tables[truncated])
            cut_rest = r.random() < 0.4  # the text jumps from the cut to section 五 (lost pages)
        dropped = None
        if "missing_sections" in self.noise:
            dropped = pick(
                r, {"overview": 0.3, "other": 0.3, "review_litigation": 0.25, "requests_heading": 0.15}
            )
        problem_lines, categories = self._problems()
        lines, rendered = self._document(
            tables, truncated if cut_rest else None, dropped, proactive_text, figures, problem_lines
        )
        text = "\n".join(lines) + "\n"

        # truth: what the text shows
        narrative: dict[str, Any] = dict.fromkeys(NARRATIVE_KEYS)
        for key, (sentence, value) in figures.items():
            if sentence in text:
                narrative[key] = value
        if proactive_text not in text:
            proactive = {"total": None, **dict.fromkeys(CHANNEL_KEYS)}
        truth_tables, template_seen = visible_tables(tables, rendered, t2, t3, t4)
        t3_truth, t4_truth = truth_tables["table3"], truth_tables["table4"]
        region: dict[str, Any] = {
            level: (self.path[level].name if level in self.path else None)
            for level in ("province", "prefecture", "county", "township")
        }
        region["code"] = self.division.code
        y, m, d = self.publish
        truth: dict[str, Any] = {
            "title": self.title,
            "org": self.org,
            "level": self.level,
            "year": self.year,
            "publish_date": f"{y:04d}-{m:02d}-{d:02d}" if self.signed else None,
            "template": self.template if template_seen else None,
            "region": region,
            **truth_tables,
            # the table's figure; the prose's when the table's cell is missing
            "applications": {
                "received": t3_truth["new_received"]["total"]
                if t3_truth["new_received"]["total"] is not None
                else narrative.get("applications")
            },
            "proactive": proactive,
            "narrative": narrative,
            "problem_categories": sorted(categories),
            # consistent tables and prose break no rule, and hiding cells cannot break one
            "failed_checks": failed_checks(t3_truth, t4_truth, narrative) if self.broken else [],
            "variant": {
                "template": self.template,
                "layout": self.layout,
                "table_layouts": dict(self.table_layouts),
                "encoding": self.encoding,
                "noise": sorted(self.noise),
                "broken": self.broken,
                "truncated": truncated,
                "cut_rest": bool(cut_rest),
                "dropped": dropped,
            },
        }
        if "crlf" in self.noise:
            text = text.replace("\n", "\r\n")
        return text, truth
