"""The driver: a claim's text -> its ``Analysis`` (tokens, subject, stances, kinds, comparisons, amounts),
read once per text.
"""

from __future__ import annotations

from functools import lru_cache

from rag.safety.contradictions.analysis.categories import categories_of
from rag.safety.contradictions.analysis.comparisons import comparisons_of
from rag.safety.contradictions.analysis.negation import negation_mask, prohibition_start
from rag.safety.contradictions.analysis.quantities import quantities_of
from rag.safety.contradictions.analysis.records import Analysis
from rag.safety.contradictions.analysis.stances import (
    add_effect_stances,
    add_efficacy_stances,
    add_precision_stances,
    add_safety_stances,
    evidence_of,
)
from rag.safety.contradictions.analysis.subject import claim_subject, is_table_row, row_subject
from rag.safety.contradictions.analysis.words import is_content, lemma_of
from rag.safety.contradictions.lexicon import NEGATIONS, TOKEN


def _tokens_with_spans(text: str) -> tuple[list[str], list[tuple[int, int]] | None]:
    """Tokens, and where each stands in ``text`` (None when lower-casing moved the letters)."""
    folded = text.lower().replace("’", "'").replace("-", " ")
    matches = list(TOKEN.finditer(folded))
    # Lower-casing keeps offsets for all but a few letters (Turkish dotted I).
    spans = [m.span() for m in matches] if len(folded) == len(text) else None
    return [m.group() for m in matches], spans


@lru_cache(maxsize=65536)
def analyse(text: str) -> Analysis:
    """What the claim ``text`` asserts (cached: pairing and classifying read the same claims again)."""
    tokens, found = _tokens_with_spans(text)
    if found is None:
        text = " ".join(tokens)  # offsets unknown: labels quote the tokens themselves
        found = _spans_of_joined(tokens)
    spans = found
    lemmas = [lemma_of(t) for t in tokens]
    content = {lem for t, lem in zip(tokens, lemmas, strict=True) if is_content(t)}
    advice = prohibition_start(tokens) is not None
    subject, subject_words = claim_subject(tokens, lemmas)
    if not subject and is_table_row(text):
        subject = row_subject(text, tokens, lemmas, spans)
    analysis = Analysis(text, tokens, spans, lemmas, content, subject, subject_words, advice)
    negated = negation_mask(tokens)
    add_effect_stances(analysis, negated)
    add_safety_stances(analysis, negated)
    add_precision_stances(analysis, negated)
    add_efficacy_stances(analysis, negated)
    analysis.categories = categories_of(analysis)
    analysis.quantities = quantities_of(text)
    analysis.evidence = evidence_of(tokens)
    analysis.comparisons = comparisons_of(analysis)
    analysis.negated_terms = {
        lemmas[i] for i, t in enumerate(tokens) if negated[i] and is_content(t) and t not in NEGATIONS
    }
    return analysis


def _spans_of_joined(tokens: list[str]) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for token in tokens:
        spans.append((offset, offset + len(token)))
        offset += len(token) + 1
    return spans
