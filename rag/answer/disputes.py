"""Disagreements as an answer shows them: only those about what was asked, one block per dispute.

The map pairs claims two by two; a dispute is often several pairs (one claim against three that say otherwise, or
the same topic argued in several places). Pairs that share a side, or a topic label, are one block with all their
sides, each quote once; blocks never share a quote.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from rag.answer.dispute_terms import about_kind
from rag.answer.messages import Messages, messages_for
from rag.safety.contradictions.asked import Asked, bears_on, theme_of
from rag.types import Citation, Contradiction

_UNREAD = Asked("", None, "", "", "", frozenset())  # a question the claim rules could not read


def about_question(
    pairs: Sequence[Contradiction], asked: Asked, quotes: Sequence[Citation], passages: Sequence[str] = ()
) -> list[Contradiction]:
    """The pairs whose claims disagree about one of the terms the question asks about; when the rules cannot
    read the question, about what the answer's ``quotes`` keep naming, and for an open question ("What do they
    say about X?") what its best ``passages`` keep naming too."""
    texts = [q.quote for q in quotes] + ([] if asked.yes_no else list(passages))
    theme = frozenset() if asked.read else theme_of(texts)
    return [p for p in pairs if bears_on(asked, [s.quote for s in p.sides], theme)]


def near_question(
    pairs: Sequence[Contradiction],
    quotes: Sequence[Citation],
    closeness: Callable[[list[str]], list[float]],
    best: Callable[[], float],
    asked: Callable[[Sequence[Contradiction], Sequence[Citation]], Callable[[Contradiction], bool]]
    | None = None,
) -> list[Contradiction]:
    """For a question the claim rules cannot read (one in another language): the pairs whose terms the question
    asks about, word by word, or whose subject's kind it asks ("¿Qué es X?"): ``asked(pairs, quotes)`` tells
    them apart (``rag.answer.dispute_terms``). When it asks about none of them: the pairs one of whose sides is at least as
    close to the question as ``best()``, the closest candidate sentence (``closeness`` scores texts against the
    question on the multilingual model's scale, each read alone), and the pairs about what the answer's quotes
    keep naming, less those on what kind of thing something is: as for an English question, that is asked by
    naming a kind ("¿Es el kratom un hongo?"), and the sentences that say what a thing is come near every
    question about it. The theme of the best passages is left out: for a question whose terms are unknown it
    brought disputes about whatever the corpus argues most (insomnia under a question on addiction)."""
    if not pairs:
        return []
    about = asked(pairs, quotes) if asked is not None else None
    named = [p for p in pairs if about(p)] if about is not None else []
    if named:
        return named
    sides = list(dict.fromkeys(side.quote for pair in pairs for side in pair.sides))
    bar = best()
    close = {quote for quote, score in zip(sides, closeness(sides), strict=True) if score >= bar}
    themed = about_question(pairs, _UNREAD, quotes)
    return [
        p
        for p in pairs
        if (any(side.quote in close for side in p.sides) or p in themed) and not about_kind(p)
    ]


def from_found(pairs: Sequence[Contradiction], sources: Collection[str], share: float) -> list[Contradiction]:
    """The pairs whose sides each come from a document the question's retrieval found (``sources``), or are
    at least ``share`` as close to the question as the pair's closer side (a side's score is its similarity to
    the question).

    A pair reaches an answer when one side touches its evidence; the other side can sit in any document. On a
    corpus of many subjects (a thousand study abstracts) the rules then set "ACE inhibitors are considered
    safe" against a sentence on perioperative strokes in an unrelated study of carotid surgery. A document the
    retrieval did not find for the question does not speak to it, and neither does its side of a disagreement,
    unless that sentence alone comes near the question as the other side does: on a corpus of one subject,
    "long-term use may lead to dependence" under "Is it addictive?", in a document none of whose passages
    ranked among the best."""

    def kept(pair: Contradiction) -> bool:
        best = max(side.score for side in pair.sides)
        return all(side.source_id in sources or side.score >= share * best for side in pair.sides)

    return [p for p in pairs if kept(p)]


def _same_span(a: Citation, b: Citation) -> bool:
    return a.source_id == b.source_id and a.start < b.end and b.start < a.end


def _linked(a: Contradiction, b: Contradiction) -> bool:
    return a.topic == b.topic or any(_same_span(x, y) for x in a.sides for y in b.sides)


def merge(
    pairs: Sequence[Contradiction], limit: int, max_sides: int, texts: Messages | None = None
) -> list[Contradiction]:
    """One block per dispute, in the order of each dispute's best-ranked pair, at most ``limit`` blocks of at
    most ``max_sides`` sides (the best-ranked pairs' sides first); each block's note in ``texts``' language."""
    groups: list[list[Contradiction]] = []
    for pair in pairs:
        linked = [g for g in groups if any(_linked(pair, other) for other in g)]
        if not linked:
            groups.append([pair])
            continue
        first = linked[0]
        for other in linked[1:]:  # the pair joins disputes that were apart: they become one
            first.extend(other)
            groups.remove(other)
        first.append(pair)
    return [_block(group, max_sides, texts or messages_for("en")) for group in groups[: max(0, limit)]]


def _block(group: list[Contradiction], max_sides: int, texts: Messages) -> Contradiction:
    sides: list[Citation] = []
    for pair in group:
        for side in pair.sides:
            if len(sides) < max_sides and not any(_same_span(side, known) for known in sides):
                sides.append(side)
    return Contradiction(topic=_topic([p.topic for p in group]), sides=sides, note=note(sides, texts))


def dispute_head(topic: str) -> str:
    """What a pair's label names before its alternatives ("what X is: a tree or a mushroom drink": "what X is")."""
    return topic.split(": ", 1)[0]


def _topic(topics: list[str]) -> str:
    """The block's label: its best pair's, or what all its labels name before the alternatives ("what X is:
    a tree or a mushroom drink" and "what X is: a plant or ..." are one dispute on "what X is")."""
    heads = {dispute_head(t) for t in topics}
    if len(set(topics)) > 1 and len(heads) == 1 and all(": " in t for t in topics):
        return heads.pop()
    return topics[0]


def note(sides: Sequence[Citation], texts: Messages | None = None) -> str:
    """Whose sides they are: one document in different places, or the documents that disagree ("A, B and C":
    all titles but the last joined by commas stand for the catalogue's first document)."""
    texts = texts or messages_for("en")
    names = list(dict.fromkeys(s.title or s.source_id for s in sides))
    if len(names) == 1:
        return texts.note_same_source.format(title=names[0])
    return texts.note_two_sources.format(first=", ".join(names[:-1]), second=names[-1])
