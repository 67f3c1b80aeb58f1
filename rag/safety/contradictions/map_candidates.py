"""The claim pairs one update of the contradiction map checks: for each changed document, its claims'
nearest neighbours in other documents and far apart in its own, plus claims sharing a pairing key, the
stored side of each pair read back from the store."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from rag.ingest.store import Store
from rag.safety.contradictions import memory_pairing
from rag.safety.contradictions.claims import Claim
from rag.safety.contradictions.clustered_pairing import clustered_cross_document
from rag.safety.contradictions.map_collections import BATCH, CLAIMS, KEYS
from rag.safety.contradictions.pairing import (
    Candidate,
    ClaimRef,
    cross_document,
    keyed_cross_document,
    keyed_same_document,
    ordered,
    pairing_keys,
    ref,
    same_document,
    stored_ref,
    unique,
)
from rag.settings import Settings
from rag.types import Document


def build_candidates(
    store: Store,
    settings: Settings,
    per_doc: list[tuple[Document, list[Claim]]],
    embeddings: dict[str, np.ndarray],
    claim_keys: dict[str, list[str]] | None = None,
) -> list[Candidate]:
    """Every pair to classify for the documents of ``per_doc`` (their claims already stored), each once.

    ``claim_keys``: each claim's ``pairing_keys`` when the caller has them already (claim id -> keys).
    """
    s = settings
    if claim_keys is None:
        claim_keys = {c.claim_id: pairing_keys(c.read) for _, claims in per_doc for c in claims}
    stored = memory_pairing.stored_claims(store)
    if stored <= s.conflict_memory_claims:
        return _in_memory(store, settings, per_doc, embeddings, claim_keys, memory_pairing.cross_document)
    if sum(len(claims) for _, claims in per_doc) * _BUILD_SHARE >= stored:
        # A build, or an update of a large share of a large map: one Chroma query per document costs a few
        # milliseconds a claim, and one filtered query per pairing key lists every claim holding the key, so
        # the keys' queries grow with the square of the corpus (at 150 copies of the seed corpus those two were
        # most of the map). The claims are read once and paired in memory: by key exactly, across documents
        # through a clustered index (``clustered_pairing``).
        return _in_memory(store, settings, per_doc, embeddings, claim_keys, clustered_cross_document)
    claims_col, keys_col = store.collection(CLAIMS), store.collection(KEYS)
    found: list[Candidate] = []
    keyed: set[tuple[str, str]] = set()
    for document, claims in per_doc:
        vectors = embeddings[document.source_id]
        keys = [claim_keys[c.claim_id] for c in claims]
        found += store.call(
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
        keyed |= keyed_same_document(claims, vectors, keys, s.conflict_neighbours, s.conflict_same_doc_gap)
    every_claim = [c for _, claims in per_doc for c in claims]
    if every_claim:
        every_vector = np.concatenate([embeddings[d.source_id] for d, _ in per_doc])
        every_key = [claim_keys[c.claim_id] for c in every_claim]
        keyed |= store.call(
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
    found += _resolve(store, sorted(keyed - known), per_doc, embeddings)
    return unique(found)


# Above the memory limit, an update whose claims are at least 1/_BUILD_SHARE of the stored ones is paired in
# memory; a smaller one asks Chroma about its own claims and keys only.
_BUILD_SHARE = 4


def _in_memory(
    store: Store,
    settings: Settings,
    per_doc: list[tuple[Document, list[Claim]]],
    embeddings: dict[str, np.ndarray],
    claim_keys: dict[str, list[str]],
    search: Callable[[memory_pairing.ClaimTable, list[int], int, float], list[Candidate]],
) -> list[Candidate]:
    """The same pairs as the Chroma path, with the cross-document searches done in memory by ``search``
    (exact, ``memory_pairing``, or clustered); the same-document pairs are found as there."""
    s = settings
    table = memory_pairing.claim_table(store, per_doc, embeddings, claim_keys)
    rows = [table.rows_of[c.claim_id] for _, claims in per_doc for c in claims]
    found = search(table, rows, s.conflict_neighbours, s.conflict_min_similarity)
    keyed: set[tuple[str, str]] = set()
    for document, claims in per_doc:
        vectors = embeddings[document.source_id]
        keys = [claim_keys[c.claim_id] for c in claims]
        found += same_document(
            claims, vectors, s.conflict_neighbours, s.conflict_same_doc_gap, s.conflict_min_similarity
        )
        keyed |= keyed_same_document(claims, vectors, keys, s.conflict_neighbours, s.conflict_same_doc_gap)
    keyed |= memory_pairing.keyed_cross_document(table, rows, s.conflict_neighbours)
    known = {c.key for c in found}
    found += memory_pairing.resolve(table, sorted(keyed - known))
    return unique(found)


def _resolve(
    store: Store,
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
    collection = store.collection(CLAIMS)
    for lo in range(0, len(missing), BATCH):
        ids = missing[lo : lo + BATCH]
        got = store.call(
            partial(collection.get, ids=ids, include=["documents", "metadatas", "embeddings"]),
            "read claims",
        )
        for cid, text, meta, vector in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
        ):
            refs[cid] = stored_ref(cid, text, meta, vector)
    return [
        ordered(refs[a], refs[b], float(refs[a].embedding @ refs[b].embedding))
        for a, b in pairs
        if a in refs and b in refs
    ]
