"""Small helpers shared by the benchmark's measurements."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
QUESTIONS = REPO / "eval" / "datasets" / "qa.jsonl"


def questions(path: Path = QUESTIONS, limit: int | None = None) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(r["question"]) for r in rows]
    return texts[:limit] if limit else texts


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and mean in milliseconds."""
    if not seconds:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0}
    ms = np.asarray(seconds) * 1000.0
    return {
        "n": len(seconds),
        "p50": round(float(np.percentile(ms, 50)), 2),
        "p95": round(float(np.percentile(ms, 95)), 2),
        "mean": round(float(ms.mean()), 2),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Terminate a server started by the benchmark, killing it if it does not stop within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
