"""Topic labels for contradictions: what two claims disagree on, in words a reader can follow.

A label follows "The sources disagree on", so it is built from the claims' own words (never stems) and falls back
to the subject both name, or "this point".
"""

from __future__ import annotations

from rag.safety.contradictions.analysis.negation import prohibition_start
from rag.safety.contradictions.analysis.records import Analysis, Category, Stance
from rag.safety.contradictions.analysis.words import lemma_of
from rag.safety.contradictions.lexicon import (
    BENEFIT,
    CAUSE,
    CAUSE_PHRASES,
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

GENERIC_STEMS = frozenset(lemma_of(g) for g in GENERIC)


def content_anchor(token: str) -> bool:
    """A word that can say what a claim is about: a real word, not a stopword or a generic one ("people")."""
    return (
        token.isalpha() and len(token) > 2 and token not in STOPWORDS and lemma_of(token) not in GENERIC_STEMS
    )


def measured(analysis: Analysis) -> dict[str, tuple[int, str]]:
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
                if content_anchor(tokens[of + 1]):
                    found[analysis.lemmas[of + 1]] = (of + 1, UNITS[tokens[i]][0])
                break
            if not tokens[of].isalpha():
                break
    return found


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


def stance_topic(s: Stance, t: Stance, left: Analysis, right: Analysis) -> str:
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


def category_topic(a: Category, b: Category) -> str:
    # A name that opens its sentence is capitalised for that reason only: prefer one written mid-sentence.
    named = min((a, b), key=lambda c: c.initial)
    name = named.named
    if named.initial and name[:1].isupper() and name[1:2].islower() and name[1:] == name[1:].lower():
        name = name[0].lower() + name[1:]
    return f"what {name} {named.verb}: {' or '.join(sorted((a.phrase, b.phrase)))}"


def negation_topic(analysis: Analysis, other: Analysis, cue: int, head: int) -> str:
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


def quantity_topic(left: Analysis, right: Analysis, family: str) -> str:
    """ "the amount of caffeine" when a side says what it measures, else the kind of amount."""
    unit = family.removeprefix("change:").split(" ")[0]  # "hour ward": the hour family, of a kind of ward
    name = QUANTITY_NAMES.get(unit, "the amount")
    for analysis in (left, right):
        for position, unit_family in measured(analysis).values():
            if unit_family == unit:
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
