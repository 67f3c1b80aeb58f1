"""The sides a claim takes, by kind: effects (relieves, causes, risk of, side effects listed), safety,
precision; and whether it asserts strong evidence or hedges.
"""

from __future__ import annotations

from itertools import takewhile

from rag.safety.contradictions.analysis.negation import denies_certainty, doubted
from rag.safety.contradictions.analysis.records import Analysis, Stance
from rag.safety.contradictions.analysis.subject import objects_after
from rag.safety.contradictions.analysis.words import is_anchor, is_content, is_effect_anchor, lemma_of
from rag.safety.contradictions.lexicon import (
    ADVERSE_HEADS,
    ADVISED,
    AFTER_INTRANSITIVE,
    AFTER_PREDICATE,
    AFTER_WORKS,
    BEFORE_DESCRIPTION,
    BEFORE_VERB,
    BENEFIT,
    BENEFIT_HEADS,
    BENEFIT_NOUNS,
    CAUSE,
    CAUSE_PHRASES,
    CHANGE_WORDS,
    CLAUSE_OPENERS,
    CLAUSE_PUNCT,
    COMPARATIVE_BE,
    CONDITIONS,
    COORDINATORS,
    COPULA,
    DANGEROUS,
    DESCRIPTIVE_FORMS,
    DETERMINERS,
    DOUBT_WORDS,
    EFFECTIVE,
    FOUND_TO_BE,
    GOODS,
    HARM,
    HARMFUL_PROPERTY,
    HEDGE,
    HIGH,
    IMPRECISE,
    INEFFECTIVE,
    ITEM_COMPLEMENT,
    LESS_OF,
    LIST_OPENERS,
    LOW,
    MORE_OF,
    NO_EFFECT,
    NOT_BEFORE_WORK,
    OCCURRENCE,
    PRECISE,
    PREDICATE_ADVERBS,
    PREDICATE_NOT_DEGREE,
    PREDICATE_SKIP,
    RARELY,
    RELIEF_NOUNS,
    RELIEVE,
    REPORT_VERBS,
    REPORTED_CLAIMS,
    RISK_BEARING,
    RISK_FOR,
    RISK_NOUNS,
    SAFE,
    SAFETY_NOUNS,
    SMALLER,
    STOPPING,
    STOPPING_PHRASES,
    STRONG_EVIDENCE,
    TO_STOP,
    TO_STOP_PHRASES,
    VARY,
    WORKS,
)


def add_effect_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Effects: what the claim says relieves, benefits, causes or risks what, and side effects it lists."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Stance] = []
    supposed = in_condition(tokens)
    for i, token in enumerate(tokens):
        pair = tuple(tokens[i : i + 2])
        cue = token
        if supposed[i] or (token in _EFFECT_CUES and (_descriptive(tokens, i) or _noun_use(tokens, i))):
            continue
        if token in _EFFECT_CUES and (_gerund_subject(tokens, i) or _purpose(tokens, i)):
            continue
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

            risk = _risk_value(tokens, i, negated)
            if risk is None:
                continue
            value, kind, after = risk, "risk", i + 2
        elif token in HARMFUL_PROPERTY and _predicative(tokens, i):
            anchor = lemma_of(HARMFUL_PROPERTY[token])
            out.append(Stance("effect", anchor, token, -1, negated[i], "property", token, i, i))
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
        for lemma, surface, k in objects_after(tokens, lemmas, after, means=kind == "relieve"):
            # Less or more of something wanted: the other side of what the word says of a harm.
            flip = surface in GOODS and cue in LESS_OF | MORE_OF and _heads_phrase(tokens, k)
            out.append(
                Stance(
                    "effect",
                    lemma,
                    surface,
                    -value if flip else value,
                    neg,
                    kind,
                    cue if kind != "risk" else "",
                    k,
                    i,
                )
            )
    out.extend(_occurrence_stances(tokens, lemmas, negated, supposed))
    analysis.stances.extend(_drop_mixed(out))


_EFFECT_CUES = RELIEVE | BENEFIT | CAUSE | HARM
_BE_FORMS = frozenset({"is", "are", "was", "were"})


