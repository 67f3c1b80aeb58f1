"""BM25 over the stored passages: bm25s scores our tokens (see the README's design notes for the comparison)."""

from __future__ import annotations

import bm25s
import numpy as np

from rag.text.tokens import tokenize


class BM25:
    """Lucene BM25 (k1, b) over ``texts``; ``vocabulary`` maps a token to its column in ``idf``."""

    def __init__(self, texts: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        docs = [tokenize(t) for t in texts]
        self._size = len(docs)
        self._index = bm25s.BM25(k1=k1, b=b, method="lucene")
        if any(docs):
            self._index.index(docs, show_progress=False, create_empty_token=False)
        self.vocabulary: dict[str, int] = dict(self._index.vocab_dict) if any(docs) else {}
        # The same idf bm25s weighs with; the gate reads it per question word.
        df = np.zeros(len(self.vocabulary))
        for tokens in docs:
            for col in {self.vocabulary[t] for t in tokens}:
                df[col] += 1
        self.idf = np.log(1.0 + (max(self._size, 1) - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> np.ndarray:
        terms = [t for t in dict.fromkeys(tokenize(query)) if t in self.vocabulary]
        if not terms:
            return np.zeros(self._size)
        return np.asarray(self._index.get_scores(terms), dtype=np.float64)

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        scores = self.scores(query)
        if not scores.any():
            return []
        k = min(k, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx])]
        return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
