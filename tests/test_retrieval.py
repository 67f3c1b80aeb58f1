"""Sentence windows, the index format, and the lexical-support and focus-word parts of the relevance gate."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import numpy as np
import pytest
from wordfreq import zipf_frequency

from rag import Assistant, Settings
from rag.ingest.chunking import ChunkedDocument, has_heading_after_text
from rag.ingest.corpus import content_hash, scan_corpus
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.indexer import INDEX_FORMAT, META, split_sentence_vector
from rag.ingest.store import PASSAGES, SENTENCES, Store
from rag.retrieval.crosslingual import CrossLingualRetriever
from rag.retrieval.focus_words import evidence_drops, focus_variants, off_evidence_penalty
from rag.retrieval.retriever import Retriever
from rag.retrieval.row_cache import SentenceRow
from rag.retrieval.sentence_scores import gate_score
from rag.retrieval.vocabulary import Vocabulary, support_penalty, unknown_names, unsupported_words
from rag.text.tokens import tokenize
from rag.types import Document


def test_sentence_windows_are_the_neighbours_in_their_section_verbatim(corpus_dir: Path) -> None:
    settings = Settings(corpus_dir=corpus_dir)
    section_ends = answers = 0
    for doc in scan_corpus(settings).documents:
        chunks = ChunkedDocument(doc, settings.chunk_max_chars, settings.chunk_overlap_sentences, window=1)
        sentences = chunks.sentences
        assert len(chunks.windows) == len(sentences)
        for i, window in enumerate(chunks.windows):
            # The sentence before (or the heading over it) is read with it; a heading after it is not.
            ends_section = i + 1 < len(sentences) and sentences[i + 1].heading
            section_ends += ends_section and not sentences[i].heading
            lo = sentences[max(i - 1, 0)]
            hi = sentences[i] if ends_section else sentences[min(i + 1, len(sentences) - 1)]
            if sentences[i].asked:
                # Under a question heading: after the page's title and the question, the heading not repeated.
                answers += 1
                start = sentences[i].start if lo.heading else lo.start
                assert window == f"{doc.title}: {sentences[i].asked}\n{doc.text[start : hi.end]}"
            else:
                assert window == doc.text[lo.start : hi.end]
            assert sentences[i].text in window
    assert section_ends  # the seed articles have sections: the rule was read
    assert answers  # and one asks a question over its sentences


def test_the_last_answer_of_an_faq_is_not_read_with_the_next_question() -> None:
    text = (
        "# Hepatitis B\n\n## What is it?\n\nIt is a virus that infects the liver. Most adults clear it.\n\n"
        "## How is it spread?\n\nIt is spread through blood. It is not spread by hugging.\n"
    )
    doc = Document(
        source_id="faq", title="Hepatitis B", path=Path("faq.md"), text=text, content_hash=content_hash(text)
    )
    chunks = ChunkedDocument(doc, 1000, 1, window=1)
    by_text = {s.text: w for s, w in zip(chunks.sentences, chunks.windows, strict=True)}
    # Each answer is read after the page's title and its question, which says "it" for the page's subject.
    assert by_text["Most adults clear it."] == (
        "Hepatitis B: What is it?\nIt is a virus that infects the liver. Most adults clear it."
    )
    assert by_text["It is spread through blood."] == (
        "Hepatitis B: How is it spread?\nIt is spread through blood. It is not spread by hugging."
    )
    assert has_heading_after_text(text) and not has_heading_after_text("# Title\n\nOne. Two.\n")

    # The multilingual model reads the same windows, from the stored rows.
    class Rows:
        def sentence_rows(self, wanted: set[str], generation: str) -> dict[str, SentenceRow]:
            vector = np.zeros(1, dtype=np.float32)
            return {
                s.sentence_id: (
                    s.text,
                    {"heading": s.heading, "title": doc.title, **({"asked": s.asked} if s.asked else {})},
                    vector,
                    vector,
                )
                for s in chunks.sentences
                if s.sentence_id in wanted
            }

    cross = CrossLingualRetriever(Settings(), cast(Store, None), cast(Retriever, Rows()), HashingEmbedder)
    asked = {s.sentence_id: s for s in chunks.sentences if not s.heading}
    rows = Rows().sentence_rows(set(asked), "")
    windows = dict(zip(asked, cross._windows(rows, ""), strict=True))
    by_id = {s.text: windows[sid] for sid, s in asked.items()}
    # The multilingual model reads an FAQ's answers without the title (see CrossLingualRetriever._windows).
    assert by_id["Most adults clear it."] == "It is a virus that infects the liver. Most adults clear it."
    assert by_id["It is spread through blood."] == (
        "## How is it spread? It is spread through blood. It is not spread by hugging."
    )


def test_stored_sentence_vector_holds_the_sentence_and_its_window(fake_assistant: Assistant) -> None:
    fake_assistant.index()
    doc = scan_corpus(fake_assistant.settings).documents[0]
    chunks = ChunkedDocument(doc, fake_assistant.settings.chunk_max_chars, 1, window=1)
    got = fake_assistant.store.collection(SENTENCES).get(
        ids=[chunks.sentences[3].sentence_id], include=["embeddings"]
    )
    own, window = split_sentence_vector(np.asarray(got["embeddings"][0], dtype=np.float32))
    embedder = HashingEmbedder()
    assert np.allclose(own, embedder.embed([chunks.sentences[3].text])[0], atol=1e-5)
    assert np.allclose(window, embedder.embed([chunks.windows[3]])[0], atol=1e-5)


def test_a_store_of_another_format_is_rebuilt_without_leftovers(corpus_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = Assistant(Settings(corpus_dir=corpus_dir, store_dir=store), embedder=HashingEmbedder())
    first.index()
    old_ids = set(first.store.collection(PASSAGES).get()["ids"])

    # Different chunking: every stored passage boundary is wrong, so the whole store is written again.
    rechunked = Assistant(
        Settings(corpus_dir=corpus_dir, store_dir=store, chunk_max_chars=300), embedder=HashingEmbedder()
    )
    report = rechunked.index()
    assert len(report.added) == 5 and report.embedded > 0
    new_ids = set(rechunked.store.collection(PASSAGES).get()["ids"])
    assert new_ids and len(new_ids) > len(old_ids)
    expected = {
        p.passage_id
        for d in scan_corpus(rechunked.settings).documents
        for p in ChunkedDocument(d, 300, 1).passages
    }
    assert new_ids == expected
    assert rechunked.index().embedded == 0  # and then it is up to date

    # A store written before formats were recorded has no format record: it is rebuilt too.
    rechunked.store.collection(META).delete(ids=["format"])
    assert len(rechunked.index().added) == 5
    record = rechunked.store.collection(META).get(ids=["format"], include=["metadatas"])["metadatas"][0]
    assert str(record["value"]).startswith(f"v{INDEX_FORMAT}|")


def test_rare_words_the_corpus_never_uses_are_unsupported() -> None:
    vocabulary = Vocabulary(
        tokenize("Counseling helps. Contaminants were found. Overdose risk. Kratom leaves.")
    )
    question = (
        "Does counselling help, are pills contaminated, and can kratom harm the kidneys or the thyroid?"
    )
    # Variant spellings and other forms of corpus words count as used; common words are never held against it.
    assert unsupported_words(question, vocabulary, rare_zipf=4.0) == ["kidneys", "thyroid"]
    assert unsupported_words(question, vocabulary, rare_zipf=0.0) == []
    assert unsupported_words("", vocabulary, rare_zipf=4.0) == []
    # Contractions are function words, and a possessive is its noun.
    assert unsupported_words("Why doesn't it work, and shouldn't it?", vocabulary, rare_zipf=4.0) == []
    assert unsupported_words("Is the thyroid's role known?", vocabulary, rare_zipf=4.0) == ["thyroid"]


def test_a_misspelled_corpus_word_is_not_an_unsupported_word() -> None:
    vocabulary = Vocabulary(
        tokenize("The limitations of carrageenan sprays. Travel to Ireland. Clostridium.")
    )
    # Words English does not know, one slip from a corpus word, are those words misspelled.
    assert unsupported_words("What are the limtations of carageenan?", vocabulary, rare_zipf=4.0) == []
    # An English word one letter from a corpus word is another word, and so is a word two slips away.
    assert unsupported_words("Is Iceland affected?", vocabulary, rare_zipf=4.0) == ["iceland"]
    assert unsupported_words("Is clodstriddium found?", vocabulary, rare_zipf=4.0) == ["clodstriddium"]
    # The same holds for the subject of a yes/no question.
    assert unknown_names("Do carageenan sprays help?", vocabulary, rare_zipf=4.0) == []
    assert unknown_names("Do carragheenaan sprays help?", vocabulary, rare_zipf=4.0) == ["carragheenaan"]


def test_the_rarer_the_unsupported_word_the_larger_the_penalty() -> None:
    assert support_penalty([], rare_zipf=4.0, unit=0.2) == 0.0
    # Just below the rarity bound a word costs one unit; each Zipf point rarer costs another.
    assert support_penalty(["thyroid"], rare_zipf=4.0, unit=0.2) == pytest.approx(0.2)
    naloxone = support_penalty(["naloxone"], rare_zipf=4.0, unit=0.2)
    assert naloxone > 0.2
    assert naloxone == pytest.approx(0.2 * (4.0 - zipf_frequency("naloxone", "en")))
    # The rarest word decides, not how many there are.
    assert support_penalty(["thyroid", "naloxone"], rare_zipf=4.0, unit=0.2) == pytest.approx(naloxone)


def test_below_the_zipf_floor_a_rarer_word_costs_no_more() -> None:
    # Words English frequency lists do not know (technical coinages, compounds) count as the floor's frequency.
    assert zipf_frequency("tympanoplasty", "en") == 0.0
    floored = support_penalty(["tympanoplasty"], rare_zipf=4.0, unit=0.2, zipf_floor=2.5)
    assert floored == pytest.approx(0.2 * 1.5)
    assert support_penalty(["tympanoplasty"], rare_zipf=4.0, unit=0.2) == pytest.approx(0.8)
    # Above the floor nothing changes.
    glaucoma = support_penalty(["glaucoma"], rare_zipf=4.0, unit=0.2)
    assert support_penalty(["glaucoma"], rare_zipf=4.0, unit=0.2, zipf_floor=2.5) == pytest.approx(glaucoma)


@pytest.mark.model
def test_a_question_hinging_on_a_word_the_corpus_never_uses_is_penalised(real_assistant: Assistant) -> None:
    _, retriever, _, _ = real_assistant._components()
    question = "Can kratom use lead to glaucoma?"
    embedding = real_assistant.embedder.embed([question])[0]
    retrieval = retriever.retrieve(question, embedding)
    assert retrieval.unsupported_words == ["glaucoma"]
    best = max(gate_score(s) for s in retrieval.sentences)
    settings = real_assistant.settings
    penalty = support_penalty(
        ["glaucoma"],
        settings.rare_word_zipf,
        settings.unsupported_word_penalty,
        settings.rare_word_zipf_floor,
    )
    assert penalty >= settings.unsupported_word_penalty
    assert retrieval.evidence == pytest.approx(best)
    assert retrieval.relevance == pytest.approx(best - penalty)
    assert real_assistant.ask(question).status == "not_found"
    # The same question about something the documents do discuss keeps its full score.
    other = "Can kratom use lead to insomnia?"
    covered = retriever.retrieve(other, real_assistant.embedder.embed([other])[0])
    assert covered.unsupported_words == []
    assert covered.relevance == pytest.approx(max(gate_score(s) for s in covered.sentences))


def test_focus_variants_leave_out_one_unknown_word_each_rarest_first() -> None:
    vocabulary = Vocabulary(tokenize("Kratom use can harm the liver. Counseling helps."))
    question = "Doesn't kratom harm the liver of swimmers and skydivers, and isn't counselling enough?"
    variants = focus_variants(question, vocabulary, max_zipf=5.5, limit=4)
    # Known words (and their other forms), stopwords, contractions and very common words are not tested.
    assert [word for word, _ in variants] == ["skydivers", "swimmers"]
    assert dict(variants)["swimmers"] == (
        "Doesn't kratom harm the liver of and skydivers, and isn't counselling enough?"
    )
    assert focus_variants(question, vocabulary, max_zipf=5.5, limit=1) == variants[:1]
    assert focus_variants("", vocabulary, max_zipf=5.5, limit=4) == []


def test_a_word_the_evidence_ignores_costs_what_leaving_it_out_gains() -> None:
    own, window = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    query = np.array([0.6, 0.0, 0.8])
    closer = np.array([0.9, 0.0, 0.436])  # without this word the question is nearer its evidence
    further = np.array([0.3, 0.0, 0.954])
    drops = evidence_drops(own, window, query, {"ignored": closer, "matched": further})
    assert drops["ignored"] == pytest.approx(0.6 - 0.9)
    assert drops["matched"] == pytest.approx(0.6 - 0.3)
    assert off_evidence_penalty(drops, weight=3.0) == pytest.approx(3.0 * 0.3)
    # A word every bit of evidence speaks to never raises the score.
    assert off_evidence_penalty({"matched": 0.3}, weight=3.0) == 0.0
    assert off_evidence_penalty({}, weight=3.0) == 0.0


@pytest.mark.model
def test_a_question_whose_focus_the_evidence_ignores_is_not_found(real_assistant: Assistant) -> None:
    _, retriever, _, _ = real_assistant._components()
    question = "Is it safe to go swimming after taking kratom?"
    variants = retriever.focus_variants(question)
    assert [word for word, _ in variants] == ["swimming"]
    vectors = real_assistant.embedder.embed([question, *(text for _, text in variants)])
    with_check = retriever.retrieve(question, vectors[0], {"swimming": vectors[1]})
    without = retriever.retrieve(question, vectors[0])
    assert with_check.focus_drops["swimming"] < 0  # the best sentence is about safety, not swimming
    assert with_check.relevance < without.relevance
    assert real_assistant.ask(question).status == "not_found"
    # The same question about something the documents discuss has no focus word to test and is answered.
    other = "Is it safe to take kratom with alcohol?"
    assert retriever.focus_variants(other) == []
    assert real_assistant.ask(other).status == "answered"


@pytest.mark.model
def test_a_not_found_reply_never_echoes_dosing_vocabulary(real_assistant: Assistant) -> None:
    from rag.evaluation.dose_oracle import states_dose

    answer = real_assistant.ask("How is titration used in pharmacology courses?")
    assert answer.status == "not_found"
    assert not states_dose(answer.text)


def test_an_acronym_the_corpus_spells_out_is_a_known_name() -> None:
    texts = [
        "Over-the-Counter Sleep Aids are sold everywhere.",
        "The Food and Drug Administration added a warning. Understanding Substance Use matters.",
        "On the contrary, new injuries happen.",
    ]
    vocabulary = Vocabulary(tokenize(" ".join(texts)), texts)
    assert vocabulary.spells_out("OTC") and vocabulary.spells_out("FDA")
    # Initials of ordinary words are not a name written out, and two capitals in a title are too common.
    assert not vocabulary.spells_out("NIH") and not vocabulary.spells_out("US")
    assert unknown_names("Are OTC aids safe, and what did the FDA or the NIH say?", vocabulary, 4.0) == [
        "NIH"
    ]


def test_a_rare_subject_no_document_uses_is_an_unknown_name() -> None:
    vocabulary = Vocabulary(tokenize("Nicotine patches help people stop smoking. Counselling adds to it."))
    assert unknown_names("Does acupuncture help people stop smoking?", vocabulary, 4.0) == ["acupuncture"]
    assert unknown_names("Can hypnotherapy help me quit?", vocabulary, 4.0) == ["hypnotherapy"]
    # A subject the documents use, or a common word, decides nothing; nor does a rare word elsewhere.
    assert unknown_names("Do nicotine patches help?", vocabulary, 4.0) == []
    assert unknown_names("Does exercise help people stop smoking?", vocabulary, 4.0) == []
    assert unknown_names("Do patches help with acupuncture?", vocabulary, 4.0) == []


def test_a_rare_thing_asked_about_that_no_document_uses_is_an_unknown_name() -> None:
    vocabulary = Vocabulary(tokenize("Nicotine patches help people stop smoking. Counselling adds to it."))
    for question in (
        "What is methadone?",
        "What are benzodiazepines used for?",
        "Tell me about ibogaine",
        "How does naltrexone work?",
        "What does fentanyl do?",
    ):
        assert len(unknown_names(question, vocabulary, 4.0)) == 1, question
    # What the documents use, a common word, or a word that frames a longer question decides nothing.
    assert unknown_names("What are nicotine patches?", vocabulary, 4.0) == []
    assert unknown_names("What is counselling?", vocabulary, 4.0) == []
    assert unknown_names("What is the acronym for nicotine patches?", vocabulary, 4.0) == []
    assert unknown_names("What is methadone's effect on smoking?", vocabulary, 4.0) == []
    # The thing asked about is read strictly: a word sharing only its first half is another word.
    other = Vocabulary(tokenize("Methamphetamine is a stimulant. A healthy diet and hypercholesterolemia."))
    assert unknown_names("What is methadone?", other, 4.0) == ["methadone"]
    assert unknown_names("Are healthier diets better?", other, 4.0) == []
    assert unknown_names("Is hypercholesterolemic risk inherited?", other, 4.0) == []
    # A compound's joining words are no words of the corpus to look for.
    onset = Vocabulary(tokenize("The distribution of the time from infection to onset was estimated."))
    assert unknown_names("What is an infection-to-onset-distribution?", onset, 4.0) == []


def test_exact_search_ranks_every_row_and_breaks_ties_by_row() -> None:
    from rag.retrieval.exact_search import ExactIndex

    index = ExactIndex.of([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0], [3.0, 0.0]])
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0)
    top = index.top(np.array([1.0, 0.0], dtype=np.float32), 3)
    assert [row for row, _ in top] == [0, 3, 2]  # rows 0 and 3 tie at cosine 1: the lower row first
    assert top[0][1] == pytest.approx(1.0) and top[2][1] == pytest.approx(np.sqrt(0.5))
    assert len(index.top(np.array([0.0, 1.0], dtype=np.float32), 10)) == 4
    assert ExactIndex.of([]).top(np.array([1.0], dtype=np.float32), 3) == []


@pytest.mark.parametrize("exact", [True, False])
def test_dense_passages_and_nearest_sentences_are_the_true_nearest(
    tmp_path: Path, corpus_dir: Path, exact: bool
) -> None:
    """Below the size limits, dense search is exact (Chroma's graph missed far neighbours, and not the same ones
    in every process); with the limits at 0 the graph answers, as it does above them."""
    from rag.ingest.indexer import paired_query

    limits = {} if exact else {"exact_search_max_passages": 0, "exact_search_max_sentences": 0}
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", **limits)
    assistant = Assistant(settings, embedder=HashingEmbedder())
    assistant.index()
    retriever = assistant._components()[1]
    generation = assistant._components()[0].generation()
    question = "Which liver problems were reported by people using kratom?"
    vector = assistant.embedder.embed([question])[0]
    handles = retriever._open(generation)
    records = retriever.passage_records(generation)
    dense = retriever._dense(vector, handles, records, retriever._passage_index(generation))
    stored = assistant.store.collection(PASSAGES).get(include=["embeddings"])
    cosines = {
        pid: float(np.dot(e, vector) / np.linalg.norm(e))
        for pid, e in zip(stored["ids"], stored["embeddings"], strict=True)
    }
    truth = sorted(cosines, key=lambda pid: (-cosines[pid], pid))[: settings.dense_top_k]
    assert (retriever._passage_index(generation) is not None) == exact
    if exact:
        assert [r["passage_id"] for r in dense] == truth
        assert [r["dense"] for r in dense] == pytest.approx([cosines[p] for p in truth], abs=1e-5)
        index = (retriever._sentence_index(handles) or ([], None))[1]
        sentences = assistant.store.collection(SENTENCES).get(include=["embeddings"])
        query = paired_query(np.asarray(vector, dtype=np.float32))
        scores = {
            sid: float(np.dot(e, query))
            for sid, e in zip(sentences["ids"], sentences["embeddings"], strict=True)
        }
        nearest = sorted(scores, key=lambda sid: -scores[sid])[: settings.sentence_top_k]
        assert index is not None and set(nearest) <= set(retriever._sentence_rows(set(), vector, handles))
    else:
        assert retriever._sentence_index(handles) is None
        assert len(dense) == settings.dense_top_k and set(r["passage_id"] for r in dense) <= set(cosines)


def test_a_pointer_to_another_page_states_nothing() -> None:
    from rag.retrieval.sentence_scores import states_nothing

    pointers = [
        "For more information on the dangers of mixing alcohol and medicines, see Alcohol Use and Older Adults.",
        'For information on treating addiction to stimulants, see  "Treating Addiction to Stimulants."',
        "(See the PDQ summary on Late Effects of Treatment for more information).",
        "See the Treatment Options section that follows for links to current trials.",
        "More information is provided in the NIDDK health topic, Constipation.",
        "For further details see Appendix 8.6.",
        "For more on drugs and the brain, see  Drugs, Brains and Behavior.",
        'For more on treating opioid addiction, seeTreating Addiction to Prescription Opioids."',  # link lost its space
        "Does kratom cause dependence?",
        "|---|:---:|",  # a Markdown table's rule
        "+",
    ]
    statements = [
        "See your doctor if the pain lasts more than a week.",
        "For help quitting, call the national helpline at any hour.",
        "For more on this, seen in trials, the effect was small.",
        "For more information about local services, visit the county health office.",
        "Older adults who drink are more sensitive to alcohol than younger people.",
        "For information to be useful, it must be timely; see how the survey was run.",  # ';' ends the lead-in
        "| Injection | 4 |",
    ]
    assert all(states_nothing(s) for s in pointers)
    assert not any(states_nothing(s) for s in statements)


def test_a_pointer_naming_the_question_is_never_its_evidence_or_quote(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    from tests.conftest import write_corpus

    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "drug-abuse": "Drug abuse harms people of every age. Treatment helps people stop using drugs. "
            "For more information on the dangers of mixing alcohol and medicines, see Alcohol Use and Older Adults.",
            "sleep": "Adults need seven or more hours of sleep. Caffeine late in the day delays sleep.",
        },
    )
    assistant = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=real_assistant.embedder
    )
    assistant.index()
    for question in (
        "Do you have information about alcohol use and older adults?",
        "Is alcohol risky for older adults?",
    ):
        answer = assistant.ask(question)
        assert not any("see Alcohol Use" in c.quote for c in answer.citations), question


def test_a_sentence_cut_off_mid_clause_is_told_apart() -> None:
    """Excerpts, chunked web pages and PDF pages end where the text was cut, not where a sentence did."""
    from rag.text.segment import cut_off

    cut = [
        "People suffering from the Bi-polar disorder are",
        "The FDA is responsible for taking action against any adulterated or",
        "Note: Blood consists of",
        "The prior distribution for R0 was chosen to be",
        "won the Golden Lion award at the",
        "Treatments include talking therapy and",
    ]
    whole = [
        "Kratom is not approved for any medical use.",
        "What to watch out for",  # a heading or a list item may end on a preposition
        "Signs of withdrawal include",  # a list follows; its items are sentences of their own
        "License: cc-by",
        "provided by miR-34a",
        "Symptoms of kratom withdrawal: anxiety, insomnia, irritability",
    ]
    assert all(cut_off(s) for s in cut)
    assert not any(cut_off(s) for s in whole)


def test_a_document_cut_off_mid_sentence_is_not_quoted_where_it_breaks(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    """The broken-off sentence rode its neighbours' window into first place, though half a claim may say the
    opposite of the whole one."""
    from tests.conftest import write_corpus

    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "bipolar": "Bipolar disorder is a mood disorder with depressive and elevated episodes. The cause of "
            "this disorder is not known completely. It is often connected to a genetic component. People "
            "suffering from bipolar disorder are",
            "sleep": "Adults need seven or more hours of sleep. Caffeine late in the day delays sleep.",
        },
    )
    assistant = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=real_assistant.embedder
    )
    assistant.index()
    answer = assistant.ask("What causes bipolar disorder?")
    assert answer.status == "answered" and answer.citations
    assert not any(c.quote.rstrip().endswith("are") for c in answer.citations)


def test_english_terms_in_another_language_that_no_document_uses() -> None:
    from rag.retrieval.english_terms import unknown_english_terms

    vocabulary = Vocabulary(tokenize("Kratom can cause dependence and insomnia. Withdrawal brings anxiety."))

    def unknown(question: str, language: str) -> list[str]:
        return unknown_english_terms(question, language, vocabulary, 2.5, 4.0, 5.5)

    # A subject taken from English that the documents never use.
    assert unknown("¿Qué dieta ayuda con la diabetes?", "es") == ["diabetes"]
    assert unknown("Wie behandelt man Diabetes bei Katzen?", "de") == ["diabetes"]
    assert unknown("Apakah trampoline aman untuk anak kecil?", "id") == ["trampoline"]
    assert unknown("Skateboard ราคาเท่าไหร่", "th") == [
        "skateboard"
    ]  # no Thai word list: a Latin word is foreign
    # The question's own words, even where English has them too ("para", "capital"), and English terms the
    # documents use (in another form, or with a slip) are not.
    assert unknown("¿Es el kratom legal en la capital para los adultos?", "es") == []
    assert unknown("Macht Kratom abhängig? Hilft es bei Insomnia?", "de") == []
    assert unknown("Le kratom provoque-t-il une dépendance ou un withdrawl ?", "fr") == []


def test_a_name_marked_by_a_letter_or_number_is_not_its_kin() -> None:
    from rag.text.kinds import marked_names, names_another_kind

    asked = marked_names("Does vitamin D supplementation reduce fractures?")
    assert asked == {"vitamin": {"d"}}
    assert names_another_kind(asked, "Patients with fractures were randomized to receive vitamin C.")
    assert not names_another_kind(asked, "Vitamin D and vitamin C were both given.")
    assert not names_another_kind(asked, "No vitamin was given.")
    type_2 = marked_names("Does metformin help in type 2 diabetes?")
    assert names_another_kind(type_2, "In type 1 diabetes insulin is needed.")
    assert not names_another_kind(type_2, "Type 1 and type 2 diabetes differ.")
    # Articles, "I" and counts after a joining word are no marks; "vitamin A" and lower case "hepatitis b" are.
    assert marked_names("Can I take a break for 2 weeks?") == {}
    assert marked_names("Is vitamin A safe, and what about hepatitis b?") == {
        "vitamin": {"a"},
        "hepatitis": {"b"},
    }


def test_a_question_on_one_vitamin_is_not_answered_with_another(
    real_assistant: Assistant, tmp_path: Path
) -> None:
    from tests.conftest import write_corpus

    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "wrist": "Patients with wrist fractures were randomized to receive vitamin C or placebo. Vitamin C "
            "reduced the rate of complex regional pain syndrome after wrist fractures.",
            "bones": "Vitamin D deficiency is common in older adults. Vitamin D supplementation was given for a "
            "year to adults with low bone density.",
        },
    )
    assistant = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=real_assistant.embedder
    )
    assistant.index()
    answer = assistant.ask("Does vitamin D supplementation reduce fractures?")
    assert not any("vitamin C" in c.quote for c in answer.citations), answer.text
    assert (
        assistant.ask("Does vitamin C reduce pain after wrist fractures?").citations[0].source_id == "wrist"
    )
