"""Core behaviour (issue 2): verbatim cited answers, "not in the documents", incremental indexing, bad questions.

Behaviour runs the real model over the real corpus (marker ``model``); the plumbing tests at the end use the
deterministic HashingEmbedder and run in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rag import Answer, Assistant, InvalidQuestion, Settings, Turn
from rag.ingest.chunking import ChunkedDocument
from rag.ingest.corpus import content_hash, document_hash, read_text, scan_corpus
from rag.ingest.indexer import word_pieces
from rag.ingest.store import PASSAGES, SENTENCES
from rag.retrieval.bm25 import BM25
from rag.text.segment import split_sentences
from rag.text.tokens import tokenize

RAG = Path(sys.executable).with_name("rag")
MUSHROOM_SOURCE = "001_5f3d9cb0ec9175b8"
CLI_TIMEOUT = 300  # seconds: loads the model, and indexes when the store is new

ON_TOPIC = [
    "Is kratom a mushroom?",
    "Is kratom addictive?",
    "What are the side effects of kratom?",
    "How does kratom help with opioid withdrawal?",
    "Can you overdose on kratom?",
]
OFF_TOPIC = [
    "What is the capital of France?",
    "How do I bake sourdough bread at home?",
    "Who won the 1998 football world cup?",
]


# --- helpers ---------------------------------------------------------------------------------------------------
def source_texts(corpus: Path) -> dict[str, str]:
    return {p.stem: read_text(p) for p in corpus.glob("*.txt")}


def assert_verbatim(answer: Answer, texts: dict[str, str]) -> None:
    """Every quote, including both sides of every contradiction, is exactly its source's text[start:end]."""
    citations = list(answer.citations) + [side for c in answer.contradictions for side in c.sides]
    for c in citations:
        assert c.source_id in texts, c.source_id
        assert texts[c.source_id][c.start : c.end] == c.quote, (c.source_id, c.start, c.end)
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers <= set(range(1, len(answer.citations) + 1)), "a marker points past the citation list"


def run_cli(
    *args: str, env: dict[str, str], timeout: float = CLI_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RAG), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def cli_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_CORPUS_DIR=str(settings.corpus_dir), RAG_STORE_DIR=str(settings.store_dir), HF_HUB_OFFLINE="1"
    )
    return env


def stored(assistant: Assistant, kind: str) -> list[tuple[str, dict[str, Any]]]:
    got = assistant.store.collection(kind).get(include=["metadatas"])
    return list(zip(got["ids"], got["metadatas"], strict=True))


