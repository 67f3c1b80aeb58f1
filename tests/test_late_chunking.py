"""Late chunking: window and passage vectors pooled from the document's contextual word-piece vectors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rag.assistant import Assistant
from rag.ingest.chunking import ChunkedDocument
from rag.ingest.embedder import HashingEmbedder, load_embedder
from rag.ingest.indexer import index_spec, read_all, split_sentence_vector
from rag.ingest.late_chunking import LateChunker
from rag.ingest.store import PASSAGES, SENTENCES
from rag.settings import Settings
from rag.types import Document

_WORD = re.compile(r"\S+")


class WordEncoder:
    """Words as word pieces; a word's "contextual" vector is its id one-hot plus, in the last column, the
    position of the chunk it was read in (so a test sees which chunk served each span)."""

    def __init__(self, chunk_pieces: int, vocabulary: int = 64) -> None:
        self.chunk_pieces = chunk_pieces
        self.dimension = vocabulary + 1
        self.prefix = 1
        self.seen: list[list[int]] = []

    def pieces(self, text: str) -> tuple[list[int], list[int]]:
        words = list(_WORD.finditer(text))
        return [hash(m.group()) % (self.dimension - 1) for m in words], [m.start() for m in words]

    def contextual(self, chunks: list[list[int]]) -> list[np.ndarray]:
        self.seen += chunks
        out = []
        for number, chunk in enumerate(chunks):
            states = np.zeros((len(chunk) + 2, self.dimension), dtype=np.float32)
            for k, piece in enumerate(chunk):
                states[k + 1, piece] = 1.0
            states[:, -1] = number  # which chunk, on every row (specials included)
            out.append(states)
        return out


def _words(text: str, lo: int, hi: int) -> list[str]:
    return _WORD.findall(text[lo:hi])


def test_spans_pool_their_own_word_pieces_across_chunk_borders() -> None:
    text = " ".join(f"w{i}" for i in range(100))  # 100 word pieces, chunks of 10
    encoder = WordEncoder(chunk_pieces=10)
    chunker = LateChunker(encoder, margin=2, specials=False)
    starts = [m.start() for m in _WORD.finditer(text)]
    ends = [m.end() for m in _WORD.finditer(text)]
    spans = [(starts[i], ends[min(i + 2, 99)]) for i in range(0, 98, 3)] + [(starts[40], ends[75])]
    got = chunker.vectors([(text, spans)])
    assert got.shape == (len(spans), encoder.dimension)
    assert not np.isnan(got).any()
    ids, _ = encoder.pieces(text)
    for (lo, hi), vector in zip(spans, got, strict=True):
        first = starts.index(lo)
        last = ends.index(hi)
        expected = np.zeros(encoder.dimension)
        for k in range(first, last + 1):
            expected[ids[k]] += 1.0
        # The word-piece part is exactly the span's own pieces (whatever chunk served them).
        words = vector[:-1] / vector[:-1].sum()
        assert np.allclose(words, expected[:-1] / expected[:-1].sum(), atol=1e-5)
    # Every span of at most a chunk came from one chunk read whole; the 36-piece span from four chunks of its own.
    assert all(len(chunk) <= 10 for chunk in encoder.seen)
    assert chunker.report.chunks == len(encoder.seen)
    assert chunker.report.word_pieces == sum(len(c) + 2 for c in encoder.seen)
    # The document is read about once, not once per span: 34 spans of 3 pieces over 100 pieces.
    shared = [c for c in encoder.seen if len(c) == 10]
    assert len(encoder.seen) < 34
    assert len(shared) >= 10


def test_a_span_is_read_where_it_sits_most_centrally() -> None:
    text = " ".join(f"w{i}" for i in range(40))
    encoder = WordEncoder(chunk_pieces=20)
    chunker = LateChunker(encoder, margin=4, specials=False)
    starts = [m.start() for m in _WORD.finditer(text)]
    ends = [m.end() for m in _WORD.finditer(text)]
    spans = [(starts[0], ends[2]), (starts[18], ends[21]), (starts[30], ends[39]), (starts[16], ends[18])]
    got = chunker.vectors([(text, spans)])
    ids = encoder.pieces(text)[0]
    # Chunks open at 0, at 14 (w18 less the margin) and at 20 (the last one ends with the document).
    assert encoder.seen == [ids[0:20], ids[14:34], ids[20:40]]
    # The chunk marker over the word part's sum (the mean of one-hots sums to 1 before normalising).
    served = [round(float(v[-1] / v[:-1].sum())) for v in got]
    # w16..w18 fits [0, 20) with 1 piece to spare after it and [14, 34) with 2 before it: the second.
    assert served == [0, 1, 2, 1]
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_empty_and_one_sentence_documents() -> None:
    encoder = WordEncoder(chunk_pieces=10)
    chunker = LateChunker(encoder)
    got = chunker.vectors([("", []), ("   ", [(0, 3)]), ("One short sentence.", [(0, 19)])])
    assert got.shape == (2, encoder.dimension)
    assert np.isnan(got[0]).all()  # no word pieces: the caller falls back
    assert np.isclose(np.linalg.norm(got[1]), 1.0)
    assert encoder.seen == [encoder.pieces("One short sentence.")[0]]


def test_late_chunking_enters_the_index_spec() -> None:
    plain = index_spec(Settings())
    late = index_spec(Settings(window_vectors="late", late_chunk_pieces=256))
    both = index_spec(Settings(window_vectors="late", passage_vectors="late", late_chunk_pieces=256))
    assert len({plain, late, both, index_spec(Settings(window_vectors="late", late_chunk_pieces=128))}) == 4
    assert late.startswith(plain) and "late-256" in late


def test_an_embedder_without_word_pieces_embeds_the_windows(tmp_path: Path, corpus_dir: Path) -> None:
    """The hashing encoder (and the ONNX backends) give no contextual vectors: windows are embedded as texts."""
    settings = Settings(
        corpus_dir=corpus_dir, store_dir=tmp_path / "store", window_vectors="late", passage_vectors="late"
    )
    embedded: list[str] = []

    class Recording(HashingEmbedder):
        def embed(self, texts: list[str]) -> np.ndarray:
            embedded.extend(texts)
            return super().embed(texts)

    Assistant(settings, embedder=Recording()).index()
    windows = {w for c in _chunks(settings) for w in c.windows}
    assert windows <= set(embedded)


def _chunks(settings: Settings) -> list[ChunkedDocument]:
    from rag.ingest.corpus import scan_corpus

    return [
        ChunkedDocument(
            d, settings.chunk_max_chars, settings.chunk_overlap_sentences, settings.sentence_window
        )
        for d in scan_corpus(settings).documents
    ]


_PROSE = (
    "Kidney stones form when minerals in urine crystallise. Drinking more water dilutes the urine. "
    "It also lowers the chance that crystals grow. Some stones pass without treatment. Larger ones may need "
    "a procedure that breaks them into pieces. A doctor can test a passed stone to find its type. "
    "Knowing the type guides the diet advice that follows. Calcium oxalate stones are the most common kind."
)


def _prose_windows() -> tuple[Any, ChunkedDocument, list[tuple[int, int]]]:
    """The real model, the prose document chunked, and each sentence's window as a character span."""
    embedder = load_embedder("all-MiniLM-L6-v2")
    document = Document(source_id="d", title="t", path=Path("d.txt"), text=_PROSE, content_hash="h" * 64)
    chunk = ChunkedDocument(document, 700, 1, 1)
    last = len(chunk.sentences) - 1
    spans = [
        (chunk.sentences[max(i - 1, 0)].start, chunk.sentences[min(i + 1, last)].end)
        for i in range(len(chunk.sentences))
    ]
    return embedder, chunk, spans


