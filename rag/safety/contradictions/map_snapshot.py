"""The contradiction map as readers see it: every contradicting pair loaded from the store into memory once
per generation, and how a pair becomes a ``Contradiction`` with both sides quoted and scored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from rag.ingest.indexer import read_all
from rag.ingest.store import Store
from rag.safety.contradictions.map_collections import (
    BATCH,
    CLAIMS,
    CONTRADICTIONS,
    STATE,
    embedding_rows,
)
from rag.types import Citation, Contradiction


@dataclass(frozen=True)
class Side:
    """One claim of a contradicting pair, as quoted."""

    claim_id: str
    source_id: str
    title: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class PairRecord:
    """A contradicting pair: its topic, the classifier's confidence, both sides and the pair's embedding."""

    topic: str
    confidence: float
    sides: tuple[Side, Side]
    embedding: np.ndarray


@dataclass(frozen=True)
class Snapshot:
    records: tuple[PairRecord, ...]
    by_source: dict[str, list[int]]
    sources: tuple[str, ...]
    vectors: dict[str, np.ndarray]  # claim embeddings of every side, to score sides against a question


def load_snapshot(store: Store) -> Snapshot:
    """Every pair (in id order), indexed by source, with the embeddings of their claims."""
    state, claims = (store.collection(k) for k in (STATE, CLAIMS))
    # A page at a time: one read of every pair failed at 100k passages ("too many SQL variables").
    got = read_all(store, CONTRADICTIONS, ["metadatas", "documents", "embeddings"])
    docs = store.call(partial(state.get, where={"kind": "document"}, include=["metadatas"]), "read state")
    records = [
        _record(meta, vector)
        for _, meta, vector in sorted(
            zip(got["ids"], got["metadatas"], embedding_rows(got), strict=True), key=lambda t: t[0]
        )
    ]
    by_source: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        for source_id in sorted({s.source_id for s in record.sides}):
            by_source[source_id].append(index)
    ids = sorted({s.claim_id for r in records for s in r.sides})
    vectors: dict[str, np.ndarray] = {}
    for lo in range(0, len(ids), BATCH):
        part = store.call(
            partial(claims.get, ids=ids[lo : lo + BATCH], include=["embeddings"]), "read claims"
        )
        vectors.update(
            zip(part["ids"], (np.asarray(v, dtype=np.float32) for v in embedding_rows(part)), strict=True)
        )
    sources = tuple(sorted(str(m["source_id"]) for m in docs["metadatas"]))
    return Snapshot(tuple(records), dict(by_source), sources, vectors)


def overlaps(side: Side, source_id: str, start: int, end: int) -> bool:
    """Whether ``side`` shares characters with the span ``start``..``end`` of ``source_id``."""
    return side.source_id == source_id and side.start < end and start < side.end


def side_scores(
    record: PairRecord, vectors: dict[str, np.ndarray], query: np.ndarray | None
) -> dict[str, float]:
    """Each side's similarity to the question; the classifier's confidence without a question."""
    scores: dict[str, float] = {}
    for side in record.sides:
        vector = vectors.get(side.claim_id)
        usable = query is not None and vector is not None and vector.shape == query.shape
        scores[side.claim_id] = float(query @ vector) if usable else record.confidence  # type: ignore[operator]
    return scores


def to_contradiction(
    record: PairRecord, spans: list[tuple[str, int, int]], scores: dict[str, float]
) -> Contradiction:
    """The pair as a ``Contradiction``: the side overlapping ``spans`` first, each a verbatim Citation."""
    a, b = record.sides
    # The side the reader was shown comes first.
    if spans and not any(overlaps(a, *span) for span in spans):
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


def _record(meta: dict[str, Any], vector: Sequence[float]) -> PairRecord:
    sides = tuple(
        Side(
            str(meta[f"claim_{t}"]),
            str(meta[f"source_{t}"]),
            str(meta[f"title_{t}"]),
            int(meta[f"start_{t}"]),
            int(meta[f"end_{t}"]),
            str(meta[f"quote_{t}"]),
        )
        for t in ("a", "b")
    )
    return PairRecord(
        str(meta["topic"]),
        float(meta["confidence"]),
        (sides[0], sides[1]),
        np.asarray(vector, dtype=np.float32),
    )
