"""Retrieval: dense (Chroma via llama-index) and lexical (BM25) passages fused by reciprocal rank,
then the candidate sentences of those passages scored against the question for the relevance gate."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from rag.chunking import sentence_id
from rag.index import Indexer
from rag.lexical import BM25, tokenize
from rag.models import Embedder
from rag.settings import Settings
from rag.store import PASSAGES, SENTENCES, Store


class RetrievedPassage(BaseModel):
    passage_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    fused: float
    rank: int
    sentence_tag: str  # prefix of this document version's sentence ids
    sent_from: int
    sent_to: int


class CandidateSentence(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    sentence_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    similarity: float  # cosine between question and sentence
    lexical: float  # share of the question's terms the sentence contains, IDF-weighted
    passage_rank: int
    embedding: Any = None  # numpy row; kept for redundancy checks in composition


class Retrieval(BaseModel):
    passages: list[RetrievedPassage]
    sentences: list[CandidateSentence]
    relevance: float


class Retriever:
    def __init__(self, settings: Settings, store: Store, embedder: Embedder, indexer: Indexer) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.indexer = indexer
        self._lexical: tuple[str, BM25, list[dict[str, Any]]] | None = None
        self._lock = threading.Lock()

    def retrieve(self, question: str, query_embedding: np.ndarray) -> Retrieval:
        passages = self._fuse(self._dense(query_embedding), self._bm25(question))
        sentences = self._sentences(passages, question, query_embedding)
        relevance = max((gate_score(s) for s in sentences), default=0.0)
        return Retrieval(passages=passages, sentences=sentences, relevance=relevance)

    # --- dense -----------------------------------------------------------------------------------
    def _dense(self, query_embedding: np.ndarray) -> list[dict[str, Any]]:
        from llama_index.core.vector_stores.types import VectorStoreQuery
        from llama_index.vector_stores.chroma import ChromaVectorStore

        collection = self.store.collection(PASSAGES)
        count = self.store.call(collection.count, "count passages")
        if count == 0:
            return []
        vector_store = ChromaVectorStore(chroma_collection=collection)
        query = VectorStoreQuery(
            query_embedding=[float(x) for x in query_embedding],
            similarity_top_k=min(self.settings.dense_top_k, count),
        )
        result = self.store.call(lambda: vector_store.query(query), "query passages")
        return [_passage_record(node.node_id, node.get_content(), node.metadata) for node in result.nodes or []]

    # --- lexical ---------------------------------------------------------------------------------
    def _bm25(self, question: str) -> list[dict[str, Any]]:
        bm25, records = self._lexical_index()
        return [records[i] for i, _ in bm25.top(question, self.settings.lexical_top_k)]

    def _lexical_index(self) -> tuple[BM25, list[dict[str, Any]]]:
        generation = self.indexer.generation()
        with self._lock:
            if self._lexical is None or self._lexical[0] != generation:
                got = self.store.call(
                    lambda: self.store.collection(PASSAGES).get(include=["documents", "metadatas"]),
                    "read passages",
                )
                records = [
                    _passage_record(pid, text or "", meta or {})
                    for pid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
                ]
                self._lexical = (generation, BM25([r["text"] for r in records]), records)
            return self._lexical[1], self._lexical[2]

    def idf(self, term: str) -> float:
        bm25, _ = self._lexical_index()
        col = bm25.vocabulary.get(term)
        return float(bm25.idf[col]) if col is not None else float(bm25.idf.max(initial=1.0))

    # --- fusion ----------------------------------------------------------------------------------
    def _fuse(self, *rankings: list[dict[str, Any]]) -> list[RetrievedPassage]:
        scores: dict[str, float] = {}
        records: dict[str, dict[str, Any]] = {}
        for ranking in rankings:
            for rank, record in enumerate(ranking):
                pid = record["passage_id"]
                scores[pid] = scores.get(pid, 0.0) + 1.0 / (self.settings.rrf_k + rank + 1)
                records[pid] = record
        ordered = sorted(scores, key=lambda pid: -scores[pid])[: self.settings.fused_top_k]
        return [
            RetrievedPassage(**{k: records[pid][k] for k in _PASSAGE_KEYS}, fused=scores[pid], rank=rank)
            for rank, pid in enumerate(ordered)
        ]

    # --- sentences -------------------------------------------------------------------------------
    def _sentences(
        self, passages: list[RetrievedPassage], question: str, query_embedding: np.ndarray
    ) -> list[CandidateSentence]:
        wanted: dict[str, tuple[int, str]] = {}
        for p in passages:
            for i in range(p.sent_from, p.sent_to):
                wanted.setdefault(sentence_id(p.sentence_tag, i), (p.rank, p.title))
        if not wanted:
            return []
        got = self.store.call(
            lambda: self.store.collection(SENTENCES).get(
                ids=list(wanted), include=["documents", "metadatas", "embeddings"]
            ),
            "read sentences",
        )
        terms = _weighted_terms(question, self.idf)
        out: list[CandidateSentence] = []
        for sid, text, meta, emb in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
        ):
            if meta.get("heading"):
                continue
            vector = np.asarray(emb, dtype=np.float32)
            rank, title = wanted[sid]
            out.append(
                CandidateSentence(
                    sentence_id=sid,
                    source_id=str(meta["source_id"]),
                    title=title,
                    start=int(meta["start"]),
                    end=int(meta["end"]),
                    text=text or "",
                    similarity=float(vector @ query_embedding),
                    lexical=_coverage(terms, text or ""),
                    passage_rank=rank,
                    embedding=vector,
                )
            )
        return out


def gate_score(sentence: CandidateSentence) -> float:
    """How well one sentence covers the question: meaning, plus the question's distinctive words."""
    return sentence.similarity + 0.5 * sentence.lexical


_PASSAGE_KEYS = ("passage_id", "source_id", "title", "start", "end", "text", "sentence_tag", "sent_from", "sent_to")


def _passage_record(passage_id: str, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    record = {
        "passage_id": passage_id,
        "source_id": str(meta.get("source_id", "")),
        "title": str(meta.get("title", "")),
        "start": int(meta.get("start", 0)),
        "end": int(meta.get("end", 0)),
        "text": text,
        "sentence_tag": f"{meta.get('source_id')}@{str(meta.get('doc_hash', ''))[:12]}",
        "sent_from": int(meta.get("sent_from", 0)),
        "sent_to": int(meta.get("sent_to", 0)),
    }
    return record


def _weighted_terms(question: str, idf: Any) -> dict[str, float]:
    return {t: idf(t) for t in set(tokenize(question))}


def _coverage(terms: dict[str, float], text: str) -> float:
    total = sum(terms.values())
    if total <= 0:
        return 0.0
    present = set(tokenize(text))
    return sum(w for t, w in terms.items() if t in present) / total

