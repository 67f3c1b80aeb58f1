"""End to end in headless Chromium: first start with visible indexing progress, a cited answer with a disagreement,
a dosing refusal, and a hostile document that must not run or load anything.

Set RAG_UPDATE_SCREENSHOT=1 to also write docs/screenshot.png (the README's screenshot).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from test_ui import EVIL_TITLE, free_port, write_evil_document

from rag import Assistant, Settings
from rag.ingest.corpus import load_examples
from rag.ui.app import IndexJob, build_app, launch_options

pytestmark = [pytest.mark.browser, pytest.mark.model]

# The same variable and default as .ci/run, which installs the browser or fails.
CHROMIUM_ENV = "RAG_CHROMIUM"
CHROMIUM_DEFAULT = "/usr/bin/chromium"
CHROMIUM = Path(os.environ.get(CHROMIUM_ENV) or CHROMIUM_DEFAULT)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"
INDEX_TIMEOUT_MS = 300_000
ANSWER_TIMEOUT_MS = 120_000


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def chromium() -> Path:
    """The browser binary; without it the test skips on a workstation and fails on CI (CI=true)."""
    if not CHROMIUM.is_file():
        message = (
            f"headless Chromium not found at {CHROMIUM} (apt-get install chromium, or set {CHROMIUM_ENV})"
        )
        if on_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="module")
def app(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, IndexJob]]:
    """The app over a copy of the real corpus with an empty store; yields its URL, the corpus folder and the index
    job, not yet started: the test starts it once the page is open, so the page sees the first index from its start
    however fast this machine embeds (a fast one had finished embedding before the page loaded)."""
    root = tmp_path_factory.mktemp("browser")
    corpus = Path(shutil.copytree(Path(__file__).resolve().parent.parent / "corpus", root / "corpus"))
    settings = Settings(corpus_dir=corpus, store_dir=root / "store", port=free_port())
    assistant = Assistant(settings)
    job = IndexJob(assistant)
    blocks = build_app(assistant, job)
    blocks.queue().launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{settings.port}/", corpus, job
    blocks.close()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def ask(page: Page, question: str, nth: int) -> Locator:
    """Type a question, press Enter, and return the locator of the nth reply once it is shown."""
    box = page.locator("#rag-question textarea")
    box.fill(question)
    box.press("Enter")
    reply = page.locator("#rag-chat .rag-reply").nth(nth)
    reply.wait_for(timeout=ANSWER_TIMEOUT_MS)
    return reply


def scroll_chat_to_top(page: Page) -> None:
    page.evaluate(
        """() => document.querySelectorAll('#rag-chat *').forEach(e => {
             if (e.scrollHeight > e.clientHeight + 5) e.scrollTop = 0; })"""
    )


def test_chat_in_headless_chromium(app: tuple[str, Path, IndexJob], browser: Browser, tmp_path: Path) -> None:
    app_url, corpus, job = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(app_url)

    # First start: the status line says the index is being prepared, then shows a progress bar while the texts
    # are embedded (seconds on any machine with the real model), then that the index is ready.
    status = page.locator("#rag-status")
    first_status = status.inner_text(timeout=30_000)
    assert "Preparing the index" in first_status, first_status
    job.start()
    status.locator("progress.rag-progress").wait_for(timeout=INDEX_TIMEOUT_MS)
    assert "texts" in status.inner_text()
    page.get_by_text("Ready:").wait_for(timeout=INDEX_TIMEOUT_MS)
    assert "5 documents" in status.inner_text()

    # An example question on first load (the corpus's manifest offers them); clicking it asks it.
    example = load_examples(corpus)[0]
    page.locator("#rag-chat").get_by_text(example).first.click()
    reply = page.locator("#rag-chat .rag-reply").first
    reply.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert reply.locator(".rag-marker").count() >= 2
    evidence = page.locator("#rag-evidence")
    evidence.get_by_text("Sources disagree").wait_for()
    assert evidence.locator(".rag-conflict").first.locator(".rag-side").count() >= 2
    assert evidence.locator(".rag-conflict .rag-marker").count() >= 2  # each side cited
    assert evidence.locator(".rag-source mark").count() >= 2  # quotes highlighted in their paragraphs
    assert evidence.locator(".rag-badge").count() >= 2  # dispute badges
    scroll_chat_to_top(page)
    page.wait_for_timeout(300)
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot))
    if os.environ.get("RAG_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)

    # A yes/no question: the quotes that say yes and no come first, under the one-line overview; the chat only
    # points to the disagreement, whose sides are in the evidence panel.
    yes_no = ask(page, "Is kratom addictive?", 1)
    assert yes_no.locator(".rag-overview").count() == 1
    assert "Say no" in yes_no.inner_text() and "Say yes" in yes_no.inner_text()
    evidence.get_by_text("Evidence for “Is kratom addictive?”").wait_for()
    assert evidence.locator(".rag-conflict").count() == 1
    sides = evidence.locator(".rag-conflict .rag-side-quote").all_inner_texts()
    chat = yes_no.inner_text()
    assert sides and not any(side.strip("“”") in chat for side in sides)
    if os.environ.get("RAG_UPDATE_SCREENSHOT") == "1":
        page.wait_for_timeout(300)
        page.screenshot(path=str(SCREENSHOT.with_name("screenshot-yes-no.png")))

    # A dosing question, read with the conversation, gets the refusal notice and where to get help.
    refusal = ask(page, "how many grams should I take?", 2)
    assert "rag-refused" in (refusal.get_attribute("class") or "")
    assert "Where to get help" in refusal.inner_text()
    assert "Dosing question" in refusal.inner_text()

    # A hostile document added while the app runs is indexed on the next question, and quoted as text: no script
    # runs, no image loads, nothing leaves the machine.
    write_evil_document(corpus)
    hostile = ask(page, "What does zorblax kratom tea taste like?", 3)
    shown = hostile.inner_text() + evidence.inner_text()
    page.screenshot(path=str(tmp_path / "hostile.png"))
    assert "window.__ragPwned" in shown and "![tracker](http://example.invalid/x.png)" in shown
    # Clicking an earlier answer brings its sources back.
    reply.click()
    page.locator("#rag-evidence").get_by_text(f"Evidence for “{example}”").wait_for(timeout=10_000)
    page.get_by_role("tab", name="Documents").click()
    page.locator(".rag-docs").get_by_text(EVIL_TITLE).wait_for()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ragPwned") is None
    for area in ("#rag-chat", "#rag-evidence", ".rag-docs"):
        assert page.locator(f"{area} script, {area} img, {area} a[href^='http']").count() == 0, area
    external = [url for url in requests if urlparse(url).hostname not in ("127.0.0.1", "localhost")]
    assert external == [], external
    page.close()


@pytest.fixture(scope="module")
def upload_app(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app with uploads on, over a one-document corpus."""
    root = tmp_path_factory.mktemp("browser-upload")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "bees.txt").write_text(
        "Honeybees communicate the location of flowers through a waggle dance.\n", encoding="utf-8"
    )
    settings = Settings(corpus_dir=corpus, store_dir=root / "store", port=free_port(), uploads=True)
    assistant = Assistant(settings)
    blocks = build_app(assistant, IndexJob(assistant).start())
    blocks.queue().launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{settings.port}/", corpus
    blocks.close()


