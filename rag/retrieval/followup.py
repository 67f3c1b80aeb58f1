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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel
from wordfreq import zipf_frequency

from rag.retrieval.collection_words import without_collection_words
from rag.text.kinds import MARKED_NAME, marked_names
from rag.text.tokens import STOPWORDS, fold, is_plural
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
class _LanguageWords(BaseModel):
    nothing: str
    more: str
    acknowledge: str
    switch: str = ""
    act: str = ""


@dataclass(frozen=True)
class _Kind:
    """One kind of those words, folded: the spaced languages' as a set, Thai's (written without spaces) apart."""

    spaced: frozenset[str]
    thai: tuple[str, ...]

    def only(self, text: str) -> bool:
        """``text`` is made of these words alone."""
        words, thai = _read(text, self.thai)
        return (not words and thai) or (bool(words) and all(w in self.spaced for w in words))

    def holds(self, text: str) -> bool:
        """``text`` holds one of these words."""
        words, thai = _read(text, self.thai)
        return thai or any(w in self.spaced for w in words)


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _language_words() -> dict[str, _LanguageWords]:
    """data/followup_words.yaml, per language."""
    raw = resources.files("rag.retrieval").joinpath("data/followup_words.yaml").read_text(encoding="utf-8")
    return {code: _LanguageWords.model_validate(v) for code, v in yaml.safe_load(raw).items()}


@lru_cache(maxsize=1)
def _kinds() -> tuple[_Kind, _Kind, _Kind]:
    """(words that name nothing, those asking for more, those that only take a reply in)."""
    every = _language_words()

    def kind(field: str) -> _Kind:
        return _Kind(
            frozenset(
                fold(w) for code, v in every.items() if code != "th" for w in getattr(v, field).split()
            ),
            tuple(fold(w) for w in getattr(every["th"], field).split()),
        )

    return kind("nothing"), kind("more"), kind("acknowledge")


@lru_cache(maxsize=1)
def _act_words() -> frozenset[str]:
    """The words of a follow-up that asks what to do or what comes next, in every language, folded."""
    return frozenset(fold(w) for v in _language_words().values() for w in v.act.split())


@lru_cache(maxsize=1)
def _switch_words() -> dict[str, frozenset[str]]:
    """Per language, the words around the one subject of a follow-up that switches subject, folded."""
    return {
        code: frozenset(fold(w) for w in v.switch.split())
        for code, v in _language_words().items()
        if v.switch
    }


def _read(text: str, thai: tuple[str, ...]) -> tuple[list[str], bool]:
    """The folded words of ``text`` left once ``thai`` words are taken out, and whether any was."""
    folded = fold(text)
    left = folded
    for word in thai:
        left = left.replace(word, " ")
    return _LETTERS.findall(left), left != folded


def names_nothing(question: str) -> bool:
    """``question`` only asks for a reason, a way or more, and names nothing."""
    return _kinds()[0].only(question)


def _asks_something(text: str) -> bool:
    """A turn that asks about something: it names a subject, and it is not only "OK" or "Thanks"."""
    nothing, _, acknowledge = _kinds()
    return bool(_LETTERS.findall(text)) and not nothing.only(text) and not acknowledge.only(text)


def _followed_at(question: str, history: list[Turn]) -> int | None:
    """Where in ``history`` the user's latest question that asked about something is, when ``question`` names
    nothing; None otherwise (or when there is none)."""
    if not names_nothing(question):
        return None
    return next(
        (
            at
            for at in range(len(history) - 1, -1, -1)
            if history[at].role == "user" and _asks_something(history[at].content)
        ),
        None,
    )


def latest_question(history: list[Turn]) -> str:
    """The user's latest turn in ``history`` that asked about something; "" when there is none."""
    return next((t.content for t in reversed(history) if t.role == "user" and _asks_something(t.content)), "")


def followed_question(question: str, history: list[Turn]) -> str:
    """The user's latest question in ``history`` that asked about something, when ``question`` names nothing; ""
    otherwise (or when there is none)."""
    at = _followed_at(question, history)
    return "" if at is None else history[at].content


# A word this rare in English can name a subject ("kratom", "zolpidem", "heroin"); commoner ones frame a question.
SUBJECT_ZIPF = 4.0


