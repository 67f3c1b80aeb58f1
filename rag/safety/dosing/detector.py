"""Dosing requests in questions (read with the conversation), dosing guidance in passages.

Request side: cheap multilingual patterns first (a hit is final), then one embedding call compares the question with
banks of dosing requests and of benign near misses. A follow-up ("and how often?") is read with the earlier user
turns. Passage side: a sentence with a dose unit, a range, a redosing frequency, a titration or taper step or
pace, or a limit on how long to use it is guidance.
The patterns and example banks are data (``rag/safety/dosing/data/*.yaml``, read by ``bank``); where the line is
drawn, and why, is documented there next to each rule.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict
from wordfreq import zipf_frequency

from rag.retrieval.followup import switched_in_any_language
from rag.safety.dosing.bank import load_banks
from rag.text.language import ENGLISH, detect_language

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from rag.ingest.embedder import Embedder
    from rag.settings import Settings
    from rag.types import Turn

# General on purpose: it is shown whatever the documents are, so it asserts nothing about them or the substance.
HELP_MESSAGE = (
    "I can't give dosing instructions: no amounts, how often, schedules, tapering plans or conversions between "
    "products. The right amount depends on a person's body, their health and whatever else they take, and it can "
    "change over time, so a number from me could do more harm than good. A doctor or pharmacist who knows your "
    "situation can advise you safely, including on how to cut down or stop. If you are struggling with substance "
    "use, in the US you can call the SAMHSA National Helpline at 1-800-662-4357: it is free, confidential and open "
    "24/7; elsewhere, your local health service can help. You are not alone in this."
)


class DosingVerdict(BaseModel):
    """Whether a question asks for dosing, and what decided it."""

    model_config = ConfigDict(extra="forbid")

    is_dosing: bool
    score: float  # similarity to the nearest dosing example (0..1), or 1.0 for a pattern hit
    kind: str | None  # amount, frequency, schedule, taper, conversion, maximum, start, followup
    matched: str | None  # "pattern:<name>", "semantic:<example>" or "followup:<why>", for debugging and eval


# --- normalisation ---------------------------------------------------------------------------------------------
_BANKS = load_banks()
# Chat shorthand that would otherwise hide a pattern ("hw much shud i take"), the words typos are read as
# ("mutch", "dosege") and the real words near them that stay as they are ("does" is not "dose"): data/normalisation.yaml.
_SHORTHAND = _BANKS.shorthand
_TYPO_TARGETS = _BANKS.typo_targets
_NOT_TYPOS = _BANKS.not_typos
_MIN_TYPO_LEN = 4
_KNOWN_WORD_ZIPF = 3.5
_LONG_WORD = 8
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")
_SARA_AM = "\u0e33"
_SPLIT_SARA_AM = unicodedata.normalize("NFKD", _SARA_AM)


def fold(text: str) -> str:
    """Casefolded, Latin diacritics removed (Thai marks kept), one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    # NFKD splits the Thai vowel SARA AM ("ำ") into NIKHAHIT and SARA AA, which no rule is written with: "ทำไม"
    # (why) and "บำบัด" (therapy) went unread.
    text = text.replace(_SPLIT_SARA_AM, _SARA_AM)
    text = _COMBINING_LATIN.sub("", text).replace("đ", "d").replace("ß", "ss")
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(text.split())


def normalise(text: str) -> str:
    """``fold(text)`` with chat shorthand expanded and typos of English key words fixed ("mutch" -> "much")."""
    return _TOKEN.sub(lambda m: _correct(m.group(0)), fold(text))


def _forms(text: str) -> tuple[str, ...]:
    """The folded text and its typo-fixed form. Patterns see both, so that fixing an English typo never turns a
    word of another language into something else ("gramos" stays for the Spanish rules)."""
    folded = fold(text)
    corrected = normalise(text)
    return (folded,) if corrected == folded else (folded, corrected)


