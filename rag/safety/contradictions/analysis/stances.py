"""The sides a claim takes, by kind: effects (relieves, causes, risk of, side effects listed), safety,
precision; and whether it asserts strong evidence or hedges.
"""

from __future__ import annotations

from rag.safety.contradictions.analysis.records import Analysis, Stance
from rag.safety.contradictions.analysis.subject import objects_after
from rag.safety.contradictions.analysis.words import is_anchor, lemma_of
from rag.safety.contradictions.lexicon import (
    ADVERSE_HEADS,
    AFTER_PREDICATE,
    BENEFIT,
    BENEFIT_HEADS,
    CAUSE,
    CAUSE_PHRASES,
    CLAUSE_PUNCT,
    COMPARATIVE_BE,
    COPULA,
    DANGEROUS,
    DETERMINERS,
    HARM,
    HARMFUL_PROPERTY,
    HEDGE,
    HIGH,
    IMPRECISE,
    LIST_OPENERS,
    LOW,
    NO_EFFECT,
    OCCURRENCE,
    PRECISE,
    PREDICATE_SKIP,
    RELIEF_NOUNS,
    RELIEVE,
    REPORT_VERBS,
    RISK_FOR,
    RISK_NOUNS,
    SAFE,
    SMALLER,
    STRONG_EVIDENCE,
    VARY,
)


def add_effect_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Effects: what the claim says relieves, benefits, causes or risks what, and side effects it lists."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Stance] = []
    for i, token in enumerate(tokens):
        pair = tuple(tokens[i : i + 2])
        cue = token
        if token in RELIEVE:
            value, kind, after = 1, "relieve", i + 1
        elif token in BENEFIT:
            value, kind, after = 1, "benefit", i + 1
        elif token in CAUSE or token in HARM:
            value, kind, after = -1, "cause", i + 1
        elif pair in CAUSE_PHRASES:
            value, kind, after, cue = -1, "cause", i + 2, " ".join(pair)
        elif pair in NO_EFFECT:
            value, kind, after = 0, "none", i + 2
        elif (token in RISK_NOUNS and tokens[i + 1 : i + 2] in (["of"], ["for"])) or (
            token in RISK_FOR and tokens[i + 1 : i + 2] == ["for"]
        ):
            if _said_smaller(tokens, i):
                continue  # one group's risk set against another's: no side on what causes X

            value, kind, after = _risk_value(tokens, i, negated), "risk", i + 2
        elif token in HARMFUL_PROPERTY and _predicative(tokens, i):
            anchor = lemma_of(HARMFUL_PROPERTY[token])
            out.append(Stance("effect", anchor, token, -1, negated[i], "property", token, i))
            continue
        else:
            continue
        if kind == "none" and negated[i]:
            continue
        neg = negated[i] if kind not in ("risk", "none") else False
        relief = next(
            (k for k in range(after, min(len(tokens), after + 3)) if tokens[k] in RELIEF_NOUNS), None
        )
        if relief is not None and value == -1:
            # "linked to the reduction of X": the verb no longer says what happens to X.
            value, kind, after, cue = 1, "relieve", relief + 1, ""
        for lemma, surface, k in objects_after(tokens, lemmas, after):
            out.append(Stance("effect", lemma, surface, value, neg, kind, cue if kind != "risk" else "", k))
    out.extend(_occurrence_stances(tokens, lemmas))
    analysis.stances.extend(_drop_mixed(out))


def _risk_value(tokens: list[str], i: int, negated: list[bool]) -> int:
    window = tokens[max(0, i - 3) : i]
    if any(w in RELIEVE for w in window):
        # "reduces the risk of X" is good for X; "does not reduce the risk" leaves it as it was.
        return 0 if negated[i] else 1
    if (
        any(w in LOW for w in window)
        or negated[i]
        or ("without" in window and not any(w in HIGH for w in window))
    ):
        return 1
    if "without" in window:  # "without the high risk of X"
        return 1
    return -1


def _said_smaller(tokens: list[str], i: int) -> bool:
    """ "the risk of X is about half that of ...": the risk noun at ``i`` is said to be smaller."""
    for k in range(i + 1, min(len(tokens), i + 10)):
        if tokens[k] in CLAUSE_PUNCT or tokens[k] == ",":
            return False
        if tokens[k] in COMPARATIVE_BE:
            return any(t in SMALLER for t in tokens[k + 1 : k + 4])
    return False


