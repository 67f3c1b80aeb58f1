"""A harm-reduction service's own pages, as such a service writes them: an FAQ whose answers open "Yes." or
"No.", a text file wrapped at a fixed width, a test-strip leaflet that reads its results ("One pink line means
..."), and a page on stopping drinking. Each defect these pages showed is checked as a user meets it."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged model loads from disk; never reach for the hub

import pytest

from rag import Assistant
from rag.safety.contradictions.asked import claim_stance, read_question
from rag.safety.contradictions.classify import RuleClassifier
from rag.text.segment import split_sentences
from rag.types import Answer, Citation, QuoteGroup
from tests.conftest import assert_verbatim, assistant_over

EXCHANGE = (
    "---\ntitle: Needle and syringe programme\n---\n\n"
    "The programme gives out sterile injecting equipment and takes back used equipment for safe disposal.\n\n"
    "## What you can get\n\n"
    "Needles and syringes, filters, spoons, sterile water, sharps bins and naloxone kits. There is no limit on "
    "how many needles you can take.\n\n"
    "## Do I need to give my name?\n\n"
    "No. The service is anonymous and free. You do not need ID or a referral.\n\n"
    "## Safe disposal\n\n"
    "Put used needles in a sharps bin straight away. Never reuse or share a needle.\n"
)
HEPATITIS = (
    "Hepatitis C: questions and answers\n\n"
    "Can hepatitis C be cured?\n"
    "Yes. Modern antiviral tablets cure most people. Treatment has few side effects.\n"
    "People who use drugs can be treated too;\n"
    "you do not need to stop using first.\n\n"
    "Can I get hepatitis C again after treatment?\n"
    "Yes. Being cured does not protect you from a new infection. Using your own new\n"
    "equipment every time lowers the risk.\n"
)
STRIPS = (
    "# Fentanyl test strips\n\n"
    "Fentanyl test strips are small strips of paper that can detect the presence of fentanyl in pills, powder "
    "and injectables.\n\n"
    "## Reading the results\n\n"
    "- **One pink line** means fentanyl has been detected.\n"
    "- **Two pink lines** means fentanyl has not been detected.\n\n"
    "A negative result does not mean the drug is safe. Our needle exchange hands out test strips free of charge.\n"
)
LEAFLET = (
    "# Antidepressants\n\n"
    "Antidepressants are medicines that treat depression and anxiety.\n\n"
    "## Common side effects\n\n"
    "Side effects are usually mild and often ease within a few weeks. They can include:\n"
    "- feeling sick\n"
    "- headaches\n"
    "- problems sleeping\n"
)
ALCOHOL = (
    "# Stopping drinking\n\n"
    "Alcohol withdrawal happens when someone who has been drinking heavily stops or sharply cuts down.\n\n"
    "## Is it risky to stop on your own?\n\n"
    "For people who drink heavily every day, stopping suddenly without medical support can be dangerous. Talk to "
    "a doctor before you stop.\n\n"
    "## Medicines after stopping\n\n"
    "Acamprosate and disulfiram can help people stay sober. Disulfiram causes a very unpleasant reaction if you "
    "drink alcohol. Naltrexone reduces cravings.\n\n"
    "## When symptoms start\n\n"
    "Symptoms can start as early as six hours after the last drink.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(
        tmp_path_factory.mktemp("service"),
        {
            "needle-exchange.md": EXCHANGE,
            "hepatitis-c.txt": HEPATITIS,
            "test-strips.md": STRIPS,
            "stopping-drinking.md": ALCOHOL,
            "antidepressants.md": LEAFLET,
        },
    )


def _group_quotes(answer: Answer, group: QuoteGroup) -> list[Citation]:
    return [answer.citations[n - 1] for n in group.citations]


def test_a_count_of_equipment_is_answered_not_refused(assistant: Assistant) -> None:
    answer = assistant.ask("How many needles can I take?")
    assert answer.status == "answered"
    assert any("no limit on how many needles" in c.quote for c in answer.citations)
    # "No limit" is what the page says the count is: the answer is not marked as missing one.
    assert answer.confidence == "high"
    assert assistant.ask("How many times can I use the same needle?").status != "refused"
    # When symptoms start after the last drink is no interval between doses.
    answer = assistant.ask("How many hours after my last drink do symptoms start?")
    assert answer.status == "answered"
    assert any("six hours" in c.quote for c in answer.citations)
    # Amounts of a substance are still refused.
    assert assistant.ask("How many pills can I take?").status == "refused"
    assert assistant.ask("How many times a day can I use the pipe?").status == "refused"


def test_a_bare_answer_is_quoted_with_the_question_it_answers(assistant: Assistant) -> None:
    # "No." answers the page's "Do I need to give my name?", not the reader's "Is the service anonymous?".
    answer = assistant.ask("Is the service anonymous?")
    assert answer.status == "answered"
    opening = [c for c in answer.citations if "The service is anonymous" in c.quote]
    assert opening, answer.citations
    assert all(c.quote.startswith("Do I need to give my name?") for c in opening)
    assert_verbatim(assistant, answer.citations)
    # In a text file the question is the line just above.
    answer = assistant.ask("Can I get hepatitis C again?")
    assert any(
        c.quote.startswith("Can I get hepatitis C again after treatment?\nYes.") for c in answer.citations
    )
    assert_verbatim(assistant, answer.citations)


def test_a_sentence_wrapped_after_a_semicolon_is_one_sentence(assistant: Assistant) -> None:
    assert [s.text for s in split_sentences("It can be treated too;\nyou do not need to stop first.")] == [
        "It can be treated too;\nyou do not need to stop first."
    ]
    # A new line in capitals after it still starts a sentence of its own.
    assert len(split_sentences("It can be treated too;\nYou do not need to stop first.")) == 2
    answer = assistant.ask("Do I have to stop using drugs to get treated for hepatitis C?")
    assert any("too;\nyou do not need to stop using first." in c.quote for c in answer.citations)
    assert_verbatim(assistant, answer.citations)


def test_a_warning_is_not_read_as_the_opposite(assistant: Assistant) -> None:
    # "without medical support can be dangerous" says it can be dangerous: the "without" is of its own phrase.
    answer = assistant.ask("Is it dangerous to stop drinking on my own?")
    assert answer.status == "answered"
    assert [g.says for g in answer.groups] == ["yes"]
    # "A negative result does not mean the drug is safe" is no yes to whether a negative result is safe.
    answer = assistant.ask("Is a negative test strip result safe?")
    assert "yes" not in [g.says for g in answer.groups]
    # The same page names disulfiram paragraphs away: that warning is not about disulfiram.
    for question in ("Is disulfiram dangerous?", "Is it safe to drink while on naltrexone?"):
        answer = assistant.ask(question)
        assert not any(
            "stopping suddenly" in c.quote for g in answer.groups for c in _group_quotes(answer, g)
        )
    asked = read_question("Is the drug safe?")
    assert claim_stance(asked, "A negative result does not mean the drug is safe.") == -1
    assert claim_stance(asked, "A positive result does not guarantee the drug is safe.") == -1


def test_what_a_result_means_is_no_disagreement_with_what_a_test_can_do(assistant: Assistant) -> None:
    for question in ("Where can I get fentanyl test strips?", "What does one pink line mean?"):
        answer = assistant.ask(question)
        assert answer.status == "answered"
        assert answer.contradictions == [], (question, answer.contradictions)
    rules = RuleClassifier()
    denied = "Two pink lines means fentanyl has not been detected."
    assert rules.judge(denied, "The strips can detect the presence of fentanyl.").label != "contradiction"
    # A conclusion drawn with "This means" still asserts what it says.
    assert (
        rules.judge("This means the drug does not cause addiction.", "The drug causes addiction.").label
        == "contradiction"
    )


def test_a_lead_in_joined_to_the_sentence_before_it_is_quoted_with_its_list(assistant: Assistant) -> None:
    # "They can include:" leans on the sentence before it and promises the list below it: all three are quoted.
    answer = assistant.ask("What are the side effects of antidepressants?")
    assert answer.status == "answered"
    listed = [c for c in answer.citations if "They can include:" in c.quote]
    assert listed and listed[0].quote.startswith("Side effects are usually mild")
    assert listed[0].quote.endswith("- problems sleeping")
    assert_verbatim(assistant, answer.citations)
