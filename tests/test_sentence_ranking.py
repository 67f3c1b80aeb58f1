"""Sentences are ranked by what tells them apart: the question's words weighted among the candidates too
(rag.retrieval.sentence_scores.candidate_weights), not only across the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.retrieval.sentence_scores import candidate_weights, covered_share, terms_in
from tests.conftest import HANDS, SLEEP, write_corpus

# The subject is named in most of its document's sentences; the one that says what organ makes it does not.
HEPCIDIN = (
    "Hepcidin is a small peptide hormone that was first found in human urine. Hepcidin regulates how much iron "
    "the body absorbs. It is produced by the liver in response to inflammation and high iron levels. Hepcidin "
    "binds ferroportin, the protein that exports iron from cells. Low hepcidin is seen in iron deficiency, and "
    "high hepcidin in the anaemia of chronic disease.\n"
)


def test_a_word_every_candidate_shares_weighs_least_and_one_they_lack_most() -> None:
    candidates = [terms_in(text) for text in ("Hepcidin binds iron.", "Hepcidin is made.", "It is produced.")]
    weights = candidate_weights(["hepcidin", "produc", "organ"], candidates)
    assert weights["hepcidin"] < weights["produc"] < weights["organ"]
    # The share is by weight: the sentence with the distinctive word covers more than one with the shared one.
    assert covered_share(weights, candidates[2]) > covered_share(weights, candidates[0]) > 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(
        tmp_path_factory.mktemp("corpus"), {"hepcidin": HEPCIDIN, "hands": HANDS, "sleep": SLEEP}
    )


def _first(corpus: Path, store: Path, share: float) -> str:
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=store, candidate_weight_share=share))
    assistant.index()
    indexer, retriever, _, _ = assistant._components()
    query = assistant._query(retriever, "What organ produces hepcidin?", [])
    sentences = assistant._retrieve(retriever, query, indexer.generation()).sentences
    return max(sentences, key=lambda s: s.score).text


def test_the_sentence_saying_what_is_asked_outranks_those_only_naming_the_subject(
    corpus: Path, tmp_path: Path
) -> None:
    # By the corpus's weights "hepcidin" is as rare as "produced": the sentences naming it lead. Among the
    # candidates it is the common word, and the sentence on the organ that makes it comes first.
    assert "liver" not in _first(corpus, tmp_path / "a", 0.0)
    assert "liver" in _first(corpus, tmp_path / "b", 1.0)


FAQ = (
    "# Frequently asked questions about our clinic\n\n"
    "**Do I need a referral?**\n"
    "No. You can refer yourself by calling the clinic or walking in during opening hours.\n\n"
    "**What happens at the first appointment?**\n"
    "A nurse asks about your health and drug use, takes a urine sample and explains the treatment options. "
    "The first appointment takes about an hour.\n\n"
    "**Can I bring my children to appointments?**\n"
    "Yes, but please tell reception in advance so that we can arrange a suitable room.\n"
)


def test_the_question_over_an_faq_answer_is_read_as_the_answers_question() -> None:
    from rag.retrieval.faq import question_above
    from rag.retrieval.records import RetrievedPassage

    passage = RetrievedPassage(
        passage_id="faq#p0", source_id="faq", title="FAQ", start=0, end=len(FAQ), text=FAQ, fused=1.0, rank=0,
        dense=0.5, lexical=0.0, sentence_tag="faq", sent_from=0, sent_to=1,
    )  # fmt: skip
    nurse = FAQ.index("A nurse asks")
    assert question_above(passage, nurse) == "**What happens at the first appointment?**"
    assert question_above(passage, FAQ.index("The first appointment takes")) == question_above(passage, nurse)
    assert question_above(passage, FAQ.index("**Do I need")) == ""  # a title above, not a question


def _indexed(folder: Path, name: str, page: str) -> Assistant:
    """An assistant over ``page`` and two documents on other subjects, indexed."""
    corpus = write_corpus(folder / "corpus", {name: page, "hands": HANDS, "sleep": SLEEP})
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=folder / "store"))
    assistant.index()
    return assistant


def test_an_faq_answer_that_does_not_repeat_its_question_is_quoted(tmp_path: Path) -> None:
    assistant = _indexed(tmp_path, "faq", FAQ)
    # "The first appointment takes about an hour." repeats the question's words; the answer does not.
    answer = assistant.ask("What happens at the first appointment?")
    assert answer.status == "answered"
    assert any("A nurse asks" in c.quote for c in answer.citations)
    # The page's own question is the gate's evidence too: the answer under it covers the words it asks with.
    indexer, retriever, _, _ = assistant._components()
    query = assistant._query(retriever, "Can I bring my children?", [])
    sentences = assistant._retrieve(retriever, query, indexer.generation()).sentences
    under = next(s for s in sentences if s.text.startswith("Yes, but please tell reception"))
    assert under.lexical == 1.0


TABLE_PAGE = (
    "# Buprenorphine treatment\n"
    "Buprenorphine is a medicine used to treat opioid use disorder. Many people stay on it for months or years.\n"
    "| Form | How it is taken |\n"
    "|---|---|\n"
    "| Tablet or film | Dissolved under the tongue |\n"
    "| Injection | Given by a clinician |\n"
)


def test_a_table_row_is_read_with_its_header() -> None:
    from rag.text.lines import line_start
    from rag.text.tables import row_headers

    def header(text: str, needle: str) -> str:
        return row_headers(text).get(line_start(text, text.index(needle)), "")

    first = "| Form | How it is taken |"
    assert header(TABLE_PAGE, "| Injection") == first
    assert header(TABLE_PAGE, "Dissolved") == first
    assert header(TABLE_PAGE, "| Form") == ""  # the header itself
    assert header(TABLE_PAGE, "|---|") == ""  # its rule
    assert header(TABLE_PAGE, "Many people") == ""  # prose
    html = "Form | How it is taken\nTablet or film | Dissolved under the tongue\nThe end.\nA | B\nC | D"
    assert header(html, "Tablet") == "Form | How it is taken"  # as the HTML reader writes it
    assert header(html, "C | D") == "A | B"  # a second table has its own first row
    running = (
        "www.journal.org February 2013 | Volume 7 | Article 11 | 2 it could be taken up as a retrograde tracer "
        "(Beier et al., 2011) and so label the neurons that project to the injected region of the cortex."
    )
    assert header(f"A | B\n{running}", "www") == ""  # prose with bars in it


def test_a_table_row_answers_through_its_header_and_its_pages_title(tmp_path: Path) -> None:
    answer = _indexed(tmp_path, "buprenorphine", TABLE_PAGE).ask("How is buprenorphine taken?")
    assert answer.status == "answered"
    assert any("Dissolved under the tongue" in c.quote for c in answer.citations)