def retrieval_text(
    question: str,
    history: list[Turn],
    topic_words: Callable[[str], list[str]],
    subject_of: Callable[[str], str] | None = None,
) -> str:
    """``question`` as retrieval should read it: with the subject of the conversation in place of a pronoun that
    points back to it. ``topic_words`` gives the words of a text that the documents use; ``subject_of`` the
    subject a yes/no question names ("Do e-cigarettes help ...?": "e-cigarettes"), for a subject too common a
    word to be told by its rarity ("alcohol", "cigarettes")."""
    if not history:
        return question
    if names_nothing(question):
        # "Why?", "How so?", "Tell me more": the question before it, as it was read (without the words naming the
        # documents themselves), is what is asked about.
        at = _followed_at(question, history)
        if at is None:
            return question
        if set(_read(question, ())[0]) & _act_words():
            # "What should I do?" after "What are the signs of an overdose?" asks what to do about an overdose: the
            # signs asked again would be quoted again.
            subject, _ = _conversation_subject(history[: at + 1], topic_words, subject_of)
            if subject:
                return f"{subject}: {question.strip()}"
        before = retrieval_text(
            without_collection_words(history[at].content), history[:at], topic_words, subject_of
        )
        return f"{before} {question.strip()}"
    switched = switched_subject(question, history, topic_words) or _switched_kind(
        question, history, topic_words, subject_of
    )
    if switched:
        return switched
    named = _first_named(question, topic_words)
    pronoun = _pointer(question)
    if pronoun is not None and (named is None or pronoun.start() < named[0]):
        plural = pronoun.group(0).lower() in _PLURAL
        subject, asked = _conversation_subject(history, topic_words, subject_of, plural)
        subject = _as_named(subject, history)
        if subject:
            # "Are they dangerous?" after "What are the side effects of naloxone?" asks about the side effects;
            # "What happens if you mix them?" after "Does it interact with alcohol?", about both things.
            subject = (
                plural
                and (
                    _things_of(asked, subject)
                    or _both(question, latest_question(history), subject, topic_words)
                )
            ) or subject
            owner = "'s" if pronoun.group(0).lower() in _POSSESSIVE else ""
            return f"{question[: pronoun.start()]}{subject}{owner}{question[pronoun.end() :]}"
    elif named is None and _DEMONSTRATIVE.search(question):
        subject, _ = _conversation_subject(history, topic_words)
        if subject:
            return f"{subject}: {question}"
    return question


def _as_named(subject: str, history: list[Turn]) -> str:
    """``subject`` as the user's latest turn naming it wrote it, with the mark that tells it from its kin
    ("hepatitis B" for "hepatitis", "vitamin D" for "vitamin"); ``subject`` when that turn wrote none."""
    if not subject:
        return subject
    for turn in reversed(history):
        if turn.role != "user":
            continue
        named = MARKED_NAME.search(turn.content)
        while named is not None and named.group(1).lower() != subject.lower():
            named = MARKED_NAME.search(turn.content, named.end())
        if named is not None:
            return named.group(0)
        if re.search(rf"\b{re.escape(subject)}\b", turn.content, re.IGNORECASE):
            return subject
    return subject


def _switched_kind(
    question: str,
    history: list[Turn],
    topic_words: Callable[[str], list[str]],
    subject_of: Callable[[str], str] | None,
) -> str:
    """The question before, asked of another kind of the thing it named, when ``question`` names only that kind:
    "What about hepatitis C?" after "Is there a vaccine for hepatitis B?" (or after "Is there a vaccine for it?"
    about hepatitis B) asks whether there is one for hepatitis C. "" otherwise."""
    marked = marked_names(question)
    switch = _switch_words().get("en", frozenset())
    if len(marked) != 1 or not switch:
        return ""
    ((head, marks),) = marked.items()
    named = re.search(rf"\b{re.escape(head)}[\s-]+(?:{'|'.join(map(re.escape, marks))})\b", question, re.I)
    if named is None:
        return ""
    # Words besides the kind and the switch's own must be the question before's ("And type 1 diabetes?").
    rest = {
        w
        for w in _LETTERS.findall(fold(question[: named.start()] + question[named.end() :]))
        if w not in switch
    }
    for at in range(len(history) - 1, -1, -1):
        turn = history[at]
        if turn.role != "user" or not _asks_something(turn.content):
            continue
        before = retrieval_text(turn.content, history[:at], topic_words, subject_of)
        said = marked_names(before).get(head, set())
        if not said or said & marks or not rest <= set(_LETTERS.findall(fold(before))):
            return ""
        other = rf"\b{re.escape(head)}[\s-]+(?:{'|'.join(map(re.escape, said))})\b"
        return re.sub(other, named.group(0), before, count=1, flags=re.IGNORECASE)
    return ""


