"""Pages on several medicines, as a clinic writes them: each names its medicine once and then says "it"; a page
about one medicine does not answer for another."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.answer.compose import select_sentences
from rag.retrieval.look_alike import names
from rag.types import Turn
from tests.conftest import HANDS, SLEEP, assistant_over, candidate

METHADONE = (
    "# Methadone maintenance treatment\n\n"
    "Methadone is a long-acting opioid used to treat opioid dependence. It prevents withdrawal symptoms.\n\n"
    "## Risks\n\n"
    "Methadone can cause drowsiness, constipation and sweating. It can be dangerous when mixed with alcohol or "
    "other sedatives, because breathing can slow down.\n\n"
    "**Will methadone show up on a drug test?**\n"
    "Standard opiate screening tests do not detect methadone. A specific methadone test is needed.\n"
)
NALOXONE = (
    "# Naloxone: what you need to know\n\n"
    "Naloxone is a medicine that rapidly reverses an opioid overdose. Anyone who uses opioids, and their friends "
    "and family, should carry naloxone. It is safe to give even if you are not sure the person has taken opioids.\n"
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(
        tmp_path_factory.mktemp("pages"),
        {"methadone": METHADONE, "naloxone": NALOXONE, "hands": HANDS, "sleep": SLEEP},
    )


def test_a_page_that_never_names_the_subject_says_neither_yes_nor_no(assistant: Assistant) -> None:
    # "It is safe to give ..." on the naloxone page is about naloxone: no "no" to whether methadone is dangerous.
    answer = assistant.ask("Is methadone dangerous?")
    assert answer.status == "answered"
    assert [g.says for g in answer.groups] == ["yes"]
    assert all(answer.citations[n - 1].source_id == "methadone" for g in answer.groups for n in g.citations)
    # On the naloxone page, the same sentence says that naloxone is safe.
    assert [g.says for g in assistant.ask("Is naloxone safe?").groups] == ["yes"]


def test_a_follow_up_is_answered_yes_or_no_about_what_its_pronoun_stands_for(assistant: Assistant) -> None:
    history = [
        Turn(role="user", content="What are the side effects of methadone?"),
        Turn(role="assistant", content="..."),
    ]
    answer = assistant.ask("Are they dangerous?", history)
    assert answer.status == "answered"
    # "It is safe to give ..." (naloxone) says nothing of methadone's side effects.
    assert all(answer.citations[n - 1].source_id == "methadone" for g in answer.groups for n in g.citations)


def test_a_refusal_quotes_what_the_page_says_about_risks(assistant: Assistant) -> None:
    answer = assistant.ask("How much methadone should I take?")
    assert answer.status == "refused"
    # Its warnings lead (side effects, then the danger of mixing), not the drug test's answer.
    assert any("dangerous" in c.quote for c in answer.citations[:2])
    assert not any("test is needed" in c.quote for c in answer.citations[:2])


NALTREXONE = (
    "Naltrexone for alcohol and opioid dependence\n\n"
    "Naltrexone blocks the effects of opioids. It does not cause dependence.\n\n"
    "Side effects include nausea, headache and tiredness. They are usually mild and pass within a few days.\n"
)
NALOXONE_EFFECTS = (
    "Naloxone: what you need to know\n\n"
    "Naloxone is a medicine that rapidly reverses an opioid overdose. Naloxone can cause sudden opioid "
    "withdrawal, with sweating, nausea and a fast heartbeat. These effects are unpleasant but rarely dangerous.\n"
)


def test_a_page_on_a_look_alike_medicine_does_not_answer_for_the_one_asked(tmp_path: Path) -> None:
    """The model reads "naloxone" and "naltrexone" as nearly one word: a question on one found the other's page.
    A question naming both is answered from both, and a misspelt name is the documents' own."""
    assistant = assistant_over(tmp_path, {"naltrexone": NALTREXONE, "naloxone": NALOXONE_EFFECTS})
    for question in (
        "Do the side effects of naltrexone go away?",
        "What are the side effects of naltrexone?",
    ):
        answer = assistant.ask(question)
        assert answer.status == "answered", answer.text
        assert {c.source_id for c in answer.citations} == {"naltrexone"}, answer.text
    both = assistant.ask("What is the difference between naloxone and naltrexone?")
    assert {c.source_id for c in both.citations} == {"naltrexone", "naloxone"}, both.text
    misspelt = assistant.ask("Does naloxon cause withdrawal?")
    assert misspelt.citations and misspelt.citations[0].source_id == "naloxone", misspelt.text


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("naloxone", "naltrexone", True),
        ("hydroxyzine", "hydralazine", True),
        ("methadone", "methamphetamine", False),  # too far apart to be taken for each other
        ("hypertension", "hypertensive", False),  # one word's two forms
        ("naloxon", "naloxone", False),  # a slip of typing
        ("pancreaticoduodenectomy", "pancreatoduodenectomy", False),  # another spelling
        ("transanal", "transrectal", False),  # an opening in common only
    ],
)
def test_look_alike_names(one: str, other: str, alike: bool) -> None:
    from rag.retrieval.look_alike import look_alike

    assert look_alike(one, other) is alike


