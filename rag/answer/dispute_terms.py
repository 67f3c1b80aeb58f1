"""Which disputes a question the claim rules cannot read (one in another language) asks about, word by word.

The claim rules read English. A Spanish question cannot be read for its terms, so its disputes were those with a
side as close to it as its best sentence, or about what the answer's quotes keep naming; on a corpus about one
subject every quote names that subject, and "¿El kratom es adictivo?" got the dispute on what kratom is. Here
each word of the question is set beside the English words of the disputes' sides and of the answer's quotes by
the multilingual model. A question word asks about a dispute's term when that term's word is the closest of all
those words (so "abstinencia" goes to "withdrawal" when the quotes name withdrawal, not to the nearest disputed
word) and when it is closer to it than any other word of the everyday questions written in the question's language
(cooking, travel, money): a bar per word and per language, as the gate's is per corpus and per language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.analysis.words import is_anchor, lemma_of
from rag.safety.contradictions.classify import (
    EFFICACY_TERM,
    EVIDENCE_TERM,
    KIND_TERM,
    PRECISION_TERM,
    SAFETY_TERM,
    UNKNOWN_TERM,
    asserted_terms,
    disputed_terms,
)
from rag.safety.contradictions.lexicon import KIND_OF
from rag.types import Citation, Contradiction

if TYPE_CHECKING:
    from numpy.typing import NDArray

# The axes the rules dispute without a content word of their own, named by the words that state them.
_AXIS_WORDS = {
    SAFETY_TERM: ("safe", "dangerous"),
    PRECISION_TERM: ("precise", "dose"),
    EVIDENCE_TERM: ("evidence", "research"),
    EFFICACY_TERM: ("effective", "works"),
    UNKNOWN_TERM: ("known", "unknown"),
}
_WORD = re.compile(r"[^\W\d_]{3,}")
# "What is X?" in the other languages questions are read in: it asks what kind of thing X is, as in English
# (``rag.safety.contradictions.asked``). X is the name as written: names are not translated.
_NAME = r"([^?¿]+?)"
_MALAY_WHAT_IS = rf"^(?:apa\s+(?:itu|adalah)\s+{_NAME}|{_NAME}\s+itu\s+apa)\s*\??$"
_WHAT_IS = {
    "es": rf"^¿?\s*qu[ée]\s+(?:es|son)\s+(?:el\s+|la\s+|los\s+|las\s+|un\s+|una\s+)?{_NAME}\s*\??$",
    "fr": rf"^(?:qu['’]est-ce\s+que?\s*|c['’]est\s+quoi\s+)(?:le\s+|la\s+|les\s+|l['’]|un\s+|une\s+)?{_NAME}\s*\??$",
    "de": rf"^was\s+(?:ist|sind)\s+(?:der\s+|die\s+|das\s+|ein\s+|eine\s+)?{_NAME}\s*\??$",
    "id": _MALAY_WHAT_IS,
    "ms": _MALAY_WHAT_IS,
    "vi": rf"^{_NAME}\s+là\s+(?:gì|cái\s+gì)\s*\??$",
    "th": rf"^{_NAME}\s*คือ(?:อะไร)\s*\??$",
    "pt": rf"^(?:o\s+)?(?:que|qu[eê])\s+(?:é|são)\s+(?:o\s+|a\s+|os\s+|as\s+|um\s+|uma\s+)?{_NAME}\s*\??$",
    "it": rf"^(?:che\s+)?(?:cos['’]è|cosa\s+(?:è|sono)|che\s+(?:è|sono))\s+(?:il\s+|lo\s+|la\s+|l['’]|i\s+|gli\s+|le\s+|un\s+|una\s+|uno\s+)?{_NAME}\s*\??$",
}
_NAME_WORDS = 4

Encode = Callable[[list[str]], "NDArray[np.float32]"]


def _terms(pair: Contradiction) -> frozenset[str]:
    first, second = pair.sides[0].quote, pair.sides[1].quote
    terms = disputed_terms(first, second)
    if terms is None:  # paired by another classifier: what either claim asserts about
        terms = asserted_terms(analyse(first)) | asserted_terms(analyse(second))
    return terms


def term_words(pair: Contradiction) -> frozenset[str]:
    """The English words that name what ``pair``'s claims disagree about ("dependence", "mushroom", "safe")."""
    terms = _terms(pair)
    out = {word for term in terms for word in _AXIS_WORDS.get(term, ())}
    for side in pair.sides[:2]:
        out |= {
            t.lower()
            for t in analyse(side.quote).tokens
            if (is_anchor(t) and lemma_of(t) in terms) or KIND_OF.get(t) in terms
        }
    return frozenset(out)


