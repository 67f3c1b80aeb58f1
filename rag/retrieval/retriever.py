"""The Retriever: dense (Chroma via llama-index) and lexical (BM25) passages fused by reciprocal rank
(``fusion``), plus the sentences nearest the question; every candidate sentence is scored against the question
(``sentence_scores``) for composition and for the relevance gate. What it returns is in ``records``."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from rag.ingest.chunking import sentence_id
from rag.ingest.embedder import Embedder
from rag.ingest.indexer import Indexer, paired_query, read_all, split_sentence_vector
from rag.ingest.store import PASSAGES, SENTENCES, Store
from rag.retrieval.acronyms import Aliases
from rag.retrieval.bm25 import BM25
from rag.retrieval.cognates import with_cognates
from rag.retrieval.english_terms import unknown_english_terms
from rag.retrieval.exact_search import ExactIndex
from rag.retrieval.faq import said_above
from rag.retrieval.focus_words import evidence_drops, focus_variants, off_evidence_penalty
from rag.retrieval.fusion import fuse, passage_record
from rag.retrieval.look_alike import named_as_subject, names, names_a_look_alike
from rag.retrieval.named_together import named_together
from rag.retrieval.records import CandidateSentence, Retrieval, RetrievedPassage
from rag.retrieval.row_cache import ROW_CACHE_SIZE, RowCache, SentenceRow
from rag.retrieval.sentence_scores import (
    candidate_weights,
    covered_share,
    gate_score,
    idf,
    states_nothing,
    terms_in,
)
from rag.retrieval.subject_pages import asked_subjects, title_names, titled_subjects
from rag.retrieval.transliteration import in_documents_letters
from rag.retrieval.vocabulary import (
    Vocabulary,
    corpus_compounds,
    corpus_spelled,
    support_penalty,
    topic_words,
    unknown_names,
    unsupported_words,
)
from rag.settings import Settings
from rag.text.kinds import marked_names, names_another_kind
from rag.text.segment import is_title_fragment
from rag.text.tokens import tokenize


@dataclass(frozen=True)
class _Handles:
    generation: str
    client: Any
    passages: Any  # llama-index ChromaVectorStore over the passages collection
    sentences: Any  # the sentences collection
    n_passages: int
    n_sentences: int
    rows: RowCache  # per generation: a re-index may rewrite a sentence under the same id


class Retriever:
    """Passages and sentences for a question; collections, BM25 and rows are reused until a re-index."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder, indexer: Indexer) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.indexer = indexer
        # Per generation: BM25, the passage records, the vocabulary and (up to a size) every passage's vector.
        self._lexical: tuple[str, BM25, list[dict[str, Any]], Vocabulary, ExactIndex | None] | None = None
        self._handles: _Handles | None = None
        # Per records: each document's title names, and every name some title holds.
        self._titles: tuple[list[dict[str, Any]], dict[str, frozenset[str]], frozenset[str]] | None = None
        self._marked_titles: tuple[list[dict[str, Any]], dict[str, dict[str, set[str]]]] | None = None
        # Every sentence's id and stored vector for exact search (see ``exact_search``), read at first need,
        # for the handles (index generation and client) they were read through.
        self._sentence_exact: tuple[_Handles, list[str], ExactIndex] | None = None
        self._lock = threading.Lock()

    def focus_variants(self, question: str) -> list[tuple[str, str]]:
        """(word, question without it) for the question's focus words (see rag.retrieval.focus_words), to be embedded in the
        same batch as the question and passed to ``retrieve``."""
        return focus_variants(
            question, self._vocabulary(), self.settings.focus_word_zipf, self.settings.focus_words_max
        )

    def as_documents_write(self, question: str) -> str:
        """``question`` in the documents' words: a slip of typing of one of their words spelled as they spell it,
        a compound they write as one word closed up, and their acronym after each name it spells out (see
        rag.retrieval.acronyms)."""
        vocabulary = self._vocabulary()
        return vocabulary.acronyms.expand(corpus_compounds(corpus_spelled(question, vocabulary), vocabulary))

    def in_documents_words(self, question: str) -> str:
        """``question``, in another language than the documents', with the documents' own word after each of its
        words they write in Latin letters (a Thai loanword, see rag.retrieval.transliteration) or as a cognate
        ("adictivo": "addictive", see rag.retrieval.cognates)."""
        vocabulary = self._vocabulary()
        return with_cognates(in_documents_letters(question, vocabulary), vocabulary.cognates)

    def topic_words(self, question: str) -> list[str]:
        """The words of ``question`` that name what it is about and that the documents use (see rag.retrieval.vocabulary)."""
        return topic_words(question, self._vocabulary(), self.settings.focus_word_zipf)

    def documents_naming(self, words: Sequence[str], generation: str | None = None) -> frozenset[str]:
        """The documents that name the most of ``words``, in any of their forms; none when none does.
        "How many units can I drink a week?" is about the page that names units and drinking, not the hepatitis
        leaflet that asks "Can I drink alcohol during treatment?". ``generation``: the index generation, when the
        caller has just read it (another read is a store round trip)."""
        if not words:
            return frozenset()
        _, bm25, records, vocabulary, _ = self._lexical_state(generation)
        named = Counter(
            source_id
            for word in dict.fromkeys(w.lower() for w in words)
            for source_id in {
                records[row]["source_id"] for form in vocabulary.forms(word) for row in bm25.rows_with([form])
            }
        )
        most = max(named.values(), default=0)
        return frozenset(source_id for source_id, count in named.items() if count == most)

    def unknown_english_terms(self, question: str, language: str) -> list[str]:
        """English words in a question in ``language`` that no document uses (see rag.retrieval.english_terms)."""
        return unknown_english_terms(
            question,
            language,
            self._vocabulary(),
            self.settings.rare_word_zipf_floor,
            self.settings.rare_word_zipf,
            self.settings.focus_word_zipf,
        )

    def _vocabulary(self) -> Vocabulary:
        # The vocabulary as last loaded: reading the index generation again would cost a store round trip per
        # question, and a word list one re-index old only changes which words are tested.
        cached = self._lexical
        return cached[3] if cached is not None else self._lexical_index()[2]

    def retrieve(
        self,
        question: str,
        query_embedding: np.ndarray,
        variant_embeddings: Mapping[str, np.ndarray] | None = None,
        generation: str | None = None,
    ) -> Retrieval:
        """Passages and candidate sentences for ``question``, with the relevance gate's score. Without
        ``variant_embeddings`` (the embeddings of ``focus_variants``) the focus-word check is skipped.
        ``generation``: the index generation, when the caller has just read it."""
        # One generation read per question; collections, counts and BM25 are reused until it changes.
        generation = generation or self.indexer.generation()
        handles = self._open(generation)
        _, bm25, records, vocabulary, exact = self._lexical_state(generation)
        # An acronym beside the name it stands for (see rag.retrieval.acronyms) is one term with it.
        aliases = vocabulary.acronyms.aliases(question)
        lexical = self._bm25(question, bm25, records, aliases)
        dense = self._dense(query_embedding, handles, records, exact)
        passages = fuse((dense, lexical), self.settings.rrf_k, self.settings.fused_top_k)
        subjects = self._subject_documents(question, bm25, records, {p.source_id for p in passages})
        sentences = self._sentences(
            passages, question, query_embedding, bm25, records, handles, aliases, subjects
        )
        unsupported = unsupported_words(question, vocabulary, self.settings.rare_word_zipf)
        best = max(sentences, key=gate_score, default=None)
        drops = (
            evidence_drops(best.embedding, best.window_embedding, query_embedding, variant_embeddings)
            if best is not None and variant_embeddings
            else {}
        )
        evidence = gate_score(best) if best is not None else 0.0
        penalty = support_penalty(
            unsupported,
            self.settings.rare_word_zipf,
            self.settings.unsupported_word_penalty,
            self.settings.rare_word_zipf_floor,
        ) + off_evidence_penalty(drops, self.settings.off_evidence_weight)
        if (
            penalty > 0
            and best is not None
            and self._named_together(question, best.source_id, unsupported, bm25, records)
        ):
            penalty *= self.settings.named_together_penalty_share
        relevance = evidence - penalty
        return Retrieval(
            passages=passages,
            sentences=sentences,
            relevance=relevance,
            evidence=evidence,
            unknown_names=unknown_names(question, vocabulary, self.settings.rare_word_zipf),
            unsupported_words=unsupported,
            focus_drops=drops,
            generation=generation,
            subjects=subjects,
        )

    def _named_together(
        self,
        question: str,
        source_id: str,
        unsupported: list[str],
        bm25: BM25,
        records: list[dict[str, Any]],
    ) -> bool:
        """The best sentence's document names the question's other rare words, as few documents do (see
        rag.retrieval.named_together)."""

        def documents_with(term: str) -> set[str]:
            return {records[row]["source_id"] for row in bm25.rows_with([term])}

        return named_together(
            question,
            source_id,
            unsupported,
            documents_with,
            len({r["source_id"] for r in records}),
            self.settings.rare_word_zipf,
            self.settings.named_together_share,
            self.settings.named_together_needed,
        )

    # --- dense -----------------------------------------------------------------------------------
    def _dense(
        self,
        query_embedding: np.ndarray,
        handles: _Handles,
        records: list[dict[str, Any]],
        exact: ExactIndex | None,
    ) -> list[dict[str, Any]]:
        from llama_index.core.vector_stores.types import VectorStoreQuery

        if handles.n_passages == 0:
            return []
        if exact is not None and len(exact) == len(records):
            top = exact.top(np.asarray(query_embedding, dtype=np.float32), self.settings.dense_top_k)
            return [{**records[row], "dense": similarity} for row, similarity in top]
        query = VectorStoreQuery(
            query_embedding=np.asarray(query_embedding, dtype=np.float32).tolist(),
            similarity_top_k=min(self.settings.dense_top_k, handles.n_passages),
        )
        result = self.store.call(lambda: handles.passages.query(query), "query passages")
        out = []
        for node, similarity in zip(result.nodes or [], result.similarities or [], strict=False):
            record = passage_record(node.node_id, node.get_content(), node.metadata)
            # llama-index reports exp(-distance); Chroma's cosine distance is 1 - cosine.
            record["dense"] = 1.0 + math.log(max(similarity, 1e-12))
            out.append(record)
        return out

    # --- lexical ---------------------------------------------------------------------------------
    def _bm25(
        self,
        question: str,
        bm25: BM25,
        records: list[dict[str, Any]],
        aliases: Aliases | None = None,
    ) -> list[dict[str, Any]]:
        top = bm25.top(question, self.settings.lexical_top_k, aliases)
        best = top[0][1] if top else 1.0
        return [{**records[i], "lexical": score / best} for i, score in top]

    def _open(self, generation: str) -> _Handles:
        """The collections and their sizes, opened once per index generation and client, not per question."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        client = self.store.client()
        with self._lock:
            cached = self._handles
            if cached is None or cached.generation != generation or cached.client is not client:
                passages = self.store.collection(PASSAGES)
                sentences = self.store.collection(SENTENCES)
                cached = self._handles = _Handles(
                    generation=generation,
                    client=client,
                    passages=ChromaVectorStore(chroma_collection=passages),
                    sentences=sentences,
                    n_passages=self.store.call(passages.count, "count passages"),
                    n_sentences=self.store.call(sentences.count, "count sentences"),
                    rows=RowCache(ROW_CACHE_SIZE),
                )
            return cached

    def _lexical_index(self, generation: str | None = None) -> tuple[BM25, list[dict[str, Any]], Vocabulary]:
        _, bm25, records, vocabulary, _ = self._lexical_state(generation)
        return bm25, records, vocabulary

    def _lexical_state(
        self, generation: str | None = None
    ) -> tuple[str, BM25, list[dict[str, Any]], Vocabulary, ExactIndex | None]:
        """BM25, the passage records, the vocabulary and the passages' exact index, once per generation."""
        if generation is None:
            generation = self.indexer.generation()
        with self._lock:
            if self._lexical is None or self._lexical[0] != generation:
                limit = self.settings.exact_search_max_passages
                collection = self.store.collection(PASSAGES)
                exact = 0 < self.store.call(collection.count, "count passages") <= limit
                got = read_all(
                    self.store, PASSAGES, ["documents", "metadatas", *(["embeddings"] if exact else [])]
                )
                records = [
                    passage_record(pid, text or "", meta or {})
                    for pid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
                ]
                texts = [r["text"] for r in records]
                bm25 = BM25(texts, terms=_passage_terms(records))
                index = ExactIndex.of(got["embeddings"]) if exact and got["embeddings"] else None
                self._lexical = (generation, bm25, records, _vocabulary(bm25, texts, records), index)
            return self._lexical

    def _passage_index(self, generation: str) -> ExactIndex | None:
        """Every passage's vector, read with the passages for BM25 (None above the exact-search limit)."""
        return self._lexical_state(generation)[4]

    # --- sentences -------------------------------------------------------------------------------
    def _sentences(
        self,
        passages: list[RetrievedPassage],
        question: str,
        query_embedding: np.ndarray,
        bm25: BM25,
        records: list[dict[str, Any]],
        handles: _Handles,
        aliases: Aliases | None = None,
        subjects: Mapping[str, frozenset[str]] | None = None,
    ) -> list[CandidateSentence]:
        """Sentences of the fused passages plus the sentences nearest the question anywhere in the corpus, but
        those of documents that name none of the ``subjects`` it asks about (see ``_subject_documents``)."""
        wanted = {sentence_id(p.sentence_tag, i) for p in passages for i in range(p.sent_from, p.sent_to)}
        got = self._sentence_rows(wanted, query_embedding, handles)
        terms = {t: idf(bm25, t) for t in set(tokenize(question)) if t not in (aliases or {})}
        marked = marked_names(question)
        other_kind = self._titled_another_kind(marked, bm25, records)
        # Per name the question asks about, the documents that name it (see rag.retrieval.look_alike).
        question_names, asked = self._asked_names(question, bm25, records)
        on_subject = frozenset().union(*subjects.values()) if subjects else None
        about_other: dict[tuple[str, int], bool] = {}  # per passage: about a look-alike of an asked name
        found: list[tuple[dict[str, Any], frozenset[str]]] = []
        for sid, (text, meta, vector, window) in got.items():
            if meta.get("heading") or states_nothing(text) or names_another_kind(marked, text):
                continue
            start, end, source_id = int(meta["start"]), int(meta["end"]), str(meta["source_id"])
            if source_id in other_kind:
                continue
            around = [p for p in passages if p.source_id == source_id and p.start <= start and end <= p.end]
            if around and is_title_fragment(text, _line_before(around[0], start)):
                continue
            if on_subject is not None and source_id not in on_subject:
                continue
            missing = [n for n, docs in asked.items() if source_id not in docs]
            if missing:
                key = (source_id, around[0].start) if around else (sid, -1)
                if key not in about_other:
                    seen = around[0].text if around else text
                    about_other[key] = names_a_look_alike(missing, question_names, seen)
                if about_other[key]:
                    continue
            title = str(
                meta.get("title") or next((p.title for p in passages if p.source_id == source_id), "")
            )
            present = terms_in(text, aliases)
            # Under a question the document asks ("**What happens at the first appointment?**"), a sentence
            # answers it: it holds the question's words too, for ranking and for the gate. A table's row says
            # what its cells are only through the table's first row, and what they are about through the page's
            # title ("Tablet or film | Dissolved under the tongue" in "Buprenorphine treatment").
            header = str(meta.get("table_header", ""))
            asked_above = (said_above(around[0], start) if around else "") or (
                f"{header} {title}" if header else ""
            )
            # An FAQ's answer, anywhere in its section, answers the question over it about the page's subject
            # ("It is spread through blood" under "How is it spread?" on "Hepatitis B"), as its window reads.
            if meta.get("asked"):
                asked_above = f"{asked_above} {meta['asked']} {title}"
            ranked = present | terms_in(asked_above, aliases) if asked_above else present
            found.append(
                (
                    {
                        "sentence_id": sid,
                        "source_id": source_id,
                        # Stores written before sentences carried titles: any passage of the same document has it.
                        "title": title,
                        "start": start,
                        "end": end,
                        "text": text,
                        # Read alone or with its neighbours, whichever matches better: a short sentence that says
                        # "it" is found through its window, a precise one through itself.
                        "similarity": max(float(vector @ query_embedding), float(window @ query_embedding)),
                        "lexical": covered_share(terms, ranked),
                        "context": max((self._context(p) for p in around), default=0.0),
                        "passage_rank": min((p.rank for p in around), default=len(passages)),
                        "embedding": vector,
                        "window_embedding": window,
                    },
                    ranked,
                )
            )
        # The gate reads how much of the question a sentence covers by the corpus's weights (``lexical``); the
        # ranking also by the candidates' own, which tell the sentences on the question's subject apart.
        among = candidate_weights(list(terms), [held for _, held in found])
        share = self.settings.candidate_weight_share
        return [
            CandidateSentence(
                **fields,
                score=fields["similarity"]
                + self.settings.lexical_weight
                * ((1 - share) * fields["lexical"] + share * covered_share(among, held))
                + fields["context"],
            )
            for fields, held in found
        ]

    def subject_documents(
        self, question: str, retrieved: set[str], generation: str | None = None
    ) -> dict[str, frozenset[str]]:
        """Per subject ``question`` asks about, named by titles, the documents that name it, when a page so
        titled is among the ``retrieved`` documents (see rag.retrieval.subject_pages)."""
        bm25, records, _ = self._lexical_index(generation)
        return self._subject_documents(question, bm25, records, retrieved)

    def about_something_else(
        self, question: str, subjects: Mapping[str, frozenset[str]], generation: str | None = None
    ) -> Callable[[str, str], bool]:
        """Whether a passage, given its document's source id and its text, is about something else than
        ``question`` asks: a look-alike of a name it asks about, in a document that never names that one
        (rag.retrieval.look_alike), in a document that names none of its ``subjects`` (``subject_documents``,
        rag.retrieval.subject_pages), or in one titled by another kind of a name it asks about
        (``_titled_another_kind``). The cross-lingual retriever reads its candidates through it too."""
        bm25, records, _ = self._lexical_index(generation)
        question_names, asked = self._asked_names(question, bm25, records)
        on_subject = frozenset().union(*subjects.values()) if subjects else None
        other_kind = self._titled_another_kind(marked_names(question), bm25, records)

        def about_other(source_id: str, text: str) -> bool:
            if source_id in other_kind or (on_subject is not None and source_id not in on_subject):
                return True
            missing = [n for n, docs in asked.items() if source_id not in docs]
            return bool(missing) and names_a_look_alike(missing, question_names, text)

        return about_other

    @classmethod
    def _asked_names(
        cls, question: str, bm25: BM25, records: list[dict[str, Any]]
    ) -> tuple[frozenset[str], dict[str, set[str]]]:
        """The names of ``question``, and for each one a document is about, the documents that name it."""
        question_names = names(question)
        naming = {n: cls._documents_naming(n, bm25, records) for n in question_names}
        return question_names, {n: docs for n, docs in naming.items() if docs}

    def _subject_documents(
        self, question: str, bm25: BM25, records: list[dict[str, Any]], retrieved: set[str]
    ) -> dict[str, frozenset[str]]:
        """Per subject ``question`` asks about, when titles name them and a page so titled is among the
        ``retrieved`` documents (see rag.retrieval.subject_pages), the documents that name it; none otherwise,
        and every document may answer."""
        vocabulary = self._vocabulary()
        titles, held = self._title_names(records)
        titled = titled_subjects(asked_subjects(question, held), titles, vocabulary.forms)
        if not titled or any(pages.isdisjoint(retrieved) for pages in titled.values()):
            return {}
        return {
            name: frozenset(
                records[row]["source_id"] for form in vocabulary.forms(name) for row in bm25.rows_with([form])
            )
            for name in sorted(titled)
        }

    def _title_names(self, records: list[dict[str, Any]]) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
        """Each document's title names, and every name some title holds (read once per index state)."""
        cached = self._titles
        if cached is not None and cached[0] is records:
            return cached[1], cached[2]
        found = title_names((r["source_id"], r["title"]) for r in records)
        held = frozenset().union(*found.values())
        self._titles = (records, found, held)
        return found, held

    @staticmethod
    def _documents_naming(name: str, bm25: BM25, records: list[dict[str, Any]]) -> set[str]:
        """The documents that name ``name``, when one of them is about it (``named_as_subject``)."""
        rows = bm25.rows_with(tokenize(name))
        if not named_as_subject(name, (records[row]["text"] for row in rows)):
            return set()
        return {records[row]["source_id"] for row in rows}

    def _titled_another_kind(
        self, marked: dict[str, set[str]], bm25: BM25, records: list[dict[str, Any]]
    ) -> set[str]:
        """The documents titled by another kind of a name the question marks (``marked_names``) that never name
        the kind asked: an FAQ titled "Hepatitis B" says "it" for its subject, so its answers name no kind, and
        "Is there a vaccine for hepatitis C?" was answered with its vaccine."""
        titled = self._title_marks(records) if marked else {}
        found: set[str] = set()
        for head, marks in marked.items():
            others = {
                source_id for source_id, said in titled.items() if head in said and not said[head] & marks
            }
            if not others:
                continue
            naming = {
                records[row]["source_id"]
                for row in bm25.rows_with(tokenize(head))
                if marked_names(records[row]["text"]).get(head, set()) & marks
            }
            found |= others - naming
        return found

    def _title_marks(self, records: list[dict[str, Any]]) -> dict[str, dict[str, set[str]]]:
        """The marked names (``marked_names``) of each document whose title has any (read once per index state):
        most titles have none, and a question then reads no passage for them."""
        cached = self._marked_titles
        if cached is not None and cached[0] is records:
            return cached[1]
        titles = {r["source_id"]: r["title"] for r in records}
        found = {source_id: marks for source_id, title in titles.items() if (marks := marked_names(title))}
        self._marked_titles = (records, found)
        return found

    def _context(self, passage: RetrievedPassage) -> float:
        return self.settings.context_dense_weight * passage.dense + self.settings.context_lexical_weight * (
            passage.lexical
        )

    def _sentence_rows(
        self, ids: set[str], query_embedding: np.ndarray, handles: _Handles
    ) -> dict[str, SentenceRow]:
        """The sentences ``ids`` plus the ``sentence_top_k`` nearest the question, read through the cache."""
        collection = handles.sentences
        wanted = set(ids)
        exact = self._sentence_index(handles)
        if exact is not None:
            sentence_ids, index = exact
            query = paired_query(np.asarray(query_embedding, dtype=np.float32))
            wanted.update(sentence_ids[row] for row, _ in index.top(query, self.settings.sentence_top_k))
        elif handles.n_sentences:
            near = self.store.call(
                lambda: collection.query(
                    query_embeddings=[paired_query(np.asarray(query_embedding, dtype=np.float32)).tolist()],
                    n_results=min(self.settings.sentence_top_k, handles.n_sentences),
                    include=[],
                ),
                "query sentences",
            )
            wanted.update(near["ids"][0])
        return self._read_rows(wanted, handles)

    def _sentence_index(self, handles: _Handles) -> tuple[list[str], ExactIndex] | None:
        """Every stored sentence vector, read once per generation, when there are few enough to hold."""
        if not 0 < handles.n_sentences <= self.settings.exact_search_max_sentences:
            return None
        with self._lock:
            if self._sentence_exact is None or self._sentence_exact[0] is not handles:
                got = read_all(self.store, SENTENCES, ["embeddings"])
                self._sentence_exact = (handles, list(got["ids"]), ExactIndex.of(got["embeddings"]))
            return self._sentence_exact[1], self._sentence_exact[2]

    def sentence_rows(self, ids: set[str], generation: str) -> dict[str, SentenceRow]:
        """The stored sentences ``ids`` (text, metadata, own and window vectors), read through the cache."""
        return self._read_rows(ids, self._open(generation))

    def passage_records(self, generation: str) -> list[dict[str, Any]]:
        """Every stored passage as a plain record (see ``fusion.passage_record``), as BM25 reads them."""
        return self._lexical_index(generation)[1]

    def _read_rows(self, wanted: set[str], handles: _Handles) -> dict[str, SentenceRow]:
        collection = handles.sentences
        rows = handles.rows.get(wanted)
        missing = sorted(wanted - rows.keys())
        if missing:
            got = self.store.call(
                lambda: collection.get(ids=missing, include=["documents", "metadatas", "embeddings"]),
                "read sentences",
            )
            fresh = {
                sid: (text or "", meta or {}, *split_sentence_vector(np.asarray(emb, dtype=np.float32)))
                for sid, text, meta, emb in zip(
                    got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
                )
            }
            handles.rows.put(fresh)
            rows.update(fresh)
        return rows