def test_a_name_mentioned_once_in_passing_is_no_document_s_subject() -> None:
    """A question's slip ("Compound Topological Index" for the "Compound Topographical Index" a paper is about)
    must not make the paper a page on a look-alike: a name counts as asked when a passage names it twice."""
    from rag.retrieval.look_alike import named_as_subject

    assert not named_as_subject("topological", ["Its topological features were mapped.", "No other mention."])
    assert named_as_subject("naltrexone", ["Naltrexone blocks opioids. Naltrexone is not addictive."])


def test_a_refusal_in_another_language_quotes_the_risks_of_what_it_names(assistant: Assistant) -> None:
    """ "¿Cuánta metadona debo tomar?" quoted the naloxone page: no document writes "metadona", so the English
    risk query had no subject. The subject is read in the question's own language."""
    for question in ("¿Cuánta metadona debo tomar?", "Wie viel Methadon soll ich nehmen?"):
        answer = assistant.ask(question)
        assert answer.status == "refused", answer.text
        assert answer.citations and answer.citations[0].source_id == "methadone", answer.text


def test_a_look_alike_page_answers_no_question_in_another_language(tmp_path: Path) -> None:
    assistant = assistant_over(
        tmp_path, {"naltrexone": NALTREXONE, "naloxone": NALOXONE_EFFECTS, "hands": HANDS, "sleep": SLEEP}
    )
    for question in ("Os efeitos colaterais da naltrexone passam?", "Quanto naltrexone devo tomar?"):
        answer = assistant.ask(question)
        assert answer.citations, answer.text
        assert "naloxone" not in {c.source_id for c in answer.citations}, answer.text


def test_subject_words_are_the_rare_words_of_the_question_s_language() -> None:
    from rag.retrieval.subject_words import subject_words

    # "cuánta" is a little rarer: the refusal leaves the dose vocabulary out.
    assert subject_words("¿Cuánta metadona debo tomar?", "es", 4.0) == ["cuánta", "metadona"]
    assert subject_words("Wie viel Methadon soll ich nehmen?", "de", 4.0) == ["methadon"]
    # No word list for Thai: the Latin-script names it borrows.
    assert subject_words("ควรกินkratomกี่กรัม", "th", 4.0) == ["kratom"]


def test_a_question_on_one_page_s_subject_is_not_answered_from_a_page_that_never_names_it(
    tmp_path: Path,
) -> None:
    """ "What are the side effects of methadone?" quoted the naltrexone page's "Side effects include nausea, ..."
    first: only the citation's title said it was about another medicine. In another language as in English; a
    question on both medicines is answered from both pages."""
    assistant = assistant_over(
        tmp_path, {"methadone": METHADONE, "naltrexone": NALTREXONE, "hands": HANDS, "sleep": SLEEP}
    )
    for question in (
        "What are the side effects of methadone?",
        "¿Cuáles son los efectos secundarios de la metadona?",
    ):
        answer = assistant.ask(question)
        assert answer.status == "answered", answer.text
        assert {c.source_id for c in answer.citations} == {"methadone"}, answer.text
    both = assistant.ask("What are the side effects of methadone and naltrexone?")
    assert {c.source_id for c in both.citations} == {"methadone", "naltrexone"}, both.text


