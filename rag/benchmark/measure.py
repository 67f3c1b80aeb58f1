"""The measurements on the real corpus: indexing against the encoder, ask() against a bare retriever,
the unchanged re-index, and the same ask() against a Chroma server."""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import partial
from pathlib import Path
from typing import Any

from rag.benchmark.stats import free_port, stop_process, summary_ms, timed, wait_for_port
from rag.ingest.chunking import ChunkedDocument
from rag.ingest.corpus import scan_corpus
from rag.ingest.indexer import Indexer
from rag.ingest.store import PASSAGES, Store
from rag.safety.dosing.detector import is_dosing_guidance
from rag.settings import Settings


def corpus_texts(settings: Settings) -> list[str]:
    """Every text indexing embeds for the corpus: sentences, sentence windows and passages."""
    texts: list[str] = []
    for document in scan_corpus(settings, is_dosing_guidance).documents:
        chunk = ChunkedDocument(
            document, settings.chunk_max_chars, settings.chunk_overlap_sentences, settings.sentence_window
        )
        texts += [s.text for s in chunk.sentences] + chunk.windows + [p.text for p in chunk.passages]
    return texts


def index_throughput(settings: Settings, embedder: Any, workdir: Path, repeats: int) -> dict[str, Any]:
    """Texts per second of Indexer.run on an empty store against raw encode of the same texts (best of each).

    The two alternate, so a burst of load on a shared machine hits both alike.
    """
    texts = corpus_texts(settings)
    embedder.encode_uncached(texts[:32])  # first call pays one-off set-up; neither side should
    encode_s: list[float] = []
    index_s: list[float] = []
    embedded = 0
    for attempt in range(repeats):
        encode_s.append(timed(lambda: embedder.encode_uncached(texts))[0])
        store_dir = workdir / f"throughput-{attempt}"
        shutil.rmtree(store_dir, ignore_errors=True)
        embedder.clear_cache()
        run_settings = settings.model_copy(update={"store_dir": store_dir})
        seconds, report = timed(
            Indexer(run_settings, Store(run_settings), embedder, withhold_title=is_dosing_guidance).run
        )
        index_s.append(seconds)
        embedded = report.embedded
    encode_rate = len(texts) / min(encode_s)
    index_rate = embedded / min(index_s)
    return {
        "texts": len(texts),
        "texts_embedded_by_index": embedded,
        "encode_seconds": [round(s, 3) for s in encode_s],
        "index_seconds": [round(s, 3) for s in index_s],
        "encode_texts_per_second": round(encode_rate, 1),
        "index_texts_per_second": round(index_rate, 1),
        "ratio": round(index_rate / encode_rate, 3),
    }


def reindex_unchanged(assistant: Any, repeats: int = 3) -> dict[str, Any]:
    """Assistant.index() on an up-to-date store: hash checks, nothing embedded (best and all runs)."""
    runs = []
    embedded = 0
    for _ in range(repeats):
        seconds, report = timed(assistant.index)
        runs.append(seconds)
        embedded += report.embedded
    return {"seconds": round(min(runs), 4), "runs": [round(s, 4) for s in runs], "texts_embedded": embedded}


def bare_retriever(assistant: Any) -> Any:
    """A plain llama-index dense retriever over the same passages collection and the same model."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from rag.ingest.embedder import llama_embedding

    LlamaSettings.llm = None
    vector_store = ChromaVectorStore(chroma_collection=assistant.store.collection(PASSAGES))
    index = VectorStoreIndex.from_vector_store(vector_store, embed_model=llama_embedding(assistant.embedder))
    return index.as_retriever(similarity_top_k=assistant.settings.dense_top_k)


def ask_latency(assistant: Any, questions: list[str], warm: list[str], bare: Any = None) -> dict[str, Any]:
    """Warm ask() latency, and the bare retriever's on the same questions, interleaved question by question.

    The embedding cache is cleared before every timed call: each question is embedded as if new, on both sides.
    """
    embedder = assistant.embedder
    for question in warm:
        assistant.ask(question)
        if bare is not None:
            bare.retrieve(question)
    ask_s: list[float] = []
    bare_s: list[float] = []
    for question in questions:
        embedder.clear_cache()
        ask_s.append(timed(partial(assistant.ask, question))[0])
        if bare is not None:
            embedder.clear_cache()
            bare_s.append(timed(partial(bare.retrieve, question))[0])
    out: dict[str, Any] = {"ask_ms": summary_ms(ask_s)}
    if bare is not None:
        out["bare_retriever_ms"] = summary_ms(bare_s)
        out["ratio_p50"] = round(out["ask_ms"]["p50"] / max(out["bare_retriever_ms"]["p50"], 1e-9), 3)
    return out


def server_mode(
    settings: Settings, embedder: Any, workdir: Path, questions: list[str], warm: list[str]
) -> dict:
    """The same ask() against ``chroma run`` on loopback (stopped by its pid afterwards)."""
    from rag.assistant import Assistant

    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        return {"error": f"no chroma command next to {sys.executable}"}
    port = free_port()
    data = workdir / "chroma-server"
    shutil.rmtree(data, ignore_errors=True)
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_port(port, 60):
            return {"error": "the Chroma server did not start within 60 s"}
        remote = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{port}"})
        assistant = Assistant(remote, embedder=embedder)
        index_seconds, _ = timed(assistant.index)
        result = ask_latency(assistant, questions, warm)
        return {"port": port, "index_seconds": round(index_seconds, 2), **result}
    finally:
        stop_process(server)
