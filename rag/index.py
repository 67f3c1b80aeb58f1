"""Indexing: chunk, embed and upsert passages and sentences into Chroma, incrementally by content hash.

A document counts as indexed only when its stored passages and sentences carry its current hash and their
counts match what was written; anything else (a changed file, an interrupted run) is deleted and written
again, so an interrupted run never leaves duplicates or half a document behind.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel

from rag.chunking import ChunkedDocument
from rag.corpus import scan_corpus
from rag.models import Embedder
from rag.settings import Settings
from rag.store import PASSAGES, SENTENCES, Store
from rag.types import Document, IndexReport

log = logging.getLogger(__name__)

META = "meta"
_GENERATION_ID = "generation"
_WRITE_BATCH = 512

Progress = Callable[[str, int, int], None]
ChangeListener = Callable[[list[Document], list[str]], None]


class StoredDocument(BaseModel):
    source_id: str
    content_hash: str
    complete: bool


class Indexer:
    def __init__(self, settings: Settings, store: Store, embedder: Embedder) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder

    def run(
        self, rebuild: bool = False, progress: Progress | None = None, on_change: ChangeListener | None = None
    ) -> IndexReport:
        started = time.perf_counter()
        with self.store.writer_lock():
            if rebuild:
                self.store.drop_all()
            scan = scan_corpus(self.settings)
            stored = self.stored_documents()
            report = IndexReport(skipped=scan.skipped)
            current = {doc.source_id: doc for doc in scan.documents}
            todo: list[Document] = []
            for doc in scan.documents:
                known = stored.get(doc.source_id)
                if known and known.complete and known.content_hash == doc.content_hash:
                    report.unchanged.append(doc.source_id)
                    continue
                (report.updated if known else report.added).append(doc.source_id)
                todo.append(doc)
            report.removed = sorted(set(stored) - set(current))
            for source_id in [*report.removed, *(d.source_id for d in todo if d.source_id in stored)]:
                self._delete(source_id)
            report.embedded = self._write(todo, progress)
            if todo or report.removed:
                self._bump_generation()
                if on_change is not None:
                    on_change(todo, report.removed)
            report.passages = self.store.call(lambda: self.store.collection(PASSAGES).count(), "count")
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def stored_documents(self) -> dict[str, StoredDocument]:
        """What the store holds per document, and whether every passage and sentence of it arrived."""
        passages = self._metadatas(PASSAGES)
        sentences = self._metadatas(SENTENCES)
        have_p = Counter((m["source_id"], m["doc_hash"]) for m in passages)
        have_s = Counter((m["source_id"], m["doc_hash"]) for m in sentences)
        want: dict[tuple[str, str], tuple[int, int]] = {
            (m["source_id"], m["doc_hash"]): (int(m["n_passages"]), int(m["n_sentences"])) for m in passages
        }
        out: dict[str, StoredDocument] = {}
        for key in set(have_p) | set(have_s):
            source_id, digest = key
            complete = want.get(key) == (have_p[key], have_s[key])
            # Two hashes under one id means an interrupted update: treat the document as incomplete.
            if source_id in out:
                complete = False
            out[source_id] = StoredDocument(source_id=source_id, content_hash=digest, complete=complete)
        return out

    def generation(self) -> str:
        """Changes whenever the indexed content changes; readers use it to refresh their caches."""
        got = self.store.call(
            lambda: self.store.collection(META).get(ids=[_GENERATION_ID], include=["metadatas"]), "read meta"
        )
        metas = got.get("metadatas") or []
        return str(metas[0]["value"]) if metas else ""

    def _metadatas(self, kind: str) -> list[dict[str, Any]]:
        got = self.store.call(lambda: self.store.collection(kind).get(include=["metadatas"]), f"read {kind}")
        return [m for m in (got.get("metadatas") or []) if m and "doc_hash" in m]

    def _delete(self, source_id: str) -> None:
        for kind in (PASSAGES, SENTENCES):
            self.store.call(
                lambda kind=kind: self.store.collection(kind).delete(where={"source_id": source_id}),
                f"delete {source_id}",
            )

    def _bump_generation(self) -> None:
        self.store.call(
            lambda: self.store.collection(META).upsert(
                ids=[_GENERATION_ID], embeddings=[[0.0]], metadatas=[{"value": uuid.uuid4().hex}]
            ),
            "write meta",
        )

    def _write(self, documents: list[Document], progress: Progress | None) -> int:
        """Embed and store the documents; returns how many texts were embedded."""
        chunked = [
            ChunkedDocument(d, self.settings.chunk_max_chars, self.settings.chunk_overlap_sentences)
            for d in documents
        ]
        total = sum(len(c.passages) + len(c.sentences) for c in chunked)
        done = 0
        for chunk in chunked:
            # Sentences first: a document's passages carry the counts that mark it complete.
            done += self._write_sentences(chunk)
            done += self._write_passages(chunk)
            if progress is not None:
                progress(chunk.document.source_id, done, total)
        return done

    def _write_sentences(self, chunk: ChunkedDocument) -> int:
        doc = chunk.document
        vectors = self.embedder.embed([s.text for s in chunk.sentences])
        col = self.store.collection(SENTENCES)
        for lo, hi in _batches(len(chunk.sentences)):
            part = chunk.sentences[lo:hi]
            self.store.call(
                lambda part=part, lo=lo, hi=hi: col.upsert(
                    ids=[s.sentence_id for s in part],
                    embeddings=vectors[lo:hi],
                    documents=[s.text for s in part],
                    metadatas=[
                        {
                            "source_id": doc.source_id,
                            "doc_hash": doc.content_hash,
                            "start": s.start,
                            "end": s.end,
                            "heading": s.heading,
                            "passage_id": s.passage_id,
                        }
                        for s in part
                    ],
                ),
                "write sentences",
            )
        return len(chunk.sentences)

    def _write_passages(self, chunk: ChunkedDocument) -> int:
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        doc = chunk.document
        vectors = self.embedder.embed([p.text for p in chunk.passages])
        nodes = [
            TextNode(
                id_=p.passage_id,
                text=p.text,
                embedding=[float(x) for x in vectors[i]],
                metadata={
                    "source_id": doc.source_id,
                    "title": doc.title,
                    "doc_hash": doc.content_hash,
                    "start": p.start,
                    "end": p.end,
                    "sent_from": lo,
                    "sent_to": hi,
                    "n_passages": len(chunk.passages),
                    "n_sentences": len(chunk.sentences),
                },
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc.source_id)},
            )
            for i, (p, (lo, hi)) in enumerate(zip(chunk.passages, chunk.ranges, strict=True))
        ]
        vector_store = ChromaVectorStore(chroma_collection=self.store.collection(PASSAGES))
        for lo, hi in _batches(len(nodes)):
            self.store.call(lambda lo=lo, hi=hi: vector_store.add(nodes[lo:hi]), "write passages")
        return len(nodes)


def _batches(n: int) -> Iterable[tuple[int, int]]:
    return ((lo, min(lo + _WRITE_BATCH, n)) for lo in range(0, n, _WRITE_BATCH))
