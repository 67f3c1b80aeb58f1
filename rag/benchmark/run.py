"""The order of the benchmark's measurements, the time budget that decides which scale tiers use the real
model, and the goals the results are held to."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.benchmark import cold, machine, measure, report
from rag.benchmark.scale import run_tier
from rag.benchmark.stats import REPO, questions, timed
from rag.benchmark.synthetic import build_corpus
from rag.settings import Settings

SCHEMA_VERSION = 1
FULL_TIERS = (1, 10, 100, 1000)
QUICK_TIERS = (1, 10)
# Whole-run budgets (the limits are 15 min and 2 min), with a margin for the report and stragglers.
FULL_BUDGET_S = 13 * 60
QUICK_BUDGET_S = 100
NOT_FOUND = REPO / "eval" / "datasets" / "not_found.jsonl"

GOALS: dict[str, tuple[str, float]] = {
    "ask_vs_bare_retriever_p50_ratio": ("<=", 1.5),
    "index_vs_encode_throughput_ratio": (">=", 0.8),
    "index_vs_bare_llama_index_ratio": ("<=", 3.0),
    "reindex_unchanged_seconds": ("<", 1.0),
    "query_p50_ms_at_100k_passages": ("<", 100.0),
    "index_growth_per_text_ratio": ("<=", 1.5),
}


def run_bench(settings: Settings, quick: bool = False, out_dir: Path | None = None) -> int:
    """Measure and write ``results.json`` and ``results.md`` into ``out_dir`` (default: benchmarks/)."""
    out_dir = Path(out_dir) if out_dir is not None else REPO / "benchmarks"
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    budget = QUICK_BUDGET_S if quick else FULL_BUDGET_S
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        results = _measure(settings, quick, Path(tmp), started, budget)
    results["seconds_total"] = round(time.monotonic() - started, 1)
    results["machine"]["load_average_at_end"] = machine.load_average()
    results["goals"] = _goals(results)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(report.markdown(results), encoding="utf-8")
    print(report.summary_lines(results), file=sys.stderr)
    return 0


def _measure(settings: Settings, quick: bool, workdir: Path, started: float, budget: float) -> dict[str, Any]:
    from rag.assistant import Assistant
    from rag.ingest.embedder import settings_embedder

    log = _Log(started)
    results: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "quick": quick,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine.describe(),
        "notes": [],
    }
    corpus = workdir / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    base = settings.model_copy(
        update={"corpus_dir": corpus, "store_dir": workdir / "store", "chroma_url": None}
    )
    asked = questions(limit=10 if quick else None)
    warm = questions(NOT_FOUND, limit=3)

    log("loading the model")
    model_seconds, embedder = timed(lambda: settings_embedder(base))
    log("indexing throughput against the encoder")
    throughput = measure.index_throughput(base, embedder, workdir, repeats=1 if quick else 2)
    results["indexing"] = throughput
    results["index_vs_encode_throughput_ratio"] = throughput["ratio"]

    if quick:
        results["ingest_vs_llama_index"] = {"skipped": "not in --quick"}
    else:
        from rag.benchmark import ingest  # imported here: ``python -m rag.benchmark.ingest`` runs it alone

        log("indexing against a bare llama-index ingestion of the same files")
        compared = ingest.compare(base, workdir / "ingest", repeats=1)
        results["ingest_vs_llama_index"] = compared
        results["index_vs_bare_llama_index_ratio"] = compared["ratio"]

    assistant = Assistant(base, embedder=embedder)
    index_seconds, _ = timed(assistant.index)
    results["indexing"]["assistant_index_seconds_warm_cache"] = round(index_seconds, 2)
    log("unchanged re-index")
    reindex = measure.reindex_unchanged(assistant)
    results["reindex_unchanged"] = reindex
    results["reindex_unchanged_seconds"] = reindex["seconds"]

    log(f"ask() against a bare llama-index retriever on {len(asked)} questions")
    latency = measure.ask_latency(assistant, asked, warm, bare=measure.bare_retriever(assistant))
    results["latency"] = latency
    results["ask_vs_bare_retriever_p50_ratio"] = latency["ratio_p50"]

    results["cold_start"] = {"model_load_in_process_seconds": round(model_seconds, 2)}
    if quick:
        results["server_mode"] = {"skipped": "not in --quick"}
        results["cold_start"].update(library={"skipped": "not in --quick"}, ui={"skipped": "not in --quick"})
    else:
        log("the same ask() against a Chroma server")
        server = measure.server_mode(base, embedder, workdir, asked, warm)
        results["server_mode"] = {"embedded_ask_ms": latency["ask_ms"], **server}
        log("cold start: library, then the UI")
        results["cold_start"]["library"] = cold.library_cold_start(corpus, base.store_dir, asked[0])
        results["cold_start"]["ui"] = cold.ui_first_answer(corpus, base.store_dir, asked[0])
    encode_rate = throughput["encode_texts_per_second"]
    results["scale"] = _scale(workdir, quick, encode_rate, throughput["texts"], started, budget, log, results)
    return results


def _scale(
    workdir: Path,
    quick: bool,
    encode_rate: float,
    texts_1x: int,
    started: float,
    budget: float,
    log: Any,
    results: dict[str, Any],
) -> list[dict[str, Any]]:
    """Each tier with the real model when its estimated cost fits the time left, else with the hashing
    encoder (model-free, same 384 dimensions) and the model's share added back from the measured encode rate.

    1x and 10x always run; larger tiers only when their estimate fits what is left of the budget.
    """
    tiers: list[dict[str, Any]] = []
    conflict_rate: float | None = (
        None  # contradiction-map seconds per text, from the last tier that built one
    )
    hashing_rate = 0.004  # index seconds per text without the model; updated from each hashing tier
    n_questions = 10 if quick else 20
    for factor in QUICK_TIERS if quick else FULL_TIERS:
        left = budget - (time.monotonic() - started)
        texts = factor * texts_1x
        conflict_cost = (conflict_rate if conflict_rate is not None else 0.05) * texts
        model_cost = texts / max(encode_rate, 1e-9) * 1.5 + conflict_cost + 30
        encoder = "model" if model_cost < left * 0.5 else "hashing"
        conflicts = encoder == "model" or conflict_cost < left * 0.25
        cost = (
            model_cost
            if encoder == "model"
            else hashing_rate * texts + 30 + (conflict_cost if conflicts else 0)
        )
        if factor not in QUICK_TIERS and cost > left:
            tiers.append({"factor": factor, "skipped": f"estimated {cost:.0f} s; {max(left, 0):.0f} s left"})
            continue
        log(f"scale {factor}x ({texts} texts, {encoder} encoder{', contradiction map' if conflicts else ''})")
        root = workdir / f"scale-{factor}"
        built = build_corpus(REPO / "corpus", root / "corpus", factor, seed=factor)
        tier = run_tier(built.path, root / "store", encoder, conflicts, n_questions, timeout=max(left, 120))
        tier.update({"factor": factor, "corpus_characters": built.characters})
        if "error" not in tier:
            _derive(tier, encode_rate, results)
            if tier.get("conflict_map_seconds") is not None:
                conflict_rate = tier["conflict_map_seconds"] / max(tier["texts_embedded"], 1)
            if encoder == "hashing":
                hashing_rate = tier["index_seconds"] / max(tier["texts_embedded"], 1)
        tiers.append(tier)
        shutil.rmtree(root, ignore_errors=True)
    return tiers


def _derive(tier: dict[str, Any], encode_rate: float, results: dict[str, Any]) -> None:
    """Figures comparable across tiers; for hashing tiers, the real encoder's share added back (labelled)."""
    if tier["encoder"] == "hashing":
        encode_s = tier["texts_embedded"] / max(encode_rate, 1e-9)
        tier["index_seconds_with_model_extrapolated"] = round(tier["index_seconds"] + encode_s, 1)
        # The hashing encoder's question embedding costs nothing; add the model's, measured in a model tier.
        question_ms = float(results.get("question_encode_p50_ms", 0.0))
        tier["query_p50_ms_with_model_extrapolated"] = round(tier["retrieve_ms"]["p50"] + question_ms, 1)
    else:
        results["question_encode_p50_ms"] = tier["encode_question_ms"]["p50"]
    seconds = tier.get("index_seconds_with_model_extrapolated", tier["index_seconds"])
    tier["index_ms_per_text"] = round(1000 * seconds / max(tier["texts_embedded"], 1), 2)
    # Growth is judged on what was measured (no extrapolated encoder share, which is linear by construction).
    tier["index_ms_per_text_measured"] = round(
        1000 * tier["index_seconds"] / max(tier["texts_embedded"], 1), 2
    )


