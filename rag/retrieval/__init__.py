"""Stage 2, retrieval: a question -> passages and candidate sentences, and whether the documents cover it.

In: the question (read with the conversation for follow-ups) and the store. Out: a ``Retrieval`` record: fused
dense + BM25 passages, the sentences nearest the question with their scores, and the relevance-gate score.
"""
