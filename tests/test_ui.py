"""The chat UI: rendering and escaping (fast), the app's plumbing over a model-free assistant, and the chat endpoint
through gradio_client against the real model."""

from __future__ import annotations

import html
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from gradio_client import Client

from rag import Answer, Assistant, Citation, Contradiction, Document, Refusal, Settings
from rag.ingest.embedder import HashingEmbedder
from rag.text.language import SUPPORTED, LanguageCode
from rag.ui import render
from rag.ui.app import IndexJob, build_app, launch_options
from tests.conftest import CountingRoles, cite

EVIL_TITLE = '<script>window.__ragPwned = "title";</script> Kratom field notes <b>bold</b>'
EVIL_LINES = [
    EVIL_TITLE,
    'Zorblax kratom tea has a bitter taste <script>window.__ragPwned = "quote";</script> that some drinkers mask '
    "with honey.",
    "Zorblax kratom tea is brewed from crushed leaves ![tracker](http://example.invalid/x.png) and strained "
    "before drinking.",
    'Zorblax kratom tea stains cups <img src="http://example.invalid/y.png" onerror="window.__ragPwned=\'img\'"> '
    "and the leaves smell earthy.",
]
EVIL_TEXT = "\n".join(EVIL_LINES) + "\n"
EVIL_ID = "900_untrusted"
# Everything the renderer may emit; anything else (script, img, a, iframe, style, ...) is a leak.
ALLOWED_TAGS = {
    "div", "span", "p", "ul", "li", "mark", "section", "h3", "blockquote", "progress",
    "table", "thead", "tbody", "tr", "th", "td", "br", "strong",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"class", "title", "id", "value", "max"}


def write_evil_document(corpus: Path) -> Path:
    """A document that tries a script tag, raw HTML and a remote markdown image; it has no manifest title."""
    path = corpus / f"{EVIL_ID}.md"
    path.write_text(EVIL_TEXT, encoding="utf-8")
    return path


class TagAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(markup: str) -> TagAudit:
    parser = TagAudit()
    parser.feed(markup)
    parser.close()
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    assert parser.attributes <= ALLOWED_ATTRIBUTES, parser.attributes - ALLOWED_ATTRIBUTES
    for risky in ("<script", "<img", "<a ", "](", "![", "javascript:", "http://", "\n"):
        assert risky not in markup, risky
    return parser


def evil_document() -> Document:
    return Document(source_id=EVIL_ID, title=EVIL_TITLE, path=Path("x.md"), text=EVIL_TEXT, content_hash="x")


def answer_with(citations: list[Citation], **fields: Any) -> Answer:
    lines = ["Here is what the documents say:"] + [
        f"- “{c.quote}” [{n}] ({c.title})" for n, c in enumerate(citations, start=1)
    ]
    return Answer(question="q", status="answered", text="\n".join(lines), citations=citations, **fields)


# --- rendering ------------------------------------------------------------------------------------------------
def test_escape_neutralises_html_and_markdown() -> None:
    raw = '<script>alert(1)</script> ![x](http://example.invalid/x.png) **bold** $$x$$ & "q"'
    escaped = render.escape(raw)
    for char in "<>[]()!*$&\"'":
        assert char not in escaped.replace("&#", "")
    parser = audit(f"<p>{escaped}</p>")
    assert "".join(parser.text) == raw  # what the reader sees is the original text, verbatim


def test_a_documents_bold_shows_bold_and_stays_inert() -> None:
    # An FAQ's "**Can I travel ...?**" over its answer, quoted with it: bold, not asterisks.
    document = Document(
        source_id="faq",
        title="FAQ",
        path=Path("faq.md"),
        text="**Can I travel?**\nYes. Tell **<b>us</b>** first. A lone ** stays.\n",
        content_hash="x",
    )
    citation = Citation(
        source_id="faq",
        title="FAQ",
        quote=document.text.strip(),
        start=0,
        end=len(document.text.strip()),
        score=1.0,
    )
    markup = render.reply(answer_with([citation]))
    assert "<strong>Can I travel?</strong>" in markup and "&#42;&#42; stays" in markup
    assert "<b>" not in markup
    shown = "".join(audit(markup).text)
    assert "Can I travel?" in shown and "<b>us</b>" in shown  # the document's own tags, shown as text
    card = render.evidence(answer_with([citation]), [document], {})
    assert "<strong>Can I travel?</strong>" in card
    audit(card)


