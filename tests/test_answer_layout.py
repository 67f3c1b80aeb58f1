"""Issue 16: the most direct quotes first, a one-line overview, one block per dispute, only disputes about the
question, and the reply pointing to the sides instead of repeating them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag import Answer, Assistant, Citation, Contradiction
from rag.answer.compose import select_sentences
from rag.answer.contrast import answers_difference, asks_difference, states_difference
from rag.answer.direct import asked_restriction, direct_groups
from rag.answer.disputes import about_question, from_found, merge
from rag.answer.messages import messages_for
from rag.answer.overview import overview
from rag.retrieval.records import CandidateSentence, Retrieval
from rag.safety.contradictions.asked import bears_on, claim_stance, names_any, qualifier_terms, read_question
from rag.settings import Settings
from rag.text.language import SUPPORTED
from rag.types import QuoteGroup
from rag.ui import render
from tests.conftest import REPO, candidate


def side(source: str, start: int, quote: str, title: str = "Doc") -> Citation:
    return Citation(
        source_id=source, title=title, quote=quote, start=start, end=start + len(quote), score=0.5
    )


LOW = side("a", 0, "Its low potential for abuse and dependence makes it a good option.", "A")
LEADS = side("b", 0, "Long-term use can lead to dependence.", "B")
MAY = side("b", 100, "Long-term use may lead to dependence.", "B")
EASES = side("c", 0, "It can alleviate insomnia in many users.", "C")
CAUSES = side("d", 0, "It can cause insomnia in some users.", "D")


def pair(a: Citation, b: Citation, topic: str) -> Contradiction:
    return Contradiction(topic=topic, sides=[a, b])


def test_a_yes_no_question_is_read_as_its_statement() -> None:
    asked = read_question("Is the tea addictive?")
    assert (asked.statement, asked.subject, asked.predicate) == (
        "the tea is addictive",
        "the tea",
        "addictive",
    )
    assert asked.read and asked.yes_no
    assert read_question("Does the tea cause insomnia?").statement == "the tea does cause insomnia"
    assert not read_question("What does the tea contain?").yes_no
    # An either/or question offers two answers, not yes and no.
    assert not read_question("Does it help with insomnia, or does it cause it?").yes_no


def _assert_read_as_the_tea_is_addictive(question: str) -> None:
    """A framed question is read, and its "no" group labelled, as "is the tea addictive"."""
    from rag.answer.phrases import group_label

    asked = read_question(question)
    assert (asked.statement, asked.subject, asked.aux, asked.predicate) == (
        "the tea is addictive",
        "the tea",
        "is",
        "addictive",
    )
    assert asked.question == question
    assert (
        group_label(False, asked.subject, asked.aux, asked.predicate) == "Say no (the tea is not addictive):"
    )


def test_a_question_about_whether_reads_the_embedded_clause_not_its_frame() -> None:
    """ "Do the sources disagree on whether X is Y?" was grouped under "whether X do not is Y"."""
    _assert_read_as_the_tea_is_addictive("Do the sources disagree on whether the tea is addictive?")
    # Without an auxiliary to move, the clause gives terms, not a yes or no to group by.
    no_aux = read_question("Do studies show whether the tea causes insomnia?")
    assert not no_aux.yes_no and "insomnia" in no_aux.terms
    # "if" opens a condition more often than a question: left as it was.
    assert (
        read_question("Can the tea help if I have insomnia?").statement
        == "the tea can help if I have insomnia"
    )


def test_a_question_about_whether_it_is_true_that_reads_the_clause_after_that() -> None:
    """ "Is it true that X is Y?" was grouped under "it true that X is not is Y"."""
    _assert_read_as_the_tea_is_addictive("Is it true that the tea is addictive?")
    assert read_question("Do the sources say that the tea can cause insomnia?").statement == (
        "the tea can cause insomnia"
    )
    # "that" as a determiner or a relative pronoun is not a frame.
    assert read_question("Is that tea addictive?").statement == "that tea is addictive"
    assert (
        read_question("Is the tea that they sell addictive?").statement
        == "the tea that they sell is addictive"
    )


def test_claims_that_say_yes_and_no_are_told_apart() -> None:
    asked = read_question("Is the tea addictive?")
    assert claim_stance(asked, LOW.quote) == -1
    assert claim_stance(asked, LEADS.quote) == 1
    assert claim_stance(asked, "The tea is brewed from dried leaves.") == 0
    kind = read_question("Is the tea a mushroom?")
    assert claim_stance(kind, "The tea, a tropical tree native to Asia, is popular.") == -1


def test_a_danger_said_of_another_thing_says_neither_yes_nor_no() -> None:
    """ "Is vaping safe?" was answered no by "If you vape to stop, stop completely, because smoking even a few
    cigarettes still carries a high risk": the claim names no subject, and what it calls risky is smoking."""
    claim = "If you chew gum to stop snacking, stop completely, because snacking even a little still carries a high risk."
    assert claim_stance(read_question("Is chewing gum safe?"), claim) == 0
    assert claim_stance(read_question("Is snacking safe?"), claim) == -1
    assert claim_stance(read_question("Is the tea safe?"), "It can be dangerous.") == -1


