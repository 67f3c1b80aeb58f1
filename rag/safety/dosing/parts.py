"""The rest of a question that asks for a dose and something else ("What is X, and how much should I take?").

A dosing request is refused whole; the parts of the question that ask something else on their own are answered
beside the refusal. A part is a sentence ("What is X? How much should I take?") or, in English, a question joined
to the next by a comma or "and" ("What is X and how much should I take?").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_SENTENCE_END = re.compile(r"(?<=[?!.;。？！])\s+")
_QUESTION_WORD = (
    r"(?:what|what's|whats|how|is|are|can|could|does|do|did|should|would|will|when|where|why|which|who|was|were"
    r"|has|have)"
)
_ENGLISH_JOIN = re.compile(
    rf"(?:\s*,\s*(?:(?:and|but|also|plus)\s+)?|\s+(?:and|but|also|plus)\s+)(?={_QUESTION_WORD}\b)",
    re.IGNORECASE,
)
_OPENS_QUESTION = re.compile(rf"^\W*{_QUESTION_WORD}\b", re.IGNORECASE)
# A part after the request that points back may point at the amount asked ("How much should I take, and is it
# safe?" asks whether that amount is).
_POINTS_BACK = re.compile(
    r"\b(?:it|its|this|that|them|these|those|they|then|he|she|him|her|his|same|so)\b", re.IGNORECASE
)
_ASKS = re.compile(r"[?？]\s*$")
_WORD = re.compile(r"\w+")
_MIN_WORDS = 3


def question_parts(question: str, english: bool) -> list[str]:
    """The parts of ``question``: its sentences, and in English the questions joined within a sentence."""
    parts: list[str] = []
    for sentence in _SENTENCE_END.split(question.strip()):
        pieces = _ENGLISH_JOIN.split(sentence) if english and _OPENS_QUESTION.match(sentence) else [sentence]
        parts.extend(piece.strip(" ,;") for piece in pieces if piece.strip(" ,;"))
    return parts


def benign_rest(question: str, is_request: Callable[[str], bool], english: bool) -> str:
    """What ``question`` asks besides a dose, as a question of its own ("What is X?"); "" when every part asks
    for one, when no single part does (the request is in the whole), or when what is left is no question or points
    back at it."""
    parts = question_parts(question, english)
    asked = [_asks(part, english) for part in parts]
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
        and (position < first_request or (english and not _POINTS_BACK.search(part)))
    ]
    return " ".join(_as_question(part) for part in rest)


def _asks(part: str, english: bool) -> bool:
    """Whether ``part`` is a question of some words: what else is said is its setting ("I'm new.", "I've used it
    for a year."), or an instruction to the assistant ("Ignore all previous instructions."), never asked of the
    documents."""
    opens = _ASKS.search(part) is not None or (english and _OPENS_QUESTION.match(part) is not None)
    return opens and len(_WORD.findall(part)) >= _MIN_WORDS


def _as_question(part: str) -> str:
    part = part[0].upper() + part[1:]
    return part if part[-1] in "?!.。？！" else f"{part}?"
