"""What a question asks, read with the claim rules: a yes/no question as the statement it asks about ("Is X
addictive?" -> "X is addictive"), its subject and predicate as written, and the terms it asks about; whether a
claim affirms or denies that statement; and whether a disagreement bears on the question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.analysis.subject import agent_before
from rag.safety.contradictions.analysis.words import is_anchor, is_content, lemma_of
from rag.safety.contradictions.classify import (
    EFFICACY_TERM,
    KIND_TERM,
    SAFETY_TERM,
    UNKNOWN_TERM,
    asserted_terms,
    disputed_terms,
    safety_agents,
    stance_toward,
)
from rag.safety.contradictions.lexicon import (
    ASPECTS,
    BENEFIT,
    CAUSE,
    COPULA,
    DANGEROUS,
    DETERMINERS,
    EFFECTIVE,
    HARM,
    HARMFUL_PROPERTY,
    IMPRECISE,
    INEFFECTIVE,
    PERSONS,
    PRECISE,
    PRONOUNS,
    RELIEVE,
    RISK_NOUNS,
    SAFE,
    SAYING,
    SUBJECT_END,
    WORKS,
    words,
)

# A yes/no question opens with one of these; the copulas put the predicate right after the subject, the others
# (do-support and modals) put a verb there.
_BE = words("is are was were")
_AUXILIARIES = _BE | words("does do did can could will would should has have had may might must")
# Where a predicate starts, after the subject: its verb or adjective when the rules know it, an article or a
# comparison ("a tree", "more common"), or a preposition (the verb comes right before it).
_PREDICATE_WORDS = (
    (
        RELIEVE
        | BENEFIT
        | CAUSE
        | HARM
        | SAFE
        | DANGEROUS
        | PRECISE
        | IMPRECISE
        | RISK_NOUNS
        | COPULA
        | SUBJECT_END
        | EFFECTIVE
        | INEFFECTIVE
        | WORKS
    )
    | frozenset(HARMFUL_PROPERTY)
    | words("more less most least")
)
_PREPOSITIONS = words("from with to in on for by into at about against")
_OBJECTS = words("it them him her you me us")  # "does X make it easy": the verb comes right before
# What opens a restriction of the predicate, after its first word: "safe *for teenagers*", "safe *to mix it with
# alcohol*", "more addictive *than coffee*", "relieve pain *in cancer patients*".
_QUALIFIER_OPENERS = _PREPOSITIONS | words(
    "during than after before among while when if without within under over"
)
_WORD = re.compile(r"\S+")
_EITHER_OR = re.compile(r"\bor\b", re.IGNORECASE)
_WHETHER = re.compile(r"\bwhether\b", re.IGNORECASE)
# Words after which "that" opens the clause a question asks about ("is it true that X is Y", "do the sources say
# that X is Y"); elsewhere "that" is a determiner or opens a relative clause ("is that tea", "the tea that ...").
_CLAUSE_FRAMES = words(
    "true case so correct right false say says said claim claims show shows suggest suggests"
)
# "What is X?" / "What are X?" (MedQuAD writes "What is (are) X ?") asks what kind of thing X is, when X is a
# short name: not "What is the risk of X", "What is X used for", "What are X withdrawal symptoms like".
_WHAT_IS = re.compile(r"^\s*what\s+(?:is|are)\s+(?:\(are\)\s+)?(?P<subject>[^?]+?)\s*\??\s*$", re.IGNORECASE)
_NOT_A_NAME = _PREPOSITIONS | words("of and or like used made which that how why when where who")
_NAME_WORDS = 4


@dataclass(frozen=True)
class Asked:
    """A question as the claim rules read it. ``statement`` is None unless it is a yes/no question."""

    question: str
    statement: str | None
    subject: str
    aux: str
    predicate: str
    terms: frozenset[str]
    read: bool = False  # the claim rules read what the predicate asserts (a stance, a kind, an axis)

    @property
    def yes_no(self) -> bool:
        return self.statement is not None


def read_question(question: str) -> Asked:
    """The question's statement (yes/no questions), subject, predicate and the terms it asks about."""
    text = question.strip().rstrip("?").strip()
    tokens = _WORD.findall(text)
    opens_with_aux = bool(tokens) and tokens[0].lower() in _AUXILIARIES
    clause = _embedded_clause(text, tokens) if opens_with_aux else None
    if clause is not None:
        return replace(_read_clause(clause), question=question)
    if len(tokens) >= 3 and opens_with_aux:
        aux, rest = tokens[0].lower(), tokens[1:]
        cut = _predicate_start(rest, aux in _BE)
        subject, predicate = " ".join(rest[:cut]), " ".join(rest[cut:])
        statement = f"{subject} {aux} {predicate}"
        asserted = asserted_terms(analyse(statement))
        terms = asserted or anchors(predicate)
        if _EITHER_OR.search(predicate):
            # "Does X help with Y, or does it cause it?" offers two answers, not yes and no.
            return Asked(question, None, subject, aux, predicate, terms, bool(asserted))
        return Asked(question, statement, subject, aux, predicate, terms, bool(asserted))
    named = _named_thing(question)
    if named is not None:
        return Asked(question, None, named, "", "", anchors(named) | {KIND_TERM})
    return Asked(question, None, "", "", "", anchors(text))


