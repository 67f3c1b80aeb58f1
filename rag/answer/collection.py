"""Questions about the collection itself: "What are these documents about?", "What can I ask you?", "help"; a
greeting, which a new user types to see what the assistant does; and a thank-you, which gets a short reply.

Retrieval reads such a question as one more topic, finds no sentence like it and answers not_found, although the
documents do answer it: each says what it is about where it opens. So the answer quotes how each document opens,
cited like any quote: its first sentence that states something (not a heading, a question, a pointer to another
page, a line cut off mid-clause or the tail of one an excerpt begins with, nor dosing guidance). Only the
question's form is read, never the documents' subject, so it holds on any collection; the patterns for each
language the assistant reads are data (data/collection_questions.yaml).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, Field

from rag.answer.compose import Composer
from rag.answer.disputes import dispute_head, merge
from rag.answer.messages import Messages
from rag.retrieval.sentence_scores import states_nothing
from rag.safety.dosing.detector import fold
from rag.text.segment import cut_off, label_length, split_sentences
from rag.types import Answer, Citation, Contradiction, Document

# The documents shown at most; a larger collection is counted, and its list is one click away in the UI.
MAX_SHOWN = 10
# An opening shorter than this many words is a label or a byline, not what the document is about.
_MIN_WORDS = 5


class CollectionQuestions(BaseModel):
    """One language's questions about the collection (data/collection_questions.yaml)."""

    NOUN: str = Field(description="The language's words for the documents.")
    THESE: str = Field(description="Its words for 'these', 'the', 'your'.")
    GREETING: str = Field(description="A greeting ('hello'), which may open any of the patterns.")
    patterns: list[str] = Field(min_length=1)
    thanks: list[str] = Field(min_length=1, description="A thank-you and nothing else.")
    disputes: list[str] = Field(min_length=1, description="Where the documents disagree, and nothing else.")


@cache
def _questions() -> dict[str, CollectionQuestions]:
    raw = resources.files("rag.answer").joinpath("data/collection_questions.yaml").read_text(encoding="utf-8")
    return {
        language: CollectionQuestions.model_validate(entry) for language, entry in yaml.safe_load(raw).items()
    }


def _whole(patterns: list[str], questions: CollectionQuestions) -> re.Pattern[str]:
    words = {"{NOUN}": questions.NOUN, "{THESE}": questions.THESE, "{GREETING}": questions.GREETING}

    def expand(pattern: str) -> str:
        for key, value in words.items():
            pattern = pattern.replace(key, value)
        return pattern

    alternatives = "|".join(f"(?:{expand(p)})" for p in patterns)
    # "Hello, can you help me?", "Hi! What do these documents cover?": a greeting before the question.
    # Thai writes no space between them ("สวัสดีครับช่วยได้ไหม").
    greeting = rf"(?:(?:{questions.GREETING})(?:\W+|(?<=[\u0e00-\u0e7f])))?"
    return re.compile(rf"^\W*{greeting}(?:{alternatives})\W*$", re.IGNORECASE)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {language: _whole(q.patterns, q) for language, q in _questions().items()}


@cache
def _thanks() -> dict[str, re.Pattern[str]]:
    return {language: _whole(q.thanks, q) for language, q in _questions().items()}


@cache
def _disputes() -> dict[str, re.Pattern[str]]:
    return {language: _whole(q.disputes, q) for language, q in _questions().items()}


def disputes_language(question: str, read_as: str = "en") -> str | None:
    """The language of ``question`` when it asks where the documents disagree ("Where do the sources
    disagree?", "¿Hay contradicciones entre los documentos?"); None otherwise."""
    return _first_language(_disputes(), question, read_as)


def thanks_language(question: str, read_as: str = "en") -> str | None:
    """The language of ``question`` when it only thanks the assistant ("Thanks!", "Merci beaucoup"): the one it
    was read in first, then any other; None otherwise. Searching the documents for it would only say they do
    not cover it."""
    return _first_language(_thanks(), question, read_as)


def _first_language(patterns: dict[str, re.Pattern[str]], question: str, read_as: str) -> str | None:
    """The first language, ``read_as`` before the others, whose pattern matches the folded question."""
    folded = fold(question.strip())
    languages = [read_as, *(code for code in patterns if code != read_as)]
    return next((code for code in languages if code in patterns and patterns[code].match(folded)), None)


