"""Which documents are about the same subject, so that their claims can contradict each other.

The claim rules read a claim's unnamed subject ("it can cause insomnia", "long-term use may lead to
dependence") as shared with the other claim's. In five articles on one plant it is; in a thousand abstracts of
unrelated studies it is not, and the rules set "ACE inhibitors are considered safe" against "all patients with
perioperative strokes were in the high-risk group" from a study of carotid surgery. So two claims of different
documents are paired only when their documents are about the same subject: each document is read as the mean
of its claims' vectors, and two documents share a subject when those vectors are at least
``conflict_min_document_similarity`` alike on the embedding model's scale. Or when the two claims name their
subject in the same words, one of them specific: a page on test strips and one on a drug found with them are
less alike than that, and both say whether "fentanyl test strips" detect the drug.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from rag.ingest.store import Store
from rag.safety.contradictions.claims import Claim
from rag.safety.contradictions.classify import named_subject
from rag.safety.contradictions.map_collections import BATCH, DOCUMENTS
from rag.safety.contradictions.pairing import Candidate, ClaimRef
from rag.types import Document


def document_vector(vectors: np.ndarray) -> np.ndarray:
    """The unit mean of a document's claim vectors."""
    mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def store_document_vectors(
    store: Store, per_doc: list[tuple[Document, list[Claim]]], embeddings: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Each document's vector (documents with claims only), written to the store and returned."""
    vectors = {d.source_id: document_vector(embeddings[d.source_id]) for d, claims in per_doc if len(claims)}
    if vectors:
        store.upsert(
            store.collection(DOCUMENTS),
            "store document vectors",
            BATCH,
            ids=list(vectors),
            embeddings=np.stack(list(vectors.values())),
        )
    return vectors


def read_document_vectors(store: Store, source_ids: Sequence[str]) -> dict[str, np.ndarray]:
    collection = store.collection(DOCUMENTS)
    out: dict[str, np.ndarray] = {}
    wanted = sorted(set(source_ids))
    for lo in range(0, len(wanted), BATCH):
        got = store.call(
            partial(collection.get, ids=wanted[lo : lo + BATCH], include=["embeddings"]),
            "read document vectors",
        )
        for sid, vector in zip(got["ids"], got["embeddings"], strict=True):
            out[sid] = np.asarray(vector, dtype=np.float32)
    return out


def same_subject(
    candidates: list[Candidate], known: dict[str, np.ndarray], store: Store, floor: float
) -> list[Candidate]:
    """The candidates of one document, or of two documents about the same subject. ``known`` holds the
    vectors of this update's documents; the others are read from the store. A document without a vector (a
    map built before they were kept) is given the benefit of the doubt."""
    others = {c.left.source_id for c in candidates} | {c.right.source_id for c in candidates}
    vectors = dict(known)
    missing = sorted(others - vectors.keys())
    if missing:
        vectors.update(read_document_vectors(store, missing))

    # Read once per claim: a claim is a candidate with each of its neighbours.
    subjects: dict[str, frozenset[str] | None] = {}

    def subject(claim: ClaimRef) -> frozenset[str] | None:
        if claim.claim_id not in subjects:
            subjects[claim.claim_id] = named_subject(claim.reading or claim.text)
        return subjects[claim.claim_id]

    def alike(candidate: Candidate) -> bool:
        a, b = candidate.left.source_id, candidate.right.source_id
        if a == b or a not in vectors or b not in vectors:
            return True
        if float(vectors[a] @ vectors[b]) >= floor:
            return True
        named = subject(candidate.left)
        return named is not None and named == subject(candidate.right)

    return [c for c in candidates if alike(c)]
