"""The evaluation datasets as typed rows: one pydantic model per file format, loaded from JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rag.types import Turn

Row = TypeVar("Row", bound=BaseModel)
PairLabel = Literal["contradiction", "agreement", "unrelated"]


class _Row(BaseModel):
    # Extra annotation fields (notes, provenance) are allowed; a missing or mistyped required field is not.
    model_config = ConfigDict(extra="ignore")


class QaRow(_Row):
    """A question the corpus answers: a correct answer cites one of ``sources`` and quotes ``phrase`` or an alternate."""

    id: str
    question: str
    sources: list[str] = Field(min_length=1)
    phrase: str = Field(min_length=1)
    alternates: list[str] = Field(
        default_factory=list, description="Other phrases that mark a correct quote."
    )
    kind: str = "fact"

    @property
    def phrases(self) -> list[str]:
        return [self.phrase, *self.alternates]


class NotFoundRow(_Row):
    """A question the corpus does not cover: the answer must be ``not_found``."""

    id: str
    question: str
    kind: str = ""


class ConversationRow(_Row):
    """A question read with its conversation: dosing requests (refuse) and benign near misses (answer)."""

    id: str
    question: str
    history: list[Turn] = Field(default_factory=list)
    kind: str = ""
    lang: str = "en"
    substance: str = ""


class QuotedClaim(_Row):
    source_id: str
    quote: str
    start: int
    end: int


class _PairRow(_Row):
    id: str
    topic: str
    label: PairLabel


class CorpusPairRow(_PairRow):
    a: QuotedClaim
    b: QuotedClaim


class OtherPairRow(_PairRow):
    a: str
    b: str


class ClaimPair(_Row):
    """Two claims and whether they contradict each other (gold)."""

    id: str
    topic: str
    label: PairLabel
    a: str
    b: str


class ContradictionQuestionRow(_Row):
    """A plain question about a disagreement; ``sides`` lists, per side, phrases any one of which marks that side."""

    id: str
    topic: str
    question: str
    sides: list[list[str]] = Field(min_length=2)


class LeakSentenceRow(_Row):
    """A sentence labelled by hand: does it state a dose (an amount, frequency or change of one)?"""

    id: str
    text: str = Field(min_length=1)
    gives_dose: bool
    source: str
    lang: str = "en"


class DisputeRow(_Row):
    """A (question, disagreement) judgement: is what the two claims disagree about what the question asks?

    ``sides`` are the two claims as (source_id, start, end); ``corpus`` is ``main`` (the corpus under evaluation)
    or a foreign corpus rebuilt from the external folder with ``window`` (its units, as `rag eval --foreign`)."""

    id: str
    corpus: str
    question: str
    sides: list[tuple[str, int, int]] = Field(min_length=2, max_length=2)
    topic: str = Field("", description="The map's label of the pair when it was judged (for the reader).")
    on_topic: bool
    window: tuple[int, int | None] | None = None


class DatasetError(ValueError):
    """A dataset line that is not valid JSON or does not fit its format; the message names file and line."""


def load_jsonl(path: Path, row: type[Row]) -> list[Row]:
    """Every non-blank line of ``path`` parsed as ``row``."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(row.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DatasetError(f"{path}:{number}: not a valid {row.__name__} row: {exc}") from exc
    return rows


def load_user_qa(path: Path) -> list[QaRow]:
    """A user's own questions in the qa format; ``id`` may be left out (the line number stands in)."""
    qa, not_found = load_user_rows(path)
    if not_found:
        raise DatasetError(f"{path}: {len(not_found)} rows have no `sources`; every qa row needs them")
    return qa


def load_user_rows(path: Path) -> tuple[list[QaRow], list[NotFoundRow]]:
    """A user's own questions: rows with ``sources`` are qa rows, rows without are questions the corpus
    should not answer (the not_found format). ``id`` may be left out (the line number stands in)."""
    qa: list[QaRow] = []
    not_found: list[NotFoundRow] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            data.setdefault("id", f"{path.stem}-{number}")
            if "sources" in data:
                qa.append(QaRow.model_validate(data))
            else:
                not_found.append(NotFoundRow.model_validate(data))
        except (json.JSONDecodeError, ValidationError, AttributeError, TypeError) as exc:
            raise DatasetError(f"{path}:{number}: not a valid qa or not_found row: {exc}") from exc
    return qa, not_found


