"""`rag eval`: runs the harness, writes report.md, report.json and plots, and checks the thresholds."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from rag.assistant import Assistant
from rag.evaluation import plots
from rag.evaluation import thresholds as limits
from rag.evaluation.datasets import DatasetError, Datasets, load_datasets, load_user_rows
from rag.evaluation.harness import Run, evaluate
from rag.evaluation.report import fmt, headline_rows, render_markdown, write_json
from rag.evaluation.thresholds import Verdict
from rag.settings import Settings

EVAL_DIR_ENV = "RAG_EVAL_DIR"  # where datasets/ and thresholds.json live (default ./eval)
OUT_DIR_ENV = (
    "RAG_EVAL_OUT"  # where the report and plots go (default: the eval folder; --quick: a temp folder)
)
QUICK_STEP = 2  # --quick asks every 2nd question of each set


def run_eval(
    settings: Settings,
    external: str | None = None,
    dataset: str | list[str] | None = None,
    check: bool = False,
    quick: bool = False,
    out_dir: Path | None = None,
    eval_dir: Path | None = None,
    show_progress: bool = True,
    assistant: Assistant | None = None,
) -> int:
    """Run every suite for ours and the baseline, write the report; with ``check``, 1 when a threshold fails."""
    eval_root = eval_dir or Path(os.environ.get(EVAL_DIR_ENV, "eval"))
    dataset = [dataset] if isinstance(dataset, str) else dataset
    out = _out_dir(out_dir, eval_root, quick)
    try:
        datasets = _datasets(eval_root, dataset, quick)
    except (DatasetError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    external_root = Path(external) if external else None
    if external_root is not None and not external_root.is_dir():
        print(f"error: external folder {external_root} does not exist", file=sys.stderr)
        return 2
    command = " ".join(["rag eval", *_flags(external, dataset, check, quick)])
    run = evaluate(
        settings,
        datasets,
        external=external_root,
        quick=quick,
        command=command,
        show_progress=show_progress,
        assistant=assistant,
    )
    thresholds = limits.load_thresholds(eval_root / "thresholds.json")
    if dataset:  # a user's own questions only measure some figures; judge those
        thresholds = [t for t in thresholds if limits.lookup(run.report, t.figure) is not None]
    verdicts = limits.check(run.report, thresholds)
    run.report["check"] = [v.model_dump() for v in verdicts]
    stem = f"report_{Path(dataset[0]).stem}" if dataset else "report"
    plot_names = [] if dataset else _plots(run, out / "plots")
    write_json(run.report, out / f"{stem}.json")
    (out / f"{stem}.md").write_text(render_markdown(run.report, verdicts, plot_names), encoding="utf-8")
    _print_summary(run, verdicts, out / f"{stem}.md")
    return _exit_code(verdicts) if check else 0


def _out_dir(out_dir: Path | None, eval_root: Path, quick: bool) -> Path:
    """``out_dir``, else $RAG_EVAL_OUT, else the eval folder. A quick run never writes there: the committed
    eval/report.* is always a full run, so a quick one goes to a new temporary folder (printed at the end)."""
    if out_dir is not None:
        return out_dir
    if os.environ.get(OUT_DIR_ENV):
        return Path(os.environ[OUT_DIR_ENV])
    return Path(tempfile.mkdtemp(prefix="rag-eval-quick-")) if quick else eval_root


def _datasets(eval_root: Path, dataset: list[str] | None, quick: bool) -> Datasets:
    if dataset:
        empty = Datasets(
            qa=[],
            not_found=[],
            dosing=[],
            benign=[],
            corpus_pairs=[],
            other_pairs=[],
            contradiction_questions=[],
        )
        qa, not_found = [], []
        for path in dataset:
            more_qa, more_not_found = load_user_rows(Path(path))
            qa += more_qa
            not_found += more_not_found
        return empty.model_copy(update={"qa": qa, "not_found": not_found})
    datasets = load_datasets(eval_root / "datasets")
    return datasets.subset(QUICK_STEP) if quick else datasets


def _flags(external: str | None, dataset: list[str] | None, check: bool, quick: bool) -> list[str]:
    flags = [f"--external {external}"] if external else []
    flags += [f"--dataset {path}" for path in dataset or []]
    return flags + (["--check"] if check else []) + (["--quick"] if quick else [])


def _plots(run: Run, folder: Path) -> list[str]:
    meta = run.report["meta"]
    plots.suite_bars(run.report["systems"], folder / "suites.png")
    plots.latency_histogram(run.latencies, folder / "latency.png")
    plots.score_histogram(
        run.series["relevance"],
        meta["relevance_threshold"],
        "relevance-gate score",
        "Relevance gate: covered vs not covered questions",
        folder / "relevance.png",
    )
    plots.score_histogram(
        run.series["dosing"],
        meta["dosing_similarity_threshold"],
        "dosing-detector score (1.0 = pattern hit)",
        "Dosing detector: dosing requests vs benign near misses",
        folder / "dosing_scores.png",
    )
    return ["suites.png", "latency.png", "relevance.png", "dosing_scores.png"]


def _print_summary(run: Run, verdicts: list[Verdict], path: Path) -> None:
    systems = list(run.report["systems"])
    print(f"{'figure':<52}" + "".join(f"{name:>12}" for name in systems))
    for row in headline_rows(run.report, {}):
        print(f"{row[0]:<52}" + "".join(f"{cell:>12}" for cell in row[1:-1]))
    ratio = run.report["latency"]["ratio_p50"]
    print(f"ask() / bare llama-index retriever, p50: {fmt(ratio)}x")
    for v in verdicts:
        if not v.passed:
            print(f"FAIL {v.figure} = {fmt(v.value)} (needs {v.bound})")
    print(f"report written to {path}")


def _exit_code(verdicts: list[Verdict]) -> int:
    failed = [v for v in verdicts if not v.passed]
    print(f"check: {len(verdicts) - len(failed)} of {len(verdicts)} thresholds met", file=sys.stderr)
    return 1 if failed else 0
