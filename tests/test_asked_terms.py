"""The quotes speak to what the question asks with, not only to what it is about (rag.answer.compose)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.answer.compose import question_terms, select_sentences
from rag.text.tokens import stem
from tests.conftest import HANDS, SLEEP, candidate, write_corpus

BOTULISM = (
    "Botulism is a rare but serious illness caused by a toxin that a bacterium makes. There are several kinds "
    "of botulism. Foodborne botulism comes from eating foods contaminated with the toxin. Wound botulism "
    "happens when a wound infected with the bacteria makes the toxin. Infant botulism happens when a baby "
    "swallows spores of the bacteria.\n\nSymptoms include double vision, drooping eyelids, slurred speech and "
    "muscle weakness. Treatment may include antitoxins, intensive medical care, or surgery of infected wounds. "
    "To prevent botulism, be careful when canning foods at home and do not give honey to babies.\n"
)

OTHER_TREATMENTS = {
    "migraine": "Migraine treatment aims to stop symptoms and prevent attacks. Treatments include pain relievers, "
    "rest in a dark room and, for frequent attacks, preventive medicines.",
    "scabies": "Scabies is treated with creams applied to the whole body. Everyone in the household is treated "
    "at the same time, and bedding is washed in hot water.",
    "tetanus": "Tetanus is treated in hospital. Treatment includes wound care, medicines to control muscle "
    "spasms and a vaccine to prevent further infections.",
}


def test_the_act_and_its_noun_are_one_word() -> None:
    assert question_terms("How is it treated?") == question_terms("What is its treatment?") == {"treat"}
    assert question_terms("Was it assessed?") == question_terms("the assessment") == {"assess"}
    # Short roots keep "-ment" ("payment", "segment"), and other derivations stay apart.
    assert question_terms("payment") != question_terms("pay") and question_terms("segment") != {"seg"}
    assert question_terms("addictive") != question_terms("addiction")
    # Retrieval keeps them apart: folding them there moved borderline gate scores both ways.
    assert stem("treatment") != stem("treated")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Other documents on treatments: "treat" is a common word of this corpus, "botulism" a rare one.
    documents = {"botulism": BOTULISM, "hands": HANDS, **OTHER_TREATMENTS, "sleep": SLEEP}
    return write_corpus(tmp_path_factory.mktemp("corpus"), documents)


@pytest.mark.parametrize("on", [True, False])
def test_a_question_on_how_something_is_treated_quotes_the_treatment(
    corpus: Path, tmp_path: Path, on: bool
) -> None:
    # The sentences naming the disease match the question best in meaning; the one on treatment does not
    # repeat its name. Without the rule it is left out.
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store", quote_asked_terms=on))
    assistant.index()
    answer = assistant.ask("How is botulism treated?")
    assert answer.status == "answered"
    quoted = any("antitoxins" in c.quote for c in answer.citations)
    assert quoted == on


def test_the_quote_for_an_asked_word_never_drops_a_document() -> None:
    settings = Settings(max_citations=4, max_quotes_per_source=3)
    asked = question_terms("How is botulism treated?")
    a = [candidate("a", 1.0 - i / 100, 10 * i, f"Botulism fact {i}.") for i in range(3)]
    b = candidate("b", 0.95, 0, "Botulism is rare.")
    treatment = candidate("a", 0.7, 100, "Treatment may include antitoxins.")
    dose = candidate("a", 0.75, 200, "Treatment is 2 mg of antitoxin.")

    def withheld(text: str) -> bool:
        return "mg" in text

    chosen = select_sentences([*a, b, dose, treatment], settings, withheld, asked_terms=asked).chosen
    # At the limit, the last quote of document a (quoted three times) makes way; b stays; no dose is quoted.
    assert [c.sentence_id for c in chosen] == ["a:0", "a:10", "b:0", "a:100"]
    # Room left: the sentence is added. Under the floor (0.6 of the best): it is not.
    roomy = Settings(max_citations=6, max_quotes_per_source=3)
    assert select_sentences([*a, b, treatment], roomy, withheld, asked_terms=asked).chosen[-1] == treatment
    low = candidate("a", 0.5, 100, "Treatment may include antitoxins.")
    assert low not in select_sentences([*a, b, low], roomy, withheld, asked_terms=asked).chosen
    # Every document quoted once at the limit: nothing makes way.
    four = [candidate(s, 1.0 - i / 100, 0, f"Botulism in {s}.") for i, s in enumerate("wxyz")]
    other = candidate("w", 0.9, 50, "Treatment of it is supportive.")
    assert other not in select_sentences([*four, other], settings, withheld, asked_terms=asked).chosen
