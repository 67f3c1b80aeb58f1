"""Cross-lingual retrieval: a question in another language than the documents' finds their passages through the
multilingual model (``rag.ingest.multilingual``) and is answered with the documents' own sentences, verbatim.

What it embeds with that model, which is about 4x slower than the English one:
- every passage, once per document version, kept in a collection of its own (``passages_ml``) so that a restart
  does not embed them again; written on the first question that needs it, or at index time with
  ``multilingual_at_index``;
- per question, the question, and those sentences of the passages it ranks highest that no earlier question
  needed (kept in ``sentences_ml``, so calibrating the gate in a new process embeds only its questions).

English questions never come here: their retrieval, gate and latency are those of the English model. BM25, the
rare-word and focus-word rules are left out: they read English words, and a Spanish question's words are not
missing from an English corpus for lack of coverage; only the English terms a question borrows are read against
the documents' words (``rag.retrieval.english_terms``). The gate score is the best sentence's cosine on this
model's scale, calibrated per corpus and per language from everyday questions written in that language
(``data/everyday_questions_multilingual.json``, forty a language), the way the English gate is: the model places
unrelated questions in different languages at different distances from the same English text, so one gate for
all of them is too lenient for some languages and too strict for others.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from functools import lru_cache, partial
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, model_validator

from rag.ingest.chunking import neighbour_id, sentence_id, window_bounds
from rag.ingest.indexer import read_all
from rag.ingest.multilingual import RoleEmbedder
from rag.ingest.store import Store
from rag.retrieval.calibration import EverydayQuestions, everyday_questions
from rag.retrieval.fusion import PASSAGE_KEYS
from rag.retrieval.records import CandidateSentence, Retrieval, RetrievedPassage
from rag.retrieval.retriever import Retriever
from rag.retrieval.row_cache import SentenceRow
from rag.retrieval.sentence_scores import states_nothing
from rag.settings import Settings
from rag.text.language import ENGLISH, SUPPORTED, LanguageCode

if TYPE_CHECKING:
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

ML_PASSAGES = "passages_ml"
ML_SENTENCES = "sentences_ml"
# The everyday questions' vectors, and single words' (dispute terms, ``rag.answer.dispute_terms``): the same in
# every corpus, embedded once per store.
ML_QUERIES = "queries_ml"
_WRITE_BATCH = 256
_WORDS_KEPT = 100_000  # word vectors kept in memory (about 150 MB)
_QUERIES_KEPT = 256  # recent questions' vectors


class EverydayQuestionsByLanguage(BaseModel):
    about: str
    questions: dict[LanguageCode, list[str]]

    @model_validator(mode="after")
    def _every_language(self) -> EverydayQuestionsByLanguage:
        wanted = set(SUPPORTED) - {ENGLISH}
        if set(self.questions) != wanted:
            raise ValueError(f"everyday questions for exactly {sorted(wanted)}, got {sorted(self.questions)}")
        for language, questions in self.questions.items():
            EverydayQuestions(about=language, questions=questions)  # at least ten
            if len(set(questions)) != len(questions):
                raise ValueError(f"repeated everyday questions in {language}")
        return self


@lru_cache(maxsize=1)
def everyday_questions_by_language() -> dict[LanguageCode, tuple[str, ...]]:
    raw = (
        resources.files("rag.retrieval")
        .joinpath("data/everyday_questions_multilingual.json")
        .read_text(encoding="utf-8")
    )
    data = EverydayQuestionsByLanguage.model_validate(json.loads(raw))
    return {language: tuple(questions) for language, questions in data.questions.items()}


def everyday_questions_in(language: LanguageCode) -> tuple[str, ...]:
    """The everyday questions that calibrate ``language``'s gate on this model's scale: English ones too, for
    English questions over documents in another language (``Assistant.documents_language``)."""
    return everyday_questions() if language == ENGLISH else everyday_questions_by_language()[language]


class CrossLingualRetriever:
    """Passages and candidate sentences for a question in any supported language, on the multilingual scale."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        retriever: Retriever,
        encoder: Callable[[], RoleEmbedder],
    ) -> None:
        self.settings = settings
        self.store = store
        self.retriever = retriever
        self._encoder_factory = encoder
        self._encoder: RoleEmbedder | None = None
        self._passages: tuple[str, list[dict[str, Any]], NDArray[np.float32]] | None = None
        self._sentence_vectors: dict[str, NDArray[np.float32]] = {}  # by sentence id (ids name the version)
        self._hubness: dict[str, float] = {}  # by sentence id
        self._everyday: NDArray[np.float32] | None = None  # every language's everyday questions, as queries
        self._everyday_rows: dict[str, int] = {}  # question -> its row in ``_everyday``
        self._words: dict[str, NDArray[np.float32]] = {}  # single words, as passages
        self._queries: dict[str, NDArray[np.float32]] = {}  # recent questions, as queries
        self._lock = threading.Lock()

    @property
    def encoder(self) -> RoleEmbedder:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._encoder_factory()
            return self._encoder

    def sync(self, generation: str) -> int:
        """Bring the stored passage vectors in line with the index; returns how many passages were embedded."""
        return self._passage_index(generation)[2]

    def retrieve(self, question: str, generation: str, language: str | None = None) -> Retrieval:
        """Passages and candidate sentences for ``question``; ``relevance`` is on the multilingual scale. With
        the question's ``language``, ``unknown_names`` holds the English terms it uses that no document does.
        A name the documents write in Latin letters is read as they write it, in a question in Thai script."""
        question = self.retriever.in_documents_words(question)
        query = self._query(question)
        records, matrix, _ = self._passage_index(generation)
        if not records:
            return Retrieval(passages=[], sentences=[], relevance=0.0, generation=generation)
        unknown = self.retriever.unknown_english_terms(question, language) if language else []
        dense = matrix @ query
        top = np.argsort(-dense)[: self.settings.fused_top_k]
        passages = [
            RetrievedPassage(
                **{k: records[i][k] for k in PASSAGE_KEYS},
                dense=float(dense[i]),
                lexical=0.0,
                fused=float(dense[i]),
                rank=rank,
            )
            for rank, i in enumerate(top)
        ]
        subjects = self.retriever.subject_documents(question, {p.source_id for p in passages}, generation)
        about_other = self.retriever.about_something_else(question, subjects, generation)
        passages = [p for p in passages if not about_other(p.source_id, p.text)]
        sentences = self._sentences(passages, query, generation)
        relevance = max((s.similarity for s in sentences), default=0.0)
        return Retrieval(
            passages=passages,
            sentences=sentences,
            relevance=relevance,
            generation=generation,
            unknown_names=unknown,
            subjects=subjects,
        )

    def closeness(self, query: NDArray[np.float32], texts: list[str]) -> list[float]:
        """How close each text, read alone, is to the question embedded as ``query`` (``encoder.query``)."""
        if not texts:
            return []
        return [float(v) for v in self.encoder.passage(texts) @ query]

    def word_vectors(self, words: list[str]) -> NDArray[np.float32]:
        """Single words as passages, in order: read from the store, else embedded once per store (a command-line
        question in Spanish would otherwise embed the 40 everyday questions' words again, about 3 s)."""
        with self._lock:
            known = {w: self._words[w] for w in words if w in self._words}
        wanted = [w for w in dict.fromkeys(words) if w not in known]
        if wanted:
            ids = [_query_id(self.encoder.name, f"word\n{w}") for w in wanted]
            stored = self._stored(ids, wanted, self.encoder.passage)
            found = {w: stored[wid] for w, wid in zip(wanted, ids, strict=True)}
            with self._lock:
                if len(self._words) + len(found) > _WORDS_KEPT:
                    self._words.clear()
                self._words.update(found)
            known.update(found)
        if not words:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32)
        return np.stack([known[w] for w in words]).astype(np.float32)

    def sentence_closeness(self, query: NDArray[np.float32], sentence_ids: list[str]) -> list[float]:
        """``closeness`` of candidate sentences this retriever returned, from their vectors read alone."""
        vectors = [self._sentence_vectors[sid] for sid in sentence_ids if sid in self._sentence_vectors]
        if not vectors:
            return []
        both = np.stack(vectors)
        return [float(v) for v in both[:, : both.shape[1] // 2] @ query]

    def sentence_vectors(
        self, sentence_ids: list[str], generation: str
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """The multilingual vectors of sentences of the index (alone, with their neighbours), in the order given;
        remembered and stored as for cross-lingual candidates."""
        rows = self.retriever.sentence_rows(set(sentence_ids), generation)
        return self._vectors([(sid, rows[sid]) for sid in sentence_ids], generation)

    def everyday_scores(self, generation: str, language: LanguageCode) -> list[float]:
        """The gate scores on this corpus of the everyday questions that calibrate ``language``'s gate."""
        return [self.retrieve(q, generation).relevance for q in everyday_questions_in(language)]

    # --- candidates ------------------------------------------------------------------------------
    def _sentences(
        self, passages: list[RetrievedPassage], query: NDArray[np.float32], generation: str
    ) -> list[CandidateSentence]:
        wanted = {sentence_id(p.sentence_tag, i) for p in passages for i in range(p.sent_from, p.sent_to)}
        rows = self.retriever.sentence_rows(wanted, generation)
        kept = [
            (sid, row)
            for sid, row in sorted(rows.items())
            if not row[1].get("heading") and not states_nothing(row[0])
        ]
        if not kept:
            return []
        own, window = self._vectors(kept, generation)
        # Read alone or with its neighbours, whichever matches better, as in English retrieval.
        similarities = np.maximum(own @ query, window @ query)
        hubness = self._hub_scores([sid for sid, _ in kept], own, window)
        out = []
        for (sid, (text, meta, vector, window)), similarity, hub in zip(
            kept, similarities, hubness, strict=True
        ):
            start, end, source_id = int(meta["start"]), int(meta["end"]), str(meta["source_id"])
            around = [p for p in passages if p.source_id == source_id and p.start <= start and end <= p.end]
            context = max((p.dense for p in around), default=0.0)
            out.append(
                CandidateSentence(
                    sentence_id=sid,
                    source_id=source_id,
                    title=str(meta.get("title") or next((p.title for p in around), "")),
                    start=start,
                    end=end,
                    text=text,
                    similarity=float(similarity),
                    lexical=0.0,
                    context=context,
                    score=float(similarity)
                    + self.settings.multilingual_context_weight * context
                    - self.settings.multilingual_hub_weight * hub,
                    passage_rank=min((p.rank for p in around), default=len(passages)),
                    embedding=vector,  # the English model's: composition's repeat check reads that scale
                    window_embedding=window,
                )
            )
        # Only sentences close to the best one are offered for quoting: this model's cosines sit in a narrow
        # band, so composition's ratio to the best score would let nearly every candidate through.
        best = max(s.score for s in out)
        return [s for s in out if s.score >= best - self.settings.multilingual_sentence_margin]

    def query_vector(self, read: str) -> NDArray[np.float32]:
        """A question embedded in the query role, ``read`` as ``retrieve`` reads it (``in_documents_words``):
        remembered from retrieval, since embedding it twice cost a long question seconds."""
        return self._query(read)

    def _query(self, question: str) -> NDArray[np.float32]:
        everyday = self._everyday_index()
        if everyday is not None:
            position = self._everyday_rows.get(question)
            if position is not None:
                return everyday[position]
        with self._lock:
            known = self._queries.get(question)
        if known is not None:
            return known
        vector = self.encoder.query([question])[0]
        with self._lock:
            if len(self._queries) >= _QUERIES_KEPT:
                self._queries.clear()  # questions choose the keys: the memo must not grow without bound
            self._queries[question] = vector
        return vector

    def _hub_scores(
        self, sentence_ids: list[str], own: NDArray[np.float32], window: NDArray[np.float32]
    ) -> list[float]:
        """How close each sentence comes to questions that are not about it: the mean of its best cosines (their
        ``hub_share``) with the everyday questions of every language (the sentence read alone or with its
        neighbours, the better). Cross-domain similarity local scaling (CSLS), the usual cure for hubs in
        cross-lingual retrieval: this model places a corpus's broad sentences ("X, a plant from ..., offers
        ...") close to any question, so they outrank the sentence that answers it by a few thousandths."""
        if not self.settings.multilingual_hub_weight:
            return [0.0] * len(sentence_ids)
        everyday = self._everyday_index()
        if everyday is None:
            return [0.0] * len(sentence_ids)
        known = self._hubness
        missing = [i for i, sid in enumerate(sentence_ids) if sid not in known]
        if missing:
            k = hub_neighbours(self.settings.multilingual_hub_share, everyday.shape[0])
            cosines = np.maximum(own[missing] @ everyday.T, window[missing] @ everyday.T)
            nearest = -np.sort(-cosines, axis=1)[:, :k]
            for i, value in zip(missing, nearest.mean(axis=1), strict=True):
                known[sentence_ids[i]] = float(value)
        return [known[sid] for sid in sentence_ids]

    def _everyday_index(self) -> NDArray[np.float32] | None:
        """The everyday questions of every language as queries: read from the store, else embedded once."""
        if not self.settings.multilingual_hub_weight:
            return None
        with self._lock:
            if self._everyday is not None:
                return self._everyday
        questions = list(
            dict.fromkeys(q for _, qs in sorted(everyday_questions_by_language().items()) for q in qs)
        )
        ids = [_query_id(self.encoder.name, q) for q in questions]
        stored = self._stored(ids, questions, self.encoder.query)
        matrix = np.stack([stored[qid] for qid in ids]).astype(np.float32)
        with self._lock:
            self._everyday = matrix
            self._everyday_rows = {q: i for i, q in enumerate(questions)}
        return matrix

    def _stored(
        self, ids: list[str], texts: list[str], encode: Callable[[list[str]], NDArray[np.float32]]
    ) -> dict[str, NDArray[np.float32]]:
        """Vectors by id from ``queries_ml``; the texts missing there are encoded and written once."""
        collection = self.store.collection(ML_QUERIES)
        got = self.store.call(partial(collection.get, ids=ids, include=["embeddings"]), "read queries_ml")
        stored = {
            vid: np.asarray(vector, dtype=np.float32)
            for vid, vector in zip(got["ids"], got["embeddings"], strict=True)
        }
        missing = [i for i, vid in enumerate(ids) if vid not in stored]
        if missing:
            vectors = encode([texts[i] for i in missing])
            with self.store.writer_lock(create=False):
                self.store.upsert(
                    collection,
                    "write queries_ml",
                    _WRITE_BATCH,
                    ids=[ids[i] for i in missing],
                    embeddings=vectors,
                )
            stored.update(zip((ids[i] for i in missing), vectors, strict=True))
        return stored

    def _vectors(
        self, rows: list[tuple[str, SentenceRow]], generation: str
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """The sentences' multilingual vectors, alone and with their neighbours: remembered, else stored (both
        halves in one record), else embedded now and stored."""
        known = self._sentence_vectors
        missing = [sid for sid, _ in rows if sid not in known]
        if missing:
            got = self.store.call(
                partial(self.store.collection(ML_SENTENCES).get, ids=missing, include=["embeddings"]),
                "read sentences_ml",
            )
            for sid, vector in zip(got["ids"], got["embeddings"], strict=True):
                known[sid] = np.asarray(vector, dtype=np.float32)
            missing_rows = {sid: row for sid, row in rows if sid not in known}
            texts = {sid: row[0] for sid, row in missing_rows.items()}
            if texts:
                windows = self._windows(missing_rows, generation)
                vectors = np.hstack(
                    [self.encoder.passage(list(texts.values())), self.encoder.passage(windows)]
                )
                with self.store.writer_lock(create=False):
                    self.store.upsert(
                        self.store.collection(ML_SENTENCES),
                        "write sentences_ml",
                        _WRITE_BATCH,
                        ids=list(texts),
                        embeddings=vectors,
                    )
                known.update(zip(texts, vectors, strict=True))
        both = np.stack([known[sid] for sid, _ in rows])
        half = both.shape[1] // 2
        return both[:, :half], both[:, half:]

    def _windows(self, sentences: dict[str, SentenceRow], generation: str) -> list[str]:
        """Each sentence with its ``sentence_window`` neighbours on each side within its section, as the English
        index reads it (``window_bounds``). An FAQ's answers are not read after the page's title and their
        question, as the English index reads them (``rag.ingest.chunking.questions_over``): on the translated dev
        questions that found 59 of 64 answers, against 60 without."""
        width = self.settings.sentence_window
        steps = range(-width, width + 1)
        around = {sid: [neighbour_id(sid, step) if step else sid for step in steps] for sid in sentences}
        wanted = {n for ids in around.values() for n in ids if n is not None and n not in sentences}
        rows = {**self.retriever.sentence_rows(wanted, generation), **sentences}
        out = []
        for sid, ids in around.items():
            present = [n for n in ids if n is not None and n in rows]
            lo, hi = window_bounds([bool(rows[n][1].get("heading")) for n in present], width)[
                present.index(sid)
            ]
            out.append(" ".join(rows[n][0] for n in present[lo : hi + 1]))
        return out

    # --- the passages' vectors -------------------------------------------------------------------
    def _passage_index(self, generation: str) -> tuple[list[dict[str, Any]], NDArray[np.float32], int]:
        with self._lock:
            cached = self._passages
        if cached is not None and cached[0] == generation:
            return cached[1], cached[2], 0
        records = self.retriever.passage_records(generation)
        encoder = self.encoder
        with self.store.writer_lock(create=False):
            got = read_all(self.store, ML_PASSAGES, ["embeddings"])
            stored = {
                pid: np.asarray(vector, dtype=np.float32)
                for pid, vector in zip(got["ids"], got["embeddings"], strict=True)
            }
            missing = [r for r in records if r["passage_id"] not in stored]
            if missing:
                vectors = encoder.passage([r["text"] for r in missing])
                self._write(missing, vectors)
                stored.update(zip((r["passage_id"] for r in missing), vectors, strict=True))
                log.info("multilingual passage vectors: %d embedded", len(missing))
            self._delete(ML_PASSAGES, sorted(set(stored) - {r["passage_id"] for r in records}))
            # Sentence ids carry their document version's tag: those of no current version are stale.
            tags = {r["sentence_tag"] for r in records}
            sentence_ids = read_all(self.store, ML_SENTENCES, [])["ids"]
            self._delete(ML_SENTENCES, [sid for sid in sentence_ids if sid.rpartition("#s")[0] not in tags])
            self._sentence_vectors = {}
            self._hubness = {}
        matrix = (
            np.stack([stored[r["passage_id"]] for r in records]).astype(np.float32)
            if records
            else np.zeros((0, encoder.dimension), dtype=np.float32)
        )
        with self._lock:
            self._passages = (generation, records, matrix)
        return records, matrix, len(missing)

    def _delete(self, kind: str, ids: list[str]) -> None:
        collection = self.store.collection(kind)
        for lo in range(0, len(ids), _WRITE_BATCH):
            self.store.call(partial(collection.delete, ids=ids[lo : lo + _WRITE_BATCH]), f"delete {kind}")

    def _write(self, records: list[dict[str, Any]], vectors: NDArray[np.float32]) -> None:
        self.store.upsert(
            self.store.collection(ML_PASSAGES),
            "write passages_ml",
            _WRITE_BATCH,
            ids=[r["passage_id"] for r in records],
            embeddings=vectors,
            metadatas=[{"source_id": r["source_id"]} for r in records],
        )


def hub_neighbours(share: float, questions: int) -> int:
    """How many of ``questions`` everyday questions a sentence's hubness reads (at least one)."""
    return max(1, min(questions, round(share * questions)))


def _query_id(model: str, question: str) -> str:
    return hashlib.sha1(f"{model}\n{question}".encode()).hexdigest()