def _line_before(passage: RetrievedPassage, start: int) -> str:
    """The text of its line before offset ``start``, as far as ``passage`` (which holds ``start``) shows it."""
    return passage.text[: start - passage.start].rsplit("\n", 1)[-1]


# A title is a few words; a manifest may give any string, and every passage of its document carries these words.
_TITLE_WORDS_READ = 32


def _passage_terms(records: list[dict[str, Any]]) -> list[list[str]]:
    """Each passage's terms for BM25: its text's, and the words of its document's title that the document's
    text never uses. A page is often titled by its subject and never names it again ("Acromegaly" over "No
    single treatment is effective ..."): those words find its passages too. Title words the text uses already
    find it; counting them again would favour one document's passages for every question sharing a word with
    its title."""
    terms = [tokenize(r["text"]) for r in records]
    told: dict[str, set[str]] = {}
    for r, own in zip(records, terms, strict=True):
        told.setdefault(r["source_id"], set()).update(own)
    untold: dict[str, list[str]] = {}
    for r in records:
        if r["source_id"] not in untold:
            words = tokenize(r["title"])[:_TITLE_WORDS_READ]
            untold[r["source_id"]] = [t for t in dict.fromkeys(words) if t not in told[r["source_id"]]]
    read = [own + untold[r["source_id"]] for r, own in zip(records, terms, strict=True)]
    return [held + _asked_terms(r, held) for r, held in zip(records, read, strict=True)]


