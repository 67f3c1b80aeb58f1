"""PDF, HTML and DOCX documents: real files written by real libraries, read into text that citations index."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from make_files import (
    docx_bytes,
    pdf_bytes,
    pieced_line_pdf_bytes,
    shifted_digits_pdf_bytes,
    titled_pdf_bytes,
    two_column_pdf_bytes,
    zip_bomb_docx_bytes,
)

from rag import Assistant, Settings
from rag.ingest.corpus import scan_corpus
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.readers import UnreadableFile, read_document
from rag.ingest.store import PASSAGES, SENTENCES

REPO = Path(__file__).resolve().parent.parent
HANDBOOK = REPO.parent / "shared" / "external-eval" / "covid_qa" / "labelling_handbook.pdf"

# Three pages about different things, so that a question finds one page's sentence.
PAGES = [
    [
        "Lighthouse keeping",
        "The lighthouse keeper climbed the spiral stairs every evening to light the lamp. "
        "Its beam could be seen from twenty kilometres out at sea on a clear night.",
    ],
    [
        "Beekeeping",
        "Honeybees communicate the location of flowers to their hive mates through a waggle dance. "
        "The angle of the dance tells the direction of the flowers relative to the sun.",
    ],
    [
        "Glaciers",
        "Glaciers carve deep U-shaped valleys as they slowly grind their way down mountains over "
        "thousands of years, leaving moraines of rock and gravel behind them.",
    ],
]

HTML_PAGE = """<!doctype html><html><head><title>Tide pools</title>
<style>.x { color: red }</style><script>var tracking = "should never be text";</script></head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all?</div>
<header><nav><a href="/">Home</a> <a href="/shop">Shop the gift store</a></nav></header>
<div class="content">
<h1>Tide pools</h1>
<p>Tide pools form in hollows of rock
that the sea fills at high tide.</p>
<h2>Who lives there</h2>
<p>Sea anemones and hermit crabs survive the daily cycle of flooding and drying in tide pools.</p>
<ul><li>starfish</li><li>limpets</li></ul>
</div>
<footer>Copyright the Coastal Society. All rights reserved.</footer>
<noscript>Enable JavaScript to see the newsletter form.</noscript>
</body></html>"""


def _assistant(corpus: Path, tmp_path: Path, **settings: object) -> Assistant:
    config = Settings(corpus_dir=corpus, store_dir=tmp_path / "store", **settings)  # type: ignore[arg-type]
    return Assistant(config, embedder=HashingEmbedder())


def _corpus(tmp_path: Path, files: dict[str, bytes]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    return corpus


def _stored_sources(assistant: Assistant) -> set[str]:
    rows = assistant.store.collection(SENTENCES).get(include=["metadatas"])["metadatas"] or []
    rows += assistant.store.collection(PASSAGES).get(include=["metadatas"])["metadatas"] or []
    return {str(row["source_id"]) for row in rows}


def test_a_multi_page_pdf_quote_carries_the_page_it_is_on(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"nature.pdf": pdf_bytes(PAGES)})
    assistant = _assistant(corpus, tmp_path)
    document = assistant.documents()[0]
    assert document.pages is not None and len(document.pages) == 3
    # Wrapped lines are joined: each paragraph is one line, so each sentence is whole.
    assert "The lighthouse keeper climbed the spiral stairs every evening to light the lamp." in document.text
    answer = assistant.ask("How do honeybees tell their hive mates where flowers are?")
    assert answer.status == "answered", answer.text
    by_page = {c.page for c in answer.citations if "waggle" in c.quote}
    assert by_page == {2}
    for citation in answer.citations:
        assert citation.quote == document.text[citation.start : citation.end]
        assert citation.page == document.page_at(citation.start)
        assert citation.quote in " ".join(PAGES[citation.page - 1])


def test_a_two_column_page_reads_column_by_column_with_its_paragraphs_whole(tmp_path: Path) -> None:
    paragraphs = [" ".join(page[1:]) for page in PAGES] * 3
    path = _corpus(tmp_path, {"columns.pdf": two_column_pdf_bytes("\n".join(paragraphs))}) / "columns.pdf"
    text = read_document(path, 1 << 30).text
    # Every paragraph comes back whole and in order, none run together with the column beside it.
    assert text.splitlines() == paragraphs


def test_a_printed_line_written_in_pieces_is_read_as_one_line(tmp_path: Path) -> None:
    """A word processor's PDF can write one line in pieces with a zero-width space off the baseline between
    them; pdfplumber's text flow then gives each piece as a line, and ") entity ..." began a paragraph."""
    pieces = [
        "Labels classify documents (a tag such as ",
        "report, contract, etc.",
        "), entity recognition and",
    ]
    data = pieced_line_pdf_bytes(pieces, "pairs of questions and answers for existing text.")
    text = read_document(_corpus(tmp_path, {"labels.pdf": data}) / "labels.pdf", 1 << 30).text
    assert text == (
        "Labels classify documents (a tag such as report, contract, etc.), entity recognition and pairs of"
        " questions and answers for existing text."
    )


