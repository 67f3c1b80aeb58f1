"""The chat UI's and the CLI's fixed texts in the language the question was read in: English word for word as it
always was, and no English chrome left around a reply in another language."""

from __future__ import annotations

import contextlib
import io
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rag import Answer, Assistant, Citation, Contradiction, Document, Refusal
from rag import cli as rag_cli
from rag.answer.disputes import merge, near_question
from rag.answer.messages import catalogue, messages_for
from rag.text.language import SUPPORTED
from rag.ui import render
from tests.conftest import cite

TEXT = (
    "Kratom leaves are chewed or brewed as tea in Southeast Asia.\n"
    "Regular kratom use can lead to dependence and withdrawal.\n"
    "Kratom is not addictive according to some users.\n"
)


class Visible(HTMLParser):
    """What a reader sees: text and tooltips (title attributes), entities resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(value for name, value in attrs if name == "title" and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible(markup: str) -> str:
    parser = Visible()
    parser.feed(markup)
    parser.close()
    return "\n".join(parser.parts)


def document(source_id: str = "001_kratom", title: str = "Kratom notes") -> Document:
    return Document(source_id=source_id, title=title, path=Path("x.md"), text=TEXT, content_hash="x")


def answers(language: str) -> list[Answer]:
    """One answer of every shape the UI draws: quotes from one and two documents, low confidence, a
    disagreement, withheld passages, pages, a quote no longer at its offsets, a refusal and not_found."""
    a, b = document(), document("002_other", "Other notes")
    one, two, three = cite(a, 0), cite(b, 1, page=3), cite(b, 2)
    stale = one.model_copy(update={"start": 1, "end": 1 + len(one.quote)})
    head = messages_for(language).answer_head
    quoted = f"{head}\n- “{one.quote}” [1] ({one.title})\n- “{two.quote}” [2] ({two.title})"
    dispute = Contradiction(topic="addiction", sides=[two, three], note="n")
    common = {"question": "¿El kratom crea adicción?", "language": language}
    return [
        Answer(status="answered", text=quoted, citations=[one], **common),
        Answer(
            status="answered", text=quoted, citations=[one, two, three], contradictions=[dispute], **common
        ),
        Answer(status="answered", text=quoted, citations=[one, two], confidence="low", withheld=1, **common),
        Answer(status="answered", text=quoted, citations=[one], confidence="low", **common),
        Answer(status="answered", text=quoted, citations=[stale, two], withheld=3, **common),
        Answer(
            status="refused",
            text="x",
            refusal=Refusal(reason="dosing", message="x"),
            withheld=2,
            **common,
        ),
        Answer(status="not_found", text="x", **common),
    ]


def rendered(answer: Answer) -> str:
    docs = [document(), document("002_other", "Other notes")]
    return visible(render.reply(answer)) + "\n" + visible(render.evidence(answer, docs, {"002_other": 2}))


def printed(answer: Answer) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        rag_cli._print_disputes(answer)
        rag_cli._print_citations(answer)
    return out.getvalue()


def english_fragments(language: str) -> set[str]:
    """The English UI and CLI texts' words between placeholders, except those the other language spells the
    same (French "Sources", "p."): none of them may show around a reply in ``language``."""
    english, other = messages_for("en"), messages_for(language)
    fragments: set[str] = set()
    for field in type(english).model_fields:
        if not field.startswith(("ui_", "cli_", "note_")):
            continue
        theirs = getattr(other, field)
        for literal, *_ in string.Formatter().parse(getattr(english, field)):
            piece = literal.strip(" ·:?⚠()“”-–")
            if len(piece) >= 4 and piece not in theirs:
                fragments.add(piece)
    return fragments


def test_english_chrome_is_unchanged_word_for_word() -> None:
    shown = [rendered(answer) for answer in answers("en")]
    assert "Quoted verbatim from 1 document" in shown[0]
    assert "Evidence for “¿El kratom crea adicción?”" in shown[0]
    assert "Sources\n" in shown[0] and "characters 0–60" in shown[0]
    assert (
        "Quoted verbatim from 2 documents · sources disagree: their sides are in the evidence panel"
        in shown[1]
    )
    assert "Sources disagree\nOn addiction\nQuoted in the answer:" in shown[1]
    assert "p. 3" in shown[1] and "2 disputed claims" in shown[1] and "no disputes" in shown[1]
    assert "No other source contradicts it" in shown[1]
    assert "Claims of this document that other sources contradict" in shown[1]
    assert (
        "? Low confidence: the documents may not answer this directly · closest quotes from 2 documents"
        in shown[2]
    )
    assert (
        "1 matching passage with dosing guidance withheld: this assistant does not quote dosing instructions."
        in shown[2]
    )
    assert (
        "? Low confidence: the documents may not answer this directly · closest quotes from 1 document"
        in shown[3]
    )
    assert "3 matching passages with dosing guidance withheld" in shown[4]
    assert "(not found at its offsets in the document)" in shown[4]
    assert "⚠ Dosing question: no amounts or schedules given" in shown[5]
    assert (
        "Where to get help: a doctor or pharmacist who knows your situation; if you or someone else is in "
        "danger, call your local emergency number." in shown[5]
    )
    assert "Not covered by the documents" in shown[6]
    assert (
        "The documents do not cover this question, so there is nothing to cite. The Documents tab lists what "
        "they are about." in shown[6]
    )
    cli_out = printed(answers("en")[1])
    assert "\nSources disagree\nOn addiction:\n- [2] (quoted above)\n" in cli_out
    assert "[2] Other notes (002_other, p. 3, characters 61-118)" in cli_out


def test_a_spanish_reply_and_panel_have_no_english_chrome_left() -> None:
    fragments = english_fragments("es")
    assert "Quoted verbatim from" in fragments and "Sources disagree" in fragments
    for answer in answers("es"):
        shown = rendered(answer) + printed(answer)
        left = [f for f in fragments if f in shown]
        assert not left, (answer.status, left)
    shown = rendered(answers("es")[1])
    assert "Citado literalmente de 2 documentos" in shown and "Sobre «addiction»" in shown
    assert "Fuentes citadas para «¿El kratom crea adicción?»" in shown


@pytest.mark.parametrize("language", [code for code in SUPPORTED if code != "en"])
def test_every_language_draws_its_own_chrome(language: str) -> None:
    texts = messages_for(language)
    shown = "\n".join(rendered(answer) + printed(answer) for answer in answers(language))
    shown += visible(render.dispute_badge(1, texts))
    for field in type(texts).model_fields:
        if field.startswith(("ui_", "cli_")):
            for literal, *_ in string.Formatter().parse(getattr(texts, field)):
                assert literal.strip() in shown, (language, field, literal)
    assert not [f for f in english_fragments(language) if f in shown]


def test_a_disagreement_note_is_written_in_the_reply_language() -> None:
    a, b = document(), document("002_other", "Other notes")
    pair = Contradiction(topic="addiction", sides=[cite(a, 1), cite(b, 2)], note="")
    same = Contradiction(topic="tea", sides=[cite(a, 0), cite(a, 1)], note="")
    assert merge([pair], 3, 6)[0].note == "Kratom notes and Other notes disagree."
    assert merge([same], 3, 6)[0].note == "Kratom notes says both, in different places."
    assert merge([pair], 3, 6, messages_for("fr"))[0].note == "Kratom notes et Other notes se contredisent."
    three = Contradiction(
        topic="addiction", sides=[cite(a, 1), cite(b, 2), cite(document("3", "C"), 0)], note=""
    )
    assert merge([three], 3, 6)[0].note == "Kratom notes, Other notes and C disagree."


def test_every_catalogue_has_the_ui_texts() -> None:
    for code, texts in catalogue().items():
        assert texts.ui_head_answered_many.count("{n}") == 1, code
        assert texts.ui_head_disagree.startswith(" "), code  # appended to a headline


@pytest.mark.model
def test_a_spanish_question_is_shown_without_english_chrome(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("¿El kratom crea adicción?")
    assert answer.language == "es" and answer.status == "answered"
    panel = render.evidence(answer, real_assistant.documents(), real_assistant.dispute_counts())
    shown = visible(render.reply(answer)) + visible(panel) + printed(answer)
    assert messages_for("es").ui_sources in shown
    assert not [f for f in english_fragments("es") if f in shown]


# --- disagreements for a question the claim rules cannot read --------------------------------------------------
def _side(quote: str, start: int) -> Citation:
    return Citation(source_id="d", title="T", quote=quote, start=start, end=start + len(quote), score=1)


INSOMNIA = Contradiction(
    topic="whether it causes insomnia",
    sides=[_side("Kratom causes insomnia in many users.", 0), _side("Kratom does not cause insomnia.", 100)],
    note="",
)
DEPENDENCE = Contradiction(
    topic="how high the risk of dependence is",
    sides=[
        _side("The risk of dependence on kratom is high.", 200),
        _side("The risk of dependence on kratom is low.", 300),
    ],
    note="",
)


def test_a_disagreement_is_kept_when_a_side_matches_the_question_as_well_as_its_best_sentence() -> None:
    close = {"The risk of dependence on kratom is high.": 0.91}

    def closeness(texts: list[str]) -> list[float]:
        return [close.get(t, 0.80) for t in texts]

    one_quote = [_side("Users report insomnia after taking kratom.", 400)]
    assert near_question([INSOMNIA, DEPENDENCE], one_quote, closeness, lambda: 0.90) == [DEPENDENCE]
    # A side a little less close than the best sentence does not bring its dispute.
    close["The risk of dependence on kratom is high."] = 0.89
    assert near_question([INSOMNIA, DEPENDENCE], one_quote, closeness, lambda: 0.90) == []
    # What two of the answer's quotes name is what the answer is about: that dispute is kept.
    two_quotes = [*one_quote, _side("Insomnia was common among daily users.", 500)]
    assert near_question([INSOMNIA, DEPENDENCE], two_quotes, closeness, lambda: 0.90) == [INSOMNIA]
    assert near_question([], two_quotes, closeness, lambda: 0.90) == []
