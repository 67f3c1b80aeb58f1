"""Amounts a claim states ("18 percent", "2-4 hours"), by unit family, so that only like compares with like."""

from __future__ import annotations

import re

from rag.safety.contradictions.lexicon import QUANTITY, UNITS
from rag.text.tokens import STOPWORDS

# An amount written into a word before a noun names a kind of that thing: "a 23-hour ward", "a 24-hour
# helpline", "a 12-week programme". It compares only with an amount of the same kind ("a 7-day course" and "a
# 14-day course"), not with any time the other claim states ("within 72 hours of discharge").
_NAMES_A_KIND = re.compile(r"[ \t]+([a-z]{3,})")
# Words after an amount that say what it is of or where it falls, not what kind of thing it names.
_NOT_A_KIND = STOPWORDS | {"old", "long", "later", "earlier", "after", "before", "per"}


def quantities_of(text: str) -> list[tuple[str, float, float]]:
    """(unit family, low, high) of every amount in ``text``, in the family's base unit; the family of an amount
    that names a kind of thing is followed by that thing ("hour ward")."""
    out: list[tuple[str, float, float]] = []
    for match in QUANTITY.finditer(text):
        unit = UNITS.get(match.group(3).lower())
        if unit is None:
            continue
        family, scale = unit
        # "increases it by 50 percent" is a change, "18 percent of people" a level: only like compares with like.
        if text[: match.start()].split()[-1:] == ["by"]:
            family = f"change:{family}"
        if "-" in text[match.start(1) : match.start(3)] and not match.group(2):
            kind = _NAMES_A_KIND.match(text, match.end())
            if kind is not None and kind.group(1) not in _NOT_A_KIND:
                family = f"{family} {kind.group(1)}"
        low = float(match.group(1).replace(",", "")) * scale
        high = float(match.group(2).replace(",", "")) * scale if match.group(2) else low
        out.append((family, low, high))
    return out
