"""Who and where: the body, its region, its names in the title, signature and prose, the date."""

from __future__ import annotations

from collections.abc import Mapping

from indexer.extract.gazetteer import Division
from report_generator.banks import DEPARTMENTS, TITLE_TAILS
from report_generator.options import pick
from report_generator.prose import cn_year
from report_generator.state import ReportState


class NamingMixin(ReportState):
    """Draws the body of a report and the names it goes by."""

    def _choose_region(self) -> None:
        r, w = self.rng, self.w
        if self.level == "township":
            code = r.choice(w.townships)
        elif self.level == "county" or (self.level == "department" and r.random() < 0.8):
            code = r.choice(w.counties)
        else:
            code = r.choice(w.prefectures)
        division = self.gaz.get(code)
        assert division is not None
        self.division = division
        self.path = self.gaz.path(code)
        self.dept = r.choice(DEPARTMENTS) if self.level == "department" else ""

    def _area_of(self, path: Mapping[str, Division]) -> str | None:
        for lvl in ("county", "prefecture", "province"):
            d = path.get(lvl)
            if d is not None and d.code in self.w.area_by_code:
                return self.w.area_by_code[d.code]
        return None

    def _phone(self) -> str | None:
        prefix = self._area_of(self.path)
        if prefix is None:
            return None
        r = self.rng
        digits = 8 if len(prefix) == 3 else r.choice((7, 8))
        number = str(r.randrange(2, 9)) + "".join(str(r.randrange(10)) for _ in range(digits - 1))
        if r.random() < 0.05:
            return f"（{prefix}）{number}"
        return prefix + r.choice(("-", "-", "-", "—", "－", "")) + number

    def _singled_out(self, div: Division, parent_level: str, phone: bool) -> bool:
        """Whether `div`'s bare name, with its parent named in the body (and the phone), singles it out."""
        others = [d for d in self.gaz.by_name(div.name) if d.code != div.code]
        if not others:
            return True
        mine = self.path.get(parent_level)
        if mine is None or len(mine.name) < 3 or not phone:
            return False
        my_area = self._area_of(self.path)
        for other in others:
            theirs = self.gaz.path(other.code)
            parent = theirs.get(parent_level)
            if (parent is not None and parent.name == mine.name) or self._area_of(theirs) == my_area:
                return False
        return True

    def _names(self) -> None:
        """Title, org, signature, and the words the prose uses for the body."""
        r = self.rng
        p = self.path
        prov = p["province"].name
        pref = p["prefecture"].name if "prefecture" in p else ""
        county = p["county"].name if "county" in p else ""
        self.phone = self._phone() if r.random() < 0.93 else None
        self.signed = r.random() < 0.88
        short_ok = False
        if self.level == "township":
            t = p["township"].name
            for parent_name in (pref + county, county, pref):  # NBS names with their county (濮阳县柳屯镇)
                if parent_name and t.startswith(parent_name) and len(t) > len(parent_name) + 1:
                    t = t[len(parent_name) :]
                    break
            street = t.endswith("街道")
            gov = "办事处" if street else "人民政府"
            parent = county or pref or prov
            self.body = t + gov
            self.place = parent + t
            self.name = t
            self.unit = "我" + ("街道" if street else "苏木" if t.endswith("苏木") else t[-1])
            self.up = f"{parent[-1]}委、{parent[-1]}政府"
            short_ok = self._singled_out(
                p["township"], "county" if county else "prefecture", bool(self.phone)
            )
            grand = pref if county and pref else prov if parent != prov else ""
            options = {parent + t: 0.45, parent + t + gov: 0.2, grand + parent + t: 0.12}
            if short_ok:
                options.update({t + gov: 0.08, t: 0.03})
                options[""] = 0.07  # the body only in the contact line and signature (like seed 004)
            self.parent_mention = parent
        elif self.level in ("county", "department"):
            own = p["county"] if "county" in p else p["prefecture"]
            c = own.name
            upper = (pref or prov) if own.level == "county" else prov
            tail = self.dept or "人民政府"
            self.body = c + tail
            self.place = c
            self.name = c + self.dept
            self.unit = "我局" if self.dept else "我" + c[-1]
            self.up = f"{upper[-1]}委、{upper[-1]}政府" if not self.dept else f"{c[-1]}委、{c[-1]}政府"
            short_ok = self._singled_out(
                own, "prefecture" if own.level == "county" and pref else "province", bool(self.phone)
            )
            options = {upper + c + tail: 0.25} if upper != c else {}
            if not self.dept and upper != c:
                options[upper + c] = 0.05
            if short_ok or not options:
                options.update({c + tail: 0.55, c: 0.1} if not self.dept else {c + tail: 0.6})
            self.parent_mention = upper
        else:  # prefecture
            c = pref
            self.body = c + "人民政府"
            self.place = c
            self.name = c
            self.unit = "我" + ("地区" if c.endswith("地区") else c[-1])
            self.up = "省委、省政府" if prov.endswith("省") else "自治区党委、政府"
            short_ok = self._singled_out(p["prefecture"], "province", bool(self.phone))
            options = {prov + c + "人民政府": 0.2, prov + c: 0.05}
            if short_ok:
                options.update({c + "人民政府": 0.6, c: 0.15})
            self.parent_mention = prov
        prefix = pick(r, options)
        tail = pick(r, TITLE_TAILS)
        if not prefix and tail.startswith("关于"):
            tail = tail[2:]
        year = cn_year(self.year) if r.random() < 0.03 else str(self.year)
        self.title = prefix + tail.format(y=year)
        if self.level == "township" and r.random() < 0.3:
            self.signature = self.place + self.body[len(self.name) :]
        else:
            self.signature = self.body
        if not self.signed:
            self.signature = ""
        # the body as the extractor should report it: the title's, else the signature's, else the
        # one in the contact sentence (every report has one)
        self.org = prefix or self.signature or self.body
        self.contact_office = r.choice(("党政办公室", "党政办", "办公室", "综合办公室", ""))
        month = int(pick(r, {"1": 0.75, "2": 0.13, "3": 0.12}))
        self.publish = (self.year + 1, month, r.randrange(1, 29))