def test_highlight_marks_the_quote_inside_its_paragraph() -> None:
    text = "Title\nFirst sentence. The quoted one. Last sentence.\nNext paragraph."
    start = text.index("The quoted one.")
    html_out = render.highlight(text, start, start + len("The quoted one."), "The quoted one.")
    assert html_out == "First sentence. <mark>The quoted one.</mark> Last sentence."


def test_a_quoted_list_keeps_its_lines_and_each_line_is_inert() -> None:
    text = "Intro.\nSide effects include:\n- headache\n- <b>nausea</b>\nNext."
    quote = "Side effects include:\n- headache\n- <b>nausea</b>"
    start = text.index(quote)
    html_out = render.highlight(text, start, start + len(quote), quote)
    assert html_out.startswith("<mark>") and html_out.count("<br>") == 2 and "<b>" not in html_out
    assert "".join(audit(html_out).text) == quote.replace("\n", "")


def test_a_quoted_list_shows_its_items_on_lines_of_their_own_in_the_reply() -> None:
    """The reply writes a quote on one line ("This includes: - sex without a condom - sharing needles ..."); the
    chat shows a quoted list as the document does. A hard-wrapped paragraph stays one paragraph."""
    listed = Citation(
        source_id="d",
        start=0,
        end=1,
        quote="It spreads through:\n- sex without a\n  condom\n- needles",
        title="T",
        score=1.0,
    )
    wrapped = Citation(
        source_id="d", start=2, end=3, quote="A paragraph wrapped\nat a fixed width.", title="T", score=1.0
    )
    text = "\n".join(
        [
            "Here is what the documents say:",
            "- “It spreads through: - sex without a condom - needles” [1] (T)",
            "- “A paragraph wrapped at a fixed width.” [2] (T)",
        ]
    )
    markup = render.reply(Answer(question="q", status="answered", text=text, citations=[listed, wrapped]))
    audit(markup)
    rows = ["It spreads through:", "- sex without a condom", "- needles"]
    assert "“" + "<br>".join(render.escape(row) for row in rows) + "”" in markup
    assert "“" + render.escape("A paragraph wrapped at a fixed width.") + "”" in markup


def test_the_context_around_a_quote_never_shows_dosing_guidance() -> None:
    text = "Title\nIt is a partial agonist. It is taken under the tongue. Most patients do well on 16 mg per day.\nNext."
    quote = "It is taken under the tongue."
    start = text.index(quote)
    html_out = render.highlight(text, start, start + len(quote), quote)
    assert "16 mg" not in html_out and "Most patients" not in html_out
    assert html_out == "It is a partial agonist. <mark>It is taken under the tongue.</mark> …"
    text = "Take 2 capsules a day. It is taken under the tongue."
    html_out = render.highlight(text, text.index(quote), len(text), quote)
    assert html_out == "… <mark>It is taken under the tongue.</mark>"


def test_highlight_cuts_long_paragraphs_and_survives_stale_offsets() -> None:
    text = "word " * 200 + "QUOTE." + " word" * 200
    start = text.index("QUOTE.")
    cut = render.highlight(text, start, start + 6, "QUOTE.", context=50)
    assert cut.startswith("…") and cut.endswith("…") and "<mark>QUOTE.</mark>" in cut
    assert len(cut) < 200
    stale = render.highlight(text, 0, 6, "QUOTE.")
    assert "<mark>QUOTE.</mark>" in stale and "not found at its offsets" in stale


def test_evil_document_renders_inert_everywhere() -> None:
    document = evil_document()
    citations = [cite(document, 1), cite(document, 2), cite(document, 3)]
    contradiction = Contradiction(
        topic="<b>taste</b> ![t](http://example.invalid/t.png)", sides=citations[:2]
    )
    answer = answer_with(citations, contradictions=[contradiction])
    answer = answer.model_copy(update={"question": "<script>window.__ragPwned='question'</script>"})
    for markup in (
        render.reply(answer),
        render.evidence(answer, [document], {EVIL_ID: 2}),
        render.document_list([document], {}),
        render.user_message(answer.question),
        render.status(EVIL_TITLE),
    ):
        audit(markup)
    shown = "".join(audit(render.evidence(answer, [document], {})).text)
    assert citations[0].quote in shown and EVIL_TITLE in shown  # shown as text, not dropped


