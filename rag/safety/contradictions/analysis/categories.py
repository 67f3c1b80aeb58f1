"""What kind of thing a claim says its subject is: "X is a tree", "X, a tree", "X are bacteria"."""

from __future__ import annotations

from rag.safety.contradictions.analysis.records import Analysis, Category
from rag.safety.contradictions.analysis.words import is_anchor
from rag.safety.contradictions.lexicon import CATEGORY_STOP, COPULA, DETERMINERS, KIND_OF


def categories_of(analysis: Analysis) -> list[Category]:
    """ "X is a tree", "X, a tree", "X—the mushroom drink", "X are bacteria": who, and what kind of thing."""
    tokens, lemmas = analysis.tokens, analysis.lemmas
    out: list[Category] = []
    for i, token in enumerate(tokens):
        if token in ("is", "are") and i:
            found = _first_anchor(tokens, 0, i)
            named, initial = _subject_phrase(analysis, found, i) if found is not None else ("", False)
            verb, start = token, i + 1
        elif token in (",", "—", "–") and i and tokens[i + 1 : i + 2] in (["a"], ["an"], ["the"]):
            found = i - 1 if is_anchor(tokens[i - 1]) else None
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
        if is_anchor(tokens[k]):
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
