"""The question a document asks on the line above a sentence: an FAQ's "**Can I travel while on methadone?**" or
"## Is it safe?" over its answer. Retrieval reads that question's words with the sentence; a quote opening with a
bare "Yes." or "No." is quoted with it, since that answer is the document's to its own question."""

from __future__ import annotations

from rag.retrieval.records import RetrievedPassage

# An FAQ's question over its answer is a line of its own, a few words long.
_QUESTION_LINE_CHARS = 150


def heading_above(passage: RetrievedPassage, start: int) -> str:
    """The heading just above the line holding offset ``start`` ("# Side effects" over "Some people get mild
    nausea ..."), as far as ``passage`` shows it, its marks left out; else "". A question heading is one too."""
    lines = passage.text[: start - passage.start].split("\n")[:-1]
    for line in reversed(lines):
        if line.strip():
            bare = line.strip()
            if not bare.startswith("#") or len(bare) > _QUESTION_LINE_CHARS:
                return ""
            return bare.strip("#*_ \t")
    return ""


def question_above(passage: RetrievedPassage, start: int) -> str:
    """The line just above the line holding offset ``start`` when it is a question the document asks (an FAQ's
    "**Can I travel while on methadone?**", "## Is it safe?"), as far as ``passage`` shows it; else ""."""
    found = question_line_above(passage, start)
    return "" if found is None else passage.text[found[0] - passage.start : found[1] - passage.start]


def question_line_above(passage: RetrievedPassage, start: int) -> tuple[int, int] | None:
    """(start, end) offsets of that question's line, its surrounding blanks left out; None when there is none."""
    lines = passage.text[: start - passage.start].split("\n")[:-1]
    at = len("\n".join(lines))
    for line in reversed(lines):
        at -= len(line)
        if line.strip():
            bare = line.strip().strip("#*_ \t")
            if not bare.endswith("?") or len(bare) > _QUESTION_LINE_CHARS:
                return None
            begin = passage.start + at + len(line) - len(line.lstrip())
            return begin, begin + len(line.strip())
        at -= 1  # the newline before it
    return None
