"""What one claim asserts, read with general English cues: stances on what it names, kinds, amounts.

Nothing here is specific to a corpus: the cue lists (``lexicon``) are ordinary English, so the same rules
judge claims about any subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rag.safety.contradictions.lexicon import (
    ADVERSE_HEADS,
    AFTER_PREDICATE,
    BENEFIT,
    BENEFIT_HEADS,
    CATEGORY_STOP,
    CAUSE,
    CAUSE_PHRASES,
    CERTAINTY_WORDS,
    CLAUSE_OPENERS,
    CLAUSE_PUNCT,
    COMPARATIVE_BE,
    COMPARATIVE_DEGREE,
    COMPARATIVE_SKIP,
    COPULA,
    DANGEROUS,
    DETERMINERS,
    DOUBT_WORDS,
    GENERIC,
    HARM,
    HARMFUL_PROPERTY,
    HEDGE,
    HIGH,
    IMPRECISE,
    KIND_OF,
    LIST_OPENERS,
    LOW,
    NEGATION_SCOPE,
    NEGATION_TRANSPARENT,
    NEGATIONS,
    NO_EFFECT,
    OBJECT_END,
    OCCURRENCE,
    PRECISE,
    PREDICATE_SKIP,
    PROCESS_HEADS,
    PROHIBITIONS,
    QUANTITY,
    RELIEF_NOUNS,
    RELIEVE,
    REPORT_VERBS,
    RISK_FOR,
    RISK_NOUNS,
    SAFE,
    SMALLER,
    STOPWORDS,
    STRONG_EVIDENCE,
    SUBJECT_END,
    SUBJECT_WINDOW,
    SUBORDINATORS,
    SYNONYMS,
    TOKEN,
    UNITS,
    VARY,
)
from rag.text.tokens import root

# --- records ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stance:
    """``value`` +1 (good for / less of ``anchor``), -1 (bad for / more of), 0 (no effect).

    ``cue`` is the word (or two) that took the side, as written ("prevents", "lead to"), and ``position`` the
    token index of the anchor, so a label can quote the verb and the phrase around the anchor.
    """

    axis: str
    anchor: str
    surface: str
    value: int
    negated: bool
    kind: str = ""
    cue: str = ""
    position: int = -1


@dataclass(frozen=True)
class Category:
    """ "X is a tree": the subject (its stem, to match, and as written, to name it), its verb, the kinds."""

    subject: str
    kinds: frozenset[str]
    phrase: str
    named: str
    verb: str = "is"
    initial: bool = False  # the name opens the claim (so its capital may be the sentence's)


@dataclass(frozen=True)
class Comparison:
    """ "X is (far) more/less ADJ than Y": ``degree`` +1 more, -1 less; ``denied`` when the claim says it is
    not so ("no more effective than") or puts it in doubt ("it has not been established that ...").

    ``subject`` and ``other`` are the stems of X and Y; ``phrase`` the words from "more"/"less" to the end
    of Y as written, and ``named`` X as written, so a label can quote them.
    """

    adjective: str
    degree: int
    denied: bool
    subject: frozenset[str]
    other: frozenset[str]
    named: str
    verb: str
    phrase: str


@dataclass
class Analysis:
    text: str
    tokens: list[str]
    spans: list[tuple[int, int]]  # each token's characters in ``text``, to quote phrases as written
    lemmas: list[str]
    content: set[str]
    subject: set[str]
    subject_words: tuple[int, int] | None = None  # tokens first..last of the subject, when one was found
    advice: bool = False  # a prohibition ("Do not ...", "Never ..."): it advises, it does not assert
    stances: list[Stance] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    quantities: list[tuple[str, float, float]] = field(default_factory=list)
    evidence: int = 0  # +1 strong evidence asserted, -1 hedged, 0 neither
    negated_terms: set[str] = field(default_factory=set)
    comparisons: list[Comparison] = field(default_factory=list)

    def hyphened(self, k: int) -> bool:
        """Whether token ``k`` is joined to the one before it by a hyphen ("habit-forming", "COVID-19")."""
        return 0 < k < len(self.tokens) and self.text[self.spans[k - 1][1] : self.spans[k][0]] in ("-", "‐")

    def quote(self, first: int, last: int) -> str:
        """Tokens ``first``..``last`` as the text writes them (hyphens, case), on one line."""
        if not 0 <= first <= last < len(self.tokens):
            return ""
        words = " ".join(self.text[self.spans[first][0] : self.spans[last][1]].split())
        # A bracket would open or close outside the label: "the disease (COVID-19" reads as "the disease".
        cut = min((words.find(b) for b in "()[]" if b in words), default=-1)
        return words[:cut].rstrip(" ,;:-") if cut > 0 else words


_CUE_WORDS = (
    RELIEVE | BENEFIT | CAUSE | HARM | OCCURRENCE | REPORT_VERBS | RISK_NOUNS | RISK_FOR | PRECISE | IMPRECISE
) | (SAFE | DANGEROUS | VARY)

# --- analysis -----------------------------------------------------------------------------------------------


def lemma_of(word: str) -> str:
    """The word's derivational root, with the stems that name one thing merged (``SYNONYMS``)."""
    root_of = root(word)
    return SYNONYMS.get(root_of, root_of)


