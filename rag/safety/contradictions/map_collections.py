"""How the contradiction map is kept in Chroma: its five collections, record ids and metadata, and the
writes and state reads the map makes through ``Store``.

``claims`` holds one record per claim, with its embedding; ``claim_keys`` one record per claim and thing it
takes a side on, for pairing; ``contradictions`` one record per contradicting pair, embedded as the
normalised mean of its two claims so it can be ranked against a question; ``conflict_state`` per-document
content hashes of the map, the rules that built it, and a generation stamp that tells readers to refresh;
``claim_documents`` one vector per document (``document_subjects``).
"""

from __future__ import annotations

import hashlib
import uuid
from functools import partial
from typing import Any

import numpy as np

from rag.ingest.store import Store
from rag.safety.contradictions.claims import Claim
from rag.safety.contradictions.classify import Judgement
from rag.safety.contradictions.pairing import Candidate, pairing_keys
from rag.types import Document

CLAIMS = "claims"
CONTRADICTIONS = "contradictions"
KEYS = "claim_keys"
DOCUMENTS = "claim_documents"
STATE = "conflict_state"
GENERATION = "generation"
_RULES = "rules"
BATCH = 1000
_STATE_VECTOR = [1.0]  # state records carry no meaning in vector space, but Chroma needs an embedding


def forget(store: Store, source_ids: list[str]) -> None:
    """Drop the documents' state markers first, then their pairs, keys and claims (a crash in between
    leaves them unmarked, so ``sync`` redoes them)."""
    state, contradictions, keys, claims, documents = (
        store.collection(k) for k in (STATE, CONTRADICTIONS, KEYS, CLAIMS, DOCUMENTS)
    )
    # In batches, as every write here: a corpus of thousands of documents exceeds Chroma's batch limit.
    batches = [source_ids[lo : lo + BATCH] for lo in range(0, len(source_ids), BATCH)]
    for part in batches:
        store.call(partial(state.delete, ids=[_doc_state_id(s) for s in part]), "update the map state")
    for part in batches:
        either = {"$or": [{"source_a": {"$in": part}}, {"source_b": {"$in": part}}]}
        store.call(partial(contradictions.delete, where=either), "delete contradictions")
        store.call(partial(keys.delete, where={"source_id": {"$in": part}}), "delete claim keys")
        store.call(partial(claims.delete, where={"source_id": {"$in": part}}), "delete claims")
        store.call(partial(documents.delete, ids=part), "delete document vectors")


def store_claims(
    store: Store,
    per_doc: list[tuple[Document, list[Claim]]],
    vectors: np.ndarray,
    claim_keys: dict[str, list[str]] | None = None,
) -> None:
    """Claims and their pairing keys (``claim_keys`` when the caller has them already), written in large
    batches (one Chroma call per batch)."""
    rows = [(c, d.content_hash) for d, claims in per_doc for c in claims]
    store.upsert(
        store.collection(CLAIMS),
        "store claims",
        BATCH,
        ids=[c.claim_id for c, _ in rows],
        embeddings=vectors[: len(rows)],
        documents=[c.text for c, _ in rows],
        metadatas=[_claim_metadata(c, content_hash) for c, content_hash in rows],
    )
    keys = claim_keys if claim_keys is not None else {c.claim_id: pairing_keys(c.read) for c, _ in rows}
    keyed = [(c, key, row) for row, (c, _) in enumerate(rows) for key in keys[c.claim_id]]
    store.upsert(
        store.collection(KEYS),
        "store claim keys",
        BATCH,
        ids=[f"{c.claim_id}|{key}" for c, key, _ in keyed],
        embeddings=vectors[[row for _, _, row in keyed]],
        metadatas=[{"key": key, "claim_id": c.claim_id, "source_id": c.source_id} for c, key, _ in keyed],
    )


def store_contradictions(store: Store, kept: list[tuple[Candidate, Judgement]], classifier: str) -> None:
    """The contradicting pairs (candidate, judgement), each embedded as the mean of its two claims."""
    store.upsert(
        store.collection(CONTRADICTIONS),
        "store contradictions",
        BATCH,
        ids=[_pair_id(c.left.claim_id, c.right.claim_id) for c, _ in kept],
        embeddings=[_mean(c.left.embedding, c.right.embedding) for c, _ in kept],
        documents=[j.topic for _, j in kept],
        metadatas=[_pair_metadata(c, j.topic, j.confidence, classifier) for c, j in kept],
    )


def mark_done(store: Store, documents: list[Document], claim_counts: dict[str, int], rules: str) -> None:
    """Record the rules the map was built with and each document's content hash (its pairs are stored)."""
    state = store.collection(STATE)
    store.call(
        lambda: state.upsert(
            ids=[_RULES],
            embeddings=[_STATE_VECTOR],
            metadatas=[{"kind": "rules", "rules": rules}],
        ),
        "update the map state",
    )
    # In batches: one call for every document failed at 7,750 documents (Chroma's limit was 5,461 rows).
    store.upsert(
        state,
        "update the map state",
        BATCH,
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
    )


def bump_generation(store: Store) -> None:
    """A new generation stamp: readers reload the map on their next lookup."""
    state = store.collection(STATE)
    store.call(
        lambda: state.upsert(
            ids=[GENERATION],
            embeddings=[_STATE_VECTOR],
            metadatas=[{"kind": "generation", "stamp": uuid.uuid4().hex}],
        ),
        "update the map state",
    )
    store.mark_changed()


def generation_stamp(store: Store) -> str:
    """The current generation stamp ("" before the first build)."""
    return store.read_generation(f"map {GENERATION}", partial(_stored_stamp, store))


def _stored_stamp(store: Store) -> str:
    state = store.collection(STATE)
    got = store.call(partial(state.get, ids=[GENERATION], include=["metadatas"]), "read the map state")
    return str(got["metadatas"][0]["stamp"]) if got["ids"] else ""


def done_hashes(store: Store) -> dict[str, str]:
    """Per document the map holds in full: the content hash it was built from."""
    state = store.collection(STATE)
    got = store.call(lambda: state.get(where={"kind": "document"}, include=["metadatas"]), "read state")
    return {str(m["source_id"]): str(m["content_hash"]) for m in got["metadatas"]}


def stored_rules(store: Store) -> str:
    """The rules the stored map was built with ("" when none are recorded)."""
    state = store.collection(STATE)
    got = store.call(partial(state.get, ids=[_RULES], include=["metadatas"]), "read the map state")
    return str(got["metadatas"][0].get("rules", "")) if got["ids"] else ""


def embedding_rows(got: Any) -> list[Any]:
    """The embeddings of a Chroma get (a numpy array or a list, or None when empty)."""
    vectors = got.get("embeddings")
    return [] if vectors is None else list(vectors)


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
        **({"reading": claim.reading} if claim.reading else {}),
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
