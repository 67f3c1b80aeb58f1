"""Running heads, running feet and page numbers: what a PDF prints at the top or the bottom of every page.

A handbook prints its title above each page and "Page 3" below it. Left in the text, they cut the sentence that
runs over a page break in two and glue themselves into both halves: "Disulfiram causes\\nPage 2" and "Community
Clinic Handbook\\nunpleasant reactions such as nausea ..." were quoted, and a manual's "... the left/right arrows
of your\\n10\\nkeyboard ..." carried its page number. Without them the two halves meet again, and the sentence
splitter joins them as it joins any wrapped line.

A line is one of them when it is among the topmost or bottommost lines of its page and either, its digits
masked ("Page 3 of 12" and "Page 4 of 12" are one line), recurs in that place on at least half the pages (two
at least), or is a bare page number. A heading that opens most pages in the same words would be taken for a
running head too; it repeats on every page, so no page loses what it says.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from rag.ingest.readers.reflow import Line, clean

# How many lines at each edge of a page may be running ones (a title above a chapter name, a page number under
# a footnote line).
_EDGE_LINES = 2
_DIGITS = re.compile(r"\d+")
# "7", "- 7 -", "Page 7", "p. 7", "7 of 12", "7/12", "vii": a page number and nothing else.
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|pg\.?)\s*)?(?:\d{1,4}|[ivx]{1,5})(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)


def _key(line: Line) -> str:
    return _DIGITS.sub("#", clean(line.text).lower())


def _edges(lines: list[Line]) -> tuple[list[int], list[int]]:
    """The indices of a page's topmost and bottommost text lines (by position, not by the order written)."""
    order = sorted((i for i, line in enumerate(lines) if clean(line.text)), key=lambda i: lines[i].top)
    return order[:_EDGE_LINES], order[-_EDGE_LINES:]


def without_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page's lines without its running head, running foot and page number."""
    edges = [_edges(lines) for lines in pages]
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines, (top, bottom) in zip(pages, edges, strict=True):
        tops.update({_key(lines[i]) for i in top})
        bottoms.update({_key(lines[i]) for i in bottom})
    needed = max(2, math.ceil(len(pages) / 2))

    def running(line: Line, seen: Counter[str]) -> bool:
        return seen[_key(line)] >= needed or _PAGE_NUMBER.match(clean(line.text)) is not None

    out = []
    for lines, (top, bottom) in zip(pages, edges, strict=True):
        drop = {i for i in top if running(lines[i], tops)} | {i for i in bottom if running(lines[i], bottoms)}
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out