def test_reply_shows_markers_as_badges_with_the_source_title() -> None:
    document = evil_document()
    answer = answer_with([cite(document, 1)])
    markup = render.reply(answer)
    assert '<span class="rag-marker" title="' in markup and ">1</span>" in markup
    assert "[1]" not in markup
    assert "Quoted verbatim from 1 document" in markup


def test_a_reply_to_thanks_has_no_not_covered_headline() -> None:
    from rag.answer.collection import thanks_answer
    from rag.answer.messages import messages_for

    answer = thanks_answer("Merci !", messages_for("fr"))
    markup = render.reply(answer)
    assert "Je vous en prie" in markup and "rag-head" not in markup
    assert render.evidence(answer, [], {}) == render.evidence_placeholder(
        messages_for("fr").chrome_evidence_placeholder
    )
    assert "Posez une question" in render.evidence(answer, [], {})


def test_refusal_not_found_and_withheld_look_different() -> None:
    refused = Answer(
        question="how many grams?",
        status="refused",
        text="I can't give dosing instructions.",
        refusal=Refusal(reason="dosing", message="I can't give dosing instructions."),
        withheld=2,
    )
    markup = render.reply(refused)
    assert "rag-refused" in markup and "Dosing question" in markup and "Where to get help" in markup
    assert "2 matching passages with dosing guidance withheld" in render.evidence(refused, [], {})
    not_found = Answer(
        question="capital of France?", status="not_found", text="The documents do not cover this."
    )
    assert "Not covered by the documents" in render.reply(not_found)
    assert "do not cover this question" in render.evidence(not_found, [], {})


def test_disagreement_block_puts_both_sides_next_to_each_other_with_their_numbers() -> None:
    document = evil_document()
    a, b, c = cite(document, 1), cite(document, 2), cite(document, 3)
    answer = answer_with([a, b, c], contradictions=[Contradiction(topic="taste", sides=[b, c], note="n")])
    markup = render.evidence(answer, [document], {EVIL_ID: 3})
    block = markup[markup.index("Sources disagree") : markup.index("Sources</h3>")]
    assert block.count('class="rag-side"') == 2
    assert ">2</span>" in block and ">3</span>" in block
    assert "3 disputed claims" in markup


def test_document_list_shows_titles_and_dispute_counts() -> None:
    documents = [evil_document(), evil_document().model_copy(update={"source_id": "other", "title": "Other"})]
    markup = render.document_list(documents, {"other": 1})
    assert "Other" in markup and "1 disputed claim<" in markup and "no disputes" in markup


# --- settings --------------------------------------------------------------------------------------------------
def test_launch_options_bind_loopback_without_share_and_add_auth_only_when_both_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    options = launch_options(Settings())
    assert options["server_name"] == "127.0.0.1" and options["share"] is False and options["auth"] is None
    monkeypatch.setenv("RAG_AUTH_USER", "ann")
    monkeypatch.setenv("RAG_AUTH_PASSWORD", "s3cret")
    monkeypatch.setenv("RAG_HOST", "0.0.0.0")
    options = launch_options(Settings())
    assert options["auth"] == ("ann", "s3cret") and options["server_name"] == "0.0.0.0"
    monkeypatch.delenv("RAG_AUTH_PASSWORD")
    with pytest.raises(ValueError, match="both"):
        launch_options(Settings())


# --- the running app -------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve_app() -> Iterator[Callable[[Assistant], str]]:
    """Starts the app over an assistant on a free loopback port; returns its URL."""
    apps = []

    def start(assistant: Assistant) -> str:
        settings = assistant.settings.model_copy(update={"port": free_port()})
        app = build_app(assistant, IndexJob(assistant).start())
        app.queue().launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
        apps.append(app)
        url = f"http://127.0.0.1:{settings.port}/"
        # On a busy machine the first page took longer than a client's default timeout: wait until it answers.
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}config", timeout=30).status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app at {url} did not answer within 120 s")
            time.sleep(0.5)

    yield start
    for app in apps:
        app.close()


