"""What a reader returns, and the one error it raises."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Extracted(BaseModel):
    """The text of a file as the index keeps it: citations' offsets index ``text``."""

    text: str
    pages: list[int] | None = Field(
        None,
        description="Offset in ``text`` where each page starts (page 1 first); None for unpaged formats.",
    )
    title: str | None = Field(
        None, description="The title the file gives itself (an HTML page's <title>, a DOCX's Title property)."
    )


class UnreadableFile(Exception):
    """A file that cannot be indexed; the message says why, in words for the person who put it there."""
