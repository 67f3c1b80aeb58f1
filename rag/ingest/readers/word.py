"""DOCX -> text, through python-docx (MIT): paragraphs and tables in document order, one block per line.

A DOCX is a zip: its declared unpacked size is checked before anything is unpacked, so a zip bomb (a few KB that
unpack to gigabytes) is refused without being read. Headings become Markdown headings, list paragraphs "- "
lines, and table rows cells split by " | ", as in the HTML reader.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from rag.ingest.readers.records import Extracted, UnreadableFile
from rag.ingest.readers.reflow import clean

_MB = 1 << 20


def read_docx(path: Path, max_unpacked_bytes: int) -> Extracted:
    _check_unpacked_size(path, max_unpacked_bytes)
    import docx

    document = docx.Document(str(path))
    lines = [line for block in document.iter_inner_content() for line in _block_lines(block)]
    text = "\n".join(line for line in lines if line)
    if not any(ch.isalnum() for ch in text):
        raise UnreadableFile("no text in the document")
    title = " ".join((document.core_properties.title or "").split())
    return Extracted(text=text, title=title or None)


def _check_unpacked_size(path: Path, limit: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise UnreadableFile("not a valid DOCX (the file is corrupt or truncated)") from None
    if unpacked > limit:
        raise UnreadableFile(
            f"unpacks to {unpacked / _MB:,.0f} MB, over the limit of {limit / _MB:,.0f} MB "
            "(RAG_MAX_UNPACKED_MB): possibly a zip bomb, not read"
        )


def _block_lines(block: Any) -> list[str]:
    from docx.table import Table

    if isinstance(block, Table):
        rows = []
        for row in block.rows:
            cells: list[str] = []
            for cell in row.cells:
                value = clean(" ".join(cell.text.split()))
                if value and (not cells or cells[-1] != value):  # a merged cell repeats in every column
                    cells.append(value)
            rows.append(" | ".join(cells))
        return [*rows, ""]  # a blank line ends the table for the sentence splitter
    text = clean(" ".join(block.text.split()))
    if not text:
        return []
    style = (block.style.name if block.style is not None else "") or ""
    if style == "Title":
        return [f"# {text}"]
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        return [f"{'#' * int(level) if level.isdigit() else '#'} {text}"]
    numbered = block._p.pPr is not None and block._p.pPr.numPr is not None
    return [f"- {text}" if numbered or "List" in style else text]