def _search(regex: re.Pattern[str], forms: tuple[str, ...]) -> bool:
    return any(regex.search(form) for form in forms)


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    if token in _SHORTHAND:
        return _SHORTHAND[token]
    if len(token) < _MIN_TYPO_LEN or token in _NOT_TYPOS or token in _TYPO_TARGETS or not token.isascii():
        return token
    if zipf_frequency(token, "en") >= _KNOWN_WORD_ZIPF:
        # A common English word is meant as written: "wet mount" is no "amount", "doze" no "dose".
        return token
    best, best_distance = token, _LONG_WORD
    for target in _TYPO_TARGETS:
        allowed = 2 if len(target) >= _LONG_WORD else 1
        if abs(len(target) - len(token)) > allowed:
            continue
        distance = _edit_distance(token, target)
        if distance <= allowed and distance < best_distance:
            best, best_distance = target, distance
    return best


def _edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


# --- patterns --------------------------------------------------------------------------------------------------
_REQUEST = _BANKS.requests
_NAMED_AMOUNT = _BANKS.named_amount
_WHY = _BANKS.why
_STRONG_FOLLOWUP = _BANKS.strong_followup
_WEAK_FOLLOWUP = _BANKS.weak_followup
_BENIGN_TOPIC = _BANKS.benign_topic
_OWN_SUBJECT = _BANKS.own_subject_question
_ACTIVITY_QUESTION = _BANKS.activity_question
_COUNT_QUESTION = _BANKS.count_question
_COUNT_RULES = _BANKS.count_requests
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+")
_BODY_WEIGHT = _BANKS.body_weight
_DOSE_TERM = _BANKS.dose_term
_LEXICAL_VETO = _BANKS.lexical_veto
_RESEARCH = _BANKS.research_question
_KNOWLEDGE = _BANKS.knowledge_question
_ENGLISH_VETO = _BANKS.english_veto
_ELLIPTIC_SUPPLY = _BANKS.elliptic_supply
_SUPPLY_NAMED = _BANKS.supply_named
_TAPER_RISK = _BANKS.taper_risk_question
_WEAK_RULES = _BANKS.weak_requests
_GUIDANCE = _BANKS.guidance
_ROUTINE_RULES = _BANKS.routine_rules
_ROUTINE_PASSAGE = _BANKS.routine_passage
_CLAUSE_END = _BANKS.routine_clause_end
_BEHAVIOUR_QUESTION = _BANKS.behaviour_question
_BEHAVIOUR = _BANKS.behaviour


def match_request(text: str) -> tuple[str, str] | None:
    """(kind, pattern name) of the first request pattern that ``text`` (raw) matches, or None."""
    forms = _forms(text)
    if _search(_WHY, forms):
        # A "why" question asks for reasons; only an amount named in it still makes it a dosing request.
        return ("amount", "en-named-dose") if _search(_NAMED_AMOUNT, forms) else None
    # "amount" is the catch-all kind (any "how much", "berapa", "กี่"): a more specific kind that also matches
    # ("dosing schedule", "berapa kali sehari") says better what is asked, whatever the order of the patterns.
    generic: tuple[str, str] | None = None
    research = _search(_RESEARCH, forms)
    for kind, name, regex in _REQUEST:
        if (research and name in _WEAK_RULES) or not _search(regex, forms):
            continue
        if kind == "taper" and _search(_TAPER_RISK, forms):
            continue  # whether tapering is safe: read only once a taper rule matched
        if name in _COUNT_RULES and not any(_search(regex, sentence) for sentence in _uncounted(text)):
            continue
        if kind != "amount":
            return kind, name
        generic = generic or (kind, name)
    return generic


@lru_cache(maxsize=4096)
def _uncounted(text: str) -> tuple[tuple[str, ...], ...]:
    """The forms of each sentence of ``text`` that neither counts things nobody takes nor asks how often one
    attends, visits or is tested: the rules marked ``counts`` and the dose vocabulary read only these, so that
    "How many studies are there? How much should I take?" is still read whole."""
    sentences = (_forms(sentence) for sentence in _SENTENCE_BREAK.split(text.strip()))
    return tuple(
        forms
        for forms in sentences
        if not (_search(_ACTIVITY_QUESTION, forms) or _search(_COUNT_QUESTION, forms))
    )