def _noun_use(tokens: list[str], i: int) -> bool:
    """The effect word at ``i`` names a thing instead of saying what acts: after an article or possessive ("the
    support of family", "finding the cause of the pain"), or ending its phrase ("breathing support, weight loss").
    "The cause of X is Y", opening its clause, still says what causes X (its agent is read after the verb)."""
    after = tokens[i + 1] if i + 1 < len(tokens) else "."
    if after in CLAUSE_PUNCT or after == ",":
        return True
    if _after_preposition(tokens, i):
        return True
    if i == 0 or tokens[i - 1] not in DETERMINERS:
        return False
    opens_clause = i == 1 or tokens[i - 2] in CLAUSE_PUNCT or tokens[i - 2] == ","
    if tokens[i] in CAUSE and after == "of" and opens_clause:
        clause = takewhile(lambda t: t not in CLAUSE_PUNCT and t != ",", tokens[i + 2 :])
        return not any(t in _BE_FORMS for t in clause)
    return True


# A preposition, or one with an adjective after it, before an effect word that is also a noun: "without medical
# support can be dangerous", "with help from family". Not "to" (an infinitive: "to help"), not "of" ("the cause of
# X is Y" is read above), and not a form that is only a verb ("by improving sleep").
_NOUN_PREPOSITIONS = frozenset({"without", "with", "for", "from", "via", "through", "despite", "under"})
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ful", "ous", "ary", "ent", "ant", "ile", "less")


def _after_preposition(tokens: list[str], i: int) -> bool:
    if tokens[i].endswith(("ing", "ed")) or i == 0:
        return False
    if tokens[i - 1] in _NOUN_PREPOSITIONS:
        return True
    return i >= 2 and tokens[i - 2] in _NOUN_PREPOSITIONS and tokens[i - 1].endswith(_ADJECTIVE_ENDINGS)


def _purpose(tokens: list[str], i: int) -> bool:
    """ "In order to prevent X, ...", "To reduce X, ...", "guidance on how to reduce X": an aim or an
    instruction, not a claim that anything acts on X."""
    if i == 0 or tokens[i - 1] != "to":
        return False
    before = tokens[max(0, i - 3) : i - 1]
    return i == 1 or bool(before and before[-1] in _AIMING) or before in (["in", "order"], ["so", "as"])


# "how to reduce X", "an attempt to prevent X", "the study aimed to reduce X": what is tried, not what works.
_AIMING = frozenset(
    {"how", "attempt", "attempts", "attempting", "aim", "aims", "aimed", "aiming", "seek", "seeks", "seeking"}
    | {"try", "tries", "tried", "trying", "effort", "efforts"}
)


def _gerund_subject(tokens: list[str], i: int) -> bool:
    """The effect word at ``i`` opens its clause as a gerund that a copula or another effect word then describes
    ("Mitigating the spread of X is a national priority", "Preventing infection was the goal", "found that
    treating X with Y does not increase the risk of Z"): a goal or a topic, not a claim that anything acts on X."""
    if not tokens[i].endswith("ing") or (i and tokens[i - 1] not in _CLAUSE_OPENING):
        return False
    for k in range(i + 1, min(len(tokens), i + 12)):
        if tokens[k] in CLAUSE_PUNCT or tokens[k] == ",":
            return False
        if tokens[k] in _BE_FORMS or tokens[k] in ("remains", "remained"):
            return True
        if tokens[k] in _EFFECT_CUES:
            return k > i + 1
    return False


# What a gerund subject follows: the start of a clause, or "that" opening a reported one ("found that ...").
_CLAUSE_OPENING = CLAUSE_PUNCT | {",", "that"}


def _heads_phrase(tokens: list[str], k: int) -> bool:
    """Word ``k`` ends its noun phrase ("REM sleep", "the quality of life"), rather than naming what the next
    word is about ("sleep problems", "sleep apnea")."""
    return k + 1 >= len(tokens) or not is_content(tokens[k + 1])


def in_condition(tokens: list[str]) -> list[bool]:
    """Whether each token stands in a condition ("If medication fails to relieve pain, ...", "whether it
    causes X is unclear") or in what others claim ("warnings that it causes X were not confirmed"): it
    supposes or reports, it does not assert. Either runs to the next comma or clause end."""
    inside, mask = False, []
    for k, token in enumerate(tokens):
        if token in CLAUSE_PUNCT or token == ",":
            inside = False
        mask.append(inside)
        # "... should the country experience sustained transmission": "should" before its subject supposes.
        if (
            token in CONDITIONS
            or (token == "should" and tokens[k + 1 : k + 2] and tokens[k + 1] in _SUBJECTS)
            or (token == "that" and k and tokens[k - 1] in REPORTED_CLAIMS)
        ):
            inside = True
    return mask


_SUBJECTS = DETERMINERS | frozenset({"you", "we", "they", "it", "he", "she", "there"})


