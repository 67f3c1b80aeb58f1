"""Follow-up questions: "What are its side effects?" after "Tell me about zolpidem" asks about zolpidem.

Retrieval reads such a question with the subject of the user's latest question that named one, put in place of
the pronoun ("What are zolpidem's side effects?"), so that the subject weighs in the match as much as it does in
a question that names it. A pronoun points back when nothing it could stand for comes before it: in "Is kratom
addictive, and is it legal?" it stands for kratom, whatever was asked before, while in "Is it worse than
heroin?" it does not stand for heroin.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel
from wordfreq import zipf_frequency

from rag.retrieval.collection_words import without_collection_words
from rag.text.tokens import fold
from rag.types import Turn

_PRONOUN = re.compile(r"\b(?:it|its|they|them|their)\b(?!['’])", re.IGNORECASE)
# "Is it safe to ...", "is it true that ...": an "it" that stands for the rest of the sentence, not for a thing.
_EXPLETIVE = re.compile(
    r"it\s+(?:(?:is|was|'s|’s)\s+)?(?:\w+\s+)?(?:safe|ok|okay|true|possible|legal|wise|risky|normal|common|"
    r"better|worse|fine|advisable|necessary|important|good|bad|harmful|dangerous|likely|known)\s+"
    r"(?:to|that|if|whether|for)\b",
    re.IGNORECASE,
)
# "Is this safe?" may stand for a claim rather than the subject: the subject is put in front instead.
_DEMONSTRATIVE = re.compile(r"\b(?:this|that|these|those)\b(?!\s+\w+\s+(?:is|are|was|were)\b)", re.IGNORECASE)
_POSSESSIVE = frozenset({"its", "their"})


# A follow-up that names nothing, only asks for a reason, a way or more ("Why?", "Tell me more", "¿Por qué?"): its
# words in each language (data/followup_words.yaml). Read alone it asks about nothing the documents cover.
class _FollowUpWords(BaseModel):
    nothing: str
    more: str
    acknowledge: str


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """(words that name nothing, those asking for more, the same two for Thai), folded."""
    raw = resources.files("rag.retrieval").joinpath("data/followup_words.yaml").read_text(encoding="utf-8")
    every = {code: _FollowUpWords.model_validate(v) for code, v in yaml.safe_load(raw).items()}
    spaced = [w for code, v in every.items() if code != "th" for w in v.nothing.split()]
    more = [w for code, v in every.items() if code != "th" for w in v.more.split()]
    thai = every["th"]
    return (
        frozenset(fold(w) for w in spaced),
        frozenset(fold(w) for w in more),
        tuple(fold(w) for w in thai.nothing.split()),
        tuple(fold(w) for w in thai.more.split()),
    )


@lru_cache(maxsize=1)
def _acknowledging() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words that only take a reply in ("OK", "Thanks"), folded; Thai's apart."""
    raw = resources.files("rag.retrieval").joinpath("data/followup_words.yaml").read_text(encoding="utf-8")
    every = {code: _FollowUpWords.model_validate(v) for code, v in yaml.safe_load(raw).items()}
    spaced = frozenset(fold(w) for code, v in every.items() if code != "th" for w in v.acknowledge.split())
    return spaced, tuple(fold(w) for w in every["th"].acknowledge.split())


def _asks_something(text: str) -> bool:
    """A turn that asks about something: it names a subject, and it is not only "OK" or "Thanks"."""
    if names_nothing(text):
        return False
    spaced, thai = _acknowledging()
    folded = fold(text)
    left = folded
    for word in thai:
        left = left.replace(word, " ")
    words = _LETTERS.findall(left)
    return bool(words) and not all(w in spaced for w in words)


_LETTERS = re.compile(r"[^\W\d_]+")


