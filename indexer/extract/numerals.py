"""Numbers as reports write them: Arabic digits with separators, or Chinese numerals (via cn2an)."""

from __future__ import annotations

from functools import lru_cache

_ZERO_LOOKALIKES = str.maketrans({"○": "〇", "O": "〇", "零": "〇"})


def parse_number(text: str) -> int:
    """'1,234' → 1234; '62.96万' → 629600; '2020' and '二〇二〇' → 2020; '两' → 2; '十五' → 15; '一百二十' → 120.

    Raises ValueError for text that is not a number.
    """
    text = text.strip()
    if text.endswith("万") and text[:1].isdigit():  # "62.96万" (a count in ten thousands)
        return round(float(text[:-1].strip().replace(",", "")) * 10000)
    if text[:1].isdigit():
        return int(text.replace(",", "").replace("，", ""))
    return _chinese(text)


# numerals differ from report to report: the cache is bounded, or a long run's memory grows
@lru_cache(maxsize=4096)
def _chinese(text: str) -> int:
    import cn2an  # ~0.1 s to import: only extraction needs it

    if all(ch in "〇○O零一二三四五六七八九" for ch in text) and len(text) > 1:
        text = text.translate(_ZERO_LOOKALIKES)  # a year written digit by digit: 二〇二〇
    value = cn2an.cn2an(text, "smart")
    if int(value) != value:
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
