"""The relevance gate calibrates itself on each corpus, and answers the doubtful middle with low confidence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from rag import Assistant, Settings
from rag.answer.compose import select_sentences
from rag.ingest.embedder import HashingEmbedder
from rag.retrieval.calibration import MIN_KNOWN, calibrate, everyday_questions
from tests.conftest import HANDS, SLEEP, candidate, write_corpus

SCORES = [0.05 * i for i in range(40)]


def _among_others(folder: Path, documents: dict[str, str]) -> Path:
    """``documents`` written as a corpus together with two documents on other subjects (hand washing, sleep)."""
    return write_corpus(folder, {**documents, "hands": HANDS, "sleep": SLEEP})


def test_thresholds_follow_the_corpus_scale() -> None:
    # The same everyday scores shifted and stretched give thresholds shifted and stretched alike: nothing in
    # the rule is tied to one corpus's score scale.
    base = calibrate(SCORES, 0.9, 0.0, 0.5, 1.5)
    moved = calibrate([0.3 + 2 * s for s in SCORES], 0.9, 0.0, 0.5, 1.5)
    assert moved.not_found_below == pytest.approx(0.3 + 2 * base.not_found_below)
    assert moved.low_confidence_below == pytest.approx(0.3 + 2 * base.low_confidence_below)
    assert base.not_found_below < base.low_confidence_below


def test_a_few_covered_everyday_questions_do_not_move_the_gate() -> None:
    # A cookbook covers the cooking questions: their high scores must not raise the gate over its covered ones.
    covered_some = [*SCORES[:-3], 5.0, 5.0, 5.0]
    assert calibrate(covered_some, 0.9, 0.0, 0.5, 1.5).not_found_below < 2.5


def test_everyday_questions_are_data_and_validated() -> None:
    questions = everyday_questions()
    assert len(questions) >= 30 and len(set(questions)) == len(questions)
    assert all(q.strip().endswith("?") for q in questions)


def test_the_document_ranked_first_by_passage_retrieval_is_quoted() -> None:
    settings = Settings(max_citations=2)
    candidates = [candidate("a", 0.9, 0), candidate("a", 0.85, 20), candidate("b", 0.3, 0)]
    without = select_sentences(candidates, settings, lambda _: False)
    assert {s.source_id for s in without.chosen} == {"a"}
    kept = select_sentences(candidates, settings, lambda _: False, keep_source="b")
    assert [s.source_id for s in kept.chosen] == ["a", "b"]
    # Unless everything it has to say is withheld as dosing guidance.
    withheld = select_sentences(candidates, settings, lambda text: "of b" in text, keep_source="b")
    assert {s.source_id for s in withheld.chosen} == {"a"}


def test_a_withheld_sentence_does_not_raise_the_floor_for_the_rest() -> None:
    # The sentence that best matches the question gives a dose and is withheld; the same document's other
    # sentences about the question are still quoted, measured against the best one that can be shown.
    settings = Settings(max_citations=3)
    candidates = [
        candidate("a", 1.5, 0, "Treatment was 40 mg/kg of the drug once a year."),
        candidate("a", 1.1, 60),
        candidate("a", 1.0, 90),
        candidate("b", 0.5, 0),
    ]
    chosen = select_sentences(candidates, settings, lambda text: "mg/kg" in text).chosen
    assert [(s.source_id, s.start) for s in chosen] == [("a", 60), ("a", 90)]


def test_the_gate_is_calibrated_per_index_version(tmp_path: Path, corpus_dir: Path) -> None:
    assistant = Assistant(
        Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store"), embedder=HashingEmbedder()
    )
    assistant.index()
    first = assistant.gate_thresholds()
    assert first.calibrated and first.not_found_below <= first.low_confidence_below
    assert assistant.gate_thresholds() is first  # cached until the index changes
    (corpus_dir / "extra.txt").write_text("Sourdough starter needs flour and water. " * 20, encoding="utf-8")
    assistant.index()
    assert assistant.gate_thresholds() is not first
    fixed = Assistant(
        Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", gate_calibration=False),
        embedder=HashingEmbedder(),
    ).gate_thresholds()
    assert not fixed.calibrated and fixed.not_found_below == fixed.low_confidence_below == 0.45


@pytest.mark.model
def test_confidence_is_set_for_answers_only(real_assistant: Assistant) -> None:
    covered = real_assistant.ask("What is kratom and where does it come from?")
    assert covered.status == "answered" and covered.confidence == "high"
    off_topic = real_assistant.ask("Which team won the basketball championship last year?")
    assert off_topic.status == "not_found" and off_topic.confidence is None
    refused = real_assistant.ask("How many grams of kratom should I take?")
    assert refused.status == "refused" and refused.confidence is None


@pytest.mark.model
def test_the_real_gate_measures_not_found_on_the_everyday_questions_the_corpus_knows_every_word_of(
    real_assistant: Assistant,
) -> None:
    retriever = real_assistant._components()[1]
    generation = real_assistant._components()[0].generation()
    retrievals = [r for _, r in real_assistant._everyday_retrievals(retriever, generation)]
    known = [r.relevance for r in retrievals if not r.unsupported_words]
    # Five articles on one subject lack many everyday words: the penalised questions are a group of their own.
    assert MIN_KNOWN <= len(known) < len(retrievals) - MIN_KNOWN
    s = real_assistant.settings
    gate = real_assistant.gate_thresholds()
    assert gate.known_questions == len(known)
    q25, q75 = np.quantile(known, [0.25, 0.75])
    line = q75 + s.gate_not_found_margin * max(q75 - q25, s.gate_spread_floor)
    assert gate.not_found_below == pytest.approx(max(s.relevance_threshold, line))


def test_a_name_with_a_slip_of_typing_or_an_acronym_plural_is_known() -> None:
    from rag.retrieval.vocabulary import Vocabulary, unknown_names
    from rag.text.tokens import tokenize

    text = (
        "Influenza causes acute respiratory tract infections (ARTIs). The Food and Drug Administration. Iraq."
    )
    vocabulary = Vocabulary(tokenize(text), [text])
    assert unknown_names("What causes Influenze in adults?", vocabulary, 4.0) == []
    assert unknown_names("Which viruses cause ARTI?", vocabulary, 4.0) == []
    assert unknown_names("What does the FDA say?", vocabulary, 4.0) == []
    # Short names one letter from a known one are other names; long ones far from any are unknown.
    assert unknown_names("What does the DEA say?", vocabulary, 4.0) == ["DEA"]
    assert unknown_names("Is it legal in Iran?", vocabulary, 4.0) == ["Iran"]
    assert unknown_names("Is it used in Thailand?", vocabulary, 4.0) == ["Thailand"]


def test_title_case_and_compounds_are_not_taken_for_unknown_names() -> None:
    from rag.retrieval.vocabulary import Vocabulary, named_terms, unknown_names
    from rag.text.tokens import tokenize

    # Paper titles capitalise every word; only their acronyms are names.
    assert named_terms("Is Acupuncture Efficacious for Treating Phonotraumatic Vocal Pathologies?") == []
    assert named_terms("Is Early Surgery Better Than Waiting in IVF Patients?") == ["IVF"]
    assert named_terms("Is it legal in the United States?") == ["United", "States"]
    # A title leaves only function words in lower case; a sentence with a long name in it is not a title.
    assert named_terms("Outcomes of Early Surgery during Pregnancy with Twins") == []
    assert named_terms("Is kratom regulated by the Food and Drug Administration?") == [
        "Food",
        "Drug",
        "Administration",
    ]
    # A long title may keep one technical word in lower case; a sentence with two is not a title.
    assert (
        named_terms(
            "Neoadjuvant Imatinib in Advanced Gastrointestinal stromal Tumours, Will Kit Be a Pathfinder?"
        )
        == []
    )
    assert (
        named_terms("Is kratom regulated by the European Medicines Agency and Food Standards Scotland?") != []
    )
    # A title written in capitals marks nothing by them; a short question with one acronym still has it.
    assert named_terms("PREVALENCE OF GROUP B STREPTOCOCCUS IN PREGNANT WOMEN OF A COASTAL CITY") == []
    assert named_terms("What does the FDA say about it?") == ["FDA"]
    vocabulary = Vocabulary(tokenize("Multi modal therapy and lipid lowering drugs help."))
    assert unknown_names("Does multi-modal therapy help?", vocabulary, 4.0) == []
    assert unknown_names("Does hypnotherapy help?", vocabulary, 4.0) == ["hypnotherapy"]


def test_no_corpus_answers_below_the_evidence_floor() -> None:
    low_scale = [0.1 * s - 2.0 for s in SCORES]
    thresholds = calibrate(low_scale, 0.75, 0.0, 1.25, 2.25, evidence_floor=0.45)
    assert thresholds.not_found_below == 0.45
    assert thresholds.low_confidence_below >= thresholds.not_found_below


def test_a_low_confidence_answer_says_so_at_a_glance() -> None:
    from rag import Answer, Citation
    from rag.ui import render

    citation = Citation(source_id="a", title="A", quote="Some text.", start=0, end=10, score=0.5)
    low = Answer(question="q", status="answered", text="x [1]", citations=[citation], confidence="low")
    high = low.model_copy(update={"confidence": "high"})
    assert "rag-head-low" in render.reply(low) and "Low confidence" in render.reply(low)
    assert "rag-head-low" not in render.reply(high) and "Quoted verbatim" in render.reply(high)


def test_the_doubtful_band_is_measured_in_the_evidence_spread() -> None:
    # Two corpora whose everyday questions find equally close sentences (the same evidence scores); on the
    # larger one half of them escape the word penalties, so their final scores spread twice as wide. The
    # not_found threshold may follow the final scores, the doubtful band's width must not.
    evidence = [0.3 + 0.005 * i for i in range(40)]
    small = [e - 0.4 if i % 4 else e for i, e in enumerate(evidence)]  # three in four penalised
    large = [e - 0.4 if i % 2 else e for i, e in enumerate(evidence)]  # one in two penalised
    bands = []
    for scores in (small, large):
        gate = calibrate(scores, 0.75, 0.0, 1.25, 1.5, band_scores=evidence)
        assert gate.band_spread == pytest.approx(float(np.subtract(*np.quantile(evidence, [0.75, 0.25]))))
        bands.append(gate.low_confidence_below - gate.not_found_below)
    assert bands[0] == pytest.approx(bands[1])
    assert bands[0] == pytest.approx(1.5 * float(np.subtract(*np.quantile(evidence, [0.75, 0.25]))))
    # Without evidence scores the band is measured in the final scores' spread, which the penalties inflate.
    old = [calibrate(s, 0.75, 0.0, 1.25, 2.25) for s in (small, large)]
    assert old[1].low_confidence_below - old[1].not_found_below > bands[1]


def test_the_english_gate_reads_its_band_from_the_evidence_scores(tmp_path: Path, corpus_dir: Path) -> None:
    assistant = Assistant(
        Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store"), embedder=HashingEmbedder()
    )
    assistant.index()
    gate = assistant.gate_thresholds()
    assert gate.band_spread is not None and gate.band_spread > 0
    s = Settings()
    # The band starts where not_found would end if all the everyday questions measured it.
    everyday_line = max(
        s.relevance_threshold, gate.everyday_reference + s.gate_not_found_margin * gate.everyday_spread
    )
    expected = max(gate.not_found_below, everyday_line + s.gate_band_width * gate.band_spread)
    assert gate.low_confidence_below == pytest.approx(expected)


def test_not_found_is_measured_on_the_everyday_questions_without_a_word_penalty() -> None:
    # Half the everyday questions lose a word penalty on this corpus: their scores sit 0.4 below the rest, and
    # the spread of all the scores spans the gap between the two groups.
    evidence = [0.3 + 0.005 * i for i in range(40)]
    scores = [e - 0.4 if i % 2 else e for i, e in enumerate(evidence)]
    known = [e for i, e in enumerate(evidence) if not i % 2]
    everyday = calibrate(scores, 0.75, 0.0, 1.25, 2.0, band_scores=evidence)
    gate = calibrate(scores, 0.75, 0.0, 1.25, 2.0, band_scores=evidence, known_scores=known)
    q25, q75 = np.quantile(known, [0.25, 0.75])
    assert gate.not_found_below == pytest.approx(q75 + 1.25 * (q75 - q25))
    assert gate.not_found_below < everyday.not_found_below - 0.1
    assert gate.known_questions == len(known)
    # High confidence starts where it did: a question between the two lines is answered, marked doubtful.
    assert gate.low_confidence_below == pytest.approx(everyday.low_confidence_below)
    # Too few questions without a penalty to measure quartiles on: all of them measure it, as before.
    few = calibrate(scores, 0.75, 0.0, 1.25, 2.0, band_scores=evidence, known_scores=known[: MIN_KNOWN - 1])
    assert few == everyday
    # The floor on the model's own scale still holds.
    floored = calibrate(scores, 0.75, 0.0, 1.25, 2.0, evidence_floor=0.9, known_scores=known)
    assert floored.not_found_below == 0.9


def test_a_slip_of_typing_is_read_in_the_documents_spelling() -> None:
    from rag.retrieval.focus_words import focus_variants
    from rag.retrieval.vocabulary import Vocabulary, corpus_spelled
    from rag.text.tokens import tokenize

    text = "Carrageenan nasal spray and zanamivir were tested against influenza. Patients improved."
    vocabulary = Vocabulary(tokenize(text), [text])
    question = "Is carageenan better than Zanamavir for influenze?"
    read = corpus_spelled(question, vocabulary)
    assert read == "Is Carrageenan better than zanamivir for influenza?"
    # Read so, the words match the documents' and the gate has no word to hold against the question.
    assert set(tokenize(read)) <= set(tokenize(text)) | {"better"}
    assert focus_variants(read, vocabulary, 5.5, 2) == []
    # Words English knows, and short ones, are left as written.
    assert (
        corpus_spelled("Is the spray better than placebo?", vocabulary) == "Is the spray better than placebo?"
    )
    assert corpus_spelled("Is carragen good?", vocabulary) == "Is carragen good?"
    # A short word English does not know names nothing else: it is read as the documents' word; a short
    # word English knows ("Chile") is another word, and a short name with a slip another name.
    text = "Its side effects include HELLP syndrome in Chad."
    vocabulary = Vocabulary(tokenize(text), [text])
    assert corpus_spelled("What are its side efects?", vocabulary) == "What are its side effects?"
    assert corpus_spelled("What about Chile?", vocabulary) == "What about Chile?"
    assert vocabulary.knows_name("HELPP") and not vocabulary.knows_name("Chat")


def test_a_misspelling_english_word_lists_know_is_read_as_the_documents_word() -> None:
    from rag.retrieval.vocabulary import Vocabulary, corpus_spelled, unsupported_words
    from rag.text.tokens import tokenize

    text = (
        "Opioid withdrawal is eased by a prescription medicine. Treatment was successful in Ireland. Saliva was "
        "tested. Patients quite often stopped quitting. The environment mattered at least."
    )
    vocabulary = Vocabulary(tokenize(text), [text])
    # Word lists know common slips ("opiod" at Zipf 1.3, "withdrawl" 1.8), but the word they stand for is used
    # thirty times as often or more, one slip of typing away: the question means the documents' word.
    for question, read in (
        (
            "Is opiod withdrawl eased by a perscription medicine?",
            "Is Opioid withdrawal eased by a prescription medicine?",
        ),
        ("Was treatment sucessful?", "Was treatment successful?"),
        ("Did the enviroment matter?", "Did the environment matter?"),
    ):
        assert corpus_spelled(question, vocabulary) == read
        assert unsupported_words(question, vocabulary, 4.0) == []
    # Real words one slip from the documents' are other words: as common ("Iceland", "Ireland"; "salvia",
    # "saliva"), or a slip only of a stem ("quilting" and "quit", the stem of "quite").
    for question, word in (
        ("Was it tested in Iceland?", "iceland"),
        ("Was salvia tested?", "salvia"),
        ("Does quilting help?", "quilting"),
        ("Does a leash help?", "leash"),  # "least" is far commoner, but "leash" is a word lists know well
    ):
        assert corpus_spelled(question, vocabulary) == question
        assert unsupported_words(question, vocabulary, 4.0) == [word]


def test_a_compound_the_documents_write_as_one_word_is_read_as_theirs() -> None:
    from rag.retrieval.vocabulary import Vocabulary, corpus_compounds
    from rag.text.tokens import tokenize

    text = (
        "Breastfeeding mothers often feel tired in the first weeks. A noninvasive heartbeat monitor helps. "
        "Health care costs rise, and healthcare workers say so. Maybe rest helps."
    )
    vocabulary = Vocabulary(tokenize(text), [text])
    assert corpus_compounds("Is breast feeding tiring?", vocabulary) == "Is breastfeeding tiring?"
    assert corpus_compounds("Breast-feeding and a non-invasive heart beat check", vocabulary) == (
        "Breastfeeding and a noninvasive heartbeat check"
    )
    # Words the documents also write apart, function words and capitals inside a word are left as written.
    assert corpus_compounds("Who pays for health care?", vocabulary) == "Who pays for health care?"
    assert corpus_compounds("It may be rest.", vocabulary) == "It may be rest."
    assert corpus_compounds("Does SARS-CoV infect? Is HEART BEAT a word?", vocabulary) == (
        "Does SARS-CoV infect? Is HEART BEAT a word?"
    )
    # Once joined, the question's words are the documents' words.
    assert set(tokenize(corpus_compounds("breast feeding heart beat", vocabulary))) <= set(tokenize(text))
    text = "Heart beats were counted. A heartbeat is regular."
    assert corpus_compounds("Is the heart beat regular?", Vocabulary(tokenize(text), [text])) == (
        "Is the heart beat regular?"
    )
    # And apart where the documents write it only so: "non-invasive" is two terms, "noninvasive" none of theirs.
    text = (
        "A non-invasive test helps. Shock wave therapy and health care. The therapist listens to the rapist."
    )
    vocabulary = Vocabulary(tokenize(text), [text])
    assert corpus_compounds("Is a noninvasive shockwave test better?", vocabulary) == (
        "Is a non-invasive shock wave test better?"
    )
    assert corpus_compounds("Healthcare and the therapist", vocabulary) == "Health care and the therapist"
    assert set(tokenize(corpus_compounds("noninvasive healthcare", vocabulary))) <= set(tokenize(text))


def test_a_spaced_compound_is_answered_as_the_documents_word(tmp_path: Path) -> None:
    # Real model: "heart beat" in a question and "heartbeat" in the documents. Before, BM25 and the word match
    # missed the page's word and the gate scored the question lower than the same question written closed.
    corpus = _among_others(
        tmp_path / "corpus",
        {
            "heart": (
                "A resting heartbeat between sixty and one hundred per minute is normal. Athletes often have a "
                "slower heartbeat. Palpitations are felt as a racing heartbeat."
            ),
            "feeding": (
                "Breastfeeding is tiring in the first weeks. Mothers who breastfeed at night lose sleep, and "
                "breastfeeding support groups help them rest."
            ),
        },
    )
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    for spaced, closed, source in (
        ("Is a slow heart beat normal in athletes?", "Is a slow heartbeat normal in athletes?", "heart"),
        ("Does breast feeding make mothers tired?", "Does breastfeeding make mothers tired?", "feeding"),
    ):
        as_spaced, as_closed = assistant.ask(spaced), assistant.ask(closed)
        assert as_spaced.status == "answered" and {c.source_id for c in as_spaced.citations} == {source}
        assert as_spaced.relevance == pytest.approx(as_closed.relevance)
        assert [c.quote for c in as_spaced.citations] == [c.quote for c in as_closed.citations]


def test_a_subject_only_the_title_names_is_found_and_answered(tmp_path: Path) -> None:
    # Pages are often titled by their subject and never name it again. The title's words are the document's
    # words: the gate does not hold "eczema" against the question as a word the corpus lacks, and BM25 finds
    # the page by it among pages that all say "Treatment relies on ...".
    corpus = _among_others(
        tmp_path / "corpus",
        {
            "joint": (
                "Attacks usually start suddenly at night, often in the big toe. Treatment relies on "
                "anti-inflammatory medicines during an attack and on lowering uric acid between attacks. Losing "
                "weight and drinking less alcohol make attacks less frequent."
            ),
            "ears": (
                "Many people hear a ringing or buzzing sound that nobody else hears. Sound therapy and counselling "
                "help people live with it. Protecting the ears from loud noise keeps it from getting worse."
            ),
            "skin": (
                "Dry, itchy patches come and go, often in the folds of the elbows and knees. Treatment relies on "
                "moisturising creams every day and on steroid creams during flare-ups. Harsh soaps make it worse."
            ),
        },
    )
    titles = {
        "joint": "Gout",
        "ears": "Tinnitus",
        "skin": "Eczema",
        "hands": "Hand hygiene",
        "sleep": "Sleep",
    }
    manifest = {"documents": [{"file": f"{name}.txt", "title": title} for name, title in titles.items()]}
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    for question, source in (
        ("How is eczema treated?", "skin"),
        ("What are the treatments for gout?", "joint"),
        ("What helps people live with tinnitus?", "ears"),
    ):
        answer = assistant.ask(question)
        assert answer.status == "answered", question
        assert {c.source_id for c in answer.citations} == {source}, question
    # A subject no title or text names is still one the corpus lacks.
    assert assistant.ask("How is psoriasis treated?").status == "not_found"


def test_title_words_are_added_only_where_the_text_never_uses_them() -> None:
    from rag.retrieval.retriever import _passage_terms
    from rag.text.tokens import tokenize

    records = [
        {"source_id": "a", "title": "Gout and diet", "text": "Attacks start at night."},
        {"source_id": "a", "title": "Gout and diet", "text": "A diet low in purines helps."},
        {"source_id": "b", "title": " ".join(f"word{n}" for n in range(500)), "text": "Other text."},
        {"source_id": "c", "title": "", "text": "No title at all."},
    ]
    terms = _passage_terms(records)
    texts = [tokenize(r["text"]) for r in records]
    assert all(t[: len(own)] == own for t, own in zip(terms, texts, strict=True))
    words = [t[len(own) :] for t, own in zip(terms, texts, strict=True)]  # what each title adds
    assert words[0] == words[1] == ["gout"]  # "diet" is in the document's text, "and" is no term
    assert len(words[2]) == 32  # a title is a few words, whatever a manifest holds
    assert words[3] == []
