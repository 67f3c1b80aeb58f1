"""A question that spells out a name the documents write as an acronym (rag.retrieval.acronyms)."""

from __future__ import annotations

from pathlib import Path

from rag import Assistant, Settings
from rag.retrieval.acronyms import Acronyms, defined_acronyms
from rag.retrieval.focus_words import focus_variants
from rag.retrieval.vocabulary import Vocabulary, unknown_names, unsupported_words
from rag.text.tokens import tokenize
from tests.conftest import write_corpus

UNDEFINED = "Because there is no cure for CRPS, treatment aims at relief. Many patients with TN need surgery."
DEFINED = (
    "Mother-to-child transmission (MTCT) of the virus is common. The polymerase chain reaction (PCR) found it. "
    "MTCT falls with treatment."
)


def test_a_name_written_as_one_gets_the_documents_acronym() -> None:
    acronyms = Acronyms([UNDEFINED])
    assert acronyms.expand("What are the treatments for Complex Regional Pain Syndrome?") == (
        "What are the treatments for Complex Regional Pain Syndrome (CRPS)?"
    )
    # Lower case, or two letters without a definition: initials prove nothing.
    assert acronyms.expand("What are the treatments for complex regional pain syndrome?").endswith(
        "syndrome?"
    )
    assert "(TN)" not in acronyms.expand("What are the treatments for Trigeminal Neuralgia?")
    # A run of capitals is a name only as a whole, and not as the question's first word or in Title Case.
    assert "(CRPS)" not in acronyms.expand("Is Severe Complex Regional Pain Syndrome treatable?")
    assert "(CRPS)" not in acronyms.expand("Complex Regional Pain Syndrome: what helps?")
    assert "(CRPS)" not in acronyms.expand("Can Complex Regional Pain Syndrome Be Treated?")


def test_an_acronym_the_documents_define_needs_no_capitals() -> None:
    acronyms = Acronyms([DEFINED])
    assert acronyms.defined["MTCT"] == {("mother", "child", "transmission")}
    assert acronyms.expand("How common is mother to child transmission?") == (
        "How common is mother to child transmission (MTCT)?"
    )
    # The initials of other words are not the defined name ("plays the crucial role": PCR).
    assert acronyms.expand("What plays the crucial role in it?") == "What plays the crucial role in it?"
    # Nor is an acronym the question already uses repeated.
    assert acronyms.expand("Does mother to child transmission (MTCT) fall?").count("MTCT") == 1


def test_a_definition_may_take_more_than_the_initials() -> None:
    acronyms = Acronyms(["Diabetic ketoacidosis (DKA) is serious. Symptoms of DKA include thirst."])
    assert acronyms.defined["DKA"] == {("diabetic", "ketoacidosi")}
    question = acronyms.expand("What are the symptoms of Diabetic Ketoacidosis?")
    assert question == "What are the symptoms of Diabetic Ketoacidosis (DKA)?"
    assert acronyms.aliases(question) == {
        "dka": frozenset({"diabetic", "ketoacidosis"})
    }  # as BM25 reads them
    # The letters must come in order, the first opening a word: "a severe case (SOC)" defines nothing.
    assert Acronyms(["It was a severe case (SOC) of it."]).defined == {}


def test_words_set_in_capitals_are_not_acronyms() -> None:
    acronyms = Acronyms(["WARNING: DO NOT USE WITH ALCOHOL. The FDA approved it."])
    assert acronyms.used == {"FDA"}
    assert acronyms.expand("What did the Food and Drug Administration say?").endswith(
        "Administration (FDA) say?"
    )


