"""PNG plots of the report: suite results (ours vs baseline), latency, and the two gate score distributions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt

# (figure, label) of the per-suite bar chart; all are shares in [0, 1].
SUITE_BARS: tuple[tuple[str, str], ...] = (
    ("hit_rate", "hit rate"),
    ("verbatim_rate", "verbatim"),
    ("not_found_accuracy", "not_found acc."),
    ("refusal_recall", "refusal recall"),
    ("over_refusal_rate", "over-refusal ↓"),
    ("dose_leak_rate", "dose-leak share ↓"),
    ("contradiction_question_recall", "contradiction shown"),
)
COLOURS = {"ours": "#1f6f8b", "baseline": "#c8553d"}


def _save(fig: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def suite_bars(systems: Mapping[str, Mapping[str, Any]], path: Path) -> None:
    keys = [(k, label) for k, label in SUITE_BARS if any(s.get(k) is not None for s in systems.values())]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / max(len(systems), 1)
    for i, (name, figures) in enumerate(systems.items()):
        xs = [j + i * width for j in range(len(keys))]
        values = [figures.get(k) or 0.0 for k, _ in keys]
        ax.bar(xs, values, width, label=name, color=COLOURS.get(name))
    ax.set_xticks([j + width * (len(systems) - 1) / 2 for j in range(len(keys))])
    ax.set_xticklabels([label for _, label in keys], rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share of questions")
    ax.set_title("Suite results (↓ = lower is better)")
    ax.legend()
    _save(fig, path)


def latency_histogram(latencies: Mapping[str, Sequence[float]], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(7, 4))
    for name, values in latencies.items():
        if values:
            ax.hist(values, bins=40, alpha=0.6, label=f"{name} (n={len(values)})", color=COLOURS.get(name))
    ax.set_xlabel("warm latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Warm latency: qa and not_found questions")
    ax.legend()
    _save(fig, path)


def score_histogram(
    groups: Mapping[str, Sequence[float]], threshold: float, xlabel: str, title: str, path: Path
) -> None:
    fig, ax = plt.subplots(figsize=(7, 4))
    every = [v for values in groups.values() for v in values]
    span = (min([0.0, *every]), max([1.0, threshold, *every]))
    for name, values in groups.items():
        if values:
            ax.hist(values, bins=30, range=span, alpha=0.6, label=f"{name} (n={len(values)})")
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:g}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("questions")
    ax.set_title(title)
    ax.legend()
    _save(fig, path)
