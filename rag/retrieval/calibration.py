"""The relevance gate's thresholds, calibrated on each corpus instead of a constant tuned on one.

A gate score only means something on the scale of the corpus it was measured on: a large corpus on many topics
gives even an unrelated question a closer sentence than five articles on one topic do. So the scale is read off
the corpus itself: everyday questions it is unlikely to cover (cooking, sport, travel, ...; a data file beside
this module) are scored like any question, and the thresholds sit a corpus-relative distance above their scores:

- below ``not_found_below`` the evidence is clearly absent: the answer is ``not_found``;
- between it and ``low_confidence_below`` the evidence is doubtful: the closest quotes are shown, marked as such;
- above, the answer is given with high confidence.

Below a floor on the embedding model's own scale (``relevance_threshold``) nothing is answered on any corpus:
on a corpus whose everyday questions score low, the calibrated threshold would otherwise sink below what any
covered question of the four corpora measured needed. The distance is measured in the spread of the everyday scores, so it stretches and shrinks with the corpus's
scale. A robust statistic (a quantile, not the maximum) keeps a few everyday questions that some corpus does
cover (a cookbook) from moving the gate.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
from pydantic import BaseModel, Field


class EverydayQuestions(BaseModel):
    about: str
    questions: list[str] = Field(min_length=10)


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
) -> GateThresholds:
    """Thresholds from the everyday questions' gate scores on this corpus (see the module docstring).
    ``evidence_floor`` is the least evidence that ever answers, on the embedding model's own scale."""
    values = np.asarray(scores, dtype=np.float64)
    reference = float(np.quantile(values, quantile))
    low, high = np.quantile(values, [0.25, 0.75])
    spread = max(float(high - low), spread_floor)
    not_found_below = max(evidence_floor, reference + not_found_margin * spread)
    return GateThresholds(
        not_found_below=not_found_below,
        low_confidence_below=max(not_found_below, reference + low_confidence_margin * spread),
        everyday_reference=reference,
        everyday_spread=spread,
        calibrated=True,
    )


def fixed(threshold: float) -> GateThresholds:
    """The uncalibrated gate: one constant, no middle band."""
    return GateThresholds(
        not_found_below=threshold,
        low_confidence_below=threshold,
        everyday_reference=threshold,
        everyday_spread=0.0,
        calibrated=False,
    )
