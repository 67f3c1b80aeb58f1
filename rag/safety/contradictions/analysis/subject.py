"""Who or what a claim is about (its subject), what a cue names after it (its objects), and the compound a
naming word belongs to.
"""

from __future__ import annotations

from rag.safety.contradictions.analysis.negation import prohibition_start
from rag.safety.contradictions.analysis.records import Analysis
from rag.safety.contradictions.analysis.words import is_anchor, is_effect_anchor
from rag.safety.contradictions.lexicon import (
    AGENT_BOUNDARY,
    AGENT_WINDOW,
    BENEFIT,
    CAUSE,
    CLAUSE_PUNCT,
    COPULA,
    DANGEROUS,
    DETERMINERS,
    HARM,
    IMPRECISE,
    ITEM_END,
    MODALS,
    OBJECT_END,
    OCCURRENCE,
    PRECISE,
    PROCESS_HEADS,
    QUALIFIERS,
    RELATIVE,
    RELIEVE,
    REPORT_VERBS,
    RISK_FOR,
    RISK_NOUNS,
    SAFE,
    SAYING,
    SUBJECT_END,
    SUBJECT_WINDOW,
    SUBORDINATORS,
    VARY,
    WORKS,
)

_CUE_WORDS = (
    RELIEVE | BENEFIT | CAUSE | HARM | OCCURRENCE | REPORT_VERBS | RISK_NOUNS | RISK_FOR | PRECISE | IMPRECISE
) | (SAFE | DANGEROUS | VARY)


def _object_subject(tokens: list[str], lemmas: list[str], verb: int) -> set[str]:
    """What a prohibition is about: the thing named after its verb ("Never stop a sedative suddenly")."""
    named: set[str] = set()
    for k in range(verb + 1, min(len(tokens), verb + 1 + SUBJECT_WINDOW)):
        token = tokens[k]
        if token in DETERMINERS and not named:
            continue
        if not is_anchor(token):
            break
        if not token.endswith("ly"):  # "suddenly" says how, not what
            named.add(lemmas[k])
    return named


def claim_subject(tokens: list[str], lemmas: list[str]) -> tuple[set[str], tuple[int, int] | None]:
    """Content words before the main verb: who or what the claim is about (empty when unclear), and the
    tokens they span.

    A prohibition has no subject of its own ("you"): it is about what it names after its verb.
    """
    verb = prohibition_start(tokens)
    if verb is not None:
        return _object_subject(tokens, lemmas, verb), None
    start = 0
    if tokens and tokens[0] in SUBORDINATORS and "," in tokens:
        start = tokens.index(",") + 1
    subject: set[str] = set()
    for k in range(start, min(len(tokens), start + SUBJECT_WINDOW)):
        token = tokens[k]
        # "Injections work for ...": the verb, once something is named ("This work is ..." names the work).
        if (
            token in SUBJECT_END
            or token in RELIEVE | BENEFIT | CAUSE | HARM
            or token in OCCURRENCE
            or (token in WORKS and subject)
        ):
            return subject, ((start, k - 1) if subject else None)
        if is_anchor(token):
            subject.add(lemmas[k])
    return set(), None


def is_table_row(text: str) -> bool:
    """Cells of a table as extracted ("Atomoxetine | 40 mg | 100 mg", "| Drug | Dose |"): a record, not a
    sentence."""
    return " | " in text or text.lstrip().startswith("|")


def row_subject(text: str, tokens: list[str], lemmas: list[str], spans: list[tuple[int, int]]) -> set[str]:
    """What a table row is about: the naming words of its first cell. A row has no verb to end a subject at."""
    body = text.lstrip()
    start = len(text) - len(body) + (1 if body.startswith("|") else 0)
    end = text.find("|", start)
    end = len(text) if end < 0 else end
    return {lemmas[k] for k, (first, _) in enumerate(spans) if start <= first < end and is_anchor(tokens[k])}


def agent_before(analysis: Analysis, cue_at: int) -> set[str]:
    """The naming words before a cue, back to the start of its clause: what the claim says acts ("the
    infection induced ...", "antivirals can reduce ..."). Empty when nothing is named there ("it can
    cause ...", "these can include ...") or the cue's place is unknown."""
    tokens = analysis.tokens
    found: set[str] = set()
    relative = False
    stop = -1
    for k in range(cue_at - 1, max(-1, cue_at - 1 - AGENT_WINDOW), -1):
        token = tokens[k]
        between = tokens[k + 1 : cue_at]
        if token in _COORDINATING and not found and between and all(t in _LINKING for t in between):
            # "It contains nicotine and is addictive": a second predicate of the clause's subject, which
            # the object of the first ("nicotine") does not stand for. Not "diagnosing and treating X" nor
            # "continued or increased use", which join words, not predicates.
            return set(analysis.subject) if _opens_claim(tokens, k) else set()
        if token in RELATIVE and not found and not (k and tokens[k - 1] in SAYING):
            relative = True
            continue  # "medicines that can worsen X": what acts stands before the relative pronoun
        if token in CLAUSE_PUNCT or token == "," or token in AGENT_BOUNDARY:
            stop = k
            break
        if _names_what(token):
            found.add(analysis.lemmas[k])
    if not found and tokens[cue_at : cue_at + 2] in (["cause", "of"], ["causes", "of"]):
        return _named_after_copula(analysis, cue_at + 2)
    if not found and relative:
        # "Factors that may contribute to X include Y": the relative clause's head names nothing; Y acts.
        return _named_after_copula(analysis, cue_at + 1, _LISTING, ITEM_END)
    if not found and _PERSONS.intersection(tokens[max(0, cue_at - AGENT_WINDOW) : cue_at]):
        # "You can prevent OHS by maintaining a healthy weight": the person only does it; the means acts.
        return _named_after_copula(analysis, cue_at + 1, _BY, ITEM_END)
    if (
        not found
        and stop > 0
        and tokens[stop] in _JOINING
        and _STANDS_FOR.intersection(tokens[stop + 1 : cue_at])
    ):
        # "... abuse the substance even though it can harm their health": "it" stands for something the clause
        # before names. All of that clause's naming words stand in for it, not the nearest ("use kratom for
        # pain, although it can ..." is about kratom), so a claim about any of them still meets this one.
        return _named_before(analysis, stop)
    return found


