"""A question asking for a length of time, a count or a frequency, and evidence that names none (rag.retrieval.answer_kinds)."""

from __future__ import annotations

from pathlib import Path

from rag import Assistant, Settings
from rag.retrieval.answer_kinds import asked_kind, holds_kind
from tests.conftest import HANDS, SLEEP, write_corpus


def test_what_a_question_asks_for() -> None:
    assert asked_kind("How long does withdrawal last?") == "duration"
    assert asked_kind("For how long can it be detected?") == "duration"
    assert asked_kind("How many alkaloids are in kratom?") == "count"
    assert asked_kind("How long-term are the effects?") is None
    assert asked_kind("How long is the SAIBK gene?") == "length"
    assert asked_kind("Is kratom addictive?") is None
    assert asked_kind("How common is trigeminal neuralgia?") == "frequency"
    assert asked_kind("How often do side effects occur?") == "frequency"
    assert asked_kind("Is it common?") is None
    # A count of units of time asks for a length of time.
    assert asked_kind("How many days does withdrawal last?") == "duration"
    assert asked_kind("How many people take it?") == "count"


def test_a_length_of_time_or_a_count_in_the_evidence() -> None:
    assert holds_kind("duration", ["Symptoms usually fade within 72 hours."])
    assert holds_kind("duration", ["Most people feel better after a few days."])
    assert holds_kind("duration", ["It can take weeks to months."])
    assert not holds_kind("duration", ["Long-term use can lead to dependence."])
    assert holds_kind("length", ["The gene is 1,250 bp."]) and not holds_kind(
        "duration", ["The gene is 1,250 bp."]
    )
    assert holds_kind("count", ["The leaves hold more than 40 alkaloids."])
    assert holds_kind("count", ["Several trials and three reviews looked at it."])
    assert holds_kind("count", ["There is no limit on how many needles you can take."])
    # A number of units of time is a length of time, not a count of what was asked about.
    assert not holds_kind("count", ["It usually takes 2 to 4 weeks before people notice an improvement."])
    assert not holds_kind("count", ["Symptoms start about six hours after the last drink."])
    assert holds_kind("count", ["Two of the 118 patients were admitted within 3 days."])
    # A frequency is a number, a share or a word for one; a count of things or an adverb of something else is not.
    assert holds_kind("frequency", ["About 145 cases are reported each year."])
    assert holds_kind("frequency", ["It is a rare disorder that affects most often women."])
    assert not holds_kind(
        "frequency", ["Several procedures are available; painkillers are not usually helpful."]
    )
    assert not holds_kind("frequency", ["One of the drugs used is carbamazepine."])
    assert not holds_kind("frequency", ["It may ease insomnia, a common issue among people in recovery."])
    # The digits of a name are not a count.
    assert not holds_kind("count", ["It contains 7-hydroxymitragynine and acts like HIV-1 inhibitors."])


def _corpus(folder: Path, withdrawal: str) -> Path:
    return write_corpus(folder, {"withdrawal": withdrawal, "sleep": SLEEP, "hands": HANDS})


def test_a_how_long_question_is_answered_with_confidence_only_when_a_time_is_quoted(tmp_path: Path) -> None:
    question = "How long does nicotine withdrawal last?"
    timed = _corpus(
        tmp_path / "timed",
        "Nicotine withdrawal causes irritability, cravings and trouble sleeping. The symptoms are strongest in "
        "the first week and usually fade within two to four weeks. Long-term support helps people stay quit.",
    )
    untimed = _corpus(
        tmp_path / "untimed",
        "Nicotine withdrawal causes irritability, cravings and trouble sleeping. Long-term smoking makes "
        "withdrawal harder. Long-term support helps people stay quit.",
    )
    answered = Assistant(Settings(corpus_dir=timed, store_dir=tmp_path / "s1"))
    answered.index()
    doubtful = Assistant(Settings(corpus_dir=untimed, store_dir=tmp_path / "s2"))
    doubtful.index()
    sure = answered.ask(question)
    assert sure.status == "answered" and sure.confidence == "high"
    assert any("weeks" in c.quote for c in sure.citations)
    unsure = doubtful.ask(question)
    assert unsure.status == "answered" and unsure.confidence == "low"
    assert unsure.text.startswith(unsure.overview)
