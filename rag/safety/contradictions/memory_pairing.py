"""The map's cross-document pairing done in memory, with exact similarities, instead of one Chroma query per
document and per pairing key.

On the full COVID-QA corpus (83 articles, 11,952 claims) those queries were two thirds of the map's build: each
returned every neighbour's metadata, text and embedding for Python to convert, and every key's filtered search
ran on its own. All the claims fit in memory many times over at that size, so the same pairs (the k most
similar claims of other documents; the k most similar sharing a key) come from a few matrix products. Chroma's
search is approximate and this one exact, so the pairs can only differ where its graph missed a neighbour.
Above ``limit`` claims the products would grow with the square of the corpus, and the Chroma queries are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.ingest.indexer import read_all
from rag.ingest.store import Store
from rag.retrieval.exact_search import top_columns
from rag.safety.contradictions.claims import Claim
from rag.safety.contradictions.map_collections import CLAIMS, KEYS
from rag.safety.contradictions.pairing import Candidate, ClaimRef, ordered, ref, stored_ref
from rag.types import Document

# Rows of a similarity matrix computed at once: bounds memory to _BLOCK x claims floats.
_BLOCK = 256


@dataclass
class ClaimTable:
    """Every claim the map holds (this update's and the stored ones of other documents), one row each."""

    refs: list[ClaimRef]
    vectors: np.ndarray  # (claims, dimension), unit rows
    sources: np.ndarray  # source id per row (object array)
    codes: np.ndarray  # source id per row as an integer: comparing strings row by row is slow at scale
    keys: list[list[str]]  # pairing keys per row
    rows_of: dict[str, int]  # claim id -> row


def claim_table(
    store: Store,
    per_doc: list[tuple[Document, list[Claim]]],
    embeddings: dict[str, np.ndarray],
    keys: dict[str, list[str]],
) -> ClaimTable:
    """This update's claims from memory, the other documents' claims and keys read back in one pass each."""
    refs: list[ClaimRef] = []
    vectors: list[np.ndarray] = []
    row_keys: list[list[str]] = []
    mine = {d.source_id for d, _ in per_doc}
    for document, claims in per_doc:
        block = embeddings[document.source_id]
        for row, claim in enumerate(claims):
            refs.append(ref(claim, block[row]))
            row_keys.append(keys[claim.claim_id])
        if len(claims):
            vectors.append(np.asarray(block, dtype=np.float32))
    # Nothing to read back when the store holds only this update's claims (a first build, a rebuild).
    if stored_claims(store) > len(refs):
        stored = read_all(store, CLAIMS, ["documents", "metadatas", "embeddings"])
    else:
        stored = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    others = [i for i, meta in enumerate(stored["metadatas"]) if str(meta["source_id"]) not in mine]
    if others:
        stored_keys: dict[str, list[str]] = {}
        for meta in read_all(store, KEYS, ["metadatas"])["metadatas"]:
            if meta and str(meta["source_id"]) not in mine:
                stored_keys.setdefault(str(meta["claim_id"]), []).append(str(meta["key"]))
        block = np.asarray([stored["embeddings"][i] for i in others], dtype=np.float32)
        for position, i in enumerate(others):
            meta, cid = stored["metadatas"][i], str(stored["ids"][i])
            refs.append(stored_ref(cid, stored["documents"][i], meta, block[position]))
            row_keys.append(sorted(stored_keys.get(cid, [])))
        vectors.append(block)
    matrix = np.vstack(vectors) if vectors else np.zeros((0, 0), dtype=np.float32)
    sources = np.asarray([r.source_id for r in refs], dtype=object)
    return ClaimTable(
        refs=refs,
        vectors=matrix,
        sources=sources,
        codes=np.unique(sources.astype(str), return_inverse=True)[1].astype(np.int64)
        if len(refs)
        else np.zeros(0, dtype=np.int64),
        keys=row_keys,
        rows_of={r.claim_id: row for row, r in enumerate(refs)},
    )


def stored_claims(store: Store) -> int:
    """How many claims the map holds (this update's included, once stored)."""
    collection = store.collection(CLAIMS)
    return int(store.call(collection.count, "count claims"))


def cross_document(table: ClaimTable, rows: Sequence[int], k: int, min_similarity: float) -> list[Candidate]:
    """For each of ``rows``: the k most similar claims of other documents, kept when at least
    ``min_similarity`` similar (as ``pairing.cross_document`` does through Chroma)."""
    out: list[Candidate] = []
    for lo in range(0, len(rows), _BLOCK):
        part = np.asarray(rows[lo : lo + _BLOCK])
        sims = table.vectors[part] @ table.vectors.T
        sims[table.codes[part][:, None] == table.codes[None, :]] = -np.inf
        for offset, row in enumerate(part):
            for column in top_columns(sims[offset], k):
                similarity = float(sims[offset, column])
                if similarity >= min_similarity:
                    out.append(ordered(table.refs[row], table.refs[column], similarity))
    return out


def keyed_cross_document(table: ClaimTable, rows: Sequence[int], k: int) -> set[tuple[str, str]]:
    """For each of ``rows`` and each of its keys: the k most similar claims of other documents sharing the key
    (as ``pairing.keyed_cross_document`` does through Chroma)."""
    holders: dict[str, list[int]] = {}
    for row, row_keys in enumerate(table.keys):
        for key in row_keys:
            holders.setdefault(key, []).append(row)
    asking: dict[str, list[int]] = {}
    for row in rows:
        for key in table.keys[row]:
            asking.setdefault(key, []).append(row)
    pairs: set[tuple[str, str]] = set()
    for key in sorted(asking):
        group = np.asarray(holders[key])
        for lo in range(0, len(asking[key]), _BLOCK):
            part = np.asarray(asking[key][lo : lo + _BLOCK])
            sims = table.vectors[part] @ table.vectors[group].T
            sims[table.codes[part][:, None] == table.codes[group][None, :]] = -np.inf
            for offset, row in enumerate(part):
                for column in top_columns(sims[offset], k):
                    a, b = table.refs[row].claim_id, table.refs[group[column]].claim_id
                    pairs.add((a, b) if a <= b else (b, a))
    return pairs


def resolve(table: ClaimTable, pairs: Sequence[tuple[str, str]]) -> list[Candidate]:
    """Claim-id pairs as candidates, both sides from the table."""
    out: list[Candidate] = []
    for a, b in pairs:
        left, right = table.rows_of.get(a), table.rows_of.get(b)
        if left is not None and right is not None:
            x, y = table.refs[left], table.refs[right]
            out.append(ordered(x, y, float(x.embedding @ y.embedding)))
    return out
