"""The question a document asks on the line above a sentence: an FAQ's "**Can I travel while on methadone?**" or
"## Is it safe?" over its answer, or the heading over it. Retrieval reads their words with the sentence; a quote
opening with a bare "Yes." or "No." is quoted with the question, since that answer is the document's to its own
question."""

from __future__ import annotations

from rag.retrieval.records import RetrievedPassage

# An FAQ's question over its answer is a line of its own, a few words long.
_QUESTION_LINE_CHARS = 150


def said_above(passage: RetrievedPassage, start: int) -> str:
    """What the line just above the line holding offset ``start`` says of it, as far as ``passage`` shows it: the
    question the document asks there (an FAQ's "**Can I travel while on methadone?**", "## Is it safe?"), as
    written, or the heading over it ("# Side effects" over "Some people get mild nausea ..."), its marks left out;
    else ""."""
    found = _line_above(passage, start)
    if found is None:
        return ""
    line = found[1]
    if _is_question(line):
        return line
    return line.strip("#*_ \t") if line.startswith("#") and len(line) <= _QUESTION_LINE_CHARS else ""


def question_above(passage: RetrievedPassage, start: int) -> str:
    """The question the document asks on the line above, as written; else "" (a heading that asks nothing too)."""
    found = question_line_above(passage, start)
    return "" if found is None else passage.text[found[0] - passage.start : found[1] - passage.start]


def question_line_above(passage: RetrievedPassage, start: int) -> tuple[int, int] | None:
    """(start, end) offsets of the question the document asks on the line above, its surrounding blanks left out;
    None when there is none."""
    found = _line_above(passage, start)
    if found is None or not _is_question(found[1]):
        return None
    return found[0], found[0] + len(found[1])


def _line_above(passage: RetrievedPassage, start: int) -> tuple[int, str] | None:
    """(offset, text) of the first line with text above the line holding ``start``, its blanks left out."""
    lines = passage.text[: start - passage.start].split("\n")[:-1]
    at = len("\n".join(lines))
    for line in reversed(lines):
        at -= len(line)
        if line.strip():
            return passage.start + at + len(line) - len(line.lstrip()), line.strip()
        at -= 1  # the newline before it
    return None


def _is_question(line: str) -> bool:
    bare = line.strip("#*_ \t")
    return bare.endswith("?") and len(bare) <= _QUESTION_LINE_CHARS
