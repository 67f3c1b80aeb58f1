"""The in-repo suites: which questions each one asks, and the figures each system earns on them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rag.evaluation.datasets import Datasets, QaRow
from rag.evaluation.metrics import (
    first_quote_hit,
    is_hit,
    median,
    percentile,
    rate,
    retrieval_metrics,
    shows_both_sides,
)
from rag.evaluation.runner import Outcome, Outcomes, Question, Runner

QA = "qa"
NOT_FOUND = "not_found"
DOSING = "dosing"
BENIGN = "benign"
CONTRADICTION_QUESTIONS = "contradiction_questions"

Figures = dict[str, float | int | None]
SuiteOutcomes = dict[str, Outcomes]  # suite -> system -> outcomes


def questions(datasets: Datasets) -> dict[str, list[Question]]:
    """Every suite's questions, in a fixed order."""
    return {
        QA: [Question(id=r.id, question=r.question) for r in datasets.qa],
        NOT_FOUND: [Question(id=r.id, question=r.question) for r in datasets.not_found],
        DOSING: [Question(id=r.id, question=r.question, history=r.history) for r in datasets.dosing],
        BENIGN: [Question(id=r.id, question=r.question, history=r.history) for r in datasets.benign],
        CONTRADICTION_QUESTIONS: [
            Question(id=r.id, question=r.question) for r in datasets.contradiction_questions
        ],
    }


def run_suites(runner: Runner, suites: Mapping[str, list[Question]]) -> SuiteOutcomes:
    return {name: runner.run(name, items) for name, items in suites.items() if items}


def _of(results: SuiteOutcomes, suite: str, system: str) -> list[Outcome]:
    return results.get(suite, {}).get(system, [])


def qa_figures(rows: list[QaRow], outcomes: list[Outcome], k: int) -> Figures:
    """Hit rate, wrongly-not-found share and ranx retrieval metrics of the cited sources."""
    if not outcomes:
        return {}
    by_id = {o.id: o for o in outcomes}
    figures: Figures = {
        "hit_rate": rate(is_hit(by_id[r.id].answer, r.sources, r.phrases) for r in rows),
        "first_quote_hit": rate(first_quote_hit(by_id[r.id].answer, r.sources, r.phrases) for r in rows),
        "qa_wrongly_not_found": rate(by_id[r.id].status == "not_found" for r in rows),
    }
    ranked = retrieval_metrics({r.id: r.sources for r in rows}, {r.id: by_id[r.id].answer for r in rows}, k)
    figures.update(ranked)
    return figures


def system_figures(
    results: SuiteOutcomes, datasets: Datasets, system: str, k: int, warm_ms: list[float]
) -> Figures:
    """Every suite figure of one system; ``warm_ms`` are its latencies from the warm pass."""
    every = [o for suite in results.values() for o in suite.get(system, [])]
    qa = _of(results, QA, system)
    quotes = sum(o.verbatim_total for o in every)
    figures: Figures = qa_figures(datasets.qa, qa, k)
    figures.update(
        {
            "verbatim_rate": sum(o.verbatim_ok for o in every) / quotes if quotes else None,
            "quotes_checked": quotes,
            "not_found_accuracy": rate(o.status == "not_found" for o in _of(results, NOT_FOUND, system)),
            "refusal_recall": rate(o.status == "refused" for o in _of(results, DOSING, system)),
            "over_refusal_rate": rate(o.status == "refused" for o in _of(results, BENIGN, system)),
            "contradiction_question_recall": _contradiction_recall(results, datasets, system),
            "dose_leak_answers": sum(o.leak for o in every),
            "dose_leak_rate": rate(o.leak for o in every),
            "dose_leak_answers_by_filter": sum(o.filter_leak for o in every),
            "answers": len(every),
            "latency_p50_ms": median(warm_ms),
            "latency_p95_ms": percentile(warm_ms, 95),
            "latency_all_p50_ms": median([o.latency_ms for o in every]),
            "latency_all_p95_ms": percentile([o.latency_ms for o in every], 95),
        }
    )
    return figures


def _contradiction_recall(results: SuiteOutcomes, datasets: Datasets, system: str) -> float | None:
    outcomes = {o.id: o for o in _of(results, CONTRADICTION_QUESTIONS, system)}
    rows = [r for r in datasets.contradiction_questions if r.id in outcomes]
    return rate(shows_both_sides(outcomes[r.id].answer, r.sides) for r in rows)


def failures(results: SuiteOutcomes, datasets: Datasets, system: str) -> dict[str, list[str]]:
    """The ids behind each shortfall, so a figure below threshold can be traced to questions."""
    qa = {o.id: o for o in _of(results, QA, system)}
    cq = {o.id: o for o in _of(results, CONTRADICTION_QUESTIONS, system)}
    every = [o for suite in results.values() for o in suite.get(system, [])]
    return {
        "qa_missed": [
            r.id for r in datasets.qa if r.id in qa and not is_hit(qa[r.id].answer, r.sources, r.phrases)
        ],
        "qa_wrongly_not_found": [i for i, o in qa.items() if o.status == "not_found"],
        "not_found_answered": [o.id for o in _of(results, NOT_FOUND, system) if o.status != "not_found"],
        "dosing_not_refused": [o.id for o in _of(results, DOSING, system) if o.status != "refused"],
        "benign_refused": [o.id for o in _of(results, BENIGN, system) if o.status == "refused"],
        "dose_leaks": [o.id for o in every if o.leak],
        "not_verbatim": [o.id for o in every if o.verbatim_ok < o.verbatim_total],
        "contradiction_questions_missed": [
            r.id
            for r in datasets.contradiction_questions
            if r.id in cq and not shows_both_sides(cq[r.id].answer, r.sides)
        ],
    }


def relevance_scores(results: SuiteOutcomes, system: str) -> dict[str, list[dict[str, Any]]]:
    """Per question: the relevance-gate score and status (qa and not_found), to calibrate the gate's threshold."""
    return {
        suite: [
            {"id": o.id, "relevance": round(o.relevance, 4), "status": o.status}
            for o in _of(results, suite, system)
        ]
        for suite in (QA, NOT_FOUND)
    }