def behaviour_named(question: str) -> str:
    """The behaviour ``question`` counts (BEHAVIOUR_QUESTION: "How much gambling is too much?": "gambling"), as
    written; "" when it counts none."""
    for form in _forms(question):
        found = _BEHAVIOUR.search(form) if _BEHAVIOUR_QUESTION.search(form) else None
        # As written: the folded form of "Glücksspiel" is not a word of the question.
        if found and found.group(0) in question.lower():
            return found.group(0)
    return ""


def dose_vocabulary(text: str) -> str | None:
    """The dosing word ``text`` uses ("dosing", "how much", "per day"), unless it also names a knowledge topic."""
    forms = _forms(text)
    if _search(_LEXICAL_VETO, forms) or _search(_WHY, forms) or _search(_RESEARCH, forms):
        return None
    if _search(_ENGLISH_VETO, forms) and detect_language(text) == ENGLISH:
        return None
    for sentence in _uncounted(text):
        for form in sentence:
            found = _DOSE_TERM.search(form)
            if found:
                return found.group(0)
    return None


def _asks_supply_of(question: str, before: str) -> bool:
    """Whether ``question`` counts nothing it names ("How many can I get?") right after ``before``, a question
    naming equipment or naloxone that is no dosing request itself: it asks how many a service gives out."""
    return (
        _search(_ELLIPTIC_SUPPLY, _forms(question))
        and _search(_SUPPLY_NAMED, _forms(before))
        and match_request(before) is None
        and dose_vocabulary(before) is None
    )


def asks_for_knowledge(text: str) -> bool:
    """Whether ``text`` asks what a substance does (KNOWLEDGE_QUESTION) without any dose vocabulary: then the
    semantic check alone does not make it a request."""
    forms = _forms(text)
    return _search(_KNOWLEDGE, forms) and not _search(_DOSE_TERM, forms)


@lru_cache(maxsize=32_768)
def guidance_rule(sentence: str) -> str | None:
    """Name of the first passage rule that ``sentence`` matches (for the eval report), or None. Remembered: one
    answer checks each candidate sentence up to three times (selection, yes/no groups, disputes), and a corpus's
    sentences come back question after question; the rules were a fifth of ask()'s time."""
    text = _as_test_strips(" ".join(sentence.replace("’", "'").split()))
    # The unit words are written without diacritics, as questions are read ("capsulas", "vien"); a passage is
    # read as written and folded, so "2 cápsulas" and "2 viên" are amounts too.
    folded = fold(text)
    forms = (text,) if folded == text.casefold() else (text, folded)
    for name, regex in _GUIDANCE:
        if any(_withholds(name, regex, form) for form in forms):
            return name
    return None


def _withholds(name: str, regex: re.Pattern[str], text: str) -> bool:
    """Whether rule ``name`` finds guidance in ``text``: for a rule marked ``routine``, in a clause that is not
    about a behaviour or a routine (ROUTINE_PASSAGE). Read clause by clause, so that a whole answer checked for a
    leak is judged as its quotes were."""
    if name not in _ROUTINE_RULES:
        return regex.search(text) is not None
    for found in regex.finditer(text):
        start = max((m.start() for m in _CLAUSE_END.finditer(text, 0, found.start())), default=0)
        end = _CLAUSE_END.search(text, found.end())
        clause = text[start : end.start() if end else len(text)].lstrip(" .!?;,")
        if not _ROUTINE_PASSAGE.search(clause):
            return True
    return False


# A strip is a dose (a film under the tongue) unless the sentence is about test strips: then "one strip" is one of
# those ("Test strips can also detect xylazine, so one strip covers both risks").
_TEST_STRIPS = re.compile(r"\btest strips?\b", re.IGNORECASE)
_BARE_STRIP = re.compile(r"(?<!\btest )\b(strips?)\b", re.IGNORECASE)


