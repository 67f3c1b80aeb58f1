"""How a candidate sentence is scored against the question: its IDF-weighted coverage of the question's
terms, and the relevance gate's score of how well one sentence covers the question on its own."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rag.retrieval.acronyms import Aliases
from rag.retrieval.bm25 import BM25
from rag.retrieval.records import CandidateSentence
from rag.text.tokens import term_set


def gate_score(sentence: CandidateSentence) -> float:
    """How well one sentence covers the question on its own: meaning, plus the question's distinctive words."""
    return sentence.similarity + 0.5 * sentence.lexical


# A sentence that only sends the reader elsewhere: "For more information on X, see Y.", "See the Treatment section
# below.", "More information is provided in the topic Y.", "For more on X, seeY" (a link that lost its space).
# Advice to see a person ("see your doctor"), to call a helpline or to visit a service is not matched: that is
# something a reader can act on.
_POINTER = re.compile(
    r"^\W*(?:for\s+(?:(?:(?:more|further|additional|detailed)\s+)?(?:information|details|links|tips)|more\s+(?:on|about))\b"
    r"[^.;]*?"
    # "seeTreating Addiction to ...": a page whose link lost the space before it.
    r"\b(?:see|refer\s+to|read)(?:\b|(?=(?-i:[A-Z])))"
    r"|see\s+(?:also\b|the\s+[^.;]*?\b(?:section|summary|page|topic|chapter|table|figure|appendix|article|link)s?\b)"
    r"|more\s+information\s+(?:is|can\s+be)\s+(?:provided|available|found|given)\b)",
    re.IGNORECASE,
)


def states_nothing(text: str) -> bool:
    """A question in an article asks, and a pointer to another page only names its subject: neither states
    anything a reader could rely on. As evidence, a pointer would make a question the corpus leaves to a page it
    does not hold look answered ("... see Alcohol Use and Older Adults."); as a quote it answers nothing. Nor
    does a line without a letter or a digit (a Markdown table's rule "|---|---|", a lone "+")."""
    return (
        text.rstrip("\"”’')]").endswith("?")
        or _POINTER.match(text) is not None
        or not any(ch.isalnum() for ch in text)
    )


def idf(bm25: BM25, term: str) -> float:
    """The term's BM25 IDF; a term no passage uses counts as the rarest."""
    col = bm25.vocabulary.get(term)
    return float(bm25.idf[col]) if col is not None else float(bm25.idf.max(initial=1.0))


def terms_in(text: str, aliases: Aliases | None = None) -> frozenset[str]:
    """The terms ``text`` contains, counting the name an acronym of ``aliases`` in it stands for."""
    present = term_set(text)
    for alias, name in (aliases or {}).items():
        if alias in present:
            present = present | name
    return present


def covered_share(terms: dict[str, float], present: frozenset[str]) -> float:
    """The share of ``terms`` (term -> weight) among ``present``, by weight."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms.items() if t in present) / total


def candidate_weights(terms: Sequence[str], candidates: Sequence[frozenset[str]]) -> dict[str, float]:
    """Weights of the question's ``terms`` among the ``candidates`` (each one's terms), as IDF over them: the
    word most candidates share is the subject they were found by, and tells them apart least. "What organ
    produces hepcidin?" finds sentences that all name hepcidin, the corpus's rarest word of the question; the
    one that answers is the one with "produced", a common word in the corpus and a rare one among them."""
    count = len(candidates)
    return {t: math.log((count + 1) / (sum(t in c for c in candidates) + 0.5)) for t in terms}
