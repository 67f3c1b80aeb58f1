"""BM25 over the stored passages, as a sparse matrix so a query costs one sparse product, not a Python loop."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from rag.retrieval.acronyms import Aliases
from rag.text.tokens import tokenize


class BM25:
    def __init__(
        self, texts: list[str], k1: float = 1.5, b: float = 0.75, terms: Sequence[Sequence[str]] | None = None
    ) -> None:
        """``terms``: each text's terms when the caller has tokenized them already (``tokenize(text)`` plus
        any it adds, such as title words its document never uses)."""
        docs = [tokenize(t) for t in texts] if terms is None else terms
        self.vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        for row, tokens in enumerate(docs):
            tf: dict[int, int] = {}
            for tok in tokens:
                col = self.vocabulary.setdefault(tok, len(self.vocabulary))
                tf[col] = tf.get(col, 0) + 1
            rows.extend([row] * len(tf))
            cols.extend(tf.keys())
            counts.extend(float(c) for c in tf.values())
        n_docs = max(len(docs), 1)
        shape = (len(docs), max(len(self.vocabulary), 1))
        tf_matrix = sparse.csr_matrix((counts, (rows, cols)), shape=shape)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if len(docs) else 1.0
        df = np.bincount(np.asarray(cols, dtype=np.int64), minlength=shape[1]).astype(np.float64)
        self.idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        # Pre-compute the saturated term weights once, so scoring is a sparse column sum.
        data = tf_matrix.data
        norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        row_of = np.repeat(np.arange(shape[0]), np.diff(tf_matrix.indptr))
        weighted = data * (k1 + 1) / (data + norm[row_of]) * self.idf[tf_matrix.indices]
        self.matrix = sparse.csr_matrix((weighted, tf_matrix.indices, tf_matrix.indptr), shape=shape).tocsc()

    def scores(self, query: str, aliases: Aliases | None = None) -> np.ndarray:
        """Each passage's score for ``query``. ``aliases``: terms (an acronym) that stand for a group of the
        query's terms (its name); a passage scores the better of the two, not both."""
        terms = set(tokenize(query))
        if not aliases:
            return self._sum(terms)
        named = set().union(*aliases.values()) | set(aliases)
        total = self._sum(terms - named)
        for alias, name in aliases.items():
            total = total + np.maximum(self._sum(terms & name), self._sum({alias} & terms))
        return total

    def _sum(self, terms: set[str] | frozenset[str]) -> np.ndarray:
        cols = sorted({self.vocabulary[t] for t in terms if t in self.vocabulary})
        if not cols:
            return np.zeros(self.matrix.shape[0])
        return np.asarray(self.matrix[:, cols].sum(axis=1)).ravel()

    def rows_with(self, terms: Sequence[str]) -> list[int]:
        """The texts that hold every one of ``terms``."""
        cols = [self.vocabulary.get(t) for t in dict.fromkeys(terms)]
        if not cols or None in cols:
            return []
        held = (self.matrix[:, cols] != 0).sum(axis=1)
        return [int(row) for row in np.flatnonzero(np.asarray(held).ravel() == len(cols))]

    def top(self, query: str, k: int, aliases: Aliases | None = None) -> list[tuple[int, float]]:
        scores = self.scores(query, aliases)
        if not scores.any():
            return []
        k = min(k, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx])]
        return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
