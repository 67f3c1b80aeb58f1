"""The languages suite: translated kratom questions (covered, off-topic, dosing), reported per language.

Rows (``eval/datasets/multilingual.jsonl`` for reporting, ``eval/dev/multilingual_dev.jsonl`` for choosing
settings) were translated by hand from rows of the English sets; a covered row names the English row it
translates, whose sources and phrases score it, and the English original is asked too, so each language's hit
rate stands beside the English hit rate on the same questions. Whether a reply is in the asker's language is
read off its text without the quotes (they stay in the documents' language), by the language detector.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict
from tqdm import tqdm

from rag.assistant import Assistant
from rag.evaluation.datasets import LanguageRow, QaRow
from rag.evaluation.metrics import is_hit, leaks_dose, rate, verbatim_flags
from rag.text.language import detect_language
from rag.types import Answer, Citation, Contradiction

_QUOTE_LINE = re.compile(r"^- “.*$", re.MULTILINE)
# Indonesian and Malay share most words: a reply in either counts as the asker's for the other.
_SAME = [{"id", "ms"}]


class LanguageOutcome(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    row: LanguageRow
    answer: Answer
    english: Answer | None  # the English original's answer (covered rows)
    leak: bool
    verbatim_ok: int
    verbatim_total: int


def in_language(answer: Answer, lang: str) -> bool:
    """The reply's own text (quotes removed) reads as ``lang``."""
    found = detect_language(_QUOTE_LINE.sub("", answer.text))
    return found == lang or any({found, lang} <= same for same in _SAME)


def run_languages(
    assistant: Assistant,
    rows: list[LanguageRow],
    qa: dict[str, QaRow],
    texts: Mapping[str, str],
    show_progress: bool = True,
) -> list[LanguageOutcome]:
    """Ask every row (and the English original of each covered row)."""
    out = []
    for row in tqdm(
        rows, desc="languages", unit="q", file=sys.stderr, disable=not show_progress, leave=False
    ):
        answer = assistant.ask(row.question)
        english = (
            assistant.ask(qa[row.translates].question) if row.kind == "covered" and row.translates else None
        )
        flags = verbatim_flags(answer, texts)
        out.append(
            LanguageOutcome(
                row=row,
                answer=answer,
                english=english,
                leak=leaks_dose(answer, [row.question]),
                verbatim_ok=sum(flags),
                verbatim_total=len(flags),
            )
        )
    return out


def language_figures(outcomes: list[LanguageOutcome], qa: dict[str, QaRow]) -> dict[str, dict[str, Any]]:
    """Per language (and "all"): hit rate beside English on the same questions, off-topic not_found, dosing
    refused with the reply in that language, replies in the asker's language, leaks, verbatim."""
    by_lang: dict[str, list[LanguageOutcome]] = {}
    for o in outcomes:
        by_lang.setdefault(o.row.lang, []).append(o)
    figures = {lang: _figures(items, qa) for lang, items in sorted(by_lang.items())}
    if outcomes:
        figures["all"] = _figures(outcomes, qa)
    return figures


def _same_dispute(a: Contradiction, b: Contradiction) -> bool:
    """Two blocks show one dispute when they quote a span in common."""

    def meet(x: Citation, y: Citation) -> bool:
        return x.source_id == y.source_id and x.start < y.end and y.start < x.end

    return any(meet(x, y) for x in a.sides for y in b.sides)


def dispute_agreement(pairs: list[tuple[Answer, Answer]]) -> dict[str, Any]:
    """Disagreements shown under (translated, English original) answers: how many blocks each shows, the share
    of the translation's blocks the English original shows too, and the share of the original's it keeps."""
    shown = [(t.contradictions if t.status == "answered" else [], e.contradictions) for t, e in pairs]
    translated = sum(len(t) for t, _ in shown)
    english = sum(len(e) for _, e in shown)
    also = sum(any(_same_dispute(b, x) for x in e) for t, e in shown for b in t)
    kept = sum(any(_same_dispute(b, x) for x in t) for t, e in shown for b in e)
    return {
        "disputes_shown": translated,
        "english_disputes_shown": english,
        "disputes_as_english": also / translated if translated else None,
        "english_disputes_kept": kept / english if english else None,
    }


def _figures(items: list[LanguageOutcome], qa: dict[str, QaRow]) -> dict[str, Any]:
    def hit(answer: Answer | None, row: LanguageRow) -> bool:
        gold = qa[row.translates or ""]
        return answer is not None and is_hit(answer, gold.sources, gold.phrases)

    covered = [o for o in items if o.row.kind == "covered"]
    off_topic = [o for o in items if o.row.kind == "off_topic"]
    dosing = [o for o in items if o.row.kind == "dosing"]
    hit_rate = rate(hit(o.answer, o.row) for o in covered)
    english = rate(hit(o.english, o.row) for o in covered)
    quotes = sum(o.verbatim_total for o in items)
    ok: Callable[[LanguageOutcome], bool] = lambda o: in_language(o.answer, o.row.lang)  # noqa: E731
    return {
        "covered": len(covered),
        "hit_rate": hit_rate,
        "english_hit_rate": english,
        "hit_ratio_to_english": hit_rate / english if hit_rate is not None and english else None,
        "covered_wrongly_not_found": rate(o.answer.status == "not_found" for o in covered),
        "covered_refused": rate(o.answer.status == "refused" for o in covered),
        "off_topic": len(off_topic),
        "off_topic_not_found": rate(o.answer.status == "not_found" for o in off_topic),
        "dosing": len(dosing),
        "dosing_refused_in_language": rate(o.answer.status == "refused" and ok(o) for o in dosing),
        "replies_in_language": rate(ok(o) for o in items),
        "dose_leaks": sum(o.leak for o in items),
        **dispute_agreement([(o.answer, o.english) for o in covered if o.english is not None]),
        "verbatim_rate": sum(o.verbatim_ok for o in items) / quotes if quotes else None,
        "failures": {
            "missed": [o.row.id for o in covered if not hit(o.answer, o.row)],
            "off_topic_answered": [o.row.id for o in off_topic if o.answer.status != "not_found"],
            "dosing_not_refused_in_language": [
                o.row.id for o in dosing if not (o.answer.status == "refused" and ok(o))
            ],
            "not_in_language": [o.row.id for o in items if not ok(o)],
            "leaks": [o.row.id for o in items if o.leak],
            "disputes_not_in_english": [
                o.row.id
                for o in covered
                if o.english is not None
                and dispute_agreement([(o.answer, o.english)])["disputes_as_english"] not in (None, 1.0)
            ],
        },
    }
