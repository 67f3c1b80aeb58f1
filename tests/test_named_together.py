"""Rare words a question shares with one document and few others (rag.retrieval.named_together), and the word
penalties the gate keeps for such a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.ingest.embedder import HashingEmbedder
from rag.retrieval.named_together import named_together
from rag.retrieval.vocabulary import support_penalty
from tests.conftest import write_corpus

# Which documents name each term, in a corpus of 100 documents.
_NAMED = {
    "halofantrin": {"d1"},
    "mefloquin": {"d1", "d2"},
    "malaria": {f"d{i}" for i in range(30)},
    "audiometry": {"d1", "d7"},
    "quinin": {"d9"},
}


def _documents_with(term: str) -> set[str]:
    return _NAMED.get(term, set())


def _together(
    question: str, source: str = "d1", unsupported: tuple[str, ...] = ("ototoxic",), needed: int = 2
) -> bool:
    return named_together(question, source, unsupported, _documents_with, 100, 4.0, 0.02, needed)


def test_two_rare_words_few_documents_name_point_to_the_document() -> None:
    assert _together("Are halofantrine and mefloquine ototoxic?")
    # Both are needed: one shared name is what a question on a neighbouring subject also has.
    assert not _together("Is halofantrine ototoxic?")
    assert _together("Is halofantrine ototoxic?", needed=1)


def test_words_many_documents_name_or_other_documents_name_do_not_count() -> None:
    # "malaria" is in 30 of the 100 documents: it names the corpus's subject, not one document's.
    assert not _together("Is halofantrine ototoxic in malaria?")
    # "quinine" is named by one document, not the one the best sentence comes from.
    assert not _together("Are halofantrine and quinine ototoxic?")
    # The word the gate holds against the question is not one of its shared names.
    assert not _together("Is halofantrine ototoxic by audiometry?", unsupported=("ototoxic", "audiometry"))
    assert _together("Is halofantrine ototoxic by audiometry?")


def test_in_a_small_corpus_a_word_counts_only_when_one_document_names_it() -> None:
    # Five documents: 2 % of them is less than one, so a word of a single document is the most that counts.
    assert named_together(
        "Are halofantrine and quinine ototoxic?", "d9", (), _documents_with, 5, 4.0, 0.02, 1
    )
    assert not named_together("Is mefloquine ototoxic?", "d1", (), _documents_with, 5, 4.0, 0.02, 1)


_PAPERS = {
    # An abstract that says "hearing" where its title, the question, says "ototoxic".
    "halofantrine": (
        "Halofantrine and mefloquine were given to children with uncomplicated falciparum infection. Pure tone "
        "audiometry was done before treatment and on days three and seven. Hearing thresholds did not change with "
        "mefloquine, while two children given halofantrine had a transient loss of hearing at high frequencies."
    ),
    "vitamin": (
        "Vitamin D levels were measured in older adults living at home. Low levels were common in winter and "
        "were linked to falls. Supplements raised the levels within three months."
    ),
    "stroke": (
        "Patients admitted with stroke were assessed for swallowing problems within four hours. Early screening "
        "reduced pneumonia. Nurses were trained to use a bedside water test."
    ),
}


def test_the_gate_keeps_half_the_word_penalties_for_a_question_about_one_document(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", _PAPERS)
    assistant = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=HashingEmbedder()
    )
    assistant.index()
    retriever = assistant._components()[1]
    s = Settings()

    def retrieve(question: str):  # type: ignore[no-untyped-def]
        return retriever.retrieve(question, assistant.embedder.embed([question])[0])

    together = retrieve("Are halofantrine and mefloquine ototoxic in children?")
    assert together.unsupported_words == ["ototoxic"]
    penalty = support_penalty(
        ["ototoxic"], s.rare_word_zipf, s.unsupported_word_penalty, s.rare_word_zipf_floor
    )
    assert together.relevance == pytest.approx(together.evidence - s.named_together_penalty_share * penalty)
    # One name of the document is not enough: the whole penalty stays.
    alone = retrieve("Is halofantrine ototoxic in children?")
    assert alone.unsupported_words == ["ototoxic"]
    assert alone.relevance == pytest.approx(alone.evidence - penalty)
