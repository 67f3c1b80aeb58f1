"""Assistant: wires the stages together; the only place that knows their order."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from rag.answer.compose import Composer, Selection, select_sentences
from rag.answer.quotes import quotes_in_context
from rag.errors import InvalidQuestion
from rag.ingest.corpus import CorpusScan, scan_corpus
from rag.ingest.embedder import Embedder, load_embedder
from rag.ingest.indexer import Indexer, Progress
from rag.ingest.progress import ProgressListener
from rag.ingest.store import Store
from rag.retrieval.calibration import GateThresholds, calibrate, everyday_questions, fixed
from rag.retrieval.followup import retrieval_text
from rag.retrieval.records import Retrieval
from rag.retrieval.retriever import Retriever
from rag.safety.contradictions.contradiction_map import ConflictMap
from rag.safety.dosing.detector import (
    HELP_MESSAGE,
    DosingDetector,
    DosingVerdict,
    dose_vocabulary,
    is_dosing_guidance,
)
from rag.settings import Settings
from rag.types import Answer, Citation, Contradiction, Document, IndexReport, Refusal, Turn

log = logging.getLogger(__name__)

# Control characters other than tab and newline carry no meaning in a question and confuse tokenisers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What a refusal retrieves: what the sources say about risk and supervision, about what the question named.
_RISK_QUERY = "risks, dangers, side effects, overdose and why medical supervision is needed"

LOW_CONFIDENCE_TEXT = (
    "The documents may not answer this directly. These are the passages closest to the question:"
)

NOT_FOUND_TEXT = (
    "The documents do not cover this question, so I can't answer it from them. "
    "Try asking about something the documents discuss, or look at the list of documents."
)


class _Query(NamedTuple):
    text: str
    variants: list[tuple[str, str]]  # (left-out word, query without it)
    vectors: np.ndarray  # the query's embedding, then one per variant


def _quotes(selection: Selection, retrieval: Retrieval, dosing: DosingDetector) -> list[Citation]:
    """The chosen sentences as citations, each joined with the neighbour it leans on (never dosing text)."""
    return quotes_in_context(
        selection.chosen, retrieval.sentences, retrieval.passages, dosing.is_dosing_guidance
    )


class Assistant:
    """Answers questions from the corpus with verbatim, cited quotes. Thread-safe; share one per process."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self._embedder = embedder
        self.store = Store(self.settings)
        self._lock = threading.RLock()
        self._corpus_signature: tuple[tuple[str, int, int], ...] | None = None
        self._parts: tuple[Indexer, Retriever, DosingDetector, ConflictMap] | None = None
        self._gate: tuple[str, GateThresholds] | None = None  # (index generation, thresholds)

    # --- public API ------------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(
                    self.settings.embed_model, self.settings.embed_batch_size, self.settings.embed_backend
                )
            return self._embedder

    def index(
        self,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_progress: ProgressListener | None = None,
    ) -> IndexReport:
        """Bring the store in line with the corpus: only new or changed documents are embedded. ``progress``:
        (document, texts done, texts in all); ``on_progress``: ``IndexProgress`` with documents and an ETA."""
        indexer, _, _, conflicts = self._components()
        with self._lock:
            if rebuild:
                self.store.reset_client()
            report = indexer.run(
                rebuild=rebuild,
                progress=progress,
                on_change=self._on_change(conflicts),
                on_progress=on_progress,
            )
            # Also repairs a map that an interrupted run left behind the passages.
            with self.store.writer_lock():
                conflicts.sync(self._scan().documents)
            self._corpus_signature = self._signature()
            self.gate_thresholds()
            return report

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """Answer ``question`` from the documents. Raises InvalidQuestion for empty or over-long questions."""
        question_text = self._validate(question)
        history = list(history or [])[-self.settings.history_turns :] if self.settings.history_turns else []
        self._ensure_fresh()
        _, retriever, dosing, conflicts = self._components()
        query = self._query(retriever, question_text, history)
        verdict = dosing.assess_request(question_text, history)
        if verdict.is_dosing:
            return self._refuse(question, verdict, retriever, dosing)
        retrieval = self._retrieve(retriever, query)
        gate = self.gate_thresholds(retrieval.generation)
        if retrieval.relevance < gate.not_found_below or retrieval.unknown_names or not retrieval.sentences:
            return Answer(
                question=question, status="not_found", text=NOT_FOUND_TEXT, relevance=retrieval.relevance
            )
        low = retrieval.relevance < gate.low_confidence_below
        return self._answer(question, retrieval, query.vectors[0], dosing, conflicts, low)

    def gate_thresholds(self, generation: str | None = None) -> GateThresholds:
        """The relevance gate's thresholds for the corpus as indexed now (calibrated once per index version).
        ``generation``, when the caller has just read it (retrieval does), saves a second store round trip."""
        indexer, retriever, _, _ = self._components()
        if not self.settings.gate_calibration:
            return fixed(self.settings.relevance_threshold)
        generation = generation or indexer.generation()
        with self._lock:
            if self._gate is None or self._gate[0] != generation:
                scores = self._everyday_scores(retriever)
                s = self.settings
                thresholds = calibrate(
                    scores,
                    s.gate_quantile,
                    s.gate_spread_floor,
                    s.gate_not_found_margin,
                    s.gate_low_confidence_margin,
                    s.relevance_threshold,
                )
                log.info("relevance gate calibrated: %s", thresholds)
                self._gate = (generation, thresholds)
            return self._gate[1]

    def documents(self) -> list[Document]:
        """The documents of the corpus that can be indexed, with their titles."""
        return self._scan().documents

    def dispute_counts(self) -> dict[str, int]:
        """Per source: how many of its claims other sources contradict."""
        self._ensure_fresh()
        return self._components()[3].dispute_counts()

    def dosing_verdict(self, question: str, history: list[Turn] | None = None) -> DosingVerdict:
        """The dosing decision alone (for the evaluation report)."""
        return self._components()[2].assess_request(self._validate(question), list(history or []))

    # --- stages ----------------------------------------------------------------------------------
    def _query(self, retriever: Retriever, question_text: str, history: list[Turn]) -> _Query:
        """The retrieval query (a follow-up read with the conversation's subject) and its focus variants,
        embedded in one batch with the question itself, so the dosing check finds it in the embedder's cache."""
        query = retrieval_text(question_text, history, retriever.topic_words)
        variants = retriever.focus_variants(query)
        texts = [query, *(text for _, text in variants)]
        vectors = self.embedder.embed(texts if query == question_text else [*texts, question_text])
        return _Query(query, variants, vectors[: len(texts)])

    def _retrieve(self, retriever: Retriever, query: _Query) -> Retrieval:
        return retriever.retrieve(
            query.text,
            query.vectors[0],
            {word: vector for (word, _), vector in zip(query.variants, query.vectors[1:], strict=True)},
        )

    def _everyday_scores(self, retriever: Retriever) -> list[float]:
        # One embedding batch for all the questions and their variants, then one retrieval each.
        queries = [(q, retriever.focus_variants(q)) for q in everyday_questions()]
        texts = [t for q, variants in queries for t in (q, *(text for _, text in variants))]
        vectors = self.embedder.embed(texts)
        scores, at = [], 0
        for question, variants in queries:
            width = 1 + len(variants)
            scores.append(
                self._retrieve(retriever, _Query(question, variants, vectors[at : at + width])).relevance
            )
            at += width
        return scores

    def _answer(
        self,
        question: str,
        retrieval: Retrieval,
        query_embedding: np.ndarray,
        dosing: DosingDetector,
        conflicts: ConflictMap,
        low_confidence: bool,
    ) -> Answer:
        top_source = retrieval.passages[0].source_id if retrieval.passages else None
        selection = select_sentences(
            retrieval.sentences, self.settings, dosing.is_dosing_guidance, keep_source=top_source
        )
        composer = Composer()
        if selection.chosen:
            composer.add(LOW_CONFIDENCE_TEXT if low_confidence else "Here is what the documents say:")
            composer.quotes(_quotes(selection, retrieval, dosing))
        else:
            composer.add("The passages that match this question give dosing guidance, which I don't quote.")
        spans = [(c.source_id, c.start, c.end) for c in composer.citations]
        spans += [(p.source_id, p.start, p.end) for p in retrieval.passages[:3]]
        contradictions = self._contradictions(conflicts, spans, query_embedding, dosing)
        composer.contradictions(contradictions)
        composer.withheld(selection.withheld)
        return Answer(
            question=question,
            status="answered",
            text=composer.text(),
            citations=composer.citations,
            contradictions=contradictions,
            withheld=selection.withheld,
            relevance=retrieval.relevance,
            confidence="low" if low_confidence else "high",
        )

    def _refuse(
        self, question: str, verdict: DosingVerdict, retriever: Retriever, dosing: DosingDetector
    ) -> Answer:
        # The risks of what was asked about (melatonin for a child), not of whatever the corpus warns about most.
        topic = " ".join(word for word in retriever.topic_words(question) if dose_vocabulary(word) is None)
        risk_query = f"{topic}: {_RISK_QUERY}" if topic else _RISK_QUERY
        risk_embedding = self.embedder.embed([risk_query])[0]
        retrieval = retriever.retrieve(risk_query, risk_embedding)
        selection = select_sentences(retrieval.sentences, self.settings, dosing.is_dosing_guidance)
        composer = Composer()
        composer.add(HELP_MESSAGE)
        if selection.chosen:
            composer.add("")
            composer.add("What the documents say about the risks:")
            composer.quotes(_quotes(selection, retrieval, dosing))
        return Answer(
            question=question,
            status="refused",
            text=composer.text(),
            citations=composer.citations,
            refusal=Refusal(reason="dosing", message=HELP_MESSAGE),
            withheld=selection.withheld,
            relevance=retrieval.relevance,
        )

    def _contradictions(
        self,
        conflicts: ConflictMap,
        spans: list[tuple[str, int, int]],
        query_embedding: np.ndarray,
        dosing: DosingDetector,
    ) -> list[Contradiction]:
        found = conflicts.lookup(spans, query_embedding, limit=self.settings.conflicts_per_answer)
        # A side that gives dosing guidance would leak it; drop the whole disagreement instead.
        return [c for c in found if not any(dosing.is_dosing_guidance(side.quote) for side in c.sides)]

    # --- plumbing --------------------------------------------------------------------------------
    def _validate(self, question: str) -> str:
        if not isinstance(question, str):
            raise InvalidQuestion("The question must be text.")
        try:
            question.encode("utf-8")
        except UnicodeEncodeError:
            # Lone surrogates (e.g. a JSON "\ud800") crash tokenisers and cannot be serialised back.
            raise InvalidQuestion(
                "The question contains characters that are not valid text; please type it again."
            ) from None
        cleaned = _CONTROL.sub(" ", question).strip()
        if not cleaned:
            raise InvalidQuestion("The question is empty: type a question about the documents.")
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"The question is {len(question):,} characters long; the limit is "
                f"{self.settings.max_question_chars:,}. Please ask a shorter question."
            )
        return cleaned

    def _scan(self) -> CorpusScan:
        # A title is shown in every citation of its document: it passes the guard that quotes pass.
        return scan_corpus(self.settings, withhold_title=is_dosing_guidance)

    def _components(self) -> tuple[Indexer, Retriever, DosingDetector, ConflictMap]:
        with self._lock:
            if self._parts is None:
                embedder = self.embedder
                indexer = Indexer(self.settings, self.store, embedder, withhold_title=is_dosing_guidance)
                self._parts = (
                    indexer,
                    Retriever(self.settings, self.store, embedder, indexer),
                    DosingDetector(embedder, self.settings),
                    ConflictMap(self.store, embedder, self.settings),
                )
            return self._parts

    def _on_change(self, conflicts: ConflictMap) -> Callable[[list[Document], list[str]], None]:
        def update(changed: list[Document], removed: list[str]) -> None:
            report = conflicts.update(changed, removed)
            log.info("contradiction map: %s", report)

        return update

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        try:
            entries = sorted(self.settings.corpus_dir.iterdir())
            return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in entries if p.exists())
        except OSError:
            return ()

    def _ensure_fresh(self) -> None:
        """Index lazily: on first use, and again when a file in the corpus folder changed."""
        signature = self._signature()
        if signature == self._corpus_signature:
            return
        with self._lock:
            if signature != self._corpus_signature:
                started = time.perf_counter()
                report = self.index()
                log.info("indexed on demand in %.2f s: %s", time.perf_counter() - started, report.summary())
