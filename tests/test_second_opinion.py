"""The multilingual model's second opinion on English questions near the gate's thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.ingest.embedder import HashingEmbedder
from rag.retrieval.second_opinion import OpinionScale, OpinionScore, fused, scale
from tests.conftest import CountingRoles

QUESTION = "What are the effects of kratom?"


def _assistant(tmp_path: Path, corpus_dir: Path, roles: CountingRoles, **settings: object) -> Assistant:
    config = Settings(
        corpus_dir=corpus_dir, store_dir=tmp_path / "store", gate_second_opinion=True, **settings
    )
    assistant = Assistant(config, embedder=HashingEmbedder(), multilingual=roles)
    assistant.index()
    return assistant


def test_the_scale_follows_the_everyday_scores() -> None:
    # Shifting and stretching the multilingual scores leaves every fused score where it was: no cut-off is tied
    # to the raw scale of either model.
    everyday = [OpinionScore(evidence=0.8 + 0.01 * i, score=0.75 + 0.01 * i) for i in range(40)]
    moved = [OpinionScore(evidence=0.1 + 3 * o.evidence, score=0.1 + 3 * o.score) for o in everyday]
    question = OpinionScore(evidence=0.95, score=0.9)
    question_moved = OpinionScore(evidence=0.1 + 3 * 0.95, score=0.1 + 3 * 0.9)
    a = fused(0.7, 0.5, 0.1, question, scale(everyday, 0.75, 0.0), 0.5)
    b = fused(0.7, 0.5, 0.1, question_moved, scale(moved, 0.75, 0.0), 0.5)
    assert a == pytest.approx(b)
    # Each model counts by its weight: the English score two units above its origin, the other 0.5 below.
    assert fused(
        0.7, 0.5, 0.1, OpinionScore(evidence=0.0, score=-0.5), scale_of_one(), 0.25
    ) == pytest.approx(0.25 * 2.0 + 0.75 * -0.5)


def scale_of_one() -> OpinionScale:
    return scale([OpinionScore(evidence=float(i % 2), score=0.0) for i in range(40)], 0.75, 0.0)


def test_the_second_opinion_decides_in_the_band(tmp_path: Path, corpus_dir: Path) -> None:
    # A band wide enough to hold every question: the fused cut-offs decide, whatever the English score.
    roles = CountingRoles()
    strict = _assistant(
        tmp_path / "a", corpus_dir, roles, gate_second_opinion_band=1e6, gate_second_opinion_not_found=1e6
    )
    assert strict.ask(QUESTION).status == "not_found"
    assert QUESTION in roles.queries
    lenient = _assistant(
        tmp_path / "b",
        corpus_dir,
        CountingRoles(),
        gate_second_opinion_band=1e6,
        gate_second_opinion_not_found=-1e6,
        gate_second_opinion_low=-1e6,
        relevance_threshold=-1e6,
    )
    answer = lenient.ask(QUESTION)
    assert answer.status == "answered" and answer.confidence == "high"


def test_questions_outside_the_band_never_reach_the_slower_model(tmp_path: Path, corpus_dir: Path) -> None:
    # No margin around the doubtful band, which is made wide: only questions in it are asked about.
    roles = CountingRoles()
    assistant = _assistant(tmp_path, corpus_dir, roles, gate_second_opinion_band=0.0, gate_band_width=100.0)
    gate = assistant.gate_thresholds()
    _, retriever, _, _ = assistant._components()
    asked = ["How do I bake sourdough bread at home?", QUESTION, "Is kratom legal in Thailand?"]
    doubtful = []
    for question in asked:
        retrieval = assistant._retrieve(retriever, assistant._query(retriever, question, []))
        doubtful.append(gate.not_found_below <= retrieval.relevance < gate.low_confidence_below)
        assistant.ask(question)
    assert True in doubtful and False in doubtful
    assert [question in roles.queries for question in asked] == doubtful