def chat(client: Client, question: str) -> tuple[list[dict[str, Any]], str]:
    result = client.predict(question, [], api_name="/chat")
    return result[0], result[1]


def test_app_ignores_empty_input_and_declines_long_questions(
    fake_assistant: Assistant, serve_app: Callable[[Assistant], str]
) -> None:
    client = Client(serve_app(fake_assistant), verbose=False, analytics_enabled=False)
    messages, _ = chat(client, "   ")
    assert not messages or messages == {"__type__": "update"}  # nothing added to the conversation
    # Declined in the conversation, which stays in view (a raised error blanked it behind "Error" badges).
    messages, _ = chat(client, "why " * 1000)
    asked, notice = messages[-2]["content"], messages[-1]["content"]
    asked = asked[0]["text"] if isinstance(asked, list) else asked
    notice = notice[0]["text"] if isinstance(notice, list) else notice
    assert "rag-notice" in notice and "limit" in notice
    assert "4,000 characters" in asked and len(asked) < 500  # the question echoed, cut short


def test_a_declined_question_is_said_in_the_browsers_language(
    fake_assistant: Assistant, serve_app: Callable[[Assistant], str]
) -> None:
    spanish = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.8"}
    client = Client(serve_app(fake_assistant), verbose=False, analytics_enabled=False, headers=spanish)
    messages, _ = chat(client, "por qué " * 1000)
    notice = messages[-1]["content"]
    notice = notice[0]["text"] if isinstance(notice, list) else notice
    assert "Pregunta no aceptada" in notice and "el límite es 2000" in notice, notice
    assert "limit" not in notice


