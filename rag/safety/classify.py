"""Pair classification into a closed label set, and the offline rule classifier that is the default.

A classifier takes claim pairs (with their embedding similarity when known) and returns one Judgement each:
contradiction, agreement or unrelated, a confidence, and a short topic label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from rag.safety.lexicon import (
    BENEFIT,
    CAUSE,
    CAUSE_PHRASES,
    CLAUSE_PUNCT,
    COPULA,
    DETERMINERS,
    DO_SUPPORT,
    GENERIC,
    HARM,
    HARMFUL_PROPERTY,
    HAVE_AUX,
    IMPRECISE,
    MODALS,
    NEGATIONS,
    OBJECT_END,
    OCCURRENCE,
    PRECISE,
    PROPERTY_ADJECTIVE,
    QUANTITY_NAMES,
    RELIEVE,
    RISK_FOR,
    RISK_NOUNS,
    STOPWORDS,
    UNITS,
    VARY,
)
from rag.safety.stance import Analysis, Category, Stance, analyse, prohibition_start, stem

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


# Confidence of each kind of evidence; more than one finding on a pair raises it.
_CONFIDENCE = {
    "category": 0.85,
    "effect": 0.75,
    "quantity": 0.75,
    "safety": 0.7,
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


def _compare(left: Analysis, right: Analysis, similarity: float | None) -> tuple[list[_Finding], bool]:
    findings: list[_Finding] = []
    agreeing = False
    for category_a in left.categories:
        for category_b in right.categories:
            if category_a.subject == category_b.subject and category_a.kinds.isdisjoint(category_b.kinds):
                findings.append(_Finding(_CONFIDENCE["category"], _category_topic(category_a, category_b)))
            elif category_a.subject == category_b.subject:
                agreeing = True
    if not _same_subject(left, right):
        return findings, agreeing
    for axis in ("effect", "precision"):
        for s in (x for x in left.stances if x.axis == axis):
            for t in (y for y in right.stances if y.axis == axis and y.anchor == s.anchor):
                if _opposed(s, t):
                    # The same word on both sides names the topic best ("dependence", not "abuse").
                    bonus = 0.001 if s.surface == t.surface else 0.0
                    findings.append(_Finding(_CONFIDENCE[axis] + bonus, _topic(s, t, left, right)))
                elif _effective(s) == _effective(t):
                    agreeing = True
    findings.extend(_safety(left, right))
    findings.extend(_negation(left, right) + _negation(right, left))
    findings.extend(_quantity(left, right))
    # Certainty against hedging needs the two claims to be about the same thing: similar, or sharing words.
    about_same = similarity is not None and similarity >= _EVIDENCE_SIMILARITY
    if left.evidence * right.evidence == -1 and (about_same or _anchors(left) & _anchors(right)):
        findings.append(
            _Finding(_CONFIDENCE["evidence"], "whether studies have shown it or more research is needed")
        )
    return findings, agreeing


def _effective(s: Stance) -> int:
    return -s.value if s.negated else s.value


def _opposed(s: Stance, t: Stance) -> bool:
    if s.negated == t.negated:
        return not s.negated and s.value != t.value
    return s.value == t.value


def _safety(left: Analysis, right: Analysis) -> list[_Finding]:
    a = {_effective(s) for s in left.stances if s.axis == "safety"}
    b = {_effective(s) for s in right.stances if s.axis == "safety"}
    if len(a) == 1 and len(b) == 1 and a != b:
        return [_Finding(_CONFIDENCE["safety"], "whether it is safe or dangerous")]
    return []


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
    out = []
    for cue, head in _negated_heads(left):
        lemma = left.lemmas[head]
        if lemma not in right.content or lemma in right.negated_terms or not shared_other - {lemma}:
            continue
        # "did not contain the amount stated" and "contained serotonin" deny and assert different things.
        mine = _followers(left, head)
        theirs = set().union(*(_followers(right, k) for k, x in enumerate(right.lemmas) if x == lemma))
        if mine and theirs and not mine & theirs:
            continue
        out.append(_Finding(_CONFIDENCE["negation"], _negation_topic(left, right, cue, head)))
    return out


def _negated_heads(analysis: Analysis) -> list[tuple[int, int]]:
    """(negation cue, the word it denies) for each "not", "never" or "n't"."""
    tokens = analysis.tokens
    heads = []
    for j, token in enumerate(tokens):
        if token not in ("not", "never", "cannot") and not token.endswith("n't"):
            continue
        for k in range(j + 1, min(len(tokens), j + 4)):
            if tokens[k] in ("without", "no", "not"):
                break  # a double negative asserts
            if _content_anchor(tokens[k]) and tokens[k] not in ("considered", "only", "just"):
                heads.append((j, k))
                break
    return heads


def _followers(analysis: Analysis, k: int) -> set[str]:
    """The anchors right after word ``k`` in its clause: what a verb acts on."""
    found: set[str] = set()
    for m in range(k + 1, min(len(analysis.tokens), k + 4)):
        token = analysis.tokens[m]
        if token in CLAUSE_PUNCT or token == ",":
            break
        if _content_anchor(token):
            found.add(analysis.lemmas[m])
    return found


def _quantity(left: Analysis, right: Analysis) -> list[_Finding]:
    if len(_anchors(left) & _anchors(right)) < 2:
        return []
    # "25 mg of one drug" and "3 mg" of another are no disagreement: what a side measures, the other must name.
    measured_a, measured_b = _measured(left), _measured(right)
    if any(lemma not in right.content for lemma in measured_a) or any(
        lemma not in left.content for lemma in measured_b
    ):
        return []
    for family, low_a, high_a in left.quantities:
        for family_b, low_b, high_b in right.quantities:
            if family != family_b:
                continue
            if high_a * _QUANTITY_RATIO <= low_b or high_b * _QUANTITY_RATIO <= low_a:
                return [_Finding(_CONFIDENCE["quantity"], _quantity_topic(left, right, family))]
    return []


def _measured(analysis: Analysis) -> dict[str, tuple[int, str]]:
    """What an amount is of, by stem, with its token index and the unit's family: "95 mg of caffeine",
    "25 mg tablet of aspirin".

    "an 8-ounce cup of coffee" names a container, not what is measured: the unit must follow a number.
    """
    tokens, found = analysis.tokens, {}
    for i in range(1, len(tokens)):
        if tokens[i] not in UNITS or not tokens[i - 1][:1].isdigit():
            continue
        for of in range(i + 1, min(len(tokens) - 1, i + 4)):
            if tokens[of] == "of":
                if _content_anchor(tokens[of + 1]):
                    found[analysis.lemmas[of + 1]] = (of + 1, UNITS[tokens[i]][0])
                break
            if not tokens[of].isalpha():
                break
    return found


def _named_same_subject(left: Analysis, right: Analysis) -> bool:
    """Both claims name their subject, and it is the same."""
    return bool(left.subject and right.subject) and _same_subject(left, right)


def _same_subject(left: Analysis, right: Analysis) -> bool:
    """Unknown subjects ("it", "some users") are compatible; two named, disjoint subjects are not."""
    if not left.subject or not right.subject or left.subject & right.subject:
        return True
    return bool(left.subject & right.content) or bool(right.subject & left.content)


_GENERIC_STEMS = frozenset(stem(g) for g in GENERIC)


def _content_anchor(token: str) -> bool:
    return token.isalpha() and len(token) > 2 and token not in STOPWORDS and stem(token) not in _GENERIC_STEMS


def _anchors(analysis: Analysis) -> set[str]:
    return analysis.content - _GENERIC_STEMS


def _overlap(left: Analysis, right: Analysis) -> float:
    a, b = _anchors(left), _anchors(right)
    return len(a & b) / len(a | b) if a and b else 0.0


# --- topic labels ---------------------------------------------------------------------------------------------
# A label follows "The sources disagree on", so it must read as English whatever the claims say: phrases are
# quoted from a claim as written (never stems), verbs are put in the third person, and anything the rules
# cannot phrase falls back to the shared subject or "this point".


def shared_topic(left: Analysis, right: Analysis) -> str:
    """A label any pair can take: the subject both claims name, as the first writes it ("long-term melatonin
    use"), else "this point".

    Never a list of stems: a label is read as English after "The sources disagree on", so only a short
    subject quoted whole (a noun phrase by where it stands, before the main verb) is used.
    """
    if not left.subject & right.subject or left.subject_words is None:
        return "this point"
    first, last = left.subject_words
    words = [w for w in left.tokens[first : last + 1] if w not in DETERMINERS]
    if len(words) > 3 or not all(w.replace("'", "").isalpha() for w in words):
        return "this point"
    phrase = left.quote(first, last)
    if first == 0 and phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


def _topic(s: Stance, t: Stance, left: Analysis, right: Analysis) -> str:
    """What two opposed stances disagree about, as a phrase that follows "The sources disagree on"."""
    thing = _thing(left, s) or _thing(right, t)
    if s.axis == "precision":
        return f"whether the {thing} is precise or uncertain"
    kinds = {s.kind, t.kind}
    if s.value == t.value and s.value != 0:
        # One side denies what the other asserts: name the assertion, in the words either side used.
        for stance in (s, t):
            if stance.kind == "property":
                return f"whether it is {PROPERTY_ADJECTIVE.get(stance.cue, stance.cue)}"
        for stance in sorted((s, t), key=lambda x: x.negated):
            verb = _third_person(stance.cue) if stance.kind in ("relieve", "benefit", "cause") else None
            if verb:
                return f"whether it {verb} {thing}"
        if "risk" in kinds:
            return f"how high the risk of {thing} is"
        return f"whether it {'causes' if s.value < 0 else 'relieves'} {thing}"
    if "risk" in kinds or "property" in kinds:
        return f"how high the risk of {thing} is"
    if "none" in kinds:
        return f"whether it affects {thing}"
    if "benefit" in kinds or ("cause" in kinds and kinds <= {"benefit", "cause"}):
        return f"whether it helps or harms {thing}"
    return f"whether it relieves or causes {thing}"


def _category_topic(a: Category, b: Category) -> str:
    # A name that opens its sentence is capitalised for that reason only: prefer one written mid-sentence.
    named = min((a, b), key=lambda c: c.initial)
    name = named.named
    if named.initial and name[:1].isupper() and name[1:2].islower() and name[1:] == name[1:].lower():
        name = name[0].lower() + name[1:]
    return f"what {name} {named.verb}: {' or '.join(sorted((a.phrase, b.phrase)))}"


def _negation_topic(analysis: Analysis, other: Analysis, cue: int, head: int) -> str:
    """ "whether it contains the amount stated" from "did not contain the amount stated", and the like.

    The phrase is quoted from the claim (never stems); the auxiliary decides the verb form, so the label
    stays grammatical whatever word is denied. Anything else gets a neutral label.
    """
    tokens = analysis.tokens
    end = _phrase_end(analysis, head)
    word = tokens[cue]
    verb = prohibition_start(tokens)
    if analysis.advice and verb is not None and cue < verb:
        return f"whether to {analysis.quote(verb, end)}"
    if word.endswith("n't"):
        aux, before = word[:-3], cue - 1
    elif word == "cannot":
        aux, before = "can", cue - 1
    else:
        aux, before = (tokens[cue - 1] if cue else ""), cue - 2
    # "There is not enough evidence": the label keeps the "there" (and its verb) rather than "it is".
    there = before >= 0 and tokens[before] == "there"
    rest = analysis.quote(cue + 1, end)
    if word == "never" and aux not in COPULA | HAVE_AUX and aux not in MODALS:
        aux = "do"  # "X never causes Y": the verb after "never" is the predicate
    if aux in DO_SUPPORT:
        first = _verb_after(analysis, cue + 1, end)
        if first is None:
            return shared_topic(analysis, other)
        written = tokens[first]
        # After "never" the verb already agrees with its subject ("never causes"), unless plural.
        agrees = word == "never" and written.endswith(("s", "ed")) and not written.endswith("ss")
        verb_form = written if agrees else _conjugate(written)
        tail = analysis.quote(first + 1, end) if first < end else ""
        return " ".join(("whether it", verb_form, tail)).strip()
    if aux in COPULA or aux in ("isn", "aren", "wasn", "weren", "am"):
        if there:
            return f"whether there {'are' if aux.startswith(('are', 'were')) else 'is'} {rest}"
        return f"whether it is {rest}"
    if aux in MODALS:
        return f"whether {'there' if there else 'it'} {MODALS[aux]} {rest}"
    if aux in HAVE_AUX or aux in ("hasn", "haven", "hadn"):
        return f"whether {'there' if there else 'it'} has {rest}"
    return shared_topic(analysis, other)


def _verb_after(analysis: Analysis, start: int, end: int) -> int | None:
    """The verb after do-support, past adverbs ("does not always work")."""
    for k in range(start, end + 1):
        token = analysis.tokens[k]
        if token.endswith("ly") or token in ("always", "ever", "even", "yet", "necessarily"):
            continue
        return k if token.isalpha() else None
    return None


def _phrase_end(analysis: Analysis, head: int, width: int = 3) -> int:
    """Last token of the denied word with what follows it: "contain [the amount stated]", "habit[-forming]",
    "lead [to withdrawal]", "build [up a tolerance]"."""
    tokens, end, k = analysis.tokens, head, head + 1
    if k < len(tokens) and tokens[k] in _PARTICLES:
        k += 1
    if k < len(tokens) and tokens[k] in DETERMINERS:
        k += 1
    start = k
    while k < len(tokens) and k - start < width and _plain_word(tokens[k]) and tokens[k] not in OBJECT_END:
        end, k = k, k + 1
    return _whole_words(analysis, head, end)[1]


_PARTICLES = frozenset(("to", "up", "out", "with", "from", "into", "on", "against", "off", "down", "in"))


def _quantity_topic(left: Analysis, right: Analysis, family: str) -> str:
    """ "the amount of caffeine" when a side says what it measures, else the kind of amount."""
    name = QUANTITY_NAMES.get(family, "the amount")
    for analysis in (left, right):
        for position, unit_family in _measured(analysis).values():
            if unit_family == family:
                return f"{name} of {_noun_phrase(analysis, position)}"
    return name


# Words that take a side (verbs and cue nouns): a noun phrase around an anchor stops at them.
_CUES = (
    RELIEVE | BENEFIT | CAUSE | HARM | PRECISE | IMPRECISE | VARY | OCCURRENCE | RISK_NOUNS | RISK_FOR
) | frozenset(w for phrase in CAUSE_PHRASES for w in phrase)


def _thing(analysis: Analysis, stance: Stance) -> str:
    """What a stance is about, as the claim writes it: "sleep quality", "the kidneys"."""
    if stance.kind == "property":
        return HARMFUL_PROPERTY.get(stance.cue, stance.surface)
    if not 0 <= stance.position < len(analysis.tokens):
        return stance.surface
    # "the dosing is precise" has its own article; "the risk of the X" would read badly.
    articles = _ARTICLES if stance.axis == "effect" and stance.kind != "risk" else frozenset()
    return _noun_phrase(analysis, stance.position, articles=articles)


def _noun_phrase(analysis: Analysis, k: int, width: int = 4, articles: frozenset[str] = frozenset()) -> str:
    """Word ``k`` with the plain words that follow it (up to ``width`` tokens), and the word of ``articles``
    written just before it ("the kidneys", "sleep quality")."""
    tokens = analysis.tokens

    def joins(m: int) -> bool:
        word = tokens[m] if 0 <= m < len(tokens) else ""
        return _plain_word(word) and word not in _CUES and word not in OBJECT_END

    def opens_object(m: int) -> bool:
        # A word followed by "it", "the" or a number is a verb taking an object ("makes it", "contains
        # about 95"), not part of the name.
        after = tokens[m + 1] if m + 1 < len(tokens) else "."
        return after in DETERMINERS or after in _OBJECT_OPENERS or after[:1].isdigit()

    # Only words after it join: "sleep quality", "heart disease". Words before it qualify it ("co-occurring
    # insomnia"), and would split one disagreement into several labels.
    first = last = k
    while last - first + 1 < width and joins(last + 1) and not opens_object(last + 1):
        last += 1
    first, last = _whole_words(analysis, first, last)
    if first and tokens[first - 1] in articles:
        first -= 1
    phrase = analysis.quote(first, last)
    # A word capitalised only because it opens the sentence is written in lower case.
    if first == 0 and phrase[:1].isupper() and phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


# Words that open a verb's object: the word before them is no part of a name.
_OBJECT_OPENERS = frozenset(
    ("it", "them", "you", "us", "him", "her", "me", "about", "around", "roughly", "nearly")
)
_ARTICLES = frozenset(("a", "an", "the"))


def _whole_words(analysis: Analysis, first: int, last: int) -> tuple[int, int]:
    """Widen a token range to whole hyphenated words: "COVID-19", not "COVID". Never onto an amount
    ("8-ounce"): a label must not carry a dose."""
    tokens = analysis.tokens

    def amount(k: int) -> bool:
        number = tokens[k][:1].isdigit() and tokens[k + 1 : k + 2] and tokens[k + 1] in UNITS
        unit = tokens[k] in UNITS and k and tokens[k - 1][:1].isdigit()
        return bool(number or unit)

    while analysis.hyphened(first) and not amount(first - 1):
        first -= 1
    while analysis.hyphened(last + 1) and not amount(last + 1):
        last += 1
    return first, last


def _plain_word(token: str) -> bool:
    return token.isalpha() and token not in STOPWORDS and token not in NEGATIONS


# Verbs of the cue lists with their third-person form ("relieving" -> "relieves"), so a label can say
# "whether it prevents colds" in the verb the claim used.
_VERB_FAMILIES = (RELIEVE, BENEFIT, CAUSE, HARM)
_IRREGULAR_BASE = {"led": "lead"}


def _third_person(cue: str) -> str | None:
    """ "prevents" for "preventing", "leads to" for "led to", "is linked to"; None when not a verb."""
    if not cue:
        return None
    verb, *rest = cue.split()
    base = _IRREGULAR_BASE.get(verb) or _base_form(verb)
    if base is None:
        # A participle with no base in the lists ("linked to") reads as the passive it is.
        return f"is {cue}" if verb.endswith("ed") else None
    return " ".join([_conjugate(base), *rest])


def _base_form(verb: str) -> str | None:
    family = next((f for f in _VERB_FAMILIES if verb in f), None)
    phrases = {w for phrase in CAUSE_PHRASES for w in phrase[:1]}
    known = family if family is not None else frozenset(phrases)
    candidates = [verb]
    for suffix in ("ing", "ed", "es", "s", "d"):
        if verb.endswith(suffix):
            stem_ = verb[: -len(suffix)]
            candidates += [stem_, stem_ + "e"]
    for candidate in candidates:
        if candidate in known and (candidate + "s" in known or candidate + "es" in known):
            return candidate
    return None


def _conjugate(verb: str) -> str:
    """The third person singular of a base form: contain -> contains, carry -> carries."""
    irregular = {"be": "is", "have": "has", "do": "does", "go": "goes"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
