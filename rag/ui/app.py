"""The Gradio chat app: a thin shell over Assistant. ``serve(settings)`` builds it and blocks serving it.

The app only moves records between the Assistant and the page: rendering is in rag.ui.render, every decision
(retrieval, dosing, contradictions) in the Assistant.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Gradio reads this at import: no usage reports leave the machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from rag.answer import phrases
from rag.answer.messages import Messages, messages_for
from rag.assistant import Assistant
from rag.errors import InvalidQuestion, StoreError
from rag.ingest.corpus import load_examples
from rag.ingest.progress import IndexProgress, clock
from rag.settings import Settings
from rag.text.language import ENGLISH, LanguageCode
from rag.types import IndexReport, Turn
from rag.ui import chrome, render
from rag.ui.uploads import UploadRejected, add_upload, uploads_enabled

log = logging.getLogger(__name__)

TITLE = "Ask the documents"
# System fonts only: a theme that fetches web fonts would stall the page on a machine without internet.
THEME = gr.themes.Soft(
    primary_hue="blue", font=["system-ui", "Segoe UI", "sans-serif"], font_mono=["ui-monospace", "monospace"]
)
TICK_SECONDS = 0.5
# After an answer arrives, scroll the chat to the start of the newest question rather than to the bottom of a long
# answer, so the reader starts with the headline and the first quotes.
SCROLL_TO_QUESTION = """() => setTimeout(() => {
  const wrap = document.querySelector('#rag-chat .bubble-wrap');
  const asked = document.querySelectorAll('#rag-chat .rag-user');
  if (!wrap || !asked.length) return;
  const top = asked[asked.length - 1].getBoundingClientRect().top - wrap.getBoundingClientRect().top;
  wrap.scrollTop += top - 12;
}, 150)"""


class IndexJob:
    """Indexes the corpus once in the background, so the page can show progress while it runs; then, with
    ``multilingual_background``, prepares the other languages (``Assistant.prepare_languages``) while the page
    already answers."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.finished = threading.Event()  # the index is ready
        # So are the other languages (or they are left to their first question).
        self.languages_finished = threading.Event()
        self.report: IndexReport | None = None
        self.error: str | None = None
        self._progress: IndexProgress | None = None
        self._languages: list[str] = []  # those whose turn has come
        self._thread = threading.Thread(target=self._run, name="rag-index", daemon=True)

    def start(self) -> IndexJob:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.report = self.assistant.index(on_progress=self._on_progress)
            print(f"index ready: {self.report.summary()}", file=sys.stderr)
        except StoreError as exc:
            self.error = str(exc)
        except Exception as exc:  # the page shows a message; the traceback goes to the server log
            log.exception("indexing failed")
            self.error = f"Indexing failed ({exc.__class__.__name__}); see the server log."
        finally:
            self.finished.set()
        self._prepare_languages()

    def _prepare_languages(self) -> None:
        try:
            # With multilingual_at_index the index has just done it.
            if self.error is None and not self.assistant.settings.multilingual_at_index:
                prepare_languages(self.assistant, self._languages.append)
        finally:
            self.languages_finished.set()

    def _on_progress(self, state: IndexProgress) -> None:
        self._progress = state

    @property
    def done(self) -> bool:
        """Nothing left for the page to follow."""
        return self.finished.is_set() and self.languages_finished.is_set()

    def status_html(self, documents: int = 0, texts: Messages | None = None) -> str:
        """The status line in ``texts``' language (English by default); ``documents`` is the current number of
        documents once the job has finished."""
        texts = texts or messages_for(ENGLISH)
        if self.error:
            return render.status(self.error, "error")
        # "Ready" only once the job has finished: the report is set a moment before, when the caller still
        # counts the documents as 0 ("Ready: 0 documents indexed" flashed on a loaded machine).
        if self.report is not None and self.finished.is_set():
            count = self.report.embedded
            if not count:
                embedded = texts.status_nothing_embedded
            elif count == 1:
                embedded = texts.status_embedded_one
            else:
                embedded = texts.status_embedded.format(count=count)
            # One document in the singular: "Ready: 1 documents indexed" over a one-file corpus.
            if documents == 1:
                ready = texts.status_ready_one.format(embedded=embedded)
            else:
                ready = texts.status_ready.format(documents=documents, embedded=embedded)
            if not self.languages_finished.is_set() and self._languages:
                others = len(self.assistant.languages_read_across())
                ready += texts.status_languages.format(done=len(self._languages), total=others)
            return render.status(ready, "ready")
        state = self._progress
        if state is None or not state.texts_total:
            return render.status(texts.status_loading, "busy")
        done, total = state.texts_done, state.texts_total
        bar = f'<progress class="rag-progress" value="{done}" max="{total}"></progress>'
        if state.phase != "embedding":
            text = texts.status_finishing.format(total=total)
        else:
            eta = (
                texts.status_eta.format(clock=clock(state.eta_seconds))
                if state.eta_seconds is not None
                else ""
            )
            text = texts.status_embedding.format(
                documents_done=state.documents_done,
                documents_total=state.documents_total,
                texts_done=done,
                texts_total=total,
                eta=eta,
                source=state.source_id,
            )
        return render.status(text, "busy") + bar