def switched_in_any_language(
    question: str, history: list[Turn], subject_of: Callable[[str], str] | None = None
) -> str:
    """``switched_subject`` in whichever language's words frame ``question``, its subject a rare word of that
    language (the dosing check reads every language, without the documents' words)."""
    return next(
        (
            found
            for code in _switch_words()
            if (found := switched_subject(question, history, None, code, subject_of))
        ),
        "",
    )


def switched_subject(
    question: str,
    history: list[Turn],
    topic_words: Callable[[str], list[str]] | None,
    language: str = "en",
    subject_of: Callable[[str], str] | None = None,
) -> str:
    """The question before, asked of another subject, when ``question`` names only that subject ("And
    naltrexone?", "What about buprenorphine?" after "What are the side effects of methadone?", "¿Y la
    naltrexona?" after "¿Cuánta metadona debo tomar?"); "" otherwise. A question before that named two subjects
    as rare ("Can I take methadone with diazepam?") is not guessed at. A subject is a rare word the documents
    use (``topic_words``), or without them a rare word of ``language``; ``subject_of`` names the question
    before's subject instead (the dosing check: "And kratom?" after "How much gambling is too much?")."""
    switch = _switch_words().get(language)
    if not switch or sum(w not in switch for w in _LETTERS.findall(fold(question))) != 1:
        return ""
    named = _subject_words(question, topic_words, language)
    if len(named) != 1:
        return ""
    rest = _LETTERS.findall(fold(re.sub(rf"\b{re.escape(named[0][1])}\b", " ", question.lower())))
    if not all(w in switch for w in rest):
        return ""
    for at in range(len(history) - 1, -1, -1):
        turn = history[at]
        if turn.role != "user" or not _asks_something(turn.content):
            continue
        # "And buprenorphine?" after "And naltrexone?" asks what that one asked.
        before = switched_subject(turn.content, history[:at], topic_words, language) or turn.content
        subject = subject_of(before) if subject_of else _rarest(before, topic_words, language)
        if not subject or subject == named[0][1] or _pointer(before) is not None:
            return ""
        return re.sub(rf"\b{re.escape(subject)}\b", named[0][1], before, count=1, flags=re.IGNORECASE)
    return ""


# The subject of a question is its rarest word, when the next rarest is this much commoner ("Is zolpidem
# addictive?": zolpidem 2.1, addictive 3.6; "Can I take methadone with benzodiazepines?": 3.0 and 2.7, either).
_SUBJECT_GAP = 0.5
# Shorter words of another language are mostly its function words.
_MIN_SUBJECT_LETTERS = 4


def _subject_words(
    text: str, topic_words: Callable[[str], list[str]] | None, language: str
) -> list[tuple[int, str]]:
    if language == "en" and topic_words is not None:
        return _named(text, topic_words)
    return [
        (m.start(), w)
        for m in _LETTERS.finditer(text.lower())
        if len(w := m.group(0)) >= _MIN_SUBJECT_LETTERS and zipf_frequency(w, language) < SUBJECT_ZIPF
    ]


# The verb right after the asker ("Can I breastfeed on methadone?") is what they would do, not what they ask about.
_ASKERS_VERB = re.compile(
    r"\b(?:can|could|should|may|must|do|did|will|would)\s+(?:i|we|you|one|someone|people)\s+(?:still\s+|safely\s+)?$"
)


def _rarest(text: str, topic_words: Callable[[str], list[str]] | None, language: str) -> str:
    lowered = text.lower()
    by_rarity = sorted(
        (zipf_frequency(w, language), w)
        for w in dict.fromkeys(
            w
            for at, w in _subject_words(text, topic_words, language)
            if language != "en" or not _ASKERS_VERB.search(lowered, 0, at)
        )
    )
    if not by_rarity or (len(by_rarity) > 1 and by_rarity[1][0] - by_rarity[0][0] < _SUBJECT_GAP):
        return ""
    return by_rarity[0][1]


def _pointer(text: str) -> re.Match[str] | None:
    """The first pronoun of ``text`` that stands for a thing."""
    return next((m for m in _PRONOUN.finditer(text) if not _EXPLETIVE.match(text, m.start())), None)


def _first_named(text: str, topic_words: Callable[[str], list[str]]) -> tuple[int, str] | None:
    """(position, word) of the first word in ``text`` that could name a subject, if there is one."""
    return min(_named(text, topic_words), default=None)


