"""Replay second-opinion gate policies on the records scripts/gate_second_opinion.py wrote.

    PYTHONPATH=. python scripts/gate_second_policies.py E5_STUDY_DIR [dev|test]

Each policy: the English gate (scripts/gate_candidates.now) decides outside a band around its thresholds; inside,
the two models' scores, each standardised by this corpus's everyday questions (75th percentile as origin, the
interquartile range of their evidence scores as unit), are averaged with weight ``w`` on the English one, and
compared with two cut-offs in that unit. The parameters are searched on the pooled dev splits; the best few are
shown with the English gate alone (``now``) and the best English-only re-cut (w = 1) for comparison.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from scripts.gate_candidates import now

Parts = dict[str, Any]


def e5_parts(row: Parts, top: int) -> tuple[float, float]:
    """(evidence, score) of the multilingual model: best candidate's cosine + 0.5 lexical; less the penalties."""
    cands = row["candidates"][:top]
    evidence = max((c[1] + 0.5 * c[2] for c in cands), default=0.0)
    return evidence, evidence + row["penalty"]


def refresh(row: Parts) -> None:
    """Rows rescored now carry today's gate parts: read the English score from them (the study may be older)."""
    if "fresh_relevance" in row:
        row["raw"] = row["fresh_relevance"] - row["penalty"]
        row["unsupported"] = {}
        row["off_evidence"] = -row["penalty"]
        row["relevance"] = row["fresh_relevance"]


class Prepared:
    """One corpus's rows with the English verdict inputs and both standardised scores, computed once."""

    def __init__(self, study: dict[str, Any], split: str, top: int) -> None:
        everyday = study["everyday"]
        rel = np.array([e["relevance"] for e in everyday])
        raw = np.array([e["raw"] for e in everyday])
        e5 = [e5_parts(e, top) for e in everyday]
        ref_m, unit_m = (
            float(np.quantile(rel, 0.75)),
            max(float(np.subtract(*np.quantile(raw, [0.75, 0.25]))), 0.02),
        )
        ref_e = float(np.quantile([p[1] for p in e5], 0.75))
        unit_e = max(float(np.subtract(*np.quantile([p[0] for p in e5], [0.75, 0.25]))), 0.005)
        self.rows = []
        for q in study["questions"]:
            if (split == "dev") != q["split"].startswith("dev"):
                continue
            fixed = None
            if q["open_status"] == "refused":
                fixed = "refused"
            elif q["unknown_names"] or not q["has_sentences"]:
                fixed = "not_found"
            score, nf, low = now(everyday, q) if fixed is None else (0.0, 0.0, 0.0)
            zm = (score - ref_m) / unit_m
            ze = (e5_parts(q, top)[1] - ref_e) / unit_e if "candidates" in q else None
            nfz, lowz = (nf - ref_m) / unit_m, (low - ref_m) / unit_m
            hit = bool(set(q["cited"]) & set(q["sources"]))
            self.rows.append((q["covered"], fixed, score, nf, low, zm, ze, nfz, lowz, hit))


def figures(
    prep: Prepared, w: float | None, cut_nf: float, cut_low: float, below: float, above: float
) -> dict:
    cov: list[tuple[str, bool]] = []
    held: list[tuple[str, bool]] = []
    for covered, fixed, score, nf, low, zm, ze, nfz, lowz, hit in prep.rows:
        if fixed:
            v = fixed
        elif w is not None and ze is not None and score >= 0.45 and nfz - below <= zm < lowz + above:
            z = w * zm + (1 - w) * ze
            v = "not_found" if z < cut_nf else "low" if z < cut_low else "high"
        else:
            v = "not_found" if score < nf else "low" if score < low else "high"
        (cov if covered else held).append((v, hit))
    cost_cov = {"not_found": 4.0, "refused": 4.0, "low": 1.0, "high": 0.0}
    cost_held = {"not_found": 0.0, "refused": 0.0, "low": 1.5, "high": 3.0}
    costs = [cost_cov[v] for v, _ in cov] + [cost_held[v] for v, _ in held]
    rate = lambda xs: 100.0 * sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {
        "hit": rate([v in ("low", "high") and h for v, h in cov]),
        "cov_nf": rate([v in ("not_found", "refused") for v, _ in cov]),
        "cov_low": rate([v == "low" for v, _ in cov]),
        "held_nf": rate([v == "not_found" for v, _ in held]),
        "held_nf_low": rate([v in ("not_found", "low") for v, _ in held]),
        "cost": sum(costs) / len(costs) if costs else 0.0,
    }


def loss(f: dict[str, float]) -> float:
    """Per question: a covered one rejected costs 4, marked low 1; an uncovered one answered 3, marked low 1.5."""
    return 100 * f["cost"]


def hinge(f: dict[str, float]) -> float:
    return (
        max(0.0, f["cov_nf"] - 3.0) * 3
        + max(0.0, f["cov_low"] - 15.0)
        + max(0.0, 60.0 - f["held_nf"])
        + max(0.0, 85.0 - f["held_nf_low"])
    )


def show(label: str, fs: dict[str, dict[str, float]]) -> None:
    print(f"{label}  loss {sum(loss(f) for f in fs.values()):.1f}")
    for n, f in fs.items():
        print(
            f"    {n:9} hit {f['hit']:5.1f} covNF {f['cov_nf']:4.1f} low {f['cov_low']:4.1f}"
            f" heldNF {f['held_nf']:5.1f} nf+low {f['held_nf_low']:5.1f}"
        )


def main() -> None:
    folder = Path(sys.argv[1])
    split = "dev"
    studies = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
    for study in studies.values():
        for row in [*study["everyday"], *study["questions"]]:
            refresh(row)
    for top in (5, 3):
        preps = {n: Prepared(st, split, top) for n, st in studies.items()}
        show(f"top={top} now", {n: figures(p, None, 0, 0, 0, 0) for n, p in preps.items()})
        results = []
        grid = itertools.product(
            [1.0, 0.7, 0.5, 0.3, 0.0], np.arange(-1.0, 4.01, 0.25), np.arange(0.5, 6.01, 0.5), [0.5, 1.0, 1.5]
        )
        for w, a, b, band in grid:
            fs = {n: figures(p, w, float(a), float(a + b), band, band) for n, p in preps.items()}
            results.append((sum(loss(f) for f in fs.values()), w, float(a), float(a + b), band, fs))
        results.sort(key=lambda r: r[0])
        tests = {n: Prepared(st, "test", top) for n, st in studies.items()}
        show(f"top={top} now, test", {n: figures(p, None, 0, 0, 0, 0) for n, p in tests.items()})
        best_per_weight = [next(r for r in results if r[1] == w) for w in (1.0, 0.7, 0.5, 0.3, 0.0)]
        for r in best_per_weight:
            show(f"top={top} w={r[1]} nf<{r[2]:.2f} low<{r[3]:.2f} band={r[4]} (dev)", r[5])
            show("    same on test", {n: figures(p, r[1], r[2], r[3], r[4], r[4]) for n, p in tests.items()})


if __name__ == "__main__":
    main()
