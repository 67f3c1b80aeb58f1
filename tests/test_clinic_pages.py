"""A treatment clinic's own documents, as such a clinic writes them: a patient guide exported to PDF in short
question-and-answer paragraphs, a Word page on overdose with a list of signs and numbered-free steps, a Word page
of policies with a table of fees, and a two-column study PDF. Each defect these documents showed is checked as a
user meets it."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged model loads from disk; never reach for the hub

import pytest

from rag import Assistant
from rag.answer.messages import messages_for
from rag.ingest.readers.reflow import Line, page_paragraphs
from rag.safety.contradictions.asked import claim_stance, read_question
from rag.safety.contradictions.claims import extract_claims
from rag.safety.contradictions.classify import RuleClassifier
from rag.text.segment import split_sentences
from rag.types import Answer, Document
from rag.ui import render
from tests.conftest import assert_verbatim, assistant_over
from tests.make_files import docx_bytes, running_pdf_bytes, two_column_pdf_bytes

GUIDE = [
    "Medications for Opioid Use Disorder: A Guide for Patients and Families",
    "Which medications are used?",
    "Three medications are approved to treat OUD: methadone, buprenorphine and naltrexone. Methadone and "
    "buprenorphine act on the same receptors as other opioids and reduce cravings and withdrawal. Naltrexone "
    "blocks opioid receptors, so opioids have no effect while it is working.",
    "Buprenorphine is a partial agonist, so its effect levels off at higher doses. This ceiling effect lowers the "
    "risk of overdose. Most patients do well on 16 mg per day.",
    "Naltrexone is not an opioid and is not addictive. It is given as a monthly injection.",
    "Buprenorphine is as effective as methadone when the dose is adequate.",
    "What are the side effects?",
    "Common side effects include constipation, sweating, drowsiness, headache and nausea. Methadone can change "
    "the heart's rhythm in some people, so your clinic may check an ECG.",
    "Is it safe during pregnancy?",
    "Yes. Methadone and buprenorphine are the recommended treatment for OUD in pregnancy. Stopping opioids "
    "suddenly during pregnancy is dangerous for the baby.",
    "Can I drive while on treatment?",
    "Many people drive safely once they are on a stable dose. Do not drive in the first weeks.",
]
OVERDOSE = [
    ("h1", "Responding to an opioid overdose"),
    ("p", "An overdose can happen to anyone who uses opioids, including people taking them as prescribed."),
    ("h1", "Signs of an overdose"),
    ("li", "The person will not wake up or respond to your voice or touch."),
    ("li", "Breathing is very slow, irregular, or has stopped."),
    ("li", "Lips and fingertips turn blue or grey."),
    ("h1", "What to do"),
    ("p", "Call emergency services first. Then give naloxone."),
    (
        "p",
        "To use the nasal spray, lay the person on their back and spray one dose of 4 mg into one nostril. If "
        "there is no response after 2 to 3 minutes, give a second dose in the other nostril.",
    ),
    ("h1", "Is naloxone safe?"),
    (
        "p",
        "Naloxone is safe. It has no effect on a person who has not taken opioids, and it cannot be misused to "
        "get high. It can cause sudden withdrawal in someone who depends on opioids.",
    ),
]
POLICIES = [
    ("h1", "Take-home doses"),
    (
        "p",
        "New patients come to the clinic every day. After 90 days of stable treatment, patients may earn "
        "take-home doses.",
    ),
    ("h1", "Fees"),
    ("row", "Service | Cost"),
    ("row", "Assessment | Free"),
    ("row", "Daily dosing | $15 per day"),
    ("row", "Naloxone kit | Free"),
    ("p", "No one is refused treatment because they cannot pay."),
]
STUDY = (
    "Retention in treatment with methadone versus buprenorphine: a cohort study\n"
    "Results. At 12 months, 61% of patients on methadone and 42% of patients on buprenorphine remained in "
    "treatment.\n"
    "Conclusions. Methadone retained more patients than buprenorphine. Buprenorphine is less effective than "
    "methadone at keeping patients in treatment, although it is easier to access. Leaving treatment early was "
    "followed by a sharp rise in overdose deaths."
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return assistant_over(
        tmp_path_factory.mktemp("clinic"),
        {
            "patient-guide.pdf": running_pdf_bytes(GUIDE, "Northside Clinic - Patient Guide"),
            "overdose.docx": docx_bytes(OVERDOSE, title="Naloxone and overdose response"),
            "policies.docx": docx_bytes(POLICIES, title="Clinic policies"),
            "retention-study.pdf": two_column_pdf_bytes(STUDY),
        },
    )


def _text(assistant: Assistant, name: str) -> str:
    return next(d.text for d in assistant.documents() if d.path.name == name)


def _quoted(answer: Answer) -> str:
    return "\n".join(c.quote for c in answer.citations)


def test_a_question_heading_after_a_short_paragraph_is_a_line_of_its_own(assistant: Assistant) -> None:
    text = _text(assistant, "patient-guide.pdf")
    assert "check an ECG.\nIs it safe during pregnancy?\nYes. Methadone" in text
    # A page of short paragraphs has about as many gaps between paragraphs (14 points here) as inside them (6):
    # their median was a paragraph gap, and a heading after a paragraph whose last line nearly filled the width
    # was joined to it ("... check an ECG. Is it safe during pregnancy?").
    rows = [
        ("Common side effects include constipation, sweating and nausea, which", 564),
        ("ease after the first weeks, so your clinic may check an ECG now.", 543),
        ("Is it safe during pregnancy?", 166),
        ("Yes. Methadone and buprenorphine are the recommended treatment, and", 564),
        ("stopping them suddenly during pregnancy is dangerous for the baby.", 420),
        ("Can I drive while on treatment?", 183),
        ("Many people drive safely once they are on a stable dose, though not", 564),
        ("in the first weeks of treatment.", 200),
        ("What if I miss a dose?", 139),
        ("Call your clinic.", 120),
    ]
    top, lines = 100.0, []
    for words, right in rows:
        lines.append(Line(words, 31, right, top, top + 11))
        wrapped = right == 564
        top += 17 if wrapped else 25
    assert page_paragraphs(lines)[:2] == [
        "Common side effects include constipation, sweating and nausea, which ease after the first weeks, so your "
        "clinic may check an ECG now.",
        "Is it safe during pregnancy?",
    ]


def test_a_danger_of_stopping_says_nothing_of_whether_the_medicine_is_safe(assistant: Assistant) -> None:
    # "Stopping opioids suddenly during pregnancy is dangerous" was read as "methadone is not safe".
    answer = assistant.ask("Is methadone safe during pregnancy?")
    assert answer.status == "answered"
    assert "no" not in [g.says for g in answer.groups]
    # The bare "Yes." before the answer is quoted with it, and with the question it answers.
    assert any(
        c.quote.startswith("Is it safe during pregnancy?\nYes. Methadone and buprenorphine")
        for c in answer.citations
    )
    assert_verbatim(assistant, answer.citations)
    stopping = "Stopping opioids suddenly during pregnancy is dangerous for the baby."
    assert claim_stance(read_question("Is methadone safe during pregnancy?"), stopping) == 0
    # Asked about stopping, it answers.
    assert claim_stance(read_question("Is it dangerous to stop opioids during pregnancy?"), stopping) == 1
    assert (
        claim_stance(
            read_question("Is it safe to quit cold turkey?"), "It can be dangerous to stop on your own."
        )
        == -1
    )


def test_no_dispute_from_what_a_medicine_is_not_or_what_another_one_does(assistant: Assistant) -> None:
    for question in ("What medications treat opioid use disorder?", "What is the ceiling effect?"):
        answer = assistant.ask(question)
        assert answer.status == "answered"
        assert answer.contradictions == [], (question, answer.contradictions)
    rules = RuleClassifier()
    # "is not an opioid" denies what naltrexone is; "opioid receptors" and "opioids have no effect" assert no kind.
    blocks = "Naltrexone blocks opioid receptors, so opioids have no effect while it is working."
    assert rules.judge("Naltrexone is not an opioid and is not addictive.", blocks).label != "contradiction"
    assert rules.judge("Kratom is not an opioid.", "Kratom is an opioid.").label == "contradiction"
    # An "it" after a sentence too short to be a claim ("Naloxone is safe.") is read as what that sentence names,
    # so naloxone's withdrawal is not set against what methadone does to withdrawal.
    text = "Naloxone is safe. It has no effect on a person who has not taken opioids. It can cause sudden withdrawal."
    document = Document(source_id="d", title="t", text=text, path="d.txt", content_hash="h")
    assert [c.read for c in extract_claims(document)] == [
        "Naloxone has no effect on a person who has not taken opioids.",
        "Naloxone can cause sudden withdrawal.",
    ]


def test_a_list_under_a_heading_is_quoted_whole_with_the_heading(assistant: Assistant) -> None:
    answer = assistant.ask("What are the signs of an overdose?")
    assert answer.status == "answered"
    listed = [c for c in answer.citations if "Breathing is very slow" in c.quote]
    assert listed, answer.citations
    assert listed[0].quote.startswith("Signs of an overdose\n- The person will not wake up")
    assert listed[0].quote.endswith("- Lips and fingertips turn blue or grey.")
    assert_verbatim(assistant, answer.citations)


def test_the_next_step_of_an_instruction_is_quoted_with_the_step_before_it(assistant: Assistant) -> None:
    answer = assistant.ask("How do I use naloxone nasal spray?")
    assert answer.status == "answered"
    assert any(c.quote == "Call emergency services first. Then give naloxone." for c in answer.citations)
    # The amount in the instructions is never shown.
    assert "4 mg" not in _quoted(answer) and "4 mg" not in answer.text
    assert_verbatim(assistant, answer.citations)


def test_what_to_do_in_an_overdose_quotes_the_steps_beside_the_signs(assistant: Assistant) -> None:
    # The emergency's retrieval asked for the signs alone, which outranked the steps under "What to do".
    answer = assistant.ask("What should I do if someone overdoses?")
    assert answer.emergency and answer.status == "answered"
    quoted = [c.quote for c in answer.citations]
    assert "Call emergency services first. Then give naloxone." in quoted, quoted
    assert any(q.startswith("Signs of an overdose") for q in quoted), quoted
    assert "4 mg" not in _quoted(answer) and "4 mg" not in answer.text
    assert_verbatim(assistant, answer.citations)


def test_an_overdose_told_in_spanish_opens_with_help_and_quotes_the_steps(assistant: Assistant) -> None:
    # "What to do if someone overdoses" was read in English only; in Spanish it had no emergency line, and its
    # quotes were those of the question alone.
    answer = assistant.ask("¿Qué hago si alguien tiene una sobredosis?")
    assert answer.emergency == messages_for("es").emergency and answer.status == "answered"
    quoted = [c.quote for c in answer.citations]
    assert "Call emergency services first. Then give naloxone." in quoted, quoted
    assert "4 mg" not in _quoted(answer) and "4 mg" not in answer.text
    assert_verbatim(assistant, answer.citations)


def test_a_clinics_fees_and_take_home_rules_are_answered_not_refused(assistant: Assistant) -> None:
    answer = assistant.ask("How much does daily dosing cost?")
    assert answer.status == "answered"
    assert "$15 per day" in _quoted(answer)
    answer = assistant.ask("Can I get take-home doses?")
    assert answer.status == "answered"
    assert "After 90 days of stable treatment" in _quoted(answer)
    assert_verbatim(assistant, answer.citations)
    # How much of a medicine to take is still refused, and its amount never shown.
    answer = assistant.ask("How much buprenorphine do most patients take?")
    assert answer.status == "refused"
    assert "16 mg" not in _quoted(answer) and "16 mg" not in answer.text


def test_a_tables_rows_are_one_passage_not_one_each(assistant: Assistant) -> None:
    # Each row was a passage of its own, and so short that "Naloxone kit | Free" ranked first for any question
    # naming naloxone; the first-ranked source is always quoted, so the row was too.
    for question in ("Is naloxone an opioid?", "How do I use naloxone nasal spray?"):
        answer = assistant.ask(question)
        assert not any("|" in c.quote for c in answer.citations), (question, answer.citations)
    # A question about a row still gets that row.
    answer = assistant.ask("How much does a naloxone kit cost?")
    assert answer.status == "answered"
    assert answer.citations[0].quote == "Naloxone kit | Free"
    spans = split_sentences("# Fees\nService | Cost\nAssessment | Free\nNaloxone kit | Free\nAsk us.\n")
    assert [s.paragraph for s in spans] == [0, 1, 2, 2, 3]


def test_the_evidence_panel_never_shows_an_amount_beside_a_quote(assistant: Assistant) -> None:
    # The panel shows each quote inside its paragraph; "Most patients do well on 16 mg per day." stood right
    # after the quote on the ceiling effect.
    answer = assistant.ask("What is the ceiling effect?")
    assert any("ceiling effect" in c.quote for c in answer.citations)
    panel = render.evidence(answer, assistant.documents(), {})
    assert "16 mg" not in panel and "Most patients do well" not in panel


def test_as_good_as_and_less_good_than_disagree(assistant: Assistant) -> None:
    # The guide's "as effective as methadone" and the study's "less effective than methadone" were both quoted,
    # with no word that they disagree: an equal comparison was not read.
    answer = assistant.ask("Is buprenorphine as effective as methadone?")
    assert answer.status == "answered"
    assert sorted(g.says for g in answer.groups) == ["no", "yes"]
    assert [c.topic for c in answer.contradictions] == ["whether buprenorphine is as effective as methadone"]
    assert_verbatim(assistant, answer.citations + [side for c in answer.contradictions for side in c.sides])
    rules = RuleClassifier()
    assert (
        rules.judge("Green tea is as strong as coffee.", "Green tea is less strong than coffee.").label
        == "contradiction"
    )
    assert (
        rules.judge(
            "Green tea is as strong as coffee.", "Green tea is just as strong as coffee for most people."
        ).label
        == "agreement"
    )
    # "as high as 40 percent" and "as well as" compare nothing named.
    assert rules.judge(
        "Mortality was as high as 40 percent.", "Mortality was higher than expected."
    ).label != ("contradiction")
