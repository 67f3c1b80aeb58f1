"""Adding documents from the UI: safe names, no overwriting, the bad-file rules, answerable at once."""

from __future__ import annotations

import html
import threading
from pathlib import Path

import pytest
from make_files import pdf_bytes

from rag import Assistant, Settings
from rag.answer.messages import messages_for
from rag.ingest.embedder import HashingEmbedder
from rag.text.language import SUPPORTED
from rag.ui.app import add_document
from rag.ui.uploads import UploadRejected, add_upload, safe_name, uploads_enabled
from tests.conftest import CountingRoles

SUFFIXES = Settings().document_suffixes
PAGES = [["Otters hold hands while they sleep so that they do not drift apart on the water."]]


class _Progress:
    def __init__(self) -> None:
        self.calls: list[object] = []

    def __call__(self, value: object, desc: str | None = None, **_: object) -> None:
        self.calls.append(value)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.pdf", "evil.pdf"),
        ("/abs/path/notes.MD", "notes.md"),
        ("my report (final)!.docx", "my report _final.docx"),
        ("....pdf", "document.pdf"),
        (".hidden.html", "hidden.html"),
    ],
)
def test_an_upload_name_loses_its_folders_and_unsafe_characters(name: str, expected: str) -> None:
    assert safe_name(name, SUFFIXES) == expected


@pytest.mark.parametrize("name", ["script.sh", "archive.zip", "noext", "manifest.json", "x.pdf.exe"])
def test_only_document_types_are_accepted(name: str) -> None:
    with pytest.raises(UploadRejected, match="can be added"):
        safe_name(name, SUFFIXES)


def test_an_upload_never_overwrites_a_document_of_the_same_name_or_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "otters.txt").write_text("Sea otters use rocks as tools.", encoding="utf-8")
    upload = tmp_path / "otters.pdf"
    upload.write_bytes(pdf_bytes(PAGES))
    settings = Settings(corpus_dir=corpus)
    first = add_upload(upload, "otters.pdf", settings)
    upload.write_bytes(pdf_bytes([["River otters live in burrows near the water."]]))
    second = add_upload(upload, "../otters.pdf", settings)
    assert (first.name, second.name) == ("otters-2.pdf", "otters-3.pdf")
    assert (corpus / "otters.txt").read_text(encoding="utf-8") == "Sea otters use rocks as tools."
    assert sorted(p.name for p in corpus.iterdir()) == ["otters-2.pdf", "otters-3.pdf", "otters.txt"]


def test_a_bad_upload_is_refused_and_leaves_nothing_in_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings(corpus_dir=corpus, max_file_mb=0.5)
    cases = {
        "locked.pdf": (pdf_bytes(PAGES, password="pw"), "encrypted"),
        "scan.pdf": (pdf_bytes([[]], image_only=True), "no text layer: needs OCR"),
        "cut.pdf": (pdf_bytes(PAGES)[:500], "could not be read as PDF"),
        "big.pdf": (b"%PDF-1.4\n" + b"x" * (1 << 20), "RAG_MAX_FILE_MB"),
    }
    for name, (data, reason) in cases.items():
        upload = tmp_path / name
        upload.write_bytes(data)
        with pytest.raises(UploadRejected, match=reason):
            add_upload(upload, name, settings)
    assert list(corpus.iterdir()) == []


def test_a_refused_upload_is_told_in_the_readers_language(fake_assistant: Assistant, tmp_path: Path) -> None:
    """A Spanish browser showed "Not added: locked.pdf: encrypted PDF ..."; the reader's own detail stays
    English, as the store's errors do."""
    spanish = messages_for("es")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(pdf_bytes(PAGES, password="pw"))
    status, _ = add_document(fake_assistant, str(locked), _Progress(), spanish)  # type: ignore[arg-type]
    assert "No se añadió locked.pdf: no se pudo leer (encrypted PDF" in html.unescape(status)
    script = tmp_path / "run.sh"
    script.write_text("echo hi", encoding="utf-8")
    status, _ = add_document(fake_assistant, str(script), _Progress(), spanish)  # type: ignore[arg-type]
    assert "solo se pueden añadir archivos .txt" in html.unescape(status)
    assert not any(p.name in {"locked.pdf", "run.sh"} for p in fake_assistant.settings.corpus_dir.iterdir())