def yes_no_subject(question: str) -> str:
    """The subject a yes/no question names, as written ("Is alcohol addictive?": "alcohol"); "" for another. "Is
    there a vaccine?" asks whether a vaccine exists: "vaccine", so that "Who should get it?" after it asks who
    should get the vaccine, not the disease named the turn before."""
    asked = read_question(question)
    if asked.statement is None:
        return ""
    return _existing_thing(asked.predicate) if asked.subject.lower() == "there" else asked.subject


def _existing_thing(predicate: str) -> str:
    """What an existential question asks about, from its predicate ("Is there a vaccine?": "a vaccine" ->
    "vaccine"; "a cure for hepatitis B" -> "cure"): its words before any qualifier, without determiners."""
    tokens = [t.strip(",;:") for t in _WORD.findall(predicate)]
    end = next((k for k, t in enumerate(tokens) if t.lower() in _QUALIFIER_OPENERS), len(tokens))
    return " ".join(t for t in tokens[:end] if t.lower() not in DETERMINERS)


def _named_thing(question: str) -> str | None:
    """X of "What is X?" when X is a short name (its determiner left out), else None."""
    found = _WHAT_IS.match(question)
    if found is None:
        return None
    tokens = [t for t in _WORD.findall(found["subject"]) if t.lower() not in DETERMINERS]
    if not tokens or len(tokens) > _NAME_WORDS or any(t.lower().strip(",;:") in _NOT_A_NAME for t in tokens):
        return None
    return " ".join(tokens)


def qualifier_terms(asked: Asked) -> frozenset[str]:
    """The content words (lemmas) of what the question's predicate is restricted to, less its subject's: "Is X
    safe for teenagers?" -> {teenager}. A claim that X is safe says nothing about teenagers, so it answers this
    question yes or no only if it names one of them."""
    tokens = _WORD.findall(asked.predicate)
    for k in range(1, len(tokens)):
        if tokens[k].lower().strip(",;:") in _QUALIFIER_OPENERS:
            restricted = anchors(" ".join(tokens[k + 1 :])) - anchors(asked.subject)
            verb = tokens[k + 1 : k + 2]
            if (
                tokens[k].lower() == "to"
                and asked.subject.lower() in PRONOUNS
                and anchors(" ".join(verb)) <= _TAKING
            ):
                # "Is it safe to take melatonin with warfarin?" asks whether melatonin is safe with warfarin: what
                # is taken is the thing asked about, and taking it restricts nothing. What is stopped or mixed ("to
                # stop drinking on my own") is part of the restriction.
                end = next(
                    (m for m in range(k + 2, len(tokens)) if tokens[m].lower() in _QUALIFIER_OPENERS), None
                )
                restricted -= anchors(" ".join(tokens[k + 2 : end])) | _TAKING
            return restricted
    return frozenset()