@dataclass
class Session:
    """What one browser tab remembers: the plain conversation for ask(), and each answer's evidence panel."""

    turns: list[Turn] = field(default_factory=list)
    evidence: dict[int, str] = field(default_factory=dict)


def build_app(assistant: Assistant, job: IndexJob | None = None) -> gr.Blocks:
    """The Blocks app over ``assistant``; starts indexing in the background unless a job is given."""
    job = job or IndexJob(assistant).start()
    # A file dropped into the corpus folder is indexed at the next question; its languages follow, as on start.
    assistant.after_reindex = lambda: prepare_languages_later(assistant)
    # Documents with no manifest (a new user's own) still get one question to start from.
    examples = load_examples(assistant.settings.corpus_dir) or [phrases.COLLECTION_STARTER]

    def respond(
        message: str, chat: list[dict[str, Any]], session: Session, request: gr.Request
    ) -> tuple[Any, ...]:
        if not (message or "").strip():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        # A question that gets no answer is said in the page's language: the question's may not be readable.
        texts = chrome.reader_texts(request)
        try:
            answer = assistant.ask(message, history=session.turns)
            panel = render.evidence(answer, assistant.documents(), assistant.dispute_counts())
        except InvalidQuestion as exc:
            why = (
                texts.notice_too_long.format(length=exc.length, limit=exc.limit)
                if exc.limit is not None
                else str(exc)
            )
            return declined(message, chat, texts.notice_not_accepted, why)
        except StoreError as exc:
            log.error("answering %r failed: %s", message[:200], exc)
            return declined(message, chat, texts.notice_store, str(exc))
        except Exception:
            log.exception("answering %r failed", message[:200])
            return declined(message, chat, texts.notice_sorry, texts.notice_failed)
        chat = [
            *(chat or []),
            {"role": "user", "content": render.user_message(message)},
            {"role": "assistant", "content": render.reply(answer)},
        ]
        # ask() gets the plain texts back, never the HTML shown on the page.
        turns = [
            *session.turns,
            Turn(role="user", content=message),
            Turn(role="assistant", content=answer.text),
        ]
        session = Session(turns=turns, evidence={**session.evidence, len(chat) - 1: panel})
        return chat, panel, session, ""

    def declined(message: str, chat: list[dict[str, Any]], title: str, why: str) -> tuple[Any, ...]:
        """A question that got no answer: said in the conversation, which stays in view (an error raised to
        Gradio blanked the chat and the evidence panel behind red "Error" badges). The conversation ask()
        reads and the evidence panel are left as they were, and the question stays in the box to be edited."""
        chat = [
            *(chat or []),
            {"role": "user", "content": render.user_message(render.shortened(message))},
            {"role": "assistant", "content": render.notice(title, why)},
        ]
        return chat, gr.skip(), gr.skip(), gr.skip()

    def pick_example(event: gr.SelectData) -> str:
        return str(event.value["text"])

    def show_evidence(session: Session, event: gr.SelectData) -> str:
        index = event.index[0] if isinstance(event.index, list | tuple) else event.index
        return session.evidence.get(int(index), session.evidence.get(int(index) + 1, gr.skip()))

    def document_list(request: gr.Request) -> str:
        try:
            return render.document_list(
                assistant.documents(), assistant.dispute_counts(), chrome.reader_texts(request)
            )
        except StoreError as exc:
            return render.status(str(exc), "error")

    def tick(listed: bool, request: gr.Request) -> tuple[Any, ...]:
        """The status line while the job runs; the document list once, when the index is ready (``listed``:
        this page has it; the timer goes on while the other languages are prepared)."""
        texts = chrome.reader_texts(request)
        if not job.finished.is_set():
            return job.status_html(texts=texts), gr.skip(), gr.Timer(active=True), False
        listing = gr.skip() if listed else document_list(request)
        return (
            job.status_html(len(assistant.documents()), texts),
            listing,
            gr.Timer(active=not job.done),
            True,
        )

    def upload_document(
        path: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio reads the default to pass its tracker)
    ) -> tuple[str, Any]:
        return add_document(assistant, path, progress, chrome.reader_texts(request))

    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        gr.Markdown(chrome.text("chrome_heading"))
        # Until the first tick, in the browser's language (the job has seldom more to say by then).
        status = gr.HTML(
            job.status_html() if job.finished.is_set() else chrome.text("status_loading"),
            elem_id="rag-status",
        )
        timer = gr.Timer(TICK_SECONDS)
        session = gr.State(Session())
        with gr.Tab(chrome.text("chrome_tab_ask")), gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    show_label=False,
                    elem_id="rag-chat",
                    height=700,
                    autoscroll=False,
                    examples=[{"text": q} for q in examples] or None,
                    # Typed as a string: the key's string form, which the browser translates as well.
                    placeholder=str(
                        chrome.text(
                            "chrome_chat_placeholder_examples" if examples else "chrome_chat_placeholder"
                        )
                    ),
                    sanitize_html=True,
                    render_markdown=True,
                    allow_tags=False,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                )
                with gr.Row():
                    question = gr.Textbox(
                        placeholder=chrome.text("chrome_question_placeholder"),
                        show_label=False,
                        scale=6,
                        elem_id="rag-question",
                    )
                    send = gr.Button(chrome.text("chrome_ask"), variant="primary", scale=1, elem_id="rag-ask")
            with gr.Column(scale=2):
                panel = gr.HTML(chrome.text("chrome_evidence_placeholder"), elem_id="rag-evidence")
        with gr.Tab(chrome.text("chrome_tab_documents")) as documents_tab:
            documents = gr.HTML(chrome.text("chrome_documents_waiting"), elem_id="rag-documents")
            if uploads_enabled(assistant.settings):
                upload = gr.File(
                    label=chrome.text("chrome_add_document"),
                    file_types=list(assistant.settings.document_suffixes),
                    type="filepath",
                    elem_id="rag-upload",
                )
                upload_status = gr.HTML("", elem_id="rag-upload-status")
                upload.upload(
                    upload_document,
                    [upload],
                    [upload_status, upload],
                    api_visibility="private",
                ).then(document_list, None, documents, api_visibility="private")

        outputs = [chatbot, panel, session, question]
        asked = [
            question.submit(respond, [question, chatbot, session], outputs, api_name="chat"),
            send.click(respond, [question, chatbot, session], outputs, api_visibility="private"),
            chatbot.example_select(pick_example, None, question, api_visibility="private").then(
                respond, [question, chatbot, session], outputs, api_visibility="private"
            ),
        ]
        for event in asked:
            event.then(None, js=SCROLL_TO_QUESTION, api_visibility="private")
        chatbot.select(show_evidence, [session], panel, api_visibility="private")
        chatbot.clear(
            lambda: (Session(), chrome.text("chrome_evidence_placeholder")),
            None,
            [session, panel],
            api_visibility="private",
        )
        # The list follows the corpus folder: ask() re-indexes changed documents, the tab shows them.
        documents_tab.select(document_list, None, documents, api_visibility="private")
        listed = gr.State(False)
        timer.tick(
            tick,
            [listed],
            [status, documents, timer, listed],
            api_visibility="private",
            show_progress="hidden",
        )
    return app