def test_raised_and_lowered_digits_are_read_as_superscripts_and_subscripts(tmp_path: Path) -> None:
    """Read as ordinary digits, "10⁶ cells" was "106 cells", another number, and a footnote mark became a word of
    its sentence ("a set of 1 pictures" in the COVID-QA labelling handbook). A digit merely set small stays."""
    data = shifted_digits_pdf_bytes(
        [
            [("Each flask held 10", ""), ("6", "sup"), (" cells in 5 ml of medium.", "")],
            [("Labelled data could be a set of pictures", ""), ("1", "sup"), (" with tagged objects.", "")],
            [("The plant takes up CO", ""), ("2", "sub"), (" through its leaves.", "")],
            [("Table 3 lists ", ""), ("12", ""), (" sites.", "")],
        ]
    )
    text = read_document(_corpus(tmp_path, {"digits.pdf": data}) / "digits.pdf", 1 << 30).text
    assert "10⁶ cells in 5 ml" in text, text
    assert "a set of pictures¹ with tagged objects." in text, text
    assert "takes up CO₂ through" in text, text
    assert "Table 3 lists 12 sites." in text, text
    # Word matching folds them back to plain digits, as it read them before.
    from rag.text.tokens import fold

    assert fold("10⁶ CO₂") == "106 co2"


def test_a_footnote_mark_drawn_after_its_line_follows_its_word_digit_by_digit() -> None:
    """The handbook draws its footnote mark after the whole line; a mark of two digits keeps their order."""
    from rag.ingest.readers.superscript import mark_shifted_digits

    def char(text: str, x0: float, size: float, bottom: float) -> dict[str, object]:
        return {
            "text": text,
            "x0": x0,
            "x1": x0 + size / 2,
            "size": size,
            "bottom": bottom,
            "top": bottom - size,
        }

    word = [char(c, 10 + 5.5 * i, 11, 100) for i, c in enumerate("objects.")]
    rest = [char(c, 200 + 5.5 * i, 11, 100) for i, c in enumerate("later")]
    marks = [char("1", 54, 6.6, 95), char("2", 57.3, 6.6, 95)]
    chars = word + rest + marks
    mark_shifted_digits(chars)
    assert "".join(str(c["text"]) for c in chars) == "objects.¹²later"


def test_an_item_under_a_full_line_opens_its_own_paragraph_whatever_its_bullet() -> None:
    from rag.ingest.readers.reflow import Line, page_paragraphs

    full = "When you create the standard questions, keep these points in mind while you write them:"
    for bullet in ("•", "●", "○", "\uf0b7", "➢"):
        lines = [Line(full, 50, 500, 40, 50), Line(f"{bullet} Ask what the text answers", 50, 260, 60, 70)]
        assert page_paragraphs(lines) == [full, f"{bullet} Ask what the text answers"], bullet


def test_html_keeps_headings_as_sections_and_drops_scripts_navigation_and_banners(tmp_path: Path) -> None:
    text = read_document(_corpus(tmp_path, {"tide.html": HTML_PAGE.encode()}) / "tide.html", 1 << 30).text
    assert text.splitlines() == [
        "# Tide pools",
        "Tide pools form in hollows of rock that the sea fills at high tide.",
        "## Who lives there",
        "Sea anemones and hermit crabs survive the daily cycle of flooding and drying in tide pools.",
        "- starfish",
        "- limpets",
    ]