def names_nothing(question: str) -> bool:
    """``question`` only asks for a reason, a way or more, and names nothing (see ``_NOTHING_NAMED``)."""
    nothing, _, thai_nothing, _ = _words()
    folded = fold(question)
    thai = folded
    for word in thai_nothing:
        thai = thai.replace(word, " ")
    if thai != folded:  # Thai writes no spaces: what is left when its asking words are taken out
        return not _LETTERS.findall(thai)
    words = _LETTERS.findall(folded)
    return bool(words) and all(w in nothing for w in words)


def _asks_more(question: str) -> bool:
    _, more, _, thai_more = _words()
    folded = fold(question)
    return any(w in more for w in _LETTERS.findall(folded)) or any(w in folded for w in thai_more)


def followed_question(question: str, history: list[Turn]) -> str:
    """The user's latest question in ``history`` that named something, when ``question`` names nothing; ""
    otherwise (or when there is none)."""
    if not names_nothing(question):
        return ""
    return next((t.content for t in reversed(history) if t.role == "user" and _asks_something(t.content)), "")


# A word this rare in English can name a subject ("kratom", "zolpidem", "heroin"); commoner ones frame a question.
_SUBJECT_ZIPF = 4.0


def retrieval_text(question: str, history: list[Turn], topic_words: Callable[[str], list[str]]) -> str:
    """``question`` as retrieval should read it: with the subject of the conversation in place of a pronoun that
    points back to it. ``topic_words`` gives the words of a text that the documents use."""
    if not history:
        return question
    if names_nothing(question):
        # "Why?", "How so?", "Tell me more": the question before it, as it was read, is what is asked about.
        for at in range(len(history) - 1, -1, -1):
            if history[at].role == "user" and _asks_something(history[at].content):
                # As that question was read: without the words naming the documents themselves.
                asked = without_collection_words(history[at].content)
                before = retrieval_text(asked, history[:at], topic_words)
                return f"{before} {question.strip()}"
        return question
    named = _first_named(question, topic_words)
    pronoun = _pointer(question)
    if pronoun is not None and (named is None or pronoun.start() < named[0]):
        subject = _conversation_subject(history, topic_words)
        if subject:
            owner = "'s" if pronoun.group(0).lower() in _POSSESSIVE else ""
            return f"{question[: pronoun.start()]}{subject}{owner}{question[pronoun.end() :]}"
    elif named is None and _DEMONSTRATIVE.search(question):
        subject = _conversation_subject(history, topic_words)
        if subject:
            return f"{subject}: {question}"
    return question


def _pointer(text: str) -> re.Match[str] | None:
    """The first pronoun of ``text`` that stands for a thing."""
    return next((m for m in _PRONOUN.finditer(text) if not _EXPLETIVE.match(text, m.start())), None)


def _first_named(text: str, topic_words: Callable[[str], list[str]]) -> tuple[int, str] | None:
    """(position, word) of the first word in ``text`` that could name a subject, if there is one."""
    lowered = text.lower()
    found = [
        (match.start(), word)
        for word in topic_words(text)
        if zipf_frequency(word, "en") < _SUBJECT_ZIPF
        and (match := re.search(rf"\b{re.escape(word)}\b", lowered)) is not None
    ]
    return min(found, default=None)


def _conversation_subject(history: list[Turn], topic_words: Callable[[str], list[str]]) -> str:
    """The subject the latest user turn that named one named first ("Is kratom addictive?": kratom). A turn
    that was itself a follow-up ("Is it addictive?") names none."""
    for turn in reversed(history):
        if turn.role != "user":
            continue
        named = _first_named(turn.content, topic_words)
        pronoun = _pointer(turn.content)
        if named is not None and (pronoun is None or named[0] < pronoun.start()):
            return named[1]
    return ""


def asks_for_more(question: str, history: list[Turn]) -> str:
    """The replies since the question ``question`` follows, when it only asks for more ("Tell me more", "What
    else?"); "" otherwise. Their quotes were read already: others come first."""
    if not (names_nothing(question) and _asks_more(question)):
        return ""
    replies: list[str] = []
    for turn in reversed(history):
        if turn.role == "assistant":
            replies.append(turn.content)
        elif _asks_something(turn.content):
            break
    return "\n".join(replies)
