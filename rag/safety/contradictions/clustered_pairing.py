"""Cross-document neighbours for a large map build, from an inverted-file index kept in memory.

Above ``conflict_memory_claims`` the exact products of ``memory_pairing`` grow with the square of the claims,
and one Chroma query per document costs a few milliseconds per claim (about 20-40 minutes at 100k passages).
A build instead clusters the claim vectors (spherical k-means, about sqrt(n) lists of about sqrt(n) claims)
and compares each claim exactly with the claims of the few lists whose centres are nearest to it: about
n * probes * sqrt(n) multiply-adds in a few large matrix products. Like Chroma's HNSW graph it is approximate;
the share of exact neighbours it finds is measured in benchmarks/results.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rag.safety.contradictions.memory_pairing import ClaimTable
from rag.safety.contradictions.pairing import Candidate, ordered

# Lists whose claims each claim is compared with: those whose centres are nearest to it.
PROBES = 16
_ROUNDS = 6
# Rows of a product computed at once: bounds memory.
_BLOCK = 4096


def clustered_cross_document(
    table: ClaimTable, rows: Sequence[int], k: int, min_similarity: float, seed: int = 0
) -> list[Candidate]:
    """For each of ``rows``: about the k most similar claims of other documents, kept when at least
    ``min_similarity`` similar (what ``memory_pairing.cross_document`` finds exactly). Each row is compared
    with the claims of the ``PROBES`` lists whose centres are nearest to it."""
    vectors, codes = table.vectors, table.codes
    n = vectors.shape[0]
    if n == 0 or not len(rows):
        return []
    assign, centres = _lists(vectors, max(1, round(float(np.sqrt(n)))), seed)
    members_order = np.argsort(assign, kind="stable")
    members_at = np.searchsorted(assign[members_order], np.arange(centres.shape[0] + 1))
    asking = np.asarray(rows, dtype=np.int64)
    probes = _nearest(vectors[asking], centres, min(PROBES, centres.shape[0]))
    # Inverted: for each list, the asking rows that probe it.
    probed = probes.ravel()
    askers = np.repeat(asking, probes.shape[1])
    probe_order = np.argsort(probed, kind="stable")
    probe_at = np.searchsorted(probed[probe_order], np.arange(centres.shape[0] + 1))
    found_rows, found_columns, found_sims = [], [], []
    for centre in range(centres.shape[0]):
        part = askers[probe_order[probe_at[centre] : probe_at[centre + 1]]]
        members = members_order[members_at[centre] : members_at[centre + 1]]
        if not len(part) or not len(members):
            continue
        sims = vectors[part] @ vectors[members].T
        sims[codes[part][:, None] == codes[members][None, :]] = -np.inf
        take = min(k, len(members))
        best = np.argpartition(-sims, take - 1, axis=1)[:, :take]
        found_rows.append(np.repeat(part, take))
        found_columns.append(members[best].ravel())
        found_sims.append(np.take_along_axis(sims, best, axis=1).ravel())
    if not found_rows:
        return []
    row, column, sim = (np.concatenate(x) for x in (found_rows, found_columns, found_sims))
    kept = np.isfinite(sim) & (sim >= min_similarity)
    row, column, sim = row[kept], column[kept], sim[kept]
    # Per row, the k best over every list it probed (ties by column, as the exact search breaks them).
    order = np.lexsort((column, -sim, row))
    row, column, sim = row[order], column[order], sim[order]
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    rank = np.arange(len(row)) - np.repeat(starts, np.diff(np.r_[starts, len(row)]))
    return [
        ordered(table.refs[r], table.refs[c], float(s))
        for r, c, s in zip(row[rank < k], column[rank < k], sim[rank < k], strict=True)
    ]


def _lists(vectors: np.ndarray, n_lists: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means: each row's list and the lists' unit centres. Seeded, so a build is repeatable."""
    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(vectors.shape[0], n_lists, replace=False)].astype(np.float32)
    assign = _nearest(vectors, centres)
    for _ in range(_ROUNDS):
        order = np.argsort(assign, kind="stable")
        used, starts = np.unique(assign[order], return_index=True)
        sums = np.add.reduceat(vectors[order], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1)
        kept = norms > 0
        centres[used[kept]] = sums[kept] / norms[kept, None]
        assign = _nearest(vectors, centres)
    return assign, centres


def _nearest(vectors: np.ndarray, centres: np.ndarray, count: int = 1) -> np.ndarray:
    """Each row's ``count`` nearest centres (one column each), or with ``count`` 1 a flat array."""
    out = np.empty((vectors.shape[0], count), dtype=np.int64)
    for lo in range(0, vectors.shape[0], _BLOCK):
        sims = vectors[lo : lo + _BLOCK] @ centres.T
        if count == 1:
            out[lo : lo + _BLOCK, 0] = np.argmax(sims, axis=1)
        else:
            out[lo : lo + _BLOCK] = np.argpartition(-sims, count - 1, axis=1)[:, :count]
    return out[:, 0] if count == 1 else out