def test_calling_another_thing_safe_says_neither_yes_nor_no() -> None:
    """ "Is methadone safe in pregnancy?" opened with "Say yes (methadone is safe in pregnancy)", quoting "The
    combination product with naloxone appears safe in pregnancy"."""
    asked = read_question("Is the tea safe in pregnancy?")
    assert claim_stance(asked, "The combination product with honey appears safe in pregnancy.") == 0
    assert claim_stance(asked, "The tea appears safe in pregnancy.") == 1
    assert claim_stance(asked, "It is safe in pregnancy.") == 1
    assert claim_stance(asked, "Tea drinking is considered safe for pregnant women.") == 1
    assert claim_stance(asked, "Studies show that the tea is safe in pregnancy.") == 1
    # Advice against another thing is no "no", though both name pregnancy.
    assert claim_stance(asked, "Medically supervised fasting during pregnancy is not recommended.") == 0


def test_an_adverb_before_the_adjective_and_a_second_predicate_still_say_yes() -> None:
    """ "Is snus addictive?" had no yes for "... but it still contains nicotine and is addictive": "still" hid
    the adjective, and "nicotine" was read as what is addictive."""
    asked = read_question("Is the tea addictive?")
    assert claim_stance(asked, "The tea is highly addictive.") == 1
    assert claim_stance(asked, "It is still addictive.") == 1
    assert claim_stance(asked, "It contains caffeine and is addictive.") == 1
    assert claim_stance(asked, "Coffee contains caffeine and is addictive.") == 0
    assert claim_stance(asked, "The tea is hardly addictive.") == 0


def test_what_others_claimed_is_no_side() -> None:
    """ "Earlier warnings that varenicline causes depression ... were not confirmed" was shown under "Say yes
    (varenicline does cause depression)"."""
    asked = read_question("Does the tea cause headaches?")
    assert (
        claim_stance(asked, "Early warnings that the tea causes headaches were not confirmed by a trial.")
        == 0
    )
    assert claim_stance(asked, "The myth that the tea causes headaches persists.") == 0
    assert claim_stance(asked, "Trials show that the tea causes headaches.") == 1


def test_less_of_something_wanted_says_no_to_whether_it_helps() -> None:
    """ "Reduces REM sleep" relieved sleep as if it were pain, and answered "Does it help you sleep?" yes."""
    asked = read_question("Does the tea help you sleep?")
    assert claim_stance(asked, "Drinking the tea before bed reduces REM sleep.") == -1
    assert claim_stance(asked, "The tea disrupts sleep later in the night.") == -1
    assert claim_stance(asked, "The tea induces sleep in most people.") == 1
    assert claim_stance(asked, "The tea reduces sleep problems.") == 1


def test_a_restricted_question_is_answered_yes_or_no_only_by_claims_that_name_the_restriction() -> None:
    """ "Is X safe for teenagers?" is not answered yes by "X is safe when used responsibly": a heading "Say yes
    (X is safe for teenagers)" over that quote would put words in the source's mouth."""
    general = candidate("a", 0.9, 0, "The tea is safe when used responsibly.")
    teens = candidate("b", 0.8, 0, "The tea is not safe for teenagers.")
    milk = candidate("c", 0.7, 0, "Mixing the tea with milk is dangerous.")
    brewed = candidate("d", 0.6, 0, "The tea is brewed from dried leaves.")
    retrieval = Retrieval(passages=[], sentences=[general, teens, milk, brewed], relevance=1.0)

    def says(question: str) -> dict[int, list[str]]:
        asked = read_question(question)
        groups = direct_groups(asked, retrieval, [], lambda _: False, 3, asked_restriction(asked, retrieval))
        return {g.says: [c.quote for c in g.quotes] for g in groups}

    assert qualifier_terms(read_question("Is the tea safe for teenagers?")) == {"teenager"}
    assert qualifier_terms(read_question("Is the tea addictive?")) == frozenset()
    assert says("Is the tea safe?") == {1: [general.text], -1: [teens.text, milk.text]}
    assert says("Is the tea safe for teenagers?") == {-1: [teens.text]}
    # "tea", which most of the candidates name, restricts nothing: milk does.
    assert says("Is it safe to mix the tea with milk?") == {-1: [milk.text]}
    assert says("Is the tea safe for pregnant women?") == {}


