"""The contradiction map: built at index time from claim pairs, looked up at ask time.

The map lives in four Chroma collections (``map_collections``), through ``Store`` so the embedded store and
a Chroma server behave alike; an update extracts and stores the claims of changed documents, pairs them
(``map_candidates``), classifies the pairs and stores the contradictions; readers hold the whole map in
memory (``map_snapshot``) until its generation stamp changes.

Updates are incremental and crash-safe: ids are deterministic, a document's state marker is removed before its
records are dropped and written back only after its pairs are stored, so ``sync()`` finds and redoes any
document a crash left half done.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

import numpy as np
from pydantic import BaseModel, ConfigDict

from rag.ingest.embedder import Embedder
from rag.ingest.store import Store
from rag.safety.contradictions.claim_vectors import claim_vectors
from rag.safety.contradictions.claims import extract_claims
from rag.safety.contradictions.classify import PairClassifier, RuleClassifier
from rag.safety.contradictions.document_subjects import same_subject, store_document_vectors
from rag.safety.contradictions.map_candidates import build_candidates
from rag.safety.contradictions.map_collections import (
    CLAIMS,
    CONTRADICTIONS,
    DOCUMENTS,
    KEYS,
    STATE,
    bump_generation,
    done_hashes,
    forget,
    generation_stamp,
    mark_done,
    store_claims,
    store_contradictions,
    stored_rules,
)
from rag.safety.contradictions.map_snapshot import (
    Snapshot,
    load_snapshot,
    overlaps,
    side_scores,
    to_contradiction,
)
from rag.safety.contradictions.pairing import Candidate, pairing_keys
from rag.settings import Settings
from rag.text.kinds import kinds_apart
from rag.types import Contradiction, Document

# Bump when the rules change what the map holds (which pairs, their labels): a map that other rules built
# is rebuilt on the next sync, since its documents' hashes alone would leave it as it was.
MAP_RULES = 57


class ConflictBuildReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claims: int = 0
    pairs_checked: int = 0
    contradictions: int = 0
    seconds: float = 0.0
    embedded: int = 0


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
        self._snap: Snapshot | None = None

    # --- building -----------------------------------------------------------------------------------------

    def update(self, changed: list[Document], removed: list[str]) -> ConflictBuildReport:
        """Re-extract, re-embed and re-pair ``changed`` documents; forget ``removed`` ones; leave the rest."""
        began = time.perf_counter()
        drop = sorted({*removed, *(d.source_id for d in changed)})
        if drop:
            forget(self.store, drop)
            self._bump()
        per_doc = [(d, extract_claims(d)) for d in sorted(changed, key=lambda d: d.source_id)]
        texts = [c.text for _, claims in per_doc for c in claims]
        vectors, embedded = claim_vectors(self.store, self.embedder, per_doc)
        embeddings: dict[str, np.ndarray] = {}
        offset = 0
        for document, claims in per_doc:
            embeddings[document.source_id] = vectors[offset : offset + len(claims)]
            offset += len(claims)
        # Each claim's pairing keys once: reading a claim's stances is most of what finding them costs.
        keys = {c.claim_id: pairing_keys(c.read) for _, claims in per_doc for c in claims}
        store_claims(self.store, per_doc, vectors, keys)
        documents = store_document_vectors(self.store, per_doc, embeddings)
        candidates = build_candidates(self.store, self.settings, per_doc, embeddings, keys)
        candidates = same_subject(
            candidates, documents, self.store, self.settings.conflict_min_document_similarity
        )
        found = self._classify_and_store(candidates)
        mark_done(
            self.store, [d for d, _ in per_doc], {d.source_id: len(c) for d, c in per_doc}, self._rules()
        )
        self._bump()
        return ConflictBuildReport(
            claims=len(texts),
            pairs_checked=len(candidates),
            contradictions=found,
            seconds=round(time.perf_counter() - began, 3),
            embedded=embedded,
        )

    def rebuild(self, documents: list[Document]) -> ConflictBuildReport:
        """Drop the whole map and build it again from ``documents``."""

        def drop() -> None:
            client = self.store.client()
            names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
            for kind in (STATE, CONTRADICTIONS, KEYS, CLAIMS, DOCUMENTS):
                name = f"{self.settings.collection_prefix}_{kind}"
                if name in names:
                    client.delete_collection(name)

        self.store.call(drop, "drop the contradiction map")
        self._invalidate()
        return self.update(documents, [])

    def sync(self, documents: list[Document]) -> ConflictBuildReport:
        """Bring the map in line with ``documents`` by content hash (also redoes what a crash left undone)."""
        done = self._done_hashes()
        if done and stored_rules(self.store) != self._rules():
            return self.rebuild(documents)
        changed = [d for d in documents if done.get(d.source_id) != d.content_hash]
        present = {d.source_id for d in documents}
        removed = [sid for sid in done if sid not in present]
        if not changed and not removed:
            return ConflictBuildReport()
        if not set(done) - set(removed) - {d.source_id for d in changed}:
            # Nothing to keep (a first build, every document changed, or a build a crash left unmarked):
            # dropping the collections costs nothing, while deleting and rewriting 290k claims row by row
            # (the 100k-passage run after a failed build) had not finished after an hour.
            return self.rebuild(documents)
        return self.update(changed, removed)

    def _classify_and_store(self, candidates: list[Candidate]) -> int:
        # Claims on two kinds of one thing ("... the spread of hepatitis C", "no cure for chronic hepatitis B")
        # are about two things: the classifiers read the shared head word as one topic.
        candidates = [c for c in candidates if not kinds_apart(c.left.read, c.right.read)]
        if not candidates:
            return 0
        judgements = self.classifier.classify(
            [(c.left.read, c.right.read) for c in candidates], [c.similarity for c in candidates]
        )
        kept = [
            (c, j)
            for c, j in zip(candidates, judgements, strict=True)
            if j.label == "contradiction" and j.confidence >= self.settings.conflict_min_confidence
        ]
        store_contradictions(self.store, kept, self.classifier.name)
        return len(kept)

    def _bump(self) -> None:
        bump_generation(self.store)
        self._invalidate()

    # --- reading ------------------------------------------------------------------------------------------

    def lookup(
        self, spans: list[tuple[str, int, int]], query_embedding: np.ndarray | None = None, limit: int = 3
    ) -> list[Contradiction]:
        """Contradictions with a side overlapping one of ``spans``, most relevant to the question first.

        One per topic; each has the overlapping side first, both sides as verbatim Citations whose score is
        the side's similarity to the question (the classifier's confidence without a question embedding).
        """
        if limit <= 0:
            return []
        chosen: list[Contradiction] = []
        topics: set[str] = set()
        for found in self.touching(spans, query_embedding):
            if found.topic not in topics and len(chosen) < limit:
                topics.add(found.topic)
                chosen.append(found)
        return chosen

    def touching(
        self, spans: list[tuple[str, int, int]], query_embedding: np.ndarray | None = None
    ) -> list[Contradiction]:
        """Every contradiction with a side overlapping one of ``spans``, ranked by its side closest to the
        question (overlapping side first, sides scored as in ``lookup``)."""
        if not spans:
            return []
        snap = self._snapshot()
        hits: set[int] = set()
        for source_id, start, end in spans:
            for index in snap.by_source.get(source_id, []):
                if any(overlaps(side, source_id, start, end) for side in snap.records[index].sides):
                    hits.add(index)
        query = None if query_embedding is None else np.asarray(query_embedding, dtype=np.float32).ravel()
        scores = {i: side_scores(snap.records[i], snap.vectors, query) for i in hits}
        # Rank by the side closest to the question: a pair is as relevant as its most relevant claim.
        ranked = sorted(hits, key=lambda i: (-max(scores[i].values()), i))
        return [to_contradiction(snap.records[i], spans, scores[i]) for i in ranked]

    def contradictions(self) -> list[Contradiction]:
        """Every contradiction in the map (for evaluation and reports), sides in stored order."""
        snap = self._snapshot()
        return [to_contradiction(r, [], {}) for r in snap.records]

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

    def _snapshot(self) -> Snapshot:
        """The whole map in memory, loaded once and reloaded when the generation stamp changes."""
        stamp = generation_stamp(self.store)
        with self._lock:
            if self._snap is None or stamp != self._stamp:
                self._snap, self._stamp = load_snapshot(self.store), stamp
            return self._snap

    def _done_hashes(self) -> dict[str, str]:
        """Per document the map holds in full: the content hash it was built from."""
        return done_hashes(self.store)

    def _rules(self) -> str:
        return (
            f"v{MAP_RULES}|{self.classifier.name}|documents>={self.settings.conflict_min_document_similarity}"
        )

    def _invalidate(self) -> None:
        with self._lock:
            self._snap = None
