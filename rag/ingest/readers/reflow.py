"""Lines laid out on a page -> paragraphs, one per line of text, as the sentence splitter reads them.

The splitter treats every line as a paragraph (rag/text/segment.py), so a paragraph that a PDF wraps over five
lines must become one line again, or each wrapped line would be quoted as a sentence fragment.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from statistics import median

from wordfreq import zipf_frequency

# A line that opens with a list marker ("•", "-", "1.", "2:", "a)") starts an item of its own.
_MARKER = re.compile(r"^\s*(?:[-*•▪◦‣–]|\d{1,3}[.):]|[a-z][.)])\s+")
# Characters that carry no text: zero-width spaces and joiners, soft hyphens, byte-order marks, controls.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A word broken at a line end is rejoined without its hyphen when the whole word is at least this common in
# English ("treat-" + "ment"); otherwise the hyphen is the word's own ("dose-" + "dependent").
_JOINED_WORD_ZIPF = 2.5
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_CONTINUES = re.compile(r"^([a-z]+)")
# Vertical gaps wider than this many times the page's usual line gap separate paragraphs.
_PARAGRAPH_GAP = 1.4
# A line ending this far (share of the text width) short of the right margin ends its paragraph.
_SHORT_LINE = 0.12


@dataclass(frozen=True)
class Line:
    """One line of a page as laid out: its text and box (PDF points, top grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def clean(text: str) -> str:
    """``text`` without invisible characters, with every run of spaces and tabs one space."""
    return re.sub(r"[ \t\u00a0]+", " ", _INVISIBLE.sub("", text)).strip()


def page_paragraphs(lines: list[Line]) -> list[str]:
    """The paragraphs of one page, in reading order, each on one line."""
    lines = [line for line in lines if clean(line.text)]
    if not lines:
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines) if b.top > a.bottom]
    usual_gap = median(gaps) if gaps else 0.0
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = max(right - left, 1.0)
    paragraphs: list[list[str]] = []
    previous: Line | None = None
    for line in lines:
        if previous is None or _breaks(previous, line, usual_gap, right, width):
            paragraphs.append([])
        paragraphs[-1].append(clean(line.text))
        previous = line
    return [join_wrapped(parts) for parts in paragraphs]


def _breaks(previous: Line, line: Line, usual_gap: float, right: float, width: float) -> bool:
    gap = line.top - previous.bottom
    height = max(previous.bottom - previous.top, 1.0)
    if gap < -height:  # back up the page: a new column or a text box placed out of order
        return True
    if gap > max(usual_gap * _PARAGRAPH_GAP, usual_gap + height * 0.5):
        return True
    if _MARKER.match(line.text):
        return True
    # A short line ends its paragraph, unless the next goes on in lower case (a long word wrapped early).
    return right - previous.x1 > width * _SHORT_LINE and not clean(line.text)[:1].islower()


def join_wrapped(parts: list[str]) -> str:
    """Wrapped lines of one paragraph as one line: a space between them, a broken word made whole."""
    out = parts[0]
    for part in parts[1:]:
        broken = _HYPHENATED.search(out)
        rest = _CONTINUES.match(part)
        if broken and rest:
            whole = broken.group(1) + rest.group(1)
            out = out[:-1] + part if zipf_frequency(whole, "en") >= _JOINED_WORD_ZIPF else out + part
        else:
            out = f"{out} {part}"
    return out
