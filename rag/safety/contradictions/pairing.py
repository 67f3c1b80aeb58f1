"""Candidate pairs of claims: nearest neighbours in other documents (through the vector index), far apart in
one document, and claims that take sides on the same thing (``pairing_keys``).

Each claim is compared with at most k others, so the map costs O(n·k) classifications, never all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.claims import Claim

# Rows of the same-document similarity matrix computed at once (bounds memory on very long documents).
_ROW_BLOCK = 512


@dataclass(frozen=True)
class ClaimRef:
    """A claim as stored: enough to quote it (``text``), to classify it (``reading`` or else ``text``, see
    ``Claim``) and to embed a pair."""

    claim_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    embedding: np.ndarray
    reading: str = ""

    @property
    def read(self) -> str:
        return self.reading or self.text


@dataclass(frozen=True)
class Candidate:
    left: ClaimRef
    right: ClaimRef
    similarity: float

    @property
    def key(self) -> tuple[str, str]:
        return (self.left.claim_id, self.right.claim_id)


def ref(claim: Claim, embedding: np.ndarray) -> ClaimRef:
    return ClaimRef(
        claim.claim_id,
        claim.source_id,
        claim.title,
        claim.start,
        claim.end,
        claim.text,
        embedding,
        claim.reading,
    )


def stored_ref(claim_id: str, text: str, meta: dict[str, Any], embedding: Any) -> ClaimRef:
    """A claim as read back from the map's claims collection."""
    return ClaimRef(
        claim_id,
        str(meta["source_id"]),
        str(meta.get("title", "")),
        int(meta["start"]),
        int(meta["end"]),
        str(text),
        np.asarray(embedding, dtype=np.float32),
        str(meta.get("reading", "")),
    )


def ordered(a: ClaimRef, b: ClaimRef, similarity: float) -> Candidate:
    """Sides in a fixed order, so the same pair found from either end gets the same id."""
    return Candidate(a, b, similarity) if a.claim_id <= b.claim_id else Candidate(b, a, similarity)


def cross_document(
    collection: Any, claims: Sequence[Claim], embeddings: np.ndarray, k: int, min_similarity: float
) -> list[Candidate]:
    """The k most similar stored claims of other documents for each claim (one query per document).

    Searched without a filter, ``_CROSS_WIDENING`` times wider, and the document's own claims dropped here: a
    "not this document" filter makes Chroma list every other record of the collection for each query, which
    grows the map's build with the square of the corpus. Rows left with fewer than k others (their document's
    own claims filled the wider list) are asked again with the filter, so the result is the filtered one.
    """
    if not claims:
        return []
    source_id = claims[0].source_id
    include = ["documents", "metadatas", "distances", "embeddings"]
    total = collection.count()
    result = collection.query(
        query_embeddings=embeddings.tolist(),
        n_results=min(k * _CROSS_WIDENING, max(total, 1)),
        include=include,
    )
    rows = [_others(result, row, source_id, k) for row in range(len(claims))]
    short = [row for row, found in enumerate(rows) if len(found) < k and len(result["ids"][row]) < total]
    if short:
        again = collection.query(
            query_embeddings=embeddings[short].tolist(),
            n_results=k,
            where={"source_id": {"$ne": source_id}},
            include=include,
        )
        for position, row in enumerate(short):
            rows[row] = _others(again, position, source_id, k)
    out: list[Candidate] = []
    for row, claim in enumerate(claims):
        mine = ref(claim, embeddings[row])
        for other, similarity in rows[row]:
            if similarity >= min_similarity:
                out.append(ordered(mine, other, similarity))
    return out


_CROSS_WIDENING = 4


def _others(result: Any, row: int, source_id: str, k: int) -> list[tuple[ClaimRef, float]]:
    """The first k records of one query row that belong to another document, with their similarity."""
    found: list[tuple[ClaimRef, float]] = []
    ids = result["ids"][row] if result["ids"] else []
    for col, other_id in enumerate(ids):
        meta = result["metadatas"][row][col]
        if str(meta["source_id"]) == source_id:
            continue
        other = stored_ref(other_id, result["documents"][row][col], meta, result["embeddings"][row][col])
        found.append((other, 1.0 - float(result["distances"][row][col])))
        if len(found) == k:
            break
    return found