def _tokens_with_spans(text: str) -> tuple[list[str], list[tuple[int, int]] | None]:
    """Tokens, and where each stands in ``text`` (None when lower-casing moved the letters)."""
    folded = text.lower().replace("’", "'").replace("-", " ")
    matches = list(TOKEN.finditer(folded))
    # Lower-casing keeps offsets for all but a few letters (Turkish dotted I).
    spans = [m.span() for m in matches] if len(folded) == len(text) else None
    return [m.group() for m in matches], spans


@lru_cache(maxsize=65536)
def analyse(text: str) -> Analysis:
    tokens, found = _tokens_with_spans(text)
    if found is None:
        text = " ".join(tokens)  # offsets unknown: labels quote the tokens themselves
        found = _spans_of_joined(tokens)
    spans = found
    lemmas = [lemma_of(t) for t in tokens]
    content = {lem for t, lem in zip(tokens, lemmas, strict=True) if _is_content(t)}
    advice = prohibition_start(tokens) is not None
    subject, subject_words = _subject(tokens, lemmas)
    analysis = Analysis(text, tokens, spans, lemmas, content, subject, subject_words, advice)
    negated = _negation_mask(tokens)
    _effect_stances(analysis, negated)
    _safety_stances(analysis, negated)
    _precision_stances(analysis, negated)
    analysis.categories = _categories(analysis)
    analysis.quantities = _quantities(text)
    analysis.evidence = _evidence(tokens)
    analysis.comparisons = _comparisons(analysis)
    analysis.negated_terms = {
        lemmas[i] for i, t in enumerate(tokens) if negated[i] and _is_content(t) and t not in NEGATIONS
    }
    return analysis


def _spans_of_joined(tokens: list[str]) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for token in tokens:
        spans.append((offset, offset + len(token)))
        offset += len(token) + 1
    return spans


def _is_content(token: str) -> bool:
    return token.isalnum() and not token.isdigit() and token not in STOPWORDS and len(token) > 2


def _is_anchor(token: str) -> bool:
    return (
        _is_content(token) and token not in GENERIC and lemma_of(token) not in {lemma_of(g) for g in GENERIC}
    )


def _negation_mask(tokens: list[str]) -> list[bool]:
    """Whether each token falls under an odd number of negation cues within the preceding few words."""
    mask = [False] * len(tokens)
    for i in range(len(tokens)):
        count, reach, j = 0, 0, i - 1
        while j >= 0 and reach < NEGATION_SCOPE and tokens[j] not in CLAUSE_PUNCT:
            if _is_negation(tokens, j):
                count += 1
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


def _object_subject(tokens: list[str], lemmas: list[str], verb: int) -> set[str]:
    """What a prohibition is about: the thing named after its verb ("Never stop a sedative suddenly")."""
    named: set[str] = set()
    for k in range(verb + 1, min(len(tokens), verb + 1 + SUBJECT_WINDOW)):
        token = tokens[k]
        if token in DETERMINERS and not named:
            continue
        if not _is_anchor(token):
            break
        if not token.endswith("ly"):  # "suddenly" says how, not what
            named.add(lemmas[k])
    return named


def _subject(tokens: list[str], lemmas: list[str]) -> tuple[set[str], tuple[int, int] | None]:
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
        if token in SUBJECT_END or token in RELIEVE | BENEFIT | CAUSE | HARM or token in OCCURRENCE:
            return subject, ((start, k - 1) if subject else None)
        if _is_anchor(token):
            subject.add(lemmas[k])
    return set(), None