def test_uploads_are_off_by_default_and_need_auth_off_loopback() -> None:
    assert not uploads_enabled(Settings())
    assert uploads_enabled(Settings(uploads=True))
    assert not uploads_enabled(Settings(uploads=True, host="0.0.0.0"))
    assert uploads_enabled(Settings(uploads=True, host="0.0.0.0", auth_user="u", auth_password="p"))


def test_an_uploaded_pdf_is_indexed_with_progress_and_answerable_at_once(
    fake_assistant: Assistant, tmp_path: Path
) -> None:
    fake_assistant.index()
    upload = tmp_path / "upload" / "otters.pdf"
    upload.parent.mkdir()
    upload.write_bytes(pdf_bytes(PAGES))
    progress = _Progress()
    status, _ = add_document(fake_assistant, str(upload), progress)  # type: ignore[arg-type]
    assert "Added otters.pdf" in status
    assert any(isinstance(call, tuple) for call in progress.calls)  # (done, total) while embedding
    answer = fake_assistant.ask("Why do otters hold hands while they sleep?")
    assert answer.citations[0].source_id == "otters" and answer.citations[0].page == 1
    # The same file again has the same content as a document already there: refused, nothing left behind.
    status, _ = add_document(fake_assistant, str(upload), _Progress())  # type: ignore[arg-type]
    assert "Not added" in status and "same content" in status
    assert not (fake_assistant.settings.corpus_dir / "otters-2.pdf").exists()


def test_the_upload_control_shows_only_when_enabled(tmp_path: Path, corpus_dir: Path) -> None:
    from rag.ui.app import IndexJob, build_app

    for enabled in (False, True):
        settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "s", uploads=enabled)
        assistant = Assistant(settings, embedder=HashingEmbedder())
        job = IndexJob(assistant)  # not started: only the layout is looked at
        blocks = build_app(assistant, job)
        ids = {getattr(block, "elem_id", None) for block in blocks.blocks.values()}
        assert ("rag-upload" in ids) == enabled


def test_after_an_upload_the_other_languages_are_prepared_again_in_the_background(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """The upload changes the index: without this, the next first question in each language recalibrated its gate
    (and embedded the new passages) while the asker waited."""
    roles = CountingRoles()
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store")
    assistant = Assistant(settings, embedder=HashingEmbedder(), multilingual=roles)
    assistant.index()
    assistant.prepare_languages()
    upload = tmp_path / "upload" / "otters.pdf"
    upload.parent.mkdir()
    upload.write_bytes(pdf_bytes(PAGES))
    add_document(assistant, str(upload), _Progress())  # type: ignore[arg-type]
    for thread in [t for t in threading.enumerate() if t.name == "rag-languages"]:
        thread.join(120)
    generation = assistant._components()[0].generation()
    calibrated = {scale: at for scale, (at, _) in assistant._gates.items()}
    assert all(calibrated.get(f"crosslingual:{code}") == generation for code in SUPPORTED if code != "en")
    question = "¿Por qué las nutrias se toman de la mano?"
    assert assistant.ask(question).language == "es"


def test_a_file_dropped_into_the_folder_gets_its_languages_prepared_after_the_next_question(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """Not uploaded through the page but copied into the corpus folder: the next question indexes it, and the
    page then prepares the other languages for the new index, as after an upload (before, the first question in
    each language waited for its gate's calibration)."""
    from rag.ui.app import IndexJob, build_app

    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store")
    assistant = Assistant(settings, embedder=HashingEmbedder(), multilingual=CountingRoles())
    assistant.index()
    build_app(assistant, IndexJob(assistant))  # the page, without its start-up job
    (corpus_dir / "otters.md").write_text("# Otters\n\n" + PAGES[0][0] + "\n", encoding="utf-8")
    assert assistant.ask("Why do otters hold hands while they sleep?").citations[0].source_id == "otters"
    for thread in [t for t in threading.enumerate() if t.name == "rag-languages"]:
        thread.join(120)
    generation = assistant._components()[0].generation()
    calibrated = {scale: at for scale, (at, _) in assistant._gates.items()}
    assert all(calibrated.get(f"crosslingual:{code}") == generation for code in SUPPORTED if code != "en")
