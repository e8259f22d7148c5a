"""Deficit and degree words in one form, so that a query and a problem statement meet.

"知晓度低" and "知晓度不高", "栏目设置不合理" and "栏目设置不够合理", "网站建设落后" and
"网站建设相对滞后" say the same thing. :func:`normalize_deficits` replaces each form (with a
degree word before it) by its group's token; the indexer applies it to every problem statement
(``problems_norm``) and the query builder to every query word, before both are segmented alike.
The groups are in ``data/deficit_forms.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources


@cache
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    data = json.loads(
        resources.files("indexer.segment").joinpath("data/deficit_forms.json").read_text("utf-8")
    )
    token_of = {variant: token for token, variants in data["groups"].items() for variant in variants}

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    longer = alternation([v for v in token_of if len(v) > 1])
    single = alternation([v for v in token_of if len(v) == 1])
    degree = alternation(data["degree"])
    pattern = re.compile(
        f"(?:{degree})?(?:(?P<form>{longer})|(?P<char>{single})(?={data['one_char_before']}))"
    )
    return pattern, token_of


def normalize_deficits(text: str) -> str:
    """``text`` with every deficit form replaced by its group's token, set apart by spaces."""
    pattern, token_of = _pattern()
    return pattern.sub(lambda m: f" {token_of[m.group('form') or m.group('char')]} ", text)


def deficit_tokens() -> frozenset[str]:
    """The group tokens (words no report contains)."""
    return frozenset(_pattern()[1].values())