def _objects(tokens: list[str], lemmas: list[str], start: int, width: int = 5) -> list[tuple[str, str, int]]:
    """Anchors named after a cue, up to the end of its clause: (stem, word, token index)."""
    found: list[tuple[str, str, int]] = []
    for k in range(start, min(len(tokens), start + width)):
        if tokens[k] in CLAUSE_PUNCT or (tokens[k] == "," and found):
            break
        if tokens[k] in RELIEVE | CAUSE | BENEFIT | HARM:
            if found:
                break
            continue
        if tokens[k] in OBJECT_END:
            break
        if tokens[k] in PROCESS_HEADS:
            continue
        if _is_anchor(tokens[k]) and (k + 1 >= len(tokens) or tokens[k + 1] not in PROCESS_HEADS):
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
        return 0 <= m < len(tokens) and _is_anchor(tokens[m]) and tokens[m] not in _CUE_WORDS

    first, last = k, k
    while naming(first - 1):
        first -= 1
    while naming(last + 1):
        last += 1
    return tuple(analysis.lemmas[first : last + 1])


def _effect_stances(analysis: Analysis, negated: list[bool]) -> None:
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
        for lemma, surface, k in _objects(tokens, lemmas, after):
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
            if _is_anchor(tokens[k]):
                out.append(Stance("effect", lemmas[k], tokens[k], -1, False, "occurs", "", k))
    return out


def _reports_something(tokens: list[str], i: int) -> bool:
    """ "(users) report X" as a verb with its object, not "the reports" or "reports suggest"."""
    if i == 0 or tokens[i - 1] in DETERMINERS or tokens[i - 1] in CLAUSE_PUNCT:
        return False
    return i + 1 < len(tokens) and _is_anchor(tokens[i + 1])


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


def _safety_stances(analysis: Analysis, negated: list[bool]) -> None:
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


def _precision_stances(analysis: Analysis, negated: list[bool]) -> None:
    tokens, lemmas = analysis.tokens, analysis.lemmas
    for i, token in enumerate(tokens):
        if token in PRECISE or token in IMPRECISE:
            value = 1 if token in PRECISE else -1
            anchors = _objects(tokens, lemmas, i + 1, width=4)
        elif token in VARY:
            value = -1
            anchors = [(lemmas[k], tokens[k], k) for k in range(max(0, i - 3), i) if _is_anchor(tokens[k])][
                -1:
            ]
        else:
            continue
        for lemma, surface, k in anchors:
            analysis.stances.append(
                Stance("precision", lemma, surface, value, negated[i], "precision", token, k)
            )


def _categories(analysis: Analysis) -> list[Category]:
    """ "X is a tree", "X, a tree", "X—the mushroom drink", "X are bacteria": who, and what kind of thing."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Category] = []
    for i, token in enumerate(tokens):
        if token in ("is", "are") and i:
            found = _first_anchor(tokens, 0, i)
            named, initial = _subject_phrase(analysis, found, i) if found is not None else ("", False)
            verb, start = token, i + 1
        elif token in (",", "—", "–") and i and tokens[i + 1 : i + 2] in (["a"], ["an"], ["the"]):
            found = i - 1 if _is_anchor(tokens[i - 1]) else None
            named, initial = analysis.quote(i - 1, i - 1), i == 1
            verb, start = "is", i + 1
        else:
            continue
        phrase = _category_phrase(tokens, start)
        kinds = frozenset(KIND_OF[tokens[k]] for k in phrase if tokens[k] in KIND_OF)
        if found is not None and kinds:
            first_kind = next(n for n, k in enumerate(phrase) if tokens[k] in KIND_OF)
            words = analysis.quote(phrase[first_kind], phrase[-1])
            out.append(Category(lemmas[found], kinds, words, named, verb, initial))
    return out


def _first_anchor(tokens: list[str], start: int, end: int) -> int | None:
    for k in range(start, end):
        if tokens[k] in (",", "—", "–"):
            break
        if _is_anchor(tokens[k]):
            return k
    return None


def _subject_phrase(analysis: Analysis, anchor: int, verb: int) -> tuple[str, bool]:
    """The whole subject when it is a short name ("St John's wort"), else the anchor word alone; and
    whether it opens the claim."""
    first = 0
    while first < anchor and analysis.tokens[first] in DETERMINERS:
        first += 1
    span = analysis.tokens[first:verb]
    if len(span) <= 4 and all(t.replace("'", "").isalnum() for t in span):
        return analysis.quote(first, verb - 1), first == 0
    return analysis.quote(anchor, anchor), anchor == 0


def _category_phrase(tokens: list[str], start: int) -> list[int]:
    """Token indices of the kind named after "is a" (up to the first function word)."""
    phrase: list[int] = []
    for k in range(start, min(len(tokens), start + 8)):
        token = tokens[k]
        if token in ("a", "an", "the") and not phrase:
            continue
        if token == "of" and phrase and tokens[phrase[-1]] in ("type", "kind", "form", "sort", "species"):
            phrase = []  # "a type of bacteria" is bacteria
            continue
        if not token.isalnum() or token in CATEGORY_STOP or token in COPULA:
            break
        phrase.append(k)
    return phrase


def _comparisons(analysis: Analysis) -> list[Comparison]:
    """Every "X is (not, far) more/less ADJ than Y" in the claim."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Comparison] = []
    for i, token in enumerate(tokens):
        if (
            token not in COMPARATIVE_DEGREE
            or tokens[i + 2 : i + 3] != ["than"]
            or not _is_content(tokens[i + 1])
        ):
            continue
        verb, denials = i - 1, 0
        while verb >= 0 and (tokens[verb] in COMPARATIVE_SKIP or tokens[verb] in ("no", "not")):
            denials += tokens[verb] in ("no", "not")
            verb -= 1
        if verb < 0 or tokens[verb] not in COMPARATIVE_BE:
            continue
        denials += verb > 0 and tokens[verb - 1] in ("not", "never")  # "could not be more ..."
        start = verb
        while start > 0 and tokens[start - 1] not in CLAUSE_OPENERS | CLAUSE_PUNCT | {","}:
            start -= 1
        subject = [k for k in range(start, verb) if _is_anchor(tokens[k])]
        end = i + 3
        while end < len(tokens) and tokens[end] in DETERMINERS:
            end += 1
        while end < len(tokens) and end < i + 7 and _is_anchor(tokens[end]):
            end += 1
        other = frozenset(lemmas[k] for k in range(i + 3, end) if _is_anchor(tokens[k]))
        first = start
        while first < verb and tokens[first] in DETERMINERS:
            first += 1
        named = analysis.quote(first, verb - 1) if subject and verb - first <= 4 else ""
        if named[:1].isupper() and named[1:2].islower() and first == 0:
            named = named[0].lower() + named[1:]
        out.append(
            Comparison(
                adjective=lemmas[i + 1],
                degree=COMPARATIVE_DEGREE[token],
                denied=bool(denials % 2) != _doubted(tokens, start),
                subject=frozenset(lemmas[k] for k in subject),
                other=other,
                named=named,
                verb=tokens[verb] if tokens[verb] in ("is", "are", "was", "were") else "is",
                phrase=analysis.quote(i, end - 1),
            )
        )
    return out