def add_document(
    assistant: Assistant, path: str | None, progress: gr.Progress, texts: Messages | None = None
) -> tuple[str, Any]:
    """Puts an uploaded file into the corpus and indexes it, so that it is answerable when this returns; the
    status line says what happened (and why a file was not added)."""
    if not path:
        return gr.skip(), gr.skip()
    texts = texts or messages_for(ENGLISH)
    upload = Path(path)
    try:
        target = add_upload(upload, upload.name, assistant.settings)
    except UploadRejected as exc:
        refused = texts.upload_not_added.format(name=exc.name, reason=exc.told(texts))
        return render.status(refused, "error"), None
    indexing = texts.upload_indexing.format(name=target.name)
    progress(0.0, desc=indexing)

    def on_progress(source_id: str, done: int, total: int) -> None:
        progress((done, total), desc=indexing, unit="texts")

    report = assistant.index(progress=on_progress)
    skipped = [s for s in report.skipped if Path(s.path) == target]
    if skipped:  # e.g. the same content as a document already there: it does not stay in the folder
        target.unlink(missing_ok=True)
        assistant.index()
        reason = texts.upload_unreadable.format(detail=skipped[0].reason)
        return render.status(texts.upload_not_added.format(name=target.name, reason=reason), "error"), None
    prepare_languages_later(assistant)
    added = texts.status_added.format(name=target.name)
    return render.status(added, "ready"), None


