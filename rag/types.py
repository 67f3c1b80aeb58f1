"""Typed records that cross module boundaries."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(Record):
    """One readable document of the corpus; ``text`` is exactly what Python reads from the file as UTF-8."""

    source_id: str = Field(description="File stem, unique in the corpus.")
    title: str
    path: Path
    text: str
    content_hash: str = Field(description="SHA-256 of the title and text, for incremental indexing.")


class Passage(Record):
    """A chunk of consecutive sentences; ``text == document.text[start:end]``."""

    passage_id: str
    source_id: str
    start: int
    end: int
    text: str


class Sentence(Record):
    """One sentence with its offsets in its document; the unit that answers quote."""

    sentence_id: str
    source_id: str
    passage_id: str
    start: int
    end: int
    text: str
    heading: bool = Field(False, description="A title or list line rather than a statement.")


class Citation(Record):
    """A verbatim quote: ``quote == source_text[start:end]``."""

    source_id: str
    title: str
    quote: str
    start: int
    end: int
    score: float

    def covers(self, other: Citation) -> bool:
        """``other`` quotes this span or part of it (same source)."""
        return self.source_id == other.source_id and self.start <= other.start and other.end <= self.end


class Contradiction(Record):
    topic: str = Field(description="Short label of what the sides disagree on.")
    sides: list[Citation] = Field(min_length=2)
    note: str = ""


class Refusal(Record):
    reason: Literal["dosing"]
    message: str


class Turn(Record):
    role: Literal["user", "assistant"]
    content: str


AnswerStatus = Literal["answered", "refused", "not_found"]


class Answer(Record):
    question: str
    status: AnswerStatus
    text: str = Field(description="The reply as shown to a person, with [n] markers into citations.")
    citations: list[Citation] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    refusal: Refusal | None = None
    withheld: int = Field(0, description="Passages left out because they carry dosing guidance.")
    relevance: float = Field(0.0, description="Score of the relevance gate for this question.")
    confidence: Literal["high", "low"] | None = Field(
        None,
        description="For answered questions: 'low' when the documents may not answer this directly (the evidence "
        "is doubtful and the closest quotes are shown), else 'high'. None for refusals and not_found.",
    )
    language: str = Field(
        "en",
        description="ISO 639-1 code of the language the question was read in and the reply's fixed texts are "
        "written in; quotes stay in the documents' language.",
    )


class SkippedFile(Record):
    path: str
    reason: str


class IndexReport(Record):
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    skipped: list[SkippedFile] = Field(default_factory=list)
    passages: int = Field(0, description="Passages in the store after indexing.")
    embedded: int = Field(0, description="Texts embedded by this run (0 when nothing changed).")
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}, skipped {len(self.skipped)} documents; "
            f"{self.passages} passages in the store, {self.embedded} texts embedded, {self.seconds:.2f} s"
        )
