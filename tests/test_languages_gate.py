"""Issue 19, second round: one cross-lingual gate per language, calibrated on everyday questions written in it, and
the overview in the reply's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from rag import Assistant, Citation, Contradiction
from rag.answer.messages import messages_for
from rag.answer.overview import overview
from rag.retrieval.crosslingual import (
    EverydayQuestionsByLanguage,
    everyday_questions_by_language,
)
from rag.text.language import ENGLISH, SUPPORTED, detect_language
from rag.types import QuoteGroup

ROOT = Path(__file__).resolve().parents[1]


# --- the everyday questions ---------------------------------------------------------------------------------------
def test_every_other_language_has_forty_everyday_questions_of_its_own() -> None:
    questions = everyday_questions_by_language()
    assert set(questions) == set(SUPPORTED) - {ENGLISH}
    for language, asked in questions.items():
        assert len(asked) >= 40 and len(set(asked)) == len(asked), language
        # Each set reads as its language (the detector takes a third of the Indonesian ones for Malay: the two
        # share most words, and a misread Indonesian question is held to the Malay gate, a little stricter).
        read = [detect_language(q) for q in asked]
        near = {language} | ({"id", "ms"} if language in {"id", "ms"} else set())
        assert sum(r in near for r in read) / len(read) >= 0.9, language
        assert sum(r == language for r in read) / len(read) >= 0.6, language


def test_a_language_without_everyday_questions_is_rejected() -> None:
    data = {"about": "x", "questions": dict(everyday_questions_by_language())}
    del data["questions"]["th"]
    with pytest.raises(ValidationError, match="everyday questions for exactly"):
        EverydayQuestionsByLanguage.model_validate(data)
    data["questions"]["th"] = ["¿Una?"] * 12
    with pytest.raises(ValidationError, match="repeated"):
        EverydayQuestionsByLanguage.model_validate(data)


def _trigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", " ", text.lower())
    return {text[i : i + 3] for i in range(len(text) - 2)}


def test_no_everyday_question_is_a_near_copy_of_an_eval_question() -> None:
    # Character trigrams read Thai as well as the others; the closest pair today shares 0.30 of them.
    asked = [
        json.loads(line)["question"]
        for path in sorted((ROOT / "eval").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("question")
    ]
    assert len(asked) >= 600
    grams = [_trigrams(q) for q in asked]
    near = [
        (q, other)
        for questions in everyday_questions_by_language().values()
        for q in questions
        for other, theirs in zip(asked, grams, strict=True)
        if len(_trigrams(q) & theirs) / len(_trigrams(q) | theirs) >= 0.5
    ]
    assert not near


# --- one gate per language ----------------------------------------------------------------------------------------
def test_each_language_is_calibrated_on_its_own_everyday_questions(
    fake_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_assistant.index()
    cross = fake_assistant._cross()
    seen: list[str] = []
    scale = {"es": 0.5, "th": 0.2}

    def scores(generation: str, language: str) -> list[float]:
        seen.append(language)
        return [scale[language] + 0.01 * i for i in range(40)]

    monkeypatch.setattr(cross, "everyday_scores", scores)
    spanish = fake_assistant.crosslingual_gate_thresholds("es")
    thai = fake_assistant.crosslingual_gate_thresholds("th")
    assert spanish.everyday_reference > thai.everyday_reference  # each on its own scores
    assert fake_assistant.crosslingual_gate_thresholds("es") is spanish  # once per index version
    assert seen == ["es", "th"]


def test_a_question_is_gated_by_its_own_language(fake_assistant: Assistant) -> None:
    answer = fake_assistant.ask("¿El kratom crea adicción?")
    assert answer.language == "es"
    assert {key for key in fake_assistant._gates if key.startswith("crosslingual")} == {"crosslingual:es"}


# --- the overview in the reply's language -------------------------------------------------------------------------
A = Citation(source_id="a", title="A", quote="x", start=0, end=1, score=1.0)
B = A.model_copy(update={"source_id": "b", "title": "B"})


def test_the_overview_is_written_in_the_reply_language() -> None:
    groups = [
        QuoteGroup(says="yes", label="", citations=[1]),
        QuoteGroup(says="no", label="", citations=[2, 3]),
    ]
    blocks = [Contradiction(topic="sleep", sides=[A, B]), Contradiction(topic="mood", sides=[A, B])]
    assert (
        overview([A, B], groups, blocks)
        == overview([A, B], groups, blocks, messages_for("en"))
        == (
            "2 documents speak to this question; 1 quote says yes, 2 quotes say no; they disagree on sleep and on mood."
        )
    )
    assert overview([A, B], groups, blocks, messages_for("es")) == (
        "2 documentos tratan esta pregunta; 1 cita dice que sí, 2 citas dicen que no; "
        "no coinciden en «sleep» ni en «mood»."
    )
    assert overview([A], [], [], messages_for("de")) == "1 Dokument behandelt diese Frage."
    # Thai writes no full stop, and no semicolon between the parts.
    assert overview([A, B], groups, blocks, messages_for("th")) == (
        "เอกสาร 2 ฉบับกล่าวถึงคำถามนี้ ข้อความที่ยกมา 1 ข้อตอบว่าใช่ ข้อความที่ยกมา 2 ข้อตอบว่าไม่ "
        "เอกสารเห็นต่างกันเรื่อง “sleep” และเรื่อง “mood”"
    )
    for code in SUPPORTED:
        line = overview([A, B], [], [], messages_for(code))
        found = detect_language(line)
        assert found == code or {found, code} <= {"id", "ms"}, (code, line, found)


def test_a_reply_in_another_language_opens_with_its_overview(fake_assistant: Assistant) -> None:
    # The hashing embedder's scores mean nothing: open the gate so that the reply's layout is what is tested.
    s = fake_assistant.settings
    s.multilingual_relevance_floor = -1.0
    s.multilingual_not_found_margin = s.multilingual_low_confidence_margin = -100.0
    answer = fake_assistant.ask("¿El kratom crea adicción?")
    assert answer.status == "answered" and answer.confidence == "high" and answer.language == "es"
    assert answer.overview and answer.text.startswith(answer.overview)
    assert re.fullmatch(r"(1 documento trata|\d+ documentos tratan) esta pregunta\.", answer.overview)
