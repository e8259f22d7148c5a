"""Prose: the sentences that state figures, section 五, and how numbers and dates are written."""

from __future__ import annotations

import random

from indexer.extract.gazetteer import short_name
from report_generator.banks import MEASURE_INTROS, MEASURES, ORDINALS, PROBLEM_INTROS, PROBLEMS
from report_generator.options import CHANNEL_KEYS, pick
from report_generator.state import ReportState


class ProseMixin(ReportState):
    """Writes the sentences of a report that carry figures or problems."""

    def _proactive(self) -> tuple[str, dict[str, int | None]]:
        """A sentence on proactive disclosures, and the figures it states."""
        r = self.rng
        counts: dict[str, int | None] = {"total": None, **dict.fromkeys(CHANNEL_KEYS)}
        total = r.randrange(
            20, {"township": 300, "county": 3000, "prefecture": 12000, "department": 600}[self.level]
        )
        short = short_name(self.division.name)
        form = r.random()
        if form < 0.35:
            website = r.randrange(0, total // 2 + 1)
            wechat = r.randrange(0, total - website + 1)
            counts.update(total=total, website=website, wechat=wechat)
            account = short + r.choice(("发布", "在线", "微政务"))
            parts = [f"其中政府网站{website}条", f"微信公众号“{account}”公开{wechat}条"]
            if r.random() < 0.5:
                counts["weibo"] = r.randrange(0, total // 3 + 1)
                parts.append(f"微博“活力{short}”{counts['weibo']}条")
            if r.random() < 0.3:
                counts["douyin"] = r.randrange(0, total // 4 + 1)
                parts.append(f"抖音“大美{short}”{counts['douyin']}条")
            lead = r.choice(("{year}年累计主动公开政府信息{t}条。", "全年共主动公开政府信息{t}条，"))
            return lead.format(year=self.year, t=count_text(r, total)) + "，".join(parts) + "。", counts
        if form < 0.6:
            website = r.randrange(0, total + 1)
            counts.update(total=total, website=website)
            lead = r.choice(("{year}年，{unit}共主动公开政府信息", "{year}年主动公开政府信息"))
            return self._fmt(lead) + f"{count_text(r, total)}条，其中通过政府网站发布{website}条。", counts
        if form < 0.8:
            counts["total"] = total
            return (
                f"截至{self.year}年12月31日，共以多种形式更新和发布各类信息{count_text(r, total)}条。",
                counts,
            )
        website, wechat = r.randrange(0, total + 1), r.randrange(0, total + 1)
        counts.update(website=website, wechat=wechat)
        return (
            f"{self.year}年，在政府网站发布信息{website}条，在“{short}发布”微信公众号推送信息{wechat}条。",
            counts,
        )

    def _applications_sentence(self, received: int) -> str:
        r = self.rng
        if received == 0 and r.random() < 0.8:
            return self._fmt(
                r.choice(
                    (
                        "{year}年，{unit}未收到政府信息公开申请。",
                        "本年度{unit}未接到群众主动要求公开政府信息的申请。",
                    )
                )
            )
        text = r.choice(
            (
                "{year}年，{unit}共收到政府信息公开申请{n}件。",
                "本年度共受理依申请公开{n}件。",
                "{year}年度{unit}共接到{n}次群众主动要求公开政府信息的申请。",
                "全年共受理群众来信来访{x}件，政府信息公开申请{n}件。",
            )
        )
        text = text.replace("{x}", str(r.randrange(received + 5, received + 200)))
        return self._fmt(text.replace("{n}", str(received)))

    def _review_sentence(self, review: int, litigation: int) -> str:
        if review == 0 and litigation == 0 and self.rng.random() < 0.5:
            return self._fmt("{unit}未因政府信息公开申请被提起行政复议、行政诉讼。")
        return (
            self._fmt("{year}年，{unit}因政府信息公开被申请行政复议")
            + f"{review}件，被提起行政诉讼{litigation}件。"
        )

    def _problems(self) -> tuple[list[str], set[str]]:
        """Section 五: problem statements, then measures; returns (paragraphs, categories)."""
        r = self.rng
        if r.random() < 0.04:
            m = r.sample(MEASURES, 2)
            return [
                self._fmt("本年度{unit}政府信息公开工作运行平稳，下一步将继续") + f"{m[0]}，{m[1]}。"
            ], set()
        count = int(pick(r, {"1": 0.25, "2": 0.5, "3": 0.25}))
        chosen: list[str] = []
        seen: set[str] = set()
        while len(chosen) < count:
            text, cats = r.choice(PROBLEMS)
            if not cats & seen:
                chosen.append(text)
                seen |= cats
        measures = r.sample(MEASURES, r.randrange(2, 4))
        style = r.randrange(5)
        if style == 0:  # sub-headings
            return [
                r.choice(("（一）存在的主要问题", "（一）工作中存在的问题", "（一）主要问题")),
                "；".join(f"{ORDINALS[k]}是{p}" for k, p in enumerate(chosen)) + "。",
                r.choice(("（二）改进措施", "（二）改进情况")),
                "".join(f"{ORDINALS[k]}是{m}。" for k, m in enumerate(measures)),
            ], seen
        if style == 1:  # one paragraph (like seed 002)
            return [
                self._fmt(r.choice(PROBLEM_INTROS))
                + "；".join(f"{ORDINALS[k]}是{p}" for k, p in enumerate(chosen))
                + "。"
                + self._fmt(r.choice(MEASURE_INTROS))
                + "".join(f"{ORDINALS[k]}是{m}。" for k, m in enumerate(measures))
            ], seen
        if style == 2:  # numbered lists (like seed 004)
            return [
                self._fmt(r.choice(PROBLEM_INTROS)),
                *(f"{k + 1}、{p}；" for k, p in enumerate(chosen)),
                self._fmt(r.choice(MEASURE_INTROS)),
                *(f"{k + 1}、{m}。" for k, m in enumerate(measures)),
            ], seen
        if style == 3:  # markdown sub-headings (like seed 003)
            return [
                "### （一）工作中存在的问题",
                *(f"{k + 1}、{p}；" for k, p in enumerate(chosen)),
                "### （二）改进措施",
                *(f"{k + 1}、{m}。" for k, m in enumerate(measures)),
            ], seen
        return [
            self._fmt("{unit}政府信息公开工作虽然取得了一定成效，但也存在一些不足：")
            + "，".join(chosen)
            + "。"
            + self._fmt("下一步，{unit}将")
            + "，".join(measures)
            + "。"
        ], seen


_CN_DIGITS = "〇一二三四五六七八九"


def cn_year(year: int) -> str:
    return "".join(_CN_DIGITS[int(ch)] for ch in str(year))


def cn_small(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def count_text(rng: random.Random, n: int) -> str:
    """A count in prose: 1,234 now and then for large ones."""
    return f"{n:,}" if n >= 1000 and rng.random() < 0.3 else str(n)


def small_count(rng: random.Random, n: int) -> str:
    """A small count in prose: mostly digits, sometimes in Chinese (两场, 三次)."""
    if rng.random() < 0.8 or n > 10:
        return str(n)
    return "两" if n == 2 else cn_small(n)


def date_text(rng: random.Random, year: int, month: int, day: int) -> str:
    x = rng.random()
    if x < 0.8:
        return f"{year}年{month}月{day}日"
    if x < 0.9:
        return f"{year}年{month:02d}月{day:02d}日"
    return f"{cn_year(year)}年{cn_small(month)}月{cn_small(day)}日"
