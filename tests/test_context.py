"""Quotes joined with the neighbour they lean on: verbatim spans, never across paragraphs or into dosing text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.answer.quotes import leans_back, quotes_in_context
from rag.retrieval.records import CandidateSentence, RetrievedPassage
from rag.text.segment import has_content_after_references, opens_with_references_heading, split_sentences

TEXT = (
    "Kratom is not without side effects. These can include nausea and insomnia. Research continues.\n"
    "Both findings are early. They suggest one gram a day.\n"
)


def _candidates(text: str) -> list[CandidateSentence]:
    return [
        CandidateSentence(
            sentence_id=f"doc@abc#s{i}",
            source_id="doc",
            title="Doc",
            start=s.start,
            end=s.end,
            text=s.text,
            similarity=0.5,
            lexical=0.0,
            context=0.0,
            score=0.5,
            passage_rank=0,
        )
        for i, s in enumerate(split_sentences(text))
    ]


def _passage(text: str) -> RetrievedPassage:
    return RetrievedPassage(
        passage_id="doc@abc#p0",
        source_id="doc",
        title="Doc",
        start=0,
        end=len(text),
        text=text,
        fused=1.0,
        rank=0,
        dense=0.5,
        lexical=0.0,
        sentence_tag="doc@abc",
        sent_from=0,
        sent_to=5,
    )


def _withheld(text: str) -> bool:
    return bool(re.search(r"\bgrams?\b", text))


def test_back_references_are_recognised() -> None:
    assert leans_back("These can include nausea.") and leans_back("“Both are early.")
    assert not leans_back("Thesis work is early.") and not leans_back("Kratom is a tree.")


def test_back_references_in_the_other_languages_and_of_quantifiers_are_recognised() -> None:
    # A Spanish guide's "Puede provocar una abstinencia repentina ..." was quoted without "La naloxona es segura."
    # before it: the subject is left out, as in Portuguese and Italian.
    for text in (
        "Puede provocar una abstinencia repentina.",
        "Sus hojas contienen mitraginina.",
        "Cela peut provoquer un sevrage.",
        "Dieses Medikament ist sicher.",
        "Può causare dipendenza.",
        "Isso pode causar abstinência.",
        "Ini dapat menyebabkan ketergantungan.",
        "Nó có thể gây nghiện.",
        "Most of them recover within weeks.",
        "Many do not.",
        "Most ease after the first weeks.",
        "Some report nausea.",
    ):
        assert leans_back(text), text
    for text in (
        "La naloxona es segura.",
        "Das Medikament wirkt.",
        "Les patients vont mieux.",
        "Most patients recover.",
        "Some reports describe nausea.",
    ):
        assert not leans_back(text), text
    spanish = "La naloxona es segura. Puede provocar una abstinencia repentina.\n"
    candidates = _candidates(spanish)
    (joined,) = quotes_in_context([candidates[1]], candidates, [_passage(spanish)], _withheld)
    assert joined.quote == spanish.strip()


def test_a_quote_is_joined_with_the_sentence_it_leans_on_or_that_leans_on_it() -> None:
    candidates = _candidates(TEXT)
    passage = _passage(TEXT)
    forward, backward = quotes_in_context([candidates[0], candidates[2]], candidates, [passage], _withheld)
    # "Kratom is not without side effects." is followed by "These can include ...": quoted together.
    assert forward.quote == "Kratom is not without side effects. These can include nausea and insomnia."
    assert TEXT[forward.start : forward.end] == forward.quote
    # "Research continues." leans on nothing and nothing leans on it, except across a paragraph break.
    assert backward.quote == "Research continues."
    assert TEXT[backward.start : backward.end] == backward.quote


def test_no_joining_across_paragraphs_into_dosing_text_or_into_a_chosen_sentence() -> None:
    candidates = _candidates(TEXT)
    passage = _passage(TEXT)
    (first_of_paragraph,) = quotes_in_context([candidates[3]], candidates, [passage], _withheld)
    # "Both findings are early." leans back, but its predecessor is in the previous paragraph; the next
    # sentence leans on it but gives an amount, so it is not joined either.
    assert first_of_paragraph.quote == "Both findings are early."
    both = quotes_in_context([candidates[0], candidates[1]], candidates, [passage], _withheld)
    assert [c.quote for c in both] == [candidates[0].text, candidates[1].text]
    # Without a passage holding both sentences, the exact text between them is unknown: quoted alone.
    (alone,) = quotes_in_context([candidates[0]], candidates, [], _withheld)
    assert alone.quote == candidates[0].text


def test_a_sentence_ranked_above_the_antecedent_it_leans_on_is_quoted_with_it() -> None:
    candidates = _candidates(TEXT)
    passage = _passage(TEXT)
    # "These can include ..." ranked first, its antecedent second: one quote of both, in the text's order.
    (both,) = quotes_in_context([candidates[1], candidates[0]], candidates, [passage], _withheld)
    assert both.quote == "Kratom is not without side effects. These can include nausea and insomnia."
    assert TEXT[both.start : both.end] == both.quote
    # Not across a paragraph break: "Both findings are early." and "Research continues." stay apart.
    apart = quotes_in_context([candidates[3], candidates[2]], candidates, [passage], _withheld)
    assert [c.quote for c in apart] == ["Both findings are early.", "Research continues."]


def test_a_contradiction_side_inside_a_joined_quote_takes_its_number() -> None:
    from rag.answer.compose import Composer
    from rag.types import Citation, Contradiction

    def cite(start: int, end: int) -> Citation:
        return Citation(source_id="doc", title="Doc", quote=TEXT[start:end], start=start, end=end, score=1.0)

    first, second = split_sentences(TEXT)[:2]
    composer = Composer()
    composer.quotes([cite(first.start, second.end)])  # joined: "Kratom is not … These can include …"
    side = cite(second.start, second.end)
    elsewhere = Citation(source_id="other", title="Other", quote="x", start=0, end=1, score=1.0)
    composer.contradictions([Contradiction(topic="insomnia", sides=[side, elsewhere])])
    assert len(composer.citations) == 2  # the joined quote and the other document's side; no repeat
    # The reply points to the disagreement by number; the side is not quoted a second time.
    assert "[1], [2]" in composer.text() and composer.text().count(side.quote) == 1
    assert "[2]" in composer.text()


LIST_TEXT = (
    "## Side effects\n\n"
    "Side effects are usually mild and include:\n\n"
    "- daytime drowsiness\n"
    "- headache\n"
    "- take 2 grams to stop it\n"
    "- nausea\n\n"
    "Other risks are rarer.\n"
)


def test_a_list_is_quoted_with_its_lead_in_up_to_an_item_that_gives_dosing_guidance() -> None:
    candidates = _candidates(LIST_TEXT)
    passage = _passage(LIST_TEXT)
    by_text = {c.text: c for c in candidates}
    expected = "Side effects are usually mild and include:\n\n- daytime drowsiness\n- headache"
    for chosen in ("Side effects are usually mild and include:", "headache"):
        (quote,) = quotes_in_context([by_text[chosen]], candidates, [passage], _withheld)
        assert quote.quote == expected
        assert LIST_TEXT[quote.start : quote.end] == quote.quote
    # An item quoted inside the list is not quoted again on its own.
    together = quotes_in_context(
        [by_text["headache"], by_text["daytime drowsiness"]], candidates, [passage], _withheld
    )
    assert [c.quote for c in together] == [expected]
    # Past the withheld item the list cannot be reached without quoting it: the item stands alone.
    (after,) = quotes_in_context([by_text["nausea"]], candidates, [passage], _withheld)
    assert after.quote == "nausea"


def test_a_list_with_windows_line_endings_keeps_exact_offsets() -> None:
    text = "Intro here.\r\nSymptoms include:\r\n• vomiting\r\n• headache\r\n\r\nLater.\r\n"
    candidates = _candidates(text)
    (quote,) = quotes_in_context([candidates[1]], candidates, [_passage(text)], _withheld)
    assert quote.quote == "Symptoms include:\r\n• vomiting\r\n• headache"
    assert text[quote.start : quote.end] == quote.quote


def test_a_list_of_a_word_processor_s_bullets_is_quoted_with_its_lead_in() -> None:
    # Google Docs exports "●" and "○", Word its Symbol-font bullet, to PDF; their items are a list like "- ...".
    for bullet in ("●", "○", "\uf0b7"):
        text = f"Intro here.\nWhen you write questions, consider:\n{bullet} what the text answers\n{bullet} one a block\n"
        candidates = _candidates(text)
        (quote,) = quotes_in_context([candidates[2]], candidates, [_passage(text)], _withheld)
        assert (
            quote.quote
            == f"When you write questions, consider:\n{bullet} what the text answers\n{bullet} one a block"
        )
        assert text[quote.start : quote.end] == quote.quote


def test_list_items_are_content_and_share_their_lead_in_paragraph_but_a_contents_list_is_headings() -> None:
    spans = {s.text: s for s in split_sentences(LIST_TEXT)}
    assert spans["## Side effects"].heading
    lead = spans["Side effects are usually mild and include:"]
    assert not lead.heading
    for item in ("daytime drowsiness", "headache", "nausea"):
        assert not spans[item].heading and spans[item].paragraph == lead.paragraph
    assert spans["Other risks are rarer."].paragraph != lead.paragraph
    contents = split_sentences(
        "Intro sentence.\n- Understanding the Plant and Its Uses\n- Risks Behind the Hype\n"
        "## What parents can try\n- a consistent bedtime\n- no screens before bed\n"
    )
    assert [s.heading for s in contents] == [False, True, True, True, False, False]
    assert contents[4].paragraph == contents[5].paragraph


def test_a_bare_answer_is_quoted_with_the_sentence_that_explains_it() -> None:
    text = "## Can e-cigarettes explode?\n\nVery rarely. Most incidents involve damaged batteries.\n"
    candidates = _candidates(text)
    (quote,) = quotes_in_context([candidates[1]], candidates, [_passage(text)], _withheld)
    assert quote.quote == "Very rarely. Most incidents involve damaged batteries."


FAQ = (
    "**Is treatment confidential?**\nYes.\nWe do not share your information without your consent.\n\n"
    "**Can I travel while on methadone?**\nYes. Tell your keyworker two weeks before you travel.\n"
)


def test_a_bare_yes_is_quoted_with_what_it_says_yes_to_and_never_alone() -> None:
    candidates = _candidates(FAQ)
    texts = [c.text for c in candidates]
    yes, consent = texts.index("Yes."), texts.index("We do not share your information without your consent.")
    travel = texts.index("Tell your keyworker two weeks before you travel.")
    passage = _passage(FAQ)
    # The sentence after it is chosen too: one quote of both, not "Yes." and then the sentence, and with the
    # question the page asks above them, which the "Yes." answers.
    (both,) = quotes_in_context(
        [candidates[travel - 1], candidates[travel]], candidates, [passage], _withheld
    )
    assert both.quote == (
        "**Can I travel while on methadone?**\nYes. Tell your keyworker two weeks before you travel."
    )
    assert FAQ[both.start : both.end] == both.quote
    # Across a line break it cannot be joined: "Yes." is left out ("Will my employer find out?" was answered
    # with it), unless nothing else was chosen; then with the question it answers.
    quotes = quotes_in_context([candidates[consent], candidates[yes]], candidates, [passage], _withheld)
    assert [c.quote for c in quotes] == [texts[consent]]
    assert [c.quote for c in quotes_in_context([candidates[yes]], candidates, [passage], _withheld)] == [
        "**Is treatment confidential?**\nYes."
    ]


def test_table_rows_are_content_the_header_row_and_reference_lists_are_not() -> None:
    text = (
        "Condition\tWhy\n"
        "Diabetes\tBlood sugar levels may change after quitting\n\n"
        "Product | Side effects\n"
        "Patch | skin irritation\n\n"
        "Quitting halves the risk within a year [1]. Counselling adds to it [2, 3].\n\n"
        "## References\n\n"
        "[1] Smith J, Doe A. A trial of something. J Med. 2019;1:2-3.\n"
        "Lyon: IARC; 2024.\n\n"
        "## Next section\n\n"
        "Back to claims.\n"
    )
    spans = {s.text: s for s in split_sentences(text)}
    assert (
        spans["Condition\tWhy"].heading
        and not spans["Diabetes\tBlood sugar levels may change after quitting"].heading
    )
    assert spans["Product | Side effects"].heading and not spans["Patch | skin irritation"].heading
    # A closing note marker is left out of the quote, so it is not mistaken for a citation number.
    assert "Quitting halves the risk within a year" in spans and "Counselling adds to it" in spans
    assert all(s.heading for s in split_sentences(text) if "Smith" in s.text or "IARC" in s.text)
    assert not spans["Back to claims."].heading


def test_a_reference_list_in_a_plain_text_ends_at_the_heading_of_what_follows_it() -> None:
    # A paper's references run to its end only when nothing follows them; "Take-home points" and the figure legends
    # after them were never quoted, for want of a Markdown heading.
    text = (
        "Masks reduce transmission in hospitals.\n"
        "REFERENCES\n"
        "1. Smith J, Doe A. A trial of masks. J Med. 2019;1:2-3.\n"
        "Retrieved from\n"
        "http://example.org/trial. Accessed March 11, 2020.\n"
        "ArticlePubMedGoogle Scholar\n"
        "16\n"
        "Take-home points\n"
        "Only one scanner should be assigned to suspected cases.\n"
    )
    spans = {s.text: s for s in split_sentences(text)}
    assert all(s.heading for s in split_sentences(text) if "Smith" in s.text or "Retrieved" in s.text)
    assert spans["ArticlePubMedGoogle Scholar"].heading and spans["Take-home points"].heading
    assert not spans["Only one scanner should be assigned to suspected cases."].heading
    assert has_content_after_references(text) and not has_content_after_references(text.split("Take-home")[0])


def test_a_reference_heading_over_a_documents_first_words_is_its_title() -> None:
    # "# Notes" over a page of notes named it, and nothing under it was ever quoted; at the end, "Notes" and
    # "Sources" still open the notes.
    page = "# Notes\n\nCaffeine late in the day disrupts sleep. Exercise helps.\n"
    assert [s.text for s in split_sentences(page) if not s.heading] == [
        "Caffeine late in the day disrupts sleep.",
        "Exercise helps.",
    ]
    paper = "# Sleep\n\nCaffeine disrupts sleep.\n\n## Notes\n\nSmith J. Caffeine and sleep. 2020.\n"
    assert all(s.heading for s in split_sentences(paper) if "Smith" in s.text)
    assert opens_with_references_heading(page) and not opens_with_references_heading(paper)


@pytest.mark.model
def test_a_page_titled_notes_is_answered_from(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sleep.md").write_text(
        "# Notes\n\nCaffeine late in the day disrupts sleep.\n", encoding="utf-8"
    )
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    answer = assistant.ask("Does caffeine disrupt sleep?")
    assert answer.status == "answered"
    assert answer.citations[0].quote == "Caffeine late in the day disrupts sleep."
