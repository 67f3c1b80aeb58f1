"""The Chroma connection: embedded PersistentClient by default, HttpClient with RAG_CHROMA_URL.

Every Chroma failure leaves this module as a StoreError that says what to do. An embedded store deleted or
replaced on disk while in use is noticed (reads then raise StoreError until it is rebuilt, instead of quietly
answering from an empty store), and ``rag index --rebuild`` clears a store that Chroma cannot even open.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from rag.errors import StoreError
from rag.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")

PASSAGES = "passages"
SENTENCES = "sentences"
# Cosine distance, so 1 - distance is the cosine similarity of normalised embeddings.
_SPACE = {"hnsw:space": "cosine"}
_SQLITE = "chroma.sqlite3"
_WRITE_LOCK = ".write.lock"
# Rewritten (a new random token) after every change of an index or map generation in an embedded store: a reader
# that finds the token it saw last may keep what it read then. Asking Chroma for the two generations took about
# 5 ms of each ask(), as long as everything else ask() adds to the bare retriever.
_CHANGES = ".generations"
# (device, inode) of each embedded store's sqlite file when this process opened it: Chroma keeps one open
# system per path for the whole process, so a store deleted or replaced on disk must be noticed here.
_opened_files: dict[str, tuple[int, int]] = {}
_opened_lock = threading.Lock()


class Store:
    """Opens the client lazily and hands out the collections this assistant owns."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Any = None
        self._lock = threading.RLock()
        # > 0 while this thread holds the writer lock to index (the RLock makes it ours): it may create the store.
        self._writing = 0
        self._opened_file = (0, 0)  # the sqlite file our client reads...
        self._system: Any = None  # ...through this Chroma system (shared by every client of the path)
        self._read_at: dict[str, tuple[str, str]] = {}  # per key: the change token when read, and the value

    @property
    def location(self) -> str:
        return self.settings.chroma_url or str(self.settings.store_dir)

    def client(self) -> Any:
        with self._lock:
            embedded = not self.settings.chroma_url
            if self._client is not None and embedded and self._stale():
                self._client = None  # deleted, or rebuilt by another writer: open whatever is there now
            if self._client is None and self.vanished() and not self._writing:
                # Reopening would create an empty store that answers "not in the documents" to everything.
                raise self._deleted()
            if self._client is None:
                self._client = self.call(self._open, "open")
            return self._client

    def _deleted(self) -> StoreError:
        return StoreError(
            f"The store at {self.settings.store_dir} was deleted while in use. "
            "Run `rag index` to rebuild it from the corpus."
        )

    def vanished(self) -> bool:
        """The embedded store this process was using has been deleted from disk (``rag index`` rebuilds it)."""
        return not self.settings.chroma_url and self._opened_file != (0, 0) and not self._sqlite.exists()

    def collection(self, kind: str) -> Any:
        """The collection ``kind`` (created when missing); never with Chroma's downloading default embedder."""
        name = f"{self.settings.collection_prefix}_{kind}"
        return self.call(
            lambda: self.client().get_or_create_collection(name, metadata=_SPACE, embedding_function=None),
            f"open collection {name}",
        )

    def read_generation(self, key: str, read: Callable[[], str]) -> str:
        """``read()``, or the value it gave last time when no generation of this embedded store has changed
        since (see ``mark_changed``). A server, or a store without a change token yet, is asked every time."""
        token = self._change_token()
        if token is not None:
            seen = self._read_at.get(key)
            if seen is not None and seen[0] == token:
                return seen[1]
        value = read()
        if token is not None:
            self._read_at[key] = (token, value)
        return value

    def mark_changed(self) -> None:
        """Record that a generation changed, after writing it to Chroma (readers that read the old token before
        that write read Chroma again next time)."""
        if self.settings.chroma_url or not self.settings.store_dir.is_dir():
            return
        target = self.settings.store_dir / _CHANGES
        staging = target.with_name(f"{_CHANGES}.{os.getpid()}.{threading.get_ident()}")
        staging.write_text(uuid.uuid4().hex, encoding="utf-8")
        os.replace(staging, target)  # atomic: a reader sees the old token or the new one, never half of one

    def _change_token(self) -> str | None:
        """The last generation change, and the sqlite file as it stands: a store replaced or damaged on disk
        is read again (and its damage reported), not answered from what was read before."""
        if self.settings.chroma_url:
            return None
        try:
            marker = (self.settings.store_dir / _CHANGES).read_text(encoding="utf-8")
            stat = self._sqlite.stat()
        except OSError:
            return None
        return f"{marker} {stat.st_ino} {stat.st_size} {stat.st_mtime_ns}"

    def drop_all(self) -> None:
        """Delete every collection of this assistant (``rag index --rebuild``)."""
        prefix = f"{self.settings.collection_prefix}_"

        def drop() -> None:
            for col in self.client().list_collections():
                name = col if isinstance(col, str) else col.name
                if name.startswith(prefix):
                    self.client().delete_collection(name)

        try:
            self.call(drop, "delete collections")
            self.mark_changed()
        except StoreError:
            if self.settings.chroma_url:
                raise
            # A store Chroma cannot even open (garbage in its sqlite file) cannot drop collections either:
            # a rebuild starts from scratch, so clear the folder and let the next call create a new store.
            log.warning("the store at %s cannot be opened; deleting it to rebuild", self.settings.store_dir)
            self._wipe_embedded()

    def reset_client(self) -> None:
        """Forget the client, so the next call reconnects (after a rebuild or a server restart)."""
        with self._lock:
            self._client = None

    def _wipe_embedded(self) -> None:
        with self._lock:
            self._client = None
            _forget_system(str(self.settings.store_dir))
            for child in self.settings.store_dir.iterdir():
                if child.name == _WRITE_LOCK:
                    continue  # held by this writer; removing it would let a second writer in
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()

    def _stale(self) -> bool:
        return self._opened_file != _file_id(self._sqlite) or self._system is not _system_of(
            str(self.settings.store_dir)
        )

    @property
    def _sqlite(self) -> Path:
        return self.settings.store_dir / _SQLITE

    def call(self, fn: Callable[[], T], what: str) -> T:
        try:
            return fn()
        except StoreError:
            raise
        except Exception as exc:
            self.reset_client()
            raise StoreError(self._advice(what, exc)) from exc

    def upsert(self, collection: Any, what: str, batch: int, **columns: Any) -> None:
        """Upsert rows given as parallel columns (ids, embeddings, documents, metadatas), ``batch`` rows per
        Chroma call: one call over a large corpus exceeds Chroma's batch and SQLite's variable limits."""
        for lo in range(0, len(columns["ids"]), batch):
            part = {name: values[lo : lo + batch] for name, values in columns.items()}
            self.call(partial(collection.upsert, **part), what)

    @contextlib.contextmanager
    def writer_lock(self, create: bool = True) -> Iterator[None]:
        """One writer at a time across processes sharing the embedded store; threads serialise on the RLock.
        ``create``: the writer indexes, and may create the store; a writer that only adds to it (vectors kept
        for later questions) raises StoreError once the store was deleted, rather than leave an empty one that
        answers "not in the documents" to everything."""
        with self._lock:
            if self.settings.chroma_url:
                yield
                return
            if not create and self.vanished():
                raise self._deleted()
            self.settings.store_dir.mkdir(parents=True, exist_ok=True)
            creating = 1 if create else 0
            with open(self.settings.store_dir / _WRITE_LOCK, "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._writing += creating
                try:
                    yield
                finally:
                    self._writing -= creating
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
        path = str(self.settings.store_dir)
        os.makedirs(path, exist_ok=True)
        with _opened_lock:
            known = _opened_files.get(path)
        if known is not None and known != _file_id(self._sqlite):
            _forget_system(path)  # Chroma's cached system for this path still reads the old, deleted file
        client = chromadb.PersistentClient(path=path, settings=chroma_settings)
        client.list_collections()  # touches sqlite now, so a corrupt file fails here and not mid-answer
        self._opened_file = _file_id(self._sqlite)
        self._system = _system_of(path)
        with _opened_lock:
            _opened_files[path] = self._opened_file
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


def _file_id(path: os.PathLike[str] | str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0)
    return (st.st_dev, st.st_ino)


def _system_of(path: str) -> Any:
    from chromadb.api.shared_system_client import SharedSystemClient

    return SharedSystemClient._identifier_to_system.get(path)


def _forget_system(path: str) -> None:
    """Stop and drop Chroma's process-wide system for ``path`` so the next client opens the files afresh.

    Chroma has no public call for one path (``clear_system_cache`` drops every store in the process).
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    with _opened_lock:
        _opened_files.pop(path, None)
    system = SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()
