"""Sentence rows already read from the store, kept across questions (bounded, most recently used last)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

# About 3 KB a row with this model: ~60 MB at most, enough to hold a corpus of this size many times over.
ROW_CACHE_SIZE = 20_000

# A stored sentence: text, metadata, and its own and its window's vector (split once, when first read).
SentenceRow = tuple[str, dict, np.ndarray, np.ndarray]


class RowCache:
    """Sentence rows already read from the store, most recently used last. The same sentences come back
    question after question, and a store read costs more than all the scoring; bounded so a large corpus
    does not end up in memory."""

    def __init__(self, size: int) -> None:
        self._rows: OrderedDict[str, SentenceRow] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, ids: Iterable[str]) -> dict[str, SentenceRow]:
        with self._lock:
            found = {i: self._rows[i] for i in ids if i in self._rows}
            for i in found:
                self._rows.move_to_end(i)
            return found

    def put(self, rows: dict[str, SentenceRow]) -> None:
        with self._lock:
            self._rows.update(rows)
            while len(self._rows) > self._size:
                self._rows.popitem(last=False)
