"""Indexing: chunk, embed and upsert passages and sentences into Chroma, incrementally by content hash.

A document counts as indexed only when its stored passages and sentences carry its current hash and their
counts match what was written; anything else (a changed file, an interrupted run) is deleted and written
again, so an interrupted run never leaves duplicates or half a document behind.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from rag.ingest.chunking import ChunkedDocument
from rag.ingest.corpus import TitleGuard, scan_corpus
from rag.ingest.derived import passage_vectors as derived_passages
from rag.ingest.derived import window_vectors as derived_windows
from rag.ingest.embedder import Embedder
from rag.ingest.late_chunking import LateChunker, LateReport
from rag.ingest.progress import ProgressClock, ProgressListener
from rag.ingest.store import PASSAGES, SENTENCES, Store
from rag.settings import Settings
from rag.types import Document, IndexReport

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

META = "meta"
_GENERATION_ID = "generation"
_FORMAT_ID = "format"
# Bump when what is stored changes (vector layout, metadata, how documents are split into sentences); a store of
# another format is rebuilt.
INDEX_FORMAT = 7
_WRITE_BATCH = 512
# Texts per model call: enough to fill the encoder's batches across documents, few enough that the progress
# bar moves every few seconds on a slow machine and memory stays bounded on a large corpus.
_EMBED_GROUP = 256
# Records per read: one get() of a large collection exceeds SQLite's limit on query variables.
_READ_PAGE = 5000
_WORDS = re.compile(r"\w+")

Progress = Callable[[str, int, int], None]
ChangeListener = Callable[[list[Document], list[str]], None]


class StoredDocument(BaseModel):
    source_id: str
    content_hash: str
    complete: bool


class Indexer:
    def __init__(
        self, settings: Settings, store: Store, embedder: Embedder, *, withhold_title: TitleGuard | None
    ) -> None:
        """``withhold_title``: titles that must not be stored and shown (see ``scan_corpus``); None only where
        nothing is shown."""
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.withhold_title = withhold_title
        self._meta_handle: tuple[Any, Any] | None = None  # (client, meta collection), reused per question
        # What embeds the windows when ``window_backend`` is not "same" (loaded at first use; a benchmark may set
        # it to time the windows' share).
        self.window_embedder: Embedder | None = None
        self._chunker: LateChunker | None = None

    def run(
        self,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_change: ChangeListener | None = None,
        on_progress: ProgressListener | None = None,
    ) -> IndexReport:
        """``progress`` gets (document, texts done, texts in all); ``on_progress`` the same as ``IndexProgress``,
        with documents and an ETA at the rate so far."""
        started = time.perf_counter()
        with self.store.writer_lock():
            if not rebuild:
                stored_format = self._stored_format()
                if stored_format not in ("", self._format()):
                    # Vectors of another model or layout cannot be compared with this one's: start again.
                    log.warning("store built as %s, not %s: rebuilding it", stored_format, self._format())
                    rebuild = True
            if rebuild:
                self.store.drop_all()
                stored_format = ""
            if stored_format != self._format():
                # Recorded before any document is written, so a run killed half-way is resumed, not redone.
                self._write_meta(_FORMAT_ID, self._format())
            scan = scan_corpus(self.settings, self.withhold_title)
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
            report.embedded = self._write(todo, progress, on_progress)
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
        return self.store.read_generation(f"index {_GENERATION_ID}", partial(self._read_meta, _GENERATION_ID))

    def _format(self) -> str:
        return index_spec(self.settings)

    def _stored_format(self) -> str:
        """The format the store was written in; "" for an empty store, "v1" for one from before formats."""
        recorded = self._read_meta(_FORMAT_ID)
        if recorded:
            return recorded
        has_data = self.store.call(lambda: self.store.collection(PASSAGES).count(), "count") > 0
        return "v1" if has_data else ""

    def _read_meta(self, record: str) -> str:
        try:
            got = self._meta().get(ids=[record], include=["metadatas"])
        except Exception:
            # The cached handle may name a collection that a rebuild (here or in another process) dropped.
            self._meta_handle = None
            got = self.store.call(lambda: self._meta().get(ids=[record], include=["metadatas"]), "read meta")
        metas = got.get("metadatas") or []
        return str(metas[0]["value"]) if metas else ""

    def _write_meta(self, record: str, value: str) -> None:
        """One named value in the meta collection (Chroma needs a vector per record: a 1-d dummy)."""
        self.store.call(
            lambda: self.store.collection(META).upsert(
                ids=[record], embeddings=[[0.0]], metadatas=[{"value": value}]
            ),
            "write meta",
        )

    def _meta(self) -> Any:
        """The meta collection, opened once per client: opening costs a round trip, and this runs per question."""
        client = self.store.client()
        cached = self._meta_handle
        if cached is None or cached[0] is not client:
            cached = self._meta_handle = (client, self.store.collection(META))
        return cached[1]

    def _metadatas(self, kind: str) -> list[dict[str, Any]]:
        got = read_all(self.store, kind, ["metadatas"])
        return [m for m in got["metadatas"] if m and "doc_hash" in m]

    def _delete(self, source_id: str) -> None:
        for kind in (PASSAGES, SENTENCES):
            self.store.call(
                partial(self.store.collection(kind).delete, where={"source_id": source_id}),
                f"delete {source_id}",
            )

    def _bump_generation(self) -> None:
        self._write_meta(_GENERATION_ID, uuid.uuid4().hex)
        self.store.mark_changed()

    def _write(
        self,
        documents: list[Document],
        progress: Progress | None,
        on_progress: ProgressListener | None = None,
    ) -> int:
        """Embed and store the documents; returns how many texts were embedded.

        Texts are embedded across documents, ``_EMBED_GROUP`` at a time: one model call per group keeps the
        encoder's batches full (a document alone has a few dozen texts) and bounds memory on large corpora.
        """
        chunked = [
            ChunkedDocument(
                d,
                self.settings.chunk_max_chars,
                self.settings.chunk_overlap_sentences,
                self.settings.sentence_window,
            )
            for d in documents
        ]
        derive = self.settings.window_vectors == "derived"
        chunker = self._late_chunker()
        late_windows = chunker is not None and self.settings.window_vectors == "late"
        late_passages = chunker is not None and self.settings.passage_vectors == "late"
        derive_passages = self.settings.passage_vectors == "derived"
        # Per document, the sentences whose window is embedded (every one, unless derived, late or skipped).
        keep = [[] if derive or late_windows else self._embedded_windows(c) for c in chunked]
        # Texts given a vector: each sentence, each window kept or late-chunked, each passage.
        total = sum(
            (0 if derive_passages else len(c.passages))
            + len(c.sentences)
            + (len(c.sentences) if late_windows else len(k))
            for c, k in zip(chunked, keep, strict=True)
        )
        done = documents_done = embedded = 0
        clock = (
            ProgressClock(on_progress, len(chunked), total) if on_progress is not None and chunked else None
        )
        if chunked:
            # Reported before the first model call, so that a progress bar's clock (and its rate) starts with
            # the embedding rather than after the first group is already done.
            if progress is not None:
                progress(chunked[0].document.source_id, done, total)
            if clock is not None:
                clock.report(chunked[0].document.source_id, 0, 0)
        kept = dict(zip((id(c) for c in chunked), keep, strict=True))
        for group in _groups(chunked):
            n = sum(len(c.sentences) for c in group)
            # Rows (among the group's sentences) whose window is embedded, and those windows.
            rows: list[int] = []
            windows: list[str] = []
            at = 0
            for chunk in group:
                rows += [at + i for i in kept[id(chunk)]]
                windows += [chunk.windows[i] for i in kept[id(chunk)]]
                at += len(chunk.sentences)
            texts = [s.text for c in group for s in c.sentences]
            together = self.settings.window_backend == "same"
            if together:
                texts += windows
            if not late_passages and not derive_passages:
                texts += [t for c in group for t in c.passage_texts]
            vectors = self.embedder.embed(texts)
            own = vectors[:n]
            late_window_vectors, late_passage_vectors = (
                self._late_vectors(chunker, group, late_windows, late_passages)
                if chunker is not None and (late_windows or late_passages)
                else (None, None)
            )
            if derive:
                window_vectors = self._derived_windows(group, own)
            elif late_window_vectors is not None:
                # A window without word pieces (symbols the tokenizer drops) is read as its sentence.
                window_vectors = np.where(np.isnan(late_window_vectors), own, late_window_vectors)
            else:
                # A sentence without a window of its own is read as itself.
                window_vectors = own.copy()
                if together:
                    window_vectors[rows] = vectors[n : n + len(rows)]
                elif rows:
                    window_vectors[rows] = self._embed_windows(windows, texts, vectors)
            # Sentences first: a document's passages carry the counts that mark it complete.
            self._write_sentences(group, sentence_vectors(own, window_vectors))
            if late_passage_vectors is not None:
                passage_vectors = self._fill_passages(group, late_passage_vectors)
            elif derive_passages:
                # Read in context, as the window gives it: closer to the embedded passage than the sentences.
                passage_vectors = self._derived_passages(group, own + window_vectors)
            else:
                passage_vectors = vectors[n + len(rows) if together else n :]
            self._write_passages(group, passage_vectors)
            embedded += len(texts) + (0 if together else len(windows))
            done += len(texts) + (0 if together else len(windows))
            done += n if late_windows else 0
            done += len(passage_vectors) if late_passage_vectors is not None else 0
            documents_done += len(group)
            if progress is not None:
                progress(group[-1].document.source_id, done, total)
            if clock is not None:
                clock.report(group[-1].document.source_id, documents_done, done)
        if chunker is not None:
            # Each chunk the model read for late chunking counts as one text embedded.
            embedded += chunker.report.chunks
            chunker.report = LateReport()
        return embedded

    def _late_chunker(self) -> LateChunker | None:
        """The late chunker over the embedder's transformer, when a setting asks for one and the embedder can
        give word-piece vectors (else windows and passages are embedded as texts)."""
        s = self.settings
        if s.window_vectors != "late" and s.passage_vectors != "late":
            return None
        if self._chunker is None:
            token_encoder = getattr(self.embedder, "token_encoder", None)
            encoder = token_encoder(s.late_chunk_pieces) if callable(token_encoder) else None
            if encoder is None:
                log.warning(
                    "the %s embedder gives no word-piece vectors: windows and passages are embedded",
                    s.embed_backend,
                )
                return None
            self._chunker = LateChunker(encoder, centre=s.late_centre)
        return self._chunker

    def _late_vectors(
        self, chunker: LateChunker, group: list[ChunkedDocument], windows: bool, passages: bool
    ) -> tuple[NDArray[np.float32] | None, NDArray[np.float32] | None]:
        """Late-chunked vectors of the group's windows and passages (each only if asked), NaN rows where a span
        has no word pieces."""
        documents = []
        for chunk in group:
            spans: list[tuple[int, int]] = []
            if windows:
                sentences = chunk.sentences
                spans += [(sentences[lo].start, sentences[hi].end) for lo, hi in chunk.window_bounds]
            if passages:
                spans += [(p.start, p.end) for p in chunk.passages]
            documents.append((chunk.document.text, spans))
        pooled = chunker.vectors(documents)
        window_rows: list[int] = []
        passage_rows: list[int] = []
        at = 0
        for chunk in group:
            if windows:
                window_rows += range(at, at + len(chunk.sentences))
                at += len(chunk.sentences)
            if passages:
                passage_rows += range(at, at + len(chunk.passages))
                at += len(chunk.passages)
        return (pooled[window_rows] if windows else None, pooled[passage_rows] if passages else None)

    def _fill_passages(
        self, group: list[ChunkedDocument], vectors: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        """Late passage vectors, a passage without word pieces embedded as a text instead."""
        texts = [t for c in group for t in c.passage_texts]
        missing = [i for i in range(len(texts)) if np.isnan(vectors[i]).any()]
        if missing:
            vectors = vectors.copy()
            vectors[missing] = self.embedder.embed([texts[i] for i in missing])
        return vectors

    def _embedded_windows(self, chunk: ChunkedDocument) -> list[int]:
        """The sentences of ``chunk`` whose window is embedded: all, or those shorter than
        ``window_skip_pieces`` word pieces (a long sentence carries its own context)."""
        limit = self.settings.window_skip_pieces
        if limit <= 0:
            return list(range(len(chunk.sentences)))
        lengths = word_pieces(self.embedder, [s.text for s in chunk.sentences])
        return [i for i, pieces in enumerate(lengths) if pieces < limit]

    def _embed_windows(
        self, windows: list[str], texts: list[str], vectors: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        """Window vectors from the window backend; a window that is also a sentence or a passage (a short
        paragraph) takes that text's vector, already computed by the main backend."""
        known = {text: row for row, text in enumerate(texts)}
        out = np.empty((len(windows), vectors.shape[1]), dtype=np.float32)
        todo = [i for i, w in enumerate(windows) if w not in known]
        for i, w in enumerate(windows):
            if w in known:
                out[i] = vectors[known[w]]
        if todo:
            out[todo] = self._window_embedder().embed([windows[i] for i in todo])
        return out

    def _window_embedder(self) -> Embedder:
        if self.window_embedder is None:
            from rag.ingest.embedder import settings_embedder

            self.window_embedder = settings_embedder(self.settings, self.settings.window_backend)
        return self.window_embedder

    def _derived_windows(self, group: list[ChunkedDocument], own: NDArray[np.float32]) -> NDArray[np.float32]:
        return _per_document(
            group, own, lambda rows, lengths, chunk: derived_windows(rows, lengths, chunk.window_bounds)
        )

    def _derived_passages(
        self, group: list[ChunkedDocument], rows: NDArray[np.float32]
    ) -> NDArray[np.float32]:
        return _per_document(
            group, rows, lambda part, lengths, chunk: derived_passages(part, lengths, chunk.ranges)
        )

    def _write_sentences(self, group: list[ChunkedDocument], vectors: NDArray[np.float32]) -> None:
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for chunk in group:
            doc = chunk.document
            for s in chunk.sentences:
                ids.append(s.sentence_id)
                texts.append(s.text)
                metadatas.append(
                    {
                        "source_id": doc.source_id,
                        # A sentence found by the nearest-sentence query may lie outside every retrieved
                        # passage, so it carries its document's title itself.
                        "title": doc.title,
                        "doc_hash": doc.content_hash,
                        "start": s.start,
                        "end": s.end,
                        "heading": s.heading,
                        "passage_id": s.passage_id,
                        **({"table_header": s.table_header} if s.table_header else {}),
                        **({"asked": s.asked} if s.asked else {}),
                    }
                )
        self.store.upsert(
            self.store.collection(SENTENCES),
            "write sentences",
            _WRITE_BATCH,
            ids=ids,
            embeddings=vectors,
            documents=texts,
            metadatas=metadatas,
        )

    def _write_passages(self, group: list[ChunkedDocument], vectors: NDArray[np.float32]) -> None:
        from llama_index.core.schema import BaseNode, NodeRelationship, RelatedNodeInfo, TextNode
        from llama_index.vector_stores.chroma import ChromaVectorStore

        rows = vectors.tolist()  # one conversion for the group instead of a float() per component
        nodes: list[BaseNode] = []
        for chunk in group:
            doc = chunk.document
            for p, (lo, hi), asked in zip(chunk.passages, chunk.ranges, chunk.passage_asked, strict=True):
                nodes.append(
                    TextNode(
                        id_=p.passage_id,
                        text=p.text,
                        embedding=rows[len(nodes)],
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
                            **({"asked": asked} if asked else {}),
                        },
                        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=doc.source_id)},
                    )
                )
        vector_store = ChromaVectorStore(chroma_collection=self.store.collection(PASSAGES))
        for lo, hi in _batches(len(nodes)):
            self.store.call(partial(vector_store.add, nodes[lo:hi]), "write passages")