def test_a_subject_is_what_titles_name_in_any_form() -> None:
    from rag.retrieval.subject_pages import title_names, titled_subjects
    from rag.retrieval.vocabulary import Vocabulary

    vocabulary = Vocabulary(
        ["aetiology", "katnal1", "methadon", "methamphetamine", "clinician", "subarachnoid"]
    )
    assert vocabulary.forms("etiology") == ["aetiology"]  # another spelling
    assert vocabulary.forms("KATNAL") == ["katnal1"]  # the name of a gene without its number
    assert vocabulary.forms("methadone") == ["methadon"]  # not "methamphetamine"
    titles = title_names([("a", "Methadone maintenance treatment"), ("b", "What a clinician should know")])
    assert titled_subjects(frozenset({"methadone"}), titles, vocabulary.forms) == {"methadone": {"a"}}
    # A word no document uses is no subject the documents could answer for, and leaves the rest as they are.
    assert titled_subjects(frozenset({"methadone", "gabapentin"}), titles, vocabulary.forms) == {
        "methadone": {"a"}
    }
    # The question's subject is also something no title names: every document may answer.
    assert not titled_subjects(frozenset({"clinician", "subarachnoid"}), titles, vocabulary.forms)


def test_each_subject_asked_about_is_quoted_where_a_sentence_on_it_is_near_enough() -> None:
    from rag.answer.compose import select_sentences
    from tests.conftest import candidate

    settings = Settings(max_citations=3)
    ranked = [
        candidate("naltrexone", 1.0, 0, "Side effects include nausea."),
        candidate("naltrexone", 0.95, 40, "Naltrexone blocks opioids."),
        candidate("naltrexone", 0.9, 80, "It is taken as a tablet."),
        candidate("methadone", 0.7, 0, "Methadone can cause drowsiness."),
        candidate("naloxone", 0.69, 0, "Naloxone reverses an overdose."),
    ]
    subjects = {"methadone": frozenset({"methadone"}), "naltrexone": frozenset({"naltrexone"})}
    chosen = select_sentences(ranked, settings, lambda _: False, subjects=subjects).chosen
    # Methadone's best sentence takes the place of naltrexone's last quote.
    assert [c.source_id for c in chosen] == ["naltrexone", "naltrexone", "methadone"]
    without = select_sentences(ranked, settings, lambda _: False).chosen
    assert {c.source_id for c in without} == {"naltrexone"}
    # A sentence too far below the best is no answer on its subject.
    far = [*ranked[:3], candidate("methadone", 0.5, 0, "Methadone is an opioid.")]
    assert {
        c.source_id for c in select_sentences(far, settings, lambda _: False, subjects=subjects).chosen
    } == {"naltrexone"}


def test_a_follow_up_on_another_medicine_is_the_question_before_asked_of_it(assistant: Assistant) -> None:
    """ "And naloxone?" after a dosing request asks how much naloxone: it was answered with naloxone's page."""
    dosing = [
        Turn(role="user", content="How much methadone should I take?"),
        Turn(role="assistant", content="..."),
    ]
    for question in ("And naloxone?", "What about naloxone?"):
        answer = assistant.ask(question, dosing)
        assert answer.status == "refused", answer.text
        assert answer.citations and answer.citations[0].source_id == "naloxone", answer.text
    spanish = [
        Turn(role="user", content="¿Cuánta metadona debo tomar?"),
        Turn(role="assistant", content="..."),
    ]
    assert assistant.ask("¿Y la naloxona?", spanish).status == "refused"
    # Two words are too few to tell German from English: it is asked in the language of the question before.
    german = [
        Turn(role="user", content="Wie viel Methadon soll ich nehmen?"),
        Turn(role="assistant", content="..."),
    ]
    refused = assistant.ask("Und Naloxon?", german)
    assert refused.status == "refused" and refused.language == "de", refused.text
    # After a question on risks, the switch asks about risks, whatever was asked before it.
    later = [
        *dosing,
        Turn(role="user", content="And naloxone?"),
        Turn(role="assistant", content="I can't give dosing instructions."),
        Turn(role="user", content="Is methadone dangerous?"),
        Turn(role="assistant", content="..."),
    ]
    assert assistant.ask("What about naloxone?", later).status == "answered"
    risks = [Turn(role="user", content="Is naloxone safe?"), Turn(role="assistant", content="...")]
    answer = assistant.ask("And methadone?", risks)
    assert answer.status == "answered" and answer.citations, answer.text
    assert {c.source_id for c in answer.citations} == {"methadone"}, answer.text


