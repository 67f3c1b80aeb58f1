"""Words for matching: the one tokeniser and inflection stemmer that lexical retrieval and the gate share."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

# Accents, once NFKD has taken them off their letters (the Combining Diacritical Marks blocks), are folded away:
# "adicción", "adiccion" and the decomposed "adiccio\u0301n" are one word, as are "Ménière" and "Meniere".
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@cache
def _word() -> re.Pattern[str]:
    """A word: letters, digits and the combining marks that belong to them. Python's ``\\w`` matches no mark,
    so a Thai vowel sign or tone mark, or a Devanagari vowel sign, would cut its word in pieces. Built on first
    use from the character database; marks live only in planes 0, 1 and 14 (variation selectors)."""
    ranges: list[str] = []
    for first, last in ((0x300, 0x1FFFF), (0xE0000, 0xE0FFF)):
        start = None
        for code in range(first, last + 2):
            mark = code <= last and unicodedata.category(chr(code)).startswith("M")
            if mark and start is None:
                start = code
            elif not mark and start is not None:
                ranges.append(f"{chr(start)}-{chr(code - 1)}")
                start = None
    return re.compile(rf"(?:\w|[{''.join(ranges)}])+")


def _word_list(name: str) -> frozenset[str]:
    """A word list shipped in ``rag/text/data``: one word a line, ``#`` comments."""
    text = (resources.files("rag.text") / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Function words carry no topic; keeping them lets "is it a ..." match every passage.
STOPWORDS = _word_list("stopwords.txt")


def fold(text: str) -> str:
    """``text`` lower-cased, its accents dropped after Unicode decomposition ("Adicción": "adiccion")."""
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", text.lower()))


def tokenize(text: str) -> list[str]:
    folded = fold(text)
    return [stem(t) for t in _word().findall(folded) if t not in STOPWORDS]


@lru_cache(maxsize=65_536)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of ``text``. The same sentences come back question after question (scored, then
    matched against the question's words in composition); tokenising them was a tenth of retrieval time."""
    return frozenset(tokenize(text))


def is_plural(word: str) -> bool:
    """An English plural by its ending ("effects", "opioids"; not "gas", "virus", "analysis", "stress")."""
    return len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def stem(token: str) -> str:
    """A light, inflection-only fold: plurals, -ed, -ing and a final e, so "overdosed", "overdoses" and
    "overdose" meet, as do "cravings" and "crave". Derivations stay apart on purpose: "addictive" (a property
    of the substance) must not match every "addiction treatment" in a corpus about addiction."""
    for suffix, shortest in (("ies", 5), ("es", 5), ("s", 4)):
        if len(token) >= shortest and token.endswith(suffix) and not token.endswith(("ss", "us", "is")):
            token = token[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    for suffix, shortest in (("ing", 6), ("ed", 5)):
        if len(token) >= shortest and token.endswith(suffix) and not token.endswith("eed"):
            token = _undoubled(token[: -len(suffix)])
            break
    if len(token) > 3 and token.endswith("e"):
        token = token[:-1]
    return token


# A consonant written twice before "-ing" or "-ed" after one short vowel: "quitting", "stopped", "admitted",
# "referring". "ll", "ss" and "zz" are the word's own ("spelling", "pressed"), as is a double after a vowel that
# opens the word ("adding", "egged").
_DOUBLED = re.compile(r"(?:[^aeiouy]|qu)[aeiou]([bcdfghjkmnprtv])\1$")


def _undoubled(token: str) -> str:
    """``token`` without the consonant doubled for its ending: "quitting" meets "quit", "stopped" "stop"."""
    return token[:-1] if _DOUBLED.search(token) else token


def act_of(term: str) -> str:
    """A stemmed term with "-ment" folded into its verb when four letters or more remain: "How is it treated?"
    asks about "treatment", as "assessed" about "assessment". For asking whether a quote speaks to what the
    question asks; retrieval keeps the two apart, where folding them moved borderline gate scores both ways."""
    return term[:-4] if len(term) >= 8 and term.endswith("ment") else term


def root(word: str) -> str:
    """A derivational suffix stripper, for reading claims: dose/dosing/dosage and addiction/addictive land on
    the same root. Retrieval uses :func:`stem` instead, which keeps derivations apart (see there)."""
    word = word.replace("’", "'").removesuffix("'s").removesuffix("n't")
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    for suffix in (
        "ations",
        "ation",
        "ings",
        "ing",
        "ages",
        "age",
        "ences",
        "ence",
        "ency",
        "ent",
        "ances",
        "ance",
        "ions",
        "ion",
        "ives",
        "ive",
        "ness",
        "ment",
        "ly",
        "ed",
        "es",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word.endswith("e"):
        word = word[:-1]
    return word
