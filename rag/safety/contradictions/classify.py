"""Pair classification into a closed label set, and the offline rule classifier that is the default.

A classifier takes claim pairs (with their embedding similarity when known) and returns one Judgement each:
contradiction, agreement or unrelated, a confidence, and a short topic label.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.analysis.records import Analysis, Comparison, Stance
from rag.safety.contradictions.analysis.stances import in_condition
from rag.safety.contradictions.analysis.subject import agent_before, compound, is_table_row
from rag.safety.contradictions.analysis.words import is_content, lemma_of
from rag.safety.contradictions.lexicon import (
    ARTICLES,
    AUXILIARIES,
    BEFORE_DESCRIPTION,
    CEASE,
    CESSATION,
    CLAUSE_PUNCT,
    COPULA,
    DETERMINERS,
    EFFICACY_SCOPE,
    INCREASE,
    LITTLE_OF,
    MUCH_OF,
    OPENING_CONDITIONS,
    PERSONS,
    POSSESSIVES,
    PRONOUNS,
    RELATIVE,
    SAYING,
)
from rag.safety.contradictions.topics import (
    GENERIC_STEMS,
    category_topic,
    content_anchor,
    measured,
    negation_topic,
    quantity_topic,
    shared_topic,
    stance_topic,
)

Label = Literal["contradiction", "agreement", "unrelated"]
LABELS: tuple[Label, ...] = ("contradiction", "agreement", "unrelated")


class Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    topic: str = Field("", description="Short label of what the two claims are about.")


class PairClassifier(Protocol):
    name: str

    def classify(
        self, pairs: Sequence[tuple[str, str]], similarities: Sequence[float] | None = None
    ) -> list[Judgement]: ...


@dataclass(frozen=True)
class _Finding:
    confidence: float
    topic: str
    # What the claims disagree about, as lemmas (an anchor, the kinds named) or an axis ("~safety"), so a
    # question can be matched against it.
    terms: frozenset[str] = frozenset()


SAFETY_TERM = "~safety"
EVIDENCE_TERM = "~evidence"
UNKNOWN_TERM = "~unknown"
PRECISION_TERM = "~precision"
KIND_TERM = "~kind"
EFFICACY_TERM = "~efficacy"


# Confidence of each kind of evidence; more than one finding on a pair raises it.
_CONFIDENCE = {
    "category": 0.85,
    "effect": 0.75,
    "comparison": 0.75,
    "quantity": 0.75,
    "safety": 0.7,
    "efficacy": 0.7,
    "precision": 0.7,
    "negation": 0.65,
    "evidence": 0.6,
}
_AGREE_SIMILARITY = 0.7
_AGREE_OVERLAP = 0.3
# Certainty against hedging only counts between claims this similar (they must be about the same thing).
_EVIDENCE_SIMILARITY = 0.5
_QUANTITY_RATIO = 1.5


class RuleClassifier:
    """Offline, deterministic rules in general English: opposed effects, safety, kinds, hedges, amounts."""

    name = "rules"

    def classify(
        self, pairs: Sequence[tuple[str, str]], similarities: Sequence[float] | None = None
    ) -> list[Judgement]:
        sims: Sequence[float | None] = similarities if similarities is not None else [None] * len(pairs)
        return [self.judge(a, b, sim) for (a, b), sim in zip(pairs, sims, strict=True)]

    def judge(self, a: str, b: str, similarity: float | None = None) -> Judgement:
        left, right = analyse(a), analyse(b)
        findings, agreeing = _compare(left, right, similarity)
        if findings:
            best = max(findings, key=lambda f: f.confidence)
            confidence = round(min(0.95, best.confidence + 0.05 * (len(findings) - 1)), 2)
            return Judgement(label="contradiction", confidence=confidence, topic=best.topic)
        overlap = _overlap(left, right)
        if (
            agreeing
            or (similarity is not None and similarity >= _AGREE_SIMILARITY)
            or overlap >= _AGREE_OVERLAP
        ):
            return Judgement(label="agreement", confidence=0.6, topic=shared_topic(left, right))
        return Judgement(label="unrelated", confidence=0.6, topic=shared_topic(left, right))


def disputed_terms(a: str, b: str) -> frozenset[str] | None:
    """What two claims disagree about, as lemmas and axes; None when the rules find no disagreement (another
    classifier paired them)."""
    findings, _ = _compare(analyse(a), analyse(b), None)
    return frozenset().union(*(f.terms for f in findings)) if findings else None


def stance_toward(statement: str, claim: str) -> int:
    """+1 when ``claim`` asserts what ``statement`` does, -1 when it asserts the opposite, 0 when neither: the
    pair rules read with the statement as one side. Only a disagreement about what the statement asserts (its
    terms) counts as a denial."""
    asserted, read = analyse(statement), analyse(claim)
    findings, agreeing = _compare(asserted, read, None)
    terms = asserted_terms(asserted)
    denials = [f for f in findings if f.terms & terms]
    if denials:
        return 0 if _treats_instead(asserted, read) or all(UNKNOWN_TERM in f.terms for f in denials) else -1
    same_side = agreeing or _same_safety(asserted, read) or _same_efficacy(asserted, read)
    return 1 if same_side and not findings else 0


def _same_safety(left: Analysis, right: Analysis) -> bool:
    a = _safety_sides(left)
    b = _safety_sides(right)
    return len(a) == 1 and a == b


def _same_efficacy(left: Analysis, right: Analysis) -> bool:
    """Both say the same subject works (or does not), for the same thing or for anything."""
    a, b = _efficacy_sides(left), _efficacy_sides(right)
    values = {v for v, _ in a} | {v for v, _ in b}
    return bool(a and b) and len(values) == 1 and bool(left.subject & right.subject) and _scopes_meet(a, b)


def _safety_sides(analysis: Analysis) -> set[tuple[str, int]]:
    """What a claim calls safe (+1), dangerous (-1) or of unknown safety (0): the thing itself ("") or stopping
    it (STOPPING_ANCHOR). A side taken outweighs a doubt on the same thing ("It is not harmless: we do not know
    whether it is safe to take for years" calls it dangerous)."""
    sides = {(s.anchor, _effective(s)) for s in analysis.stances if s.axis == "safety"}
    return {(anchor, value) for anchor, value in sides if value or not {(anchor, 1), (anchor, -1)} & sides}


def _treats_instead(asserted: Analysis, claim: Analysis) -> bool:
    """ "X relieves Y" does not answer "does X cause Y?" with no: it is about treating Y, not about causing it."""
    harms = {
        s.anchor for s in asserted.stances if s.axis == "effect" and s.kind in ("cause", "property", "risk")
    }
    relief = [s for s in claim.stances if s.axis == "effect" and s.anchor in harms]
    return bool(relief) and all(s.kind in ("relieve", "benefit") for s in relief)


def asserted_terms(analysis: Analysis) -> frozenset[str]:
    """What a statement asserts something about, in the terms of ``_Finding.terms``."""
    terms = {s.anchor for s in analysis.stances if s.axis in ("effect", "precision") and s.anchor}
    terms |= {SAFETY_TERM for s in analysis.stances if s.axis == "safety"}
    terms |= {PRECISION_TERM for s in analysis.stances if s.axis == "precision"}
    terms |= {EFFICACY_TERM for _ in _efficacy_sides(analysis)}
    terms |= {kind for c in analysis.categories for kind in c.kinds}
    terms |= {c.adjective for c in analysis.comparisons}
    if analysis.evidence:
        terms.add(EVIDENCE_TERM)
    return frozenset(terms)


def _compare(left: Analysis, right: Analysis, similarity: float | None) -> tuple[list[_Finding], bool]:
    findings: list[_Finding] = []
    agreeing = False
    for category_a in left.categories:
        for category_b in right.categories:
            if category_a.subject == category_b.subject and category_a.kinds.isdisjoint(category_b.kinds):
                findings.append(
                    _Finding(
                        _CONFIDENCE["category"],
                        category_topic(category_a, category_b),
                        category_a.kinds | category_b.kinds | {KIND_TERM},
                    )
                )
            elif category_a.subject == category_b.subject:
                agreeing = True
    findings.extend(_comparison(left, right))
    agreeing = agreeing or _same_comparison(left, right)
    if not _same_subject(left, right):
        return findings, agreeing
    for axis in ("effect", "precision"):
        for s in (x for x in left.stances if x.axis == axis):
            for t in (y for y in right.stances if y.axis == axis and y.anchor == s.anchor):
                if axis == "effect" and (
                    _other_compounds(left, s, right, t) or _other_agents(left, s, right, t)
                ):
                    continue
                if _both_more(s, t):
                    continue
                if _opposed(s, t):
                    # The same word on both sides names the topic best ("dependence", not "abuse").
                    bonus = 0.001 if s.surface == t.surface else 0.0
                    topic = stance_topic(s, t, left, right)
                    terms = {s.anchor, PRECISION_TERM} if axis == "precision" else {s.anchor}
                    findings.append(_Finding(_CONFIDENCE[axis] + bonus, topic, frozenset(terms)))
                elif _effective(s) == _effective(t):
                    agreeing = True
    findings.extend(_safety(left, right))
    if not findings:
        # Said of one outcome already ("did not improve sleep" / "eases sleep"), it is named by that outcome.
        findings.extend(_efficacy(left, right))
    findings.extend(_negation(left, right) + _negation(right, left))
    findings.extend(_quantity(left, right))
    # Certainty against hedging needs the two claims to be about the same thing: similar, or sharing words (two
    # at least: "we demonstrated that the mechanisms complement each other" and "mechanisms of niclosamide
    # warrant further investigation" share one, and are about different things).
    about_same = similarity is not None and similarity >= _EVIDENCE_SIMILARITY
    if left.evidence * right.evidence == -1 and (about_same or len(_anchors(left) & _anchors(right)) >= 2):
        findings.append(
            _Finding(
                _CONFIDENCE["evidence"],
                "whether studies have shown it or more research is needed",
                frozenset({EVIDENCE_TERM}),
            )
        )
    return findings, agreeing


def _both_more(s: Stance, t: Stance) -> bool:
    """ "could further increase the anti-HIV activity" and "enhanced the anti-HIV activity", "increased the
    survival rate" and "improved survival time": both say there is more of it, which is a disagreement only
    if it were a harm, and what is enhanced or improved is seldom one."""
    if s.negated or t.negated or {s.kind, t.kind} != {"cause", "benefit"}:
        return False
    return (s.cue if s.kind == "cause" else t.cue) in INCREASE


def _other_compounds(left: Analysis, s: Stance, right: Analysis, t: Stance) -> bool:
    """Both anchors stand in compounds, and not the same one: "heart rate" and "cancer rates"."""
    a, b = compound(left, s.position), compound(right, t.position)
    return len(a) > 1 and len(b) > 1 and a != b


def _other_agents(left: Analysis, s: Stance, right: Analysis, t: Stance) -> bool:
    """Both claims name what acts, and not the same thing: "maternal vaccination may prevent whooping cough"
    and "waning immunity contributes to whooping cough" take no sides on one question (a study of many agents
    says both). Agents sharing a word ("valerian tea", "valerian") are the same, and a claim that names none
    ("it can cause ...", "long-term use can lead to ...") may be about the other's, as before. That the other
    claim mentions the agent elsewhere is not enough: "a deletion in the receptor protects from vertical
    transmission" names transmission as what is prevented, not as what acts. Before a report stands who
    reports ("people who take it nightly report ..."), not what acts: a report is set against any claim that
    names what acts in its own words or as "it"; not against one naming an agent the report never mentions
    ("children who experienced ILI episodes" / "medications that can treat the illness").
    Where the thing itself acts on one side only ("abusing drugs can lead to addiction", a chain), the other
    side ("steps to prevent abuse") is about what acts on it from outside: no side on one question. Stopping
    a thing acts as its absence does: "stopping X causes withdrawal" and "X prevents withdrawal" agree."""
    a, b = agent_before(left, s.cue_at), agent_before(right, t.cue_at)
    if "occurs" in (s.kind, t.kind):
        if s.kind == t.kind:
            return False
        # "Of the 2,421 children who experienced ILI episodes, ..." against "medications that can treat the
        # illness": who experiences it is named, and what the other says acts is nowhere in that claim, not
        # even as "it" ("people who take it nightly report insomnia" may be about the other's agent).
        who, acting, listing = (a, b, left) if s.kind == "occurs" else (b, a, right)
        return (
            bool(who and acting)
            and not acting & listing.content
            and not PRONOUNS.intersection(listing.tokens)
        )
    if (s.anchor in a) != (t.anchor in b):
        return True
    if bool(a & _CESSATION) != bool(b & _CESSATION):
        return True  # "stopping X causes withdrawal" / "X prevents withdrawal": X's absence acts on one side
    if not a or not b:
        return False
    return not a & b


_CESSATION = frozenset(lemma_of(word) for word in CESSATION)


def _comparison(left: Analysis, right: Analysis) -> list[_Finding]:
    """ "X is no more ADJ than Y" (or "not established that X is ...") against "X is more ADJ than Y", and
    "more ADJ" against "less ADJ"; X and Y must be the same things where both claims name them."""
    out = []
    for a in left.comparisons:
        for b in right.comparisons:
            if a.adjective != b.adjective or not _same_things(a, b):
                continue
            if (a.degree == b.degree and a.denied != b.denied) or (
                a.degree != b.degree and not a.denied and not b.denied
            ):
                said = b if a.denied else a
                named = said.named or (b if said is a else a).named or "it"
                verb = said.verb if named != "it" else "is"
                topic = f"whether {named} {verb} {said.phrase}"
                out.append(_Finding(_CONFIDENCE["comparison"], topic, frozenset({a.adjective})))
    return out


def _same_comparison(left: Analysis, right: Analysis) -> bool:
    """Both claims compare the same things in the same way ("as effective as methadone" twice)."""
    return any(
        a.adjective == b.adjective and _same_things(a, b) and a.degree == b.degree and a.denied == b.denied
        for a in left.comparisons
        for b in right.comparisons
    )


def _same_things(a: Comparison, b: Comparison) -> bool:
    # Both must name what is compared ("Combination NRT, using ..., is more ..." names nothing we can read).
    others = not a.other or not b.other or bool(a.other & b.other)
    return bool(a.subject & b.subject) and others


def _effective(s: Stance) -> int:
    return -s.value if s.negated else s.value


def _opposed(s: Stance, t: Stance) -> bool:
    if s.negated == t.negated:
        return not s.negated and s.value != t.value
    return s.value == t.value


def _safety(left: Analysis, right: Analysis) -> list[_Finding]:
    a = _safety_sides(left)
    b = _safety_sides(right)
    # Only sides on the same thing disagree: that stopping X is dangerous does not deny that X is safe.
    if len(a) == 1 and len(b) == 1 and a != b and {k for k, _ in a} == {k for k, _ in b}:
        values = {v for _, v in a | b}
        if values == {0, -1} or _said_of_other_things(left, right) or _amount(left) * _amount(right) < 0:
            # That a thing is dangerous and that its safety is unknown are both warnings; that a little of it is
            # safe and too much is dangerous is no disagreement either.
            return []
        if 0 in values:
            return [_Finding(_CONFIDENCE["safety"], "whether it is known to be safe", _UNKNOWN_SAFETY)]
        return [_Finding(_CONFIDENCE["safety"], "whether it is safe or dangerous", frozenset({SAFETY_TERM}))]
    return []


# A claim that a thing is safe against one that its safety is unknown: a disagreement to show, but no answer
# to "Is it safe?" either way (``stance_toward``).
_UNKNOWN_SAFETY = frozenset({SAFETY_TERM, UNKNOWN_TERM})


def _safety_subject(analysis: Analysis) -> set[str]:
    """What a claim calls safe or dangerous: its subject, or where it names none of its own ("If you vape, aim
    to stop completely, because smoking even a few cigarettes still carries a high risk"), what stands before
    the word that says so in its clause."""
    if analysis.subject:
        return set(analysis.subject)
    return set().union(*safety_agents(analysis))


def safety_agents(analysis: Analysis) -> list[set[str]]:
    """What stands before each word that calls something safe or dangerous, back to the start of its clause;
    the first word of a phrase only ("carries a high risk": what carries it, not "carries")."""
    cues = sorted(s.cue_at for s in analysis.stances if s.axis == "safety" and s.cue_at >= 0)
    leading = [k for n, k in enumerate(cues) if not n or k - cues[n - 1] > _SAFETY_PHRASE]
    return [agent_before(analysis, k) for k in leading]


_SAFETY_PHRASE = 3


def _amount(analysis: Analysis) -> int:
    """How much of a thing the claim judges, said before its judgement: +1 much ("too much alcohol is dangerous",
    "heavy drinking"), -1 little ("moderate alcohol use is probably not harmful"), 0 neither."""
    cues = [s.cue_at for s in analysis.stances if s.axis == "safety" and s.cue_at >= 0]
    before = analysis.tokens[: min(cues)] if cues else []
    much = any(t in MUCH_OF for t in before) or any(
        a == "too" and b in ("much", "many") for a, b in itertools.pairwise(before)
    )
    little = any(t in LITTLE_OF for t in before)
    return int(much) - int(little)


def _said_of_other_things(left: Analysis, right: Analysis) -> bool:
    """Where a claim names no subject, it judges what stands before its word ("smoking a few cigarettes still
    carries a high risk"), and the other claim must judge that, not merely mention it ("If you vape, ..."). Two
    named subjects were compared already (``_same_subject``)."""
    if left.subject and right.subject:
        return False
    a, b = _safety_subject(left), _safety_subject(right)
    return bool(a and b) and not a & b


def _efficacy(left: Analysis, right: Analysis) -> list[_Finding]:
    """One claim says its subject works, the other that it does not, for the same thing or for anything: "X is
    effective" / "X showed no benefit", "X helps people stay abstinent" / "X did not improve outcomes". Both name
    the same subject as their own (not merely somewhere: "IAVs are effective vaccine carriers" says nothing of "no
    vaccine has been shown to be effective"); what each works for, where both say it, must meet ("effective in
    adults" and "not effective in children" take no sides on one question). A claim that says both is no side."""
    if not left.subject & right.subject:
        return []
    a, b = _efficacy_sides(left), _efficacy_sides(right)
    if len({v for v, _ in a}) != 1 or len({v for v, _ in b}) != 1 or a[0][0] == b[0][0]:
        return []
    if _scopes_meet(a, b):
        return [_Finding(_CONFIDENCE["efficacy"], "whether it works", frozenset({EFFICACY_TERM}))]
    return []


def _scopes_meet(a: list[tuple[int, frozenset[str]]], b: list[tuple[int, frozenset[str]]]) -> bool:
    """Some side of each is said for the same thing, or one of them for nothing named. A side said for "other"
    things sets them apart from what the subject is for ("PrEP does not protect against other sexually
    transmitted infections"): it meets only a side that names the same thing, never "PrEP is effective"."""
    return any(
        (not x and _OTHER not in y) or (not y and _OTHER not in x) or (x & y) - {_OTHER}
        for _, x in a
        for _, y in b
    )


_OTHER = "(other)"


def _efficacy_sides(analysis: Analysis) -> list[tuple[int, frozenset[str]]]:
    """(+1 works / -1 does not, what for) for each way ``analysis`` says whether its subject works: an efficacy
    word, and what it says the subject relieves or improves (or does not)."""
    sides = [
        (_effective(s), _scope(analysis, s.position + (2 if s.cue == "no" else 1)))
        for s in analysis.stances
        if s.axis == "efficacy"
    ]
    relieved: dict[tuple[int, int], set[str]] = {}
    for s in analysis.stances:
        # Only what the subject itself does: "the immune system is unable to counteract the infection" says
        # nothing of whether "RNA viruses", the claim's subject, work.
        if (
            s.axis == "effect"
            and s.kind in ("relieve", "benefit")
            and s.value == 1
            and agent_before(analysis, s.cue_at) & analysis.subject
        ):
            said_for = relieved.setdefault((s.cue_at, _effective(s)), set())
            said_for.add(s.anchor)
            if "other" in analysis.tokens[s.cue_at + 1 : s.position]:
                said_for.add(_OTHER)
    sides.extend((value, frozenset(anchors)) for (_, value), anchors in relieved.items())
    return sides


_SCOPE_WORDS = 5


def _scope(analysis: Analysis, after: int) -> frozenset[str]:
    """What an efficacy word is said for: the content words of "for X", "against X", "in X" right after it."""
    tokens = analysis.tokens
    if after >= len(tokens) or tokens[after] not in EFFICACY_SCOPE:
        return frozenset()
    out = set()
    # "effective in preventing HIV", "at treating pain": the gerund names the working, the words after it what for.
    first = after + 2 if after + 1 < len(tokens) and tokens[after + 1].endswith("ing") else after + 1
    for k in range(first, min(len(tokens), first + _SCOPE_WORDS)):
        if tokens[k] in CLAUSE_PUNCT or tokens[k] in (",", "and", "but", "or"):
            break
        if tokens[k] == "other" and k == first:
            out.add(_OTHER)
        elif is_content(tokens[k]) and analysis.lemmas[k] not in GENERIC_STEMS:
            out.add(analysis.lemmas[k])
    return frozenset(out)


def _negation(left: Analysis, right: Analysis) -> list[_Finding]:
    """A predicate denied in one claim and asserted in the other, about the same subject.

    A denial is the weakest cue (any "not" in one claim and the word in another), so both claims must name
    the same subject ("Coffee does not dehydrate" / "Coffee ... dehydrated"); "most did not contain" says
    nothing about whom. A prohibition ("Never stop X suddenly") is advice: a statement that people stop, or
    use something for longer, neither obeys nor denies it, so it is only set against another prohibition.
    """
    if (left.advice and not right.advice) or not _named_same_subject(left, right):
        return []
    shared_other = _anchors(left) & _anchors(right)
    supposed = in_condition(left.tokens)
    consequence = min(_after_opening_condition(left.tokens), _after_reading(left.tokens))
    read_as = _after_reading(right.tokens)
    linked = _subjects_linked(left, right)
    out = []
    for cue, head in _negated_heads(left):
        if supposed[cue]:
            continue  # "If surgery is not possible, ..." supposes; it denies nothing
        if cue >= consequence:
            continue  # "When it lacks X, the molecules do not cluster" denies only under its condition
        lemma = left.lemmas[head]
        if lemma not in right.content or lemma in right.negated_terms or not shared_other - {lemma}:
            continue
        # "Young people should not vape" and "Vaping is less harmful than smoking": the claims meet only through
        # what one denies and the other is about, so the other says what that thing is, not that anyone does it.
        if linked <= {lemma}:
            continue
        # "2494 reported cases" names cases; it asserts no reporting that "did not report" could deny.
        # "help a person stop abusing a substance" asserts no abuse: it agrees with "not abusing".
        # "X is not an opioid" denies what X is: only "... is an opioid" asserts it, not "opioid receptors" or
        # "opioids have no effect".
        kind_denied = _predicate_noun(left.tokens, head)
        asserted = [
            k
            for k, x in enumerate(right.lemmas)
            if x == lemma
            and not _attributive(right, k)
            and not (k and right.tokens[k - 1] in CEASE)
            and k < read_as
            and (not kind_denied or _predicate_noun(right.tokens, k))
        ]
        if not asserted:
            continue
        # "did not contain the amount stated" and "contained serotonin" deny and assert different things, and so
        # do "not infected with SARS-CoV" and "infection with MERS-CoV": what follows must share its first word.
        mine = _followers(left, head)
        theirs = [found for found in (_followers(right, k) for k in asserted) if found]
        if mine and theirs and not any(_same_head(mine, found) for found in theirs):
            continue
        # "naloxone does not reverse its effects" (of something named before) and "reverses an opioid
        # overdose": what is denied belongs to another thing than what the other claim names.
        if not mine and theirs and head + 1 < len(left.tokens) and left.tokens[head + 1] in POSSESSIVES:
            continue
        topic = negation_topic(left, right, cue, head)
        out.append(_Finding(_CONFIDENCE["negation"], topic, frozenset({lemma})))
    return out


def _after_opening_condition(tokens: list[str]) -> int:
    """Where the main clause starts after an opening condition ("If ...,", "When ...,", "Without ...,"); past the
    end when the claim opens with none."""
    if tokens and tokens[0] in OPENING_CONDITIONS and "," in tokens:
        return tokens.index(",") + 1
    return len(tokens)


# "Two pink lines means fentanyl has not been detected": what a sign or a result is read as holds only when it is
# seen, like a consequence after "If ...,"; "This means ..." draws a conclusion and asserts it.
_READ_AS = frozenset({"means", "mean"})
_CONCLUDING = frozenset({"this", "that", "it", "which", "what", "so", "and", "but"})


def _after_reading(tokens: list[str]) -> int:
    """Where what a sign or a result is read as starts ("X means ..."), past the end when the claim says none."""
    for k, token in enumerate(tokens[:_READ_AS_WITHIN]):
        if token in CLAUSE_PUNCT or token == ",":
            break
        if token in _READ_AS and k and not all(t in _CONCLUDING or t in DETERMINERS for t in tokens[:k]):
            return k + 1
    return len(tokens)


_READ_AS_WITHIN = 8


def _negated_heads(analysis: Analysis) -> list[tuple[int, int]]:
    """(negation cue, the word it denies) for each "not", "never" or "n't"."""
    tokens = analysis.tokens
    heads = []
    for j, token in enumerate(tokens):
        if token not in ("not", "never", "cannot") and not token.endswith("n't"):
            continue
        if tokens[j + 1 : j + 2] in (["only"], ["just"], ["merely"], ["simply"]):
            continue  # "not only expressed on T cells" asserts it is, and more
        if _in_relative_clause(tokens, j):
            continue  # "not recommended for people who do not smoke" denies nothing of its subject
        for k in range(j + 1, min(len(tokens), j + 4)):
            if tokens[k] in ("without", "no", "not"):
                break  # a double negative asserts
            if content_anchor(tokens[k]) and tokens[k] != "considered":
                heads.append((j, k))
                break
    return heads


def _in_relative_clause(tokens: list[str], cue: int) -> bool:
    """The denial opens a relative clause ("people who do not smoke", "patients who never used it") that
    describes a noun other than what the claim is said of; "X is a drug that does not cause Y" describes X
    through its predicate noun, and denies it."""
    k = cue - 1
    if k >= 0 and tokens[k] in AUXILIARIES:
        k -= 1
    if k < 1 or tokens[k] not in RELATIVE or tokens[k - 1] in SAYING or not is_content(tokens[k - 1]):
        return False
    return tokens[k] == "who" or not _predicate_noun(tokens[:k], k - 1)


# Where the modifiers before a predicate noun end, going back from it.
_NOUN_PHRASE_STOPS = ARTICLES | COPULA | CLAUSE_PUNCT | {"not", "never", ","}


def _predicate_noun(tokens: list[str], k: int) -> bool:
    """Word ``k`` is a noun said of the subject after a copula and an article ("is (not) an opioid", "is a full
    agonist"), ending its noun phrase. Without the article it may be a participle ("is not induced by ...")."""
    j = k - 1
    while j >= 0 and j > k - 3 and tokens[j] not in _NOUN_PHRASE_STOPS:
        j -= 1  # up to two modifiers ("a full opioid")
    if j < 0 or tokens[j] not in ARTICLES:
        return False
    j -= 1
    if j >= 0 and tokens[j] in ("not", "never"):
        j -= 1
    after = tokens[k + 1] if k + 1 < len(tokens) else "."
    return j >= 0 and tokens[j] in COPULA and not is_content(after)


def _attributive(analysis: Analysis, k: int) -> bool:
    """A participle that describes the word after it ("2494 reported cases", "the infected cells")."""
    tokens = analysis.tokens
    return (
        tokens[k].endswith("ed")
        and 0 < k < len(tokens) - 1
        and (tokens[k - 1] in BEFORE_DESCRIPTION or tokens[k - 1][:1].isdigit())
        and is_content(tokens[k + 1])
    )


def _followers(analysis: Analysis, k: int) -> list[str]:
    """The anchors right after word ``k`` in its clause, in order: what a verb acts on."""
    found: list[str] = []
    for m in range(k + 1, min(len(analysis.tokens), k + 4)):
        token = analysis.tokens[m]
        if token in CLAUSE_PUNCT or token == ",":
            break
        if content_anchor(token):
            found.append(analysis.lemmas[m])
    return found


def _same_head(a: list[str], b: list[str]) -> bool:
    """Two runs of anchors name the same thing when they share the first word of one of them ("liver damage" and
    "severe liver damage"); a later word alone ("cov" of "SARS-CoV" and "MERS-CoV") is not enough."""
    shared = set(a) & set(b)
    return a[0] in shared or b[0] in shared


def _quantity(left: Analysis, right: Analysis) -> list[_Finding]:
    if len(_anchors(left) & _anchors(right)) < 2:
        return []
    # "25 mg of one drug" and "3 mg" of another are no disagreement: what a side measures, the other must name.
    measured_a, measured_b = measured(left), measured(right)
    if any(lemma not in right.content for lemma in measured_a) or any(
        lemma not in left.content for lemma in measured_b
    ):
        return []
    # A table row measures what its first cell names ("Guanfacine | 1 mg a day"): a row on another medicine
    # states another amount, it does not dispute this one.
    if (is_table_row(left.text) or is_table_row(right.text)) and not _same_subject(left, right):
        return []
    # A claim that states several amounts of one kind ("32% and 46% at one year", "rates of 9.9% vs 19.2%")
    # compares them itself: it has no one value to set against another claim's.
    single_a = _single_amounts(left)
    single_b = _single_amounts(right)
    for family, low_a, high_a in left.quantities:
        for family_b, low_b, high_b in right.quantities:
            if family != family_b or family not in single_a or family not in single_b:
                continue
            if high_a * _QUANTITY_RATIO <= low_b or high_b * _QUANTITY_RATIO <= low_a:
                topic = quantity_topic(left, right, family)
                return [
                    _Finding(_CONFIDENCE["quantity"], topic, frozenset(measured_a) | frozenset(measured_b))
                ]
    return []


def _single_amounts(analysis: Analysis) -> set[str]:
    """The kinds of amount the claim states exactly once."""
    counts = Counter(family for family, _, _ in analysis.quantities)
    return {family for family, n in counts.items() if n == 1}


_UNSPECIFIC = GENERIC_STEMS | frozenset(lemma_of(word) for word in PERSONS)


def named_subject(claim: str) -> frozenset[str] | None:
    """The subject ``claim`` names in words of its own, one of them specific; None for a subject read through its
    own document ("This difference was significant", "the vaccine"), advice, or a claim stating an amount:
    "Median survival was 13 days" and "31 weeks" measure two studies' patients."""
    analysis = analyse(claim)
    if not analysis.subject - _UNSPECIFIC or analysis.quantities or not _bare_subject(analysis):
        return None
    return frozenset(analysis.subject)


def _bare_subject(analysis: Analysis) -> bool:
    if analysis.subject_words is None:
        return False  # a subject read from elsewhere than the claim's own opening words
    start, end = analysis.subject_words
    return not DETERMINERS.intersection(analysis.tokens[start : end + 1])


def _named_same_subject(left: Analysis, right: Analysis) -> bool:
    """Both claims name their subject, and it is the same."""
    return bool(left.subject and right.subject) and _same_subject(left, right)


def _same_subject(left: Analysis, right: Analysis) -> bool:
    """Unknown subjects ("it", "some users") are compatible; two named, disjoint subjects are not."""
    return not left.subject or not right.subject or bool(_subjects_linked(left, right))


def _subjects_linked(left: Analysis, right: Analysis) -> set[str]:
    """The words through which two named subjects meet: shared, or one's subject named in the other claim."""
    return (left.subject & right.subject) | (left.subject & right.content) | (right.subject & left.content)


def _anchors(analysis: Analysis) -> set[str]:
    return analysis.content - GENERIC_STEMS


def _overlap(left: Analysis, right: Analysis) -> float:
    a, b = _anchors(left), _anchors(right)
    return len(a & b) / len(a | b) if a and b else 0.0
