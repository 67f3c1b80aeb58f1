"""Sentence-aware chunking: passages of whole sentences inside a paragraph, with offsets into the file."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rag.text.lines import line_start
from rag.text.segment import Span, split_sentences
from rag.text.tables import read_row, row_headers
from rag.types import Document, Passage, Sentence


class ChunkedDocument:
    """A document cut into sentences and passages; passage ``i`` covers sentences ``ranges[i]``."""

    def __init__(self, document: Document, max_chars: int, overlap: int, window: int = 1) -> None:
        self.document = document
        tag = f"{document.source_id}@{document.content_hash[:12]}"
        spans = split_sentences(document.text)
        headers = row_headers(document.text)
        self.sentences = [
            Sentence(
                sentence_id=sentence_id(tag, i),
                source_id=document.source_id,
                passage_id="",
                start=s.start,
                end=s.end,
                text=s.text,
                heading=s.heading,
                table_header=headers.get(line_start(document.text, s.start), ""),
            )
            for i, s in enumerate(spans)
        ]
        # A sentence read with its neighbours: "It also eases cravings" only says what "it" is in context; a
        # table's row with its page's title and its columns' names (``read_row``).
        self.window_bounds = window_bounds([s.heading for s in spans], window)
        self.windows = [
            read_row(document.title, sentence.table_header, sentence.text)
            if sentence.table_header
            else document.text[spans[lo].start : spans[hi].end]
            for sentence, (lo, hi) in zip(self.sentences, self.window_bounds, strict=True)
        ]
        self.ranges = _group(spans, max_chars, overlap)
        self.passages = [
            Passage(
                passage_id=f"{tag}#p{i}",
                source_id=document.source_id,
                start=spans[lo].start,
                end=spans[hi - 1].end,
                text=document.text[spans[lo].start : spans[hi - 1].end],
            )
            for i, (lo, hi) in enumerate(self.ranges)
        ]
        for (lo, hi), passage in zip(self.ranges, self.passages, strict=True):
            for k in range(lo, hi):
                if not self.sentences[k].passage_id:
                    self.sentences[k].passage_id = passage.passage_id


# A sentence's window stops at its section's end since this revision (``window_bounds``): documents with a heading
# after a sentence are indexed again once, and no other document is.
SECTION_WINDOWS_REVISION = "section-windows-1"


def has_heading_after_text(text: str) -> bool:
    """Whether a heading of ``text`` (as segmentation reads it) follows a sentence that is not one."""
    headings = [s.heading for s in split_sentences(text)]
    return any(heading and not before for before, heading in pairwise(headings))


def window_bounds(headings: Sequence[bool], width: int) -> list[tuple[int, int]]:
    """Per sentence (``headings``: whether each is a heading), the first and last sentence of its window: up to
    ``width`` neighbours on each side, within its section. The heading over a sentence is read with it; one after
    it opens the next section and names what follows: the last answer of an FAQ read with "How is it spread?"
    looked like the answer to how the virus spreads."""
    last = len(headings) - 1
    bounds = []
    for i in range(len(headings)):
        lo = i
        while lo > max(i - width, 0) and (lo == i or not headings[lo]):
            lo -= 1
        hi = i
        while hi < min(i + width, last) and not headings[hi + 1]:
            hi += 1
        bounds.append((lo, hi))
    return bounds


def sentence_id(tag: str, index: int) -> str:
    return f"{tag}#s{index}"


def neighbour_id(sid: str, step: int) -> str | None:
    """The id of the sentence ``step`` places after (or before) ``sid`` in its document version."""
    tag, marker, index = sid.rpartition("#s")
    return sentence_id(tag, int(index) + step) if marker and index.isdigit() else None


def _group(spans: list[Span], max_chars: int, overlap: int) -> list[tuple[int, int]]:
    """Half-open sentence ranges. A heading joins the paragraph after it, so its words help retrieval."""
    ranges: list[tuple[int, int]] = []
    i = 0
    n = len(spans)
    while i < n:
        para_end = i
        # A run of headings plus the paragraph that follows them forms one block.
        while para_end < n and spans[para_end].heading:
            para_end += 1
        if para_end < n:
            para = spans[para_end].paragraph
            while para_end < n and spans[para_end].paragraph == para and not spans[para_end].heading:
                para_end += 1
        ranges.extend(_pack(spans, i, max(para_end, i + 1), max_chars, overlap))
        i = max(para_end, i + 1)
    return ranges


def _pack(spans: list[Span], lo: int, hi: int, max_chars: int, overlap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = lo
    while start < hi:
        end = start + 1
        while end < hi and spans[end].end - spans[start].start <= max_chars:
            end += 1
        out.append((start, end))
        if end >= hi:
            break
        start = max(end - overlap, start + 1)
    return out