def test_the_gate_does_not_hold_a_spelled_out_name_against_the_question() -> None:
    text = "Most people with TAC respond to oxygen. Attacks of TAC are short."
    vocabulary = Vocabulary(tokenize(text), [text])
    question = "Can people with Trigeminal Autonomic Cephalalgia go back to work?"
    assert unsupported_words(question, vocabulary, 4.0) == []
    assert focus_variants(question, vocabulary, 5.5, 2) == []
    assert unknown_names(question, vocabulary, 4.0) == []
    # Without the acronym in the documents its rare words are unsupported, and the name is unknown.
    plain = "Most people respond to oxygen. Attacks are short."
    without = Vocabulary(tokenize(plain), [plain])
    assert set(unsupported_words(question, without, 4.0)) == {"trigeminal", "autonomic", "cephalalgia"}
    assert len(focus_variants(question, without, 5.5, 2)) == 2
    assert unknown_names(question, without, 4.0) == ["Trigeminal", "Autonomic", "Cephalalgia"]
    # A name of other initials is not covered by the acronym.
    assert unknown_names(question.replace("Autonomic", "Vascular"), vocabulary, 4.0) != []


def test_an_acronym_the_question_spells_out_stands_for_its_name() -> None:
    text = (
        "Computer-aided diagnosis of breast lesions in magnetic resonance mammography. MR images were read."
    )
    vocabulary = Vocabulary(tokenize(text), [text])
    assert defined_acronyms("Is computer-aided diagnosis (CAD) in MR-mammography (MRM) useful?") == {
        "CAD": ("computer", "aided", "diagnosis"),
        "MRM": ("MR", "mammography"),
    }
    # Neither acronym is in the documents, but the question says what each stands for, and they know that.
    assert (
        unknown_names("Is computer-aided diagnosis (CAD) in MR-mammography (MRM) useful?", vocabulary, 4.0)
        == []
    )
    # A name the documents do not know leaves its acronym unknown; an acronym nobody spells out stays a name.
    assert unknown_names("Is CAD in tomosynthesis-guided mammography (TGM) useful?", vocabulary, 4.0) == [
        "CAD",
        "TGM",
    ]


def test_a_document_that_only_uses_the_acronym_answers_the_full_name(tmp_path: Path) -> None:
    documents = {
        "crps": (
            "Because there is no cure for CRPS, treatment is aimed at relieving painful symptoms. Physical therapy "
            "and sympathetic nerve blocks may help people with CRPS move the affected limb again. Early treatment "
            "of CRPS gives the best results."
        ),
        "back": (
            "Treatments for lower back pain include exercise, heat and physical therapy. Pain relievers help some "
            "people with back pain for a short time. Most back pain gets better within a few weeks."
        ),
        "sleep": (
            "Good sleep habits include a regular bedtime and a dark, quiet room. Caffeine late in the day makes it "
            "harder to fall asleep. Most adults need seven or more hours of sleep a night."
        ),
        "hands": (
            "Washing hands with soap for twenty seconds removes most germs. Hand sanitiser works when soap and "
            "water are not at hand. Clean hands prevent the spread of colds and stomach bugs."
        ),
    }
    corpus = write_corpus(tmp_path / "corpus", documents)
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    answer = assistant.ask("What are the treatments for Complex Regional Pain Syndrome?")
    assert answer.status == "answered"
    assert answer.citations[0].source_id == "crps"
    assert all("CRPS" in c.quote for c in answer.citations if c.source_id == "crps")


def test_an_acronym_and_its_name_are_one_term_for_word_matching() -> None:
    from rag.retrieval.bm25 import BM25
    from rag.retrieval.sentence_scores import covered_share, terms_in

    texts = [
        "The amino acid (AA) change alters binding.",
        "The amino acid change alters binding.",
        "The AA change alters binding.",
        "Binding was not studied here at all.",
    ]
    acronyms = Acronyms(texts)
    question = acronyms.expand("Which amino acid change alters binding?")
    assert question == "Which amino acid (AA) change alters binding?"
    aliases = acronyms.aliases(question)
    assert aliases == {"aa": frozenset({"amino", "acid"})}
    bm25 = BM25(texts)
    plain, aliased = bm25.scores(question), bm25.scores(question, aliases)
    # Read as separate terms, the passage with both outranks the one that only writes the name out.
    assert plain[0] > plain[1]
    assert aliased[0] <= aliased[1]  # one term, in a passage a word longer
    assert aliased[2] > aliased[3]
    terms = {"amino": 1.0, "acid": 1.0, "chang": 1.0}
    assert covered_share(terms, terms_in(texts[2], aliases)) == 1.0
    assert covered_share(terms, terms_in(texts[2])) < 0.5
