"""Embedding less (windows and passages derived from sentence vectors), the ONNX backend, and honest indexing
progress."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from rag.assistant import Assistant
from rag.ingest.chunking import ChunkedDocument, window_bounds
from rag.ingest.corpus import scan_corpus
from rag.ingest.derived import passage_vectors, window_vectors
from rag.ingest.embedder import HashingEmbedder, SentenceTransformerEmbedder
from rag.ingest.indexer import index_spec, read_all, split_sentence_vector, word_pieces
from rag.ingest.progress import IndexProgress
from rag.ingest.store import PASSAGES, SENTENCES
from rag.settings import Settings
from rag.types import IndexReport


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _index_recording(settings: Settings) -> tuple[Assistant, IndexReport, list[str], list[ChunkedDocument]]:
    """Index with a fake embedder that records every text it embeds; the corpus's chunks beside it."""
    embedded: list[str] = []

    class Recording(HashingEmbedder):
        def embed(self, texts: list[str]) -> np.ndarray:
            embedded.extend(texts)
            return super().embed(texts)

    assistant = Assistant(settings, embedder=Recording())
    report = assistant.index()
    chunks = [
        ChunkedDocument(
            d, settings.chunk_max_chars, settings.chunk_overlap_sentences, settings.sentence_window
        )
        for d in scan_corpus(settings).documents
    ]
    return assistant, report, embedded, chunks


def test_a_derived_window_is_the_length_weighted_mean_of_its_sentences() -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(5, 8)))
    lengths = [10, 30, 20, 5, 40]
    # The third sentence is a heading: the second's window stops before it.
    bounds = window_bounds([False, False, True, False, False], 1)
    got = window_vectors(vectors, lengths, bounds)
    for i, (lo, hi) in enumerate([(0, 1), (0, 1), (1, 3), (2, 4), (3, 4)]):
        expected = sum(vectors[j] * lengths[j] for j in range(lo, hi + 1))
        expected = expected / np.linalg.norm(expected)
        assert np.allclose(got[i], expected, atol=1e-6)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-6)
    # No window: the sentence's own vector; a one-sentence document: the same.
    assert np.allclose(window_vectors(vectors, lengths, window_bounds([False] * 5, 0)), vectors)
    assert np.allclose(window_vectors(vectors[:1], lengths[:1], window_bounds([False], 2)), vectors[:1])


def test_derived_windows_embed_no_window_text_and_store_the_derived_half(
    tmp_path: Path, corpus_dir: Path
) -> None:
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", window_vectors="derived")
    assistant, report, embedded, chunks = _index_recording(settings)
    sentences = sum(len(c.sentences) for c in chunks)
    passages = sum(len(c.passages) for c in chunks)
    assert report.embedded == sentences + passages  # was 2 * sentences + passages
    only_windows = {w for c in chunks for w in c.windows} - {s.text for c in chunks for s in c.sentences}
    assert only_windows and not only_windows & set(embedded[: report.embedded])
    stored = read_all(assistant.store, SENTENCES, ["embeddings"])
    first = chunks[0]
    own = HashingEmbedder().embed([s.text for s in first.sentences])
    expected = window_vectors(own, [s.end - s.start for s in first.sentences], first.window_bounds)
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    for k, sentence in enumerate(first.sentences):
        own_half, window_half = split_sentence_vector(
            np.asarray(by_id[sentence.sentence_id], dtype=np.float32)
        )
        assert np.allclose(own_half, own[k], atol=1e-5)
        assert np.allclose(window_half, expected[k], atol=1e-5)
    assert assistant.ask("What is kratom?").status in {"answered", "not_found", "refused"}


