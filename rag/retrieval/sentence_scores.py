"""How a candidate sentence is scored against the question: its IDF-weighted coverage of the question's
terms, and the relevance gate's score of how well one sentence covers the question on its own."""

from __future__ import annotations

from rag.retrieval.acronyms import Aliases
from rag.retrieval.bm25 import BM25
from rag.retrieval.records import CandidateSentence
from rag.text.tokens import term_set


def gate_score(sentence: CandidateSentence) -> float:
    """How well one sentence covers the question on its own: meaning, plus the question's distinctive words."""
    return sentence.similarity + 0.5 * sentence.lexical


def is_question(text: str) -> bool:
    # A question in an article asks; it does not state anything a reader could rely on.
    return text.rstrip("\"”’')]").endswith("?")


def idf(bm25: BM25, term: str) -> float:
    """The term's BM25 IDF; a term no passage uses counts as the rarest."""
    col = bm25.vocabulary.get(term)
    return float(bm25.idf[col]) if col is not None else float(bm25.idf.max(initial=1.0))


def term_coverage(terms: dict[str, float], text: str, aliases: Aliases | None = None) -> float:
    """The share of the question's ``terms`` (term -> IDF weight) that ``text`` contains, by weight. A text
    that uses one of ``aliases`` (an acronym) contains the terms it stands for (its name)."""
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    present = term_set(text)
    for alias, name in (aliases or {}).items():
        if alias in present:
            present = present | name
    return sum(w for t, w in terms.items() if t in present) / total
