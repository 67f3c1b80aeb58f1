"""`rag eval`: runs the harness, writes report.md, report.json and plots, and checks the thresholds."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.evaluation import plots
from rag.evaluation import thresholds as limits
from rag.evaluation.datasets import DatasetError, Datasets, load_datasets, load_user_rows
from rag.evaluation.harness import Run, evaluate
from rag.evaluation.report import fmt, headline_rows, render_markdown, write_json
from rag.evaluation.thresholds import Verdict
from rag.ingest.embedder import Embedder
from rag.settings import Settings

EVAL_DIR_ENV = "RAG_EVAL_DIR"  # where datasets/ and thresholds.json live (default ./eval)
OUT_DIR_ENV = (
    "RAG_EVAL_OUT"  # where the report and plots go (default: the eval folder; --quick: a temp folder)
)
QUICK_STEP = 2  # --quick asks every 2nd question of each set
FOREIGN_ROOT_ENV = "RAG_EXTERNAL_EVAL"  # default folder of the external sets (else ../shared/external-eval)
FOREIGN_CACHE_ENV = "RAG_FOREIGN_CACHE"  # where foreign corpora and their stores are cached
# Thresholds on the foreign report are named "foreign.<path>" (full run) or "foreign_quick.<path>" (--quick).
FOREIGN = "foreign"


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
        foreign_root=default_foreign_root(),
        foreign_cache=default_foreign_cache(),
    )
    thresholds = [
        t for t in limits.load_thresholds(eval_root / "thresholds.json") if not t.figure.startswith(FOREIGN)
    ]
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


def default_foreign_root() -> Path:
    return Path(os.environ.get(FOREIGN_ROOT_ENV, "../shared/external-eval"))


def default_foreign_cache() -> Path:
    return Path(os.environ.get(FOREIGN_CACHE_ENV, str(Path.home() / ".cache" / "rag-foreign")))


def run_foreign_eval(
    settings: Settings,
    root: Path | None = None,
    limit: list[str] | None = None,
    corpora: list[str] | None = None,
    cache: Path | None = None,
    check: bool = False,
    quick: bool = False,
    out_dir: Path | None = None,
    eval_dir: Path | None = None,
    show_progress: bool = True,
    embedder: Embedder | None = None,
) -> int:
    """`rag eval --foreign`: report_foreign.{md,json} (report_foreign_quick.* with --quick) and its plot."""
    from rag.evaluation.foreign_report import foreign_plot, render_foreign
    from rag.evaluation.foreign_run import parse_limits, run_foreign

    root = root or default_foreign_root()
    eval_root = eval_dir or Path(os.environ.get(EVAL_DIR_ENV, "eval"))
    out = _out_dir(out_dir, eval_root, quick)
    if not root.is_dir():
        print(f"error: external folder {root} does not exist", file=sys.stderr)
        return 2
    try:
        sizes = parse_limits(limit, quick)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    flags = [f"--foreign {root}", *(f"--foreign-limit {x}" for x in limit or [])]
    flags += [f"--foreign-corpus {x}" for x in corpora or []]
    command = " ".join(["rag eval", *flags, *(["--check"] if check else []), *(["--quick"] if quick else [])])
    report = run_foreign(
        root,
        settings,
        cache or default_foreign_cache(),
        sizes,
        names=corpora,
        quick=quick,
        command=command,
        show_progress=show_progress,
        embedder=embedder,
    )
    prefix = f"{FOREIGN}_quick." if quick else f"{FOREIGN}."
    chosen = [
        t.model_copy(update={"figure": t.figure.removeprefix(prefix)})
        for t in limits.load_thresholds(eval_root / "thresholds.json")
        if t.figure.startswith(prefix)
    ]
    verdicts = limits.check(report, chosen) if check else []
    report["check"] = [v.model_dump() for v in verdicts]
    stem = "report_foreign_quick" if quick else "report_foreign"
    plot_name = f"{stem.removeprefix('report_')}.png"
    foreign_plot(report, out / "plots" / plot_name)
    write_json(report, out / f"{stem}.json")
    (out / f"{stem}.md").write_text(render_foreign(report, verdicts, plot_name), encoding="utf-8")
    _print_foreign(report, out / f"{stem}.md")
    return _exit_code(verdicts) if check else 0


def _print_foreign(report: dict[str, Any], path: Path) -> None:
    keys = ("source_hit", "span_hit", "covered_not_found_or_refused", "held_back_not_found", "dose_leaks")
    print(f"{'corpus / split / system':<32}" + "".join(f"{k[:14]:>16}" for k in keys) + f"{'index s':>10}")
    for name, corpus in report["corpora"].items():
        for split, systems in corpus["splits"].items():
            for system, figures in systems.items():
                cells = "".join(
                    f"{fmt(figures.get(k), 'int' if k == 'dose_leaks' else 'pct'):>16}" for k in keys
                )
                print(f"{f'{name} / {split} / {system}':<32}{cells}{corpus['index']['index_seconds']:>10.1f}")
    print(f"report written to {path} ({report['meta']['seconds']:.0f} s)")
