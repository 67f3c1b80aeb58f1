"""Extractive composition: choose the sentences that answer, quote them verbatim and number them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from functools import lru_cache, partial

import numpy as np
from pydantic import BaseModel

from rag.answer import phrases
from rag.answer.messages import Messages, messages_for
from rag.answer.topic_labels import label_in
from rag.retrieval.look_alike import names
from rag.retrieval.records import CandidateSentence
from rag.settings import Settings
from rag.text.segment import cut_off
from rag.text.tokens import act_of, term_set
from rag.types import Citation, Contradiction

_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")


def on_one_line(quote: str) -> str:
    """A quote as the reply writes it, on its one line: its line breaks read as spaces."""
    return _LINE_BREAK.sub(" ", quote)


class Selection(BaseModel):
    chosen: list[CandidateSentence]
    withheld: int


def select_sentences(
    candidates: list[CandidateSentence],
    settings: Settings,
    is_withheld: Callable[[str], bool],
    keep_source: str | None = None,
    prefer: Callable[[CandidateSentence], bool] | None = None,
    asked_terms: frozenset[str] = frozenset(),
    subjects: Mapping[str, frozenset[str]] | None = None,
    holds_asked_kind: Callable[[CandidateSentence], bool] | None = None,
    names_asked: frozenset[str] = frozenset(),
) -> Selection:
    """Best-scoring sentences first; a sentence must score near the best one, add something new, and not give
    dosing guidance. Repeats (the same claim in other words) and one source crowding out the rest are skipped.
    ``keep_source`` (the document that passage retrieval ranked first) is always quoted, by its best sentence,
    unless all its candidate sentences are withheld: sentence scores alone can miss the document whose passage
    matches the question best as a whole. The floor is relative to the best sentence that is not withheld.
    Sentences that ``prefer`` picks (those drawing a contrast, for a question asking how things differ) come
    first when they score above the floor, at most half the quotes. A sentence cut off mid-clause is never
    quoted; it still counted as evidence for the gate, which reads how close the documents come. Each of the
    ``subjects`` the question asks about (per subject, the documents that name it) is quoted where a document
    on it has a sentence near enough: "What are the side effects of methadone and naltrexone?" was answered from
    the naltrexone page alone. When the question asks for a length of time, a count or a frequency and no quote
    names one, the best sentence near enough that does (``holds_asked_kind``) is quoted too: "How long does
    withdrawal last?" was answered with what withdrawal is, above "Most symptoms peak within three days". When
    every sentence naming what the question asks about (``names_asked``) gives dosing guidance, a sentence naming
    something else is not quoted in their place (``_named_only_where_withheld``)."""
    quotable = [c for c in candidates if not cut_off(c.text)]
    ranked = sorted(quotable, key=lambda s: (-s.score, s.passage_rank, s.start))
    if not ranked:
        return Selection(chosen=[], withheld=0)
    # The floor is set by the best sentence that can be quoted: a withheld one (a dose in the sentence that best
    # matches the question) must not also silence the document's other sentences about it.
    best = next((s for s in ranked if not is_withheld(s.text)), ranked[0])
    floor = best.score * settings.sentence_min_ratio
    if prefer is not None:
        ranked = _preferred_first(ranked, prefer, floor, max(1, settings.max_citations // 2))
    chosen: list[CandidateSentence] = []
    per_source: dict[str, int] = {}
    withheld = 0
    # Bracketed names are read only when the rule would fire: they can only stop it (one more quotable sentence
    # naming the medicine), and reading them for every question is work on every answer.
    if _named_only_where_withheld(ranked, names_asked, is_withheld):
        names_asked = names_asked | _aliases(ranked, names_asked)
        if _named_only_where_withheld(ranked, names_asked, is_withheld):
            ranked = [s for s in ranked if not _names_another(s.text, names_asked)]
    seen_spans: set[tuple[str, int, int]] = set()
    for sentence in ranked:
        if sentence.score < floor or len(chosen) >= settings.max_citations:
            break
        span = (sentence.source_id, sentence.start, sentence.end)
        if span in seen_spans:
            continue
        seen_spans.add(span)
        if is_withheld(sentence.text):
            withheld += 1
            continue
        if per_source.get(sentence.source_id, 0) >= settings.max_quotes_per_source:
            continue
        if _repeats(sentence, chosen, settings.redundancy_threshold):
            continue
        chosen.append(sentence)
        per_source[sentence.source_id] = per_source.get(sentence.source_id, 0) + 1
    if keep_source is not None and chosen and keep_source not in per_source:
        kept = next(
            (s for s in ranked if s.source_id == keep_source and not is_withheld(s.text)),
            None,
        )
        if kept is not None:
            chosen = [*chosen[: settings.max_citations - 1], kept]
    for documents in (subjects or {}).values():
        if chosen and not documents & {c.source_id for c in chosen}:
            chosen = _with_one_more(
                chosen, ranked, partial(_from, documents), is_withheld, best.score, settings
            )
    if holds_asked_kind is not None and chosen and not any(holds_asked_kind(c) for c in chosen):
        chosen = _with_one_more(chosen, ranked, holds_asked_kind, is_withheld, best.score, settings)
    if asked_terms and chosen and settings.quote_asked_terms:
        chosen = _with_asked_terms(chosen, ranked, asked_terms, is_withheld, best.score, settings)
    return Selection(chosen=chosen, withheld=withheld)


def _named_only_where_withheld(
    ranked: list[CandidateSentence], names_asked: frozenset[str], is_withheld: Callable[[str], bool]
) -> bool:
    """Whether the candidates name what the question asks about (rare names, rag.retrieval.look_alike) only in
    sentences that give dosing guidance. "Does nalmefene work?" found its one sentence, "A later trial of nalmefene
    20 mg or 40 mg found no significant difference from placebo", withheld, and quoted in its place the sentence
    after it, "Naltrexone does not reduce gambling ...": about another medicine, it answered nothing asked."""
    if not names_asked:
        return False
    asked = _terms(names_asked)
    # Named in any form, rare or not: "prostate" names what "prostates" asks about.
    naming = [s for s in ranked if term_set(s.text) & asked]
    return bool(naming) and all(is_withheld(s.text) for s in naming)


# A name (of up to three words) with others in brackets after it: "Methylphenidate (Ritalin, Medikinet)",
# "Methylphenidate XL (Concerta XL)", "Ritalin (methylphenidate)".
_BRACKETED = re.compile(r"((?:[^\W\d_][\w-]*\s+){0,2}[^\W\d_][\w-]*)\s*\(([^()]{1,80})\)")


def _aliases(ranked: list[CandidateSentence], names_asked: frozenset[str]) -> frozenset[str]:
    """Names the candidates give in brackets beside one the question asks about: a brand and its medicine name
    one thing ("Can I snort Ritalin?" asks about the methylphenidate that "Methylphenidate (Ritalin, ...)" names,
    in a row of doses that is withheld)."""
    if not names_asked:
        return frozenset()
    asked = _terms(names_asked)
    found: set[str] = set()
    for sentence in ranked:
        for match in _BRACKETED.finditer(sentence.text):
            together = names(match.group(1)) | names(match.group(2))
            if _terms(together) & asked:
                found |= together
    return frozenset(found)


def _names_another(text: str, names_asked: frozenset[str]) -> bool:
    """Whether ``text`` names something by a rare name, and none the question asks about, in any form ("prostate"
    for "prostates")."""
    named = _terms(names(text))
    return bool(named) and not named & _terms(names_asked)


def _terms(words: frozenset[str]) -> frozenset[str]:
    """``words`` as the terms ``term_set`` reads a sentence into (folded, stemmed)."""
    return term_set(" ".join(sorted(words)))


def _with_asked_terms(
    chosen: list[CandidateSentence],
    ranked: list[CandidateSentence],
    asked_terms: frozenset[str],
    is_withheld: Callable[[str], bool],
    best: float,
    settings: Settings,
) -> list[CandidateSentence]:
    """The quotes, with one more from a quoted document when none of them uses a word the question asks with
    and a sentence there does ("How is botulism treated?": "Treatment may include antitoxins ...", a sentence
    that does not repeat the disease's name, under three that name nothing but the disease)."""
    missing = asked_terms - frozenset().union(*(_tokens(c.text) for c in chosen))
    if not missing:
        return chosen
    sources = {c.source_id for c in chosen}
    ids = {c.sentence_id for c in chosen}
    return _with_one_more(
        chosen,
        ranked,
        lambda s: s.source_id in sources and s.sentence_id not in ids and bool(_tokens(s.text) & missing),
        is_withheld,
        best,
        settings,
    )


def _from(documents: frozenset[str], sentence: CandidateSentence) -> bool:
    return sentence.source_id in documents


def _with_one_more(
    chosen: list[CandidateSentence],
    ranked: list[CandidateSentence],
    wanted: Callable[[CandidateSentence], bool],
    is_withheld: Callable[[str], bool],
    best: float,
    settings: Settings,
) -> list[CandidateSentence]:
    """The quotes, with the best ``wanted`` sentence that scores near enough to the best one, gives no dosing
    guidance and says something new, if there is one."""
    extra = next(
        (
            s
            for s in ranked
            if wanted(s)
            and s.score >= best * settings.asked_term_min_ratio
            and not is_withheld(s.text)
            and not _repeats(s, chosen, settings.redundancy_threshold)
        ),
        None,
    )
    return chosen if extra is None else _added(chosen, extra, settings.max_citations)


def _added(chosen: list[CandidateSentence], extra: CandidateSentence, most: int) -> list[CandidateSentence]:
    if len(chosen) < most:
        return [*chosen, extra]
    counts = Counter(c.source_id for c in chosen)
    # The last quote of a document quoted more than once makes way: no document drops out of the answer.
    for i in range(len(chosen) - 1, 0, -1):
        if counts[chosen[i].source_id] > 1:
            return [*chosen[:i], *chosen[i + 1 :], extra]
    return chosen


def question_terms(question: str) -> frozenset[str]:
    """The terms a question asks with, as ``select_sentences`` matches them against quotes."""
    return _tokens(question)


def _tokens(text: str) -> frozenset[str]:
    return frozenset(act_of(t) for t in term_set(text))


def _preferred_first(
    ranked: list[CandidateSentence], prefer: Callable[[CandidateSentence], bool], floor: float, most: int
) -> list[CandidateSentence]:
    picked = [s for s in ranked if s.score >= floor and prefer(s)][:most]
    # By id: comparing records field by field would reach their numpy vectors.
    ids = {s.sentence_id for s in picked}
    return picked + [s for s in ranked if s.sentence_id not in ids]


def _repeats(sentence: CandidateSentence, chosen: list[CandidateSentence], threshold: float) -> bool:
    """Near the meaning of a chosen quote, or word for word inside one (or holding one): documents that copy each
    other repeat a sentence, alone in one and run into a list in the other, where the vectors differ."""
    words = _words(sentence.text)
    if any(words in other or other in words for other in (_words(c.text) for c in chosen)):
        return True
    if sentence.embedding is None:
        return False
    return any(
        c.embedding is not None and float(np.dot(c.embedding, sentence.embedding)) >= threshold
        for c in chosen
    )


@lru_cache(maxsize=65_536)
def _words(text: str) -> str:
    # The same candidate sentences come back question after question.
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


class Composer:
    """Builds answer.text and the citation list in the same order, so marker [n] is citations[n-1]."""

    def __init__(self, messages: Messages | None = None) -> None:
        self.citations: list[Citation] = []
        self.lines: list[str] = []
        self.messages = messages or messages_for("en")  # the fixed texts, in the asker's language

    def cite(self, citation: Citation) -> int:
        # A contradiction side is often a sentence already quoted, alone or joined with its neighbour: it takes
        # that quote's number instead of being listed twice.
        for i, known in enumerate(self.citations):
            if known.covers(citation):
                return i + 1
        self.citations.append(citation)
        return len(self.citations)

    def quote_line(self, citation: Citation) -> str:
        # A sentence of a hard-wrapped paragraph keeps its line breaks (the quote is the text at its offsets);
        # on the reply's one line per quote they read as spaces, or the list item broke apart in the chat.
        return f"- “{on_one_line(citation.quote)}” [{self.cite(citation)}] ({citation.title})"

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def quotes(self, citations: list[Citation]) -> None:
        for citation in citations:
            self.add(self.quote_line(citation))

    def contradictions(self, contradictions: list[Contradiction]) -> None:
        """One short pointer per disagreement: its topic and its sides' numbers. The sides themselves are set
        out apart (the evidence panel, the CLI's own section), so the reply never repeats them."""
        if contradictions:
            self.add("")
        for c in contradictions:
            numbers = sorted({self.cite(side) for side in c.sides})
            markers = phrases.POINTER_JOIN.join(f"[{n}]" for n in numbers)
            topic = label_in(self.messages.language, c.topic)
            self.add(self.messages.disagree.format(topic=topic, markers=markers))

    def withheld(self, count: int) -> None:
        if count:
            self.add("")
            self.add(self.messages.withheld(count))

    def text(self) -> str:
        return "\n".join(self.lines).strip()
