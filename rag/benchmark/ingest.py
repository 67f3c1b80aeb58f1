"""Indexing against what a user would otherwise run: a bare llama-index ingestion of the same files with the same
model, in the same process and run, and where our own indexing spends its time.

The bare side: the same files read as the indexer reads them, llama-index's ``SentenceSplitter`` at 256 word pieces
of the model's own tokenizer (the model's window, so every token of the text is embedded once), the same model on
the torch backend through llama-index's embedding interface, and ``ChromaVectorStore.add`` into a fresh embedded
store. Ours: ``Assistant.index()`` on a fresh store, with the settings given (backend, window vectors), split into
embedding, Chroma writes, the contradiction map, BM25 and the relevance gate's calibration.

Run alone with ``python -m rag.benchmark.ingest CORPUS_DIR [--repeats N]``; ``rag bench`` runs it on the seed corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.benchmark.stats import timed
from rag.ingest.corpus import scan_corpus
from rag.ingest.embedder import Embedder, load_embedder, resolve_model_path, settings_embedder
from rag.safety.dosing.detector import is_dosing_guidance
from rag.settings import Settings

CHUNK_TOKENS = 256
CHUNK_OVERLAP = 20  # llama-index's usual small overlap; a larger one would only make the bare side slower


class _Clock:
    """Seconds spent inside named methods, found by wrapping them for the duration of one measurement."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    @contextlib.contextmanager
    def watching(self, targets: dict[str, list[tuple[Any, str]]]) -> Iterator[None]:
        saved: list[tuple[Any, str, Any]] = []
        for stage, methods in targets.items():
            for owner, name in methods:
                original = owner.__dict__[name]
                saved.append((owner, name, original))
                setattr(owner, name, self._wrap(stage, original))
        try:
            yield
        finally:
            for owner, name, original in reversed(saved):
                setattr(owner, name, original)

    def _wrap(self, stage: str, fn: Any) -> Any:
        clock = self

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                clock.seconds[stage] = clock.seconds.get(stage, 0.0) + time.perf_counter() - began
                clock.calls[stage] = clock.calls.get(stage, 0) + 1

        return timed_call


class _TimedEmbedder:
    """The embedder, with the time spent in model calls added up (inside and outside the contradiction map)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.seconds = 0.0
        self.texts = 0

    def embed(self, texts: list[str]) -> Any:
        began = time.perf_counter()
        try:
            return self._inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - began
            self.texts += len(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _SharedClock(_TimedEmbedder):
    """Another embedder whose time and texts are added to ``clock``'s."""

    def __init__(self, inner: Any, clock: _TimedEmbedder) -> None:
        super().__init__(inner)
        self._clock = clock

    def embed(self, texts: list[str]) -> Any:
        began = time.perf_counter()
        try:
            return self._inner.embed(texts)
        finally:
            self._clock.seconds += time.perf_counter() - began
            self._clock.texts += len(texts)


def bare_ingestion(settings: Settings, embedder: Embedder, store_dir: Path) -> dict[str, Any]:
    """llama-index alone: split, embed, add to Chroma; each stage timed."""
    import chromadb
    from llama_index.core import Document as LlamaDocument
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from transformers import AutoTokenizer

    from rag.ingest.embedder import llama_embedding

    LlamaSettings.llm = None
    tokenizer = AutoTokenizer.from_pretrained(resolve_model_path(settings.embed_model))
    documents = [
        LlamaDocument(text=d.text, id_=d.source_id, metadata={"source_id": d.source_id, "title": d.title})
        for d in scan_corpus(settings, is_dosing_guidance).documents
    ]
    splitter = SentenceSplitter(
        chunk_size=CHUNK_TOKENS,
        chunk_overlap=CHUNK_OVERLAP,
        tokenizer=lambda text: tokenizer.encode(text, add_special_tokens=False),
    )
    embed_model = llama_embedding(embedder)
    out: dict[str, Any] = {}
    out["split_seconds"], nodes = timed(lambda: splitter.get_nodes_from_documents(documents))
    texts = [n.get_content(metadata_mode="embed") for n in nodes]  # what llama-index embeds by default

    def embed() -> None:
        for node, vector in zip(nodes, embed_model.get_text_embedding_batch(texts), strict=True):
            node.embedding = vector

    out["embed_seconds"], _ = timed(embed)
    shutil.rmtree(store_dir, ignore_errors=True)
    client = chromadb.PersistentClient(path=str(store_dir))
    collection = client.get_or_create_collection("bare", embedding_function=None)
    vector_store = ChromaVectorStore(chroma_collection=collection)
    out["chroma_seconds"], _ = timed(lambda: vector_store.add(nodes))
    out["seconds"] = round(out["split_seconds"] + out["embed_seconds"] + out["chroma_seconds"], 3)
    out["chunks"] = len(nodes)
    out["tokens_embedded"] = sum(min(len(tokenizer.encode(t)), CHUNK_TOKENS) for t in texts)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def ours(settings: Settings, embedder: Embedder, store_dir: Path) -> dict[str, Any]:
    """``Assistant.index()`` on an empty store (the dosing bank embedded beforehand, as at any start-up)."""
    from rag.assistant import Assistant
    from rag.ingest.indexer import Indexer
    from rag.ingest.late_chunking import LateChunker
    from rag.retrieval.bm25 import BM25
    from rag.safety.contradictions.contradiction_map import ConflictMap

    shutil.rmtree(store_dir, ignore_errors=True)
    local = settings.model_copy(update={"store_dir": store_dir, "chroma_url": None})
    timed_embedder = _TimedEmbedder(embedder)
    assistant = Assistant(local, embedder=timed_embedder)
    assistant.dosing_verdict("warm up")  # the parts, with the dosing bank's examples, outside the timing
    if settings.window_backend != "same":
        # The windows' own backend, loaded and warmed outside the timing, its time counted as embedding.
        windows = settings_embedder(settings, settings.window_backend)
        windows.embed(["warm up the window encoder"])
        getattr(windows, "clear_cache", lambda: None)()
        assistant._components()[0].window_embedder = _SharedClock(windows, timed_embedder)
    timed_embedder.seconds, timed_embedder.texts = 0.0, 0
    clock = _Clock()
    targets: dict[str, list[tuple[Any, str]]] = {
        "chroma_writes": [(Indexer, "_write_sentences"), (Indexer, "_write_passages")],
        "contradiction_map": [(ConflictMap, "update"), (ConflictMap, "sync")],
        "bm25": [(BM25, "__init__")],
        "gate_calibration": [(Assistant, "gate_thresholds")],
        # Late chunking's model calls (windows and passages pooled from word pieces): encoder time too.
        "late_chunking": [(LateChunker, "vectors")],
    }
    embedded_in_map = 0.0
    original_update = ConflictMap.__dict__["update"]

    def update_counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal embedded_in_map
        before = timed_embedder.seconds
        try:
            return original_update(self, *args, **kwargs)
        finally:
            embedded_in_map += timed_embedder.seconds - before

    ConflictMap.update = update_counting  # type: ignore[method-assign]
    try:
        with clock.watching(targets):
            seconds, report = timed(assistant.index)
    finally:
        ConflictMap.update = original_update  # type: ignore[method-assign]
    stages = {k: round(v, 3) for k, v in clock.seconds.items()}
    return {
        "seconds": round(seconds, 3),
        "texts_embedded": report.embedded,
        "passages": report.passages,
        "embed_seconds": round(timed_embedder.seconds, 3),
        "embed_seconds_in_contradiction_map": round(embedded_in_map, 3),
        "embed_calls_texts": timed_embedder.texts,
        **{f"{k}_seconds": v for k, v in stages.items()},
    }


