"""`rag index --watch`: files dropped into the corpus folder are indexed while it runs; Ctrl-C stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from make_files import pdf_bytes

from rag import Assistant
from rag.ingest.watch import watch
from rag.types import IndexReport

REPO = Path(__file__).resolve().parent.parent
OTTERS = [["Otters hold hands while they sleep so that they do not drift apart on the water."]]


def _wait(condition: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@contextmanager
def _watching(assistant: Assistant) -> Iterator[tuple[list[IndexReport], threading.Thread]]:
    """``watch`` over the assistant's corpus folder in a thread, indexing on each change; the reports it made."""
    assistant.index()
    reports: list[IndexReport] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch,
        args=(assistant.settings.corpus_dir, lambda: reports.append(assistant.index()), 0.1, stop),
    )
    thread.start()
    try:
        yield reports, thread
    finally:
        stop.set()
        thread.join(timeout=10)


def test_watch_indexes_a_dropped_file_once_it_holds_still_and_stops_when_told(
    fake_assistant: Assistant,
) -> None:
    corpus = fake_assistant.settings.corpus_dir
    with _watching(fake_assistant) as (reports, thread):
        (corpus / "otters.pdf").write_bytes(pdf_bytes(OTTERS))
        _wait(lambda: reports)
        assert reports[0].added == ["otters"]
        assert fake_assistant.ask("Why do otters hold hands?").citations[0].source_id == "otters"
        (corpus / "otters.pdf").unlink()
        _wait(lambda: len(reports) == 2)
        assert reports[1].removed == ["otters"]
    assert not thread.is_alive()
    assert len(reports) == 2  # nothing changed after that, nothing indexed


def test_watch_indexes_a_file_dropped_into_a_new_folder(fake_assistant: Assistant) -> None:
    corpus = fake_assistant.settings.corpus_dir
    with _watching(fake_assistant) as (reports, _):
        (corpus / "animals" / "rivers").mkdir(parents=True)
        (corpus / "animals" / "rivers" / "otters.pdf").write_bytes(pdf_bytes(OTTERS))
        _wait(lambda: reports)
        assert reports[0].added == ["animals/rivers/otters"]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.model
def test_rag_index_watch_picks_up_a_dropped_pdf_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bees.txt").write_text("Honeybees dance to show where flowers are.\n", encoding="utf-8")
    env = {
        **os.environ,
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_STORE_DIR": str(tmp_path / "store"),
        "RAG_WATCH_SECONDS": "0.3",
        "RAG_GATE_CALIBRATION": "false",
        "PYTHONPATH": str(REPO),
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "index", "--watch"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal delivers it: a suite started in the background (`bash .ci/run &`) passes on an
        # ignored SIGINT, and Python then never raises KeyboardInterrupt, so the watcher could not be stopped.
        preexec_fn=_default_sigint,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        _wait(lambda: any("added 1" in line for line in lines), timeout=300)
        (corpus / "otters.pdf").write_bytes(pdf_bytes(OTTERS))
        # The limits bound a hang, not a speed (alone the test takes about 25 s; a loaded 2-core machine is slower).
        _wait(lambda: sum("added 1" in line for line in lines) == 2, timeout=300)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "stopped watching" in stderr and "Traceback" not in stderr
    assert "unchanged 1" in lines[-1]  # the second run embedded only the new file
