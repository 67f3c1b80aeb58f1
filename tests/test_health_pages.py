"""A wellbeing service's pages written for these tests and tuned for nothing: alcohol units (HTML, with a table
and a page menu), a hepatitis C FAQ (Markdown) and a PrEP leaflet (Word, a table of ways to take it). Each defect
they showed is checked as a user meets it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.retrieval.subject_pages import asked_subjects, capital_names
from rag.safety.contradictions.classify import RuleClassifier, stance_toward
from tests.conftest import assert_verbatim
from tests.make_files import docx_bytes

PAGES = Path(__file__).resolve().parent / "corpora" / "health"

PREP = [
    ("h1", "What is PrEP?"),
    (
        "p",
        "PrEP (pre-exposure prophylaxis) is a medicine taken by HIV-negative people before sex to reduce their "
        "chance of getting HIV. When taken as prescribed, PrEP is highly effective at preventing HIV from sex.",
    ),
    ("h1", "Ways to take PrEP"),
    ("p", "There are two main ways to take PrEP."),
    ("row", "Way | Who it suits | How"),
    ("row", "Daily PrEP | everyone | one tablet every day"),
    ("h1", "Side effects"),
    (
        "p",
        "Some people get mild nausea, diarrhoea or headaches in the first weeks. These usually settle within a "
        "month. PrEP can affect the kidneys, so you will have regular kidney tests.",
    ),
    ("h1", "Does PrEP protect against other infections?"),
    (
        "p",
        "No. PrEP does not protect against other sexually transmitted infections such as chlamydia, gonorrhoea "
        "or syphilis, or against pregnancy. Condoms protect against these.",
    ),
    ("h1", "Stopping PrEP"),
    (
        "p",
        "Keep taking PrEP for two days after the last time you had sex. Talk to the clinic before you stop.",
    ),
    ("h1", "Getting PrEP"),
    ("p", "PrEP is free from sexual health clinics. You will need an HIV test before starting."),
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("health")
    corpus = shutil.copytree(PAGES, root / "corpus")
    (corpus / "prep-leaflet.docx").write_bytes(docx_bytes(PREP, title="PrEP: a guide for clinic users"))
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=root / "store"))
    assistant.index()
    return assistant


def test_what_a_medicine_does_not_protect_against_sets_other_things_apart() -> None:
    # "Effective at preventing HIV" is said for HIV; "does not protect against other infections" for others.
    works = "When taken as prescribed, PrEP is highly effective at preventing HIV from sex."
    other = "No. PrEP does not protect against other sexually transmitted infections such as chlamydia."
    assert RuleClassifier().judge(works, other).label != "contradiction"
    assert stance_toward("PrEP is effective.", other) == 0
    # The same thing named on both sides is still a disagreement, whatever the gerund before it.
    assert RuleClassifier().judge(
        "Condoms are effective in preventing HIV.", "Condoms do not prevent HIV."
    ).label == ("contradiction")
    assert RuleClassifier().judge(
        "Acupuncture is effective in treating back pain.", "Acupuncture was not effective."
    ).label == ("contradiction")


@pytest.mark.model
def test_no_disagreement_is_shown_between_what_it_prevents_and_what_it_does_not(assistant: Assistant) -> None:
    for question in ("What is PrEP?", "Is PrEP effective?", "Where can I get PrEP?"):
        answer = assistant.ask(question)
        assert answer.status == "answered"
        assert answer.contradictions == [], (question, answer.contradictions)
        for group in answer.groups:
            quotes = [answer.citations[n - 1].quote for n in group.citations]
            assert group.says == "yes" or not any("other sexually" in q for q in quotes), (question, quotes)


@pytest.mark.model
def test_a_quote_and_the_sentence_saying_the_opposite_are_grouped_apart(assistant: Assistant) -> None:
    answer = assistant.ask("Does moderate drinking protect the heart?")
    assert answer.status == "answered"
    says = {group.says: [answer.citations[n - 1].quote for n in group.citations] for group in answer.groups}
    assert any(q.startswith("Some researchers argue") and "Others" not in q for q in says.get("yes", [])), (
        says
    )
    assert any(q.startswith("Others have found") for q in says.get("no", [])), says
    assert_verbatim(assistant, answer.citations)


@pytest.mark.model
def test_a_refusals_risks_come_from_the_page_naming_most_of_what_was_asked(assistant: Assistant) -> None:
    # The hepatitis FAQ asks "Can I drink alcohol during treatment?": it names drinking, not units.
    answer = assistant.ask("How many units can I drink a week?")
    assert answer.status == "refused"
    assert answer.citations
    assert {c.source_id for c in answer.citations} == {"alcohol-units"}
    assert_verbatim(assistant, answer.citations)


@pytest.mark.model
def test_the_sentence_under_a_heading_the_question_names_is_quoted(assistant: Assistant) -> None:
    # "Side effects" is the heading over "Some people get mild nausea ...", which names neither side effects nor PrEP.
    answer = assistant.ask("What are the side effects of PrEP?")
    assert answer.status == "answered"
    assert any("mild nausea" in c.quote for c in answer.citations), [c.quote for c in answer.citations]
    assert_verbatim(assistant, answer.citations)


@pytest.mark.model
def test_a_short_name_a_title_holds_keeps_pages_that_never_name_it_out(assistant: Assistant) -> None:
    # "PrEP" is too short to be a rare word; written with capitals inside, it names the leaflet's subject, and the
    # hepatitis FAQ's "Most people have few or no side effects" is about another medicine.
    answer = assistant.ask("What are the side effects of PrEP?")
    assert {c.source_id for c in answer.citations} == {"prep-leaflet"}, [c.quote for c in answer.citations]


def test_short_names_with_capitals_inside_are_subjects_when_a_title_holds_them() -> None:
    assert capital_names("What are the side effects of PrEP and HIV tests?") == {"prep", "hiv"}
    assert capital_names("SIDE EFFECTS OF PREP") == frozenset()  # set in capitals: every word has them
    assert capital_names("Is it safe?") == frozenset()
    titled = frozenset({"prep", "hepat"})  # the names the leaflet's and the FAQ's titles hold
    assert asked_subjects("Does PrEP protect against HIV?", titled) == {"prep"}


@pytest.mark.model
def test_how_long_to_keep_taking_it_is_never_quoted(assistant: Assistant) -> None:
    for question in ("How do I stop PrEP?", "What should I know about stopping PrEP?"):
        answer = assistant.ask(question)
        quotes = [c.quote for c in answer.citations] + [
            s.quote for d in answer.contradictions for s in d.sides
        ]
        assert not any("two days after" in q for q in quotes), (question, quotes)
        assert_verbatim(assistant, answer.citations)
    # Asked how long, it is refused.
    assert assistant.ask("How long do I need to keep taking PrEP after sex?").status == "refused"