def _descriptive(tokens: list[str], i: int) -> bool:
    """The effect word at ``i`` describes a thing or a change ("increased expression of the receptor", "a
    decrease in hospitalisations", "lower death rates", "incidence decreases with age") instead of saying that
    something acts on what follows ("the infection induced its expression", "valerian can reduce anxiety"). A measured
    change is a finding about a group, not a side taken on what causes or relieves: two such findings in one
    study are no disagreement."""
    token = tokens[i]
    k = i + 1
    while k < len(tokens) and tokens[k].endswith("ly"):
        k += 1
    after = tokens[k] if k < len(tokens) else "."
    if after == "than" or (token in CHANGE_WORDS and after in AFTER_INTRANSITIVE):
        return True
    k = i - 1
    while k >= 0 and (tokens[k].endswith("ly") or tokens[k] in ("further", "much", "even", "more")):
        k -= 1
    before = tokens[k] if k >= 0 else "."
    if token == "lower":
        return before not in BEFORE_VERB
    if not (token.endswith("ed") or token in DESCRIPTIVE_FORMS):
        return False
    return before in BEFORE_DESCRIPTION or before in CLAUSE_PUNCT or before[:1].isdigit()


def _risk_value(tokens: list[str], i: int, negated: list[bool]) -> int | None:
    window = tokens[max(0, i - 3) : i]
    if "at" in window[-2:]:
        # "Older people are at higher risk of X", "health workers are at high risk of X": who is at risk, not
        # what makes it so; as "at risk for X" below, no side on X.
        return None
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
    if any(w in HIGH or w in CAUSE or w in RISK_BEARING for w in window):
        return -1
    # "at risk for X", "risk factors for X", "the risk of X is ...": the risk is named, not said to be high or
    # low, and not said to come from anything: no side on X.
    return None


def _said_smaller(tokens: list[str], i: int) -> bool:
    """ "the risk of X is about half that of ...": the risk noun at ``i`` is said to be smaller."""
    for k in range(i + 1, min(len(tokens), i + 10)):
        if tokens[k] in CLAUSE_PUNCT or tokens[k] == ",":
            return False
        if tokens[k] in COMPARATIVE_BE:
            return any(t in SMALLER for t in tokens[k + 1 : k + 4])
    return False


# Words before "experience" that make it the noun of familiarity ("has experience", "clinical experience").
_HAVE_EXPERIENCE = frozenset(
    {
        "has",
        "have",
        "had",
        "having",
        "with",
        "without",
        "clinical",
        "prior",
        "previous",
        "little",
        "much",
        "more",
        "less",
    }
)


_ITEM_SEPARATORS = frozenset({",", "and", "or"})


def _occurrence_stances(
    tokens: list[str], lemmas: list[str], negated: list[bool], supposed: list[bool]
) -> list[Stance]:
    """Things listed as side effects or as experienced: "side effects include X, Y and Z" asserts X, Y, Z.
    A denied experience ("appear not to experience disease") lists nothing: it says who does not, not what
    does not cause it. An experience supposed ("should the country experience X") lists nothing either."""
    out: list[Stance] = []
    for i, token in enumerate(tokens):
        if negated[i] or supposed[i]:
            continue
        opens = token in OCCURRENCE and token.startswith("experienc") and not _expertise(tokens, i)
        if token in REPORT_VERBS and _reports_something(tokens, i):
            opens = True
        if token in LIST_OPENERS and _adverse_head(tokens, max(0, i - 4), i, _CONDITION_HEADS):
            opens = True
        # "These can include X, Y": a list of possibilities is a list of things that happen, unless what
        # includes them is a list of treatments or benefits ("Available treatments ... may include: X, Y").
        if token == "include" and i and tokens[i - 1] in ("can", "may", "might", "could"):
            start = _clause_start(tokens, i)
            opens = not any(t in BENEFIT_HEADS for t in tokens[start:i]) or _adverse_head(tokens, start, i)
        if not opens:
            continue
        complement = False
        for k in range(i + 1, min(len(tokens), i + 16)):
            if tokens[k] in CLAUSE_PUNCT or tokens[k] in ("when", "especially", "particularly"):
                break
            if tokens[k] in ITEM_COMPLEMENT or tokens[k] in _ITEM_SEPARATORS:
                complement = tokens[k] in ITEM_COMPLEMENT
            elif is_effect_anchor(tokens[k]) and not complement:
                out.append(Stance("effect", lemmas[k], tokens[k], -1, False, "occurs", "", k, i))
    return out