def thanks_answer(question: str, texts: Messages) -> Answer:
    """A short reply to a thank-you: nothing is quoted, and the documents were not searched (not_found)."""
    return Answer(question=question, status="not_found", text=texts.thanks, language=texts.language)


def asks_about_collection(question: str, language: str = "en") -> bool:
    """The question asks what the documents are about or what can be asked, or only greets, and nothing else."""
    pattern = _patterns().get(language)
    return pattern is not None and pattern.match(fold(question.strip())) is not None


def collection_language(question: str, read_as: str = "en") -> str | None:
    """The language in which ``question`` asks about the collection: the one it was read in first, then any
    other (a greeting of one word, "Hola", reads as English); None when it asks about something else. Every
    question passes here, so it is folded once for all the languages."""
    return _first_language(_patterns(), question, read_as)


def opening(document: Document, is_withheld: Callable[[str], bool]) -> Citation | None:
    """The document's first sentence that says something (None when none does)."""
    for span in split_sentences(document.text):
        text = document.text[span.start : span.end]
        if span.heading or len(text.split()) < _MIN_WORDS or text[0].islower():
            # A label or a byline; or the tail of a sentence the excerpt began in the middle of.
            continue
        if states_nothing(text) or cut_off(text) or is_withheld(text):
            continue
        labels = label_length(text)
        return Citation(
            source_id=document.source_id,
            title=document.title,
            quote=text[labels:],
            start=span.start + labels,
            end=span.end,
            score=0.0,
        )
    return None


def collection_answer(
    question: str,
    documents: list[Document],
    is_withheld: Callable[[str], bool],
    texts: Messages,
) -> Answer:
    """How each document opens, quoted and cited, in the reply language of ``texts``; not_found for an empty
    collection."""
    openings = [c for c in (opening(d, is_withheld) for d in documents) if c is not None]
    if not openings:
        return Answer(
            question=question, status="not_found", text=texts.collection_empty, language=texts.language
        )
    composer = Composer(texts)
    n = len(documents)
    head = texts.collection_head_one if n == 1 else texts.collection_head_many.format(n=n)
    composer.add(head)
    composer.quotes(openings[:MAX_SHOWN])
    if n > MAX_SHOWN:
        composer.add(texts.collection_more.format(n=n - MAX_SHOWN))
    composer.add("")
    composer.add(texts.collection_ask)
    return Answer(
        question=question,
        status="answered",
        text=composer.text(),
        citations=composer.citations,
        confidence="high",
        overview=head,
        language=texts.language,
    )


def disputes_answer(
    question: str,
    pairs: list[Contradiction],
    is_withheld: Callable[[str], bool],
    texts: Messages,
    max_sides: int,
) -> Answer:
    """Where the documents disagree: the contradiction map's disputes between two documents, those with the most
    pairs first, at most ``MAX_SHOWN`` of them, each pointed to with its sides' numbers and set out apart as in
    any answer. A document that says both in different places is left out here (it mostly speaks of two cases:
    "cells that can sickle" and "cells that do not sickle"; an answer about that subject still shows it), and so
    is a pair with a side that gives dosing guidance, as any such quote is."""
    shown = [
        p
        for p in pairs
        if len({side.source_id for side in p.sides}) > 1
        and not any(is_withheld(side.quote) for side in p.sides)
    ]
    if not shown:
        return Answer(question=question, status="answered", text=texts.disputes_none, language=texts.language)
    # A dispute many pairs take part in is one the documents keep coming back to: it leads.
    weight = Counter(dispute_head(pair.topic) for pair in shown)
    ranked = sorted(shown, key=lambda p: -weight[dispute_head(p.topic)])
    every = merge(ranked, len(ranked), max_sides, texts)
    blocks = every[:MAX_SHOWN]
    head = texts.disputes_head_one if len(blocks) == 1 else texts.disputes_head_many.format(n=len(blocks))
    composer = Composer(texts)
    composer.add(head)
    composer.contradictions(blocks)
    if len(every) > MAX_SHOWN:
        composer.add(texts.disputes_more.format(n=len(every) - MAX_SHOWN))
    return Answer(
        question=question,
        status="answered",
        text=composer.text(),
        citations=composer.citations,
        contradictions=blocks,
        confidence="high",
        overview=head,
        language=texts.language,
    )
