"""Which disagreements an answer attaches, against hand labels: precision and recall of "on topic".

eval/datasets/dispute_relevance.jsonl holds (question, disagreement) judgements written by reading the question and
both sides, before any code chose among them: a disagreement of the contradiction map (two claims, by source and
offsets) that the answer's evidence touches, labelled on topic when what the sides disagree about is what was asked.
Rows name their corpus: ``main`` is the corpus under evaluation; a foreign corpus (``covid_qa``, ...) is rebuilt
from the external folder, read in place, with the row's window, so no foreign text is stored in the repository.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.evaluation.datasets import DisputeRow
from rag.evaluation.metrics import label_scores
from rag.types import Answer

HOME = "main"  # rows about the corpus the run evaluates (its own assistant)


def shows_pair(answer: Answer, sides: Sequence[tuple[str, int, int]]) -> bool:
    """One block of the answer quotes both claims of the pair (a side overlaps each claim's span)."""

    def quotes(block_sides: Sequence[Any], source_id: str, start: int, end: int) -> bool:
        return any(s.source_id == source_id and s.start < end and start < s.end for s in block_sides)

    return any(all(quotes(block.sides, *side) for side in sides) for block in answer.contradictions)


def figures(rows: Sequence[DisputeRow], answers: dict[str, Answer]) -> dict[str, Any]:
    """Precision and recall of the attached disagreements, over the rows whose question was answered."""
    asked = [r for r in rows if r.question in answers]
    predicted = [shows_pair(answers[r.question], r.sides) for r in asked]
    return label_scores(predicted, [r.on_topic for r in asked])


def run_disputes(
    rows: Sequence[DisputeRow],
    home: Assistant,
    foreign: Callable[[str, tuple[int, int | None]], Assistant] | None,
    show_progress: bool = False,
) -> dict[str, Any]:
    """Ask every question of the labelled set (each corpus with its own assistant) and score per corpus and in all;
    ``foreign`` builds the assistant of a foreign corpus (None: those rows are skipped and counted)."""
    by_corpus: dict[tuple[str, tuple[int, int | None] | None], list[DisputeRow]] = {}
    for row in rows:
        by_corpus.setdefault((row.corpus, row.window), []).append(row)
    result: dict[str, Any] = {"corpora": {}, "skipped": 0}
    scored: list[tuple[DisputeRow, Answer]] = []
    for (corpus, window), group in by_corpus.items():
        if corpus == HOME:
            assistant = home
        elif foreign is None or window is None:
            result["skipped"] += len(group)
            continue
        else:
            if show_progress:
                print(f"disputes: {corpus} ...", file=sys.stderr)
            assistant = foreign(corpus, window)
        answers = {q: assistant.ask(q) for q in dict.fromkeys(r.question for r in group)}
        result["corpora"][corpus] = figures(group, answers)
        scored += [(r, answers[r.question]) for r in group]
    result["all"] = label_scores([shows_pair(a, r.sides) for r, a in scored], [r.on_topic for r, _ in scored])
    result["misses"] = {
        "attached_off_topic": [r.id for r, a in scored if not r.on_topic and shows_pair(a, r.sides)],
        "on_topic_left_out": [r.id for r, a in scored if r.on_topic and not shows_pair(a, r.sides)],
    }
    return result


def foreign_builder(
    root: Path, cache: Path, home: Assistant
) -> Callable[[str, tuple[int, int | None]], Assistant] | None:
    """Builds the assistant of a foreign corpus from ``root`` (None when the folder is missing)."""
    if not root.is_dir():
        return None
    from rag.evaluation.foreign_corpora import BUILDERS, HOLD_EVERY
    from rag.evaluation.foreign_run import corpus_assistant

    def build(name: str, window: tuple[int, int | None]) -> Assistant:
        corpus = BUILDERS[name](root, window, HOLD_EVERY)
        assistant, _ = corpus_assistant(corpus, cache, home.settings, home.embedder)
        return assistant

    return build