def compare(
    settings: Settings, workdir: Path, repeats: int = 1, bare_precision: str = "float32"
) -> dict[str, Any]:
    """Both sides alternated ``repeats`` times (best of each), the model loaded beforehand on both.

    The bare side runs as a user would: the model on torch in float32, the library's default. ``bare_precision``
    "auto" gives it our number format too, to show what the format alone is worth."""
    bare_embedder = load_embedder(settings.embed_model, settings.embed_batch_size, "torch", bare_precision)
    our_embedder = settings_embedder(settings)
    for each in {id(bare_embedder): bare_embedder, id(our_embedder): our_embedder}.values():
        each.embed(["warm up the encoder"])
    kilobytes = (
        sum(len(d.text.encode("utf-8")) for d in scan_corpus(settings, is_dosing_guidance).documents) / 1000
    )
    bare_runs: list[dict[str, Any]] = []
    our_runs: list[dict[str, Any]] = []
    for attempt in range(repeats):
        for each in (bare_embedder, our_embedder):
            getattr(each, "clear_cache", lambda: None)()
        bare_runs.append(bare_ingestion(settings, bare_embedder, workdir / f"bare-{attempt}"))
        getattr(our_embedder, "clear_cache", lambda: None)()
        our_runs.append(ours(settings, our_embedder, workdir / f"ours-{attempt}"))
    bare = min(bare_runs, key=lambda r: r["seconds"])
    mine = min(our_runs, key=lambda r: r["seconds"])
    return {
        "kilobytes": round(kilobytes, 1),
        "backend": settings.embed_backend,
        "precision": getattr(our_embedder, "precision", "float32"),
        "bare_precision": getattr(bare_embedder, "precision", "float32"),
        "window_vectors": settings.window_vectors,
        "passage_vectors": settings.passage_vectors,
        "bare_llama_index": bare,
        "ours": mine,
        "bare_kb_per_s": round(kilobytes / max(bare["seconds"], 1e-9), 2),
        "ours_kb_per_s": round(kilobytes / max(mine["seconds"], 1e-9), 2),
        "ratio": round(mine["seconds"] / max(bare["seconds"], 1e-9), 3),
        "runs_seconds": {
            "bare": [r["seconds"] for r in bare_runs],
            "ours": [r["seconds"] for r in our_runs],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--bare-precision",
        choices=("float32", "auto"),
        default="float32",
        help="the bare side's number format (auto: ours, to isolate what it is worth)",
    )
    args = parser.parse_args(argv)
    settings = Settings(corpus_dir=args.corpus)
    if not scan_corpus(settings, is_dosing_guidance).documents:
        # Both sides would take no time, and their ratio would mean nothing.
        print(
            f"error: no document to index in {args.corpus} (a folder of .txt, .md, .html, .pdf or .docx files)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="rag-ingest-") as tmp:
        result = compare(settings, Path(tmp), args.repeats, args.bare_precision)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