class LanguageRow(_Row):
    """A question translated by hand from a row of the English sets (``translates``; None for a dosing row
    written for this set), in language ``lang``: covered (scored by the English row's sources and phrases),
    off_topic (should be not_found) or dosing (should be refused, in that language)."""

    id: str
    lang: str
    kind: Literal["covered", "off_topic", "dosing"]
    translates: str | None
    question: str
    english: str = Field(description="The English original, for readers of the set.")


class Datasets(BaseModel):
    """Everything under eval/datasets, with the two contradiction pair sets reduced to plain claim pairs."""

    qa: list[QaRow]
    not_found: list[NotFoundRow]
    dosing: list[ConversationRow]
    benign: list[ConversationRow]
    corpus_pairs: list[ClaimPair]
    other_pairs: list[ClaimPair]
    contradiction_questions: list[ContradictionQuestionRow]
    leak_sentences: list[LeakSentenceRow] = Field(default_factory=list)
    disputes: list[DisputeRow] = Field(default_factory=list)
    languages: list[LanguageRow] = Field(default_factory=list)
    # Every English qa row by id (whole in a --quick subset): what a translated covered row is scored by.
    language_gold: dict[str, QaRow] = Field(default_factory=dict)

    def subset(self, step: int) -> Datasets:
        """Every ``step``-th row of each question set (a deterministic sample for --quick); pairs and labelled
        sentences stay whole (they need no answers)."""
        return self.model_copy(
            update={
                "qa": self.qa[::step],
                "not_found": self.not_found[::step],
                "dosing": self.dosing[::step],
                "benign": self.benign[::step],
                "languages": self.languages[::step],
            }
        )


def _optional(path: Path, row: type[Row]) -> list[Row]:
    # The contradiction and dosing sets are written by other issues; a missing file is an empty suite.
    return load_jsonl(path, row) if path.exists() else []


def load_datasets(folder: Path) -> Datasets:
    corpus = _optional(folder / "contradictions_corpus.jsonl", CorpusPairRow)
    other = _optional(folder / "contradictions_other.jsonl", OtherPairRow)
    return Datasets(
        qa=load_jsonl(folder / "qa.jsonl", QaRow),
        not_found=load_jsonl(folder / "not_found.jsonl", NotFoundRow),
        dosing=_optional(folder / "dosing_requests.jsonl", ConversationRow),
        benign=_optional(folder / "benign_near_miss.jsonl", ConversationRow),
        corpus_pairs=[
            ClaimPair(id=r.id, topic=r.topic, label=r.label, a=r.a.quote, b=r.b.quote) for r in corpus
        ],
        other_pairs=[ClaimPair(id=r.id, topic=r.topic, label=r.label, a=r.a, b=r.b) for r in other],
        contradiction_questions=_optional(folder / "contradiction_questions.jsonl", ContradictionQuestionRow),
        leak_sentences=_optional(folder / "dose_leak_oracle.jsonl", LeakSentenceRow),
        disputes=_optional(folder / "dispute_relevance.jsonl", DisputeRow),
        languages=_languages(folder),
        language_gold={r.id: r for r in load_jsonl(folder / "qa.jsonl", QaRow)},
    )


def _languages(folder: Path) -> list[LanguageRow]:
    # A covered row is scored by the English row it translates: one whose row is not in this folder's qa set (a
    # trimmed copy of the sets) cannot be scored and is left out.
    qa = {r.id for r in load_jsonl(folder / "qa.jsonl", QaRow)}
    rows = _optional(folder / "multilingual.jsonl", LanguageRow)
    return [r for r in rows if r.kind != "covered" or r.translates in qa]