def _doubted(tokens: list[str], start: int) -> bool:
    """Whether the clause opening at ``start`` follows "not established that", "unclear whether" and the like."""
    if start == 0 or tokens[start - 1] not in CLAUSE_OPENERS:
        return False
    frame = tokens[max(0, start - 7) : start - 1]
    if any(t in DOUBT_WORDS for t in frame):
        return True
    return any(t in CERTAINTY_WORDS for t in frame) and any(
        t in NEGATIONS or t.endswith("n't") for t in frame
    )


def _quantities(text: str) -> list[tuple[str, float, float]]:
    out: list[tuple[str, float, float]] = []
    for match in QUANTITY.finditer(text):
        unit = UNITS.get(match.group(3).lower())
        if unit is None:
            continue
        family, scale = unit
        # "increases it by 50 percent" is a change, "18 percent of people" a level: only like compares with like.
        if text[: match.start()].split()[-1:] == ["by"]:
            family = f"change:{family}"
        low = float(match.group(1).replace(",", "")) * scale
        high = float(match.group(2).replace(",", "")) * scale if match.group(2) else low
        out.append((family, low, high))
    return out


def _evidence(tokens: list[str]) -> int:
    joined = " " + " ".join(tokens) + " "
    hedged = any(f" {' '.join(p)} " in joined for p in HEDGE)
    strong = any(f" {' '.join(p)} " in joined for p in STRONG_EVIDENCE)
    if hedged:
        return -1
    return 1 if strong else 0


def pairing_keys(text: str) -> list[str]:
    """What the claim takes a side on, as canonical keys ("insomnia", "axis:safety", "kind:kratom").

    Claims sharing a key are paired (most similar first) as well as the nearest sentences, so two claims
    taking sides on one thing meet even when the rest of their wording differs.
    """
    analysis = analyse(text)
    keys = {s.anchor for s in analysis.stances if s.axis in ("effect", "precision")}
    if any(s.axis == "safety" for s in analysis.stances):
        keys.add("axis:safety")
    if analysis.evidence:
        keys.add("axis:evidence")
    keys.update(f"kind:{c.subject}" for c in analysis.categories)
    keys.update(f"compare:{c.adjective}" for c in analysis.comparisons)
    return sorted(keys)
