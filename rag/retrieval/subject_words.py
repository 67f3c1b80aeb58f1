"""What a question in any language is about: its words that are rare in that language.

A dosing refusal quotes what the documents say about the risks of what was asked about. For an English question
the subject is read from the words the documents use (``rag.retrieval.vocabulary.topic_words``); a question in
another language names its subject in its own words ("metadona", "Methadon"), which no English document uses, so
the subject is read from the question alone: its words rarer than a line on wordfreq's Zipf scale in the
question's language. A language without a word list (Thai) keeps only the Latin-script words it borrowed, names
the documents may write too ("kratom").
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import available_languages, zipf_frequency

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_MIN_LETTERS = 4


def subject_words(question: str, language: str, ceiling: float) -> list[str]:
    """Words of ``question`` (in ``language``) of at least four letters and rarer than ``ceiling`` (Zipf) in
    that language, each once, in the question's order."""
    listed = has_word_list(language)
    # Thai writes no spaces, and a borrowed name may touch its letters ("ควรกินkratomกี่กรัม").
    words = _WORD.findall(question) if listed else _LATIN.findall(question)
    return [
        word
        for word in dict.fromkeys(w.lower() for w in words)
        if len(word) >= _MIN_LETTERS and (not listed or zipf_frequency(word, language) < ceiling)
    ]


def has_word_list(language: str) -> bool:
    """Whether wordfreq knows how common words are in ``language``."""
    return language in _listed()


@cache
def _listed() -> frozenset[str]:
    return frozenset(available_languages())
