"""A harm-reduction service's drop-in session as its captions were saved (no capital, no sentence end, lines of
about forty characters, amounts spelled out), beside its leaflet wrapped at sixty columns. Written for these tests
and tuned for nothing: the whole transcript was one "sentence", quoted whole in every answer, under a title of its
first line."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.answer.compose import Composer
from rag.safety.dosing.detector import contains_dose_leak
from tests.conftest import assert_verbatim, indexed_copy

CAPTIONS = Path(__file__).resolve().parent / "corpora" / "transcript"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_copy(tmp_path_factory, CAPTIONS)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Do I need a prescription for naloxone?", "do not need a prescription"),
        ("Does naloxone work on xylazine?", "does not work on xylazine"),
        ("What are the signs of an opioid overdose?", "tiny pupils"),
    ],
)
def test_a_transcript_is_quoted_in_pieces_that_hold_the_answer(
    assistant: Assistant, question: str, said: str
) -> None:
    answer = assistant.ask(question)
    assert answer.status == "answered"
    assert_verbatim(assistant, answer.citations)
    assert all(len(c.quote) <= 400 for c in answer.citations), [len(c.quote) for c in answer.citations]
    assert any(said in " ".join(c.quote.split()) for c in answer.citations)
    # Each quote is on its reply line, its line breaks read as spaces, whatever group it is in.
    quoted = [line for line in answer.text.splitlines() if line.startswith("- “")]
    assert len(quoted) == len(
        {id(c) for c in answer.citations if any(c.quote.split()[0] in q for q in quoted)}
    )
    assert all(line.endswith(")") for line in quoted)


def test_the_amounts_said_in_the_session_are_never_quoted(assistant: Assistant) -> None:
    for question in (
        "Where does the injection go?",
        "What is in a naloxone kit?",
        "What should I do after giving naloxone?",
    ):
        answer = assistant.ask(question)
        assert not any(contains_dose_leak(c.quote) for c in answer.citations), question
        assert not any("milligrams" in c.quote or "micrograms" in c.quote for c in answer.citations), question
    assert assistant.ask("How often can I give naloxone?").status == "refused"


def test_the_title_of_a_transcript_is_its_opening_not_a_heading(assistant: Assistant) -> None:
    titles = {d.source_id: d.title for d in assistant.documents()}
    assert titles["naloxone_leaflet"] == "Naloxone: a leaflet for friends and family"
    assert titles["drop_in_session_captions"].startswith(
        "hi everyone and welcome back to the drop in session"
    )
    assert titles["drop_in_session_captions"].endswith("…")


def test_a_quote_of_a_yes_or_no_group_is_on_one_line_of_the_reply(tmp_path: Path) -> None:
    # A sentence of a hard-wrapped paragraph keeps its line break in the quote; the group's line broke apart.
    from rag.answer.direct import DirectGroup
    from rag.safety.contradictions.asked import Asked
    from rag.types import Citation

    wrapped = Citation(
        source_id="leaflet",
        title="T",
        start=0,
        end=62,
        score=1.0,
        quote="It cannot harm someone who has not taken opioids, so if\nyou are in doubt, give it.",
    )
    asked = Asked(
        "Can naloxone harm someone?",
        "naloxone can harm someone",
        "naloxone",
        "can",
        "harm someone",
        frozenset(),
    )
    composer = Composer()
    assistant = Assistant(Settings(corpus_dir=tmp_path, store_dir=tmp_path / "store"))
    assistant._compose_quotes(composer, asked, [DirectGroup(says=-1, quotes=[wrapped])], [wrapped])
    assert (
        "- “It cannot harm someone who has not taken opioids, so if you are in doubt, give it.” [1] (T)"
        in (composer.lines)
    )


def test_the_evidence_panel_shows_a_quote_in_its_wrapped_paragraph_and_stops_before_the_amounts(
    assistant: Assistant,
) -> None:
    from rag.ui.render import context_shown

    texts = {d.source_id: d.text for d in assistant.documents()}
    leaflet = texts["naloxone_leaflet"]
    start = leaflet.index("It cannot harm")
    before, after = context_shown(leaflet, start, leaflet.index(" so if", start))
    # The paragraph runs over the line breaks of its wrapping; it was cut at "while. ".
    assert before == "Naloxone is a medicine that reverses an opioid overdose for a\nwhile. "
    assert after.endswith("benzodiazepines or xylazine.")
    captions = texts["drop_in_session_captions"]
    for question in (
        "What should I do after giving naloxone?",
        "Can naloxone hurt someone who did not take opioids?",
    ):
        for c in assistant.ask(question).citations:
            shown = "".join(context_shown(texts[c.source_id], c.start, c.end))
            assert "milligrams" not in shown and "micrograms" not in shown, (question, shown)
    assert "four milligrams" in captions  # the amounts are there to be held back
