"""Gate policies compared by scripts/gate_policies.py: the gate before this change, and the gate as the code
computes it now (rag.retrieval.calibration and the support penalty, with Settings' defaults)."""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.retrieval.calibration import calibrate
from rag.retrieval.vocabulary import support_penalty
from rag.settings import Settings

Parts = dict[str, Any]
Thresholds = tuple[float, float, float]


def before(everyday: list[Parts], q: Parts) -> Thresholds:
    """Low confidence 2.25 spreads of the final everyday scores above their 75th percentile; no Zipf floor."""
    values = np.array([e["relevance"] for e in everyday])
    reference = float(np.quantile(values, 0.75))
    low, high = np.quantile(values, [0.25, 0.75])
    spread = max(float(high - low), 0.02)
    not_found = max(0.45, reference + 1.25 * spread)
    return q["relevance"], not_found, max(not_found, reference + 2.25 * spread)


def now(
    everyday: list[Parts], q: Parts, settings: Settings | None = None, known_line: bool = True
) -> Thresholds:
    """``known_line``: not_found measured on the everyday questions with no penalised word (session 18)."""
    s = settings or Settings()

    def score(parts: Parts) -> float:
        support = support_penalty(
            list(parts["unsupported"]), s.rare_word_zipf, s.unsupported_word_penalty, s.rare_word_zipf_floor
        )
        return float(parts["raw"] - support - parts["off_evidence"])

    gate = calibrate(
        [score(e) for e in everyday],
        s.gate_quantile,
        s.gate_spread_floor,
        s.gate_not_found_margin,
        s.gate_band_width,
        s.relevance_threshold,
        band_scores=[e["raw"] for e in everyday],
        known_scores=[score(e) for e in everyday if not e["unsupported"]] if known_line else None,
    )
    return score(q), gate.not_found_below, gate.low_confidence_below


def session17(everyday: list[Parts], q: Parts) -> Thresholds:
    """The gate before session 18: not_found measured on all the everyday questions."""
    return now(everyday, q, known_line=False)


POLICIES = {"before": before, "session17": session17, "now": now}