def _per_document(
    group: list[ChunkedDocument],
    rows: NDArray[np.float32],
    derive: Callable[[NDArray[np.float32], list[int], ChunkedDocument], NDArray[np.float32]],
) -> NDArray[np.float32]:
    """``derive`` applied to each document's rows (one per sentence, in order) with its sentences' lengths."""
    parts = []
    at = 0
    for chunk in group:
        n = len(chunk.sentences)
        parts.append(derive(rows[at : at + n], [s.end - s.start for s in chunk.sentences], chunk))
        at += n
    return np.vstack(parts) if parts else np.zeros((0, rows.shape[1]), dtype=np.float32)


def index_spec(settings: Settings) -> str:
    """What makes two stores incomparable: chunking settings change passage boundaries, the model and its
    backend change every vector, derived windows change the sentence vectors."""
    s = settings
    spec = (
        f"v{INDEX_FORMAT}|{s.embed_model}|{s.chunk_max_chars}|{s.chunk_overlap_sentences}|{s.sentence_window}"
    )
    # The defaults add nothing, so stores built before these settings existed stay valid; torch and float32
    # ONNX give the same vectors (cosine > 0.9999), so a store built by one serves the other.
    if s.embed_backend == "onnx-int8":
        spec += "|int8"
    if s.window_vectors != "embedded":
        spec += f"|windows-{s.window_vectors}"
    if s.window_backend != "same" and s.window_vectors == "embedded":
        spec += f"|window-backend-{s.window_backend}"
    if s.window_skip_pieces and s.window_vectors == "embedded":
        spec += f"|window-skip-{s.window_skip_pieces}"
    if s.window_vectors == "late":
        spec += f"-{s.late_chunk_pieces}"
    if s.late_centre and "late" in (s.window_vectors, s.passage_vectors):
        spec += f"|late-centre-{s.late_centre}"
    if s.passage_vectors == "late":
        spec += f"|passages-late-{s.late_chunk_pieces}"
    if s.passage_vectors == "derived":
        spec += "|passages-derived"
    return spec


