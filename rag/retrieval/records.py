"""The records retrieval hands on: passages found for a question, candidate sentences with their scores, and
the ``Retrieval`` that carries both with the relevance gate's verdict to the later stages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class RetrievedPassage(BaseModel):
    """A passage of the fused ranking: where it stands in its document, its scores, its sentences."""

    passage_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    fused: float
    rank: int
    dense: float  # cosine to the question; 0 when only BM25 found it
    lexical: float  # BM25 score divided by the best passage's
    sentence_tag: str  # prefix of this document version's sentence ids
    sent_from: int
    sent_to: int


class CandidateSentence(BaseModel):
    """A sentence that may be quoted: where it stands, how it scores against the question, its vectors."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    sentence_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    similarity: float  # cosine between question and sentence (alone or with its neighbours, the better)
    lexical: float  # share of the question's terms the sentence contains, IDF-weighted
    context: float  # how well the passage around it matches the question
    score: float  # what composition ranks by
    passage_rank: int
    embedding: Any = None  # numpy row; kept for redundancy checks in composition
    window_embedding: Any = None  # numpy row of the sentence read with its neighbours


class Retrieval(BaseModel):
    """What retrieval found for one question, with the relevance gate's score and what it is missing."""

    passages: list[RetrievedPassage]
    sentences: list[CandidateSentence]
    relevance: float  # the gate's score: best sentence, less the unsupported-word and focus-word penalties
    evidence: float = 0.0  # the best sentence's gate score alone, before those penalties
    unknown_names: list[str] = []  # names in the question that no document mentions
    unsupported_words: list[str] = []  # rare words of the question that no document uses in any form
    # Per focus word: how much closer the question is to its best sentence with the word than without it.
    focus_drops: dict[str, float] = {}
    generation: str = ""  # the index generation it was read from
    # Per subject the question asks about, named by documents' titles: the documents that name it (see
    # rag.retrieval.subject_pages); the others' sentences are not candidates.
    subjects: dict[str, frozenset[str]] = {}