def test_it_is_safe_to_take_x_with_y_is_restricted_to_y() -> None:
    """ "Is it safe to take melatonin with warfarin?" was answered yes by "Melatonin is safe for long-term use": the
    infinitive's object (melatonin) and "take" were read as the restriction, and the claim named melatonin."""
    general = candidate("a", 0.9, 0, "The tea is safe for long-term use.")
    warfarin = candidate("b", 0.8, 0, "Mixing the tea with warfarin is dangerous.")
    others = [candidate(c, 0.5, 0, f"Coffee is grown in the hills of region {c}.") for c in "cde"]
    retrieval = Retrieval(passages=[], sentences=[general, warfarin, *others], relevance=1.0)
    asked = read_question("Is it safe to take the tea with warfarin?")
    assert qualifier_terms(asked) == {"warfarin"}
    groups = direct_groups(asked, retrieval, [], lambda _: False, 3, asked_restriction(asked, retrieval))
    assert {g.says: [c.quote for c in g.quotes] for g in groups} == {-1: [warfarin.text]}
    # Without a restriction after it, the infinitive restricts nothing.
    assert qualifier_terms(read_question("Is it safe to take the tea?")) == frozenset()


def test_the_clause_that_names_the_restriction_is_the_one_that_answers() -> None:
    """ "Safe for short-term use; long-term use may lead to dependence" read whole said yes to "safe to use long
    term"; each clause is read alone, and only one naming the restriction answers."""
    mixed = candidate("a", 0.9, 0, "The tea is safe in small cups; teenagers drink it too.")
    split = candidate("b", 0.8, 0, "The tea is safe for adults; it is not safe for teenagers.")
    other = [candidate(c, 0.5, 0, f"The tea is grown in the hills of region {c}.") for c in "cde"]
    retrieval = Retrieval(passages=[], sentences=[mixed, split, *other], relevance=1.0)
    asked = read_question("Is the tea safe for teenagers?")
    groups = direct_groups(asked, retrieval, [], lambda _: False, 3, asked_restriction(asked, retrieval))
    assert {g.says: [c.quote for c in g.quotes] for g in groups} == {-1: [split.text]}


def test_only_disputes_about_the_question_bear_on_it() -> None:
    addictive = read_question("Is the tea addictive?")
    assert bears_on(addictive, [LOW.quote, LEADS.quote])
    assert not bears_on(addictive, [EASES.quote, CAUSES.quote])
    assert bears_on(read_question("Does the tea cause insomnia?"), [EASES.quote, CAUSES.quote])
    kept = about_question([pair(EASES, CAUSES, "insomnia"), pair(LOW, LEADS, "dependence")], addictive, [])
    assert [c.topic for c in kept] == ["dependence"]


def test_a_dispute_side_from_a_document_the_question_did_not_find_is_shown_only_when_close_to_it() -> None:
    # The rules set "safe" in one study against "high-risk" in an unrelated one: the question's retrieval
    # found the first document only, and the second's sentence is far from the question.
    def scored(c: Citation, score: float) -> Citation:
        return c.model_copy(update={"score": score})

    safe = side("ace", 0, "These inhibitors are considered safe.", "ACE")
    strokes = side(
        "carotid", 0, "All patients with perioperative strokes were in the high-risk group.", "Carotid"
    )
    unrelated = pair(scored(safe, 0.7), scored(strokes, 0.2), "whether it is safe or dangerous")
    assert from_found([unrelated], {"ace"}, 0.5) == []
    assert from_found([unrelated], {"ace", "carotid"}, 0.5) == [unrelated]
    # A side about the question in a document none of whose passages ranked among the best still counts.
    near = pair(scored(LOW, 0.62), scored(LEADS, 0.33), "dependence")
    assert from_found([near], {"a"}, 0.5) == [near]