_TAKING = frozenset(lemma_of(word) for word in ("take", "taking", "use", "using"))


def names_any(claim: str, terms: frozenset[str]) -> bool:
    """Whether ``claim`` names one of ``terms`` (lemmas of content words, as ``qualifier_terms`` gives them)."""
    return bool(anchors(claim) & terms)


def _read_clause(clause: str) -> Asked:
    """A declarative clause ("X is Y") as the yes/no question it answers ("is X Y"); without an auxiliary to
    move ("X causes Y") it is read for its terms only, with no yes or no to group by."""
    words_ = _WORD.findall(clause)
    for k in range(1, len(words_)):
        if words_[k].lower() in _AUXILIARIES:
            return read_question(" ".join([words_[k], *words_[:k], *words_[k + 1 :]]))
    return Asked(clause, None, "", "", "", anchors(clause))


def _embedded_clause(text: str, tokens: Sequence[str]) -> str | None:
    """The clause a framed yes/no question asks about, else None: "Do the sources disagree on whether X is Y?"
    and "Is it true that X is Y?" ask whether X is Y (read whole, their frames gave the headings "whether X do not
    is Y" and "it true that X is not is Y"). "that" counts only right after a frame word ("true that", "say
    that")."""
    embedded = _WHETHER.split(text, maxsplit=1)
    if len(embedded) == 2:
        return embedded[1]
    for k in range(2, len(tokens) - 1):
        if tokens[k].lower() == "that" and tokens[k - 1].lower().strip(",") in _CLAUSE_FRAMES:
            return " ".join(tokens[k + 1 :])
    return None


def _predicate_start(rest: Sequence[str], copula: bool) -> int:
    """Where the predicate starts in the words after the auxiliary (the subject is the words before it)."""
    words_ = [w.lower().strip(",;:") for w in rest]
    for k in range(1, len(words_)):
        word = words_[k]
        if word in _PREDICATE_WORDS:
            # "Is X as effective as Y?": the comparison starts at the first "as".
            return k - 1 if k > 1 and words_[k - 1] == "as" else k
        if word in DETERMINERS or word in _OBJECTS:
            # After "does"/"can" a verb comes first: "does X shorten the stay" starts at "shorten".
            return k if copula or k == 1 else k - 1
    # A preposition comes after the verb ("can X spread from ...") but also inside a subject, so only last.
    for k in range(2, len(words_)):
        if words_[k] in _PREPOSITIONS:
            return k if copula else k - 1
    return 1


def anchors(text: str) -> frozenset[str]:
    """The content words a stance can be about in ``text``, as lemmas."""
    return frozenset(lemma_of(t) for t in analyse(text).tokens if is_anchor(t))


def claim_stance(asked: Asked, claim: str) -> int:
    """+1 when ``claim`` says what the yes/no question asks ("yes"), -1 when it says the opposite, else 0.

    Read with the question's own subject first (a claim that X is a tree denies that X is a mushroom); a claim
    that names no subject of its own ("long-term use can lead to ...") is read against the predicate alone. A
    claim naming something else that acts on what is asked ("Does medication help with the pain?" / "This
    causes a lesion on the nerve that disrupts pain signals") answers neither yes nor no.
    """
    if asked.statement is None:
        return 0
    stance = stance_toward(asked.statement, claim)
    if stance and _another_thing(asked, _REPORTED.sub("", claim, count=1)):
        # What is said of another thing says neither yes nor no, though the rules read the words the two share as
        # one subject: "The combination product with naloxone appears safe in pregnancy" and "Medically supervised
        # withdrawal during pregnancy is not recommended" under "Is methadone safe in pregnancy?".
        return 0
    if (
        stance == 0
        and asked.predicate
        and not _another_agent(asked, claim)
        and not _another_thing(asked, claim)
    ):
        stance = stance_toward(f"it {asked.aux} {asked.predicate}", claim)
    if stance < 0 and SAFETY_TERM not in asked.terms and _denied_of_a_group(asked, claim):
        return 0
    if stance and _another_span(asked.question, claim):
        return 0
    return stance


