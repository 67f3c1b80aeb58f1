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
