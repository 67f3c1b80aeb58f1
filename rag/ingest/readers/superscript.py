"""Small digits set above or below a PDF line: footnote marks, exponents, chemical formulas.

A PDF draws "10⁶ cells", "CO₂" and a footnote mark ("a set of¹ pictures") as ordinary digits in a smaller type
moved up or down. Read as ordinary digits they become other numbers ("106 cells") or words of the line ("a set
of 1 pictures" in the COVID-QA labelling handbook), and a digit moved far enough is read as a line of its own,
which the page-number rule then drops ("takes up CO through its leaves"). Such a digit is written as the
Unicode superscript or subscript it shows and set on its neighbour's line, so a quote reads as the page does
and no number is made up. Unicode folding (NFKD) gives the plain digit back: word matching reads these tokens
as before.
"""

from __future__ import annotations

from collections.abc import MutableSequence
from typing import Any

_RAISED = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
_LOWERED = str.maketrans("0123456789+-−", "₀₁₂₃₄₅₆₇₈₉₊₋₋")
_SHIFTABLE = frozenset("0123456789+-−")
# A small digit: at most this share of its neighbour's type size. Moved: its baseline at least this share of the
# neighbour's type size above (a superscript) or below (a subscript); a digit merely set smaller stays a digit.
_SMALL = 0.8
_RAISE = 0.15
_LOWER = 0.1
# The neighbour is the nearest full-size character within this many characters before it (else after it), on
# the same line (baselines less than a type size apart) and touching it (a gap under a type size).
_REACH = 4
_LINE_KEYS = ("top", "bottom", "doctop", "y0", "y1")


def mark_shifted_digits(chars: MutableSequence[dict[str, Any]]) -> None:
    """Rewrite, in place, each small raised or lowered digit of ``chars`` (a page's characters in the order the
    PDF draws them, as pdfplumber gives them) as a superscript or subscript placed on its neighbour's line. A
    mark the PDF draws apart from its line (the handbook draws its footnote mark after the whole line) is moved
    to follow its neighbour, so the text flow reads it where the page shows it."""
    sizes = sorted(float(c.get("size") or 0.0) for c in chars if str(c.get("text", "")).isalnum())
    if not sizes:
        return
    body = sizes[len(sizes) // 2]
    moves = []
    rows: dict[int, list[dict[str, Any]]] | None = None
    for i, char in enumerate(chars):
        if char.get("text") not in _SHIFTABLE or not 0 < float(char.get("size") or 0.0) <= _SMALL * body:
            continue
        neighbour = _neighbour(chars, i)
        drawn_apart = neighbour is None
        if drawn_apart:
            rows = rows if rows is not None else _rows(chars)
            neighbour = _left_of(rows, char)
        if neighbour is None:
            continue
        size = float(neighbour["size"])
        shift = float(neighbour["bottom"]) - float(char["bottom"])
        table = _RAISED if shift >= _RAISE * size else _LOWERED if -shift >= _LOWER * size else None
        if table is None:
            continue
        char["text"] = str(char["text"]).translate(table)
        for key in _LINE_KEYS:
            if key in neighbour:
                char[key] = neighbour[key]
        if drawn_apart:
            moves.append((char, neighbour))
    # A mark of several digits ("¹²") follows its neighbour in the order it is drawn: each digit goes after the
    # one moved before it.
    last: dict[int, dict[str, Any]] = {}
    for char, neighbour in moves:
        chars.pop(next(i for i, c in enumerate(chars) if c is char))
        after = last.get(id(neighbour), neighbour)
        chars.insert(next(i for i, c in enumerate(chars) if c is after) + 1, char)
        last[id(neighbour)] = char


def _neighbour(chars: MutableSequence[dict[str, Any]], i: int) -> dict[str, Any] | None:
    char = chars[i]
    size = float(char["size"])
    for j in (*range(i - 1, max(-1, i - 1 - _REACH), -1), *range(i + 1, min(len(chars), i + 1 + _REACH))):
        other = chars[j]
        other_size = float(other.get("size") or 0.0)
        if str(other.get("text", "")).isspace() or other_size <= size:
            continue  # a space, or another small character of the same mark ("10⁻³", a mark "12")
        return other if _beside(char, other) else None
    return None


def _rows(chars: MutableSequence[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """The page's characters by the point their baseline falls on, to find a line's characters at once."""
    rows: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        rows.setdefault(int(float(c["bottom"])), []).append(c)
    return rows


def _left_of(rows: dict[int, list[dict[str, Any]]], char: dict[str, Any]) -> dict[str, Any] | None:
    """The full-size character just left of ``char`` on its line, wherever the PDF draws it."""
    x0, bottom, reach = float(char["x0"]), int(float(char["bottom"])), int(float(char["size"]) / _SMALL) + 1
    found = [
        c
        for row in range(bottom - reach, bottom + reach + 1)
        for c in rows.get(row, [])
        if c is not char and float(c["x1"]) <= x0 + 0.5 and _beside(char, c)
    ]
    return max(found, key=lambda c: float(c["x1"]), default=None)


def _beside(char: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether ``other`` is a full-size character on ``char``'s line and touching it."""
    size, other_size = float(char["size"]), float(other.get("size") or 0.0)
    if str(other.get("text", "")).isspace() or size > _SMALL * other_size:
        return False
    same_line = abs(float(other["bottom"]) - float(char["bottom"])) < other_size
    gap = max(float(char["x0"]) - float(other["x1"]), float(other["x0"]) - float(char["x1"]))
    return same_line and gap < other_size