def word_pieces(embedder: Embedder, texts: list[str]) -> list[int]:
    """Each text's length in the embedder's word pieces (its tokenizer's, special tokens included), or in
    words for an embedder without a tokenizer (the hashing encoder of the tests)."""
    count = getattr(embedder, "word_pieces", None)
    if callable(count):
        return list(count(texts))
    return [len(_WORDS.findall(t)) for t in texts]


def read_all(store: Store, kind: str, include: list[str]) -> dict[str, list[Any]]:
    """Ids and ``include`` fields of every record in collection ``kind``, read a page at a time."""
    collection = store.collection(kind)
    out: dict[str, list[Any]] = {"ids": [], **{field: [] for field in include}}
    offset = 0
    while True:
        got = store.call(
            partial(collection.get, include=include, limit=_READ_PAGE, offset=offset), f"read {kind}"
        )
        ids = list(got.get("ids") or [])
        out["ids"] += ids
        for field in include:
            values = got.get(field)
            out[field] += [] if values is None else list(values)
        if len(ids) < _READ_PAGE:
            return out
        offset += len(ids)


def sentence_vectors(own: NDArray[np.float32], window: NDArray[np.float32]) -> NDArray[np.float32]:
    """One stored vector per sentence: its own embedding next to its window's, scaled to unit length.

    One record carrying both lets a single query and a single read serve both scores; a query laid out the
    same way (``paired_query``) ranks by their mean, and retrieval splits the halves to score each.
    """
    return np.hstack([own, window]).astype(np.float32) / np.float32(np.sqrt(2.0))


def split_sentence_vector(vector: NDArray[np.float32]) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    half = vector.shape[-1] // 2
    scale = np.float32(np.sqrt(2.0))
    return vector[..., :half] * scale, vector[..., half:] * scale


def paired_query(query: NDArray[np.float32]) -> NDArray[np.float32]:
    return sentence_vectors(query, query)


def _groups(chunked: list[ChunkedDocument]) -> Iterable[list[ChunkedDocument]]:
    """Consecutive documents holding about ``_EMBED_GROUP`` texts together (a large document alone)."""
    group: list[ChunkedDocument] = []
    size = 0
    for chunk in chunked:
        group.append(chunk)
        size += 2 * len(chunk.sentences) + len(chunk.passages)
        if size >= _EMBED_GROUP:
            yield group
            group, size = [], 0
    if group:
        yield group


def _batches(n: int) -> Iterable[tuple[int, int]]:
    return ((lo, min(lo + _WRITE_BATCH, n)) for lo in range(0, n, _WRITE_BATCH))