def test_a_derived_passage_is_the_length_weighted_mean_of_its_sentences() -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(6, 8)))
    lengths = [10, 30, 20, 5, 40, 15]
    ranges = [(0, 3), (2, 5), (5, 6)]  # overlapping, as passages that share a sentence are
    got = passage_vectors(vectors, lengths, ranges)
    for row, (lo, hi) in enumerate(ranges):
        expected = sum(vectors[j] * lengths[j] for j in range(lo, hi))
        assert np.allclose(got[row], expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(got[2], vectors[5], atol=1e-6)  # a one-sentence passage is its sentence
    assert passage_vectors(vectors, lengths, []).shape == (0, 8)


def test_derived_passages_embed_no_passage_text_and_store_the_mean_of_their_sentences(
    tmp_path: Path, corpus_dir: Path
) -> None:
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", passage_vectors="derived")
    assistant, report, embedded, chunks = _index_recording(settings)
    sentences = sum(len(c.sentences) for c in chunks)
    assert report.embedded == 2 * sentences  # each sentence and its window; was 2 * sentences + passages
    only_passages = {p.text for c in chunks for p in c.passages} - {
        t for c in chunks for t in [*(s.text for s in c.sentences), *c.windows]
    }
    assert only_passages and not only_passages & set(embedded[: report.embedded])
    stored = read_all(assistant.store, PASSAGES, ["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    for chunk in chunks[:2]:
        # Each sentence read alone and in its window.
        read = HashingEmbedder().embed([s.text for s in chunk.sentences]) + HashingEmbedder().embed(
            chunk.windows
        )
        expected = passage_vectors(read, [s.end - s.start for s in chunk.sentences], chunk.ranges)
        for passage, vector in zip(chunk.passages, expected, strict=True):
            assert np.allclose(np.asarray(by_id[passage.passage_id], dtype=np.float32), vector, atol=1e-5)
    assert assistant.ask("What is kratom?").status in {"answered", "not_found", "refused"}


def test_a_long_sentence_gets_no_window_of_its_own(tmp_path: Path, corpus_dir: Path) -> None:
    """With ``window_skip_pieces``, a sentence that long is read as itself: its window is not embedded and the
    stored window half is its own vector; shorter sentences keep their embedded windows."""
    limit = 20  # words, for an embedder without a tokenizer
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", window_skip_pieces=limit)
    assistant, report, embedded, chunks = _index_recording(settings)
    sentences = [(c, k) for c in chunks for k in range(len(c.sentences))]
    long = [(c, k) for c, k in sentences if len(c.sentences[k].text.split()) >= limit + 5]
    short = [(c, k) for c, k in sentences if len(c.sentences[k].text.split()) < limit - 5]
    assert long and short
    windows = sum(1 for c, k in sentences if word_pieces(HashingEmbedder(), [c.sentences[k].text])[0] < limit)
    passages = sum(len(c.passages) for c in chunks)
    assert report.embedded == len(sentences) + windows + passages
    stored = read_all(assistant.store, SENTENCES, ["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    for group, equal in ((long, True), (short, False)):
        for c, k in group[:5]:
            own_half, window_half = split_sentence_vector(
                np.asarray(by_id[c.sentences[k].sentence_id], dtype=np.float32)
            )
            assert np.allclose(own_half, window_half, atol=1e-5) == equal
    assert len(embedded) >= report.embedded
    assert assistant.ask("What is kratom?").status in {"answered", "not_found", "refused"}


def test_the_index_spec_names_what_changes_the_vectors() -> None:
    plain = Settings()
    # torch and float32 ONNX give the same vectors: one store serves both.
    assert index_spec(plain) == index_spec(Settings(embed_backend="torch", window_vectors="embedded"))
    assert index_spec(plain) == index_spec(Settings(embed_backend="onnx"))
    specs = {
        index_spec(plain),
        index_spec(Settings(embed_backend="onnx-int8")),
        index_spec(Settings(window_vectors="derived")),
        index_spec(Settings(window_backend="onnx-int8")),
        index_spec(Settings(window_skip_pieces=48)),
        index_spec(Settings(passage_vectors="derived")),
    }
    assert len(specs) == 6


@pytest.mark.parametrize(
    ("windows", "passages"), [("embedded", "embedded"), ("derived", "embedded"), ("embedded", "derived")]
)
def test_progress_counts_documents_and_texts_and_ends_in_the_finishing_phase(
    tmp_path: Path, corpus_dir: Path, windows: str, passages: str
) -> None:
    settings = Settings(
        corpus_dir=corpus_dir, store_dir=tmp_path / "store", window_vectors=windows, passage_vectors=passages
    )
    assistant = Assistant(settings, embedder=HashingEmbedder())
    states: list[IndexProgress] = []
    report = assistant.index(on_progress=states.append)
    documents = len(assistant.documents())
    assert states[-1].texts_total == report.embedded
    assert states[0].texts_done == 0 and states[0].documents_done == 0 and states[0].eta_seconds is None
    assert states[-1].phase == "finishing" and states[-1].texts_done == report.embedded
    assert states[-1].documents_done == documents == states[-1].documents_total
    assert all(a.texts_done <= b.texts_done for a, b in itertools.pairwise(states))
    assert "finishing" in states[-1].line() and f"{documents} documents" in states[-1].line()


def test_an_eta_is_the_time_left_at_the_rate_so_far() -> None:
    state = IndexProgress(
        phase="embedding",
        source_id="a",
        documents_done=3,
        documents_total=10,
        texts_done=100,
        texts_total=400,
        seconds=50.0,
        eta_seconds=150.0,
    )
    assert state.line() == "3 of 10 documents, 100 of 400 texts embedded, about 2 min 30 s left"


@pytest.mark.model
def test_the_onnx_backends_give_the_torch_models_vectors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exported once into the cache folder, offline; float32 is the same model, int8 stays within a small angle."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    texts = [
        "Kratom is a tropical tree native to Southeast Asia.",
        "Withdrawal symptoms can include muscle aches, irritability and insomnia.",
        "The study enrolled 120 participants over two years, and the results were mixed." * 3,
        "x",
    ]
    reference = SentenceTransformerEmbedder(backend="torch").encode_uncached(texts)
    fp32 = SentenceTransformerEmbedder(backend="onnx").encode_uncached(texts)
    int8 = SentenceTransformerEmbedder(backend="onnx-int8").encode_uncached(texts)
    assert np.min(np.sum(fp32 * reference, axis=1)) > 0.9999
    assert np.min(np.sum(int8 * reference, axis=1)) > 0.97
    assert list((tmp_path / "cache" / "rag" / "onnx").glob("*/model-int8.onnx"))


@pytest.mark.model
def test_torch_batches_are_sorted_by_word_pieces_and_give_the_same_vectors() -> None:
    """Texts with many word pieces per character (figures, citations) share a batch with texts of as many word
    pieces, not of as many characters; each text's vector is what embedding it alone gives."""
    embedder = SentenceTransformerEmbedder(batch_size=2)
    texts = [
        "Short.",
        "A plain sentence about a tree that grows in the forest near a river bank.",
        "(12.5%, 95% CI 3.1-7.4; p<0.001) [17,18,19]",
        "Another plain sentence about rain.",
        "IL-6, TNF-α, IFN-γ: 1.2×10^5 PFU/mL",
    ]
    pieces = [len(embedder._model.tokenizer(t)["input_ids"]) for t in texts]
    batches = embedder._batches(texts)
    assert sorted(int(r) for rows in batches for r in rows) == list(range(len(texts)))
    widths = [[pieces[r] for r in rows] for rows in batches]
    assert all(min(a) >= max(b) for a, b in itertools.pairwise(widths)), widths
    # Sorting by characters would pair the citation (short in characters, long in word pieces) differently.
    assert len(texts[2]) < len(texts[1]) and pieces[2] > pieces[1]
    together = embedder.encode_uncached(texts)
    alone = np.vstack([embedder.encode_uncached([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert [list(rows) for rows in embedder._batches(["one question"])] == [[0]]
    assert embedder._batches([]) == []


def test_the_benchmark_report_shows_the_bare_llama_index_comparison() -> None:
    from rag.benchmark.report import _ingest
    from rag.benchmark.run import GOALS

    compared = {
        "kilobytes": 28.7,
        "backend": "onnx-int8",
        "window_vectors": "derived",
        "bare_llama_index": {"seconds": 10.0, "chunks": 29, "embed_seconds": 9.0, "chroma_seconds": 0.1},
        "ours": {
            "seconds": 25.0,
            "texts_embedded": 273,
            "embed_seconds": 15.0,
            "embed_seconds_in_contradiction_map": 1.0,
        },
        "bare_kb_per_s": 2.87,
        "ours_kb_per_s": 1.15,
        "ratio": 2.5,
    }
    text = "\n".join(_ingest({"ingest_vs_llama_index": compared}))
    assert "**2.5**" in text and "RAG_EMBED_BACKEND=onnx-int8" in text and "| 2.87 |" in text
    assert "not in --quick" in "\n".join(_ingest({"ingest_vs_llama_index": {"skipped": "not in --quick"}}))
    assert GOALS["index_vs_bare_llama_index_ratio"] == ("<=", 3.0)


def test_auto_precision_is_bfloat16_only_where_the_processor_computes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch

    from rag.ingest import precision

    assert precision.resolve("float32") == "float32" and precision.resolve("bfloat16") == "bfloat16"
    for native, expected in ((True, "bfloat16"), (False, "float32")):
        monkeypatch.setattr(precision, "native_bfloat16", lambda native=native: native)
        assert precision.resolve("auto") == expected
    with pytest.raises(ValueError, match="precision"):
        precision.resolve("float16")
    # Small calls (a question) stay in float32; large ones (indexing batches) compute in bfloat16.
    with precision.computing_in("bfloat16", precision.MIN_TEXTS - 1):
        assert not torch.is_autocast_enabled("cpu")
    with precision.computing_in("bfloat16", precision.MIN_TEXTS):
        assert torch.is_autocast_enabled("cpu") and torch.get_autocast_dtype("cpu") == torch.bfloat16
    with precision.computing_in("float32", 10_000):
        assert not torch.is_autocast_enabled("cpu")
    assert index_spec(Settings(embed_precision="bfloat16")) == index_spec(Settings(embed_precision="float32"))


@pytest.mark.model
def test_bfloat16_indexing_gives_the_float32_vectors_and_questions_stay_float32(corpus_dir: Path) -> None:
    """Indexing batches in bfloat16 keep the float32 vectors' directions, so a store built in either format
    serves the other; a question is embedded exactly as before."""
    settings = Settings(corpus_dir=corpus_dir)
    sentences = [
        s.strip() for d in scan_corpus(settings).documents for s in d.text.split(". ") if len(s.strip()) > 30
    ][:200]
    assert len(sentences) >= 64
    full = SentenceTransformerEmbedder(precision="float32")
    half = SentenceTransformerEmbedder(precision="bfloat16")
    assert half.precision == "bfloat16" and full.precision == "float32"
    agreement = np.sum(full.encode_uncached(sentences) * half.encode_uncached(sentences), axis=1)
    assert agreement.min() > 0.9999
    question = ["Is kratom addictive?"]
    assert np.array_equal(full.encode_uncached(question), half.encode_uncached(question))