def test_pairs_sharing_a_side_or_topic_are_one_block_and_blocks_share_no_quote() -> None:
    pairs = [
        pair(LOW, LEADS, "how high the risk of dependence is"),
        pair(EASES, CAUSES, "whether it relieves or causes insomnia"),
        pair(LOW, MAY, "how high the risk of addiction is"),  # shares LOW with the first
        pair(side("e", 0, "It relieves insomnia."), CAUSES, "whether it relieves or causes insomnia"),
    ]
    blocks = merge(pairs, limit=3, max_sides=6)
    assert [len(b.sides) for b in blocks] == [3, 3]
    assert blocks[0].topic == "how high the risk of dependence is"
    quotes = [(s.source_id, s.start) for b in blocks for s in b.sides]
    assert len(quotes) == len(set(quotes))
    assert blocks[0].note == "A and B disagree."


def test_overview_is_built_from_structure_only() -> None:
    groups = [
        QuoteGroup(says="no", label="", citations=[1, 2]),
        QuoteGroup(says="yes", label="", citations=[3]),
    ]
    line = overview([LOW, LEADS, MAY], groups, [pair(LOW, LEADS, "the risk of dependence")])
    assert line == (
        "2 documents speak to this question; 1 quote says yes, 2 quotes say no; "
        "they disagree on the risk of dependence."
    )


def test_the_overview_says_the_sources_agree_only_when_asked_and_two_speak() -> None:
    assert overview([LOW, LEADS], [], [], asks_agreement=True) == (
        "2 documents speak to this question; they do not appear to disagree on it."
    )
    assert overview([LOW, LEADS], [], []) == "2 documents speak to this question."
    # One document cannot disagree with another; a disagreement shown is said as ever.
    assert overview([LOW], [], [], asks_agreement=True) == "1 document speaks to this question."
    disputed = overview([LOW, LEADS], [], [pair(LOW, LEADS, "x")], asks_agreement=True)
    assert disputed.endswith("they disagree on x.")


def test_one_document_saying_two_things_is_not_said_to_disagree_as_they() -> None:
    # "1 document speaks to this question; they disagree on ..." read as two parties where there is one.
    assert overview([LEADS, MAY], [], [pair(LEADS, MAY, "x")]) == (
        "1 document speaks to this question; it says different things on x."
    )
    # A disagreement with a document the answer does not quote is still theirs.
    assert overview([LEADS], [], [pair(LEADS, LOW, "x")]).endswith("they disagree on x.")
    for code in SUPPORTED:
        texts = messages_for(code)
        assert overview([LEADS, MAY], [], [pair(LEADS, MAY, "x")], texts).count("x") == 1


def test_the_panel_does_not_repeat_a_side_the_reply_quotes() -> None:
    answer = Answer(
        question="Is the tea addictive?",
        status="answered",
        text="1 document speaks to this question.\n- “Its low potential ...” [1] (A)\n\nThe sources disagree on x: [1], [2].",
        citations=[LOW, LEADS],
        contradictions=[pair(LOW, LEADS, "x")],
        overview="1 document speaks to this question.",
    )
    panel = render.evidence(answer, [], {})
    # The side only the block quotes is shown there; the one the reply quotes appears once, as its source card.
    assert render.escape(LEADS.quote) in panel and panel.count("low potential for abuse") == 1
    assert 'class="rag-overview"' in render.reply(answer)


# --- the issue's cases on the real corpus ----------------------------------------------------------------------


def _spans(answer: Answer) -> list[list[tuple[str, int, int]]]:
    return [[(s.source_id, s.start, s.end) for s in block.sides] for block in answer.contradictions]


def _shared(a: list[tuple[str, int, int]], b: list[tuple[str, int, int]]) -> bool:
    return any(x[0] == y[0] and x[1] < y[2] and y[1] < x[2] for x in a for y in b)


