"""The NLI backend: a sentence-transformers CrossEncoder behind the PairClassifier interface.

Chosen with ``RAG_NLI_MODEL`` (hub name or local folder). The model is loaded on first use, so an Assistant
that only answers questions never pays for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.classify import Judgement, Label, RuleClassifier
from rag.safety.contradictions.topics import shared_topic

# The order of the public cross-encoder/nli-* models when their config only says LABEL_0..LABEL_2.
_DEFAULT_ORDER: tuple[Label, ...] = ("contradiction", "agreement", "unrelated")
_NAME_TO_LABEL: dict[str, Label] = {"contra": "contradiction", "entail": "agreement", "neutral": "unrelated"}


class NliClassifier:
    """Classifies each pair in both directions and averages the probabilities (NLI is not symmetric)."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.name = f"nli:{model}"
        self.model_name = model
        self.batch_size = batch_size
        self._model: Any = None
        self._labels: tuple[Label, ...] = _DEFAULT_ORDER
        self._lock = threading.Lock()
        self._rules = RuleClassifier()

    def classify(
        self, pairs: Sequence[tuple[str, str]], similarities: Sequence[float] | None = None
    ) -> list[Judgement]:
        if not pairs:
            return []
        probabilities = self._probabilities(pairs)
        judgements = []
        for row, (a, b) in enumerate(pairs):
            best = int(np.argmax(probabilities[row]))
            label = self._labels[best]
            judgements.append(
                Judgement(
                    label=label, confidence=float(probabilities[row, best]), topic=self._topic(a, b, label)
                )
            )
        return judgements

    def _probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        model = self._load()
        both = [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
        with self._lock:
            scores = model.predict(
                both, batch_size=self.batch_size, apply_softmax=True, show_progress_bar=False
            )
        scores = np.asarray(scores, dtype=np.float64).reshape(len(both), -1)
        if scores.shape[1] != len(self._labels):
            raise ValueError(
                f"NLI model {self.model_name} has {scores.shape[1]} outputs; an NLI cross-encoder has 3 "
                "(contradiction, entailment, neutral). Set RAG_NLI_MODEL to such a model or unset it."
            )
        return (scores[: len(pairs)] + scores[len(pairs) :]) / 2.0

    def _topic(self, a: str, b: str, label: Label) -> str:
        # The model gives a label, not a topic: take the rule classifier's label, or the words both share.
        rules = self._rules.judge(a, b)
        if label == "contradiction" and rules.label == "contradiction":
            return rules.topic
        return shared_topic(analyse(a), analyse(b))

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import CrossEncoder
                except ImportError as exc:  # pragma: no cover - a hard dependency of the package
                    raise RuntimeError(
                        "The NLI backend needs sentence-transformers: pip install sentence-transformers"
                    ) from exc
                try:
                    self._model = CrossEncoder(self.model_name, device="cpu")
                except Exception as exc:
                    raise RuntimeError(
                        f"Could not load the NLI model {self.model_name!r} "
                        f"({exc.__class__.__name__}: {exc}). "
                        "Set RAG_NLI_MODEL to a local cross-encoder folder (or a hub name, with internet), "
                        "or unset it to use the offline rule classifier."
                    ) from exc
                self._labels = _label_order(self._model)
            return self._model


def _label_order(model: Any) -> tuple[Label, ...]:
    config = getattr(model, "config", None)
    id2label = getattr(config, "id2label", None) or {}
    names = [str(id2label.get(i, id2label.get(str(i), ""))).lower() for i in range(len(id2label))]
    labels: list[Label] = []
    for name in names:
        match = next((label for key, label in _NAME_TO_LABEL.items() if key in name), None)
        if match is None:
            return _DEFAULT_ORDER
        labels.append(match)
    return tuple(labels) if sorted(labels) == sorted(_DEFAULT_ORDER) else _DEFAULT_ORDER
