"""Two services' question-and-answer pages, written for these tests and tuned for nothing: a sexual health
service's hepatitis B page (HTML, its questions in ``<h3>``) and a drug service's hepatitis C leaflet (Markdown, its
questions in "## "). Each answer says "it" for the page's subject, which only the title names; the hepatitis C
leaflet never names its subject again at all.

An FAQ's answer answers the question over it, about the page's subject: its window, its section's passage and its
ranking words are read after the title and the question. And a page titled by one kind of a name ("Hepatitis B")
that never names the kind asked ("hepatitis C") answers nothing about that one."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant
from rag.ingest.chunking import ChunkedDocument, has_question_section, questions_over
from rag.ingest.corpus import content_hash, document_hash
from rag.text.segment import split_sentences
from rag.types import Document
from tests.conftest import assert_verbatim, assistant_over, indexed_copy

PAGES = Path(__file__).resolve().parent / "corpora" / "faq"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_copy(tmp_path_factory, PAGES)


@pytest.mark.parametrize(
    ("question", "source", "said"),
    [
        ("How is hepatitis B spread?", "hepatitis-b", "It is spread through blood"),
        ("Can you get hepatitis B from kissing?", "hepatitis-b", "not spread by kissing"),
        ("How is hepatitis C spread?", "hepatitis-c", "Sharing needles"),
        ("Can hepatitis C come back after a cure?", "hepatitis-c", "infected again"),
        ("Does hepatitis C treatment work for people who use drugs?", "hepatitis-c", "still use drugs"),
    ],
)
def test_an_faq_answer_is_quoted_first_for_its_question_on_the_page_s_subject(
    assistant: Assistant, question: str, source: str, said: str
) -> None:
    """Before, "A leaflet from the Harbour Street drug service." (read with the title over it) and the one
    sentence naming the subject came first."""
    answer = assistant.ask(question)
    assert answer.status == "answered", answer.text
    first = answer.citations[0]
    assert first.source_id == source and said in first.quote, answer.text
    assert_verbatim(assistant, answer.citations)


def test_a_page_titled_by_another_kind_of_the_name_asked_answers_nothing_about_it(tmp_path: Path) -> None:
    """The hepatitis B page's vaccine answer says "The vaccine is safe ...", and was quoted for a vaccine against
    hepatitis C; its other answers for how hepatitis C spreads."""
    hepatitis_b = (PAGES / "hepatitis-b.html").read_text(encoding="utf-8")
    assistant = assistant_over(tmp_path, {"hepatitis-b.html": hepatitis_b})
    for question in (
        "Is there a vaccine for hepatitis C?",
        "Can I get hepatitis C from sex?",
        "¿Hay una vacuna contra la hepatitis C?",  # the multilingual model's candidates too
    ):
        answer = assistant.ask(question)
        assert answer.status == "not_found", answer.text
    assert assistant.ask("Is there a vaccine for hepatitis B?").status == "answered"


def test_the_page_on_the_kind_asked_still_answers_beside_one_on_another(assistant: Assistant) -> None:
    answer = assistant.ask("Who can have the hepatitis B vaccine free of charge?")
    assert answer.status == "answered" and answer.citations, answer.text
    assert {c.source_id for c in answer.citations} == {"hepatitis-b"}, answer.text
    assert "offered free" in answer.text


TEXT = (
    "# Hepatitis C\n\nA leaflet.\n\n## What is it?\n\nIt is a virus. It infects the liver.\n\n"
    "## Testing\n\nA blood test shows it.\n\n**Can I get it again?**\n\nYes. Being cured does not protect you.\n"
)


def test_a_question_heading_heads_its_section_until_the_next_heading() -> None:
    spans = split_sentences(TEXT)
    over = {
        s.text: None if at is None else spans[at].text
        for s, at in zip(spans, questions_over(spans), strict=True)
    }
    assert over["A leaflet."] is None  # under a title that asks nothing
    assert over["It infects the liver."] == "## What is it?"
    assert over["A blood test shows it."] is None  # "## Testing" asks nothing
    assert over["Being cured does not protect you."] == "**Can I get it again?**"
    assert over["## What is it?"] is None  # a heading answers nothing
    assert has_question_section(TEXT) and not has_question_section("# Title\n\n## Testing\n\nOne. Two.\n")


def test_an_faq_section_is_embedded_after_the_title_and_its_question_and_quoted_as_written() -> None:
    doc = Document(
        source_id="c", title="Hepatitis C", path=Path("c.md"), text=TEXT, content_hash=content_hash(TEXT)
    )
    chunks = ChunkedDocument(doc, 1000, 1, window=1)
    windows = {s.text: w for s, w in zip(chunks.sentences, chunks.windows, strict=True)}
    asked = {s.text: s.asked for s in chunks.sentences}
    assert (
        windows["It infects the liver."] == "Hepatitis C: What is it?\nIt is a virus. It infects the liver."
    )
    assert windows["A blood test shows it."] == "## Testing\n\nA blood test shows it."
    assert asked["It infects the liver."] == "What is it?" and asked["A blood test shows it."] == ""
    passages = {
        p.text: (q, t)
        for p, q, t in zip(chunks.passages, chunks.passage_asked, chunks.passage_texts, strict=True)
    }
    assert passages["## What is it?\n\nIt is a virus. It infects the liver."] == (
        "What is it?",
        "Hepatitis C: What is it?\nIt is a virus. It infects the liver.",
    )
    assert passages["## Testing\n\nA blood test shows it."] == ("", "## Testing\n\nA blood test shows it.")
    # Quotes and offsets are the document's own text.
    for s in chunks.sentences:
        assert TEXT[s.start : s.end] == s.text
    # A document with an FAQ's section is indexed again once; one without is not.
    plain = "# Title\n\n## Testing\n\nOne. Two.\n"
    assert document_hash(TEXT, "t") != content_hash(f"t\x00{TEXT}")
    assert document_hash(plain, "t") == content_hash(f"t\x00{plain}")
