"""The relevance gate's thresholds, calibrated on each corpus instead of a constant tuned on one.

A gate score only means something on the scale of the corpus it was measured on: a large corpus on many topics
gives even an unrelated question a closer sentence than five articles on one topic do. So the scale is read off
the corpus itself: everyday questions it is unlikely to cover (cooking, sport, travel, ...; a data file beside
this module) are scored like any question, and the thresholds sit a corpus-relative distance above their scores:

- below ``not_found_below`` the evidence is clearly absent: the answer is ``not_found``;
- between it and ``low_confidence_below`` the evidence is doubtful: the closest quotes are shown, marked as such;
- above, the answer is given with high confidence.

The doubtful band's width is measured in the spread of the everyday questions' *evidence* scores (the best
sentence's match, before the penalties for words no document uses), when the caller has them. The spread of the
final scores mixes two things: how close unrelated sentences come, and how many everyday words the corpus happens
to lack (a question penalised for "sourdough" sits far below one that is not). A large corpus knows more everyday
words, so its final scores split into a penalised and an unpenalised group, their spread grows, and a band measured
in it swallowed almost half the covered questions of a 98-article corpus. The evidence scores' spread stays within
0.09-0.13 on four corpora from 5 to 1,000 documents.

The not_found threshold is measured on the everyday questions whose every rare word the corpus uses, when there are
enough of them: the others already lose their word penalty, and counting them put the threshold between the two
groups' scores. On a corpus of web pages answering expert questions it sat above half of its covered questions,
whose long questions find sentences only moderately close (ExpertQA: 0.768 against 0.645 measured on the
questions without a penalty). Where the documents know few everyday words (fewer than ``MIN_KNOWN`` such
questions) all of them are used. High confidence still starts where it did, above all the everyday questions'
reach plus the band: a question between the two is shown with its closest quotes, marked doubtful.

Below a floor on the embedding model's own scale (``relevance_threshold``) nothing is answered on any corpus:
on a corpus whose everyday questions score low, the calibrated threshold would otherwise sink below what any
covered question of the four corpora measured needed. The distance is measured in the spread of the everyday scores, so it stretches and shrinks with the corpus's
scale. A robust statistic (a quantile, not the maximum) keeps a few everyday questions that some corpus does
cover (a cookbook) from moving the gate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
from pydantic import BaseModel, Field

# Fewer everyday questions than this (a quarter of the set) give no quartiles worth the name.
MIN_KNOWN = 10


class EverydayQuestions(BaseModel):
    about: str
    questions: list[str] = Field(min_length=10)


class EverydayScores(BaseModel):
    """The everyday questions as one model's gate scored them on a corpus."""

    scores: list[float] = Field(description="Their gate scores.")
    evidence: list[float] | None = Field(
        None, description="Their evidence scores, before word penalties (where the gate has them)."
    )
    known: list[float] | None = Field(None, description="The gate scores of those with no word penalty.")


class GateThresholds(BaseModel):
    not_found_below: float = Field(description="Gate scores below this are not_found.")
    low_confidence_below: float = Field(
        description="Gate scores below this (and not below the other) are low."
    )
    everyday_reference: float = Field(
        description="The everyday questions' score quantile the others build on."
    )
    everyday_spread: float = Field(
        description="Spread of the everyday questions' scores (the unit of margins)."
    )
    band_spread: float | None = Field(
        None, description="Spread of the everyday questions' evidence scores (the unit of the doubtful band)."
    )
    known_questions: int | None = Field(
        None, description="Everyday questions with no word penalty that measured the not_found threshold."
    )
    calibrated: bool = Field(description="False when the fixed relevance_threshold was used instead.")


@lru_cache(maxsize=1)
def everyday_questions() -> tuple[str, ...]:
    raw = (
        resources.files("rag.retrieval").joinpath("data/everyday_questions.json").read_text(encoding="utf-8")
    )
    return tuple(EverydayQuestions.model_validate(json.loads(raw)).questions)


def calibrate(
    scores: list[float],
    quantile: float,
    spread_floor: float,
    not_found_margin: float,
    low_confidence_margin: float,
    evidence_floor: float = float("-inf"),
    band_scores: Sequence[float] | None = None,
    known_scores: Sequence[float] | None = None,
) -> GateThresholds:
    """Thresholds from the everyday questions' gate scores on this corpus (see the module docstring).
    ``evidence_floor`` is the least evidence that ever answers, on the embedding model's own scale.
    Without ``band_scores``, low confidence ends ``low_confidence_margin`` spreads above the everyday reference;
    with them (the same questions' evidence scores, before word penalties), it ends that many of *their*
    spreads above where not_found would end if measured on all the everyday scores. ``known_scores``: the
    scores of those everyday questions with no word penalty; with at least ``MIN_KNOWN`` of them, not_found
    ends ``not_found_margin`` of their own spreads above their own quantile."""
    values = np.asarray(scores, dtype=np.float64)
    reference = float(np.quantile(values, quantile))
    spread = _spread(values, spread_floor)
    all_not_found = max(evidence_floor, reference + not_found_margin * spread)
    band_spread = None
    if band_scores is None:
        low_confidence_below = reference + low_confidence_margin * spread
    else:
        band_spread = _spread(np.asarray(band_scores, dtype=np.float64), spread_floor)
        low_confidence_below = all_not_found + low_confidence_margin * band_spread
    not_found_below, known = all_not_found, None
    if known_scores is not None and len(known_scores) >= MIN_KNOWN:
        known_values = np.asarray(known_scores, dtype=np.float64)
        known = len(known_values)
        not_found_below = max(
            evidence_floor,
            float(np.quantile(known_values, quantile))
            + not_found_margin * _spread(known_values, spread_floor),
        )
    return GateThresholds(
        not_found_below=not_found_below,
        low_confidence_below=max(not_found_below, low_confidence_below),
        everyday_reference=reference,
        everyday_spread=spread,
        band_spread=band_spread,
        known_questions=known,
        calibrated=True,
    )


def _spread(values: np.ndarray, floor: float) -> float:
    """The interquartile range, at least ``floor``."""
    low, high = np.quantile(values, [0.25, 0.75])
    return max(float(high - low), floor)


def fixed(threshold: float) -> GateThresholds:
    """The uncalibrated gate: one constant, no middle band."""
    return GateThresholds(
        not_found_below=threshold,
        low_confidence_below=threshold,
        everyday_reference=threshold,
        everyday_spread=0.0,
        calibrated=False,
    )