def _as_test_strips(text: str) -> str:
    return _BARE_STRIP.sub(r"test \1", text) if _TEST_STRIPS.search(text) else text


def is_dosing_guidance(sentence: str) -> bool:
    """True when the sentence tells how much, how often, how long or how to titrate or taper; never quoted."""
    return guidance_rule(sentence) is not None


def contains_dose_leak(text: str) -> bool:
    """True when ``text`` holds a number with a dose unit, a dose range, a redosing frequency or titration advice.

    The rules are the passage rules applied to the whole text, so whatever would be withheld counts as a leak.
    """
    return is_dosing_guidance(text)


# --- the detector ----------------------------------------------------------------------------------------------
class _Bank:
    """Embedded example requests with the kind each one stands for."""

    def __init__(self, embedder: Embedder, examples: Sequence[tuple[str, str | None]]) -> None:
        self.texts = [text for text, _ in examples]
        self.kinds = [kind for _, kind in examples]
        self.vectors = embedder.embed(self.texts)

    def nearest(self, vector: NDArray[np.float32]) -> tuple[float, int]:
        sims = self.vectors @ vector
        best = int(np.argmax(sims))
        return float(sims[best]), best


class DosingDetector:
    """Decides whether a question asks for dosing; both example banks are embedded once, here."""

    def __init__(self, embedder: Embedder, settings: Settings) -> None:
        self._embedder = embedder
        self._settings = settings
        dosing = [(text, kind) for kind, texts in _BANKS.dosing_examples.items() for text in texts]
        self._dosing = _Bank(embedder, dosing)
        self._benign = _Bank(embedder, [(text, None) for text in _BANKS.benign_examples])

    def is_dosing_guidance(self, sentence: str) -> bool:
        """Passage side: True for a sentence that must never be quoted."""
        return is_dosing_guidance(sentence)

    def assess_request(self, question: str, history: list[Turn]) -> DosingVerdict:
        """Read ``question`` with the recent ``history`` and say whether it asks for dosing."""
        users, assistants = self._recent(history)
        if users and _asks_supply_of(question, users[-1]):
            return DosingVerdict(is_dosing=False, score=0.0, kind=None, matched=None)
        hit = match_request(question)
        if hit is not None:
            return DosingVerdict(is_dosing=True, score=1.0, kind=hit[0], matched=f"pattern:{hit[1]}")
        term = dose_vocabulary(question)
        if term is not None:
            return DosingVerdict(is_dosing=True, score=1.0, kind="amount", matched=f"lexical:{term}")
        # "And kava?" after "How much kratom should I take?" asks how much kava; after "What are the side effects
        # of kratom?", what kava's are, whatever was asked before that.
        # "And kratom?" after "How much gambling is too much?" asks how much kratom is: the behaviour is the
        # subject it replaces, though a common word ("¿Y el kratom?" replaced "demasiadas", the rarest).
        switched = (
            switched_in_any_language(question, history, behaviour_named)
            or switched_in_any_language(question, history)
            if users
            else ""
        )
        if switched:
            verdict = self.assess_request(switched, history)
            return (
                verdict.model_copy(update={"matched": f"switched:{verdict.matched}"})
                if verdict.is_dosing
                else verdict
            )
        followup = bool(users or assistants) and self._is_followup(question)
        context = " ".join([*users[-1:], question])
        texts = [question, context, *users] if followup else [question]
        vectors = self._embed_readable(texts)
        # The English model reads other languages as near-noise: Indonesian questions about coffee or mood sat
        # closer to an Indonesian dosing example than any English question to its own. Questions in other
        # languages are refused by the multilingual patterns; their conversation is still read below.
        own = self._semantic(vectors[0] if detect_language(question) == ENGLISH else None, question)
        if own.is_dosing or not followup:
            return own
        return self._followup(question, context, users, assistants, vectors, own)

    # -- follow-ups ---------------------------------------------------------------------------------------------
    def _recent(self, history: list[Turn]) -> tuple[list[str], list[str]]:
        window = (
            history[len(history) - self._settings.history_turns :] if self._settings.history_turns else []
        )
        users = [t.content for t in window if t.role == "user"]
        keep = self._settings.dosing_context_user_turns
        assistants = [t.content for t in window if t.role == "assistant"]
        return (users[len(users) - keep :] if keep else []), assistants

    @staticmethod
    def _is_followup(question: str) -> bool:
        forms = _forms(question)
        if (
            _search(_BENIGN_TOPIC, forms)
            or _search(_WHY, forms)
            or _search(_OWN_SUBJECT, forms)
            or not _uncounted(question)
        ):
            return False
        return _search(_STRONG_FOLLOWUP, forms) or _search(_WEAK_FOLLOWUP, forms)

    def _followup(
        self,
        question: str,
        context: str,
        users: list[str],
        assistants: list[str],
        vectors: list[NDArray[np.float32] | None],
        own: DosingVerdict,
    ) -> DosingVerdict:
        # "ok, how much then?" after any question about a substance asks for an amount of that substance.
        if _search(_STRONG_FOLLOWUP, _forms(question)):
            return self._followup_verdict(own.score, "strong-cue")
        prior_patterns = any(
            match_request(text) or dose_vocabulary(text) or _search(_BODY_WEIGHT, _forms(text))
            for text in users
        )
        prior_semantic = any(
            self._semantic(vec, text).is_dosing for vec, text in zip(vectors[2:], users, strict=True)
        )
        if prior_patterns or prior_semantic or any(contains_dose_leak(text) for text in assistants):
            return self._followup_verdict(own.score, "dosing-context")
        in_context = self._semantic(vectors[1], context)
        if in_context.is_dosing:
            return self._followup_verdict(in_context.score, f"context:{in_context.matched}")
        return own

    @staticmethod
    def _followup_verdict(score: float, why: str) -> DosingVerdict:
        return DosingVerdict(is_dosing=True, score=score, kind="followup", matched=f"followup:{why}")

    # -- semantic check -----------------------------------------------------------------------------------------
    def _embed_readable(self, texts: list[str]) -> list[NDArray[np.float32] | None]:
        """One embedding call; None for texts the English model cannot read (e.g. Thai script)."""
        readable = [i for i, text in enumerate(texts) if self._model_can_read(text)]
        out: list[NDArray[np.float32] | None] = [None] * len(texts)
        if readable:
            vectors = self._embedder.embed([texts[i] for i in readable])
            for row, i in enumerate(readable):
                out[i] = vectors[row]
        return out

    def _model_can_read(self, text: str) -> bool:
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return False
        latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
        return latin / len(letters) >= self._settings.dosing_min_model_script_ratio

    def _semantic(self, vector: NDArray[np.float32] | None, text: str) -> DosingVerdict:
        """The nearest-example check on ``vector``, the embedding of ``text``; a question that asks what the
        substance does (``asks_for_knowledge``), or only counts things nobody takes (``_uncounted``), is never a
        request on this check alone."""
        if vector is None:
            return DosingVerdict(is_dosing=False, score=0.0, kind=None, matched=None)
        dose_sim, dose_row = self._dosing.nearest(vector)
        benign_sim, _ = self._benign.nearest(vector)
        is_dosing = (
            dose_sim >= self._settings.dosing_similarity_threshold
            and dose_sim - benign_sim >= self._settings.dosing_margin
            and not asks_for_knowledge(text)
            # Not when every sentence counts things nobody takes or asks about attending or being tested.
            and bool(_uncounted(text))
        )
        return DosingVerdict(
            is_dosing=is_dosing,
            score=max(0.0, min(1.0, dose_sim)),
            kind=self._dosing.kinds[dose_row] if is_dosing else None,
            matched=f"semantic:{self._dosing.texts[dose_row]}" if is_dosing else None,
        )
