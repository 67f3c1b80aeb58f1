"""The contradiction map: built at index time from claim pairs, looked up at ask time.

Four Chroma collections, through ``Store`` so the embedded store and a Chroma server behave alike:
``claims`` (one record per claim, with its embedding), ``claim_keys`` (one record per claim and thing it
takes a side on, for pairing), ``contradictions`` (one record per contradicting pair, embedded as the
normalised mean of its two claims so it can be ranked against a question) and ``conflict_state``
(per-document content hashes of the map and a generation stamp that tells readers to refresh).

Updates are incremental and crash-safe: ids are deterministic, a document's state marker is removed before its
records are dropped and written back only after its pairs are stored, so ``sync()`` finds and redoes any
document a crash left half done.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from rag.ingest.embedder import Embedder
from rag.ingest.store import Store
from rag.safety.contradictions.claims import Claim, extract_claims
from rag.safety.contradictions.classify import PairClassifier, RuleClassifier
from rag.safety.contradictions.pairing import (
    Candidate,
    ClaimRef,
    cross_document,
    keyed_cross_document,
    keyed_same_document,
    ordered,
    ref,
    same_document,
    unique,
)
from rag.safety.contradictions.stance import pairing_keys
from rag.settings import Settings
from rag.types import Citation, Contradiction, Document

CLAIMS = "claims"
CONTRADICTIONS = "contradictions"
KEYS = "claim_keys"
STATE = "conflict_state"
_GENERATION = "generation"
_RULES = "rules"
# Bump when the rules change what the map holds (which pairs, their labels): a map that other rules built
# is rebuilt on the next sync, since its documents' hashes alone would leave it as it was.
MAP_RULES = 4
_BATCH = 1000
_STATE_VECTOR = [1.0]  # state records carry no meaning in vector space, but Chroma needs an embedding


class ConflictBuildReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claims: int = 0
    pairs_checked: int = 0
    contradictions: int = 0
    seconds: float = 0.0
    embedded: int = 0


@dataclass(frozen=True)
class _Side:
    claim_id: str
    source_id: str
    title: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class _Record:
    topic: str
    confidence: float
    sides: tuple[_Side, _Side]
    embedding: np.ndarray


@dataclass(frozen=True)
class _Snapshot:
    records: tuple[_Record, ...]
    by_source: dict[str, list[int]]
    sources: tuple[str, ...]
    vectors: dict[str, np.ndarray]  # claim embeddings of every side, to score sides against a question


def make_classifier(settings: Settings) -> PairClassifier:
    """The offline rules, or the NLI cross-encoder when ``settings.nli_model`` names one."""
    if settings.nli_model:
        from rag.safety.contradictions.nli import NliClassifier

        return NliClassifier(settings.nli_model)
    return RuleClassifier()


class ConflictMap:
    """Claims, their pairs and the contradictions among them, kept in step with the index.

    Writers (``update``, ``rebuild``, ``sync``) expect the caller to hold ``store.writer_lock()``, as indexing
    does; readers (``lookup``, ``contradictions``, ``dispute_counts``) need no lock.
    """

    def __init__(
        self, store: Store, embedder: Embedder, settings: Settings, classifier: PairClassifier | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self.classifier = classifier or make_classifier(settings)
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._snap: _Snapshot | None = None

    # --- building -----------------------------------------------------------------------------------------

    def update(self, changed: list[Document], removed: list[str]) -> ConflictBuildReport:
        """Re-extract, re-embed and re-pair ``changed`` documents; forget ``removed`` ones; leave the rest."""
        began = time.perf_counter()
        drop = sorted({*removed, *(d.source_id for d in changed)})
        if drop:
            self._forget(drop)
        per_doc = [(d, extract_claims(d)) for d in sorted(changed, key=lambda d: d.source_id)]
        texts = [c.text for _, claims in per_doc for c in claims]
        vectors = self.embedder.embed(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        embeddings: dict[str, np.ndarray] = {}
        offset = 0
        for document, claims in per_doc:
            embeddings[document.source_id] = vectors[offset : offset + len(claims)]
            offset += len(claims)
        self._store_claims(per_doc, vectors)
        candidates = self._candidates(per_doc, embeddings)
        found = self._classify_and_store(candidates)
        self._mark_done([d for d, _ in per_doc], {d.source_id: len(c) for d, c in per_doc})
        return ConflictBuildReport(
            claims=len(texts),
            pairs_checked=len(candidates),
            contradictions=found,
            seconds=round(time.perf_counter() - began, 3),
            embedded=len(texts),
        )

    def rebuild(self, documents: list[Document]) -> ConflictBuildReport:
        """Drop the whole map and build it again from ``documents``."""

        def drop() -> None:
            client = self.store.client()
            names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
            for kind in (STATE, CONTRADICTIONS, KEYS, CLAIMS):
                name = f"{self.settings.collection_prefix}_{kind}"
                if name in names:
                    client.delete_collection(name)

        self.store.call(drop, "drop the contradiction map")
        self._invalidate()
        return self.update(documents, [])

    def sync(self, documents: list[Document]) -> ConflictBuildReport:
        """Bring the map in line with ``documents`` by content hash (also redoes what a crash left undone)."""
        done = self._done_hashes()
        if done and self._stored_rules() != self._rules():
            return self.rebuild(documents)
        changed = [d for d in documents if done.get(d.source_id) != d.content_hash]
        present = {d.source_id for d in documents}
        removed = [sid for sid in done if sid not in present]
        if not changed and not removed:
            return ConflictBuildReport()
        return self.update(changed, removed)

    def _forget(self, source_ids: list[str]) -> None:
        state, contradictions, keys, claims = (
            self._collection(k) for k in (STATE, CONTRADICTIONS, KEYS, CLAIMS)
        )
        self.store.call(
            lambda: state.delete(ids=[_doc_state_id(s) for s in source_ids]), "update the map state"
        )
        either = {"$or": [{"source_a": {"$in": source_ids}}, {"source_b": {"$in": source_ids}}]}
        self.store.call(lambda: contradictions.delete(where=either), "delete contradictions")
        self.store.call(lambda: keys.delete(where={"source_id": {"$in": source_ids}}), "delete claim keys")
        self.store.call(lambda: claims.delete(where={"source_id": {"$in": source_ids}}), "delete claims")
        self._bump()

    def _store_claims(self, per_doc: list[tuple[Document, list[Claim]]], vectors: np.ndarray) -> None:
        """Claims and their pairing keys, written in large batches (one Chroma call per batch)."""
        rows = [(c, d.content_hash) for d, claims in per_doc for c in claims]
        self.store.upsert(
            self._collection(CLAIMS),
            "store claims",
            _BATCH,
            ids=[c.claim_id for c, _ in rows],
            embeddings=vectors[: len(rows)],
            documents=[c.text for c, _ in rows],
            metadatas=[_claim_metadata(c, content_hash) for c, content_hash in rows],
        )
        keyed = [(c, key, row) for row, (c, _) in enumerate(rows) for key in pairing_keys(c.text)]
        self.store.upsert(
            self._collection(KEYS),
            "store claim keys",
            _BATCH,
            ids=[f"{c.claim_id}|{key}" for c, key, _ in keyed],
            embeddings=vectors[[row for _, _, row in keyed]],
            metadatas=[{"key": key, "claim_id": c.claim_id, "source_id": c.source_id} for c, key, _ in keyed],
        )

    def _candidates(
        self, per_doc: list[tuple[Document, list[Claim]]], embeddings: dict[str, np.ndarray]
    ) -> list[Candidate]:
        s = self.settings
        claims_col, keys_col = self._collection(CLAIMS), self._collection(KEYS)
        found: list[Candidate] = []
        keyed: set[tuple[str, str]] = set()
        for document, claims in per_doc:
            vectors = embeddings[document.source_id]
            keys = [pairing_keys(c.text) for c in claims]
            found += self.store.call(
                partial(
                    cross_document,
                    claims_col,
                    claims,
                    vectors,
                    s.conflict_neighbours,
                    s.conflict_min_similarity,
                ),
                "pair claims",
            )
            found += same_document(
                claims, vectors, s.conflict_neighbours, s.conflict_same_doc_gap, s.conflict_min_similarity
            )
            keyed |= keyed_same_document(
                claims, vectors, keys, s.conflict_neighbours, s.conflict_same_doc_gap
            )
        every_claim = [c for _, claims in per_doc for c in claims]
        if every_claim:
            every_vector = np.concatenate([embeddings[d.source_id] for d, _ in per_doc])
            every_key = [pairing_keys(c.text) for c in every_claim]
            keyed |= self.store.call(
                partial(
                    keyed_cross_document,
                    keys_col,
                    every_claim,
                    every_vector,
                    every_key,
                    s.conflict_neighbours,
                ),
                "pair claims by key",
            )
        known = {c.key for c in found}
        found += self._resolve(sorted(keyed - known), per_doc, embeddings)
        return unique(found)

    def _resolve(
        self,
        pairs: list[tuple[str, str]],
        per_doc: list[tuple[Document, list[Claim]]],
        embeddings: dict[str, np.ndarray],
    ) -> list[Candidate]:
        """Claim-id pairs as candidates: claims of this update from memory, the others from the store."""
        refs: dict[str, ClaimRef] = {
            c.claim_id: ref(c, embeddings[d.source_id][row])
            for d, claims in per_doc
            for row, c in enumerate(claims)
        }
        missing = sorted({cid for pair in pairs for cid in pair} - refs.keys())
        collection = self._collection(CLAIMS)
        for lo in range(0, len(missing), _BATCH):
            ids = missing[lo : lo + _BATCH]
            got = self.store.call(
                partial(collection.get, ids=ids, include=["documents", "metadatas", "embeddings"]),
                "read claims",
            )
            for cid, text, meta, vector in zip(
                got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
            ):
                refs[cid] = ClaimRef(
                    cid,
                    str(meta["source_id"]),
                    str(meta.get("title", "")),
                    int(meta["start"]),
                    int(meta["end"]),
                    str(text),
                    np.asarray(vector, dtype=np.float32),
                )
        return [
            ordered(refs[a], refs[b], float(refs[a].embedding @ refs[b].embedding))
            for a, b in pairs
            if a in refs and b in refs
        ]

    def _classify_and_store(self, candidates: list[Candidate]) -> int:
        if not candidates:
            return 0
        judgements = self.classifier.classify(
            [(c.left.text, c.right.text) for c in candidates], [c.similarity for c in candidates]
        )
        kept = [
            (c, j)
            for c, j in zip(candidates, judgements, strict=True)
            if j.label == "contradiction" and j.confidence >= self.settings.conflict_min_confidence
        ]
        self.store.upsert(
            self._collection(CONTRADICTIONS),
            "store contradictions",
            _BATCH,
            ids=[_pair_id(c.left.claim_id, c.right.claim_id) for c, _ in kept],
            embeddings=[_mean(c.left.embedding, c.right.embedding) for c, _ in kept],
            documents=[j.topic for _, j in kept],
            metadatas=[_pair_metadata(c, j.topic, j.confidence, self.classifier.name) for c, j in kept],
        )
        return len(kept)

    def _mark_done(self, documents: list[Document], claim_counts: dict[str, int]) -> None:
        state = self._collection(STATE)
        self.store.call(
            lambda: state.upsert(
                ids=[_RULES],
                embeddings=[_STATE_VECTOR],
                metadatas=[{"kind": "rules", "rules": self._rules()}],
            ),
            "update the map state",
        )
        if documents:
            self.store.call(
                lambda: state.upsert(
                    ids=[_doc_state_id(d.source_id) for d in documents],
                    embeddings=[_STATE_VECTOR] * len(documents),
                    metadatas=[
                        {
                            "kind": "document",
                            "source_id": d.source_id,
                            "content_hash": d.content_hash,
                            "claims": claim_counts[d.source_id],
                        }
                        for d in documents
                    ],
                ),
                "update the map state",
            )
        self._bump()

    def _bump(self) -> None:
        state = self._collection(STATE)
        self.store.call(
            lambda: state.upsert(
                ids=[_GENERATION],
                embeddings=[_STATE_VECTOR],
                metadatas=[{"kind": "generation", "stamp": uuid.uuid4().hex}],
            ),
            "update the map state",
        )
        self._invalidate()

    # --- reading ------------------------------------------------------------------------------------------

    def lookup(
        self, spans: list[tuple[str, int, int]], query_embedding: np.ndarray | None = None, limit: int = 3
    ) -> list[Contradiction]:
        """Contradictions with a side overlapping one of ``spans``, most relevant to the question first.

        One per topic; each has the overlapping side first, both sides as verbatim Citations whose score is
        the side's similarity to the question (the classifier's confidence without a question embedding).
        """
        if limit <= 0 or not spans:
            return []
        snap = self._snapshot()
        hits: set[int] = set()
        for source_id, start, end in spans:
            for index in snap.by_source.get(source_id, []):
                if any(_overlaps(side, source_id, start, end) for side in snap.records[index].sides):
                    hits.add(index)
        query = None if query_embedding is None else np.asarray(query_embedding, dtype=np.float32).ravel()
        scores = {i: _side_scores(snap.records[i], snap.vectors, query) for i in hits}
        # Rank by the side closest to the question: a pair is as relevant as its most relevant claim.
        ranked = sorted(hits, key=lambda i: (-max(scores[i].values()), i))
        chosen: list[int] = []
        topics: set[str] = set()
        for index in ranked:
            if snap.records[index].topic not in topics and len(chosen) < limit:
                topics.add(snap.records[index].topic)
                chosen.append(index)
        return [_contradiction(snap.records[i], spans, scores[i]) for i in chosen]

    def contradictions(self) -> list[Contradiction]:
        """Every contradiction in the map (for evaluation and reports), sides in stored order."""
        snap = self._snapshot()
        return [_contradiction(r, [], {}) for r in snap.records]

    def dispute_counts(self) -> dict[str, int]:
        """Per source: how many of its claims another source contradicts (0 for sources with none)."""
        snap = self._snapshot()
        disputed: dict[str, set[str]] = defaultdict(set)
        for record in snap.records:
            a, b = record.sides
            if a.source_id != b.source_id:
                disputed[a.source_id].add(a.claim_id)
                disputed[b.source_id].add(b.claim_id)
        return {sid: len(disputed.get(sid, set())) for sid in sorted({*snap.sources, *disputed})}

    def _snapshot(self) -> _Snapshot:
        """The whole map in memory, loaded once and reloaded when the generation stamp changes."""
        state = self._collection(STATE)
        got = self.store.call(
            partial(state.get, ids=[_GENERATION], include=["metadatas"]), "read the map state"
        )
        stamp = str(got["metadatas"][0]["stamp"]) if got["ids"] else ""
        with self._lock:
            if self._snap is None or stamp != self._stamp:
                self._snap, self._stamp = self._load(), stamp
            return self._snap

    def _load(self) -> _Snapshot:
        contradictions, state, claims = (self._collection(k) for k in (CONTRADICTIONS, STATE, CLAIMS))
        got = self.store.call(
            partial(contradictions.get, include=["metadatas", "documents", "embeddings"]),
            "read contradictions",
        )
        docs = self.store.call(
            partial(state.get, where={"kind": "document"}, include=["metadatas"]), "read state"
        )
        records = [
            _record(meta, vector)
            for _, meta, vector in sorted(
                zip(got["ids"], got["metadatas"], _rows(got), strict=True), key=lambda t: t[0]
            )
        ]
        by_source: dict[str, list[int]] = defaultdict(list)
        for index, record in enumerate(records):
            for source_id in sorted({s.source_id for s in record.sides}):
                by_source[source_id].append(index)
        ids = sorted({s.claim_id for r in records for s in r.sides})
        vectors: dict[str, np.ndarray] = {}
        for lo in range(0, len(ids), _BATCH):
            part = self.store.call(
                partial(claims.get, ids=ids[lo : lo + _BATCH], include=["embeddings"]), "read claims"
            )
            vectors.update(
                zip(part["ids"], (np.asarray(v, dtype=np.float32) for v in _rows(part)), strict=True)
            )
        sources = tuple(sorted(str(m["source_id"]) for m in docs["metadatas"]))
        return _Snapshot(tuple(records), dict(by_source), sources, vectors)

    def _done_hashes(self) -> dict[str, str]:
        state = self._collection(STATE)
        got = self.store.call(
            lambda: state.get(where={"kind": "document"}, include=["metadatas"]), "read state"
        )
        return {str(m["source_id"]): str(m["content_hash"]) for m in got["metadatas"]}

    def _rules(self) -> str:
        return f"v{MAP_RULES}|{self.classifier.name}"

    def _stored_rules(self) -> str:
        state = self._collection(STATE)
        got = self.store.call(partial(state.get, ids=[_RULES], include=["metadatas"]), "read the map state")
        return str(got["metadatas"][0].get("rules", "")) if got["ids"] else ""

    def _invalidate(self) -> None:
        with self._lock:
            self._snap = None

    def _collection(self, kind: str) -> Any:
        return self.store.collection(kind)


# --- records ------------------------------------------------------------------------------------------------


def _doc_state_id(source_id: str) -> str:
    return f"doc:{source_id}"


def _pair_id(left: str, right: str) -> str:
    return "pair:" + hashlib.sha1(f"{left}|{right}".encode()).hexdigest()[:24]


def _mean(a: np.ndarray, b: np.ndarray) -> list[float]:
    mean = (np.asarray(a, dtype=np.float32) + np.asarray(b, dtype=np.float32)) / 2.0
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).tolist()


def _claim_metadata(claim: Claim, content_hash: str) -> dict[str, Any]:
    return {
        "source_id": claim.source_id,
        "title": claim.title,
        "start": claim.start,
        "end": claim.end,
        "ordinal": claim.ordinal,
        "content_hash": content_hash,
    }


def _pair_metadata(candidate: Candidate, topic: str, confidence: float, classifier: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "topic": topic,
        "confidence": float(confidence),
        "classifier": classifier,
        "similarity": float(candidate.similarity),
    }
    for tag, side in (("a", candidate.left), ("b", candidate.right)):
        meta |= {
            f"claim_{tag}": side.claim_id,
            f"source_{tag}": side.source_id,
            f"title_{tag}": side.title,
            f"start_{tag}": side.start,
            f"end_{tag}": side.end,
            f"quote_{tag}": side.text,
        }
    return meta


def _record(meta: dict[str, Any], vector: Sequence[float]) -> _Record:
    sides = tuple(
        _Side(
            str(meta[f"claim_{t}"]),
            str(meta[f"source_{t}"]),
            str(meta[f"title_{t}"]),
            int(meta[f"start_{t}"]),
            int(meta[f"end_{t}"]),
            str(meta[f"quote_{t}"]),
        )
        for t in ("a", "b")
    )
    return _Record(
        str(meta["topic"]),
        float(meta["confidence"]),
        (sides[0], sides[1]),
        np.asarray(vector, dtype=np.float32),
    )


def _overlaps(side: _Side, source_id: str, start: int, end: int) -> bool:
    return side.source_id == source_id and side.start < end and start < side.end


def _rows(got: Any) -> list[Any]:
    """The embeddings of a Chroma get (a numpy array or a list, or None when empty)."""
    vectors = got.get("embeddings")
    return [] if vectors is None else list(vectors)


def _side_scores(
    record: _Record, vectors: dict[str, np.ndarray], query: np.ndarray | None
) -> dict[str, float]:
    """Each side's similarity to the question; the classifier's confidence without a question."""
    scores: dict[str, float] = {}
    for side in record.sides:
        vector = vectors.get(side.claim_id)
        usable = query is not None and vector is not None and vector.shape == query.shape
        scores[side.claim_id] = float(query @ vector) if usable else record.confidence  # type: ignore[operator]
    return scores


def _contradiction(
    record: _Record, spans: list[tuple[str, int, int]], scores: dict[str, float]
) -> Contradiction:
    a, b = record.sides
    # The side the reader was shown comes first.
    if spans and not any(_overlaps(a, *span) for span in spans):
        a, b = b, a
    sides = [
        Citation(
            source_id=s.source_id,
            title=s.title,
            quote=s.quote,
            start=s.start,
            end=s.end,
            score=round(scores.get(s.claim_id, record.confidence), 4),
        )
        for s in (a, b)
    ]
    if a.source_id == b.source_id:
        note = f"{a.title or a.source_id} says both, in different places."
    else:
        note = f"{a.title or a.source_id} and {b.title or b.source_id} disagree."
    return Contradiction(topic=record.topic, sides=sides, note=note)
