"""Quotes that stand on their own: a chosen sentence is joined with the neighbour it leans on.

"Both substances activate specific receptors, ..." means nothing without the sentence before it, and "Kratom is
not without side effects." promises the list the next sentence gives ("These can include ..."). When a quote or
its successor opens with such a back-reference, the two are quoted together, as one verbatim span of the same
paragraph. Nothing is joined across paragraphs, and a neighbour that gives dosing guidance is never joined.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.chunking import neighbour_id
from rag.retrieve import CandidateSentence, RetrievedPassage
from rag.types import Citation

# Openers that point back at the previous sentence.
_BACK_REFERENCE = re.compile(
    r"""^["“‘'(]?(?:This|These|That|Those|Both|They|It|Its|Their|Such|Each|Either|Neither)\b"""
)


def leans_back(text: str) -> bool:
    return bool(_BACK_REFERENCE.match(text))


def quotes_in_context(
    chosen: list[CandidateSentence],
    candidates: list[CandidateSentence],
    passages: list[RetrievedPassage],
    is_withheld: Callable[[str], bool],
) -> list[Citation]:
    """One citation per chosen sentence, widened to a neighbour it depends on or that depends on it."""
    by_id = {c.sentence_id: c for c in candidates}
    claimed = {c.sentence_id for c in chosen}
    out: list[Citation] = []
    for sentence in chosen:
        before = _neighbour(sentence, -1, by_id)
        after = _neighbour(sentence, 1, by_id)
        # A quote that leans back needs its antecedent more than it needs a sentence leaning on it.
        options: list[tuple[CandidateSentence, CandidateSentence]] = []
        if before is not None and before.sentence_id not in claimed and leans_back(sentence.text):
            options.append((before, sentence))
        if after is not None and after.sentence_id not in claimed and leans_back(after.text):
            options.append((sentence, after))
        citation = _citation(sentence, sentence.start, sentence.end, sentence.text)
        for first, last in options:
            quote = _span_text(first, last, passages)
            if quote is not None and not is_withheld(quote):
                claimed.update((first.sentence_id, last.sentence_id))
                citation = _citation(sentence, first.start, last.end, quote)
                break
        out.append(citation)
    return out


def _neighbour(
    sentence: CandidateSentence, step: int, by_id: dict[str, CandidateSentence]
) -> CandidateSentence | None:
    sid = neighbour_id(sentence.sentence_id, step)
    return None if sid is None else by_id.get(sid)


def _span_text(
    first: CandidateSentence, last: CandidateSentence, passages: list[RetrievedPassage]
) -> str | None:
    """The source text from ``first`` to ``last`` read from a passage holding both; None across paragraphs."""
    for p in passages:
        if p.source_id == first.source_id and p.start <= first.start and last.end <= p.end:
            gap = p.text[first.end - p.start : last.start - p.start]
            if "\n" in gap or gap.strip():
                return None
            return p.text[first.start - p.start : last.end - p.start]
    return None


def _citation(sentence: CandidateSentence, start: int, end: int, quote: str) -> Citation:
    return Citation(
        source_id=sentence.source_id,
        title=sentence.title,
        quote=quote,
        start=start,
        end=end,
        score=round(sentence.score, 4),
    )
