"""Lines laid out on a page -> paragraphs, one per line of text, as the sentence splitter reads them.

The splitter treats every line as a paragraph (rag/text/segment.py), so a paragraph that a PDF wraps over five
lines must become one line again, or each wrapped line would be quoted as a sentence fragment.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from rag.text.segment import BULLET_GLYPHS

# A line that opens with a list marker ("•", "-", "1.", "2:", "a)") starts an item of its own.
_MARKER = re.compile(rf"^\s*(?:[{re.escape(BULLET_GLYPHS)}]|\d{{1,3}}[.):]|[a-z][.)])\s+")
# Characters that carry no text: zero-width spaces and joiners, soft hyphens, byte-order marks, controls.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A word broken at a line end is rejoined without its hyphen when the whole word is at least this common in
# English ("treat-" + "ment"); otherwise the hyphen is the word's own ("dose-" + "dependent").
_JOINED_WORD_ZIPF = 2.5
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_CONTINUES = re.compile(r"^([a-z]+)")
# Vertical gaps wider than this many times the page's usual line gap separate paragraphs.
_PARAGRAPH_GAP = 1.4
# A line ending less than this share of its column's width short of the right edge is full: it wraps.
_SHORT_LINE = 0.03
# A proportional font's letters differ in width: the next word "would have fitted" only with this much to spare
# (a paragraph end missed this way still splits into its sentences; a wrapped line taken for one does not).
_WORD_FIT = 1.5
# Lines starting within this share of the page's text width of each other are in one column, when there are
# at least this many of them.
_COLUMN_REACH = 0.2
_COLUMN_MIN_LINES = 3
# Pieces of one printed line: tops within this share of the line's height, and at most this many average
# character widths apart (a word space is about half of one; a table's next cell is further); closer than the
# smaller share, they touch.
_SAME_LINE = 0.5
_PIECE_GAP = 1.0
_TOUCHING = 0.25
# Lines whose type sizes differ by more than this ratio are of different paragraphs: a title in large type that
# fills its line, and the subtitle in body type under it, were joined as one wrapped paragraph.
_SIZE_CHANGE = 1.15
# A heading is at most this long (as rag.text.segment reads one).
_MAX_HEADING_CHARS = 150


@dataclass(frozen=True)
class Line:
    """One line of a page as laid out: its text and box (PDF points, top grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # the type size most of its characters have; 0 when unknown


def clean(text: str) -> str:
    """``text`` without invisible characters, with every run of spaces and tabs one space."""
    return re.sub(r"[ \t\u00a0]+", " ", _INVISIBLE.sub("", text)).strip()


def body_size(pages: list[list[Line]]) -> float:
    """The type size of most of the text (by characters): what a heading is larger than; 0 when unknown."""
    weights: dict[float, int] = {}
    for line in itertools.chain.from_iterable(pages):
        weights[line.size] = weights.get(line.size, 0) + len(clean(line.text))
    return max(weights, key=lambda size: weights[size]) if weights else 0.0


def page_paragraphs(lines: list[Line], body: float = 0.0) -> list[str]:
    """The paragraphs of one page, in reading order, each on one line. A short paragraph in larger type than the
    ``body`` text is a heading, marked as Markdown marks one ("# "), as the HTML and Word readers do: unmarked, a
    long heading read as a line wrapped at a fixed width, and its first sentence was quoted with it."""
    lines = _pieces_joined([line for line in lines if clean(line.text)])
    if not lines:
        return []
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines) if b.top > a.bottom]
    # The gap between wrapped lines of one paragraph. A page of short paragraphs (a patient leaflet's questions
    # and answers) has about as many gaps between paragraphs as inside them, and their median fell between the
    # two: a heading question was then joined to the paragraph before it. The lower quartile is a line gap.
    usual_gap = sorted(gaps)[len(gaps) // 4] if gaps else 0.0
    edges = _column_edges(lines)
    paragraphs: list[list[str]] = []
    sizes: list[float] = []
    for i, line in enumerate(lines):
        if i == 0 or _breaks(lines[i - 1], line, usual_gap, *edges[i - 1]):
            paragraphs.append([])
            sizes.append(line.size)
        paragraphs[-1].append(clean(line.text))
    joined = [join_wrapped(parts) for parts in paragraphs]
    return [
        f"# {text}" if _heading(text, size, body) else text for text, size in zip(joined, sizes, strict=True)
    ]


def _heading(text: str, size: float, body: float) -> bool:
    # A statement set large ("Never share your medicine.") is a callout to quote, not a heading.
    return (
        body > 0
        and size > _SIZE_CHANGE * body
        and len(text) <= _MAX_HEADING_CHARS
        and not _MARKER.match(text)
        and not text.startswith("#")
        and not text.rstrip().endswith((".", "!"))
    )


def _pieces_joined(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line as one line. A PDF's text flow cuts a line where a character sits off its
    baseline (a zero-width space a word processor left, a word in another font): "(assigning a document the
    tag" | "report, contract, etc." | "), entity recognition"; read as lines of their own, a piece opening with
    a capital or a bracket began a paragraph, and quotes stopped mid-sentence."""
    joined: list[Line] = []
    for line in lines:
        if joined:
            last = joined[-1]
            height = max(last.bottom - last.top, 1.0)
            text = clean(last.text)
            char_width = (last.x1 - last.x0) / max(len(text), 1)
            gap = line.x0 - last.x1
            if abs(line.top - last.top) <= height * _SAME_LINE and (
                -char_width * _TOUCHING <= gap <= char_width * _PIECE_GAP
            ):
                space = "" if gap < char_width * _TOUCHING else " "
                joined[-1] = Line(
                    f"{text}{space}{clean(line.text)}",
                    last.x0,
                    max(last.x1, line.x1),
                    min(last.top, line.top),
                    max(last.bottom, line.bottom),
                    last.size if len(text) >= len(clean(line.text)) else line.size,
                )
                continue
        joined.append(line)
    return joined


def _column_edges(lines: list[Line]) -> list[tuple[float, float]]:
    """Per line, the right edge and the width of the column it is in: the lines that start near where it starts
    (within a fifth of the page's text width, so an indented first line counts). A line with fewer such mates
    (a centred title) is measured against the whole page."""
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    reach = (right - left) * _COLUMN_REACH
    edges = []
    for line in lines:
        mates = [m for m in lines if abs(m.x0 - line.x0) <= reach]
        if len(mates) < _COLUMN_MIN_LINES:
            mates = lines
        column_left, column_right = min(m.x0 for m in mates), max(m.x1 for m in mates)
        edges.append((column_right, max(column_right - column_left, 1.0)))
    return edges


def _breaks(previous: Line, line: Line, usual_gap: float, right: float, width: float) -> bool:
    gap = line.top - previous.bottom
    height = max(previous.bottom - previous.top, 1.0)
    # Back up the page is the next column (a paragraph may go on there, so only its shape decides); far down the
    # page is a new paragraph.
    if gap >= -height and gap > max(usual_gap * _PARAGRAPH_GAP, usual_gap + height * 0.5):
        return True
    if _MARKER.match(line.text):
        return True
    if min(previous.size, line.size) > 0 and max(previous.size, line.size) > _SIZE_CHANGE * min(
        previous.size, line.size
    ):
        return True
    # A line that stops short ends its paragraph: short by more than the next line's first word needs (else that
    # word would have fitted), unless the next line goes on in lower case.
    room = right - previous.x1
    if room <= width * _SHORT_LINE or clean(line.text)[:1].islower():
        return False
    text = clean(previous.text)
    char_width = (previous.x1 - previous.x0) / max(len(text), 1)
    first_word = clean(line.text).split(" ", 1)[0]
    return room > _WORD_FIT * char_width * (len(first_word) + 1)


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