class _Log:
    def __init__(self, started: float) -> None:
        self.started = started

    def __call__(self, what: str) -> None:
        print(f"[bench {time.monotonic() - self.started:6.1f} s] {what}", file=sys.stderr, flush=True)


def _goals(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    values: dict[str, Any] = {k: results.get(k) for k in GOALS}
    query = _query_at_100k(results.get("scale", []))
    values["query_p50_ms_at_100k_passages"] = query.get("value")
    growth = _growth(results.get("scale", []))
    values["index_growth_per_text_ratio"] = growth.get("value")
    out: dict[str, dict[str, Any]] = {}
    for key, (op, goal) in GOALS.items():
        value = values.get(key)
        met = (
            None
            if value is None
            else (value <= goal if op == "<=" else value >= goal if op == ">=" else value < goal)
        )
        out[key] = {"value": value, "goal": f"{op} {goal:g}", "met": met}
    out["query_p50_ms_at_100k_passages"].update({k: v for k, v in query.items() if k != "value"})
    out["index_growth_per_text_ratio"].update({k: v for k, v in growth.items() if k != "value"})
    limit = 120 if results.get("quick") else 900
    out["run_seconds"] = {
        "value": results.get("seconds_total"),
        "goal": f"< {limit}",
        "met": (results.get("seconds_total") or 0) < limit,
    }
    return out


def _growth(tiers: list[dict[str, Any]]) -> dict[str, Any]:
    """Measured index ms per text of the largest tier over the smallest, among tiers with the same encoder
    (the encoder with the widest span of sizes, then the largest tiers); 1.0 is exactly linear growth."""
    by_encoder: dict[str, list[dict[str, Any]]] = {}
    for tier in tiers:
        if "index_ms_per_text_measured" in tier:
            by_encoder.setdefault(tier["encoder"], []).append(tier)
    spans = {enc: ts for enc, ts in by_encoder.items() if len(ts) >= 2}
    if not spans:
        return {}
    encoder, same = max(
        spans.items(), key=lambda kv: (kv[1][-1]["factor"] / kv[1][0]["factor"], kv[1][-1]["factor"])
    )
    small, large = same[0], same[-1]
    value = large["index_ms_per_text_measured"] / max(small["index_ms_per_text_measured"], 1e-9)
    return {"value": round(value, 3), "encoder": encoder, "factors": [small["factor"], large["factor"]]}


def _query_p50(tier: dict[str, Any]) -> float:
    return float(tier.get("query_p50_ms_with_model_extrapolated", tier["retrieve_ms"]["p50"]))


def _query_at_100k(tiers: list[dict[str, Any]]) -> dict[str, Any]:
    """The largest tier's query p50; below 50k passages, extended linearly in passages from the two largest
    tiers to 100k (an upper bound: the vector index grows logarithmically, BM25 linearly), and labelled so."""
    measured = sorted((t for t in tiers if "retrieve_ms" in t), key=lambda t: t.get("passages", 0))
    if not measured:
        return {}
    top = measured[-1]
    out: dict[str, Any] = {"value": _query_p50(top), "passages": top["passages"], "encoder": top["encoder"]}
    if top["passages"] < 50_000 and len(measured) >= 2:
        low = measured[-2]
        slope = (_query_p50(top) - _query_p50(low)) / max(top["passages"] - low["passages"], 1)
        out["value"] = round(max(_query_p50(top), _query_p50(top) + slope * (100_000 - top["passages"])), 1)
        out["extrapolated_from_passages"] = [low["passages"], top["passages"]]
    return out
