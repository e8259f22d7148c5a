"""Which script a Chinese text is written in, and its simplified form.

Reports are written in simplified characters; a mirror site's copy, or a user's filter value,
may come in traditional ones (山東, 報告). Conversion is OpenCC's, imported when first needed.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# frequent characters that exist only in the traditional script (their simplified forms differ)
_TRADITIONAL_ONLY = re.compile(
    "[這為開與區縣鎮鄉們個國會發時實說對進關報務點數據應規範處門網頁條辦機構項業見議檢審號經濟當後還種達運"
    "問題況內夠較單級權樣讀訊錄計劃總結現動員書長傳無衛環職責導決認識調續雖聽嚴隊專]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def looks_traditional(text: str) -> bool:
    """Whether a text is written in traditional characters (judged on its first 5,000 characters).

    In a traditional text these characters are one in ten or more; a simplified report holds a
    few at most (a name, a quotation): at least three, and one in fifty Han characters, decide.
    """
    found = len(_TRADITIONAL_ONLY.findall(text, 0, 5000))
    return found >= 3 and found * 50 >= len(_HAN.findall(text, 0, 5000))


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (山東 → 山东), by OpenCC."""
    if text.isascii():
        return text
    return str(_to_simplified().convert(text))


@functools.cache
def _to_simplified() -> Any:
    """OpenCC's traditional → simplified converter, built once (its import and tables cost time)."""
    import opencc

    return opencc.OpenCC("t2s")