def _expertise(tokens: list[str], i: int) -> bool:
    """ "a doctor who has experience with X", "experience in treating X": the noun of familiarity, which says
    nothing about X happening to anyone (the verb does: "users experience X")."""
    if i + 1 < len(tokens) and tokens[i + 1] in ("with", "in"):
        return True
    return tokens[i] == "experience" and i > 0 and tokens[i - 1] in _HAVE_EXPERIENCE


def _clause_start(tokens: list[str], i: int) -> int:
    start = i
    while start > 0 and tokens[start - 1] not in CLAUSE_PUNCT:
        start -= 1
    return start


# A condition's signs ("These symptoms include pain, diarrhoea ...", of withdrawal): they come with it, and
# say nothing against what relieves them ("opioids relieve pain"); a drug's side effects do.
_CONDITION_HEADS = frozenset({"symptoms", "signs"})


def _adverse_head(tokens: list[str], lo: int, hi: int, besides: frozenset[str] = frozenset()) -> bool:
    """A word naming harms ("side effects", "symptoms") among tokens ``lo``..``hi``, not as what something
    relieves ("focus on alleviating symptoms and may include: ..." lists treatments); ``besides``: heads that
    do not count."""
    return any(
        tokens[k] in ADVERSE_HEADS
        and tokens[k] not in besides
        and not (k and tokens[k - 1] in RELIEVE | BENEFIT)
        for k in range(lo, hi)
    )


def _reports_something(tokens: list[str], i: int) -> bool:
    """ "(users) report X" as a verb with its object, not "the reports", "reports suggest", "there are reports
    showing ..." or the passive "X was reported"."""
    if i == 0 or tokens[i - 1] in DETERMINERS or tokens[i - 1] in CLAUSE_PUNCT:
        return False
    if any(t in _BE_FORMS or t in ("be", "been", "being") for t in tokens[max(0, i - 2) : i]):
        return False  # "X was reported", "cases have been under-reported"
    return i + 1 < len(tokens) and is_anchor(tokens[i + 1])


def _drop_mixed(stances: list[Stance]) -> list[Stance]:
    """A claim that says both "causes or relieves X" takes no side on X."""
    signs: dict[str, set[int]] = {}
    for s in stances:
        signs.setdefault(s.anchor, set()).add(-s.value if s.negated else s.value)
    return [s for s in stances if len(signs[s.anchor] - {0}) <= 1]


def _predicative(tokens: list[str], i: int) -> bool:
    """ "X is (not considered) safe", "X is highly addictive" or "while safe for ...": the adjective is said of
    the subject."""
    j = i - 1
    while j >= 0 and (tokens[j] in PREDICATE_SKIP or _degree(tokens[j])):
        j -= 1
    if j >= 0 and tokens[j] in COPULA:
        return True
    opens_clause = j < 0 or tokens[j] in ("while", "although", "though", ",")
    following = tokens[i + 1] if i + 1 < len(tokens) else "."
    return opens_clause and (following in AFTER_PREDICATE or following in CLAUSE_PUNCT)


def _degree(token: str) -> bool:
    """An adverb of degree or time before a predicate adjective ("highly", "extremely", "still"), not one that
    restricts or denies it ("only", "hardly"; "rarely" is read before)."""
    return token in PREDICATE_ADVERBS or (
        len(token) > 4 and token.endswith("ly") and token not in PREDICATE_NOT_DEGREE
    )


def add_safety_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Safety: whether the claim calls its subject safe (+1) or dangerous (-1), or puts its safety in doubt (0)."""
    tokens = analysis.tokens
    supposed = in_condition(tokens)
    for i, token in enumerate(tokens):
        if any(t in RARELY for t in tokens[max(0, i - 2) : i]):
            continue
        if token in SAFETY_NOUNS and _safety_unknown(tokens, i):
            value = 0
        elif token in _JUDGEMENTS and ((in_doubt := _opened_in_doubt(tokens, i)) or supposed[i]):
            # "We do not know whether it is safe", "The FDA reviews drugs to determine whether they are safe":
            # the claim calls nothing safe. Put in doubt, it says the safety is unknown.
            if not (token in SAFE and in_doubt and _predicative(tokens, i)):
                continue
            value = 0
        elif token in SAFE and _predicative(tokens, i):
            value = 1
        elif token in ADVISED and negated[i] and _predicative(tokens, i):
            value = 1  # denied: "is not recommended"
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
        anchor = STOPPING_ANCHOR if _of_stopping(tokens, i) else ""
        analysis.stances.append(
            Stance("safety", anchor, token, value, negated[i] and value != 0, "safety", cue_at=i)
        )


_JUDGEMENTS = SAFE | DANGEROUS | ADVISED


def _opened_in_doubt(tokens: list[str], i: int) -> bool:
    """Word ``i`` stands in a clause put in doubt: "it is unclear whether ...", "we do not know if ..."."""
    k = i - 1
    while k >= 0 and tokens[k] not in CLAUSE_PUNCT and tokens[k] != ",":
        if tokens[k] in CLAUSE_OPENERS:
            return doubted(tokens, k + 1)
        k -= 1
    return False


def _safety_unknown(tokens: list[str], i: int) -> bool:
    """The noun "safety" at ``i`` is said to be unknown: "its long-term safety is unknown", "the safety of X in
    children has not been established", "little is known about the safety of X"."""
    before = tokens[max(0, i - 6) : i]
    if "known" in before and any(t in ("little", "nothing") for t in before[: before.index("known")]):
        return True
    after = list(takewhile(lambda t: t not in CLAUSE_PUNCT and t != ",", tokens[i + 1 : i + 14]))
    for k, token in enumerate(after):
        if token in COPULA or token in ("has", "have", "had"):
            rest = after[k + 1 : k + 4]
            if rest[:1] and rest[0] in DOUBT_WORDS:
                return True
            return denies_certainty(rest)
    return False


