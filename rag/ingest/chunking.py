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
        asked = questions_over(spans)
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
                asked="" if (over := asked[i]) is None else _bare(spans[over].text),
            )
            for i, s in enumerate(spans)
        ]
        # A sentence read with its neighbours: "It also eases cravings" only says what "it" is in context; a
        # table's row with its page's title and its columns' names (``read_row``).
        self.window_bounds = window_bounds([s.heading for s in spans], window)
        self.windows = [
            read_row(document.title, sentence.table_header, sentence.text)
            if sentence.table_header
            else _answer_window(document, spans, lo, hi, asked[i])
            for i, (sentence, (lo, hi)) in enumerate(zip(self.sentences, self.window_bounds, strict=True))
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
        # Per passage, the question heading the FAQ section it is in ("" for none), and what it is embedded as:
        # an FAQ's section after the page's title and its question, as its answers' windows are.
        self.passage_asked: list[str] = []
        self.passage_texts: list[str] = []
        for (lo, hi), passage in zip(self.ranges, self.passages, strict=True):
            over, first = _section_question(spans, lo, hi, asked)
            question = "" if over is None else _bare(spans[over].text)
            self.passage_asked.append(question)
            self.passage_texts.append(
                _framed(document.title, question, document.text[spans[first].start : spans[hi - 1].end])
                if question
                else passage.text
            )
        for (lo, hi), passage in zip(self.ranges, self.passages, strict=True):
            for k in range(lo, hi):
                if not self.sentences[k].passage_id:
                    self.sentences[k].passage_id = passage.passage_id


# A sentence's window stops at its section's end since this revision (``window_bounds``): documents with a heading
# after a sentence are indexed again once, and no other document is.
SECTION_WINDOWS_REVISION = "section-windows-1"


def has_heading_after_text(text: str) -> bool:
    """Whether a heading of ``text`` (as segmentation reads it) follows a sentence that is not one."""
    return _heading_after_text(split_sentences(text))


def _heading_after_text(spans: Sequence[Span]) -> bool:
    return any(heading.heading and not before.heading for before, heading in pairwise(spans))


def window_revisions(text: str) -> list[str]:
    """The revisions of the windows' reading that ``text`` is indexed under (``SECTION_WINDOWS_REVISION``,
    ``FAQ_WINDOWS_REVISION``), from one segmentation of it."""
    spans = split_sentences(text)
    return [
        revision
        for revision, applies in (
            (SECTION_WINDOWS_REVISION, _heading_after_text(spans)),
            (FAQ_WINDOWS_REVISION, _question_section(spans)),
        )
        if applies
    ]


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


# An FAQ's answers are read with its question and the page's title since this revision (``questions_over``):
# documents with a question heading over text are indexed again once, and no other document is.
FAQ_WINDOWS_REVISION = "faq-windows-1"


def questions_over(spans: Sequence[Span]) -> list[int | None]:
    """Per sentence, the index of the question that heads its section (the nearest heading above it, when that
    heading asks: "## Can I get it again?", "**How is it spread?**"); None for a heading and for a sentence under
    a heading that asks nothing, or under none."""
    over: list[int | None] = []
    heading: int | None = None
    for i, span in enumerate(spans):
        if span.heading:
            heading = i if _asks(span.text) else None
            over.append(None)
        else:
            over.append(heading)
    return over


def has_question_section(text: str) -> bool:
    """Whether a sentence of ``text`` (as segmentation reads it) is under a question heading."""
    return _question_section(split_sentences(text))


def _question_section(spans: Sequence[Span]) -> bool:
    return any(at is not None for at in questions_over(spans))


def _asks(heading: str) -> bool:
    return _bare(heading).endswith("?")


def _bare(heading: str) -> str:
    return heading.strip("#*_ \t")


def _answer_window(document: Document, spans: Sequence[Span], lo: int, hi: int, asked: int | None) -> str:
    """The text a sentence's window (``lo`` to ``hi``) is embedded as. Under a question heading it is read after
    the page's title and that question: an FAQ answers its own question, and the question says "it" for the
    page's subject. "Yes. Being cured does not protect you ..." under "Can I get it again?" on a page titled
    "Hepatitis C" matched "Can you get hepatitis C again after treatment?" at 0.42 alone, 0.81 so read."""
    text = document.text[spans[lo].start : spans[hi].end]
    if asked is None:
        return text
    if lo <= asked:
        text = document.text[spans[asked + 1].start : spans[hi].end]
    return _framed(document.title, _bare(spans[asked].text), text)


def _section_question(
    spans: Sequence[Span], lo: int, hi: int, asked: Sequence[int | None]
) -> tuple[int | None, int]:
    """For the passage of sentences ``lo`` to ``hi`` (half-open): the index of the question heading it opens
    with or whose section it is in, and its first sentence after that heading; (None, ``lo``) when there is
    none, or when the passage is that heading alone."""
    over = lo if spans[lo].heading and _asks(spans[lo].text) else asked[lo]
    first = over + 1 if over is not None and over >= lo else lo
    return (over, first) if over is not None and first < hi else (None, lo)


def _framed(title: str, question: str, text: str) -> str:
    """An FAQ's answer (its window, or its section's passage) ``text`` as it is embedded: after the page's title
    and the question it answers."""
    return f"{title}: {question}\n{text}" if title else f"{question}\n{text}"


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
