"""Readers: a PDF, HTML or DOCX file -> the text the index keeps, and for a PDF where each page starts.

In: a file path and the Settings' limits. Out: ``Extracted`` (text, page starts), or ``UnreadableFile`` with a
reason for the person who added the file (encrypted, no text layer, corrupt, a zip bomb). Plain text and Markdown
are not read here: their text is the file's own (rag/ingest/corpus.py).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from rag.ingest.readers.records import Extracted, UnreadableFile

log = logging.getLogger(__name__)

READER_SUFFIXES = (".pdf", ".html", ".htm", ".docx")
# Bump when this package's own handling changes what is extracted (reflow, HTML rules): stored offsets must follow.
# 3: running heads, feet, page numbers left out; 4: a line's pieces joined, more bullets; 5: PDF superscripts and
# subscripts written as such; 6: a PDF's line gap read as the lower quartile of its gaps (short paragraphs); 7: a
# change of type size between two PDF lines ends a paragraph (a title and the subtitle under it).
READERS_REVISION = 7
_LIBRARIES = {".pdf": "pdfplumber", ".html": "bs4", ".htm": "bs4", ".docx": "docx"}

__all__ = ["READER_SUFFIXES", "Extracted", "UnreadableFile", "read_document", "reader_version"]


@cache
def reader_version(suffix: str) -> str:
    """Names the library that reads ``suffix`` and its version: a new version may extract other text, so it is
    part of what incremental indexing compares."""
    from importlib.metadata import PackageNotFoundError, version

    library = _LIBRARIES[suffix.lower()]
    distribution = {"bs4": "beautifulsoup4", "docx": "python-docx"}.get(library, library)
    try:
        return f"{distribution}=={version(distribution)}+r{READERS_REVISION}"
    except PackageNotFoundError:
        return f"{distribution}+r{READERS_REVISION}"


def read_document(path: Path, max_unpacked_bytes: int) -> Extracted:
    """The text of ``path`` (a PDF, HTML or DOCX file). Raises UnreadableFile, never a parser's own error."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from rag.ingest.readers.pdf import read_pdf

            return read_pdf(path)
        if suffix in (".html", ".htm"):
            from rag.ingest.readers.html_page import read_html

            return read_html(path)
        if suffix == ".docx":
            from rag.ingest.readers.word import read_docx

            return read_docx(path, max_unpacked_bytes)
    except UnreadableFile:
        raise
    except ImportError as exc:
        raise UnreadableFile(f"the reader for {suffix} files is not installed ({exc.name})") from None
    except Exception as exc:
        # Parsers raise dozens of error types on damaged input; whatever they raise, the file is unreadable
        # and the rest of the corpus must still index. The traceback goes to the debug log.
        log.debug("reading %s failed", path, exc_info=True)
        kind = suffix.lstrip(".").upper()
        raise UnreadableFile(
            f"could not be read as {kind} (corrupt or truncated?): {exc.__class__.__name__}: {exc}"[:300]
        ) from None
    raise UnreadableFile(f"no reader for {suffix} files")
