"""One evaluation run: builds both systems, runs every suite and detector, and assembles the report record."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.evaluation import detectors, disputes, suites
from rag.evaluation.datasets import Datasets
from rag.evaluation.external import run_external
from rag.evaluation.languages import language_figures, run_languages
from rag.evaluation.metrics import median
from rag.evaluation.runner import Runner
from rag.evaluation.systems import BASELINE, OURS, Baseline, Ours
from rag.settings import Settings


class Run:
    """Everything one run measured: the report record, plus the raw series the plots need."""

    def __init__(
        self, report: dict[str, Any], latencies: dict[str, list[float]], series: dict[str, Any]
    ) -> None:
        self.report = report
        self.latencies = latencies
        self.series = series


def source_texts(assistant: Assistant) -> dict[str, str]:
    """Each document's text as citations index it (a .txt file's own UTF-8 text, a PDF's, HTML page's or
    DOCX's extracted text): what every quote is compared with."""
    return {d.source_id: d.text for d in assistant.documents()}


def evaluate(
    settings: Settings,
    datasets: Datasets,
    *,
    external: Path | None = None,
    quick: bool = False,
    command: str = "rag eval",
    show_progress: bool = True,
    assistant: Assistant | None = None,
    foreign_root: Path | None = None,
    foreign_cache: Path | None = None,
) -> Run:
    """Score ours and the baseline on every suite; ``assistant`` defaults to ``Assistant(settings)``."""
    assistant = assistant or Assistant(settings)
    _note(f"indexing {settings.corpus_dir} (only changed documents are embedded) ...")
    assistant.index()
    k = settings.max_citations
    runner = Runner([Ours(assistant), Baseline(assistant, top_k=k)], source_texts(assistant), show_progress)
    runner.warm_up()

    questions = suites.questions(datasets)
    results = suites.run_suites(runner, questions)
    forget = getattr(assistant.embedder, "clear_cache", None)  # the embedder may remember recent texts
    dosing = detectors.dosing_scores(
        assistant, questions[suites.DOSING], "dosing decision", show_progress, forget
    )
    benign = detectors.dosing_scores(
        assistant, questions[suites.BENIGN], "benign decision", show_progress, forget
    )
    core = questions[suites.QA] + questions[suites.NOT_FOUND]
    warm = runner.warm_latencies(core, forget)
    repeated = runner.warm_latencies(core)
    systems = {
        name: suites.system_figures(results, datasets, name, k, warm[name]) for name in (OURS, BASELINE)
    }
    foreign = (
        disputes.foreign_builder(foreign_root, foreign_cache, assistant)
        if foreign_root and foreign_cache
        else None
    )
    attached = disputes.run_disputes(datasets.disputes, assistant, foreign, show_progress)
    if datasets.disputes:
        systems[OURS]["dispute_precision"] = attached["all"]["precision"]
        systems[OURS]["dispute_recall"] = attached["all"]["recall"]
    ours_p50, bare_p50 = systems[OURS]["latency_p50_ms"], systems[BASELINE]["latency_p50_ms"]

    report: dict[str, Any] = {
        "meta": {
            "command": command,
            "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "quick": quick,
            "k": k,
            "embed_model": settings.embed_model,
            "relevance_threshold": settings.relevance_threshold,
            "dosing_similarity_threshold": settings.dosing_similarity_threshold,
            "conflict_min_confidence": settings.conflict_min_confidence,
            "sizes": {name: len(items) for name, items in questions.items() if items},
        },
        "systems": systems,
        "latency": {
            "ours_p50_ms": ours_p50,
            "bare_retriever_p50_ms": bare_p50,
            "ratio_p50": ours_p50 / bare_p50 if ours_p50 and bare_p50 else None,
            "measured_on": (
                "a second pass over the qa and not_found questions after the suites (model loaded), systems "
                "alternating, the embedding cache reset before every call so each question costs what a new one does"
            ),
            "repeated_question_p50_ms": {name: median(values) for name, values in repeated.items()},
            "load_average_1min": os.getloadavg()[0],
        },
        "detectors": {
            "classifier": _classifier_name(assistant),
            "dosing_decision_median_ms": detectors.decision_ms([dosing, benign], "ms_new"),
            "dosing_decision_p95_ms": detectors.decision_ms([dosing, benign], "ms_new", 95),
            "dosing_decision_embedded_median_ms": detectors.decision_ms([dosing, benign], "ms_embedded"),
            "dosing_detected_share": _share(dosing),
            "benign_detected_share": _share(benign),
            "corpus_pairs": detectors.pair_figures(assistant, datasets.corpus_pairs),
            "other_pairs": detectors.pair_figures(assistant, datasets.other_pairs),
            "dose_leak_labels": detectors.leak_detector_figures(datasets.leak_sentences),
        },
        "calibration": _calibration(results, dosing, benign),
        "failures": {name: suites.failures(results, datasets, name) for name in (OURS, BASELINE)},
        "external": run_external(external, assistant, runner, quick) if external else None,
        "disputes": attached,
        "languages": language_figures(
            run_languages(assistant, datasets.languages, datasets.language_gold, runner.texts, show_progress),
            datasets.language_gold,
        )
        if datasets.languages
        else None,
    }
    latencies = {
        name: [o.latency_ms for suite in results.values() for o in suite.get(name, [])]
        for name in (OURS, BASELINE)
    }
    series = {
        "relevance": {
            "in corpus (qa)": [o.relevance for o in results.get(suites.QA, {}).get(OURS, [])],
            "not covered (not_found)": [o.relevance for o in results.get(suites.NOT_FOUND, {}).get(OURS, [])],
        },
        "dosing": {
            "dosing requests": [s.score for s in dosing],
            "benign near misses": [s.score for s in benign],
        },
    }
    return Run(report, latencies, series)


def _share(scores: list[detectors.DosingScore]) -> float | None:
    return sum(s.is_dosing for s in scores) / len(scores) if scores else None


def _classifier_name(assistant: Assistant) -> str:
    from rag.safety.contradictions.contradiction_map import make_classifier

    return str(getattr(make_classifier(assistant.settings), "name", "unknown"))


def _calibration(
    results: suites.SuiteOutcomes, dosing: list[detectors.DosingScore], benign: list[detectors.DosingScore]
) -> dict[str, Any]:
    relevance = suites.relevance_scores(results, OURS)
    summary = {}
    for name, rows in relevance.items():
        values = [float(r["relevance"]) for r in rows]
        if values:
            summary[name] = {
                "n": len(values),
                "min": min(values),
                "median": median(values),
                "max": max(values),
            }
    return {
        "relevance": relevance,
        "relevance_summary": summary,
        "dosing_scores": {
            "dosing": [s.model_dump() for s in dosing],
            "benign": [s.model_dump() for s in benign],
        },
    }


def _note(message: str) -> None:
    print(message, file=sys.stderr)
