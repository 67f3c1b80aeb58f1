"""PDF -> text with a page map, through pdfplumber (MIT; pdfminer.six underneath).

Each page's lines come with their boxes, so wrapped lines are joined into paragraphs by layout (reflow.py), and
pages follow each other on new lines, without their running heads, feet and page numbers (running.py): a
sentence that runs over a page break is read whole, and a quote's start offset gives its page.
A line break, not a blank line: a PDF of a text file then extracts to that text, and answers the same.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rag.ingest.readers.records import Extracted, UnreadableFile
from rag.ingest.readers.reflow import Line, body_size, page_paragraphs
from rag.ingest.readers.running import without_running_lines
from rag.ingest.readers.superscript import mark_shifted_digits

log = logging.getLogger(__name__)

PAGE_BREAK = "\n"
# Fewer letters and digits than this on every page together: the pages are images (a scan), not text.
_MIN_TEXT_CHARS = 20


def read_pdf(path: Path, text_flow: bool = True) -> Extracted:
    """``text_flow``: lines in the order the PDF writes them, which keeps a page's columns apart; False sorts
    them by position, which runs side-by-side columns together line by line."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    laid_out: list[list[Line]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                # pdfplumber keeps the page's characters and lays its lines out from them.
                mark_shifted_digits(page.chars)
                laid_out.append(
                    [
                        Line(
                            row["text"],
                            row["x0"],
                            row["x1"],
                            row["top"],
                            row["bottom"],
                            _type_size(row["chars"]),
                        )
                        for row in page.extract_text_lines(return_chars=True, use_text_flow=text_flow)
                    ]
                )
                page.close()  # pdfplumber caches every page's objects until the file is closed
    except (PDFPasswordIncorrect, PdfminerException) as exc:
        # pdfplumber wraps pdfminer's errors; a wrong (empty) password is the encrypted case.
        if isinstance(exc, PDFPasswordIncorrect) or any(
            isinstance(a, PDFPasswordIncorrect) for a in exc.args
        ):
            raise UnreadableFile("encrypted PDF: it needs a password, so its text cannot be read") from None
        raise
    kept = without_running_lines(laid_out)
    body = body_size(kept)
    pages = ["\n".join(page_paragraphs(lines, body)) for lines in kept]
    text, starts = _join(pages)
    if sum(ch.isalnum() for ch in text) < _MIN_TEXT_CHARS:
        raise UnreadableFile(f"no text layer: needs OCR (a scanned PDF of {len(pages)} page(s))")
    return Extracted(text=text, pages=starts)


def _type_size(chars: list[dict[str, Any]]) -> float:
    """The type size most of a line's characters have (a superscript or a bold word does not move it)."""
    sizes = sorted(
        round(float(ch.get("size") or 0.0), 1) for ch in chars if not str(ch.get("text", "")).isspace()
    )
    return sizes[len(sizes) // 2] if sizes else 0.0


def _join(pages: list[str]) -> tuple[str, list[int]]:
    starts, at = [], 0
    for page in pages:
        starts.append(at)
        at += len(page) + len(PAGE_BREAK)
    return PAGE_BREAK.join(pages), starts
