"""The one-line overview at the top of an answer, built only from its structure: how many documents it quotes,
how many quotes say yes and no to a yes/no question, and the topics the sources disagree on; in the reply's
language (the message catalogue), the topics as the contradiction map labels them."""

from __future__ import annotations

from collections.abc import Sequence

from rag.answer.messages import Messages, messages_for
from rag.answer.topic_labels import label_in
from rag.types import Citation, Contradiction, QuoteGroup


def overview(
    citations: Sequence[Citation],
    groups: Sequence[QuoteGroup],
    blocks: Sequence[Contradiction],
    texts: Messages | None = None,
    asks_agreement: bool = False,
) -> str:
    """``asks_agreement``: the question asks whether the sources disagree on its subject, so that two or more
    documents that do not are said not to."""
    texts = texts or messages_for("en")
    documents = len({c.source_id for c in citations})
    parts = [_counted(texts.overview_documents_one, texts.overview_documents_many, documents)]
    yes = sum(len(g.citations) for g in groups if g.says == "yes")
    no = sum(len(g.citations) for g in groups if g.says == "no")
    said = [
        _counted(one, many, n)
        for one, many, n in (
            (texts.overview_yes_one, texts.overview_yes_many, yes),
            (texts.overview_no_one, texts.overview_no_many, no),
        )
        if n
    ]
    if said:
        parts.append(texts.overview_said_join.join(said))
    if blocks:
        topics = texts.overview_topic_join.join(label_in(texts.language, b.topic) for b in blocks)
        # One document quoted that says two things is no "they".
        within = documents == 1 and all(len({s.source_id for s in b.sides}) == 1 for b in blocks)
        disagree = texts.overview_disagree_within if within else texts.overview_disagree
        parts.append(disagree.format(topics=topics))
    elif asks_agreement and documents > 1:
        # One document cannot disagree with another: its count already answers.
        parts.append(texts.overview_no_disagreement)
    return texts.overview_join.join(parts) + texts.overview_end


def _counted(one: str, many: str, n: int) -> str:
    return one if n == 1 else many.format(n=n)