def test_upload_a_pdf_and_ask_about_it(
    upload_app: tuple[str, Path], browser: Browser, tmp_path: Path
) -> None:
    from make_files import pdf_bytes

    app_url, corpus = upload_app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    page.get_by_text("Ready:").wait_for(timeout=INDEX_TIMEOUT_MS)
    upload = tmp_path / "otters guide.pdf"
    upload.write_bytes(
        pdf_bytes(
            [
                ["Sea otters", "Sea otters eat sea urchins, crabs and clams from the ocean floor."],
                ["Sleep", "Otters hold hands while they sleep so that they do not drift apart on the water."],
            ]
        )
    )
    page.get_by_role("tab", name="Documents").click()
    page.locator("#rag-upload input[type=file]").set_input_files(str(upload))
    page.locator("#rag-upload-status").get_by_text("Added otters guide.pdf").wait_for(
        timeout=INDEX_TIMEOUT_MS
    )
    assert (corpus / "otters guide.pdf").is_file()
    page.locator(".rag-docs").get_by_text("Sea otters").first.wait_for()
    page.get_by_role("tab", name="Ask").click()
    reply = ask(page, "Why do otters hold hands while they sleep?", 0)
    assert "rag-answered" in (reply.get_attribute("class") or "")
    evidence = page.locator("#rag-evidence")
    evidence.get_by_text("drift apart").first.wait_for()
    assert "p. 2" in evidence.inner_text()
    page.close()


PAGE_LANGUAGES = [
    # locale, heading, tab, button, box, upload, panel, ready, column
    ("es-ES", "Pregunte a los documentos", "Documentos", "Preguntar", "Escriba una pregunta",
     "Añadir un documento (.", "Haga una pregunta", "Listo:", "Título"),
    ("de-DE", "Fragen Sie die Dokumente", "Dokumente", "Fragen", "Ihre Frage",
     "Dokument hinzufügen (.", "Stellen Sie eine Frage", "Bereit:", "Titel"),
    ("th-TH", "ถามจากเอกสาร", "เอกสาร", "ถาม", "พิมพ์คำถาม", "เพิ่มเอกสาร (.", "ถามคำถาม", "พร้อมใช้งาน:", "ชื่อเรื่อง"),
    # A locale with no catalogue shows English.
    ("ja-JP", "Ask the documents", "Documents", "Ask", "Ask a question", "Add a document (.", "Ask a question",
     "Ready:", "Title"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("locale", "heading", "tab", "button", "box", "upload", "panel", "ready", "column"), PAGE_LANGUAGES
)
def test_the_page_speaks_the_browsers_language(
    upload_app: tuple[str, Path],
    browser: Browser,
    locale: str,
    heading: str,
    tab: str,
    button: str,
    box: str,
    upload: str,
    panel: str,
    ready: str,
    column: str,
) -> None:
    """A Spanish-speaking service's staff see the page in Spanish before they ask anything (it was all English):
    the texts the browser translates, and the status line and documents' list the server writes."""
    app_url, _ = upload_app
    context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(app_url)
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
        assert page.locator("#rag-ask").inner_text().strip() == button
        assert (page.locator("#rag-question textarea").get_attribute("placeholder") or "").startswith(box)
        assert page.locator("#rag-evidence").inner_text().startswith(panel)
        page.locator("#rag-status").get_by_text(ready).wait_for(timeout=INDEX_TIMEOUT_MS)
        page.get_by_role("tab", name=tab).click()
        page.locator("#rag-upload").get_by_text(upload).wait_for(timeout=10_000)
        page.locator("#rag-documents th").get_by_text(column).wait_for(timeout=10_000)
    finally:
        context.close()