def ids_by_source(assistant: Assistant, kind: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for id_, meta in stored(assistant, kind):
        out.setdefault(str(meta["source_id"]), set()).add(id_)
    return out


def hashes_by_source(assistant: Assistant, kind: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _, meta in stored(assistant, kind):
        out.setdefault(str(meta["source_id"]), set()).add(str(meta["doc_hash"]))
    return out


# --- real model: answers -------------------------------------------------------------------------------------
@pytest.mark.model
def test_cli_answers_the_mushroom_question_with_a_verbatim_quote(real_assistant: Assistant) -> None:
    """`rag ask "Is kratom a mushroom?" --json` quotes 001_5f3d9cb0ec9175b8 on "mushroom"."""
    result = run_cli("ask", "Is kratom a mushroom?", "--json", env=cli_env(real_assistant.settings))
    assert result.returncode == 0, result.stderr
    answer = Answer.model_validate(json.loads(result.stdout))
    assert answer.status == "answered"
    assert any(c.source_id == MUSHROOM_SOURCE and "mushroom" in c.quote.lower() for c in answer.citations)
    assert_verbatim(answer, source_texts(real_assistant.settings.corpus_dir))


@pytest.mark.model
@pytest.mark.parametrize("question", ON_TOPIC)
def test_every_citation_is_verbatim(real_assistant: Assistant, question: str) -> None:
    answer = real_assistant.ask(question)
    assert answer.status in ("answered", "refused")
    assert answer.citations
    assert_verbatim(answer, source_texts(real_assistant.settings.corpus_dir))


@pytest.mark.model
@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_question_is_not_found_without_citations(real_assistant: Assistant, question: str) -> None:
    answer = real_assistant.ask(question)
    assert answer.status == "not_found"
    assert answer.citations == []
    assert answer.contradictions == []
    assert "do not cover" in answer.text


@pytest.mark.model
def test_a_refusal_quotes_the_risks_of_what_was_asked_about(real_assistant: Assistant) -> None:
    # Every refusal quotes risk passages; they are about the substance the question named, not a fixed set.
    generic = real_assistant.ask("What dose should I take?")
    about_kava = real_assistant.ask("How much kava should I mix with kratom?")
    assert generic.status == about_kava.status == "refused"
    assert not any("kava" in c.quote.lower() for c in generic.citations)
    # The page on kava is quoted where it speaks of risk; its sentences that only name kava are no risk.
    on_kava = {d.source_id for d in real_assistant.documents() if "kava" in d.title.lower()}
    assert any(c.source_id in on_kava for c in about_kava.citations)
    assert_verbatim(about_kava, source_texts(real_assistant.settings.corpus_dir))


@pytest.mark.model
def test_a_follow_up_is_retrieved_with_the_subject_of_the_conversation(real_assistant: Assistant) -> None:
    history = [Turn(role="user", content="What do the documents say about kava?")]
    for question in ("What are its risks?", "Is it safe?"):
        # Alone, "it" is kratom, the documents' subject; after a question about kava, it is kava.
        alone = real_assistant.ask(question)
        followup = real_assistant.ask(question, history=history)
        assert not any("kava" in c.quote.lower() for c in alone.citations)
        assert followup.status == "answered"
        assert any("kava" in c.quote.lower() for c in followup.citations)
    # A follow-up that names nothing asks about the question before it ("Why?" was not_found).
    why = real_assistant.ask("Why?", history=history)
    assert why.status == "answered" and any("kava" in c.quote.lower() for c in why.citations)
    assert real_assistant.ask("Why?").status == "not_found"


@pytest.mark.model
def test_a_follow_up_that_names_nothing_is_asked_in_the_language_of_the_question_before(
    real_assistant: Assistant,
) -> None:
    """ "¿Por qué?" after a Spanish question was refused as a dosing request (read as English, its nearest example
    was a Spanish tapering one); "Warum?" after a German one was answered not_found in English."""
    for question, why, language in (
        ("¿El kratom ayuda a dormir?", "¿Por qué?", "es"),
        ("Macht Kratom abhängig?", "Warum?", "de"),
    ):
        history = [Turn(role="user", content=question), Turn(role="assistant", content="...")]
        answer = real_assistant.ask(why, history=history)
        assert answer.status == "answered" and answer.language == language, (why, answer.text)
    alone = real_assistant.ask("¿Por qué?")
    assert alone.status == "not_found" and alone.language == "es"


@pytest.mark.model
def test_asking_for_more_quotes_what_the_replies_before_did_not(real_assistant: Assistant) -> None:
    history: list[Turn] = []
    seen: set[tuple[str, int]] = set()
    for question in ("Does kratom help with sleep?", "Tell me more", "What else?"):
        answer = real_assistant.ask(question, history=history)
        assert answer.status == "answered" and answer.citations, question
        # The quotes of the reply; a disagreement's sides are shown again with any answer on its subject.
        sides = {(s.source_id, s.start) for block in answer.contradictions for s in block.sides}
        quoted = {(c.source_id, c.start) for c in answer.citations} - sides
        assert quoted, question
        assert not quoted & seen, question
        seen |= quoted
        history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.text)]