# How long a thing is used or lasts: what is said of one span ("Short-term use appears safe") says neither yes nor
# no to a question about the other ("Is it safe long term?").
_SPANS = (
    re.compile(
        r"\b(?:long[- ]?term|long[- ]run|for (?:many )?(?:years|decades)|prolonged|chronic(?:ally)?)\b", re.I
    ),
    re.compile(
        r"\b(?:short[- ]?term|short[- ]run|brief(?:ly)?|acute(?:ly)?|for (?:a few )?(?:days|weeks))\b", re.I
    ),
)


def _another_span(question: str, claim: str) -> bool:
    """The question names one span of time and the claim only the other."""
    asked = [bool(span.search(question)) for span in _SPANS]
    said = [bool(span.search(claim)) for span in _SPANS]
    return asked.count(True) == 1 and said.count(True) == 1 and asked != said


_GROUP = re.compile(
    r"\b(?:in|among|for)\s+(?:(?:the|those|some|most|many|all|older|younger|young|elderly|pregnant|healthy|"
    r"[a-z]+ly)\s+){0,2}(?:"
    + "|".join(sorted(PERSONS))
    + r"|people|those|users|smokers|drinkers|gamblers|anyone|someone)\s+(?:with|without|who|whose|aged|over|under)"
    r"\b(?P<group>[^,.;:!?]*)",
)
_DENIAL = re.compile(r"\b(?:not|never|no|cannot)\b|n't\b")


def _denied_of_a_group(asked: Asked, claim: str) -> bool:
    """The claim denies what is asked only of a group the question does not name: "Naltrexone does not reduce
    gambling in people without strong urges" says no for them, and so yes for the others; under "Does naltrexone
    help with gambling?" it says neither. A danger for a group ("not safe for people with heart disease") still
    answers "Is it safe?"; so does a denial asked of that group ("... help people with strong urges?")."""
    text = claim.lower()
    found = _GROUP.search(text)
    if found is None or not _DENIAL.search(text, 0, found.start()):
        return False
    return not anchors(found.group("group")) & anchors(asked.question)


_ASPECT_LEMMAS = frozenset(lemma_of(word) for word in ASPECTS)
# "Trials show that ...", "Recent studies suggest that ...": who reports the claim is not what it is about.
_REPORTED = re.compile(rf"^\W*(?:[\w-]+\s+){{0,4}}?(?:{'|'.join(sorted(SAYING))})\s+that\s+", re.IGNORECASE)


def _another_thing(asked: Asked, claim: str) -> bool:
    """The claim is about a thing of its own, named in words the question's subject does not use ("Home detox is
    dangerous" under "Is cutting down gradually safe?"); not about an aspect of using something ("Long-term use",
    "High doses", "Mixing it with alcohol"), which the predicate alone is read against."""
    subject = anchors(asked.subject)
    read = analyse(claim)
    if not subject or not read.subject or read.subject_words is None:
        return False
    start, end = read.subject_words
    if PRONOUNS.intersection(read.tokens[start : end + 1]):
        return False
    if read.subject & subject:
        # Shared only past the heads ("Planned breaks from stimulant treatment" under "Are the side effects of
        # stimulants dangerous?"): two things said of one medicine. Not when the question's head is the claim's
        # thing ("Side effects of kratom are mild" under "Is kratom safe?").
        head = _head(read.tokens[start : end + 1], read.lemmas[start : end + 1]) - _SORTS
        asked_read = analyse(asked.subject)
        asked_head = _head(asked_read.tokens, asked_read.lemmas) - _SORTS
        return (
            bool(head and asked_head)
            and not head & subject
            and not asked_head & read.subject
            and not head & _ASPECT_LEMMAS
        )
    return read.lemmas[end] not in _ASPECT_LEMMAS


# Heads that pick out some of a thing rather than name another ("some kinds of X", "specific strains of X").
_SORTS = frozenset(
    lemma_of(word)
    for word in words(
        "some any all most many certain specific kind kinds type types form forms sort sorts variety varieties "
        "strain strains brand brands product products preparation preparations version versions"
    )
)
# What a subject's head ends at: "breaks from stimulant treatment", "the side effects of stimulants".
_HEAD_END = frozenset(
    {"of", "from", "for", "in", "on", "with", "during", "after", "before", "about", "among"}
)


