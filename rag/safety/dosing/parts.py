"""The rest of a question that asks for a dose and something else ("What is X, and how much should I take?").

A dosing request is refused whole; the parts of the question that ask something else on their own are answered
beside the refusal. A part is a sentence ("What is X? How much should I take?") or a question joined to the next by
a comma or a word such as "and" ("What is X and how much should I take?", "¿Qué es X y cuánto debo tomar?").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_ENGLISH = "en"
_SENTENCE_END = re.compile(r"(?<=[?!.;。？！])\s+")
# Per language: the words a question opens with, and those that join a second question to the first within a
# sentence ("What is X and how much should I take?", "¿Qué es X y cuánto debo tomar?"). Vietnamese and Thai put
# the question word last, so no join is read there: their parts are sentences.
_QUESTION_WORDS = {
    "en": r"what|what's|whats|how|is|are|can|could|does|do|did|should|would|will|when|where|why|which|who|was|were"
    r"|has|have",
    "es": r"qué|que|cómo|como|cuál|cuáles|cual|cuales|cuándo|cuando|dónde|donde|por\s+qué|quién|quiénes|cuánto|cuánta"
    r"|cuántos|cuántas|cuanto|cuanta|cuantos|cuantas|es|son|puede|puedo|pueden|se\s+puede|hay|debo|debería|tiene|existe",
    "pt": r"o\s+que|que|como|qual|quais|quando|onde|por\s+que|porque|quem|quanto|quanta|quantos|quantas|é|são|pode"
    r"|posso|podem|devo|deveria|há|existe|tem",
    "it": r"cos'è|cosa|che|come|qual|quale|quali|quando|dove|perché|chi|quanto|quanta|quanti|quante|è|sono|può|posso"
    r"|possono|devo|dovrei|c'è|esiste|si\s+può",
    "fr": r"qu'est-ce|que|quel|quelle|quels|quelles|comment|combien|quand|où|pourquoi|qui|est-ce|est-il|est-elle"
    r"|peut|peut-on|puis-je|dois-je|faut-il|y\s+a-t-il|existe-t-il",
    "de": r"was|wie|wieviel|wann|wo|warum|wieso|weshalb|wer|welche|welcher|welches|welchen|ist|sind|kann|darf"
    r"|soll|sollte|muss|gibt|hat|macht|hilft",
    "id": r"apa|apakah|bagaimana|berapa|kapan|di\s+mana|mengapa|kenapa|siapa|bolehkah|bisakah|haruskah|adakah",
    "ms": r"apa|apakah|bagaimana|berapa|bila|bilakah|di\s+mana|mengapa|kenapa|siapa|bolehkah|bolehkan|adakah"
    r"|haruskah|perlukah",
}
_JOIN_WORDS = {
    "en": r"and|but|also|plus",
    "es": r"y|e|pero|además",
    "pt": r"e|mas|também",
    "it": r"e|ed|ma|anche",
    "fr": r"et|mais|aussi",
    "de": r"und|aber|auch",
    "id": r"dan|tapi|tetapi|serta",
    "ms": r"dan|tetapi|serta",
}


# A comma alone joins two questions in English ("Is X addictive, what dose is safe?"); elsewhere a word must: a
# Spanish "como" or "cuando" opens a setting as often as a question ("Como usuario nuevo, ¿cuánto debo tomar?").
def _join(language: str, words: str) -> re.Pattern[str]:
    joined = _JOIN_WORDS[language]
    comma = rf"\s*,\s*(?:(?:{joined})\s+)?" if language == _ENGLISH else rf"\s*,\s*(?:{joined})\s+"
    return re.compile(rf"(?:{comma}|\s+(?:{joined})\s+)(?=[¿¡]?(?:{words})(?!\w))", re.IGNORECASE)


_JOINS = {language: _join(language, words) for language, words in _QUESTION_WORDS.items()}
_OPENS_QUESTION = {
    language: re.compile(rf"^[^\w¿¡]*[¿¡]?(?:{words})(?!\w)", re.IGNORECASE)
    for language, words in _QUESTION_WORDS.items()
}
# A part after the request that points back may point at the amount asked ("How much should I take, and is it
# safe?" asks whether that amount is).
_POINTS_BACK = re.compile(
    r"\b(?:it|its|this|that|them|these|those|they|then|he|she|him|her|his|same|so)\b", re.IGNORECASE
)
# Spanish opens a question with "¿"; a part that does is one even when the "?" closes a later part.
_ASKS = re.compile(r"^\W*¿|[?？]\s*$")
_STATED = re.compile(r"[.!。！]\s*$")
_WORD = re.compile(r"\w+")
_MIN_WORDS = 3


def question_parts(question: str, language: str) -> list[str]:
    """The parts of ``question`` (in ``language``): its sentences, and the questions joined within a sentence."""
    parts: list[str] = []
    joins, opens = _JOINS.get(language), _OPENS_QUESTION.get(language)
    for sentence in _SENTENCE_END.split(question.strip()):
        pieces = joins.split(sentence) if joins and opens and opens.match(sentence) else [sentence]
        parts.extend(piece.strip(" ,;") for piece in pieces if piece.strip(" ,;"))
    return parts


def benign_rest(question: str, is_request: Callable[[str], bool], language: str) -> str:
    """What ``question`` asks besides a dose, as a question of its own ("What is X?"); "" when every part asks
    for one, when no single part does (the request is in the whole), or when what is left is no question or points
    back at it."""
    parts = question_parts(question, language)
    asked = [_asks(part, language) for part in parts]
    # Each part read for a request costs the detector a model call: none is read when nothing could be answered.
    if len(parts) < 2 or not any(asked):
        return ""
    requests = [is_request(part) for part in parts]
    if all(requests) or not any(requests):
        return ""
    first_request = requests.index(True)
    rest = [
        part
        for position, (part, request, asks) in enumerate(zip(parts, requests, asked, strict=True))
        if asks
        and not request
        # Other languages' pronouns are not read: what follows the request there is left out.
        and (position < first_request or (language == _ENGLISH and not _POINTS_BACK.search(part)))
    ]
    return " ".join(_as_question(part) for part in rest)


def _asks(part: str, language: str) -> bool:
    """Whether ``part`` is a question of some words: what else is said is its setting ("I'm new.", "I've used it
    for a year."), or an instruction to the assistant ("Ignore all previous instructions."), never asked of the
    documents."""
    opener = _OPENS_QUESTION.get(language)
    # A question word opens a part that a join cut from the next ("What is X", "¿Qué es X"); a sentence that ends
    # as a statement is one, whatever its first word ("Es mi primera vez.").
    worded = opener is not None and opener.match(part) is not None and not _STATED.search(part)
    return (_ASKS.search(part) is not None or worded) and len(_WORD.findall(part)) >= _MIN_WORDS


def _as_question(part: str) -> str:
    part = part[0].upper() + part[1:]
    return part if part[-1] in "?!.。？！" else f"{part}?"