@pytest.mark.model
def test_the_issue_cases_read_as_answers(real_assistant: Assistant) -> None:
    addictive = real_assistant.ask("Is kratom addictive?")
    assert {g.says for g in addictive.groups} == {"yes", "no"}
    assert addictive.text.splitlines()[0] == addictive.overview
    assert 1 in {n for g in addictive.groups for n in g.citations}  # the first quote says yes or no
    first = addictive.citations[0].quote
    assert "dependence" in first or "addiction" in first

    mushroom = real_assistant.ask("Is kratom a mushroom?")
    assert len(mushroom.contradictions) == 1 and len(mushroom.contradictions[0].sides) >= 3
    quote_lines = re.findall(r"“([^”]*)” \[\d+\]", mushroom.text)
    assert len(quote_lines) == len(set(quote_lines))

    dangerous = real_assistant.ask("Is kratom dangerous?")
    assert dangerous.contradictions
    assert all("insomnia" not in c.topic and "what" not in c.topic for c in dangerous.contradictions)

    # A restricted question's yes and no come only from quotes that name the restriction; the documents say
    # nothing about teenagers, and one sentence speaks of mixing kratom with alcohol.
    assert real_assistant.ask("Is kratom safe for teenagers?").groups == []
    mixing = real_assistant.ask("Is it safe to mix kratom with alcohol?")
    assert "alcohol" in mixing.citations[0].quote
    grouped = [mixing.citations[n - 1].quote for g in mixing.groups for n in g.citations]
    assert all(names_any(quote, frozenset({"alcohol", "mix"})) for quote in grouped), grouped


def test_questions_asking_how_things_differ_and_sentences_drawing_a_contrast_are_told_apart() -> None:
    for question in (
        "What is the difference between tea and coffee?",
        "How do cats and dogs differ in sleep?",
        "Is aspirin different from ibuprofen?",
        "Tea versus coffee: which keeps you awake longer?",
        "How does X compare with Y?",
    ):
        assert asks_difference(question), question
    for question in (
        "What is tea?",
        "Does coffee cause insomnia?",
        "Is ibuprofen an anti-inflammatory drug?",
    ):
        assert not asks_difference(question), question
    assert states_difference("Their actions are distinct.")
    assert states_difference("Unlike tea, coffee is roasted.")
    assert states_difference("It is less bitter than coffee.")
    assert not states_difference("Tea and coffee are both popular drinks.")
    assert not states_difference("Tea is brewed from leaves.")


def _candidate(start: int, score: float, text: str) -> CandidateSentence:
    return candidate("a" if start < 100 else "b", score, start, text)


def test_a_sentence_another_document_repeats_word_for_word_is_quoted_once() -> None:
    """Documents that copy each other repeat a sentence, in one run into a list: its vector differs, its words
    do not, and the slot goes to something new."""
    settings = Settings(max_citations=3, sentence_min_ratio=0.5)
    candidates = [
        candidate("a", 1.0, 0, "Drugs include - cocaine - heroin There are different types of treatment."),
        candidate("b", 0.9, 0, "There are different types of treatment."),
        candidate(
            "c", 0.8, 0, "Behavioural therapy helps people avoid the situations that trigger cravings."
        ),
        candidate("d", 0.7, 0, "Medicines can ease withdrawal."),
    ]
    chosen = select_sentences(candidates, settings, lambda _: False).chosen
    assert [s.source_id for s in chosen] == ["a", "c", "d"]


def test_a_contrast_near_the_best_score_is_quoted_first_but_not_one_far_below() -> None:
    settings = Settings(max_citations=4, sentence_min_ratio=0.8)
    candidates = [
        _candidate(0, 1.0, "Tea and coffee are both studied."),
        _candidate(40, 0.95, "Tea is brewed from leaves."),
        _candidate(200, 0.85, "Their actions are distinct."),
        _candidate(250, 0.84, "Contrary to claims, it is sold widely."),  # a contrast about something else
        _candidate(300, 0.5, "Unlike tea, coffee is roasted."),  # below the floor: never promoted
    ]
    plain = select_sentences(candidates, settings, lambda _: False)
    assert [s.start for s in plain.chosen] == [0, 40, 200, 250]
    preferred = select_sentences(candidates, settings, lambda _: False, prefer=answers_difference)
    assert [s.start for s in preferred.chosen] == [200, 0, 40, 250]


@pytest.mark.model
def test_a_question_about_a_difference_opens_with_a_sentence_drawing_one(real_assistant: Assistant) -> None:
    # A contrast drawn between "both substances" names neither, and scores below sentences naming the two.
    answer = real_assistant.ask("How is kava different from kratom?")
    assert answer.status == "answered"
    assert states_difference(answer.citations[0].quote)
    # A contrast about something else is not promoted.
    other = real_assistant.ask("Kratom versus methadone: how do they compare?")
    assert not other.citations[0].quote.startswith("Contrary to")


