"""Cold start, each measured in a fresh interpreter: import, model load, store open, first answer; and the UI.

Run as ``python -m rag.benchmark.cold '<json>'`` for the library part; prints one ``RESULT {...}`` line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rag.benchmark.stats import free_port, stop_process, wait_for_port

_RESULT = "RESULT "


def library_cold_start(corpus: Path, store: Path, question: str, timeout: float = 300) -> dict[str, Any]:
    """Import, model load, store open and first answer of a new process over an indexed store."""
    args = json.dumps({"corpus": str(corpus), "store": str(store), "question": question})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rag.benchmark.cold", args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_env(corpus, store),
        check=False,
    )
    wall = time.perf_counter() - started
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(_RESULT):
            got = json.loads(line[len(_RESULT) :])
            got["import_seconds"] = _import_seconds(corpus, store)
            got["total_seconds"] = round(got["total_seconds"] + got["import_seconds"], 3)
            return {**got, "process_wall_seconds": round(wall, 2)}
    return {"error": f"exit {done.returncode}: {done.stderr.strip()[-500:]}"}


def _import_seconds(corpus: Path, store: Path) -> float:
    """``import rag`` and the Assistant in a fresh interpreter (the model is imported lazily, later)."""
    code = (
        "import time; t = time.perf_counter(); import rag; from rag.assistant import Assistant; "
        "print(time.perf_counter() - t)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(corpus, store), check=False
    )
    try:
        return round(float(done.stdout.strip().splitlines()[-1]), 3)
    except (ValueError, IndexError):
        return -1.0


def ui_first_answer(corpus: Path, store: Path, question: str, timeout: float = 180) -> dict[str, Any]:
    """Seconds from starting ``rag serve`` to the first answer received through the Gradio API."""
    try:
        from gradio_client import Client
    except ImportError:
        return {"error": "gradio_client is not installed"}
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "serve", "--port", str(port)],
        env=_env(corpus, store),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for_port(port, timeout):
            return {"error": f"the UI did not listen on port {port} within {timeout:.0f} s"}
        listening = time.perf_counter() - started
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        result = client.predict(question, [], api_name="/chat")
        answered = time.perf_counter() - started
        got_answer = bool(result) and "documents" in json.dumps(result, default=str).lower()
        return {
            "listening_seconds": round(listening, 2),
            "first_answer_seconds": round(answered, 2),
            "answer_received": got_answer,
        }
    except Exception as exc:  # the UI is a colleague's module: report, don't fail the benchmark
        return {"error": f"{exc.__class__.__name__}: {exc}"[:300]}
    finally:
        stop_process(server)


def _env(corpus: Path, store: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_STORE_DIR": str(store),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }


def main() -> int:
    args = json.loads(sys.argv[1])
    from rag import Assistant, Settings  # already imported with this module; timed in its own process
    from rag.ingest.embedder import settings_embedder
    from rag.ingest.store import PASSAGES, Store

    t1 = time.perf_counter()
    settings = Settings(corpus_dir=Path(args["corpus"]), store_dir=Path(args["store"]))
    embedder = settings_embedder(settings)
    t2 = time.perf_counter()
    Store(settings).collection(PASSAGES).count()
    t3 = time.perf_counter()
    assistant = Assistant(settings, embedder=embedder)
    answer = assistant.ask(args["question"])
    t4 = time.perf_counter()
    result = {
        "model_load_seconds": round(t2 - t1, 3),
        "store_open_seconds": round(t3 - t2, 3),
        "first_answer_seconds": round(t4 - t3, 3),
        "first_answer_status": answer.status,
        "total_seconds": round(t4 - t1, 3),
    }
    print(_RESULT + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
