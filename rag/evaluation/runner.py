"""Asks each system every question of a suite and records one Outcome per answer, timed and checked."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence

from pydantic import BaseModel, Field
from tqdm import tqdm

from rag.evaluation.metrics import filter_flags_dose, leaks_dose, verbatim_flags
from rag.evaluation.systems import OURS, System
from rag.types import Answer, Turn


class Question(BaseModel):
    """One question as a suite asks it."""

    id: str
    question: str
    history: list[Turn] = Field(default_factory=list)


class Outcome(BaseModel):
    """What one system did with one question; ``answer`` stays in memory and out of the report."""

    suite: str
    id: str
    system: str
    status: str
    relevance: float
    latency_ms: float
    leak: bool  # the evaluation's dose detector finds a dose in the reply, a quote or (ours) the panel around one
    filter_leak: bool  # the product's own filter would flag it (reported beside ``leak``)
    verbatim_ok: int
    verbatim_total: int
    answer: Answer = Field(exclude=True)


Outcomes = dict[str, list[Outcome]]  # system name -> outcomes in question order


class Runner:
    """Runs suites over several systems with one progress bar per suite on stderr."""

    def __init__(
        self, systems: Sequence[System], texts: Mapping[str, str], show_progress: bool = True
    ) -> None:
        self.systems = list(systems)
        self.texts = texts
        self.show_progress = show_progress

    def warm_up(self, question: str = "What is this document about?") -> None:
        """One untimed question per system, so model loading and lazy indexing stay out of the latencies."""
        for system in self.systems:
            system.ask(question, [])

    def run(self, suite: str, questions: Sequence[Question]) -> Outcomes:
        outcomes: Outcomes = {system.name: [] for system in self.systems}
        for item in self._progress(suite, questions):
            for system in self.systems:
                outcomes[system.name].append(self._ask(system, suite, item))
        return outcomes

    def warm_latencies(
        self, items: Sequence[Question], forget: Callable[[], None] | None = None
    ) -> dict[str, list[float]]:
        """Milliseconds per question and system, asked again after the suites so the model is loaded and warm.

        With ``forget`` (the embedder's cache reset) called before every timed call, each question costs what a
        question never seen before costs; without it, repeated questions come from the embedding cache. The
        order of the systems alternates, so neither always pays the first call on a new text.
        """
        latencies: dict[str, list[float]] = {system.name: [] for system in self.systems}
        for n, item in enumerate(self._progress("latency", items)):
            order = self.systems if n % 2 == 0 else list(reversed(self.systems))
            for system in order:
                if forget is not None:
                    forget()
                started = time.perf_counter()
                system.ask(item.question, item.history)
                latencies[system.name].append((time.perf_counter() - started) * 1000)
        return latencies

    def _ask(self, system: System, suite: str, item: Question) -> Outcome:
        started = time.perf_counter()
        answer = system.ask(item.question, item.history)
        elapsed_ms = (time.perf_counter() - started) * 1000
        flags = verbatim_flags(answer, self.texts)
        asker_words = [item.question] + [t.content for t in item.history if t.role == "user"]
        # Our answers are also read as the UI's evidence panel shows them, each quote inside its paragraph.
        shown_with = self.texts if system.name == OURS else None
        return Outcome(
            suite=suite,
            id=item.id,
            system=system.name,
            status=answer.status,
            relevance=answer.relevance,
            latency_ms=elapsed_ms,
            leak=leaks_dose(answer, asker_words, shown_with),
            filter_leak=filter_flags_dose(answer, asker_words, shown_with),
            verbatim_ok=sum(flags),
            verbatim_total=len(flags),
            answer=answer,
        )

    def _progress(self, suite: str, items: Sequence[Question]) -> Iterable[Question]:
        return tqdm(items, desc=suite, unit="q", file=sys.stderr, disable=not self.show_progress, leave=False)
