"""The one-line overview at the top of an answer, built only from its structure: how many documents it quotes,
how many quotes say yes and no to a yes/no question, and the topics the sources disagree on."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer import phrases
from rag.types import Citation, Contradiction, QuoteGroup


def overview(
    citations: Sequence[Citation], groups: Sequence[QuoteGroup], blocks: Sequence[Contradiction]
) -> str:
    documents = len({c.source_id for c in citations})
    parts = [phrases.counted(phrases.OVERVIEW_DOCUMENTS, documents)]
    yes = sum(len(g.citations) for g in groups if g.says == "yes")
    no = sum(len(g.citations) for g in groups if g.says == "no")
    said = [
        template.format(
            quotes=phrases.counted(phrases.OVERVIEW_QUOTES, n), verb=phrases.counted(phrases.OVERVIEW_VERB, n)
        )
        for template, n in ((phrases.OVERVIEW_YES, yes), (phrases.OVERVIEW_NO, no))
        if n
    ]
    if said:
        parts.append(phrases.OVERVIEW_SAID_JOIN.join(said))
    if blocks:
        topics = phrases.TOPIC_JOIN.join(b.topic for b in blocks)
        parts.append(phrases.OVERVIEW_DISAGREE.format(topics=topics))
    return phrases.OVERVIEW_JOIN.join(parts) + "."
