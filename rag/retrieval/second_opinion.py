"""A second opinion on doubtful English questions from the multilingual model (``rag.ingest.multilingual``).

The English gate's score (``rag.retrieval.sentence_scores.gate_score``) separates covered from uncovered questions
well but not perfectly; near its thresholds the two kinds mix. multilingual-e5-small reads question and sentence in
their own roles ("query: " / "passage: ") and ranks them differently enough that averaging the two models' views
separates better than either alone (benchmarks/model_scout.md). It is about 4x slower than the English model, so it
is asked only about questions whose English score falls near the gate's thresholds, and only about the few
sentences the English gate ranked highest: the question is embedded once, the sentences' vectors are remembered
and stored (``sentences_ml``).

Its score is built like the English one: the best candidate's cosine (alone or with its neighbours, the better)
plus the English gate's weight on the candidate's share of the question's distinctive words, less the English
gate's word penalties. Both scores are put on one scale by the everyday questions of this corpus (each model's
quantile as origin, the spread of its evidence scores as unit), so no threshold here is a constant on either
model's raw scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel

from rag.retrieval.records import Retrieval
from rag.retrieval.sentence_scores import gate_score

if TYPE_CHECKING:
    from rag.retrieval.crosslingual import CrossLingualRetriever

Verdict = Literal["not_found", "low", "high"]


class OpinionScore(BaseModel):
    evidence: float  # best candidate's multilingual match, before the word penalties
    score: float  # the same less the English gate's word penalties


class OpinionScale(BaseModel):
    """The multilingual scores' origin and unit on this corpus, from its everyday questions."""

    reference: float
    unit: float


def opinion(cross: CrossLingualRetriever, question: str, retrieval: Retrieval, top: int) -> OpinionScore:
    """The multilingual model's gate score for ``question`` over the ``top`` candidates by English gate score."""
    best = sorted(retrieval.sentences, key=gate_score, reverse=True)[:top]
    if not best:
        return OpinionScore(evidence=0.0, score=retrieval.relevance - retrieval.evidence)
    query = cross.encoder.query([question])[0]
    own, window = cross.sentence_vectors([s.sentence_id for s in best], retrieval.generation)
    cosines = np.maximum(own @ query, window @ query)
    # gate_score(s) - s.similarity is the English gate's word-match part of the candidate's score.
    evidence = max(float(c) + gate_score(s) - s.similarity for s, c in zip(best, cosines, strict=True))
    return OpinionScore(evidence=evidence, score=evidence + retrieval.relevance - retrieval.evidence)


def scale(everyday: Sequence[OpinionScore], quantile: float, spread_floor: float) -> OpinionScale:
    """Origin: the everyday scores' ``quantile``; unit: the spread (IQR) of their evidence, at least the floor."""
    scores = np.asarray([o.score for o in everyday], dtype=np.float64)
    evidence = np.asarray([o.evidence for o in everyday], dtype=np.float64)
    low, high = np.quantile(evidence, [0.25, 0.75])
    return OpinionScale(
        reference=float(np.quantile(scores, quantile)), unit=max(float(high - low), spread_floor)
    )


def fused(
    english: float,
    english_reference: float,
    english_unit: float,
    second: OpinionScore,
    second_scale: OpinionScale,
    english_weight: float,
) -> float:
    """Both scores in their everyday units, averaged with ``english_weight`` on the English one."""
    return (
        english_weight * (english - english_reference) / english_unit
        + (1.0 - english_weight) * (second.score - second_scale.reference) / second_scale.unit
    )


def candidate_opinions(
    cross: CrossLingualRetriever, question: str, retrieval: Retrieval, top: int
) -> list[list[float]]:
    """For the gate study: per candidate among the ``top`` by English gate score, [English gate score,
    multilingual cosine (alone or with its neighbours, the better), lexical share]."""
    best = sorted(retrieval.sentences, key=gate_score, reverse=True)[:top]
    if not best:
        return []
    query = cross.encoder.query([question])[0]
    own, window = cross.sentence_vectors([s.sentence_id for s in best], retrieval.generation)
    cosines = np.maximum(own @ query, window @ query)
    return [[gate_score(s), float(c), s.lexical] for s, c in zip(best, cosines, strict=True)]
