"""Assistant: wires the stages together; the only place that knows their order."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import numpy as np

from rag.answer import phrases
from rag.answer.collection import (
    collection_answer,
    collection_language,
    disputes_answer,
    disputes_language,
    thanks_answer,
    thanks_language,
)
from rag.answer.compose import Composer, Selection, question_terms, select_sentences
from rag.answer.contrast import answers_difference, asks_difference
from rag.answer.direct import DirectGroup, asked_restriction, direct_groups, restriction_unmet
from rag.answer.dispute_terms import asked_about, everyday_words
from rag.answer.disputes import about_question, from_found, merge, near_question
from rag.answer.emergency import goes_on_with_emergency, with_emergency
from rag.answer.messages import Messages, messages_for, unreadable_language
from rag.answer.overview import overview
from rag.answer.pages import with_pages
from rag.answer.quotes import quotes_in_context
from rag.answer.table_rows import cells_before_dose
from rag.errors import InvalidQuestion
from rag.ingest.corpus import CorpusScan, scan_corpus
from rag.ingest.embedder import Embedder, settings_embedder
from rag.ingest.indexer import Indexer, Progress
from rag.ingest.multilingual import RoleEmbedder, load_multilingual
from rag.ingest.progress import ProgressListener
from rag.ingest.store import Store
from rag.ingest.watch import folder_signature
from rag.retrieval.answer_kinds import asked_kind, holds_kind
from rag.retrieval.calibration import EverydayScores, GateThresholds, calibrate, everyday_questions, fixed
from rag.retrieval.collection_words import asks_agreement, without_collection_words
from rag.retrieval.crosslingual import CrossLingualRetriever, everyday_questions_in
from rag.retrieval.followup import (
    asks_for_more,
    followed_question,
    latest_question,
    names_nothing,
    retrieval_text,
    switched_in_any_language,
    switched_subject,
)
from rag.retrieval.look_alike import names
from rag.retrieval.records import Retrieval
from rag.retrieval.retriever import Retriever
from rag.retrieval.second_opinion import OpinionScale, Verdict, fused, opinion, scale
from rag.retrieval.subject_words import subject_words
from rag.safety.contradictions.asked import Asked, read_question, yes_no_subject
from rag.safety.contradictions.contradiction_map import ConflictMap
from rag.safety.dosing.detector import (
    DosingDetector,
    DosingVerdict,
    dose_vocabulary,
    is_dosing_guidance,
)
from rag.safety.dosing.emergency import tells_of_emergency
from rag.safety.dosing.parts import benign_rest
from rag.settings import Settings
from rag.text.language import (
    ENGLISH,
    SPELLED_KNOWN_SHARE,
    SUPPORTED,
    UNDETERMINED,
    LanguageCode,
    detect_language,
    documents_language,
    unreadable_script,
    unreadable_words,
)
from rag.types import Answer, Citation, Contradiction, Document, IndexReport, QuoteGroup, Refusal, Turn

log = logging.getLogger(__name__)
T = TypeVar("T")

# Control characters other than tab and newline carry no meaning in a question and confuse tokenisers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What a dose is taken for, or for whom: the words after "for" ("for back pain", "for my child"), and after its
# counterparts in the other languages the assistant reads (not Italian "per": English "per day" is a rate).
_PURPOSE = re.compile(
    r"\b(?:for|para|pour|für|fur|untuk|cho)\s+((?:[^\W\d_]+[\s-]+){0,2}[^\W\d_]+)", re.IGNORECASE
)

_ENGLISH = messages_for(ENGLISH)
LOW_CONFIDENCE_TEXT = _ENGLISH.low_confidence_head
NOT_FOUND_TEXT = _ENGLISH.not_found


class _Query(NamedTuple):
    text: str
    variants: list[tuple[str, str]]  # (left-out word, query without it)
    vectors: np.ndarray  # the query's embedding, then one per variant


def _overlaps(a: Citation, b: Citation) -> bool:
    return a.source_id == b.source_id and a.start < b.end and b.start < a.end


def _unique(pairs: list[Contradiction]) -> list[Contradiction]:
    """Each pair once (the same pair is found from two spans), in the order first found."""
    seen: set[tuple[tuple[str, int, int], ...]] = set()
    out = []
    for pair in pairs:
        key = tuple(sorted((s.source_id, s.start, s.end) for s in pair.sides))
        if key not in seen:
            seen.add(key)
            out.append(pair)
    return out


def _quotes_note(composer: Composer, texts: Messages, documents_language: str) -> None:
    """Under quotes in another language than the reply's: they are shown as the documents wrote them. Not under
    quotes in the reply's own language (a Spanish reply from Spanish documents)."""
    if composer.citations and texts.quotes_note and texts.language != documents_language:
        composer.add("")
        composer.add(texts.quotes_note)


