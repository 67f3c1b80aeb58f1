"""A real Chroma server (`chroma run`): index and ask through RAG_CHROMA_URL; server down, then back.

Each test starts its own server on a free port with its data in a temp dir, and stops it by its pid.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag import Assistant, Settings, StoreError
from rag.ingest.corpus import read_text
from rag.ingest.embedder import HashingEmbedder

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).with_name("chroma")
START_TIMEOUT = 60.0  # seconds; the server is usually up in about 1 s
STOP_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """One `chroma run` process; ``start`` and ``stop`` may be called again to restart it on the same port."""

    def __init__(self, path: Path, port: int) -> None:
        self.path = path
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = path.with_suffix(".log")

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(CHROMA),
                    "run",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--path",
                    str(self.path),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"chroma run exited with {self.process.returncode}: {self.log.read_text()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not listen on port {self.port} within {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # by pid, never by name
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma executable next to {sys.executable}")
    server = ChromaServer(tmp_path / "chroma-data", free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def small_corpus(tmp_path: Path, corpus_dir: Path, keep: tuple[str, ...]) -> Path:
    """Two of the five articles (with the manifest): enough to answer, cheap to embed with the real model."""
    target = tmp_path / "small-corpus"
    target.mkdir()
    for name in (*keep, "manifest.json"):
        shutil.copy(corpus_dir / name, target / name)
    return target


@pytest.mark.model
def test_index_and_ask_through_rag_chroma_url(
    chroma_server: ChromaServer, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = small_corpus(tmp_path, corpus_dir, ("001_5f3d9cb0ec9175b8.txt", "003_14ef961af547955d.txt"))
    monkeypatch.setenv("RAG_CHROMA_URL", chroma_server.url)
    monkeypatch.setenv("RAG_CORPUS_DIR", str(corpus))
    assistant = Assistant()  # settings from the environment, as the CLI and the UI read them
    assert assistant.settings.chroma_url == chroma_server.url
    assert assistant.store.location == chroma_server.url

    report = assistant.index()
    assert sorted(report.added) == ["001_5f3d9cb0ec9175b8", "003_14ef961af547955d"] and report.passages > 0
    assert not (tmp_path / "store").exists(), (
        "with RAG_CHROMA_URL nothing may be written to the embedded store"
    )
    assert assistant.index().embedded == 0

    answer = assistant.ask("Is kratom a mushroom?")
    assert answer.status == "answered"
    assert any(c.source_id == "001_5f3d9cb0ec9175b8" and "mushroom" in c.quote for c in answer.citations)
    for c in answer.citations:
        assert read_text(corpus / f"{c.source_id}.txt")[c.start : c.end] == c.quote

    # The data lives in the server: a second client (another process in production) sees it without indexing.
    other = Assistant(Settings(corpus_dir=corpus, chroma_url=chroma_server.url))
    assert other.index().embedded == 0
    assert [c.quote for c in other.ask("Is kratom a mushroom?").citations] == [
        c.quote for c in answer.citations
    ]


def test_server_down_gives_a_clear_store_error_and_recovers_when_back(
    chroma_server: ChromaServer, corpus_dir: Path, tmp_path: Path
) -> None:
    corpus = small_corpus(tmp_path, corpus_dir, ("000_1f13703b290cd3ad.txt", "001_5f3d9cb0ec9175b8.txt"))
    settings = Settings(corpus_dir=corpus, chroma_url=chroma_server.url)
    assistant = Assistant(settings, embedder=HashingEmbedder())
    indexed = assistant.index()
    assert len(indexed.added) == 2
    before = assistant.ask("Is kratom a mushroom drink?")
    assert before.status == "answered"

    chroma_server.stop()
    for _ in range(2):  # a second request after the failure must fail the same clear way, not hang or crash
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            assistant.ask("Is kratom a mushroom drink?")
        assert time.monotonic() - started < 60
        message = str(caught.value)
        assert chroma_server.url in message
        assert "Check that the server is running" in message and "RAG_CHROMA_URL" in message
    with pytest.raises(StoreError, match="Check that the server is running"):
        assistant.index()
    # A client that starts while the server is down fails the same way.
    with pytest.raises(StoreError, match=chroma_server.url):
        Assistant(settings, embedder=HashingEmbedder()).ask("Is kratom a mushroom drink?")

    chroma_server.start()  # same port, same data folder
    after = assistant.ask("Is kratom a mushroom drink?")
    assert after.status == "answered"
    assert [(c.source_id, c.start, c.end) for c in after.citations] == [
        (c.source_id, c.start, c.end) for c in before.citations
    ]
    report = assistant.index()
    assert report.embedded == 0 and report.passages == indexed.passages, "the server lost data"


def test_unreachable_url_at_start_is_a_store_error(tmp_path: Path, corpus_dir: Path) -> None:
    settings = Settings(corpus_dir=corpus_dir, chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="Check that the server is running"):
        Assistant(settings, embedder=HashingEmbedder()).index()