def same_document(
    claims: Sequence[Claim], embeddings: np.ndarray, k: int, min_gap: int, min_similarity: float
) -> list[Candidate]:
    """For each claim, the k most similar claims of its own document at least ``min_gap`` claims away."""
    out: list[Candidate] = []
    n = len(claims)
    if n <= min_gap:
        return out
    ordinals = np.array([c.ordinal for c in claims])
    for block in range(0, n, _ROW_BLOCK):
        rows = slice(block, min(n, block + _ROW_BLOCK))
        sims = embeddings[rows] @ embeddings.T
        near = np.abs(ordinals[rows, None] - ordinals[None, :]) < min_gap
        sims[near] = -np.inf
        top = np.argsort(-sims, axis=1)[:, :k]
        for offset, columns in enumerate(top):
            i = block + offset
            for j in columns:
                similarity = float(sims[offset, j])
                if similarity >= min_similarity:
                    out.append(
                        ordered(ref(claims[i], embeddings[i]), ref(claims[j], embeddings[j]), similarity)
                    )
    return out


def unique(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per pair, keeping the first found; sorted by id for a deterministic build."""
    seen: dict[tuple[str, str], Candidate] = {}
    for candidate in candidates:
        seen.setdefault(candidate.key, candidate)
    return [seen[key] for key in sorted(seen)]


def keyed_cross_document(
    collection: Any, claims: Sequence[Claim], embeddings: np.ndarray, keys: Sequence[list[str]], k: int
) -> set[tuple[str, str]]:
    """For each claim and each of its keys, the k most similar claims of other documents sharing that key.

    One filtered vector query per distinct key (for all the claims given): O(n·keys·k) pairs, never all pairs.
    """
    by_key: dict[str, list[int]] = {}
    for row, claim_keys in enumerate(keys):
        for key in claim_keys:
            by_key.setdefault(key, []).append(row)
    pairs: set[tuple[str, str]] = set()
    for key in sorted(by_key):
        rows = by_key[key]
        # Claims of the asking claim's own document come back too; ask for enough to drop them and keep k.
        own = max(Counter(claims[row].source_id for row in rows).values())
        for lo in range(0, len(rows), _QUERY_BATCH):
            part = rows[lo : lo + _QUERY_BATCH]
            found = _keyed_query(collection, embeddings[part].tolist(), key, k + own)
            for position, row in enumerate(part):
                others = [m for m in found[position] if m["source_id"] != claims[row].source_id]
                pairs.update(_sorted_pair(claims[row].claim_id, str(m["claim_id"])) for m in others[:k])
    return pairs


_QUERY_BATCH = 256
# How many more neighbours an unfiltered query fetches when the key filter cannot be used.
_UNFILTERED_WIDENING = 8


def _keyed_query(collection: Any, vectors: list[list[float]], key: str, n: int) -> list[list[dict[str, Any]]]:
    """Nearest records carrying ``key``. A key shared by tens of thousands of claims makes Chroma's filtered
    search exceed SQLite's variable limit; then search unfiltered, wider, and filter here."""
    try:
        result = collection.query(
            query_embeddings=vectors, n_results=n, where={"key": key}, include=["metadatas"]
        )
        return [list(rows) for rows in result["metadatas"]]
    except Exception as exc:
        if "too many SQL variables" not in str(exc):
            raise
    result = collection.query(
        query_embeddings=vectors, n_results=n * _UNFILTERED_WIDENING, include=["metadatas"]
    )
    return [[m for m in rows if m.get("key") == key][:n] for rows in result["metadatas"]]


def keyed_same_document(
    claims: Sequence[Claim], embeddings: np.ndarray, keys: Sequence[list[str]], k: int, min_gap: int
) -> set[tuple[str, str]]:
    """Claims of one document sharing a key, at least ``min_gap`` claims apart (the k most similar each)."""
    by_key: dict[str, list[int]] = {}
    for row, claim_keys in enumerate(keys):
        for key in claim_keys:
            by_key.setdefault(key, []).append(row)
    pairs: set[tuple[str, str]] = set()
    for rows in by_key.values():
        for i in rows:
            far = [j for j in rows if abs(claims[i].ordinal - claims[j].ordinal) >= min_gap]
            far.sort(key=lambda j: -float(embeddings[i] @ embeddings[j]))
            pairs.update(_sorted_pair(claims[i].claim_id, claims[j].claim_id) for j in far[:k])
    return pairs


def _sorted_pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def pairing_keys(text: str) -> list[str]:
    """What the claim takes a side on, as canonical keys ("insomnia", "axis:safety", "kind:kratom").

    Claims sharing a key are paired (most similar first) as well as the nearest sentences, so two claims
    taking sides on one thing meet even when the rest of their wording differs.
    """
    analysis = analyse(text)
    keys = {s.anchor for s in analysis.stances if s.axis in ("effect", "precision")}
    if any(s.axis == "safety" for s in analysis.stances):
        keys.add("axis:safety")
    if analysis.evidence:
        keys.add("axis:evidence")
    keys.update(f"kind:{c.subject}" for c in analysis.categories)
    keys.update(f"compare:{c.adjective}" for c in analysis.comparisons)
    return sorted(keys)