def _quotes(
    selection: Selection, retrieval: Retrieval, dosing: DosingDetector, asked_terms: frozenset[str]
) -> list[Citation]:
    """The chosen sentences as citations, each joined with the neighbour it leans on (never dosing text)."""
    return quotes_in_context(
        selection.chosen, retrieval.sentences, retrieval.passages, dosing.is_dosing_guidance, asked_terms
    )


class Assistant:
    """Answers questions from the corpus with verbatim, cited quotes. Thread-safe; share one per process."""

    def __init__(
        self,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        multilingual: RoleEmbedder | None = None,
    ) -> None:
        """``embedder``: the English model (default: the packaged one); ``multilingual``: the model questions
        in other languages are retrieved with (default: the packaged multilingual one, loaded on first use)."""
        self.settings = settings or Settings()
        self._embedder = embedder
        self._multilingual = multilingual
        self.store = Store(self.settings)
        self._lock = threading.RLock()
        self._corpus_signature: tuple[tuple[str, int, int], ...] | None = None
        self._parts: tuple[Indexer, Retriever, DosingDetector, ConflictMap] | None = None
        # Gate thresholds per scale ("en", "crosslingual:<language>"): (index generation, thresholds).
        self._gates: dict[str, tuple[str, GateThresholds]] = {}
        self._paged: dict[str, Document] = {}  # documents with pages (PDF), for citations' page numbers
        self._crosslingual: CrossLingualRetriever | None = None
        self._second_scales: dict[str, OpinionScale] = {}  # the second opinion's scale per index generation
        self._calibrating: dict[str, threading.Lock] = {}  # one lock per calibration (see ``_once``)
        # Called after a question found the corpus folder changed and indexed it again (the chat UI prepares
        # the other languages for the new index then, as it does after its own indexing).
        self.after_reindex: Callable[[], object] | None = None
        # The language most documents are written in, read at each indexing (English until then).
        self.documents_language: LanguageCode = ENGLISH

    # --- public API ------------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = settings_embedder(self.settings)
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
            documents = self._scan().documents
            self.documents_language = documents_language([d.text for d in documents])
            # Also repairs a map that an interrupted run left behind the passages.
            with self.store.writer_lock():
                conflicts.sync(documents)
            self._paged = {d.source_id: d for d in documents if d.pages}
            self._corpus_signature = self._signature()
            self.gate_thresholds()
            if self.settings.multilingual_at_index:
                self.prepare_languages()
            return report

    def prepare_languages(
        self, on_language: Callable[[LanguageCode], None] | None = None
    ) -> list[LanguageCode]:
        """Do now what the first question in each other language would otherwise wait for: the passages'
        multilingual vectors, that language's gate calibrated on this index version, its everyday words' vectors
        (the bar of its disputes), and the English gate's second opinion, which reads the same model. The chat UI
        calls this in the background once the index is ready. ``on_language`` hears each language as its turn
        comes; returns the languages prepared (none when cross-lingual answers are off)."""
        if not self.settings.multilingual:
            return []
        generation = self._components()[0].generation()
        prepared: list[LanguageCode] = []
        for language in self.languages_read_across():
            if on_language is not None:
                on_language(language)
            self.crosslingual_gate_thresholds(language, generation)
            # The bar of disputes read in this language (rag.answer.dispute_terms): kept in the store, once.
            self._cross().word_vectors(everyday_words(everyday_questions_in(language)))
            prepared.append(language)
        if self.settings.gate_second_opinion and self.settings.gate_calibration:
            self._second_opinion_scale(generation)
        return prepared

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        """Answer ``question`` from the documents. Raises InvalidQuestion for empty or over-long questions. A
        question that tells of an overdose now is answered as any other, opened by where to get help at once."""
        question_text = self._validate(question)
        told = tells_of_emergency(question_text)
        answer = self._ask(question, question_text, history, told)
        topic_words = self._components()[1].topic_words
        return with_emergency(
            answer, told or goes_on_with_emergency(question_text, history or [], topic_words)
        )

    def _ask(self, question: str, question_text: str, history: list[Turn] | None, emergency: bool) -> Answer:
        """The answer, before the emergency line; ``emergency``: ``question_text`` tells of an overdose now."""
        if unreadable_script(question_text):
            # Neither the dosing check nor the gate can read it: nothing is quoted.
            return self._unreadable(question)
        history = list(history or [])[-self.settings.history_turns :] if self.settings.history_turns else []
        self._ensure_fresh()
        _, retriever, dosing, conflicts = self._components()
        # Slips of typing are read as the documents' words first: "Is kratum adictive?" is English.
        if unreadable_words(question_text) and unreadable_words(
            retriever.as_documents_write(question_text), SPELLED_KNOWN_SHARE
        ):
            # A language of the Latin alphabet that no word list knows: its unit words may still be read.
            verdict = dosing.assess_request(question_text, history)
            if verdict.is_dosing:
                return with_pages(self._refuse(question, verdict, retriever, dosing, _ENGLISH), self._paged)
            return self._unreadable(question)
        language = self.language_of(question_text)
        followed = followed_question(question_text, history)
        before = latest_question(history)
        if followed:
            # "Warum?" is one word of any language: it is asked in the language of the question it follows.
            language = self.language_of(followed)
        elif (
            before
            and switched_in_any_language(question_text, history)
            and (asked_before := self.language_of(before)) != language
            and switched_subject(question_text, history, retriever.topic_words, asked_before)
        ):
            # So is "Und Kava?" after "Wie viel Kratom soll ich nehmen?", read as English: it names another subject.
            language = asked_before
        # Over documents in another language the English model reads the question and the passages in two
        # languages, as it cannot: English questions are read across languages too.
        if language != ENGLISH or self._documents_read_across():
            return self._ask_in(language, question, question_text, history, followed, emergency)
        to_assistant = self._to_the_assistant(question, question_text, ENGLISH, dosing)
        if to_assistant is not None:
            return to_assistant
        # What is asked about, without the words naming the documents themselves (rag.retrieval.collection_words).
        about = without_collection_words(question_text)
        query = self._query(retriever, about, history)
        verdict = dosing.assess_request(question_text, history)
        if verdict.is_dosing:
            return self._refused(question, question_text, verdict, history, _ENGLISH)
        retrieval = self._retrieve(retriever, query)
        gate = self.gate_thresholds(retrieval.generation)
        confidence = self._gate_verdict(retrieval, gate, query.text)
        if confidence == "not_found" or retrieval.unknown_names or not retrieval.sentences:
            return Answer(
                question=question, status="not_found", text=NOT_FOUND_TEXT, relevance=retrieval.relevance
            )
        low = confidence == "low"
        if emergency:
            # The gate has read the question as asked ("My child swallowed a coin" stays not_found); the quotes
            # are those on the signs of an overdose and what to do (Messages.emergency_query: "I took too much
            # kratom, what should I do?" found sentences on sleep and on the plant's mechanisms).
            query = self._query(retriever, f"{about} {_ENGLISH.emergency_query}", history)
            retrieval = self._retrieve(retriever, query, retrieval.generation)
        retrieval = _fresh(retrieval, asks_for_more(question_text, history))
        # A follow-up's pronoun stands for what it points back to: "Are they dangerous?" after "What are the side
        # effects of naltrexone?" asks whether those are; "Why?" asks nothing to say yes or no to.
        asked = read_question(
            about
            if names_nothing(about)
            else retrieval_text(about, history, retriever.topic_words, yes_no_subject)
        )
        answer = self._answer(
            question,
            asked,
            retrieval,
            query.vectors[0],
            dosing,
            conflicts,
            low,
            _ENGLISH,
            asks_agreement=asks_agreement(question_text),
        )
        return with_pages(answer, self._paged)

    def _to_the_assistant(
        self, question: str, question_text: str, read_as: LanguageCode, dosing: DosingDetector
    ) -> Answer | None:
        """The reply to a thank-you ("Thanks!", "Merci"), to a question about the collection ("What are these
        documents about?", "Hola") or about where its documents disagree, in its language; None for a question
        about a subject."""
        thanked_in = thanks_language(question_text, read_as)
        if thanked_in is not None:
            return thanks_answer(question, messages_for(thanked_in))
        asked_in = collection_language(question_text, read_as)
        if asked_in is not None:
            return self._about_collection(question, asked_in, dosing)
        disputes_in = disputes_language(question_text, read_as)
        return None if disputes_in is None else self._about_disputes(question, disputes_in, dosing)

    def _about_disputes(self, question: str, language: str, dosing: DosingDetector) -> Answer:
        """Where the documents disagree (rag.answer.collection.disputes_answer), in ``language``."""
        conflicts = self._components()[3]
        answer = disputes_answer(
            question,
            conflicts.contradictions(),
            dosing.is_dosing_guidance,
            messages_for(language),
            self.settings.dispute_sides_max,
        )
        return with_pages(answer, self._paged)

    def _about_collection(self, question: str, language: str, dosing: DosingDetector) -> Answer:
        """How each document opens (rag.answer.collection), in ``language``."""
        answer = collection_answer(
            question, self.documents(), dosing.is_dosing_guidance, messages_for(language)
        )
        return with_pages(answer, self._paged)

    def languages_read_across(self) -> list[LanguageCode]:
        """The languages whose questions the multilingual model reads: all but English, and English too over
        documents in another language (none when cross-lingual answers are off)."""
        if not self.settings.multilingual:
            return []
        return [code for code in SUPPORTED if code != ENGLISH or self._documents_read_across()]

    def _documents_read_across(self) -> bool:
        """Whether most documents are in another language than English, so that every question, English ones
        too, is read with the multilingual model."""
        return self.settings.multilingual and self.documents_language != ENGLISH

    def _unreadable(self, question: str) -> Answer:
        text = unreadable_language(self.settings.multilingual)
        return Answer(question=question, status="not_found", text=text, relevance=0.0, language=UNDETERMINED)

    def language_of(self, question: str) -> LanguageCode:
        """The supported language ``question`` is read in (English when cross-lingual answers are off)."""
        return detect_language(question) if self.settings.multilingual else ENGLISH

    def crosslingual_gate_thresholds(
        self, language: LanguageCode, generation: str | None = None
    ) -> GateThresholds:
        """The gate's thresholds for questions in ``language`` (not English), on the multilingual model's scale,
        calibrated once per index version from everyday questions in that language."""
        indexer = self._components()[0]
        cross = self._cross()
        s = self.settings
        margins = (
            s.multilingual_not_found_margin,
            s.multilingual_low_confidence_margin,
            s.multilingual_relevance_floor,
        )
        return self._calibrated(
            f"crosslingual:{language}",
            generation or indexer.generation(),
            lambda at: EverydayScores(scores=cross.everyday_scores(at, language)),
            margins,
        )

    def gate_thresholds(self, generation: str | None = None) -> GateThresholds:
        """The relevance gate's thresholds for the corpus as indexed now (calibrated once per index version).
        ``generation``, when the caller has just read it (retrieval does), saves a second store round trip."""
        indexer, retriever, _, _ = self._components()
        if not self.settings.gate_calibration:
            return fixed(self.settings.relevance_threshold)
        s = self.settings
        margins = (s.gate_not_found_margin, s.gate_band_width, s.relevance_threshold)
        return self._calibrated(
            "en",
            generation or indexer.generation(),
            lambda read: self._everyday_scores(retriever, read),
            margins,
        )

    def _gate_verdict(self, retrieval: Retrieval, gate: GateThresholds, query_text: str) -> Verdict:
        """The English gate's verdict; near its thresholds the multilingual model gives a second opinion (see
        rag.retrieval.second_opinion), which decides with the English score when both are in everyday units."""
        s = self.settings
        score = retrieval.relevance
        english: Verdict = (
            "not_found"
            if score < gate.not_found_below
            else "low"
            if score < gate.low_confidence_below
            else "high"
        )
        unit = gate.band_spread
        if (
            not s.gate_second_opinion
            or unit is None
            or not gate.calibrated
            or score < s.relevance_threshold
            or retrieval.unknown_names
            or not retrieval.sentences
        ):
            return english
        margin = s.gate_second_opinion_band * unit
        if not gate.not_found_below - margin <= score < gate.low_confidence_below + margin:
            return english
        second_scale = self._second_opinion_scale(retrieval.generation)
        second = opinion(self._cross(), query_text, retrieval, s.gate_second_opinion_top)
        z = fused(score, gate.everyday_reference, unit, second, second_scale, s.gate_second_opinion_weight)
        if z < s.gate_second_opinion_not_found:
            return "not_found"
        return "low" if z < s.gate_second_opinion_low else "high"

    def _second_opinion_scale(self, generation: str) -> OpinionScale:
        """The multilingual model's everyday scale on this corpus, once per index generation (on first need)."""

        def compute() -> OpinionScale:
            retriever, cross, s = self._components()[1], self._cross(), self.settings
            scores = [
                opinion(cross, query.text, retrieval, s.gate_second_opinion_top)
                for query, retrieval in self._everyday_retrievals(retriever, generation)
            ]
            found = scale(scores, s.gate_quantile, s.gate_second_opinion_spread_floor)
            log.info("relevance gate second opinion calibrated: %s", found)
            return found

        def keep(found: OpinionScale) -> None:
            self._second_scales = {generation: found}

        return self._once("second opinion", lambda: self._second_scales.get(generation), compute, keep)

    def _once(
        self, key: str, cached: Callable[[], T | None], compute: Callable[[], T], keep: Callable[[T], None]
    ) -> T:
        """``cached()``, else ``compute()`` kept with ``keep``: once for all threads, under a lock of its own.
        A calibration takes seconds; under the assistant's lock every other question would wait for it (the chat
        UI calibrates the other languages in the background while English questions are asked)."""
        with self._lock:
            found = cached()
            lock = self._calibrating.setdefault(key, threading.Lock())
        if found is not None:
            return found
        with lock:
            with self._lock:
                found = cached()
            if found is None:
                found = compute()
                with self._lock:
                    keep(found)
            return found

    def _calibrated(
        self,
        scale: str,
        generation: str,
        everyday_scores: Callable[[str], EverydayScores],
        margins: tuple[float, float, float],
    ) -> GateThresholds:
        """The gate's thresholds on one model's scale, calibrated once per index generation from the everyday
        questions' gate scores and, where the gate has word penalties, their evidence scores before them (the
        unit of the doubtful band) and the scores of those with no penalty (the not_found threshold's, see
        rag.retrieval.calibration); ``margins`` are (not_found, low confidence, least score ever answered)."""

        def cached() -> GateThresholds | None:
            kept = self._gates.get(scale)
            return kept[1] if kept is not None and kept[0] == generation else None

        def compute() -> GateThresholds:
            not_found, low, floor = margins
            s = self.settings
            everyday = everyday_scores(generation)
            thresholds = calibrate(
                everyday.scores,
                s.gate_quantile,
                s.gate_spread_floor,
                not_found,
                low,
                floor,
                band_scores=everyday.evidence,
                known_scores=everyday.known,
            )
            log.info("relevance gate (%s) calibrated: %s", scale, thresholds)
            return thresholds

        def keep(thresholds: GateThresholds) -> None:
            self._gates[scale] = (generation, thresholds)

        return self._once(scale, cached, compute, keep)

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
        """The retrieval query (a follow-up read with the conversation's subject, in the documents' spelling
        and acronyms) and its focus variants, embedded in one batch with the question itself, so the dosing
        check finds it in the embedder's cache."""
        query = retriever.as_documents_write(
            retrieval_text(question_text, history, retriever.topic_words, yes_no_subject)
        )
        variants = retriever.focus_variants(query)
        texts = [query, *(text for _, text in variants)]
        vectors = self.embedder.embed(texts if query == question_text else [*texts, question_text])
        return _Query(query, variants, vectors[: len(texts)])

    def _retrieve(self, retriever: Retriever, query: _Query, generation: str | None = None) -> Retrieval:
        return retriever.retrieve(
            query.text,
            query.vectors[0],
            {word: vector for (word, _), vector in zip(query.variants, query.vectors[1:], strict=True)},
            generation,
        )

    def _everyday_scores(self, retriever: Retriever, generation: str) -> EverydayScores:
        """The everyday questions' gate scores, their evidence scores before word penalties, and the scores of
        those that use no rare word the corpus lacks."""
        retrievals = [retrieval for _, retrieval in self._everyday_retrievals(retriever, generation)]
        return EverydayScores(
            scores=[r.relevance for r in retrievals],
            evidence=[r.evidence for r in retrievals],
            known=[r.relevance for r in retrievals if not r.unsupported_words],
        )

    def _everyday_retrievals(self, retriever: Retriever, generation: str) -> list[tuple[_Query, Retrieval]]:
        """The everyday questions retrieved as any question is, all from the index ``generation`` (read once
        by the caller: one store round trip each was a sixth of calibrating on a small corpus)."""
        # One embedding batch for all the questions and their variants, then one retrieval each.
        asked = [retriever.as_documents_write(q) for q in everyday_questions()]
        queries = [(q, retriever.focus_variants(q)) for q in asked]
        texts = [t for q, variants in queries for t in (q, *(text for _, text in variants))]
        vectors = self.embedder.embed(texts)
        out, at = [], 0
        for question, variants in queries:
            width = 1 + len(variants)
            query = _Query(question, variants, vectors[at : at + width])
            out.append((query, self._retrieve(retriever, query, generation)))
            at += width
        return out

    def _answer(
        self,
        question: str,
        asked: Asked,
        retrieval: Retrieval,
        query_embedding: np.ndarray,
        dosing: DosingDetector,
        conflicts: ConflictMap,
        low_confidence: bool,
        texts: Messages,
        near: Callable[[list[Contradiction], list[Citation]], list[Contradiction]] | None = None,
        asks_agreement: bool = False,
    ) -> Answer:
        """``near``: which of the disagreements touching the answer are about the question, when the claim rules
        cannot read it (a question in another language); by default the rules decide. ``asks_agreement``: the
        question asks whether the sources disagree on its subject (the overview then says when they do not)."""
        top_source = retrieval.passages[0].source_id if retrieval.passages else None
        kind = asked_kind(asked.question)
        asked_terms = question_terms(question)
        selection = select_sentences(
            retrieval.sentences,
            self.settings,
            dosing.is_dosing_guidance,
            keep_source=top_source,
            prefer=answers_difference if asks_difference(asked.question) else None,
            asked_terms=asked_terms,
            subjects=retrieval.subjects,
            holds_asked_kind=None if kind is None else lambda s: holds_kind(kind, (s.text,)),
            names_asked=names(question),
        )
        selection, retrieval = self._with_rows_cut(selection, retrieval, dosing)
        quotes = _quotes(selection, retrieval, dosing, asked_terms) if selection.chosen else []
        if kind is not None and not holds_kind(kind, (c.quote for c in quotes)):
            # "How long ...?" with no length of time quoted (see rag.retrieval.answer_kinds).
            low_confidence = True
        restriction = asked_restriction(asked, retrieval)
        if restriction_unmet(restriction, retrieval, quotes):
            # "Is it OK to vape while pregnant?" with nothing quoted on pregnancy.
            low_confidence = True
        spans = [(c.source_id, c.start, c.end) for c in quotes]
        spans += [(p.source_id, p.start, p.end) for p in retrieval.passages[:3]]
        pairs = self._pairs(conflicts, spans, query_embedding, dosing)
        direct: list[DirectGroup] = []
        if not low_confidence:
            sides = [side for pair in pairs for side in pair.sides]
            per_group = self.settings.direct_quotes_per_group
            direct = direct_groups(asked, retrieval, sides, dosing.is_dosing_guidance, per_group, restriction)
            # The disagreements a direct quote takes part in are about the question too.
            more = [(c.source_id, c.start, c.end) for g in direct for c in g.quotes]
            pairs = _unique(pairs + self._pairs(conflicts, more, query_embedding, dosing))
        found = {p.source_id for p in retrieval.passages} | {s.source_id for s in retrieval.sentences}
        pairs = from_found(pairs, found, self.settings.dispute_unfound_share)
        blocks = merge(
            near(pairs, quotes)
            if near
            else about_question(pairs, asked, quotes, [p.text for p in retrieval.passages[:3]]),
            self.settings.conflicts_per_answer,
            self.settings.dispute_sides_max,
            texts,
        )
        composer = Composer(texts)
        groups = self._compose_quotes(composer, asked, direct, quotes)
        composer.withheld(selection.withheld)
        composer.contradictions(blocks)
        _quotes_note(composer, texts, self.documents_language)
        if not quotes and not direct:
            # Nothing quoted: the overview would count "0 documents" speaking to a question they do speak to.
            head = texts.all_withheld
        elif low_confidence:
            head = texts.low_confidence_head
        else:
            head = overview(composer.citations, groups, blocks, texts, asks_agreement)
        return Answer(
            question=question,
            status="answered",
            text=f"{head}\n{composer.text()}".strip(),
            citations=composer.citations,
            contradictions=blocks,
            withheld=selection.withheld,
            relevance=retrieval.relevance,
            confidence="low" if low_confidence else "high",
            overview=head,
            groups=groups,
            language=texts.language,
        )

    def _compose_quotes(
        self, composer: Composer, asked: Asked, direct: list[DirectGroup], quotes: list[Citation]
    ) -> list[QuoteGroup]:
        """The yes and no groups first (a yes/no question), then the other quotes; or the quotes alone."""
        if not direct:
            composer.quotes(quotes)
            return []
        groups: list[QuoteGroup] = []
        for group in direct:
            label = phrases.group_label(group.says > 0, asked.subject, asked.aux, asked.predicate)
            composer.add(label)
            numbers = [composer.cite(c) for c in group.quotes]
            composer.quotes(group.quotes)  # each under the number just given
            groups.append(QuoteGroup(says="yes" if group.says > 0 else "no", label=label, citations=numbers))
        shown = [c for g in direct for c in g.quotes]
        room = max(1, self.settings.max_citations - len(shown))
        rest = [c for c in quotes if not any(_overlaps(c, s) for s in shown)][:room]
        if rest:
            composer.add(phrases.GROUP_OTHER)
            composer.quotes(rest)
        return groups

    def _ask_in(
        self,
        language: LanguageCode,
        question: str,
        question_text: str,
        history: list[Turn],
        followed: str,
        emergency: bool,
    ) -> Answer:
        """A question in another supported language than English: the same dosing check (its patterns and
        banks read these languages), cross-lingual retrieval and its own gate, the reply's texts in ``language``.
        Follow-ups are read as they are (the English follow-up reader does not know these languages' pronouns),
        but for one that names nothing ("¿Por qué?"): ``followed``, the question it follows (``followed_question``).
        ``emergency``: the question tells of an overdose now."""
        indexer, retriever, dosing, conflicts = self._components()
        texts = messages_for(language)
        # Before the dosing check: its nearest-example reading took "Các tài liệu này nói về gì?" ("tài liệu",
        # documents, is "liều", dose, without its tones) and a Thai question about the documents for requests.
        to_assistant = self._to_the_assistant(question, question_text, language, dosing)
        if to_assistant is not None:
            return to_assistant
        verdict = dosing.assess_request(question_text, history)
        if verdict.is_dosing:
            return self._refused(question, question_text, verdict, history, texts)
        # "¿Por qué?", "Warum?" name nothing: the question before them is what they ask about; alone, nothing.
        if names_nothing(question_text) and not followed:
            return Answer(question=question, status="not_found", text=texts.not_found, language=language)
        # "¿Y la naltrexona?" after "¿La metadona crea adicción?" asks whether naltrexone does.
        switched = switched_subject(question_text, history, retriever.topic_words, language)
        about = f"{followed} {question_text}" if followed else switched or question_text
        generation = indexer.generation()
        retrieval = self._cross().retrieve(about, generation, language)
        gate = self.crosslingual_gate_thresholds(language, generation)
        # An English term no document uses ("¿Cómo se trata la diabetes?") is a subject they do not cover, as a
        # name no document mentions is for an English question.
        if _uncovered(retrieval, gate):
            return Answer(
                question=question,
                status="not_found",
                text=texts.not_found,
                relevance=retrieval.relevance,
                language=language,
            )
        low = retrieval.relevance < gate.low_confidence_below
        if emergency:
            # As for an English question: the gate has read it as asked, the quotes are on the signs and the steps.
            retrieval = self._cross().retrieve(f"{about} {texts.emergency_query}", generation, language)
        retrieval = _fresh(retrieval, asks_for_more(question_text, history))
        # The contradiction map ranks on the English model's scale: the best sentence stands in for the question.
        evidence = max(retrieval.sentences, key=lambda c: c.score).embedding
        # The claim rules read English: a question in another language is read as an open one, and its
        # disagreements are those whose sides match it as well as its best sentence does (or the quotes' theme).
        asked = Asked(question_text, None, "", "", "", frozenset())
        cross = self._cross()
        read = retriever.in_documents_words(about)
        query = cross.query_vector(read)
        ids = [c.sentence_id for c in retrieval.sentences]

        asks = asked_about(read, language, everyday_questions_in(language), cross.word_vectors)

        def near(pairs: list[Contradiction], quotes: list[Citation]) -> list[Contradiction]:
            return near_question(
                pairs,
                quotes,
                lambda texts: cross.closeness(query, texts),
                lambda: max(cross.sentence_closeness(query, ids), default=1.0),
                asks,
            )

        answer = self._answer(question, asked, retrieval, evidence, dosing, conflicts, low, texts, near)
        return with_pages(answer, self._paged)

    def _with_rows_cut(
        self, selection: Selection, retrieval: Retrieval, dosing: DosingDetector
    ) -> tuple[Selection, Retrieval]:
        """``selection`` with withheld table rows quoted up to the cell before their dose (rag.answer.table_rows)
        where they score near the quotes chosen; ``retrieval`` with those rows so cut. A row takes room left, or
        the place of a weaker quote in the lower half, never of the best quotes nor of the top passage's document:
        a row's score is its whole row's, dose included, and ranked with the sentences it pushed out the one that
        answers ("in an emergency, 999" under "all his Concerta tablets at once")."""
        candidates, cut_rows = cells_before_dose(retrieval.sentences, dosing.is_dosing_guidance)
        if not cut_rows:
            return selection, retrieval
        rows = select_sentences(
            [c for c in candidates if c.sentence_id in cut_rows], self.settings, dosing.is_dosing_guidance
        ).chosen
        most = self.settings.max_citations
        if selection.chosen:
            floor = max(c.score for c in selection.chosen) * self.settings.sentence_min_ratio
            rows = [row for row in rows if row.score >= floor]
        top_source = retrieval.passages[0].source_id if retrieval.passages else None
        chosen = list(selection.chosen)
        kept = most - max(1, most // 2)
        for row in rows[: max(1, most // 2)]:
            if len(chosen) < most:
                chosen.append(row)
                continue
            weaker = [
                i
                for i in range(kept, len(chosen))
                if chosen[i].sentence_id not in cut_rows
                and chosen[i].score < row.score
                and chosen[i].source_id != top_source
            ]
            if weaker:
                chosen[min(weaker, key=lambda i: chosen[i].score)] = row
        if chosen == selection.chosen:
            return selection, retrieval
        return selection.model_copy(update={"chosen": chosen}), retrieval.model_copy(
            update={"sentences": candidates}
        )

    def _refused(
        self, question: str, question_text: str, verdict: DosingVerdict, history: list[Turn], texts: Messages
    ) -> Answer:
        """The refusal of a dosing request. What else the question asks on its own ("What is X, and how much should
        I take?") is answered beside it, as it would be asked alone; else the risks of what was asked about."""
        _, retriever, dosing, _ = self._components()
        rest = benign_rest(
            question_text,
            lambda part: dosing.assess_request(part, []).is_dosing,
            language=texts.language,
        )
        answered = self._ask(rest, rest, history, tells_of_emergency(rest)) if rest else None
        if answered is None or answered.status != "answered":
            return with_pages(self._refuse(question, verdict, retriever, dosing, texts), self._paged)
        head = "\n".join([texts.dosing_help, "", texts.rest_head])
        return answered.model_copy(
            update={
                "question": question,
                "status": "refused",
                "text": f"{head}\n{answered.text}",
                "refusal": Refusal(reason="dosing", message=texts.dosing_help),
                # The overview and the yes/no groups are the rest's, in its text; the record's describe the whole.
                "confidence": None,
                "overview": "",
                "groups": [],
                "language": texts.language,
            }
        )

    def _refuse(
        self,
        question: str,
        verdict: DosingVerdict,
        retriever: Retriever,
        dosing: DosingDetector,
        texts: Messages,
    ) -> Answer:
        # The risks of what was asked about (melatonin for a child), not of whatever the corpus warns about most.
        if texts.language != ENGLISH or self._documents_read_across():
            # The documents' words are not the question's: the multilingual model reads the subject, the words
            # rare in the question's language ("metadona"), with the words of risk in that language. With the
            # whole question, "¿Cuánta metadona debo tomar?" over a clinic's pages quoted the risks of naloxone
            # and naltrexone; "methadone" asked in English quotes methadone's.
            generation = self._components()[0].generation()
            named = [
                word
                for word in subject_words(question, texts.language, self.settings.rare_word_zipf)
                if dose_vocabulary(word) is None
            ]
            subject = " ".join(named)
            # The words of risk in the documents' language: the model matches them best there.
            risks = messages_for(self.documents_language).risks_query
            asked = f"{subject}: {risks}" if subject else f"{question} {risks}"
            retrieval = self._cross().retrieve(asked, generation)
            covered = not _uncovered(retrieval, self.crosslingual_gate_thresholds(texts.language, generation))
        else:
            named = [word for word in retriever.topic_words(question) if dose_vocabulary(word) is None]
            topic = " ".join(named)
            risk_query = f"{topic}: {texts.risks_query}" if topic else texts.risks_query
            retrieval = retriever.retrieve(risk_query, self.embedder.embed([risk_query])[0])
            gate = self.gate_thresholds(retrieval.generation)
            covered = self._gate_verdict(retrieval, gate, risk_query) != "not_found"
        # Risks are quoted only where the documents speak of them: a handbook on labelling data asked "How much
        # kratom should I take?" quoted "Don't create questions that elaborate on context" as a risk.
        if not covered:
            retrieval = retrieval.model_copy(update={"sentences": []})
        # Only sentences that speak of a risk: the query leads with what was asked about, so a sentence that
        # merely names it ("X or Y are offered first") scored as high as the warnings.
        documents_words = messages_for(self.documents_language)
        # And only from the documents that name what was asked about, where some do: over three leaflets, "How
        # long should I use nicotine patches?" quoted the naloxone leaflet's "it is safe to give". What it is taken
        # for, or by whom, is no subject ("... for back pain", "for my child"): the documents that name pain need not
        # speak of what is taken.
        purposes = {word.lower() for phrase in _PURPOSE.findall(question) for word in phrase.split()}
        on_subject = retriever.documents_naming(
            [word for word in named if word.lower() not in purposes], retrieval.generation or None
        )
        risky = [
            s
            for s in retrieval.sentences
            if documents_words.speaks_of_risk(s.text) and (not on_subject or s.source_id in on_subject)
        ]
        selection = select_sentences(risky, self.settings, dosing.is_dosing_guidance)
        composer = Composer(texts)
        composer.add(texts.dosing_help)
        if selection.chosen:
            composer.add("")
            composer.add(texts.risks_head)
            composer.quotes(_quotes(selection, retrieval, dosing, question_terms(question)))
            _quotes_note(composer, texts, self.documents_language)
        return Answer(
            question=question,
            status="refused",
            text=composer.text(),
            citations=composer.citations,
            refusal=Refusal(reason="dosing", message=texts.dosing_help),
            withheld=selection.withheld,
            relevance=retrieval.relevance,
            language=texts.language,
        )

    def _pairs(
        self,
        conflicts: ConflictMap,
        spans: list[tuple[str, int, int]],
        query_embedding: np.ndarray,
        dosing: DosingDetector,
    ) -> list[Contradiction]:
        """The map's disagreements touching ``spans``, most relevant first."""
        found = conflicts.touching(spans, query_embedding)
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
                f"{self.settings.max_question_chars:,}. Please ask a shorter question.",
                length=len(question),
                limit=self.settings.max_question_chars,
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

    def _cross(self) -> CrossLingualRetriever:
        retriever = self._components()[1]
        with self._lock:
            if self._crosslingual is None:
                given = self._multilingual
                self._crosslingual = CrossLingualRetriever(
                    self.settings, self.store, retriever, (lambda: given) if given else load_multilingual
                )
            return self._crosslingual

    def _on_change(self, conflicts: ConflictMap) -> Callable[[list[Document], list[str]], None]:
        def update(changed: list[Document], removed: list[str]) -> None:
            report = conflicts.update(changed, removed)
            log.info("contradiction map: %s", report)

        return update

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        return folder_signature(self.settings.corpus_dir, exclude=self.settings.store_dir)

    def _ensure_fresh(self) -> None:
        """Index lazily: on first use, and again when a file in the corpus folder changed."""
        signature = self._signature()
        if signature == self._corpus_signature:
            return
        with self._lock:
            if signature == self._corpus_signature:
                return
            started = time.perf_counter()
            report = self.index()
            log.info("indexed on demand in %.2f s: %s", time.perf_counter() - started, report.summary())
        if self.after_reindex is not None:
            self.after_reindex()


def _fresh(retrieval: Retrieval, shown: str) -> Retrieval:
    """ "Tell me more": the sentences the replies before quoted (``shown``) were read; the others come first."""
    fresh = [c for c in retrieval.sentences if c.text not in shown] if shown else []
    return retrieval.model_copy(update={"sentences": fresh}) if fresh else retrieval


def _uncovered(retrieval: Retrieval, gate: GateThresholds) -> bool:
    """The multilingual gate's not_found: too far from every sentence, or naming what no document names."""
    return (
        retrieval.relevance < gate.not_found_below or not retrieval.sentences or bool(retrieval.unknown_names)
    )