# --- real model: incremental indexing ------------------------------------------------------------------------
@pytest.mark.model
def test_incremental_indexing_embeds_only_what_changed(corpus_dir: Path, tmp_path: Path) -> None:
    """Unchanged: nothing embedded. One edit: only that document, no stale passage. One deletion: nothing left.

    One test, so that the real corpus is embedded only once.
    """
    assistant = Assistant(Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "incremental"))
    first = assistant.index()
    documents = {d.source_id: d for d in scan_corpus(assistant.settings).documents}
    assert sorted(first.added) == sorted(documents) and first.embedded > 0
    before = ids_by_source(assistant, PASSAGES)

    again = assistant.index()
    assert again.embedded == 0
    assert sorted(again.unchanged) == sorted(documents) and not (again.added or again.updated)

    # Edit one document: only its passages and sentences are embedded again, under its new hash.
    edited = "004_690a382e1963f80d"
    path = corpus_dir / f"{edited}.txt"
    path.write_text(
        read_text(path) + "\nKratom leaves are also sold as a fine green powder.\n", encoding="utf-8"
    )
    new_chunks = ChunkedDocument(
        scan_corpus(assistant.settings).documents[-1],
        assistant.settings.chunk_max_chars,
        assistant.settings.chunk_overlap_sentences,
    )
    assert new_chunks.document.source_id == edited
    report = assistant.index()
    assert report.updated == [edited] and not report.added and not report.removed
    # Each sentence is embedded alone and, unless it is long, with its neighbours.
    lengths = word_pieces(assistant.embedder, [s.text for s in new_chunks.sentences])
    limit = assistant.settings.window_skip_pieces
    windows = sum(1 for n in lengths if not limit or n < limit)
    assert report.embedded == len(new_chunks.passages) + len(new_chunks.sentences) + windows
    after = ids_by_source(assistant, PASSAGES)
    assert after[edited] == {p.passage_id for p in new_chunks.passages}
    assert not after[edited] & before[edited], "a passage of the old version is still in the store"
    assert {k: v for k, v in after.items() if k != edited} == {k: v for k, v in before.items() if k != edited}
    for kind in (PASSAGES, SENTENCES):
        assert hashes_by_source(assistant, kind)[edited] == {new_chunks.document.content_hash}
    assert ids_by_source(assistant, SENTENCES)[edited] == {s.sentence_id for s in new_chunks.sentences}
    answer = assistant.ask("How is kratom sold as a powder?")
    assert any(c.source_id == edited and "green powder" in c.quote for c in answer.citations)

    # Delete one document: its passages and sentences go, the others stay untouched.
    removed = "002_99e2bf04b1f5e56d"
    (corpus_dir / f"{removed}.txt").unlink()
    report = assistant.index()
    assert report.removed == [removed] and report.embedded == 0
    for kind in (PASSAGES, SENTENCES):
        assert removed not in ids_by_source(assistant, kind)
        assert assistant.store.collection(kind).get(where={"source_id": removed})["ids"] == []
    assert ids_by_source(assistant, PASSAGES) == {k: v for k, v in after.items() if k != removed}
    assert report.passages == sum(len(v) for k, v in after.items() if k != removed)
    for question in ON_TOPIC[:3]:
        assert all(c.source_id != removed for c in assistant.ask(question).citations)


# --- invalid questions ---------------------------------------------------------------------------------------
def test_empty_question_raises_a_clear_invalid_question(tmp_path: Path) -> None:
    assistant = Assistant(Settings(corpus_dir=tmp_path / "unused", store_dir=tmp_path / "unused-store"))
    for question in ("", "   \n\t "):
        with pytest.raises(InvalidQuestion, match="empty"):
            assistant.ask(question)


def test_overlong_question_raises_a_clear_invalid_question(tmp_path: Path) -> None:
    assistant = Assistant(Settings(corpus_dir=tmp_path / "unused", store_dir=tmp_path / "unused-store"))
    with pytest.raises(InvalidQuestion, match=r"100,000 characters.*limit is 2,000"):
        assistant.ask(("kratom " * 14_286)[:100_000])
    assert isinstance(InvalidQuestion("x"), ValueError)


