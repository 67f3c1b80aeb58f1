"""Issue 19, third round: cross-lingual sentence scores lose each sentence's closeness to questions it does not
answer (its hubness, read off every language's everyday questions), so broad sentences stop outranking the one
that answers; the gate still reads the plain cosine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag import Assistant
from rag.ingest.chunking import sentence_id
from rag.ingest.multilingual import HashingRoleEmbedder
from rag.retrieval.crosslingual import ML_QUERIES, everyday_questions_by_language
from rag.settings import Settings
from tests.conftest import CountingRoles


def _assistant(corpus_dir: Path, store: Path, roles: HashingRoleEmbedder, **settings: float) -> Assistant:
    from rag.ingest.embedder import HashingEmbedder

    s = Settings(corpus_dir=corpus_dir, store_dir=store, **settings)  # type: ignore[arg-type]
    return Assistant(s, embedder=HashingEmbedder(), multilingual=roles)


QUESTION = "¿El kratom crea adicción?"


def test_a_sentence_loses_its_mean_closeness_to_its_nearest_everyday_questions(
    tmp_path: Path, corpus_dir: Path
) -> None:
    roles = HashingRoleEmbedder()
    questions = list(
        dict.fromkeys(q for _, qs in sorted(everyday_questions_by_language().items()) for q in qs)
    )
    assistant = _assistant(corpus_dir, tmp_path / "store", roles, multilingual_hub_share=3 / len(questions))
    assistant.index()
    cross = assistant._cross()
    generation = assistant._components()[0].generation()
    retrieval = cross.retrieve(QUESTION, generation)
    assert retrieval.sentences
    everyday = roles.query(questions)
    weight = assistant.settings.multilingual_hub_weight
    for s in retrieval.sentences:
        own, window = roles.passage([s.text])[0], cross._sentence_vectors[s.sentence_id]
        half = window.shape[0] // 2
        cosines = np.maximum(everyday @ own, everyday @ window[half:])
        hub = float(np.sort(cosines)[-3:].mean())
        assert s.score == pytest.approx(s.similarity - weight * hub, abs=1e-5)


def test_the_gate_reads_the_plain_cosine_whatever_the_hub_weight(tmp_path: Path, corpus_dir: Path) -> None:
    with_hubs = _assistant(corpus_dir, tmp_path / "a", HashingRoleEmbedder())
    without = _assistant(corpus_dir, tmp_path / "b", HashingRoleEmbedder(), multilingual_hub_weight=0.0)
    got = []
    for assistant in (with_hubs, without):
        assistant.index()
        generation = assistant._components()[0].generation()
        got.append(assistant._cross().retrieve(QUESTION, generation))
    assert got[0].relevance == pytest.approx(got[1].relevance)
    assert max(s.similarity for s in got[0].sentences) == pytest.approx(got[0].relevance)
    # Without hubs a sentence scores its cosine (no context weight by default).
    assert all(s.score == pytest.approx(s.similarity) for s in got[1].sentences)
    assert any(s.score < s.similarity - 1e-3 for s in got[0].sentences)


def test_everyday_questions_are_embedded_once_per_store(tmp_path: Path, corpus_dir: Path) -> None:
    first = CountingRoles()
    assistant = _assistant(corpus_dir, tmp_path / "store", first)
    assistant.index()
    assistant.ask(QUESTION)
    everyday = set(q for qs in everyday_questions_by_language().values() for q in qs)
    assert everyday <= set(first.queries)
    # Calibrating the Spanish gate took its everyday questions' vectors from that set, not from the model again.
    assert sum(q in everyday for q in first.queries) == len(everyday)
    stored = assistant.store.collection(ML_QUERIES).count()
    assert stored == len(everyday)
    # A new process on the same store reads them back.
    second = CountingRoles()
    again = _assistant(corpus_dir, tmp_path / "store", second)
    again.ask(QUESTION)
    assert not everyday & set(second.queries)
    assert again.ask(QUESTION).status == assistant.ask(QUESTION).status


def test_no_hub_weight_embeds_no_everyday_set(tmp_path: Path, corpus_dir: Path) -> None:
    roles = CountingRoles()
    assistant = _assistant(corpus_dir, tmp_path / "store", roles, multilingual_hub_weight=0.0)
    assistant.index()
    generation = assistant._components()[0].generation()
    assistant._cross().retrieve(QUESTION, generation)
    # The question alone, as read in the documents' words ("adicción addiction").
    assert roles.queries == [assistant._components()[1].in_documents_words(QUESTION)]


@pytest.mark.model
def test_short_generic_advice_is_a_hub_and_a_list_of_symptoms_is_not(real_assistant: Assistant) -> None:
    # The model places short, generic sentences ("However, safe use requires caution.") near any question, in any
    # language; a sentence naming particular symptoms is near only the questions about them. The hubness must
    # rank them so, or the penalty would be noise.
    cross = real_assistant._cross()
    generation = real_assistant._components()[0].generation()
    records = cross.retriever.passage_records(generation)
    ids = {sentence_id(r["sentence_tag"], i) for r in records for i in range(r["sent_from"], r["sent_to"])}
    rows = cross.retriever.sentence_rows(ids, generation)
    generic = [(sid, row) for sid, row in rows.items() if row[0] == "However, safe use requires caution."]
    symptoms = [(sid, row) for sid, row in rows.items() if "insomnia, increased heart rate" in row[0]]
    assert generic and symptoms
    own, window = cross._vectors(generic + symptoms, generation)
    hubs = cross._hub_scores([sid for sid, _ in generic + symptoms], own, window)
    assert min(hubs[: len(generic)]) > max(hubs[len(generic) :]) + 0.02


def test_a_language_added_leaves_every_sentences_hubness_as_it_was(tmp_path: Path, corpus_dir: Path) -> None:
    # Hubness reads a share of the everyday questions, not a count: with a fixed ten, adding Portuguese and
    # Italian (80 more questions) moved which French quote ranked first. Every question counted twice stands
    # for any set grown in proportion.
    assistant = _assistant(corpus_dir, tmp_path / "store", HashingRoleEmbedder())
    assistant.index()
    cross = assistant._cross()
    generation = assistant._components()[0].generation()
    retrieval = cross.retrieve(QUESTION, generation)
    pairs = sorted(
        cross.retriever.sentence_rows({s.sentence_id for s in retrieval.sentences}, generation).items()
    )
    ids = [sid for sid, _ in pairs]
    own, window = cross._vectors(pairs, generation)
    alone = cross._hub_scores(ids, own, window)
    everyday = cross._everyday_index()
    assert everyday is not None
    cross._hubness = {}
    cross._everyday = np.vstack([everyday, everyday])
    assert cross._hub_scores(ids, own, window) == pytest.approx(alone)