def prepare_languages(
    assistant: Assistant, on_language: Callable[[LanguageCode], None] | None = None
) -> None:
    """``Assistant.prepare_languages`` where ``multilingual_background`` asks for it; a failure is logged (the
    first question in a language then prepares it itself, as without this step)."""
    s = assistant.settings
    if not (s.multilingual and s.multilingual_background):
        return
    try:
        started = time.perf_counter()
        prepared = assistant.prepare_languages(on_language=on_language)
        elapsed = time.perf_counter() - started
        print(f"questions in {', '.join(prepared)} ready in {elapsed:.0f} s", file=sys.stderr)
    except Exception:
        log.exception("preparing the other languages failed")


def prepare_languages_later(assistant: Assistant) -> threading.Thread:
    """After a change of the index (an upload), its other languages again, in the background."""
    thread = threading.Thread(target=prepare_languages, args=(assistant,), name="rag-languages", daemon=True)
    thread.start()
    return thread


def launch_options(settings: Settings) -> dict[str, Any]:
    """Arguments for Blocks.launch: loopback by default, no share link, no telemetry, optional basic auth."""
    if bool(settings.auth_user) != bool(settings.auth_password):
        raise ValueError("set both RAG_AUTH_USER and RAG_AUTH_PASSWORD for basic auth, or neither")
    auth = (
        (settings.auth_user, settings.auth_password.get_secret_value())
        if settings.auth_user and settings.auth_password
        else None
    )
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": False,
        "auth": auth,
        "theme": THEME,
        "css": render.CSS,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "enable_monitoring": False,
        "footer_links": ["api"],
        "i18n": chrome.translations(settings),
        # Gradio probes its own page once, for 3 seconds, and refuses to start without a share link when that
        # fails. The first render took longer on a busy 2-core machine (a CI run stopped there); this app never
        # shares, and the server is up either way. The parameter is private: gradio is pinned (pyproject.toml).
        "_frontend": False,
    }


def serve(settings: Settings) -> None:
    """Build the app over ``Assistant(settings)`` and serve it until interrupted."""
    options = launch_options(settings)
    assistant = Assistant(settings)
    print(f"indexing {settings.corpus_dir} (only new or changed documents are embedded) ...", file=sys.stderr)
    app = build_app(assistant)
    app.queue().launch(**options)
