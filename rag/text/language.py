"""The language a question is written in, among the languages the assistant answers in.

Two readings, each of a well-kept library that ships its data: lingua-language-detector (Apache-2.0) restricted
to the supported languages, and how common the question's words are in each language (wordfreq, Zipf scale). A
question is read as English unless another language wins clearly, because an English question must never be
answered as a foreign one:
- three words or more: the words are more common, on average, in another language than in English. On the 4,033
  English questions of every eval set and external set the other language's lead is at most -0.38; on the
  translated questions and short ones ("Was ist Kratom?", "kratom y alcohol") at least +0.35. Lingua alone reads
  "¿Qué es el kratom?" as French and "Was ist Kratom?" as English: short questions give it near-even odds.
- two words: lingua must lead English by 0.2 and name the language the words are most common in ("Plantar
  Fasiciitis" and "neo oxy" are more common in Spanish and Vietnamese by word frequency alone).
Words no language knows (names: "kratom", "Mitragyna") are left out of the averages.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, cast, get_args

from rag.text.thai import has_thai, is_thai

if TYPE_CHECKING:
    from lingua import LanguageDetector

LanguageCode = Literal["en", "es", "id", "ms", "th", "vi", "fr", "de", "pt", "it"]
ENGLISH: LanguageCode = "en"
SUPPORTED: tuple[LanguageCode, ...] = get_args(LanguageCode)
# BCP 47's code for a language not determined: an answer to a question none of the supported languages reads.
UNDETERMINED = "und"

# How far ahead of English another language's confidence must be before a question is read as that language.
MIN_LEAD = 0.2
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_APOSTROPHE = re.compile(r"['’]")
_MIN_WORDS = 2
_SPANISH_OPENING = re.compile(r"^\s*[\"“'(]*[¿¡]")
# From this many words on, word frequencies decide alone; shorter questions need lingua's agreement too.
_WORDS_FOR_FREQUENCY = 3
# The languages wordfreq has lists for (Thai is told by its script).
_BY_FREQUENCY: tuple[LanguageCode, ...] = ("en", "es", "id", "ms", "vi", "fr", "de", "pt", "it")
_MALAY = {"id", "ms"}

_lock = threading.Lock()
# A question this share of whose letters are of no script the supported languages are written in (Cyrillic, Arabic,
# Han, Devanagari, ...) is in a language the assistant does not read: word lists of German or French hold a few
# Russian words, so such a question was read as one of them and answered.
_FOREIGN_SCRIPT_SHARE = 0.5
_SCRIPTS = ("LATIN", "THAI")
# A question of at least this many words, less than this share of which any supported language's word list knows,
# is in another language (Polish, Czech, Turkish ...): "Ile gramów kratomu powinienem wziąć?" (0.2) was read as
# French and answered. Of 4,548 questions of the eval sets (translations included) and the external English sets,
# none of three words or more falls below 0.5 (the lowest: "kratom dosege for beginers?").
_MIN_KNOWN_SHARE = 0.4
_WORDS_FOR_SHARE = 3
# Read again with its slips of typing spelled as the documents spell them ("Is kratum adictive?"), a question must be
# two thirds words of a language: "Ile gramów kratomu powinienem wziąć?" gains "kratom", which takes it to 0.4.
SPELLED_KNOWN_SHARE = 2 / 3


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def unreadable_script(text: str) -> bool:
    """Whether ``text`` is written mostly in a script none of the supported languages uses."""
    letters = _LETTER.findall(text)
    if not letters:
        return False
    foreign = sum(1 for c in letters if not _script_of(c).startswith(_SCRIPTS))
    return foreign / len(letters) >= _FOREIGN_SCRIPT_SHARE


def unreadable_words(text: str, min_known_share: float = _MIN_KNOWN_SHARE) -> bool:
    """Whether most of ``text``'s words are in none of the supported languages' word lists (Thai is read by its
    script): a language the assistant does not read, written in the Latin alphabet. Below ``min_known_share``
    of its words known, it is."""
    if has_thai(text):
        return False
    words, scores = _frequencies(text)
    if len(words) < _WORDS_FOR_SHARE:
        return False
    return len(_known(words, scores)) / len(words) < min_known_share


@lru_cache(maxsize=8_192)
def _script_of(letter: str) -> str:
    return unicodedata.name(letter, "")


@lru_cache(maxsize=4_096)
def detect_language(text: str) -> LanguageCode:
    """The supported language ``text`` is written in; English unless another one leads clearly. Remembered: each
    question is read twice (the reply's language, the dosing check)."""
    if is_thai(text):
        return "th"
    if _SPANISH_OPENING.match(text):
        # Only Spanish opens a question or an exclamation with its mark turned over, however short it is:
        # "¿Por qué?" read as English found a Spanish tapering example nearest and was refused.
        return "es"
    words = len(_WORD.findall(text))
    if words < _MIN_WORDS:
        return ENGLISH  # one word is as likely a name as a word of some language ("ok", "kratom")
    spoken = _most_common_in(text)
    if spoken is None:
        return ENGLISH
    code, lead = spoken
    frequent = words >= _WORDS_FOR_FREQUENCY
    if lead <= 0:
        return ENGLISH
    if frequent and code not in _MALAY:
        return code
    named = _lingua_reading(text)
    if named is not None and (named == code or {named, code} <= _MALAY):
        return named  # lingua tells Malay from Indonesian, word lists barely do
    return code if frequent else ENGLISH


def _lingua_reading(text: str) -> LanguageCode | None:
    """The language lingua reads ``text`` as when it leads English by ``MIN_LEAD``, else None."""
    with _lock:  # lingua's detector loads its models lazily on first use
        values = _detector().compute_language_confidence_values(text)
    confidence = {v.language.iso_code_639_1.name.lower(): v.value for v in values}
    named = max(confidence, key=lambda c: confidence[c], default=ENGLISH)
    if (
        named == ENGLISH
        or named not in SUPPORTED
        or confidence[named] - confidence.get(ENGLISH, 0.0) < MIN_LEAD
    ):
        return None
    return cast(LanguageCode, named)


def _most_common_in(text: str) -> tuple[LanguageCode, float] | None:
    """The language other than English whose words ``text``'s words are most common in, and by how much more
    common they are there than in English (mean Zipf frequency of the words any language knows); None when no
    language knows any of them."""
    words, scores = _frequencies(text)
    known = _known(words, scores)
    if not known:
        return None
    mean = {code: sum(scores[code][i] for i in known) / len(known) for code in _BY_FREQUENCY}
    best = max((code for code in _BY_FREQUENCY if code != ENGLISH), key=lambda code: mean[code])
    return best, mean[best] - mean[ENGLISH]


# A letter hyphened to a word ("e-cig", "x-ray", "T-cell") is no word of any language: the tokenizer made "e-cig
# safe?" the Italian "e" (and) beside two English words, and the question was answered in Italian.
_LETTER_PREFIX = re.compile(r"\b[^\W\d_]-(?=[^\W\d_])", re.UNICODE)


@lru_cache(maxsize=4_096)
def _frequencies(text: str) -> tuple[list[str], dict[LanguageCode, list[float]]]:
    """``text``'s words and their Zipf frequency in each language with a word list (read once per question: by
    ``unreadable_words`` and ``detect_language``)."""
    from wordfreq import tokenize, zipf_frequency

    words = [
        part
        for token in tokenize(_LETTER_PREFIX.sub("", text), ENGLISH)
        for part in _elided(token)
        if part.isalpha()
    ]
    return words, {code: [zipf_frequency(w, code) for w in words] for code in _BY_FREQUENCY}


def _elided(token: str) -> list[str]:
    """A token as words: an elision with a letter English does not write is two ("cos'è", "l'été": Italian
    and French), so neither is lost to the apostrophe; "what's" and "don't" stay one (and, not alphabetic, are
    left out as before)."""
    if token.isascii() or not _APOSTROPHE.search(token):
        return [token]
    return [part for part in _APOSTROPHE.split(token) if part]


def _known(words: list[str], scores: dict[LanguageCode, list[float]]) -> list[int]:
    """The positions of the words some language's list knows."""
    return [i for i in range(len(words)) if any(scores[code][i] > 0 for code in _BY_FREQUENCY)]


# A document is read by its opening: enough words for the word lists to decide, few enough to read a large corpus
# in milliseconds. At most this many documents are read, spread evenly over the corpus.
_OPENING_CHARS = 1_500
_DOCUMENTS_READ = 60


def documents_language(texts: Sequence[str]) -> LanguageCode:
    """The language most of ``texts`` (a corpus's documents) are written in: English unless more than half of
    those read are written in one other supported language, each read by its opening as a question is."""
    if not texts:
        return ENGLISH
    step = max(1, len(texts) // _DOCUMENTS_READ)
    read = [detect_language(text[:_OPENING_CHARS]) for text in texts[::step][:_DOCUMENTS_READ]]
    others = Counter(code for code in read if code != ENGLISH).most_common(1)
    if others and others[0][1] * 2 > len(read):
        return others[0][0]
    return ENGLISH
