"""Real files for the reader tests, written by real libraries: PDFs with fpdf2, DOCX with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# A Unicode font makes curly quotes and dashes real glyphs; the core fonts only know Latin-1.
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_LATIN1 = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def pdf_bytes(pages: list[list[str]], *, password: str | None = None, image_only: bool = False) -> bytes:
    """A PDF with one page per entry; each paragraph wrapped by fpdf2 over as many lines as it needs."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    unicode = _FONT.is_file()
    if unicode:
        pdf.add_font("body", fname=str(_FONT))
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    for paragraphs in pages:
        pdf.add_page()
        if image_only:
            # What a scanner produces: marks on the page, no text layer.
            pdf.set_fill_color(20, 20, 20)
            for row in range(12):
                pdf.rect(20, 30 + row * 12, 150 - (row % 3) * 20, 5, style="F")
            continue
        pdf.set_font("body" if unicode else "helvetica", size=11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph if unicode else paragraph.translate(_LATIN1))
            pdf.ln(4)
    return bytes(pdf.output())


def text_pdf_bytes(text: str, lines_per_page: int = 40) -> bytes:
    """``text`` (one paragraph per line) as a PDF, cut into pages of roughly ``lines_per_page`` wrapped lines."""
    pages: list[list[str]] = [[]]
    used = 0
    for paragraph in (p for p in text.splitlines() if p.strip()):
        height = len(paragraph) // 90 + 2
        if used + height > lines_per_page and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(paragraph)
        used += height
    return pdf_bytes(pages)


def running_pdf_bytes(paragraphs: list[str], head: str) -> bytes:
    """``paragraphs`` flowing over as many pages as they fill, as a word processor lays out a handbook: ``head``
    above every page, "Page N" below it, and sentences that run on from one page to the next."""
    from fpdf import FPDF

    class Handbook(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, head, align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = Handbook(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph.translate(_LATIN1))
        pdf.ln(3)
    return bytes(pdf.output())


def two_column_pdf_bytes(text: str) -> bytes:
    """``text`` (one paragraph per line) set in two balanced columns per page, as journals print articles."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    unicode = _FONT.is_file()
    if unicode:
        pdf.add_font("body", fname=str(_FONT))
    pdf.set_font("body" if unicode else "helvetica", size=10)
    with pdf.text_columns(ncols=2, gutter=8, balance=True) as columns:
        for paragraph in (p for p in text.splitlines() if p.strip()):
            columns.write(paragraph if unicode else paragraph.translate(_LATIN1))
            columns.ln()
            columns.ln()
    return bytes(pdf.output())


def docx_bytes(blocks: list[tuple[str, str]], title: str = "") -> bytes:
    """A DOCX from (kind, text) blocks: kind is "h1", "p", "li" or "row" (cells split by " | "); ``title`` is
    its Title property."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for kind, text in blocks:
        if kind == "h1":
            document.add_heading(text, level=1)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "row":
            cells = text.split(" | ")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(unpacked_mb: int) -> bytes:
    """A DOCX-shaped zip whose document part unpacks to ``unpacked_mb`` MB of zeros (a few KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(chunk)
    return out.getvalue()


def pieced_line_pdf_bytes(pieces: list[str], after: str) -> bytes:
    """One printed line written in ``pieces`` with a zero-width space set just below the baseline between them,
    as a word processor exports a line holding a bookmark, then a line ``after`` it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("body", fname=str(_FONT))
    pdf.set_font("body", size=11)
    x, y = 20.0, 40.0
    for i, piece in enumerate(pieces):
        if i:
            pdf.text(x, y + 1.5, "\u200b")
        pdf.text(x, y, piece)
        x += pdf.get_string_width(piece)
    pdf.text(20, y + 6, after)
    return bytes(pdf.output())


def shifted_digits_pdf_bytes(lines: list[list[tuple[str, str]]]) -> bytes:
    """One line per entry, each written in runs: ``("text", "")`` in the body size, ``("6", "sup")`` smaller and
    raised, ``("2", "sub")`` smaller and lowered, as a word processor sets exponents, footnote marks and
    formulas."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("body", fname=str(_FONT))
    y = 40.0
    for runs in lines:
        x = 20.0
        for text, shift in runs:
            pdf.set_font("body", size=7 if shift else 11)
            pdf.text(x, y + {"sup": -1.6, "sub": 0.9, "": 0.0}[shift], text)
            x += pdf.get_string_width(text)
        y += 7
    return bytes(pdf.output())


def titled_pdf_bytes(title: str, subtitle: str, paragraphs: list[str]) -> bytes:
    """A leaflet's first page: ``title`` in large type (wrapping when long), ``subtitle`` right under it in body
    type, then ``paragraphs``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    below = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_font("helvetica", size=20)
    pdf.multi_cell(0, 10, title, **below)
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, subtitle, **below)
    for paragraph in paragraphs:
        pdf.ln(4)
        pdf.multi_cell(0, 6, paragraph, **below)
    return bytes(pdf.output())