def _asked_terms(record: dict[str, Any], own: list[str]) -> list[str]:
    """An FAQ section's words it does not say: its question's (when the passage does not open with it) and its
    page's title's. "It is spread through blood" under "How is it spread?" on "Hepatitis B" answers how
    hepatitis B spreads, though the page may name it only in its title."""
    if not record.get("asked"):
        return []
    said = set(own)
    words = tokenize(f"{record['asked']} {record['title']}")
    return [t for t in dict.fromkeys(words) if t not in said]


def _vocabulary(bm25: BM25, texts: list[str], records: list[dict[str, Any]]) -> Vocabulary:
    """The corpus's words for the gate's word rules: its passages' and, through BM25, its titles' (see
    ``_passage_terms``); the titles are read for acronyms too."""
    titles = list(dict.fromkeys(r["title"] for r in records if r["title"]))
    return Vocabulary(bm25.vocabulary, [*texts, *titles], partial(_holding, bm25, len(texts), len(titles)))


def _holding(bm25: BM25, passages: int, titles: int, terms: Sequence[str]) -> list[int]:
    """The passages whose BM25 terms include every one of ``terms`` (their column lookup), and every title (the
    texts after the passages, which BM25 holds only as words their text lacks)."""
    rows = bm25.rows_with(terms)
    return [*rows, *range(passages, passages + titles)]
