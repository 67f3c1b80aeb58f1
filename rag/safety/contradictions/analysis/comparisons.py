"""Comparisons a claim makes ("X is far more ADJ than Y"), and whether it denies or doubts them."""

from __future__ import annotations

from rag.safety.contradictions.analysis.negation import doubted
from rag.safety.contradictions.analysis.records import Analysis, Comparison
from rag.safety.contradictions.analysis.words import is_anchor, is_content
from rag.safety.contradictions.lexicon import (
    CLAUSE_OPENERS,
    CLAUSE_PUNCT,
    COMPARATIVE_BE,
    COMPARATIVE_DEGREE,
    COMPARATIVE_SKIP,
    DETERMINERS,
    NOT_EQUATIVE,
)


def comparisons_of(analysis: Analysis) -> list[Comparison]:
    """Every "X is (not, far) more/less ADJ than Y" in the claim, and every "X is (just) as ADJ as Y" (degree 0:
    "as effective as methadone" is denied by "less effective than methadone")."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Comparison] = []
    for i, token in enumerate(tokens):
        equal = (
            token == "as"
            and tokens[i + 2 : i + 3] == ["as"]
            and tokens[i + 1 : i + 2] != []
            and (tokens[i + 1] not in NOT_EQUATIVE)
        )
        if not is_content(tokens[i + 1] if i + 1 < len(tokens) else ".") or not (
            equal or (token in COMPARATIVE_DEGREE and tokens[i + 2 : i + 3] == ["than"])
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
        subject = [k for k in range(start, verb) if is_anchor(tokens[k])]
        end = i + 3
        while end < len(tokens) and tokens[end] in DETERMINERS:
            end += 1
        while end < len(tokens) and end < i + 7 and is_anchor(tokens[end]):
            end += 1
        other = frozenset(lemmas[k] for k in range(i + 3, end) if is_anchor(tokens[k]))
        if equal and not other:
            continue  # "as high as 40 %" sets a figure, compares nothing named
        first = start
        while first < verb and tokens[first] in DETERMINERS:
            first += 1
        named = analysis.quote(first, verb - 1) if subject and verb - first <= 4 else ""
        if named[:1].isupper() and named[1:2].islower() and first == 0:
            named = named[0].lower() + named[1:]
        out.append(
            Comparison(
                adjective=lemmas[i + 1],
                degree=0 if equal else COMPARATIVE_DEGREE[token],
                denied=bool(denials % 2) != doubted(tokens, start),
                subject=frozenset(lemmas[k] for k in subject),
                other=other,
                named=named,
                verb=tokens[verb] if tokens[verb] in ("is", "are", "was", "were") else "is",
                phrase=analysis.quote(i, end - 1),
            )
        )
    return out
