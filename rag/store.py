"""The Chroma connection: embedded PersistentClient by default, HttpClient with RAG_CHROMA_URL.

Every Chroma failure leaves this module as a StoreError that says what to do.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlparse

from rag.errors import StoreError
from rag.settings import Settings

T = TypeVar("T")

PASSAGES = "passages"
SENTENCES = "sentences"
# Cosine distance, so 1 - distance is the cosine similarity of normalised embeddings.
_SPACE = {"hnsw:space": "cosine"}


class Store:
    """Opens the client lazily and hands out the collections this assistant owns."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Any = None
        self._lock = threading.RLock()

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.store_dir)

    def client(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self.call(self._open, "open")
            return self._client

    def collection(self, kind: str) -> Any:
        """The collection ``kind`` (created when missing); never with Chroma's downloading default embedder."""
        name = f"{self.settings.collection_prefix}_{kind}"
        return self.call(
            lambda: self.client().get_or_create_collection(name, metadata=_SPACE, embedding_function=None),
            f"open collection {name}",
        )

    def drop_all(self) -> None:
        """Delete every collection of this assistant (``rag index --rebuild``)."""
        prefix = f"{self.settings.collection_prefix}_"

        def drop() -> None:
            for col in self.client().list_collections():
                name = col if isinstance(col, str) else col.name
                if name.startswith(prefix):
                    self.client().delete_collection(name)

        self.call(drop, "delete collections")

    def reset_client(self) -> None:
        """Forget the client, so the next call reconnects (after a rebuild or a server restart)."""
        with self._lock:
            self._client = None

    def call(self, fn: Callable[[], T], what: str) -> T:
        try:
            return fn()
        except StoreError:
            raise
        except Exception as exc:
            self.reset_client()
            raise StoreError(self._advice(what, exc)) from exc

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """One writer at a time across processes sharing the embedded store; threads serialise on the RLock."""
        with self._lock:
            if self.settings.chroma_url:
                yield
                return
            self.settings.store_dir.mkdir(parents=True, exist_ok=True)
            with open(self.settings.store_dir / ".write.lock", "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        if self.settings.chroma_url:
            url = urlparse(self.settings.chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
            return client
        os.makedirs(self.settings.store_dir, exist_ok=True)
        client = chromadb.PersistentClient(path=str(self.settings.store_dir), settings=chroma_settings)
        client.list_collections()  # touches sqlite now, so a corrupt file fails here and not mid-answer
        return client

    def _advice(self, what: str, exc: Exception) -> str:
        detail = f"{exc.__class__.__name__}: {exc}"[:300]
        if self.settings.chroma_url:
            return (
                f"Could not {what} on the Chroma server at {self.settings.chroma_url} ({detail}). "
                "Check that the server is running (chroma run --path DIR --port P) and RAG_CHROMA_URL is right; "
                "the assistant reconnects on the next request."
            )
        return (
            f"Could not {what} in the store at {self.settings.store_dir} ({detail}). "
            "The store may be corrupt or from another version: run `rag index --rebuild` to rebuild it "
            "from the corpus."
        )
