"""Words for matching: the one tokeniser and inflection stemmer that lexical retrieval and the gate share."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

_WORD = re.compile(r"\w+", re.UNICODE)


def _word_list(name: str) -> frozenset[str]:
    """A word list shipped in ``rag/text/data``: one word a line, ``#`` comments."""
    text = (resources.files("rag.text") / "data" / name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# Function words carry no topic; keeping them lets "is it a ..." match every passage.
STOPWORDS = _word_list("stopwords.txt")


def tokenize(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    return [stem(t) for t in _WORD.findall(folded) if t not in STOPWORDS]


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
            token = token[: -len(suffix)]
            break
    if len(token) > 3 and token.endswith("e"):
        token = token[:-1]
    return token


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