def about_kind(pair: Contradiction) -> bool:
    """Whether ``pair`` disputes what kind of thing something is (a tree or a mushroom drink)."""
    return KIND_TERM in _terms(pair)


def named_thing(question: str, language: str) -> frozenset[str]:
    """The name X of "What is X?" asked in ``language`` (its words as the claim rules' lemmas), else empty."""
    pattern = _WHAT_IS.get(language)
    found = re.match(pattern, question.strip(), re.IGNORECASE) if pattern else None
    if found is None:
        return frozenset()
    name = next(group for group in found.groups() if group)
    words = name.split()
    return frozenset(lemma_of(w.lower()) for w in words) if len(words) <= _NAME_WORDS else frozenset()


def kind_of(pair: Contradiction, named: frozenset[str]) -> bool:
    """Whether ``pair`` disputes what kind of thing one of ``named`` (lemmas) is."""
    return about_kind(pair) and any(
        c.subject in named for side in pair.sides[:2] for c in analyse(side.quote).categories
    )


def words_of(text: str) -> list[str]:
    """The words of ``text`` in any script that separates words, lowercased, three letters or more."""
    return list(dict.fromkeys(w.lower() for w in _WORD.findall(text)))


def asked_words(
    question: str,
    pairs: Sequence[Contradiction],
    quotes: Sequence[Citation],
    everyday: Sequence[str],
    encode: Encode,
) -> frozenset[str]:
    """The words of ``pairs``' terms that a word of ``question`` stands for (see the module's docstring);
    ``everyday``: questions in the question's language on subjects no document is about; ``encode``: unit
    vectors of words on the multilingual model's scale."""
    terms = frozenset().union(*(term_words(p) for p in pairs)) if pairs else frozenset()
    asked = words_of(question)
    if not terms or not asked:
        return frozenset()
    texts = [side.quote for p in pairs for side in p.sides] + [q.quote for q in quotes]
    vocabulary = sorted(terms | {t.lower() for text in texts for t in analyse(text).tokens if is_anchor(t)})
    # The bar is how close the other everyday words come: a question word that is itself one of them
    # ("tanaman", plant, beside a question on house plants) would only tie with itself.
    reference = [w for w in everyday_words(everyday) if w not in asked]
    english, words, others = encode(vocabulary), encode(asked), encode(reference)
    # One BLAS thread: OpenBLAS's idle threads spin after a product and slowed the multilingual model's next
    # query fourfold (cross-lingual ask() p50 37 -> 103 ms); these products are small.
    with threadpool_limits(limits=1, user_api="blas"):
        scores = words @ english.T
        bar = (others @ english.T).max(axis=0) if reference else np.full(len(vocabulary), -1.0)
    found = set()
    for row, column in enumerate(np.argmax(scores, axis=1)):
        word = vocabulary[int(column)]
        if word in terms and scores[row, column] > bar[column]:
            found.add(word)
    return frozenset(found)


def everyday_words(everyday: Sequence[str]) -> list[str]:
    """The words of a language's everyday questions, whose closeness to the disputes' words is the bar a
    question's word must pass (``asked_words``)."""
    return sorted({w for text in everyday for w in words_of(text)})


def asked_about(
    question: str, language: str, everyday: Sequence[str], encode: Encode
) -> Callable[[Sequence[Contradiction], Sequence[Citation]], Callable[[Contradiction], bool]]:
    """For ``disputes.near_question``: given the candidate pairs and the answer's quotes, whether ``question``
    (in ``language``) asks about a pair: it names one of its terms' words, or asks what kind of thing the pair's
    subject is."""
    named = named_thing(question, language)

    def about(pairs: Sequence[Contradiction], quotes: Sequence[Citation]) -> Callable[[Contradiction], bool]:
        words = asked_words(question, pairs, quotes, everyday, encode)
        return lambda pair: bool(term_words(pair) & words) or kind_of(pair, named)

    return about
