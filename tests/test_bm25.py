"""BM25 is the textbook formula (Lucene's idf) over our tokens, checked term by term."""

from __future__ import annotations

import math

from rag.retrieval.bm25 import BM25
from rag.text.tokens import tokenize


def test_scores_follow_the_lucene_formula_on_our_tokens() -> None:
    texts = [
        "Kratom withdrawal causes insomnia and cravings.",
        "Insomnia is common; sleep hygiene helps with insomnia.",
        "Kava is a drink.",
        "",
    ]
    k1, b = 1.5, 0.75
    bm25 = BM25(texts, k1=k1, b=b)
    docs = [tokenize(t) for t in texts]
    avg = sum(len(d) for d in docs) / len(docs)
    query = "insomnia and cravings"
    expected = []
    for doc in docs:
        score = 0.0
        for term in set(tokenize(query)):
            df = sum(term in d for d in docs)
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            assert abs(bm25.idf[bm25.vocabulary[term]] - idf) < 1e-9
            tf = doc.count(term)
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        expected.append(score)
    got = bm25.scores(query)
    assert max(abs(g - e) for g, e in zip(got, expected, strict=True)) < 1e-9
    assert [i for i, _ in bm25.top(query, 4)] == [0, 1]


def test_rows_with_are_the_texts_holding_every_term() -> None:
    bm25 = BM25(["Breast milk is good.", "Milk for the breast.", "Breastfeeding helps.", "Milk alone."])
    assert bm25.rows_with(tokenize("breast milk")) == [0, 1]
    assert bm25.rows_with(tokenize("milk")) == [0, 1, 3]
    assert bm25.rows_with(tokenize("breast unheard")) == [] and bm25.rows_with([]) == []
