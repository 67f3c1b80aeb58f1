"""The language a question is written in, among the languages the assistant answers in.

lingua-language-detector (Apache-2.0, its models ship in the wheel) restricted to the supported languages. A
question is read as English unless another language wins clearly: short questions and names ("Is kratom legal?",
"kratom dosege for beginers?") give lingua near-even odds, and an English question must never be answered as a
foreign one. The margin was chosen on the eval questions (README, "Languages"): English questions misdetected at
most 0.09 ahead of English, translated ones at least 0.28 ahead. Technical English can still lead lingua astray
("What is Enfuvirtide?" reads as Spanish): the question's words must also be more common in the other language
than in English (wordfreq), which no English question of the eval sets, PubMedQA or COVID-QA is, and every
translated one is by a wide margin.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from lingua import LanguageDetector

LanguageCode = Literal["en", "es", "id", "ms", "th", "vi", "fr", "de"]
ENGLISH: LanguageCode = "en"
SUPPORTED: tuple[LanguageCode, ...] = get_args(LanguageCode)

# How far ahead of English another language's confidence must be before a question is read as that language.
MIN_LEAD = 0.2
# Thai script is unambiguous, and lingua reads "list comprehension ใน Python" by its Latin words.
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_THAI_SHARE = 0.3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_WORDS = 2

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()


@lru_cache(maxsize=4_096)
def detect_language(text: str) -> LanguageCode:
    """The supported language ``text`` is written in; English unless another one leads clearly. Remembered: each
    question is read twice (the reply's language, the dosing check)."""
    letters = _LETTER.findall(text)
    if not letters:
        return ENGLISH
    if sum(1 for c in letters if _THAI.match(c)) / len(letters) >= _THAI_SHARE:
        return "th"
    if len(_WORD.findall(text)) < _MIN_WORDS:
        return ENGLISH  # one word is as likely a name as a word of some language ("ok", "kratom")
    with _lock:  # lingua's detector loads its models lazily on first use
        values = _detector().compute_language_confidence_values(text)
    if not values:
        return ENGLISH
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    english = next((v.value for v in values if v.language.iso_code_639_1.name.lower() == ENGLISH), 0.0)
    if code == ENGLISH or code not in SUPPORTED or best.value - english < MIN_LEAD:
        return ENGLISH
    if _word_frequency(text, code) <= _word_frequency(text, ENGLISH):
        # Technical English ("What is Enfuvirtide?", "What is Chikungunya virus?") gives lingua a foreign
        # lead; its words are still far more common in English than in the language lingua names.
        return ENGLISH
    return code  # one of SUPPORTED, checked above


def _word_frequency(text: str, language: str) -> float:
    """How common the words of ``text`` are in ``language``: the sum of their Zipf frequencies (wordfreq)."""
    from wordfreq import tokenize, zipf_frequency

    return sum(zipf_frequency(word, language) for word in tokenize(text, language))
