"""The claims' vectors: read back from the index where a claim is a whole sentence, embedded otherwise.

Most claims are sentences the index has just embedded. On a small corpus the embedder's cache still holds their
vectors, so embedding them again costs nothing; on a large one (the 100k-passage run: about 290k claims) the
cache has long dropped them and the map would embed the whole corpus a second time. The index stores each
sentence's own vector (beside its window's), so those are read back instead, for the same document version
only; clauses split out of a sentence, and sentences of documents the index does not hold, are embedded.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from rag.ingest.embedder import Embedder
from rag.ingest.indexer import split_sentence_vector
from rag.ingest.store import SENTENCES, Store
from rag.safety.contradictions.claims import Claim
from rag.types import Document

# Documents whose sentences one read asks for (a few thousand records).
_DOCUMENTS_PER_READ = 100


def claim_vectors(
    store: Store, embedder: Embedder, per_doc: list[tuple[Document, list[Claim]]]
) -> tuple[np.ndarray, int]:
    """One unit vector per claim, in the order of ``per_doc``, and how many of them were embedded."""
    claims = [c for _, cs in per_doc for c in cs]
    if not claims:
        return np.zeros((0, 0), dtype=np.float32), 0
    stored = _stored_sentences(store, [d for d, cs in per_doc if cs])
    found = [stored.get((c.source_id, c.start, c.end)) for c in claims]
    missing = [i for i, vector in enumerate(found) if vector is None]
    out = np.zeros((len(claims), embedder.dimension), dtype=np.float32)
    for i, vector in enumerate(found):
        if vector is not None:
            out[i] = vector
    if missing:
        out[missing] = embedder.embed([claims[i].text for i in missing])
    return out, len(missing)


def _stored_sentences(store: Store, documents: list[Document]) -> dict[tuple[str, int, int], np.ndarray]:
    """(source id, start, end) -> the sentence's own vector, for sentences stored for these document versions."""
    current = {d.source_id: d.content_hash for d in documents}
    collection = store.collection(SENTENCES)
    out: dict[tuple[str, int, int], np.ndarray] = {}
    ids = sorted(current)
    for lo in range(0, len(ids), _DOCUMENTS_PER_READ):
        batch = ids[lo : lo + _DOCUMENTS_PER_READ]
        got = store.call(
            partial(collection.get, where={"source_id": {"$in": batch}}, include=["metadatas", "embeddings"]),
            "read sentence vectors",
        )
        metadatas = got.get("metadatas") or []
        embeddings = got.get("embeddings")
        if embeddings is None or not len(metadatas):
            continue
        for meta, vector in zip(metadatas, embeddings, strict=True):
            source_id = str(meta["source_id"])
            if meta.get("doc_hash") != current.get(source_id):
                continue
            own, _ = split_sentence_vector(np.asarray(vector, dtype=np.float32))
            out[(source_id, int(meta["start"]), int(meta["end"]))] = own
    return out