def add_efficacy_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Efficacy: whether the claim says its subject works (+1) or not (-1), for anything ("X is effective",
    "X worked", "X showed no benefit"). What it was found to relieve or improve is read by classify as well."""
    tokens = analysis.tokens
    supposed = in_condition(tokens)
    said_before = False
    for i, token in enumerate(tokens):
        if supposed[i]:
            continue
        neg = negated[i]
        # "proved ineffective", "found effective"; "effective for pain but ineffective for sleep" says both.
        said = _predicative(tokens, i) or (
            i > 0 and (tokens[i - 1] in FOUND_TO_BE or (tokens[i - 1] in COORDINATORS and said_before))
        )
        if token in EFFECTIVE and said:
            value = 1
        elif token in INEFFECTIVE and said:
            value = -1
        elif token in WORKS and _works_verb(tokens, i):
            value = 1
        elif token == "no" and tokens[i + 1 : i + 2] and tokens[i + 1] in BENEFIT_NOUNS:
            value, neg = -1, False
        else:
            continue
        analysis.stances.append(Stance("efficacy", "", token, value, neg, "efficacy", token, i, i))
        said_before = True


def _works_verb(tokens: list[str], i: int) -> bool:
    """ "X works", "it worked well", "did not work": the verb of the subject, not the noun ("return to work",
    "their work") nor a verb with an object ("work the soil") or with a person ("people who work nights")."""
    if i and tokens[i - 1] in NOT_BEFORE_WORK:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else "."
    return following in CLAUSE_PUNCT or following in AFTER_WORKS


# The anchor of a safety stance said of stopping something rather than of the thing.
STOPPING_ANCHOR = "~stopping"


def _of_stopping(tokens: list[str], i: int) -> bool:
    """The safety word at ``i`` is said of stopping something: its clause opens with "Stopping ..." ("Stopping
    opioids suddenly is dangerous"), or "to stop" follows it ("it can be dangerous to stop on your own")."""
    after = tuple(tokens[i + 1 : i + 4])
    if after[:1] == ("to",) and ((after[1:2] and after[1] in TO_STOP) or after[1:3] in TO_STOP_PHRASES):
        return True
    start = i
    while start > 0 and tokens[start - 1] not in CLAUSE_PUNCT and tokens[start - 1] != ",":
        start -= 1
    while start < i and tokens[start] in _CLAUSE_OPENERS:
        start += 1
    return tokens[start] in STOPPING or tuple(tokens[start : start + 2]) in STOPPING_PHRASES


_CLAUSE_OPENERS = frozenset({"but", "and", "however", "yet", "so", "because", "although", "though", "while"})


def add_precision_stances(analysis: Analysis, negated: list[bool]) -> None:
    """Precision: whether what the claim names is said to be precise (+1) or imprecise or to vary (-1)."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    for i, token in enumerate(tokens):
        if token in PRECISE or token in IMPRECISE:
            # "less clear" says unclear, "less uncertain" the opposite.
            value = (1 if token in PRECISE else -1) * (-1 if i and tokens[i - 1] == "less" else 1)
            after = tokens[i + 1] if i + 1 < len(tokens) else "."
            # "... was initially unclear, co-infection was common": the next clause is not what is unclear.
            anchors = (
                [] if after in CLAUSE_PUNCT or after == "," else objects_after(tokens, lemmas, i + 1, width=4)
            )
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