def _named(text: str, topic_words: Callable[[str], list[str]]) -> list[tuple[int, str]]:
    """(position, word) of each word in ``text`` that could name a subject."""
    lowered = text.lower()
    return [
        (match.start(), word)
        for word in dict.fromkeys(topic_words(text))
        if zipf_frequency(word, "en") < SUBJECT_ZIPF
        and (match := re.search(rf"\b{re.escape(word)}\b", lowered)) is not None
    ]


def _conversation_subject(
    history: list[Turn],
    topic_words: Callable[[str], list[str]],
    subject_of: Callable[[str], str] | None = None,
    plural: bool = False,
) -> tuple[str, str]:
    """The subject the latest user turn that named one named first ("Is kratom addictive?": kratom), and that
    turn. A turn that was itself a follow-up ("Is it addictive?") names none. The subject of a yes/no question
    (``subject_of``), when the documents use a word of it and it is as ``plural`` as the pronoun, comes before a
    rare word it does not hold ("Is alcohol addictive?": alcohol, not "addictive"; but "they" after "Does alcohol
    withdrawal cause seizures?" stands for the seizures)."""
    for turn in reversed(history):
        if turn.role != "user":
            continue
        named = _first_named(turn.content, topic_words)
        pronoun = _pointer(turn.content)
        said = " ".join(subject_of(turn.content).split()) if subject_of and pronoun is None else ""
        if not (
            said
            and len(said.split()) <= _PHRASE_WORDS
            and topic_words(said)
            and is_plural(said.split()[-1]) == plural
        ):
            said = ""
        if named is not None and (pronoun is None or named[0] < pronoun.start()):
            # The rare word, unless the question names another subject ("Is alcohol addictive?": not "addictive").
            inside = not said or named[1] in re.findall(r"[\w-]+", said.lower())
            return (named[1] if inside else said), turn.content
        if said:
            return said, turn.content
    return "", ""


# A question that asks about two things at once: mixing, comparing, telling apart.
_TWO_THINGS = re.compile(
    r"\b(?:mix\w*|combin\w*|together|interact\w*|compar\w*|differ\w*|between|both)\b", re.IGNORECASE
)
_PAIRED = re.compile(
    r"\b(?:with|and|or|plus|to|like|than|versus|vs\.?)\s+(?:the\s+|a\s+|an\s+)?([\w-]+)", re.IGNORECASE
)


def _both(question: str, before: str, subject: str, topic_words: Callable[[str], list[str]]) -> str:
    """ "{subject} and {other}" when ``question`` asks about two things at once and the question ``before`` it
    paired the subject with another thing the documents name ("... interact with alcohol?"); "" otherwise."""
    if not _TWO_THINGS.search(question):
        return ""
    known = set(topic_words(before))
    for found in _PAIRED.finditer(before):
        other = found.group(1)
        if other.lower() != subject.lower() and other.lower() in known:
            return f"{subject} and {other}"
    return ""


def _things_of(asked: str, subject: str) -> str:
    """The things of ``subject`` that ``asked`` asks about, when they are many ("What are the side effects of
    naloxone?": "side effects of naloxone"; "What are naloxone's risks?": "naloxone's risks"); "" otherwise."""
    words = re.findall(r"[\w-]+", asked.lower())
    if subject not in words:
        return ""
    at = words.index(subject)
    before = words[:at]
    if before[-2:-1] == ["of"] and before[-1] == "the":
        before = before[:-1]
    if before[-1:] == ["of"]:
        head = before[-1 - _PHRASE_WORDS : -1]
        while head and head[0] in STOPWORDS:
            head = head[1:]
        if head and is_plural(head[-1]) and not STOPWORDS.intersection(head):
            return f"{' '.join(head)} of {subject}"
        return ""
    if words[at + 1 : at + 2] != ["s"]:
        return ""
    owned: list[str] = []
    for word in words[at + 2 : at + 2 + _PHRASE_WORDS]:
        if word in STOPWORDS:
            break
        owned.append(word)
        if is_plural(word):
            return f"{subject}'s {' '.join(owned)}"
    return ""


# "they", "them", "their" stand for many things; a phrase naming them is at most this many words before "of".
_PLURAL = frozenset({"they", "them", "their"})
_PHRASE_WORDS = 3


def asks_for_more(question: str, history: list[Turn]) -> str:
    """The replies since the question ``question`` follows, when it only asks for more ("Tell me more", "What
    else?"); "" otherwise. Their quotes were read already: others come first."""
    if not (names_nothing(question) and _kinds()[1].holds(question)):
        return ""
    replies: list[str] = []
    for turn in reversed(history):
        if turn.role == "assistant":
            replies.append(turn.content)
        elif _asks_something(turn.content):
            break
    return "\n".join(replies)