def _occurrence_stances(tokens: list[str], lemmas: list[str]) -> list[Stance]:
    """Things listed as side effects or as experienced: "side effects include X, Y and Z" asserts X, Y, Z."""
    out: list[Stance] = []
    for i, token in enumerate(tokens):
        opens = token in OCCURRENCE and token.startswith("experienc")
        if token in REPORT_VERBS and _reports_something(tokens, i):
            opens = True
        if token in LIST_OPENERS and any(t in ADVERSE_HEADS for t in tokens[max(0, i - 4) : i]):
            opens = True
        # "These can include X, Y": a list of possibilities is a list of things that happen.
        if token == "include" and i and tokens[i - 1] in ("can", "may", "might", "could"):
            opens = not any(t in BENEFIT_HEADS for t in tokens[max(0, i - 4) : i])
        if not opens:
            continue
        for k in range(i + 1, min(len(tokens), i + 16)):
            if tokens[k] in CLAUSE_PUNCT or tokens[k] in ("when", "especially", "particularly"):
                break
            if is_anchor(tokens[k]):
                out.append(Stance("effect", lemmas[k], tokens[k], -1, False, "occurs", "", k))
    return out


def _reports_something(tokens: list[str], i: int) -> bool:
    """ "(users) report X" as a verb with its object, not "the reports" or "reports suggest"."""
    if i == 0 or tokens[i - 1] in DETERMINERS or tokens[i - 1] in CLAUSE_PUNCT:
        return False
    return i + 1 < len(tokens) and is_anchor(tokens[i + 1])


def _drop_mixed(stances: list[Stance]) -> list[Stance]:
    """A claim that says both "causes or relieves X" takes no side on X."""
    signs: dict[str, set[int]] = {}
    for s in stances:
        signs.setdefault(s.anchor, set()).add(-s.value if s.negated else s.value)
    return [s for s in stances if len(signs[s.anchor] - {0}) <= 1]


def _predicative(tokens: list[str], i: int) -> bool:
    """ "X is (not considered) safe" or "while safe for ...": the adjective is said of the subject."""
    j = i - 1
    while j >= 0 and tokens[j] in PREDICATE_SKIP:
        j -= 1
    if j >= 0 and tokens[j] in COPULA:
        return True
    opens_clause = j < 0 or tokens[j] in ("while", "although", "though", ",")
    following = tokens[i + 1] if i + 1 < len(tokens) else "."
    return opens_clause and (following in AFTER_PREDICATE or following in CLAUSE_PUNCT)


def add_safety_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Safety: whether the claim calls its subject safe (+1) or dangerous (-1)."""
    tokens = analysis.tokens
    for i, token in enumerate(tokens):
        if token in SAFE and _predicative(tokens, i):
            value = 1
        elif (
            (token in DANGEROUS and (token.endswith("s") or _predicative(tokens, i)))
            or (
                token in ("risk", "risks") and i and tokens[i - 1] in HIGH and tokens[i + 1 : i + 2] != ["of"]
            )
            or (
                token in ("pose", "poses", "carries", "carry")
                and any(t in HIGH for t in tokens[i + 1 : i + 3])
            )
        ):
            value = -1
        else:
            continue
        analysis.stances.append(Stance("safety", "", token, value, negated[i], "safety"))


def add_precision_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Precision: whether what the claim names is said to be precise (+1) or imprecise or to vary (-1)."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    for i, token in enumerate(tokens):
        if token in PRECISE or token in IMPRECISE:
            value = 1 if token in PRECISE else -1
            anchors = objects_after(tokens, lemmas, i + 1, width=4)
        elif token in VARY:
            value = -1
            anchors = [(lemmas[k], tokens[k], k) for k in range(max(0, i - 3), i) if is_anchor(tokens[k])][
                -1:
            ]
        else:
            continue
        for lemma, surface, k in anchors:
            analysis.stances.append(
                Stance("precision", lemma, surface, value, negated[i], "precision", token, k)
            )


def evidence_of(tokens: list[str]) -> int:
    """+1 when the claim asserts strong evidence, -1 when it hedges (hedging wins), 0 otherwise."""
    joined = " " + " ".join(tokens) + " "
    hedged = any(f" {' '.join(p)} " in joined for p in HEDGE)
    strong = any(f" {' '.join(p)} " in joined for p in STRONG_EVIDENCE)
    if hedged:
        return -1
    return 1 if strong else 0