@pytest.mark.model
def test_a_late_window_is_close_to_the_embedded_window() -> None:
    embedder, chunk, spans = _prose_windows()
    encoder = embedder.token_encoder(256)  # type: ignore[attr-defined]
    late = LateChunker(encoder).vectors([(_PROSE, spans)])
    embedded = embedder.embed(chunk.windows)
    cosines = np.sum(late * embedded, axis=1)
    # The first windows (little context before them) are nearly the embedded ones; context moves the others.
    assert cosines[:2].min() > 0.9 and cosines.mean() > 0.7
    # A document longer than one chunk (chunks of 24 pieces here): every window still gets a unit vector near
    # its embedded one, the passage (longer than a chunk) is pooled over several chunks.
    small = LateChunker(embedder.token_encoder(24))  # type: ignore[attr-defined]
    got = small.vectors([(_PROSE, [*spans, (0, len(_PROSE))])])
    assert small.report.chunks > 2
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert np.sum(got[:-1] * embedded, axis=1).mean() > 0.7
    whole = embedder.embed([_PROSE])[0]
    assert float(got[-1] @ whole) > 0.8


@pytest.mark.model
def test_indexing_with_late_windows_and_passages_stores_them(tmp_path: Path, corpus_dir: Path) -> None:
    settings = Settings(
        corpus_dir=corpus_dir,
        store_dir=tmp_path / "store",
        window_vectors="late",
        passage_vectors="late",
        late_chunk_pieces=256,
    )
    embedder = load_embedder(settings.embed_model)
    embedded: list[str] = []

    class Recording:
        name = embedder.name
        dimension = embedder.dimension

        def embed(self, texts: list[str]) -> np.ndarray:
            embedded.extend(texts)
            return embedder.embed(texts)

        def token_encoder(self, window: int) -> object:
            return embedder.token_encoder(window)  # type: ignore[attr-defined]

    assistant = Assistant(settings, embedder=Recording())  # type: ignore[arg-type]
    report = assistant.index()
    chunks = _chunks(settings)
    sentences = {s.text for c in chunks for s in c.sentences}
    # Only the sentences were embedded as texts (and the gate's and map's own texts, which are not windows).
    windows = {w for c in chunks for w in c.windows} - sentences
    passages = {p.text for c in chunks for p in c.passages} - sentences
    assert not windows & set(embedded) and not passages & set(embedded)
    assert report.embedded < sum(len(c.sentences) * 2 + len(c.passages) for c in chunks)
    stored = read_all(assistant._components()[0].store, SENTENCES, ["embeddings"])
    own, window = split_sentence_vector(np.asarray(stored["embeddings"], dtype=np.float32))
    assert np.allclose(np.linalg.norm(window, axis=1), 1.0, atol=1e-4)
    assert float(np.mean(np.sum(own * window, axis=1))) < 0.99  # windows are not the sentences' own vectors
    passages_stored = read_all(assistant._components()[0].store, PASSAGES, ["embeddings"])
    assert len(passages_stored["ids"]) == sum(len(c.passages) for c in chunks)
    answer = assistant.ask("What is kratom?")
    assert answer.citations


@pytest.mark.model
def test_taking_the_chunk_mean_away_keeps_windows_apart() -> None:
    """Context pulls the windows of one chunk together; removing part of the chunk's mean separates them."""
    embedder, chunk, spans = _prose_windows()
    embedded = embedder.embed(chunk.windows)
    encoder = embedder.token_encoder(256)  # type: ignore[attr-defined]

    def own_nearest(centre: float) -> int:
        late = LateChunker(encoder, centre=centre).vectors([(_PROSE, spans)])
        return int((np.argmax(late @ embedded.T, axis=1) == np.arange(len(spans))).sum())

    assert own_nearest(0.5) > own_nearest(0.0)
