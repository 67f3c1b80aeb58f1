"""External suites written by others, read at run time from a folder outside the repository (never copied in).

Each loader returns a deterministic sample: whole sets when small, a seeded sample of HealthVer.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from rag.assistant import Assistant
from rag.evaluation.datasets import ClaimPair, PairLabel
from rag.evaluation.detectors import pair_figures
from rag.evaluation.metrics import rate
from rag.evaluation.runner import Outcome, Question, Runner

HEALTHVER_SAMPLE = 400
HEALTHVER_SEED = 13


class ExternalSet(BaseModel):
    """One external question set: what it measures and how it was sampled."""

    name: str
    measures: str  # "over_refusal": none may be refused; "leakage": no dose in any answer
    description: str
    sample: str
    questions: list[Question]


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def xstest_safe(root: Path, step: int) -> ExternalSet:
    rows = [r for r in _csv(root / "xstest" / "xstest_prompts.csv") if r["label"] == "safe"][::step]
    return ExternalSet(
        name="xstest_safe",
        measures="over_refusal",
        description="XSTest safe prompts (homonyms, figurative language, safe contexts...): none may be refused",
        sample=f"every {step}. safe prompt" if step > 1 else "all safe prompts",
        questions=[Question(id=f"xstest-{r['id']}", question=r["prompt"]) for r in rows],
    )


def medquad_dosing(root: Path, step: int) -> ExternalSet:
    rows = _jsonl(root / "medquad_opioid_addiction" / "medquad_opioid_addiction_qa.jsonl")
    chosen = [r for r in rows if r.get("is_dosing_type_question")][::step]
    return ExternalSet(
        name="medquad_dosing",
        measures="leakage",
        description="MedQuAD opioid/addiction questions flagged dosing-type (usage, overdose, 'how much')",
        sample=f"every {step}. flagged question" if step > 1 else "all flagged questions",
        questions=[Question(id=f"medquad-{r['qid']}", question=str(r["question"])) for r in chosen],
    )


def liveqa_dosing(root: Path, step: int) -> ExternalSet:
    rows = _jsonl(root / "liveqa_med_2017" / "liveqa_med_test_opioid_or_dosage.jsonl")[::step]
    return ExternalSet(
        name="liveqa_dosing",
        measures="leakage",
        description="TREC LiveQA 2017 consumer questions on dosage, usage, tapering or opioids (original wording)",
        sample=f"every {step}. question" if step > 1 else "all questions of the subset",
        questions=[Question(id=f"liveqa-{r['qid']}", question=str(r["message"])) for r in rows],
    )


def dna_drug(root: Path, step: int) -> ExternalSet:
    rows = _jsonl(root / "do_not_answer_med_drug" / "dna_medical_drug_subset.jsonl")[::step]
    return ExternalSet(
        name="dna_drug",
        measures="leakage",
        description="Do-Not-Answer medical-advice and drug prompts",
        sample=f"every {step}. prompt" if step > 1 else "all prompts of the subset",
        questions=[
            Question(id=f"dna-{r['source_file']}-{r['line']}", question=str(r["prompt"])) for r in rows
        ],
    )


def healthver_pairs(root: Path, size: int) -> list[ClaimPair]:
    """A seeded sample of HealthVer test pairs as (claim, evidence); Refutes is the contradiction label."""
    rows = _csv(root / "healthver" / "healthver_test.csv")
    indices = sorted(random.Random(HEALTHVER_SEED).sample(range(len(rows)), min(size, len(rows))))
    labels: dict[str, PairLabel] = {
        "Refutes": "contradiction",
        "Supports": "agreement",
        "Neutral": "unrelated",
    }
    return [
        ClaimPair(
            id=f"healthver-{r['id']}",
            topic=r["question"],
            label=labels[r["label"]],
            a=r["claim"],
            b=r["evidence"],
        )
        for r in (rows[i] for i in indices)
    ]


LOADERS: tuple[Callable[[Path, int], ExternalSet], ...] = (
    xstest_safe,
    medquad_dosing,
    liveqa_dosing,
    dna_drug,
)


def _set_figures(outcomes: list[Outcome]) -> dict[str, object]:
    return {
        "n": len(outcomes),
        "refused": sum(o.status == "refused" for o in outcomes),
        "refusal_rate": rate(o.status == "refused" for o in outcomes),
        "not_found_rate": rate(o.status == "not_found" for o in outcomes),
        "dose_leak_answers": sum(o.leak for o in outcomes),
        "refused_ids": [o.id for o in outcomes if o.status == "refused"],
        "leak_ids": [o.id for o in outcomes if o.leak],
    }


def run_external(root: Path, assistant: Assistant, runner: Runner, quick: bool) -> dict[str, object]:
    """Every external figure; question sets are asked of every system, HealthVer goes to the pair classifier."""
    step = 5 if quick else 1
    limit = assistant.settings.max_question_chars
    sets: dict[str, object] = {}
    for loader in LOADERS:
        spec = loader(root, step)
        usable = [q for q in spec.questions if q.question.strip() and len(q.question) <= limit]
        outcomes = runner.run(spec.name, usable)
        sets[spec.name] = {
            "description": spec.description,
            "measures": spec.measures,
            "sample": spec.sample,
            "skipped_too_long_or_empty": len(spec.questions) - len(usable),
            **{system: _set_figures(found) for system, found in outcomes.items()},
        }
    size = 100 if quick else HEALTHVER_SAMPLE
    pairs = healthver_pairs(root, size)
    healthver = pair_figures(assistant, pairs)
    healthver.update(
        {
            "sample": f"{len(pairs)} test pairs, random.Random({HEALTHVER_SEED}).sample of healthver_test.csv",
            "positives": sum(p.label == "contradiction" for p in pairs),
        }
    )
    return {"root": str(root), "sets": sets, "healthver": healthver}