_COORDINATING = frozenset({"and", "but", "or"})
# What may stand between such a conjunction and the word that takes the side: "and is", "and can be", "but is
# still".
_LINKING = COPULA | frozenset(MODALS) | frozenset({"be", "also", "still", "often", "very"})


def _opens_claim(tokens: list[str], k: int) -> bool:
    """No clause boundary before token ``k``: the claim's own subject is the clause's."""
    return not any(t in CLAUSE_PUNCT or t == "," or t in AGENT_BOUNDARY for t in tokens[:k])


_PERSONS = frozenset({"you", "we", "i", "one"})
_BY = frozenset({"by"})
_STANDS_FOR = frozenset({"it", "they"})
# The agent's boundaries that join a clause to the one before in the same sentence, so that a pronoun after them
# may stand for something named before them; the relative pronouns open a relative clause, handled above.
_JOINING = AGENT_BOUNDARY - frozenset({"that", "which", "who", "whom", "whose"})


def _names_what(token: str) -> bool:
    # "-ly" words say how or how much ("significantly"), not what.
    return is_anchor(token) and token not in _CUE_WORDS | QUALIFIERS and not token.endswith("ly")


def _named_before(analysis: Analysis, end: int) -> set[str]:
    """The naming words of the clause that ends before token ``end``, back to the sentence's or clause's start."""
    tokens = analysis.tokens
    named: set[str] = set()
    for k in range(end - 1, max(-1, end - 1 - AGENT_WINDOW), -1):
        if tokens[k] in CLAUSE_PUNCT:
            break
        if _names_what(tokens[k]):
            named.add(analysis.lemmas[k])
    return named


_LISTING = frozenset({"is", "are", "was", "were", "include", "includes", "included"})


def _named_after_copula(
    analysis: Analysis,
    start: int,
    verbs: frozenset[str] = frozenset({"is", "are", "was", "were"}),
    ends: frozenset[str] = frozenset(),
) -> set[str]:
    """ "The cause of X is Y": what acts is named after the verb (up to a comma, the clause's end or ``ends``);
    with ``verbs`` {"by"}, the means of "prevent X by maintaining a healthy weight"."""
    tokens = analysis.tokens
    for k in range(start, min(len(tokens), start + AGENT_WINDOW)):
        if tokens[k] in CLAUSE_PUNCT or tokens[k] == ",":
            return set()
        if tokens[k] in verbs:
            named = set()
            for m in range(k + 1, min(len(tokens), k + 1 + AGENT_WINDOW)):
                if tokens[m] in CLAUSE_PUNCT or tokens[m] == "," or tokens[m] in ends:
                    break
                if is_anchor(tokens[m]) and tokens[m] not in QUALIFIERS:
                    named.add(analysis.lemmas[m])
            return named
    return set()


def objects_after(
    tokens: list[str], lemmas: list[str], start: int, width: int = 5, means: bool = False
) -> list[tuple[str, str, int]]:
    """Anchors named after a cue, up to the end of its clause: (stem, word, token index). ``means``: the cue
    relieves, so "with" after what it acts on names the means ("treat X with Y", "managed with Y"); after a cause
    it still names what is caused ("fever with renal syndrome", "the interaction with Y"), and after a help what
    is helped ("help someone cope with cravings")."""
    found: list[tuple[str, str, int]] = []
    for k in range(start, min(len(tokens), start + width)):
        if tokens[k] in CLAUSE_PUNCT or (tokens[k] == "," and found):
            break
        if tokens[k] in RELIEVE | CAUSE | BENEFIT | HARM:
            if found:
                break
            continue
        if tokens[k] in OBJECT_END or (means and tokens[k] == "with" and found):
            break
        if tokens[k] in PROCESS_HEADS:
            continue
        if is_effect_anchor(tokens[k]) and (k + 1 >= len(tokens) or tokens[k + 1] not in PROCESS_HEADS):
            found.append((lemmas[k], tokens[k], k))
    return found


def compound(analysis: Analysis, k: int) -> tuple[str, ...]:
    """The run of naming words around token ``k`` ("heart rate", "cancer rates"), as stems.

    Two stances on one word of different compounds are about different things: "raises heart rate" and
    "no increase in cancer rates" share "rates", "heart rate" and "heart attacks" share "heart".
    """
    tokens = analysis.tokens
    if not 0 <= k < len(tokens):
        return ()

    def naming(m: int) -> bool:
        return 0 <= m < len(tokens) and is_anchor(tokens[m]) and tokens[m] not in _CUE_WORDS

    first, last = k, k
    while naming(first - 1):
        first -= 1
    while naming(last + 1):
        last += 1
    return tuple(analysis.lemmas[first : last + 1])
