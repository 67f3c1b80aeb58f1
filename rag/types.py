"""Typed records that cross module boundaries."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(Record):
    """One readable document of the corpus; ``text`` is exactly what Python reads from a .txt or .md file as
    UTF-8, or the text extracted from a PDF, HTML or DOCX file (what citations and the evidence panel show)."""

    source_id: str = Field(
        description='Path in the corpus folder without the file type ("leaflets/patch"), unique in the corpus.'
    )
    title: str
    path: Path
    text: str
    content_hash: str = Field(
        description="SHA-256 of the title and text (of the file's bytes and reader for an extracted file), "
        "for incremental indexing."
    )
    pages: list[int] | None = Field(
        None, description="PDF: offset in ``text`` where each page starts, page 1 first; else None."
    )

    def page_at(self, offset: int) -> int | None:
        """The 1-based page that holds ``offset`` of ``text``; None for a document without pages."""
        if not self.pages:
            return None
        return max(bisect_right(self.pages, offset), 1)


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
    table_header: str = Field("", description="For a table's row, the table's first row: what its cells are.")
    asked: str = Field("", description="The question heading its section (an FAQ's), its marks left out.")


class Citation(Record):
    """A verbatim quote: ``quote == source_text[start:end]``."""

    source_id: str
    title: str
    quote: str
    start: int
    end: int
    score: float
    page: int | None = Field(
        None, description="PDF page (1-based) where the quote starts; None for other formats."
    )

    def covers(self, other: Citation) -> bool:
        """``other`` quotes this span or part of it (same source)."""
        return self.source_id == other.source_id and self.start <= other.start and other.end <= self.end


class Contradiction(Record):
    topic: str = Field(description="Short label of what the sides disagree on.")
    sides: list[Citation] = Field(min_length=2)
    note: str = ""


class QuoteGroup(Record):
    """Quotes that say the same about a yes/no question: that it is so (``says="yes"``) or not (``"no"``)."""

    says: Literal["yes", "no"]
    label: str = Field(description="What the quotes of the group say, in the question's own words.")
    citations: list[int] = Field(description="Numbers n of the group's quotes: answer.citations[n-1].")


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
    emergency: str = Field(
        "",
        description="Where to get help at once, when the question tells of an overdose happening now (someone "
        "took too much, cannot be woken); also the first line of text. Empty otherwise.",
    )
    withheld: int = Field(0, description="Passages left out because they carry dosing guidance.")
    relevance: float = Field(0.0, description="Score of the relevance gate for this question.")
    confidence: Literal["high", "low"] | None = Field(
        None,
        description="For answered questions: 'low' when the documents may not answer this directly (the evidence "
        "is doubtful and the closest quotes are shown), else 'high'. None for refusals and not_found.",
    )
    overview: str = Field(
        "",
        description="One line built from the answer's structure: how many documents speak to the question, what "
        "the quotes say to a yes/no question, whether the sources disagree and on what. The first line of text.",
    )
    groups: list[QuoteGroup] = Field(
        default_factory=list,
        description="For a yes/no question: the quotes that say yes and those that say no, most direct first.",
    )
    language: str = Field(
        "en",
        description="ISO 639-1 code of the language the question was read in and the reply's fixed texts are "
        "written in; quotes stay in the documents' language. 'und' (not determined) when the question is in a "
        "language the assistant does not read: the reply is then in English and names the languages it reads.",
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
