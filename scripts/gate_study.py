"""Gate study: per question and per everyday question, the parts the relevance gate is made of, so gate policies
can be compared offline on every corpus (kratom dev/test sets, PubMedQA, COVID-QA, MedQuAD, ExpertQA).

    PYTHONPATH=. python scripts/gate_study.py OUT_DIR [kratom] [pubmedqa] [covid_qa] [medquad] [expertqa]

Writes OUT_DIR/NAME.json: {"everyday": [parts...], "questions": [parts + labels...], "corpus": {...}}. Each
question is also answered with the gate open, so whether its answer cites the right document is known whatever
a policy decides. Foreign corpora use $RAG_FOREIGN_CACHE and are built whole (``--foreign-limit NAME=all``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from wordfreq import zipf_frequency

from rag.assistant import Assistant
from rag.evaluation.foreign_corpora import BUILDERS, EVERYTHING, HOLD_EVERY
from rag.evaluation.foreign_run import DEFAULT_WINDOWS, corpus_assistant
from rag.ingest.embedder import load_embedder
from rag.retrieval.calibration import everyday_questions, fixed
from rag.retrieval.focus_words import off_evidence_penalty
from rag.retrieval.records import Retrieval
from rag.retrieval.sentence_scores import gate_score
from rag.retrieval.vocabulary import support_penalty
from rag.settings import Settings

ROOT = Path(os.environ.get("RAG_EXTERNAL_EVAL", "/work/shared/external-eval"))


def parts(assistant: Assistant, retrieval: Retrieval) -> dict[str, Any]:
    s = assistant.settings
    best = max(retrieval.sentences, key=gate_score, default=None)
    return {
        "raw": gate_score(best) if best is not None else 0.0,
        "similarity": best.similarity if best is not None else 0.0,
        "lexical": best.lexical if best is not None else 0.0,
        "support": support_penalty(retrieval.unsupported_words, s.rare_word_zipf, s.unsupported_word_penalty),
        "off_evidence": off_evidence_penalty(retrieval.focus_drops, s.off_evidence_weight),
        "unsupported": {w: zipf_frequency(w, "en") for w in retrieval.unsupported_words},
        "drops": retrieval.focus_drops,
        "unknown_names": retrieval.unknown_names,
        "relevance": retrieval.relevance,
        "has_sentences": bool(retrieval.sentences),
    }


def study(assistant: Assistant, questions: list[dict[str, Any]]) -> dict[str, Any]:
    _, retriever, _, _ = assistant._components()
    assistant.index()
    seen: list[Retrieval] = []
    original = retriever.retrieve

    def capture(*args: Any, **kwargs: Any) -> Retrieval:
        got = original(*args, **kwargs)
        seen.append(got)
        return got

    retriever.retrieve = capture  # type: ignore[method-assign]
    everyday = []
    for q in everyday_questions():
        query = assistant._query(retriever, q, [])
        everyday.append({"question": q, **parts(assistant, assistant._retrieve(retriever, query))})
    assistant.gate_thresholds = lambda generation=None: fixed(-1e9)  # type: ignore[method-assign]
    rows = []
    started = time.perf_counter()
    for i, q in enumerate(questions):
        seen.clear()
        answer = assistant.ask(q["question"])
        row = dict(q)
        row["open_status"] = answer.status
        row["cited"] = sorted({c.source_id for c in answer.citations})
        if answer.status != "refused" and seen:
            row.update(parts(assistant, seen[0]))
        rows.append(row)
        if i % 100 == 0:
            print(f"  {i}/{len(questions)} {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    return {"everyday": everyday, "questions": rows}


def kratom_questions() -> list[dict[str, Any]]:
    sets = [
        ("eval/dev/qa_dev.jsonl", "dev", True),
        ("eval/dev/not_found_dev.jsonl", "dev", False),
        ("eval/dev2/qa_dev2.jsonl", "dev2", True),
        ("eval/dev2/not_found_dev2.jsonl", "dev2", False),
        ("eval/datasets/qa.jsonl", "test", True),
        ("eval/datasets/not_found.jsonl", "test", False),
    ]
    out = []
    for path, split, covered in sets:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out.append(
                {
                    "id": row["id"],
                    "question": row["question"],
                    "split": split,
                    "covered": covered,
                    "sources": row.get("sources", []),
                }
            )
    return out


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    names = sys.argv[2:] or ["kratom", "medquad", "covid_qa", "pubmedqa", "expertqa"]
    settings = Settings()
    embedder = load_embedder(settings.embed_model, settings.embed_batch_size, settings.embed_backend)
    cache = Path(os.environ["RAG_FOREIGN_CACHE"])
    for name in names:
        print(name, file=sys.stderr, flush=True)
        if name == "kratom":
            assistant = Assistant(settings, embedder=embedder)
            questions = kratom_questions()
        else:
            # GATE_WINDOWS=default: the corpus slices of a default `rag eval --foreign` run, not the whole sets.
            window = DEFAULT_WINDOWS[name] if os.environ.get("GATE_WINDOWS") == "default" else EVERYTHING
            corpus = BUILDERS[name](ROOT, window, HOLD_EVERY)
            assistant, _ = corpus_assistant(corpus, cache, settings, embedder)
            questions = [
                {
                    "id": q.id,
                    "question": q.question,
                    "split": q.split,
                    "covered": q.covered,
                    "sources": sorted(q.sources),
                }
                for q in corpus.questions
                if q.question.strip() and len(q.question) <= settings.max_question_chars
            ]
        result = study(assistant, questions)
        result["corpus"] = {"name": name}
        (out / f"{name}.json").write_text(json.dumps(result, default=_plain), encoding="utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value))


if __name__ == "__main__":
    main()
