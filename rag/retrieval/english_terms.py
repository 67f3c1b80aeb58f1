"""English terms in a question written in another language, that the documents never use.

A question in Spanish or German often carries its subject as an English word: a loanword or shared term
("diabetes", "router", "python", "sourdough"). The English gate holds a question that hinges on a name or a rare
word no document uses to not_found; the cross-lingual path cannot read the rest of the question's words against
the documents' (a Spanish word is not missing from an English corpus for lack of coverage), but it can read
these: a word rare in the question's language and more frequent in English (wordfreq) is one the asker took from
English, so the documents would use it too if they spoke of it.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from rag.retrieval.subject_words import has_word_list
from rag.retrieval.vocabulary import Vocabulary

_WORD = re.compile(r"[^\W\d_]+")
_MIN_LETTERS = 4


def unknown_english_terms(
    question: str, language: str, vocabulary: Vocabulary, floor: float, rare: float, ceiling: float
) -> list[str]:
    """Words of ``question`` (in ``language``) that are rare in that language (Zipf below ``rare``, the English
    gate's line for a rare word) and more frequent in English, where their Zipf frequency runs from ``floor`` (a
    word English knows) up to ``ceiling`` (above it, too common to name a subject); and that no document uses, in
    any form or with one slip of typing. Words the language shares with English and uses as much ("legal",
    "hospital" in Spanish) are its own."""
    out = []
    for word in dict.fromkeys(w.lower() for w in _WORD.findall(question)):
        # An accented word, or one in another script, is the question's own language.
        if len(word) < _MIN_LETTERS or not word.isascii():
            continue
        english, own = zipf_frequency(word, "en"), _zipf(word, language)
        if not floor <= english < ceiling or own >= min(english, rare):
            continue
        if not vocabulary.knows(word) and not vocabulary.knows_spelling(word):
            out.append(word)
    return out


def _zipf(word: str, language: str) -> float:
    # No word list for the language (Thai): a Latin-script word is foreign to it.
    return zipf_frequency(word, language) if has_word_list(language) else 0.0
