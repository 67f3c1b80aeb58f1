"""Shared fixtures: all on-disk state goes to temp dirs; the real model is loaded once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pytest

# A mistaken hub download must fail at once instead of retrying against a network that is not there.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from rag import Assistant, Citation, Document, Settings
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.multilingual import HashingRoleEmbedder
from rag.retrieval.records import CandidateSentence

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does touches the repository's own store."""
    monkeypatch.setenv("RAG_STORE_DIR", str(tmp_path / "store"))
    monkeypatch.delenv("RAG_CHROMA_URL", raising=False)


# Off-topic documents for small test corpora: a question's own document then has others to stand out from.
HANDS = (
    "Washing hands with soap removes most germs. Hand sanitiser works when soap and water are not at hand."
)
SLEEP = (
    "Good sleep habits include a regular bedtime and a dark, quiet room. Caffeine late in the day makes it "
    "harder to fall asleep."
)


def write_corpus(folder: Path, documents: Mapping[str, str | bytes]) -> Path:
    """``folder`` with one document per entry of ``documents`` (file name: text, or a file's bytes for a PDF or a
    DOCX; a name without a suffix is a .txt file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in documents.items():
        path = folder / (name if Path(name).suffix else f"{name}.txt")
        path.parent.mkdir(parents=True, exist_ok=True)  # "leaflets/patch": a document in a folder
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def assistant_over(folder: Path, documents: Mapping[str, str | bytes]) -> Assistant:
    """An assistant over a corpus of ``documents`` (as ``write_corpus`` writes them), its store beside it."""
    return Assistant(
        Settings(corpus_dir=write_corpus(folder / "corpus", documents), store_dir=folder / "store")
    )


def indexed_copy(factory: pytest.TempPathFactory, corpus: Path) -> Assistant:
    """The real model over a copy of the test corpus folder ``corpus``, indexed."""
    root = factory.mktemp(corpus.name)
    shutil.copytree(corpus, root / "corpus")
    assistant = Assistant(Settings(corpus_dir=root / "corpus", store_dir=root / "store"))
    assistant.index()
    return assistant


def assert_verbatim(assistant: Assistant, citations: list[Citation]) -> None:
    """Every citation is its document's text at its offsets, as the assistant extracted it."""
    texts = {d.source_id: d.text for d in assistant.documents()}
    for c in citations:
        assert texts[c.source_id][c.start : c.end] == c.quote, c


def copy_corpus(target: Path) -> Path:
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the real corpus that a test may edit."""
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture
def fake_assistant(tmp_path: Path, corpus_dir: Path) -> Assistant:
    """Real corpus and store, deterministic model-free embedder: for fast plumbing tests."""
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "fake-store")
    return Assistant(settings, embedder=HashingEmbedder(), multilingual=HashingRoleEmbedder())


@pytest.fixture(scope="session")
def real_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The real model over the real corpus, indexed once for the whole session. Do not edit its corpus."""
    root = tmp_path_factory.mktemp("real")
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), store_dir=root / "store")
    assistant = Assistant(settings)
    assistant.index()
    yield assistant


def candidate(source: str, score: float, start: int, text: str | None = None) -> CandidateSentence:
    """A retrieved sentence for selection tests: ``score`` is its whole score, nothing else is set."""
    text = text if text is not None else f"Sentence {start} of {source}."
    return CandidateSentence(
        sentence_id=f"{source}:{start}",
        source_id=source,
        title=source,
        start=start,
        end=start + len(text),
        text=text,
        similarity=score,
        lexical=0.0,
        context=0.0,
        score=score,
        passage_rank=0,
    )


def cite(document: Document, line: int, page: int | None = None) -> Citation:
    """A citation of one whole line of a test document, with its exact offsets."""
    quote = document.text.splitlines()[line]
    start = document.text.index(quote)
    return Citation(
        source_id=document.source_id,
        title=document.title,
        quote=quote,
        start=start,
        end=start + len(quote),
        score=1,
        page=page,
    )


class CountingRoles(HashingRoleEmbedder):
    """The test role embedder, counting the questions it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.queries.extend(texts)
        return super().query(texts)
