"""Which words a claim denies (negation cues and their reach, "Unlike X, ..."), and where a prohibition
("Do not ...", "Never ...") names what it forbids.
"""

from __future__ import annotations

from rag.safety.contradictions.lexicon import (
    CERTAINTY_WORDS,
    CLAUSE_OPENERS,
    CLAUSE_PUNCT,
    DOUBT_WORDS,
    FAIL,
    LIKELIHOOD,
    LOW,
    NEGATION_SCOPE,
    NEGATION_TRANSPARENT,
    NEGATIONS,
    PROHIBITIONS,
    SUBORDINATORS,
    words,
)


def negation_mask(tokens: list[str]) -> list[bool]:
    """Whether each token falls under an odd number of negation cues within the preceding few words."""
    mask = [False] * len(tokens)
    for i in range(len(tokens)):
        count, reach, j, verb = 0, 0, i - 1, False
        while j >= 0 and reach < NEGATION_SCOPE and tokens[j] not in CLAUSE_PUNCT:
            # "without" denies the words of its own phrase, not the verb after it: "stopping without medical
            # support can be dangerous" says it can be dangerous.
            if _is_negation(tokens, j) and not (verb and tokens[j] == "without"):
                count += 1
            verb = verb or tokens[j] in _VERBS_AFTER_PHRASE
            if tokens[j] not in NEGATION_TRANSPARENT:
                reach += 1
            j -= 1
        # "no X has been agreed": a determiner "no" reaches a participle at the end of its clause.
        if not count and tokens[i].endswith("ed") and _far_no(tokens, i):
            count = 1
        mask[i] = count % 2 == 1
    for i in _unlike_scope(tokens):
        mask[i] = not mask[i]
    return mask


_VERBS_AFTER_PHRASE = words(
    "is are was were can could may might will would should must has have had does do did"
)


def _unlike_scope(tokens: list[str]) -> range:
    """Tokens of an opening "Unlike X(, which ...)," or "Contrary to X," clause: what it says is denied."""
    if tokens[:2] == ["contrary", "to"] and "," in tokens:
        return range(2, tokens.index(","))
    if not tokens or tokens[0] != "unlike" or "," not in tokens:
        return range(0)
    end = tokens.index(",")
    if tokens[end + 1 : end + 2] in (["which"], ["who"], ["that"]) and "," in tokens[end + 1 :]:
        end = tokens.index(",", end + 1)
    return range(1, end)


def _is_negation(tokens: list[str], j: int) -> bool:
    token = tokens[j]
    return (
        token in NEGATIONS
        or token.endswith("n't")
        or (token == "contrary" and tokens[j + 1 : j + 2] == ["to"])
        or (token in FAIL and tokens[j + 1 : j + 2] == ["to"])
        or (
            token in LIKELIHOOD
            and tokens[j + 1 : j + 2] in (["to"], ["of"])
            and any(t in LOW for t in tokens[max(0, j - 2) : j])
        )
    )


def _far_no(tokens: list[str], i: int) -> bool:
    for j in range(i - 1, max(-1, i - 12), -1):
        if tokens[j] in CLAUSE_PUNCT or tokens[j] == ",":
            return False
        if tokens[j] == "no":
            return True
    return False


def prohibition_start(tokens: list[str]) -> int | None:
    """Index of the verb a prohibition forbids ("Do not use", "If ..., never stop"), or None."""
    start = tokens.index(",") + 1 if tokens and tokens[0] in SUBORDINATORS and "," in tokens else 0
    for opener in PROHIBITIONS:
        end = start + len(opener)
        if tuple(tokens[start:end]) == opener and end < len(tokens) and tokens[end].isalpha():
            return end
    return None


def doubted(tokens: list[str], start: int) -> bool:
    """Whether the clause opening at ``start`` follows "not established that", "unclear whether", "we do not know
    if" and the like: what it says is put in doubt, not asserted."""
    if start == 0 or tokens[start - 1] not in CLAUSE_OPENERS:
        return False
    frame = tokens[max(0, start - 7) : start - 1]
    if any(t in DOUBT_WORDS for t in frame):
        return True
    return denies_certainty(frame)


def denies_certainty(words_: list[str]) -> bool:
    """Whether ``words_`` deny that something is known or shown ("not been established", "do not know")."""
    return any(t in CERTAINTY_WORDS for t in words_) and any(
        t in NEGATIONS or t.endswith("n't") for t in words_
    )
