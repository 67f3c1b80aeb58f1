"""Words of a question in another language that the documents write as an English cognate.

Much of the vocabulary of health crosses languages with its spelling bent a little: "adictivo", "adiktif" and
"addictive"; "dependencia", "dépendance", "dipendenza" and "dependence"; "alcol" and "alcohol"; "palpitaciones"
and "palpitations". The small multilingual model does not always pair them ("Il kratom può causare dipendenza?"
was answered without the sentence on "its low potential for abuse and dependence"), so the question reads
the documents' word after its own, as a Thai question reads the Latin spelling of a loanword
(rag.retrieval.transliteration). Only words of the documents are put in, so a question about something they
never name is left as it was.

Two spellings are the same word when their skeletons match: accents dropped, the letters that languages write
one sound with made one ("ph" and "f", "c" and "k" or "s", "z" and "s", "v" and "f", "y" and "i", "h" dropped,
"-tion" and Portuguese "-ção" as "-sion"), doubled letters single, and final vowels dropped (Spanish "-o", Italian
"-ia", English "-e"); or, without "-sion" and its plurals, as Indonesian writes "-si" ("infeksi", "infection");
or, where that leaves six consonants or more, when their consonants match. A slip of one letter anywhere is not
allowed: it paired "beber" (to drink) with "better", "trong" (Vietnamese "in") with "trying".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rag.text.tokens import STOPWORDS, fold

# A skeleton shorter than this is mostly a function word, and lands on some English word by chance.
_MIN_KEY = 5
# Consonants alone match from this many: five paired "tertinggi" (Indonesian "highest") with "treating".
_MIN_CONSONANTS = 6
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Applied in order: several letters for one sound first, then single letters.
_SOUNDS = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"[ck]h"), "k"),
    (re.compile(r"ck|qu|q"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"t(?=io)"), "s"),
    (re.compile(r"h"), ""),
    (re.compile(r"x"), "ks"),
    (re.compile(r"y"), "i"),
    (re.compile(r"z"), "s"),
    (re.compile(r"[vw]"), "f"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"[aeiou]+$"), ""),
)
# Portuguese "-ção" / "-ções" (folded "-cao", "-coes") is the "-tion" of the others: written so before "c" is read.
_PORTUGUESE_TION = re.compile(r"c(?:ao|oes)$")
# "-tion", "-ción", "-zione" and their plurals end where Indonesian and Malay stop: "infection", "infección",
# "infeksi"; "rehabilitation", "rehabilitasi". A second key without them pairs those; the whole key stays first,
# since without its ending a short word is too short to pair ("emoción" and "emotion" keep theirs).
_TION = re.compile(r"(?<=s)ion(?:e?s)?$")
# Indonesian and Malay prefixes: "terkontaminasi" (contaminated), "berinteraksi" (to interact), "dikonsumsi".
_PREFIXES = ("memper", "diper", "ter", "ber", "di")


def cognate_key(word: str) -> str:
    """The skeleton two spellings of one word share ("adictivo", "adiktif", "addictive": "adiktif")."""
    key = _PORTUGUESE_TION.sub("sion", fold(word).replace("ß", "ss"))
    for pattern, sound in _SOUNDS:
        key = pattern.sub(sound, key)
    return key


class Cognates:
    """The documents' words by skeleton, each skeleton with the form the documents write most often."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w.lower() for w in _WORD.findall(text) if len(w) >= _MIN_KEY and w.isascii())
        by_key: dict[str, tuple[int, str]] = {}
        by_stem: dict[str, tuple[int, str]] = {}
        by_consonants: dict[str, tuple[int, str]] = {}
        for word, count in counts.items():
            if word in STOPWORDS:
                continue
            key = cognate_key(word)
            for table, skeleton, least in (
                (by_key, key, _MIN_KEY),
                (by_stem, _TION.sub("", key), _MIN_KEY),
                (by_consonants, _consonants(key), _MIN_CONSONANTS),
            ):
                if len(skeleton) >= least and (skeleton not in table or count > table[skeleton][0]):
                    table[skeleton] = (count, word)
        self._by_key = {key: word for key, (_, word) in by_key.items()}
        self._by_stem = {key: word for key, (_, word) in by_stem.items()}
        self._by_consonants = {key: word for key, (_, word) in by_consonants.items()}
        self._known = frozenset(counts)

    def documents_word(self, word: str) -> str | None:
        """The documents' word that ``word`` is a spelling of, if any; None for a word they write as it is."""
        lower = word.lower()
        if lower in self._known or lower in STOPWORDS:
            return None
        found = self._spelling_of(lower)
        for prefix in _PREFIXES:
            if found is not None:
                break
            if lower.startswith(prefix) and lower[len(prefix) :] not in self._known:
                found = self._spelling_of(lower[len(prefix) :])
        return found

    def _spelling_of(self, lower: str) -> str | None:
        key = cognate_key(lower)
        if len(key) < _MIN_KEY:
            return None
        found = self._by_key.get(key)
        stem = _TION.sub("", key)
        if found is None and len(stem) >= _MIN_KEY:
            found = self._by_stem.get(stem)
        consonants = _consonants(key)
        if found is None and len(consonants) >= _MIN_CONSONANTS:
            found = self._by_consonants.get(consonants)
        return found


def _consonants(key: str) -> str:
    """A skeleton's first letter and its consonants: vowels are where languages part most ("dependencia",
    "dépendance", "dipendenza"), and six consonants in a row of one word rarely meet by chance."""
    return key[:1] + re.sub(r"[aeiou]", "", key[1:])


def with_cognates(question: str, cognates: Cognates) -> str:
    """``question`` with each word the documents write as an English cognate followed by their word."""
    out, at = [], 0
    for match in _WORD.finditer(question):
        found = cognates.documents_word(match.group(0))
        if found is not None:
            out += [question[at : match.end()], f" {found}"]
            at = match.end()
    return "".join(out) + question[at:] if out else question