def test_a_page_or_document_is_titled_as_it_titles_itself(tmp_path: Path) -> None:
    """An HTML page's <title> and a DOCX's Title property name the document in every citation, before its first
    line; a manifest title still comes first, and the dosing guard reads them as any title."""
    page = HTML_PAGE.replace("<title>Tide pools</title>", "<title>Rock pools of the north coast</title>")
    untitled = HTML_PAGE.replace("<title>Tide pools</title>", "")
    corpus = _corpus(
        tmp_path,
        {
            "page.html": page.encode(),
            "untitled.html": untitled.replace("Tide pools form", "Rock pools form").encode(),
            "sky.docx": docx_bytes(
                [("p", "The Milky Way is easiest to see far from lights.")], title="Night sky"
            ),
        },
    )
    titles = {d.source_id: d.title for d in scan_corpus(Settings(corpus_dir=corpus)).documents}
    assert titles == {"page": "Rock pools of the north coast", "untitled": "Tide pools", "sky": "Night sky"}


def test_docx_paragraphs_headings_lists_and_tables_in_order(tmp_path: Path) -> None:
    blocks = [
        ("h1", "Night sky"),
        ("p", "The Milky Way is easiest to see far from city lights."),
        ("li", "a dark site"),
        ("row", "Planet | Colour"),
        ("row", "Mars | red"),
        ("p", "Meteor showers peak in August."),
    ]
    path = _corpus(tmp_path, {"sky.docx": docx_bytes(blocks)}) / "sky.docx"
    assert read_document(path, 1 << 30).text.splitlines() == [
        "# Night sky",
        "The Milky Way is easiest to see far from city lights.",
        "- a dark site",
        "Planet | Colour",
        "Mars | red",
        "Meteor showers peak in August.",
    ]


def test_every_format_answers_with_verbatim_quotes_into_the_extracted_text(tmp_path: Path) -> None:
    corpus = _corpus(
        tmp_path,
        {
            "nature.pdf": pdf_bytes(PAGES),
            "tide.html": HTML_PAGE.encode(),
            "sky.docx": docx_bytes([("p", "Meteor showers peak in August when the Perseids arrive.")]),
        },
    )
    assistant = _assistant(corpus, tmp_path)
    texts = {d.source_id: d.text for d in assistant.documents()}
    assert set(texts) == {"nature", "tide", "sky"}
    questions = {
        "nature": "How do glaciers carve valleys?",
        "tide": "Which animals survive in tide pools?",
        "sky": "When do meteor showers peak?",
    }
    for source_id, question in questions.items():
        answer = assistant.ask(question)
        assert answer.status == "answered", (question, answer.text)
        assert answer.citations[0].source_id == source_id
        for c in answer.citations:
            assert c.quote == texts[c.source_id][c.start : c.end]
            assert (c.page is not None) == (c.source_id == "nature")
    # The evaluation's verbatim check reads the same text.
    from rag.evaluation.harness import source_texts

    assert source_texts(assistant) == texts


def test_an_unchanged_pdf_is_not_reindexed_an_edited_one_is_and_a_removed_one_leaves_nothing(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path, {"nature.pdf": pdf_bytes(PAGES)})
    assistant = _assistant(corpus, tmp_path)
    assert assistant.index().added == ["nature"]
    assert assistant.index().unchanged == ["nature"]
    (corpus / "nature.pdf").write_bytes(pdf_bytes([*PAGES, ["Volcanoes erupt when magma rises."]]))
    report = assistant.index()
    assert report.updated == ["nature"] and report.embedded > 0
    (corpus / "nature.pdf").unlink()
    assert assistant.index().removed == ["nature"]
    assert _stored_sources(assistant) == set()


