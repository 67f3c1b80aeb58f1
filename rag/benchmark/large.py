"""The large run: one synthetic corpus of about 100k passages, indexed once with the real model.

Run as ``python -m rag.benchmark.large --workdir DIR [--factor 1550]``. It takes hours on two cores, so it is not
part of ``rag bench``. Measured, in this order:
1. embedded mode: index time, contradiction map, unchanged re-index, query and ask() latency, peak RSS, store size;
2. a Chroma server (``chroma run``) serving the same store: the unchanged re-index, query and ask() latency
   through RAG_CHROMA_URL, and the peak RSS of both the client and the server.
Results go to ``DIR/large.json`` (``large-no-map.json`` with ``--no-map``) and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rag.benchmark.scale import peak_rss_mb, run_tier
from rag.benchmark.stats import REPO, free_port, stop_process, wait_for_port
from rag.benchmark.synthetic import build_corpus

CHROMA = Path(sys.executable).with_name("chroma")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rag.benchmark.large", description=__doc__)
    parser.add_argument(
        "--workdir",
        type=Path,
        required=True,
        help="a folder for the corpus and the store (both reused when present)",
    )
    parser.add_argument(
        "--factor", type=int, default=1550, help="copies of the corpus (1550: about 100k passages)"
    )
    parser.add_argument(
        "--encoder",
        choices=("model", "hashing"),
        default="model",
        help="hashing: a fast fake, for tests only",
    )
    parser.add_argument(
        "--no-map",
        action="store_true",
        help="skip the contradiction map (and so ask()); with an indexed store in DIR, times retrieval only",
    )
    parser.add_argument("--questions", type=int, default=50, help="questions timed in each mode")
    parser.add_argument(
        "--timeout", type=float, default=6 * 3600, help="seconds allowed for the embedded tier"
    )
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"factor": args.factor, "load_at_start": os.getloadavg()}
    corpus_dir = args.workdir / "corpus"
    store = args.workdir / "store"
    if corpus_dir.exists():
        results["corpus_characters"] = sum(f.stat().st_size for f in corpus_dir.iterdir())
    else:
        built = build_corpus(REPO / "corpus", corpus_dir, args.factor, seed=args.factor)
        results["corpus_characters"] = built.characters
    _log(f"corpus: {args.factor} copies, {results['corpus_characters'] / 1e6:.1f} MB in {corpus_dir}")

    results["embedded"] = run_tier(
        corpus_dir, store, args.encoder, not args.no_map, args.questions, timeout=args.timeout
    )
    results["load_after_index"] = os.getloadavg()
    _write(args.workdir, results, args.no_map)
    _log(f"embedded: {json.dumps(results['embedded'])}")

    results["server"] = _through_server(corpus_dir, store, args.encoder, not args.no_map, args.questions)
    results["load_at_end"] = os.getloadavg()
    _write(args.workdir, results, args.no_map)
    print(json.dumps(results, indent=1))
    return 0


def _through_server(
    corpus_dir: Path, store: Path, encoder: str, conflicts: bool, n_questions: int
) -> dict[str, Any]:
    """The same store served by ``chroma run``: nothing is re-embedded, so this times the client-server path."""
    if not CHROMA.exists():
        return {"error": f"no chroma executable next to {sys.executable}"}
    port = free_port()
    log = store.parent / "chroma-server.log"
    with open(log, "ab") as out:
        server = subprocess.Popen(
            [str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(store)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        began = time.perf_counter()
        if not wait_for_port(port, timeout=600):
            return {"error": f"chroma run did not listen within 600 s; see {log}"}
        listening = round(time.perf_counter() - began, 1)
        measured = run_tier(
            corpus_dir,
            store,
            encoder,
            conflicts,
            n_questions,
            timeout=3600,
            chroma_url=f"http://127.0.0.1:{port}",
        )
        measured["server_start_seconds"] = listening
        measured["server_peak_rss_mb"] = peak_rss_mb(server.pid)
        return measured
    finally:
        stop_process(server)


def _write(workdir: Path, results: dict[str, Any], no_map: bool) -> None:
    name = "large-no-map.json" if no_map else "large.json"
    (workdir / name).write_text(json.dumps(results, indent=1), encoding="utf-8")


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