@pytest.mark.parametrize(
    ("question", "message"),
    [("", "The question is empty"), ("k" * 100_000, "The question is 100,000 characters long")],
    ids=["empty", "100k"],
)
def test_cli_prints_the_invalid_question_message_without_traceback(
    question: str, message: str, tmp_path: Path
) -> None:
    settings = Settings(corpus_dir=tmp_path / "unused", store_dir=tmp_path / "unused-store")
    result = run_cli("ask", question, env=cli_env(settings), timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {message}")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


# --- fast plumbing (HashingEmbedder) -------------------------------------------------------------------------
def test_corpus_scan_reads_the_five_documents_with_manifest_titles(corpus_dir: Path) -> None:
    scan = scan_corpus(Settings(corpus_dir=corpus_dir))
    assert scan.skipped == []
    assert [d.source_id for d in scan.documents] == sorted(p.stem for p in corpus_dir.glob("*.txt"))
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    titles = {Path(e["file"]).stem: e["title"] for e in manifest["documents"]}
    for doc in scan.documents:
        assert doc.title == titles[doc.source_id]
        assert doc.text == read_text(doc.path)
        assert doc.content_hash == document_hash(doc.text, doc.title)


def test_chunk_offsets_index_the_original_text(corpus_dir: Path) -> None:
    settings = Settings(corpus_dir=corpus_dir)
    for doc in scan_corpus(settings).documents:
        chunks = ChunkedDocument(doc, settings.chunk_max_chars, settings.chunk_overlap_sentences)
        assert chunks.sentences and chunks.passages
        for s in chunks.sentences:
            assert doc.text[s.start : s.end] == s.text and s.text == s.text.strip()
        for p in chunks.passages:
            assert doc.text[p.start : p.end] == p.text
        # Every sentence belongs to a passage, and passages follow the document order.
        covered = {k for lo, hi in chunks.ranges for k in range(lo, hi)}
        assert covered == set(range(len(chunks.sentences)))
        assert [p.start for p in chunks.passages] == sorted(p.start for p in chunks.passages)


def test_sentence_offsets_survive_unicode_crlf_and_bullets() -> None:
    text = "Título: café.\r\n\r\n- First point (e.g. this one). Second — “quoted”! 🌿 Third?\r\nNext line"
    spans = split_sentences(text)
    assert [s.text for s in spans][:3] == [
        "Título: café.",
        "First point (e.g. this one).",
        "Second — “quoted”! 🌿 Third?",
    ]
    for s in spans:
        assert text[s.start : s.end] == s.text


def test_bullets_of_word_processors_are_no_part_of_their_items() -> None:
    """Google Docs' "●" and "○", Word's Symbol-font bullet: an item is quoted without its bullet, and a document
    holding them is segmented again once after this revision (its content hash changes), no other is."""
    text = (
        "Keep in mind:\n● Ask what the text answers\n○ Example\n\uf0b7 One question per block\n■ Don't: guess"
    )
    assert [s.text for s in split_sentences(text)] == [
        "Keep in mind:",
        "Ask what the text answers",
        "Example",
        "One question per block",
        "Don't: guess",
    ]
    plain = "Keep in mind:\n- Ask what the text answers\n• One question per block"
    assert document_hash(plain, "t") == content_hash(f"t\x00{plain}")
    assert document_hash(text, "t") != content_hash(f"t\x00{text}")


def test_bm25_ranks_the_passage_that_has_the_rare_term() -> None:
    texts = [
        "Kratom is a tropical tree from Southeast Asia.",
        "Kava is a traditional mushroom drink in some cultures.",
        "Kratom withdrawal can cause insomnia and cravings.",
    ]
    bm25 = BM25(texts)
    assert bm25.top("Is kratom a mushroom?", 3)[0][0] == 1
    assert bm25.top("craving", 1)[0][0] == 2  # plural folded
    assert bm25.top("the of and", 3) == []  # only stopwords: nothing matches
    assert bm25.top("zebra", 3) == []
    assert tokenize("Is it THE Symptoms?") == ["symptom"]


def test_fake_assistant_answers_with_verbatim_citations(fake_assistant: Assistant, corpus_dir: Path) -> None:
    report = fake_assistant.index()
    assert len(report.added) == 5 and report.passages > 0
    answer = fake_assistant.ask("Is kratom a mushroom drink?")
    assert answer.status == "answered" and answer.citations
    assert_verbatim(answer, source_texts(corpus_dir))
    assert fake_assistant.index().embedded == 0
