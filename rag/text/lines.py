"""Lines and paragraphs of a text by character offset: where a line starts and ends, and the paragraph a span sits
in, its wrapped lines joined as segmentation joins them."""

from __future__ import annotations

from rag.text.segment import continues


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def line_end(text: str, offset: int) -> int:
    found = text.find("\n", offset)
    return len(text) if found == -1 else found


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph holding ``text[start:end]``: its line, and the lines before and after that
    continue it (a paragraph wrapped at a fixed width, a transcript's captions), as segmentation joins them."""
    para_start, para_end = line_start(text, start), line_end(text, end)
    while para_start > 0:
        previous = line_start(text, para_start - 1)
        if not continues(text[previous:para_start], text[para_start : line_end(text, para_start)]):
            break
        para_start = previous
    while para_end < len(text):
        following = line_end(text, para_end + 1)
        if not continues(text[line_start(text, para_end) : para_end], text[para_end + 1 : following]):
            break
        para_end = following
    return para_start, para_end