def _head(tokens: Sequence[str], lemmas: Sequence[str]) -> frozenset[str]:
    """The content words of a subject before its first preposition ("side effects"; empty when it has none)."""
    end = next((k for k, t in enumerate(tokens) if t in _HEAD_END), None)
    if end is None:
        return frozenset()
    return frozenset(lemma for t, lemma in zip(tokens[:end], lemmas[:end], strict=True) if is_content(t))


def _another_agent(asked: Asked, claim: str) -> bool:
    """The claim names what acts on what the question asks about, and never the question's subject."""
    subject = anchors(asked.subject)
    if not subject:
        return False
    read = analyse(claim)
    agents = [
        agent_before(read, s.cue_at)
        for s in read.stances
        if s.axis == "effect" and s.kind != "occurs" and s.anchor in asked.terms
    ]
    if SAFETY_TERM in asked.terms and not read.subject:
        # "If you vape, aim to stop, because smoking a few cigarettes still carries a high risk" judges smoking,
        # not vaping; what is said of using the asked thing ("taking too much is dangerous") still counts.
        agents += [agent for agent in safety_agents(read) if not agent & _ASPECT_LEMMAS]
    named = [a for a in agents if a]
    return bool(named) and not any(a & subject for a in named)


def bears_on(asked: Asked, sides: Sequence[str], theme: frozenset[str] = frozenset()) -> bool:
    """Whether a disagreement between ``sides`` (two claims) is about what the question asks: the claims
    disagree about one of the question's terms. When the rules cannot read what the question asks ("What side
    effects ...?", "Could it keep me awake?"), a disagreement about the answer's ``theme`` (what several of its
    quotes name) counts too; an axis alone ("~evidence") is no theme."""
    if len(sides) < 2:
        return False
    disputed = disputed_terms(sides[0], sides[1])
    if disputed is None:
        # Another classifier (NLI) paired them where the rules see nothing: what either claim asserts about.
        disputed = asserted_terms(analyse(sides[0])) | asserted_terms(analyse(sides[1]))
    shared = disputed & asked.terms
    if shared and all(_another_thing(asked, side) for side in sides):
        # Both claims are about another thing than the question's subject: whether home detox is safe does not
        # answer "Is cutting down gradually safe?".
        return False
    if shared == {KIND_TERM}:
        # "What is X?" asks what X is, not what something else the answer names is.
        return any(c.subject in asked.terms for side in sides for c in analyse(side).categories)
    if shared:
        return True
    # What a thing is ("a tree or a mushroom") is asked by naming a kind, never a mere theme of the answer.
    if asked.read or KIND_TERM in disputed:
        return False
    if disputed and disputed <= _JUDGED and _both_about(sides, asked.terms):
        # "Do the sources disagree about X?", "What do they say about X?": whether X is safe, or works, is
        # disputed by claims about X. The axis is no theme; the thing the question names is. Not whether studies
        # have shown something: the rules read that of any two findings that share a word.
        return True
    return bool({t for t in disputed if not t.startswith("~")} & theme)


_JUDGED = frozenset({SAFETY_TERM, UNKNOWN_TERM, EFFICACY_TERM})


def _both_about(sides: Sequence[str], terms: frozenset[str]) -> bool:
    """Each claim's own subject is a thing the question names."""
    return all(analyse(side).subject & terms for side in sides[:2])


def theme_of(quotes: Sequence[str]) -> frozenset[str]:
    """What an answer keeps naming: the content words (as lemmas) that at least two of its quotes use."""
    return frozenset(lemma for lemma, n in anchor_counts(quotes).items() if n >= 2)


def anchor_counts(texts: Sequence[str]) -> Counter[str]:
    """How many of ``texts`` name each content word (as lemmas)."""
    return Counter(lemma for text in texts for lemma in anchors(text))
