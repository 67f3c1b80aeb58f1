"""Passages as the rankings carry them (plain records read from the store), and their reciprocal-rank
fusion into one list of ``RetrievedPassage``."""

from __future__ import annotations

from typing import Any

from rag.retrieval.records import RetrievedPassage

PASSAGE_KEYS = (
    "passage_id",
    "source_id",
    "title",
    "start",
    "end",
    "text",
    "sentence_tag",
    "sent_from",
    "sent_to",
)


def passage_record(passage_id: str, text: str, meta: dict[str, Any]) -> dict[str, Any]:
    """A stored passage as a plain record, with the tag of its document version's sentence ids."""
    return {
        "passage_id": passage_id,
        "source_id": str(meta.get("source_id", "")),
        "title": str(meta.get("title", "")),
        "start": int(meta.get("start", 0)),
        "end": int(meta.get("end", 0)),
        "text": text,
        "sentence_tag": f"{meta.get('source_id')}@{str(meta.get('doc_hash', ''))[:12]}",
        "sent_from": int(meta.get("sent_from", 0)),
        "sent_to": int(meta.get("sent_to", 0)),
        "asked": str(meta.get("asked", "")),
    }


def fuse(rankings: tuple[list[dict[str, Any]], ...], rrf_k: int, top_k: int) -> list[RetrievedPassage]:
    """The ``top_k`` passages by reciprocal-rank fusion (1 / (rrf_k + rank)), summed over ``rankings``."""
    scores: dict[str, float] = {}
    records: dict[str, dict[str, Any]] = {}
    for ranking in rankings:
        for rank, record in enumerate(ranking):
            pid = record["passage_id"]
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (rrf_k + rank + 1)
            records[pid] = {**records.get(pid, {}), **record}
    ordered = sorted(scores, key=lambda pid: -scores[pid])[:top_k]
    return [
        RetrievedPassage(
            **{k: records[pid][k] for k in PASSAGE_KEYS},
            dense=float(records[pid].get("dense", 0.0)),
            lexical=float(records[pid].get("lexical", 0.0)),
            fused=scores[pid],
            rank=rank,
        )
        for rank, pid in enumerate(ordered)
    ]
