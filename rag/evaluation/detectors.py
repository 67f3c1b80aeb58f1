"""The safety detectors scored on their own: the dosing decision (time, scores) and the pair classifier."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel
from tqdm import tqdm

from rag.assistant import Assistant
from rag.evaluation.datasets import ClaimPair, LeakSentenceRow
from rag.evaluation.dose_oracle import states_dose
from rag.evaluation.metrics import label_scores, pair_scores, percentile
from rag.evaluation.runner import Question
from rag.safety.contradictions.contradiction_map import make_classifier
from rag.safety.dosing.detector import contains_dose_leak

POSITIVE = "contradiction"


class DosingScore(BaseModel):
    id: str
    score: float
    is_dosing: bool
    matched: str | None
    ms_new: float  # the decision for a question not embedded before (the embedding cache reset first)
    ms_embedded: (
        float  # the same decision once the question's embedding is cached, as retrieval needs it anyway
    )


def dosing_scores(
    assistant: Assistant,
    items: Sequence[Question],
    desc: str,
    show: bool = True,
    forget: Callable[[], None] | None = None,
) -> list[DosingScore]:
    """The dosing decision alone for each question, timed cold (``forget`` called first) and with the cache warm."""
    scores = []
    for item in tqdm(items, desc=desc, unit="q", file=sys.stderr, disable=not show, leave=False):
        if forget is not None:
            forget()
        started = time.perf_counter()
        verdict = assistant.dosing_verdict(item.question, item.history)
        ms_new = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        assistant.dosing_verdict(item.question, item.history)
        ms_embedded = (time.perf_counter() - started) * 1000
        scores.append(
            DosingScore(
                id=item.id,
                score=verdict.score,
                is_dosing=verdict.is_dosing,
                matched=verdict.matched,
                ms_new=ms_new,
                ms_embedded=ms_embedded,
            )
        )
    return scores


def decision_ms(groups: Sequence[Sequence[DosingScore]], field: str, q: float = 50) -> float | None:
    """A percentile (median by default) of one timing field over all groups."""
    return percentile([float(getattr(s, field)) for group in groups for s in group], q)


def classify_pairs(assistant: Assistant, pairs: Sequence[tuple[str, str]]) -> list[bool]:
    """Predicted contradiction per pair, as the contradiction map decides it (label and minimum confidence)."""
    if not pairs:
        return []
    classifier = make_classifier(assistant.settings)
    left = assistant.embedder.embed([a for a, _ in pairs])
    right = assistant.embedder.embed([b for _, b in pairs])
    similarities = [float(x) for x in np.sum(left * right, axis=1)]
    judgements = classifier.classify(list(pairs), similarities)
    floor = assistant.settings.conflict_min_confidence
    return [j.label == POSITIVE and j.confidence >= floor for j in judgements]


def pair_figures(assistant: Assistant, pairs: Sequence[ClaimPair]) -> dict[str, object]:
    """Precision and recall of the contradiction label against agreement and unrelated, plus the ids it got wrong."""
    predicted = classify_pairs(assistant, [(p.a, p.b) for p in pairs])
    gold = [p.label == POSITIVE for p in pairs]
    figures: dict[str, object] = dict(pair_scores(gold, predicted))
    figures["missed"] = [p.id for p, g, q in zip(pairs, gold, predicted, strict=True) if g and not q]
    figures["false_alarms"] = [p.id for p, g, q in zip(pairs, gold, predicted, strict=True) if q and not g]
    return figures


def leak_detector_figures(rows: Sequence[LeakSentenceRow]) -> dict[str, object] | None:
    """The eval's dose detector and the product's filter against the hand labels, and where they disagree."""
    if not rows:
        return None
    gold = [r.gives_dose for r in rows]
    oracle = [states_dose(r.text) for r in rows]
    product = [contains_dose_leak(r.text) for r in rows]
    return {
        "n": len(rows),
        "oracle": label_scores(oracle, gold),
        "filter": label_scores(product, gold),
        "disagreements": [
            {"id": r.id, "gives_dose": r.gives_dose, "oracle": o, "filter": f, "lang": r.lang, "text": r.text}
            for r, o, f in zip(rows, oracle, product, strict=True)
            if not (o == f == r.gives_dose)
        ],
    }
