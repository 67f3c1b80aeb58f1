"""Compare relevance-gate policies offline on the parts scripts/gate_study.py recorded.

    PYTHONPATH=. python scripts/gate_policies.py STUDY_DIR

A policy maps a corpus's everyday parts and one question's parts to (score, not_found_below, low_below); the
figures are those of `rag eval --foreign` (covered: source hit, wrongly not_found or refused, marked low; held
back: not_found, not_found or low), per corpus and split. Kratom's "dev" pools eval/dev and eval/dev2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Parts = dict[str, Any]
Policy = Callable[[list[Parts], Parts], tuple[float, float, float]]


def load(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def figures(study: dict[str, Any], policy: Policy, split: str) -> dict[str, float]:
    everyday = study["everyday"]
    rows = [q for q in study["questions"] if split == "all" or _split(q["split"]) == split]
    cov = [q for q in rows if q["covered"]]
    held = [q for q in rows if not q["covered"]]

    def verdict(q: Parts) -> str:
        if q["open_status"] == "refused":
            return "refused"
        if q["unknown_names"] or not q["has_sentences"]:
            return "not_found"
        score, nf, low = policy(everyday, q)
        if score < nf:
            return "not_found"
        return "low" if score < low else "high"

    vc = [verdict(q) for q in cov]
    vh = [verdict(q) for q in held]
    hit = [
        v in ("low", "high") and bool(set(q["cited"]) & set(q["sources"]))
        for q, v in zip(cov, vc, strict=True)
    ]
    return {
        "n": len(cov),
        "nh": len(held),
        "hit": _rate(hit),
        "cov_nf": _rate(v in ("not_found", "refused") for v in vc),
        "cov_low": _rate(v == "low" for v in vc),
        "held_nf": _rate(v == "not_found" for v in vh),
        "held_nf_low": _rate(v in ("not_found", "low") for v in vh),
    }


def _split(name: str) -> str:
    return "dev" if name.startswith("dev") else name


def _rate(values: Any) -> float:
    values = list(values)
    return 100.0 * sum(values) / len(values) if values else float("nan")


def table(studies: dict[str, dict[str, Any]], policies: dict[str, Policy], split: str) -> str:
    lines = [f"split={split}", f"{'policy':24} {'corpus':9} hit   covNF covLow heldNF heldNF+low"]
    for pname, policy in policies.items():
        for cname, study in studies.items():
            f = figures(study, policy, split)
            lines.append(
                f"{pname:24} {cname[:9]:9} {f['hit']:5.1f} {f['cov_nf']:5.1f} {f['cov_low']:5.1f}"
                f"  {f['held_nf']:5.1f}  {f['held_nf_low']:5.1f}"
            )
    return "\n".join(lines)


def main() -> None:
    from scripts.gate_candidates import POLICIES

    studies = load(Path(sys.argv[1]))
    for split in sys.argv[2:] or ["dev", "test"]:
        print(table(studies, POLICIES, split))


if __name__ == "__main__":
    main()
