"""Measures the PDF and HTML extraction candidates (README, design notes). Run from the repository root with
PYTHONPATH=. after `pip install pypdf==7.1.0 trafilatura==2.3.1` (candidates, not dependencies). Prints only."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, "tests")
from make_files import text_pdf_bytes, two_column_pdf_bytes

from rag.ingest.readers.pdf import read_pdf
from rag.ingest.readers.reflow import Line, page_paragraphs
from rag.text.segment import split_sentences

HANDBOOK = Path("../shared/external-eval/covid_qa/labelling_handbook.pdf")
# Real pages written by others, with sidebars, menus, scripts and pop-ups: the Rust book as rustup installs it.
RUST_BOOK = Path.home() / ".rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/book"


def _pypdf(layout: bool) -> Callable[[Path], str]:
    def read(path: Path) -> str:
        import pypdf

        pages = []
        for page in pypdf.PdfReader(path).pages:
            raw = page.extract_text(extraction_mode="layout") if layout else page.extract_text()
            # No boxes from pypdf: a blank line is a gap, a line's length stands in for its width.
            lines, y = [], 0.0
            for row in raw.splitlines():
                y += 1.0
                if row.strip():
                    lines.append(Line(row.strip(), 0.0, float(len(row.strip())), y, y + 0.5))
                else:
                    y += 1.0
            pages.append("\n".join(page_paragraphs(lines)))
        return "\n\n".join(pages)

    return read


CANDIDATES: dict[str, Callable[[Path], str]] = {
    "pdfplumber 0.11.10 (line boxes, text flow)": lambda p: read_pdf(p).text,
    "pdfplumber 0.11.10 (line boxes, by position)": lambda p: read_pdf(p, text_flow=False).text,
    "pypdf 7.1.0 (plain)": _pypdf(False),
    "pypdf 7.1.0 (layout)": _pypdf(True),
}


def _trafilatura(html: str) -> str:
    import trafilatura

    # Plain text: its Markdown adds backticks around code words, which are then not the page's text.
    return trafilatura.extract(html, output_format="txt", include_tables=True, favor_recall=True) or ""


def _soup(html: str) -> str:
    from rag.ingest.readers.html_page import read_html

    with tempfile.NamedTemporaryFile(suffix=".html") as handle:
        handle.write(html.encode("utf-8"))
        handle.flush()
        return read_html(Path(handle.name)).text


def compare_html() -> None:
    """Sentences of the pages' paragraphs found as sentences; each page also without its <main> element, so that
    the furniture rules are measured and not only the <main> shortcut."""
    import re

    from bs4 import BeautifulSoup

    pages = sorted(RUST_BOOK.glob("ch0*.html"))[:40]
    for name, read in {"BeautifulSoup 4.15.0 + lxml": _soup, "trafilatura 2.3.1": _trafilatura}.items():
        for strip_main in (False, True):
            kept = total = 0
            started = time.perf_counter()
            for page in pages:
                html = page.read_text(encoding="utf-8")
                if strip_main:
                    html = re.sub(r"<(/?)main\b", r"<\1div", html)
                original = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
                truth = [
                    s.text
                    for p in original.select("main p")
                    for s in split_sentences(" ".join(p.get_text().split()))
                ]
                text = read(html)
                found = {s.text for s in split_sentences(text)}
                total += len(truth)
                kept += sum(t in found for t in truth)
            seconds = time.perf_counter() - started
            print(
                f"{name}{' (no <main>)' if strip_main else ''}: {len(pages)} pages, paragraph sentences kept "
                f"as sentences {kept / max(total, 1):.1%}, {seconds:.2f} s"
            )


def main() -> None:
    if RUST_BOOK.is_dir() and "--pdf-only" not in sys.argv:
        compare_html()
    seeds = sorted(Path("corpus").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        pdfs, columned = [], []
        for seed in seeds:
            pdf = Path(tmp) / f"{seed.stem}.pdf"
            pdf.write_bytes(text_pdf_bytes(seed.read_text(encoding="utf-8")))
            pdfs.append((seed, pdf))
            pdf = Path(tmp) / f"{seed.stem}-columns.pdf"
            pdf.write_bytes(two_column_pdf_bytes(seed.read_text(encoding="utf-8")))
            columned.append((seed, pdf))
        for name, read in CANDIDATES.items():
            split_same = []
            for documents in (columned,):
                truths = [
                    [s.text for s in split_sentences(seed.read_text(encoding="utf-8")) if not s.heading]
                    for seed, _ in documents
                ]
                found = [{s.text for s in split_sentences(read(pdf))} for _, pdf in documents]
                hits = sum(t in f for truth, f in zip(truths, found, strict=True) for t in truth)
                split_same.append(hits / sum(len(t) for t in truths))
            kept = same = total = 0
            started = time.perf_counter()
            for seed, pdf in pdfs:
                truth = [s.text for s in split_sentences(seed.read_text(encoding="utf-8")) if not s.heading]
                text = read(pdf)
                found = {s.text for s in split_sentences(text)}
                total += len(truth)
                kept += sum(t in text for t in truth)
                same += sum(t in found for t in truth)
            seconds = time.perf_counter() - started
            line = (
                f"{name}: seed sentences verbatim {kept / total:.1%}, split the same {same / total:.1%}, "
                f"in two columns {split_same[0]:.1%}"
            )
            if HANDBOOK.is_file():
                started_h = time.perf_counter()
                spans = [s for s in split_sentences(read(HANDBOOK)) if not s.heading]
                fragments = sum(s.text[:1].islower() for s in spans)
                line += (
                    f"; handbook {len(spans)} sentences, {fragments} starting mid-sentence, "
                    f"{time.perf_counter() - started_h:.2f} s"
                )
            print(f"{line}; seeds {seconds:.2f} s")


if __name__ == "__main__":
    main()
