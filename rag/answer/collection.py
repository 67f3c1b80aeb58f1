"""Questions about the collection itself: "What are these documents about?", "What can I ask you?", "help"; and a
greeting, which a new user types to see what the assistant does.

Retrieval reads such a question as one more topic, finds no sentence like it and answers not_found, although the
documents do answer it: each says what it is about where it opens. So the answer quotes how each document opens,
cited like any quote: its first sentence that states something (not a heading, a question, a pointer to another
page, a line cut off mid-clause or the tail of one an excerpt begins with, nor dosing guidance). Only the question's form is read, never the documents'
subject, so it holds on any collection. English questions only; in other languages retrieval answers as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer import phrases
from rag.answer.compose import Composer
from rag.retrieval.sentence_scores import states_nothing
from rag.text.segment import cut_off, split_sentences
from rag.types import Answer, Citation, Document

# The documents shown at most; a larger collection is counted, and its list is one click away in the UI.
MAX_SHOWN = 10
# An opening shorter than this many words is a label or a byline, not what the document is about.
_MIN_WORDS = 5

_NOUN = r"(?:documents?|docs|files?|articles?|sources?|texts?|papers?|pages?|materials?|collection|corpus|library)"
_THESE = r"(?:the|these|those|your|this|all\s+(?:of\s+)?(?:the|these|your))"
_ABOUT_COLLECTION = re.compile(
    rf"""^\W*(?:
      (?:please\s+)?help(?:\s+me)?
    | (?:hi|hello|hey)(?:\s+there)?|good\s+(?:morning|afternoon|evening)
    | what\s+(?:can|could|should|do)\s+i\s+ask(?:\s+you)?(?:\s+about)?
    | what\s+(?:can|do)\s+you\s+(?:do|answer|cover|know(?:\s+about)?|tell\s+me\s+about|help\s+(?:me\s+)?with)
    | what\s+(?:topics|subjects|questions)\s+(?:can|do)\s+you\s+(?:cover|answer|know\s+about|help\s+with)
      (?:\s+questions\s+about)?
    | what\s+(?:are|is)\s+{_THESE}\s+{_NOUN}(?:\s+all)?\s+about
    | what\s+(?:do|does)\s+{_THESE}\s+{_NOUN}\s+(?:cover|contain|discuss|talk\s+about|say)
    | (?:summari[sz]e|list|show(?:\s+me)?|describe|give\s+(?:me\s+)?an\s+overview\s+of)\s+{_THESE}\s+{_NOUN}
    | which\s+{_NOUN}\s+(?:do\s+you\s+have|are\s+(?:there|available|in\s+{_THESE}\s+{_NOUN}))
    | what(?:'s|’s|\s+is)\s+in\s+{_THESE}\s+{_NOUN}
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)


def asks_about_collection(question: str) -> bool:
    """The question asks what the documents are about or what can be asked, and nothing else."""
    return _ABOUT_COLLECTION.match(question.strip()) is not None


def opening(document: Document, is_withheld: Callable[[str], bool]) -> Citation | None:
    """The document's first sentence that says something (None when none does)."""
    for span in split_sentences(document.text):
        text = document.text[span.start : span.end]
        if span.heading or len(text.split()) < _MIN_WORDS or text[0].islower():
            # A label or a byline; or the tail of a sentence the excerpt began in the middle of.
            continue
        if states_nothing(text) or cut_off(text) or is_withheld(text):
            continue
        return Citation(
            source_id=document.source_id,
            title=document.title,
            quote=text,
            start=span.start,
            end=span.end,
            score=0.0,
        )
    return None


def collection_answer(question: str, documents: list[Document], is_withheld: Callable[[str], bool]) -> Answer:
    """How each document opens, quoted and cited; not_found for an empty collection."""
    openings = [c for c in (opening(d, is_withheld) for d in documents) if c is not None]
    if not openings:
        return Answer(question=question, status="not_found", text=phrases.COLLECTION_EMPTY)
    composer = Composer()
    head = phrases.collection_head(len(documents))
    composer.add(head)
    composer.quotes(openings[:MAX_SHOWN])
    if len(documents) > MAX_SHOWN:
        composer.add(phrases.COLLECTION_MORE.format(n=len(documents) - MAX_SHOWN))
    composer.add("")
    composer.add(phrases.COLLECTION_ASK)
    return Answer(
        question=question,
        status="answered",
        text=composer.text(),
        citations=composer.citations,
        confidence="high",
        overview=head,
    )
