"""One scale tier per subprocess, so each peak RSS is its own: index, contradiction map, query latency.

Run as ``python -m rag.benchmark.scale '<json>'``; prints one ``RESULT {...}`` line.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from rag.benchmark.stats import questions, summary_ms, timed

_RESULT = "RESULT "


def run_tier(
    corpus: Path,
    store: Path,
    encoder: str,
    conflicts: bool,
    n_questions: int,
    timeout: float,
    chroma_url: str | None = None,
) -> dict:
    """Measure one synthetic corpus in a fresh interpreter; an error or timeout comes back as ``error``.
    With ``chroma_url`` the tier talks to that Chroma server instead of the embedded store."""
    args = {
        "corpus": str(corpus),
        "store": str(store),
        "encoder": encoder,
        "conflicts": conflicts,
        "n_questions": n_questions,
        "chroma_url": chroma_url,
    }
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rag.benchmark.scale", json.dumps(args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {timeout:.0f} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(_RESULT):
            return dict(json.loads(line[len(_RESULT) :]))
    return {"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"}


def measure(
    corpus: Path, store: Path, encoder: str, conflicts: bool, n_questions: int, chroma_url: str | None = None
) -> dict[str, Any]:
    from rag.assistant import Assistant
    from rag.errors import StoreError
    from rag.ingest.corpus import scan_corpus
    from rag.ingest.embedder import Embedder, HashingEmbedder, settings_embedder
    from rag.ingest.indexer import Indexer
    from rag.ingest.store import PASSAGES, SENTENCES, Store
    from rag.retrieval.retriever import Retriever
    from rag.safety.contradictions.contradiction_map import ConflictMap
    from rag.safety.dosing.detector import is_dosing_guidance
    from rag.settings import Settings

    settings = Settings(corpus_dir=corpus, store_dir=store, chroma_url=chroma_url)
    embedder: Embedder = HashingEmbedder(384) if encoder == "hashing" else settings_embedder(settings)
    out: dict[str, Any] = {"encoder": encoder}
    store_ = Store(settings)
    indexer = Indexer(settings, store_, embedder, withhold_title=is_dosing_guidance)
    out["index_seconds"], report = timed(indexer.run)
    out["texts_embedded"] = report.embedded
    out["texts_per_second"] = round(report.embedded / max(out["index_seconds"], 1e-9), 1)
    out["passages"] = report.passages
    out["sentences"] = store_.collection(SENTENCES).count()
    out["documents"] = len(report.added)
    if conflicts:
        conflict_map = ConflictMap(store_, embedder, settings)
        documents = scan_corpus(settings, is_dosing_guidance).documents
        began = time.perf_counter()
        try:
            built = conflict_map.sync(documents)
        except StoreError as exc:
            # Reported, not fatal: the index and retrieval are still measured. ask() would retry the map.
            out["conflict_map_error"] = f"after {time.perf_counter() - began:.1f} s: {exc}"[:400]
            conflicts = False
        else:
            out["conflict_map_seconds"] = time.perf_counter() - began
            out["claims"] = built.claims
            out["contradictions"] = built.contradictions
    assistant = Assistant(settings, embedder=embedder)
    assistant.dosing_verdict("warm up")  # builds the parts (embeds the dosing examples) outside the timings
    if conflicts:
        # Everything is indexed: this is the unchanged re-index (hash check of every document).
        out["reindex_unchanged_seconds"], _ = timed(assistant.index)
    asked = questions(limit=n_questions)
    retriever = Retriever(settings, Store(settings), embedder, indexer)
    for question in asked[:3]:  # warm: BM25 built, collections opened
        retriever.retrieve(question, embedder.embed([question])[0])
        if conflicts:
            assistant.ask(question)
    retrieve_s, ask_s, encode_s = [], [], []
    for question in asked:
        _clear(embedder)
        encode_s.append(timed(partial(embedder.embed, [question]))[0])
        _clear(embedder)
        retrieve_s.append(timed(partial(_retrieve, retriever, embedder, question))[0])
        if conflicts:
            _clear(embedder)
            ask_s.append(timed(partial(assistant.ask, question))[0])
    out["retrieve_ms"] = summary_ms(retrieve_s)  # question embedding + retrieval
    out["encode_question_ms"] = summary_ms(encode_s)
    if conflicts:
        out["ask_ms"] = summary_ms(ask_s)
    out["passages_in_store"] = store_.collection(PASSAGES).count()
    if not chroma_url:
        out["store_mb"] = round(sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 2**20, 1)
    out["peak_rss_mb"] = _peak_rss_mb()
    return out


def _peak_rss_mb() -> float:
    """This process's high-water RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent
    across fork and exec, so every tier would report at least the benchmark process's own size."""
    found = peak_rss_mb("self")
    return found if found is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_rss_mb(pid: int | str) -> float | None:
    """A process's high-water RSS in MB (VmHWM), or None when /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _retrieve(retriever: Any, embedder: Any, question: str) -> Any:
    return retriever.retrieve(question, embedder.embed([question])[0])


def _clear(embedder: Any) -> None:
    clear = getattr(embedder, "clear_cache", None)
    if clear is not None:
        clear()


def main() -> int:
    args = json.loads(sys.argv[1])
    started = time.perf_counter()
    result = measure(
        Path(args["corpus"]),
        Path(args["store"]),
        args["encoder"],
        bool(args["conflicts"]),
        int(args["n_questions"]),
        args.get("chroma_url"),
    )
    result["tier_seconds"] = round(time.perf_counter() - started, 1)
    print(_RESULT + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