def test_app_starts_when_its_first_page_is_slow_to_render(
    fake_assistant: Assistant, serve_app: Callable[[Assistant], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a busy machine gradio's one 3-second probe of its own page failed, and it refused to start ("When
    localhost is not accessible, a shareable link must be created")."""
    import gradio.networking

    monkeypatch.setattr(gradio.networking, "url_ok", lambda url: False)
    client = Client(serve_app(fake_assistant), verbose=False, analytics_enabled=False)
    messages, _ = chat(client, "Is kratom addictive?")
    assert messages


def test_app_says_in_the_conversation_when_the_store_is_gone(
    fake_assistant: Assistant, serve_app: Callable[[Assistant], str]
) -> None:
    fake_assistant.index()
    client = Client(serve_app(fake_assistant), verbose=False, analytics_enabled=False)
    messages, _ = chat(client, "Is kratom addictive?")
    assert "rag-answered" in str(messages[-1]["content"])
    shutil.rmtree(fake_assistant.settings.store_dir)
    messages, _ = chat(client, "Is kratom addictive?")
    notice = str(messages[-1]["content"])
    assert "rag-notice" in notice and "document store is unavailable" in notice and "rag index" in notice


@pytest.mark.model
def test_chat_endpoint_answers_with_citations_disagreement_and_refusal(
    real_assistant: Assistant, serve_app: Callable[[Assistant], str]
) -> None:
    client = Client(serve_app(real_assistant), verbose=False, analytics_enabled=False)
    messages, panel = chat(client, "Is kratom addictive?")
    reply = messages[-1]["content"]
    reply = reply[0]["text"] if isinstance(reply, list) else reply
    assert "rag-answered" in reply and "rag-marker" in reply
    assert "Sources disagree" in panel and panel.count('class="rag-side"') >= 2
    assert "<mark>" in panel and "disputed claim" in panel
    # The session keeps the plain conversation: a follow-up asking for amounts is refused.
    messages, panel = chat(client, "how many grams should I take?")
    refusal = messages[-1]["content"]
    refusal = refusal[0]["text"] if isinstance(refusal, list) else refusal
    assert "rag-refused" in refusal and "Where to get help" in refusal


# --- example questions ---------------------------------------------------------------------------------------------
REPO = Path(__file__).resolve().parent.parent
NEAR_COPY = 0.85  # cosine at or above this (same embedding model as retrieval) is a rephrased eval question


def _eval_questions() -> list[str]:
    """Every question of every eval set (datasets, dev, dev2), earlier user turns included."""
    import json

    asked = []
    for path in sorted((REPO / "eval").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            asked += [row["question"]] if "question" in row else []
            asked += [t["content"] for t in row.get("history", []) if t.get("role") == "user"]
    return asked


def test_the_example_questions_come_from_the_corpus_and_are_no_eval_rows() -> None:
    from rag.ingest.corpus import load_examples
    from rag.safety.dosing.detector import normalise

    examples = load_examples(REPO / "corpus")
    asked = {normalise(q) for q in _eval_questions()}
    assert len(examples) >= 3 and len(asked) > 500
    assert not [q for q in examples if normalise(q) in asked]


def test_a_corpus_without_examples_offers_none(tmp_path: Path) -> None:
    from rag.ingest.corpus import load_examples

    assert load_examples(tmp_path) == []
    (tmp_path / "manifest.json").write_text('{"documents": []}', encoding="utf-8")
    assert load_examples(tmp_path) == []
    (tmp_path / "manifest.json").write_text("not json", encoding="utf-8")
    assert load_examples(tmp_path) == []


def test_documents_without_a_manifest_get_one_question_to_start_from(tmp_path: Path) -> None:
    """A new user's own folder has no manifest and no examples: the chat offers the question about the collection
    itself, which any collection answers (rag/answer/collection.py)."""
    from rag.answer import phrases
    from rag.answer.collection import asks_about_collection
    from rag.ingest.embedder import HashingEmbedder
    from rag.ui.app import build_app
    from tests.conftest import write_corpus

    corpus = write_corpus(tmp_path / "corpus", {"otters": "Otters hold hands while they sleep."})
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "s"), embedder=HashingEmbedder())
    blocks = build_app(assistant, IndexJob(assistant))  # not started: only the layout is looked at
    [chat] = [b for b in blocks.blocks.values() if getattr(b, "elem_id", None) == "rag-chat"]
    assert [e["text"] for e in chat.examples or []] == [phrases.COLLECTION_STARTER]
    assert asks_about_collection(phrases.COLLECTION_STARTER)


@pytest.mark.model
def test_the_example_questions_are_not_near_copies_of_eval_rows(real_assistant: Assistant) -> None:
    from rag.ingest.corpus import load_examples

    examples = load_examples(REPO / "corpus")
    asked = _eval_questions()
    similarity = real_assistant.embedder.embed(examples) @ real_assistant.embedder.embed(asked).T
    nearest = {
        q: (float(row.max()), asked[int(row.argmax())]) for q, row in zip(examples, similarity, strict=True)
    }
    assert all(score < NEAR_COPY for score, _ in nearest.values()), nearest


def test_the_status_says_ready_only_once_the_index_job_has_finished() -> None:
    """The job sets its report a moment before it is finished; a page polled in between showed "Ready: 0
    documents indexed" (the document count is read only once the job has finished)."""
    from rag.types import IndexReport

    job = IndexJob(Assistant(Settings()))  # never started: nothing is loaded
    job.report = IndexReport(added=["a", "b"], passages=4, embedded=12)
    assert "rag-status-ready" not in job.status_html()
    job.finished.set()
    ready = html.unescape(job.status_html(2))
    assert (
        "rag-status-ready" in ready and "Ready: 2 documents indexed (12 texts embedded at start-up)." in ready
    )


def test_the_status_counts_one_document_and_one_text_in_the_singular() -> None:
    # "Ready: 1 documents indexed" over a one-file corpus.
    from rag.answer.messages import messages_for
    from rag.types import IndexReport

    job = IndexJob(Assistant(Settings()))
    job.report = IndexReport(added=["a"], passages=1, embedded=1)
    job.finished.set()
    assert "Ready: 1 document indexed (1 text embedded at start-up)." in html.unescape(job.status_html(1))
    spanish = messages_for("es")
    assert "Listo: 1 documento indexado" in html.unescape(job.status_html(1, texts=spanish))


# --- other languages prepared in the background ----------------------------------------------------------------
SPANISH = "¿El kratom crea adicción?"


def _counting_assistant(tmp_path: Path, corpus_dir: Path, **settings: Any) -> tuple[Assistant, CountingRoles]:
    roles = CountingRoles()
    store = tmp_path / "counting-store"
    assistant = Assistant(
        Settings(corpus_dir=corpus_dir, store_dir=store, **settings),
        embedder=HashingEmbedder(),
        multilingual=roles,
    )
    return assistant, roles


def test_index_job_prepares_the_other_languages_once_ready(tmp_path: Path, corpus_dir: Path) -> None:
    """The page says Ready as soon as the index is, then which languages are being prepared; afterwards the first
    question in another language embeds nothing but itself (no everyday questions, no passages)."""
    assistant, roles = _counting_assistant(tmp_path, corpus_dir)
    prepare, release, turn_came = assistant.prepare_languages, threading.Event(), threading.Event()

    def held(on_language: Callable[[LanguageCode], None] | None = None) -> list[LanguageCode]:
        def hear(language: LanguageCode) -> None:
            if on_language is not None:
                on_language(language)
            turn_came.set()
            release.wait(60)

        return prepare(on_language=hear)

    assistant.prepare_languages = held  # type: ignore[method-assign]
    job = IndexJob(assistant).start()
    assert turn_came.wait(120)
    documents = len(assistant.documents())
    during = html.unescape(job.status_html(documents))
    assert job.finished.is_set() and not job.done
    assert f"Ready: {documents} documents indexed" in during
    assert f"Preparing questions in other languages (1 of {len(SUPPORTED) - 1})" in during
    release.set()
    assert job.languages_finished.wait(120)
    assert job.done and "Preparing" not in html.unescape(job.status_html(documents))
    roles.queries.clear()
    answer = assistant.ask(SPANISH)
    assert answer.language == "es"
    assert set(roles.queries) == {assistant._components()[1].in_documents_words(SPANISH)}, roles.queries


def test_index_job_leaves_the_other_languages_to_their_first_question_when_asked_to(
    tmp_path: Path, corpus_dir: Path
) -> None:
    assistant, roles = _counting_assistant(tmp_path, corpus_dir, multilingual_background=False)
    job = IndexJob(assistant).start()
    assert job.languages_finished.wait(120) and job.done
    assert roles.queries == []
    assistant.ask(SPANISH)
    assert len(set(roles.queries)) > 1  # its language's everyday questions, calibrating its gate


def test_english_questions_are_answered_while_another_language_is_being_calibrated(
    tmp_path: Path, corpus_dir: Path
) -> None:
    """A language's calibration takes seconds; it used to hold the assistant's lock, so every question waited."""
    assistant, _ = _counting_assistant(tmp_path, corpus_dir)
    assistant.index()
    cross = assistant._cross()
    everyday, inside, release = cross.everyday_scores, threading.Event(), threading.Event()

    def slow(generation: str, language: LanguageCode) -> list[float]:
        inside.set()
        release.wait(60)
        return everyday(generation, language)

    cross.everyday_scores = slow  # type: ignore[method-assign]
    preparing = threading.Thread(target=lambda: assistant.crosslingual_gate_thresholds("es"), daemon=True)
    preparing.start()
    assert inside.wait(60)
    answered: list[Answer] = []
    asking = threading.Thread(
        target=lambda: answered.append(assistant.ask("Is kratom addictive?")), daemon=True
    )
    asking.start()
    asking.join(60)
    release.set()
    preparing.join(120)
    assert answered and answered[0].language == "en", "the English question waited for the calibration"


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("de", "de"),
        ("pt-BR,pt;q=0.9", "pt"),
        # The browser shows its first preference: with no catalogue for it, English, as the page.
        ("ja-JP,es;q=0.5", "en"),
        ("", "en"),
        ("*", "en"),
    ],
)
def test_the_server_written_texts_follow_the_browsers_first_language(header: str, language: str) -> None:
    from rag.ui.chrome import reader_language

    assert reader_language(header) == language


def test_status_line_and_document_list_in_the_readers_language() -> None:
    from rag.answer.messages import messages_for

    spanish = messages_for("es")
    guide = Document(source_id="a", title="Guía", path=Path("a.md"), text="uno dos tres", content_hash="a")
    listing = render.document_list([guide], {}, spanish)
    assert "Título" in listing and "Palabras" in listing and "sin contradicciones" in listing
    assert "Title" not in listing
    job = IndexJob(Assistant(Settings()))
    assert "Preparando el índice" in html.unescape(job.status_html(texts=spanish))
    assert "Preparing the index" in html.unescape(job.status_html())