BAD_FILES = {
    "locked.pdf": (lambda: pdf_bytes(PAGES, password="secret"), "encrypted"),
    "scan.pdf": (lambda: pdf_bytes([[], []], image_only=True), "no text layer: needs OCR"),
    "cut.pdf": (lambda: pdf_bytes(PAGES)[:700], "could not be read as PDF"),
    "garbage.docx": (lambda: b"PK\x03\x04 not really a zip", "not a valid DOCX"),
    "cut.docx": (lambda: docx_bytes([("p", "Some text here.")])[:900], "not a valid DOCX"),
    "bomb.docx": (lambda: zip_bomb_docx_bytes(300), "zip bomb"),
    "huge.pdf": (lambda: pdf_bytes(PAGES) + b"\n%" + b"x" * (2 << 20), "RAG_MAX_FILE_MB"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_skipped_with_a_clear_warning_and_the_rest_indexes(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make, reason = BAD_FILES[name]
    corpus = _corpus(tmp_path, {name: make(), "nature.pdf": pdf_bytes(PAGES)})
    assistant = _assistant(corpus, tmp_path, max_file_mb=1.0, max_unpacked_mb=100.0)
    with caplog.at_level(logging.WARNING):
        report = assistant.index()
    assert report.added == ["nature"]
    [skipped] = report.skipped
    assert skipped.path.endswith(name) and reason in skipped.reason
    assert "Traceback" not in caplog.text and name in caplog.text
    assert _stored_sources(assistant) == {"nature"}


def test_a_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = _corpus(tmp_path, {"bomb.docx": zip_bomb_docx_bytes(300)}) / "bomb.docx"
    assert path.stat().st_size < 1 << 20
    with pytest.raises(UnreadableFile, match="unpacks to 300 MB"):
        read_document(path, 100 << 20)


def test_a_pdf_that_turns_bad_leaves_nothing_of_its_old_version(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"nature.pdf": pdf_bytes(PAGES), "tide.html": HTML_PAGE.encode()})
    assistant = _assistant(corpus, tmp_path)
    assistant.index()
    (corpus / "nature.pdf").write_bytes(pdf_bytes(PAGES, password="secret"))
    report = assistant.index()
    assert report.removed == ["nature"] and "encrypted" in report.skipped[0].reason
    assert _stored_sources(assistant) == {"tide"}


def test_the_cli_warns_about_a_bad_file_by_name_without_a_traceback(tmp_path: Path) -> None:
    corpus = _corpus(
        tmp_path, {"locked.pdf": pdf_bytes(PAGES, password="x"), "tide.html": HTML_PAGE.encode()}
    )
    env = {
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_STORE_DIR": str(tmp_path / "cli-store"),
        "PYTHONPATH": str(REPO),
    }

    result = subprocess.run(
        [sys.executable, "-m", "rag.cli", "index"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "locked.pdf" in result.stderr and "encrypted" in result.stderr
    assert "Traceback" not in result.stderr
    assert "added 1" in result.stdout


@pytest.mark.skipif(
    not HANDBOOK.is_file(), reason="../shared/external-eval is absent (the handbook lives there)"
)
def test_the_covid_qa_labelling_handbook_is_read_in_place(tmp_path: Path) -> None:
    corpus = HANDBOOK.parent  # read in place (a read-only folder; the store is the test's own)
    [document] = [d for d in scan_corpus(Settings(corpus_dir=corpus)).documents if d.path == HANDBOOK]
    assert document.pages is not None and len(document.pages) == 13
    sentence = (
        "In order to add a document, drag it into the blue box or click in the box and then select the file "
        "from your computer (Mark 1 Picture 3)."
    )
    start = document.text.index(sentence)
    assert document.page_at(start) == 5
    # Its page numbers are not read into the sentences that run over a page break.
    assert "your\nkeyboard or by entering the document number" in document.text
    assert not any(line.strip().isdigit() for line in document.text.splitlines())
    # Lines written in pieces around a zero-width space are read whole.
    assert (
        "labels consist of document classifications (assigning a document the tag report, contract, etc.)"
        in (document.text)
    )
    assert "click the following link: “https://annotate.deepset.ai/login”." in document.text
    answer = _assistant(corpus, tmp_path).ask("How do I add a document to the labelling tool?")
    assert answer.status == "answered"
    assert all(c.quote == document.text[c.start : c.end] and c.page for c in answer.citations)
    assert json.loads(answer.model_dump_json())["citations"][0]["page"] == answer.citations[0].page


HEAD = "Community Clinic Handbook - Kratom and Recovery"


def test_a_pdf_s_running_head_and_page_numbers_stay_out_of_its_sentences(tmp_path: Path) -> None:
    """A handbook's title above every page and "Page N" below it were glued into the sentences that run over a
    page break, each cut in two: "Disulfiram causes\nPage 2", "Community Clinic Handbook ...\nunpleasant
    reactions such as nausea ..." were quoted."""
    from make_files import _LATIN1, running_pdf_bytes

    from rag.text.segment import split_sentences

    articles = sorted((REPO / "corpus").glob("*.txt"))
    paragraphs = [p for a in articles for p in a.read_text(encoding="utf-8").translate(_LATIN1).splitlines()]
    paragraphs = [p for p in paragraphs if p.strip()]
    corpus = _corpus(tmp_path, {"handbook.pdf": running_pdf_bytes(paragraphs, HEAD)})
    [document] = _assistant(corpus, tmp_path).documents()
    assert document.pages is not None and len(document.pages) >= 5
    assert HEAD not in document.text and "Page " not in document.text
    # Every sentence of the articles is read whole, wrapped lines and page breaks joined.
    flowing = " ".join(document.text.split())
    source = "\n".join(paragraphs)
    missing = [
        source[s.start : s.end] for s in split_sentences(source) if source[s.start : s.end] not in flowing
    ]
    assert not missing, missing[:3]
    # Some do run over a page break; each is cited on the page it starts on.
    across = [
        s for s in split_sentences(document.text) if document.page_at(s.start) != document.page_at(s.end - 1)
    ]
    assert across


def test_a_heading_on_one_page_and_a_page_number_alone_are_told_apart() -> None:
    from rag.ingest.readers.reflow import Line
    from rag.ingest.readers.running import without_running_lines

    def page(*texts: str) -> list[Line]:
        return [Line(text, 50, 500, 40 + 20 * row, 50 + 20 * row) for row, text in enumerate(texts)]

    pages = [
        page("Kratom and the liver", "Liver injury was reported in case series.", "1"),
        page("Withdrawal", "Withdrawal symptoms resemble those of opioids.", "Page 2 of 3"),
        page("Sleep", "Insomnia is common during withdrawal.", "- 3 -"),
    ]
    kept = [[line.text for line in lines] for lines in without_running_lines(pages)]
    assert kept == [
        ["Kratom and the liver", "Liver injury was reported in case series."],
        ["Withdrawal", "Withdrawal symptoms resemble those of opioids."],
        ["Sleep", "Insomnia is common during withdrawal."],
    ]
    # One page alone has no running head to tell; a title in the words of one page is content.
    assert without_running_lines([pages[0][:2]]) == [pages[0][:2]]


SEED = "002_99e2bf04b1f5e56d"  # the article whose claims on insomnia disagree with each other and with 004


def _rows(name: str) -> list[dict[str, object]]:
    path = REPO / "eval" / "datasets" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _behaviour(assistant: Assistant, question: str) -> tuple[str, list[str], list[tuple[str, ...]]]:
    """What a person sees, independent of offsets: status, the quotes, and each contradiction's sides."""
    answer = assistant.ask(question)
    sides = sorted(tuple(sorted(s.quote for s in c.sides)) for c in answer.contradictions)
    return answer.status, [c.quote for c in answer.citations], sides


@pytest.mark.model
def test_a_seed_article_as_a_pdf_behaves_as_its_txt(real_assistant: Assistant, tmp_path: Path) -> None:
    """Dosing refusal, not_found and contradictions are the same when one article arrives as a PDF."""
    from make_files import text_pdf_bytes

    corpus = tmp_path / "corpus"
    shutil.copytree(real_assistant.settings.corpus_dir, corpus)
    seed = corpus / f"{SEED}.txt"
    (corpus / f"{SEED}.pdf").write_bytes(text_pdf_bytes(seed.read_text(encoding="utf-8")))
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if entry["file"] == seed.name:
            entry["file"] = f"{SEED}.pdf"
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    seed.unlink()
    as_pdf = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=real_assistant.embedder
    )
    pdf_document = next(d for d in as_pdf.documents() if d.source_id == SEED)
    assert pdf_document.pages is not None and len(pdf_document.pages) >= 2

    questions = [str(r["question"]) for r in _rows("dosing_requests.jsonl") if not r["history"]][:6]
    questions += [str(r["question"]) for r in _rows("not_found.jsonl")][:6]
    questions += [str(r["question"]) for r in _rows("contradiction_questions.jsonl")]
    questions += [str(r["question"]) for r in _rows("qa.jsonl") if SEED in r["sources"]][:8]  # type: ignore[operator]
    differ = [q for q in questions if _behaviour(real_assistant, q) != _behaviour(as_pdf, q)]
    assert not differ, differ
    statuses = {_behaviour(as_pdf, q)[0] for q in questions}
    assert statuses == {"answered", "refused", "not_found"}
    shown = [q for q in questions if _behaviour(as_pdf, q)[2]]
    assert any(SEED in {s.source_id for c in as_pdf.ask(q).contradictions for s in c.sides} for q in shown)
    for question in questions:
        for c in as_pdf.ask(question).citations:
            if c.source_id == SEED:
                assert c.quote == pdf_document.text[c.start : c.end] and c.page is not None


def test_extracted_text_is_kept_beside_the_store_and_read_back_on_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag.ingest import sources

    corpus = _corpus(tmp_path, {"nature.pdf": pdf_bytes(PAGES)})
    settings = Settings(corpus_dir=corpus, store_dir=tmp_path / "store")
    [first] = scan_corpus(settings).documents
    assert list((tmp_path / "store" / "extracted").glob("*.json"))
    sources._cache.clear()  # a new process

    def no_reading(*_: object) -> None:
        raise AssertionError("extracted again")

    monkeypatch.setattr(sources, "read_document", no_reading)
    [again] = scan_corpus(settings).documents
    assert (again.text, again.pages, again.content_hash) == (first.text, first.pages, first.content_hash)


@pytest.mark.model
def test_rag_ask_shows_a_pdf_quote_s_page_in_text_and_json(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"nature.pdf": pdf_bytes(PAGES)})
    env = {
        **os.environ,
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_STORE_DIR": str(tmp_path / "store"),
        "PYTHONPATH": str(REPO),
    }
    question = "How do honeybees tell their hive mates where the flowers are?"

    def ask(*extra: str) -> str:
        command = [sys.executable, "-m", "rag.cli", "ask", question, *extra]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "(nature, p. 2, characters" in ask()
    answer = json.loads(ask("--json"))
    assert answer["status"] == "answered" and answer["citations"][0]["page"] == 2


def test_a_pdf_heading_in_larger_type_is_a_heading_and_never_part_of_a_quote(tmp_path: Path) -> None:
    # Unmarked, a heading of 50 characters or more read as a line wrapped at a fixed width, and the first sentence
    # under it was split with the heading in front ("Why a slow reduction ... at once\nStopping suddenly can ...").
    from rag.text.segment import split_sentences

    heading = "Why a slow reduction is safer than stopping all at once"
    first = "Stopping suddenly can cause rebound insomnia, anxiety and, rarely, seizures."
    path = _corpus(
        tmp_path, {"sleep.pdf": titled_pdf_bytes(heading, first, ["Most people sleep better in weeks."])}
    )
    text = read_document(path / "sleep.pdf", 10**8).text
    assert text.startswith(f"# {heading}\n{first}\n")
    sentences = [s.text for s in split_sentences(text)]
    assert first in sentences
    assert not any(heading in s and first in s for s in sentences)
    # A statement set large is a callout, quoted as any sentence is.
    callout = "Never share your medicine with anyone."
    path = _corpus(tmp_path, {"callout.pdf": titled_pdf_bytes(callout, first, [])})
    assert read_document(path / "callout.pdf", 10**8).text.startswith(f"{callout}\n{first}")