EVIDENCE = (
    "Treatments for gambling disorder: a summary for clinicians\n\n"
    "Opioid antagonists have been studied because of their effect on reward. A later trial of nalmefene 20 mg or "
    "40 mg found no significant difference from placebo on the primary outcome. Naltrexone does not reduce "
    "gambling in people without strong urges, and it can cause nausea.\n"
)


def test_a_medicine_named_only_beside_its_dose_is_not_answered_by_another_medicine() -> None:
    """ "Does nalmefene work?" found its one sentence withheld (it names the doses tried) and quoted the one
    after it, on naltrexone. A sentence that names no medicine, or the one asked, may still be quoted."""
    settings = Settings(max_citations=4, max_quotes_per_source=4)
    dose = candidate("e", 1.15, 100, "A later trial of nalmefene 20 mg found no difference from placebo.")
    other = candidate("e", 0.81, 200, "Naltrexone does not reduce gambling in people without strong urges.")
    general = candidate(
        "e", 0.68, 0, "Opioid antagonists have been studied because of their effect on reward."
    )

    def withheld(text: str) -> bool:
        return " mg" in text

    asked = names("Does nalmefene work?")
    chosen = select_sentences([dose, other, general], settings, withheld, names_asked=asked).chosen
    assert chosen == [general]
    assert select_sentences([dose, other, general], settings, withheld).chosen == [other, general]
    # A quotable sentence naming the medicine asked: the others are read as before.
    named = candidate("e", 0.7, 300, "Nalmefene is an opioid antagonist.")
    assert other in select_sentences([dose, other, named], settings, withheld, names_asked=asked).chosen
    # Named in another form, common or not: "prostate" names what "prostates" asks about (a PubMedQA question lost
    # a quote on "transrectal" biopsy when only the plural counted).
    plural = candidate("p", 1.2, 0, "For prostates greater than 40 cc the rate fell.")
    singular = candidate("p", 1.1, 100, "The transrectal biopsy of the prostate finds most cancers.")
    organ = names("Can fusion biopsy improve cancer detection in enlarged prostates?")
    chosen = select_sentences([plural, singular], settings, lambda t: " cc" in t, names_asked=organ).chosen
    assert chosen == [singular]


def test_a_name_given_in_brackets_beside_the_one_asked_names_the_same_medicine() -> None:
    """A brand and its medicine are one thing: "Can I snort Ritalin?", with Ritalin named only in a withheld row
    of doses, is answered by the sentence on methylphenidate (nothing was quoted)."""
    settings = Settings(max_citations=4, max_quotes_per_source=4)
    row = candidate("t", 1.0, 0, "| Methylphenidate (Ritalin, Medikinet) | stimulant | 5 mg twice a day |")
    snorting = candidate("e", 1.1, 100, "Long-acting methylphenidate is harder to misuse by snorting.")
    other = candidate("e", 1.05, 200, "Guanfacine is not a stimulant.")
    asked = names("Can I snort Ritalin?")
    chosen = select_sentences(
        [row, snorting, other], settings, lambda t: " mg" in t, names_asked=asked
    ).chosen
    assert snorting in chosen


@pytest.mark.model
def test_a_question_on_a_medicine_named_only_beside_doses_quotes_no_other_medicine(tmp_path: Path) -> None:
    assistant = assistant_over(tmp_path, {"evidence": EVIDENCE, "hands": HANDS, "sleep": SLEEP})
    answer = assistant.ask("Does nalmefene work?")
    assert answer.withheld >= 1
    assert not any("Naltrexone" in c.quote or "mg" in c.quote for c in answer.citations), answer.text
