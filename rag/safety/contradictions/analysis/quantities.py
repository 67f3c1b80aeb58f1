"""Amounts a claim states ("18 percent", "2-4 hours"), by unit family, so that only like compares with like."""

from __future__ import annotations

from rag.safety.contradictions.lexicon import QUANTITY, UNITS


def quantities_of(text: str) -> list[tuple[str, float, float]]:
    """(unit family, low, high) of every amount in ``text``, in the family's base unit."""
    out: list[tuple[str, float, float]] = []
    for match in QUANTITY.finditer(text):
        unit = UNITS.get(match.group(3).lower())
        if unit is None:
            continue
        family, scale = unit
        # "increases it by 50 percent" is a change, "18 percent of people" a level: only like compares with like.
        if text[: match.start()].split()[-1:] == ["by"]:
            family = f"change:{family}"
        low = float(match.group(1).replace(",", "")) * scale
        high = float(match.group(2).replace(",", "")) * scale if match.group(2) else low
        out.append((family, low, high))
    return out