@pytest.mark.model
def test_no_answer_shows_two_blocks_sharing_a_quote(real_assistant: Assistant) -> None:
    rows = (
        (REPO / "eval" / "datasets" / "contradiction_questions.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    questions = [json.loads(r)["question"] for r in rows if r.strip()]
    questions += ["Is kratom addictive?", "Is kratom a mushroom?", "What side effects can kratom have?"]
    for question in questions:
        blocks = _spans(real_assistant.ask(question))
        for i, a in enumerate(blocks):
            assert not any(_shared(a, b) for b in blocks[i + 1 :]), question


def test_first_quote_hit_looks_at_the_first_citation_only() -> None:
    from rag.evaluation.metrics import first_quote_hit, is_hit

    answer = Answer(question="q", status="answered", text="", citations=[EASES, LOW])
    assert is_hit(answer, ["a"], ["low potential"]) and not first_quote_hit(answer, ["a"], ["low potential"])
    assert first_quote_hit(answer, ["c"], ["alleviate insomnia"])


def test_a_labelled_pair_counts_as_attached_when_one_block_quotes_both_claims() -> None:
    from rag.evaluation.datasets import DisputeRow
    from rag.evaluation.disputes import figures, shows_pair

    row = DisputeRow(id="d1", corpus="main", question="q", sides=[("a", 0, 10), ("b", 5, 20)], on_topic=True)
    apart = Answer(question="q", status="answered", text="", contradictions=[pair(LOW, EASES, "x")])
    together = Answer(question="q", status="answered", text="", contradictions=[pair(LOW, LEADS, "x")])
    assert not shows_pair(apart, row.sides) and shows_pair(together, row.sides)
    scores = figures([row, row.model_copy(update={"id": "d2", "on_topic": False})], {"q": together})
    assert (scores["precision"], scores["recall"]) == (0.5, 1.0)


@pytest.mark.model
def test_a_sentence_of_a_hard_wrapped_paragraph_is_quoted_whole_on_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (
        "# Notes on sleep and recovery\n\n"
        "People in early recovery often sleep badly for several weeks. Clinicians in our\n"
        "service recommend a fixed bedtime, daylight in the morning and no screens in the\n"
        "hour before sleep, because these habits shorten the time it takes to fall asleep.\n"
    )
    (corpus / "notes.md").write_text(text, encoding="utf-8")
    answer = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store")).ask(
        "What habits help people fall asleep?"
    )
    assert answer.status == "answered"
    wrapped = next(c for c in answer.citations if "\n" in c.quote)
    assert wrapped.quote == text[wrapped.start : wrapped.end]  # the citation keeps the text at its offsets
    assert wrapped.quote.startswith("Clinicians in our\nservice") and wrapped.quote.endswith("fall asleep.")
    # The reply shows it on its one line, the line breaks read as spaces.
    assert f"“{' '.join(wrapped.quote.split())}” [" in answer.text
    assert all(line.startswith("- “") for line in answer.text.splitlines() if "” [" in line)


@pytest.mark.parametrize(
    ("question", "claim", "says"),
    [
        # Denied of a group the question does not name: no for them, so not a plain no.
        (
            "Does naltrexone help with gambling?",
            "Naltrexone does not reduce gambling in people without strong urges.",
            0,
        ),
        ("Does the drug work?", "The drug did not work in patients with advanced disease.", 0),
        # Denied of everyone, or of the group asked about: no.
        ("Does naltrexone help with gambling?", "Naltrexone does not reduce gambling.", -1),
        (
            "Does naltrexone help people with strong urges to gamble?",
            "Naltrexone does not reduce gambling in people without strong urges.",
            -1,
        ),
        # Said of a group, a yes is still a yes ("it can"), and a danger for a group still answers "Is it safe?".
        (
            "Does naltrexone help with gambling?",
            "Naltrexone reduced gambling in people with strong urges.",
            1,
        ),
        ("Is kratom safe?", "Kratom is not safe for people with heart disease.", -1),
    ],
)
def test_a_denial_said_only_of_a_group_is_no_plain_no(question: str, claim: str, says: int) -> None:
    assert claim_stance(read_question(question), claim) == says
