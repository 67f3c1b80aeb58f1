"""Word tests the readers share: a word's lemma, whether it carries content, whether it can anchor a stance."""

from __future__ import annotations

from functools import cache, lru_cache

from rag.safety.contradictions.lexicon import GENERIC, PERSONS, STOPWORDS, SYNONYMS
from rag.text.tokens import root


# Every claim of the map is read word by word, and a corpus repeats its words: remembered, not recomputed.
@lru_cache(maxsize=65_536)
def lemma_of(word: str) -> str:
    """The word's derivational root, with the stems that name one thing merged (``SYNONYMS``)."""
    root_of = root(word)
    return SYNONYMS.get(root_of, root_of)


def is_content(token: str) -> bool:
    """A word that says something: not a number, a stopword or a word of two letters."""
    return token.isalnum() and not token.isdigit() and token not in STOPWORDS and len(token) > 2


def is_anchor(token: str) -> bool:
    """A content word a stance can be about: not a generic one ("effects", "people", "use")."""
    return is_content(token) and token not in GENERIC and lemma_of(token) not in _generic_lemmas()


def is_effect_anchor(token: str) -> bool:
    """A word an effect can be on: an anchor that names no people (in "the leading cause of death in children"
    and "opportunities to treat children", what is caused or treated is not the children)."""
    return is_anchor(token) and token not in PERSONS


@cache
def _generic_lemmas() -> frozenset[str]:
    return frozenset(lemma_of(g) for g in GENERIC)
