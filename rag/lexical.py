"""BM25 over the stored passages, as a sparse matrix so a query costs one sparse product, not a Python loop."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from scipy import sparse

_WORD = re.compile(r"\w+", re.UNICODE)
# Function words carry no topic; keeping them lets "is it a ..." match every passage.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "it's",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "about",
        "also",
        "any",
        "some",
        "such",
        "not",
        "no",
        "nor",
        "only",
        "own",
        "same",
        "very",
        "just",
        "should",
    ]
)


def tokenize(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return [stem(t) for t in _WORD.findall(folded) if t not in STOPWORDS]


def stem(token: str) -> str:
    """A light, inflection-only fold: plurals, -ed, -ing and a final e, so "overdosed", "overdoses" and
    "overdose" meet, as do "cravings" and "crave". Derivations stay apart on purpose: "addictive" (a property
    of the substance) must not match every "addiction treatment" in a corpus about addiction."""
    for suffix, shortest in (("ies", 5), ("es", 5), ("s", 4)):
        if len(token) >= shortest and token.endswith(suffix) and not token.endswith(("ss", "us", "is")):
            token = token[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    for suffix, shortest in (("ing", 6), ("ed", 5)):
        if len(token) >= shortest and token.endswith(suffix) and not token.endswith("eed"):
            token = token[: -len(suffix)]
            break
    if len(token) > 3 and token.endswith("e"):
        token = token[:-1]
    return token


class BM25:
    def __init__(self, texts: list[str], k1: float = 1.5, b: float = 0.75) -> None:
        docs = [tokenize(t) for t in texts]
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

    def scores(self, query: str) -> np.ndarray:
        cols = sorted({self.vocabulary[t] for t in tokenize(query) if t in self.vocabulary})
        if not cols:
            return np.zeros(self.matrix.shape[0])
        return np.asarray(self.matrix[:, cols].sum(axis=1)).ravel()

    def top(self, query: str, k: int) -> list[tuple[int, float]]:
        scores = self.scores(query)
        if not scores.any():
            return []
        k = min(k, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx])]
        return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
