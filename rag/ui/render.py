"""HTML for the chat UI, built from Answer records: pure functions, no Gradio, no pipeline logic.

Every piece of text that comes from a document or a person goes through :func:`escape`, which neutralises both
HTML and Markdown (the chat renders Markdown), so a document cannot run a script
or make the browser load anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from rag.answer import phrases
from rag.types import Answer, Citation, Contradiction, Document

# Characters that mean something to HTML or Markdown (links, images, emphasis, code, autolinks, LaTeX).
# Written as numeric character references they display the same but are never markup.
_SPECIAL = "&<>\"'\\`*_{}[]()#+-!|~$:@=%^"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"” \[(\d+)\]")  # a quote line of the reply: “...” [n]

# A long paragraph is cut to this many characters on each side of the quote.
CONTEXT_CHARS = 180

HELP_LINE = (
    "Where to get help: a doctor or pharmacist who knows your situation; if you or someone else is in "
    "danger, call your local emergency number."
)


def escape(text: str) -> str:
    """Text as inert HTML: no tag, entity, Markdown link or image survives; line breaks are kept as spaces."""
    return text.translate(_ENTITIES).replace("\r", " ").replace("\n", " ")


def escape_lines(text: str) -> str:
    """``escape`` per line, the lines kept apart: a quoted list shows as a list, not as one run-on line."""
    return "<br>".join(escape(line) for line in text.splitlines())


def user_message(question: str) -> str:
    return f'<div class="rag-user">{escape(question)}</div>'


def marker(n: int, title: str | None = None) -> str:
    hint = f' title="{escape(title)}"' if title else ""
    return f'<span class="rag-marker"{hint}>{n}</span>'


def _with_markers(line: str, citations: list[Citation]) -> str:
    """Escape a line of answer.text and show its [n] markers as badges (unknown numbers stay plain text)."""
    out: list[str] = []
    last = 0
    for match in _MARKER.finditer(line):
        n = int(match.group(1))
        if not 1 <= n <= len(citations):
            continue
        out.append(escape(line[last : match.start()]))
        out.append(marker(n, citations[n - 1].title))
        last = match.end()
    out.append(escape(line[last:]))
    return "".join(out)


def _reply_body(answer: Answer) -> str:
    """answer.text line by line: list lines ("- ...") become a list, the rest paragraphs."""
    parts: list[str] = []
    items: list[str] = []
    for number, line in enumerate(answer.text.splitlines()):
        if number == 0 and answer.overview and line == answer.overview:
            parts.append(f'<p class="rag-overview">{_with_markers(line, answer.citations)}</p>')
            continue
        if line.startswith("- "):
            items.append(f"<li>{_with_markers(line[2:], answer.citations)}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{_with_markers(line, answer.citations)}</p>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return "".join(parts)


def _headline(answer: Answer) -> str:
    if answer.status == "refused":
        return '<div class="rag-head rag-head-refused">⚠ Dosing question: no amounts or schedules given</div>'
    if answer.status == "not_found":
        return '<div class="rag-head rag-head-notfound">Not covered by the documents</div>'
    sources = len({c.source_id for c in answer.citations})
    noun = "document" if sources == 1 else "documents"
    disagree = phrases.CHAT_DISAGREE_HEAD if answer.contradictions else ""
    if answer.confidence == "low":
        return (
            '<div class="rag-head rag-head-low">? Low confidence: the documents may not answer this directly'
            f" · closest quotes from {sources} {noun}{disagree}</div>"
        )
    return f'<div class="rag-head rag-head-answered">Quoted verbatim from {sources} {noun}{disagree}</div>'


def reply(answer: Answer) -> str:
    """The chat bubble for one answer (a single line of HTML, so Markdown never reaches inside it)."""
    footer = f'<div class="rag-help">{escape(HELP_LINE)}</div>' if answer.status == "refused" else ""
    return (
        f'<div class="rag-reply rag-{answer.status}">{_headline(answer)}'
        f'<div class="rag-body">{_reply_body(answer)}</div>{footer}</div>'
    )


def dispute_badge(count: int) -> str:
    if count <= 0:
        return (
            '<span class="rag-badge rag-badge-ok" title="No other source contradicts it">no disputes</span>'
        )
    noun = "claim" if count == 1 else "claims"
    return (
        f'<span class="rag-badge rag-badge-disputed" title="Claims of this document that other sources '
        f'contradict">{count} disputed {noun}</span>'
    )


def highlight(text: str, start: int, end: int, quote: str, context: int = CONTEXT_CHARS) -> str:
    """The quote marked inside its paragraph (the line that holds it), cut to ``context`` chars each side.

    When the offsets do not match the quote (the document changed since indexing), only the quote is shown.
    """
    if not (0 <= start <= end <= len(text)) or text[start:end] != quote:
        stale = '<span class="rag-stale">(not found at its offsets in the document)</span>'
        return f"<mark>{escape_lines(quote)}</mark> {stale}"
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end == -1 else para_end
    before = text[max(para_start, start - context) : start]
    after = text[end : min(para_end, end + context)]
    if start - context > para_start:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    if end + context < para_end:
        after = (after[: after.rfind(" ")] if " " in after else after) + "…"
    return f"{escape(before)}<mark>{escape_lines(quote)}</mark>{escape(after)}"


def _source_card(
    n: int, citation: Citation, documents: Mapping[str, Document], disputes: Mapping[str, int]
) -> str:
    document = documents.get(citation.source_id)
    paragraph = (
        highlight(document.text, citation.start, citation.end, citation.quote)
        if document
        else f"<mark>{escape_lines(citation.quote)}</mark>"
    )
    return (
        f'<div class="rag-source" id="rag-source-{n}">'
        f'<div class="rag-source-head">{marker(n)}<span class="rag-title">{escape(citation.title)}'
        f"{dispute_badge(disputes.get(citation.source_id, 0))}</span></div>"
        f'<div class="rag-para">{paragraph}</div>'
        f'<div class="rag-meta">{escape(citation.source_id)} · '
        + (f"p. {citation.page} · " if citation.page is not None else "")
        + f"characters {citation.start}–{citation.end}</div>"
        "</div>"
    )


def _number(citation: Citation, citations: list[Citation]) -> int | None:
    for i, known in enumerate(citations, start=1):
        if known.covers(citation):
            return i
    return None


def _side(citation: Citation, citations: list[Citation], quoted: set[int]) -> str:
    n = _number(citation, citations)
    label = marker(n, citation.title) if n else ""
    # A side the reply already quotes is referred to by its number: the panel does not repeat the chat.
    text = (
        f'<div class="rag-side-quote rag-side-ref">{escape(phrases.PANEL_SIDE_QUOTED)}</div>'
        if n in quoted
        else f'<div class="rag-side-quote">“{escape_lines(citation.quote)}”</div>'
    )
    return (
        f'<div class="rag-side">{text}'
        f'<div class="rag-side-source">{label}<span class="rag-title">{escape(citation.title)}</span>'
        + (f' <span class="rag-page">p. {citation.page}</span>' if citation.page is not None else "")
        + "</div>"
        "</div>"
    )


def disagreements(
    contradictions: list[Contradiction], citations: list[Citation], quoted: set[int] | None = None
) -> str:
    """The "Sources disagree" block: one row per dispute, its sides next to each other, each cited; a side the
    reply quotes (its number in ``quoted``) is referred to by number."""
    if not contradictions:
        return ""
    shown = quoted or set()
    rows = "".join(
        f'<div class="rag-conflict"><div class="rag-topic">On {escape(c.topic)}</div>'
        f'<div class="rag-sides">{"".join(_side(s, citations, shown) for s in c.sides)}</div>'
        + (f'<div class="rag-note">{escape(c.note)}</div>' if c.note else "")
        + "</div>"
        for c in contradictions
    )
    return f'<section class="rag-disagree"><h3>Sources disagree</h3>{rows}</section>'


def _withheld(count: int) -> str:
    if not count:
        return ""
    noun = "passage" if count == 1 else "passages"
    return (
        f'<div class="rag-withheld">{count} matching {noun} with dosing guidance withheld: '
        "this assistant does not quote dosing instructions.</div>"
    )


def evidence(answer: Answer, documents: Iterable[Document], disputes: Mapping[str, int]) -> str:
    """The panel beside the chat: disagreements first, then every cited quote highlighted in its paragraph."""
    by_id = {d.source_id: d for d in documents}
    head = f'<div class="rag-evidence-q">Evidence for “{escape(answer.question)}”</div>'
    if answer.status == "not_found":
        return (
            f'<div class="rag-evidence">{head}<p class="rag-empty">The documents do not cover this question, '
            "so there is nothing to cite. The Documents tab lists what they are about.</p></div>"
        )
    # A side that only the disagreement block quotes is shown there, not again as a source card.
    quoted = _quoted_numbers(answer)
    cards = "".join(
        _source_card(n, c, by_id, disputes)
        for n, c in enumerate(answer.citations, start=1)
        if n in quoted or not answer.contradictions
    )
    sources = f'<section class="rag-sources"><h3>Sources</h3>{cards}</section>' if cards else ""
    body = (
        disagreements(answer.contradictions, answer.citations, quoted) + _withheld(answer.withheld) + sources
    )
    return f'<div class="rag-evidence">{head}{body}</div>'


def _quoted_numbers(answer: Answer) -> set[int]:
    """The numbers of the quotes the reply itself shows (not those it only points to)."""
    return {int(n) for n in _QUOTED.findall(answer.text)}


def evidence_placeholder() -> str:
    return (
        '<div class="rag-evidence rag-empty">Ask a question: every sentence of the answer is a verbatim '
        "quote, and its source, highlighted in context, appears here. Click an earlier answer to see its "
        "sources again.</div>"
    )


def document_list(documents: Iterable[Document], disputes: Mapping[str, int]) -> str:
    rows = "".join(
        f'<tr><td class="rag-title">{escape(d.title)}</td><td class="rag-meta">{escape(d.source_id)}</td>'
        f"<td>{len(d.text.split()):,}</td><td>{dispute_badge(disputes.get(d.source_id, 0))}</td></tr>"
        for d in documents
    )
    if not rows:
        return '<p class="rag-empty">The corpus folder holds no readable documents.</p>'
    return (
        '<p class="rag-empty">Answers come only from these documents. A document\'s dispute count is how many of '
        "its claims another source contradicts.</p>"
        '<table class="rag-docs"><thead><tr><th>Title</th><th>File</th><th>Words</th><th>Disputes</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def status(text: str, state: str = "ready") -> str:
    """The status line under the title: state is "ready", "busy" or "error"."""
    return f'<div class="rag-status rag-status-{state}"><span class="rag-dot"></span>{escape(text)}</div>'


def error_message(text: str) -> str:
    """gr.Error renders its message as HTML: escape what the library said."""
    return html.escape(text)


CSS = """
.rag-reply .rag-head{font-weight:600;font-size:.85em;margin-bottom:.4em;padding:.2em .6em;border-radius:6px;
  display:inline-block}
.rag-head-answered{background:#e7f5ec;color:#17603a}
.rag-head-refused{background:#fdecea;color:#a3261a}
.rag-head-notfound{background:#eef0f3;color:#4a5361}
.rag-head-low{background:#fff4d6;color:#7a5300}
.rag-refused{border-left:4px solid #d9483b;padding-left:.7em}
.rag-notfound{border-left:4px solid #9aa3b0;padding-left:.7em}
.rag-body ul{margin:.2em 0 .6em 1.1em;padding:0}
.rag-body li{margin:.25em 0}
.rag-body p{margin:.35em 0}
.rag-body p.rag-overview{font-weight:600}
.rag-help{margin-top:.6em;padding:.5em .7em;background:#fff6e5;color:#222;border-radius:6px;font-size:.9em}
.rag-marker{display:inline-block;min-width:1.4em;padding:0 .3em;margin:0 .15em;border-radius:.7em;
  background:#2457a6;color:#fff;font-size:.75em;font-weight:600;text-align:center;line-height:1.5em;
  vertical-align:text-top}
.rag-badge{display:inline-block;margin-left:.5em;padding:0 .5em;border-radius:.7em;font-size:.75em;
  white-space:nowrap;line-height:1.6em}
.rag-badge-ok{background:#e7f5ec;color:#17603a}
.rag-badge-disputed{background:#fff1d6;color:#8a5300}
#rag-evidence{max-height:720px;overflow-y:auto}
.rag-evidence{font-size:.92em;line-height:1.45}
.rag-evidence h3{font-size:1em;margin:.8em 0 .4em}
.rag-evidence-q{font-weight:600;color:#4a5361}
.rag-empty{color:#6b7380}
.rag-source{border:1px solid #dde1e7;border-radius:8px;padding:.55em .7em;margin:.5em 0;background:#fff;
  color:#222}
.rag-source-head{display:flex;align-items:flex-start;gap:.3em;font-weight:600}
.rag-source-head .rag-title{flex:1}
.rag-para{margin:.35em 0;color:#333}
.rag-para mark,.rag-stale mark{background:#ffe58a;color:#111;padding:0 .1em;border-radius:2px}
.rag-meta{color:#7a828e;font-size:.8em}
.rag-disagree{border:1px solid #f0c36d;background:#fffaf0;color:#222;border-radius:8px;padding:.3em .8em .6em}
.rag-disagree h3{color:#8a5300}
.rag-topic{font-weight:600;margin:.4em 0 .3em}
.rag-sides{display:grid;grid-template-columns:1fr 1fr;gap:.6em}
.rag-side{background:#fff;border:1px solid #eadbb8;border-radius:6px;padding:.45em .6em}
.rag-side-quote{margin:0 0 .4em;font-style:italic}
.rag-side-ref{font-style:normal;color:#6b7380}
.rag-side-source{font-size:.8em;color:#555;display:flex;gap:.3em;align-items:baseline}
.rag-note{font-size:.8em;color:#7a6a4a;margin-top:.3em}
.rag-withheld{margin:.6em 0;padding:.4em .7em;background:#eef0f3;color:#222;border-radius:6px;font-size:.9em}
.rag-docs{width:100%;border-collapse:collapse}
#rag-documents .rag-docs,#rag-documents .rag-docs th,#rag-documents .rag-docs td{border:0}
#rag-documents .rag-docs th,#rag-documents .rag-docs td{text-align:left;padding:.45em .6em;
  border-bottom:1px solid #e3e6ea}
.rag-status{font-size:.9em;color:#4a5361;display:flex;align-items:center;gap:.5em}
.rag-dot{width:.6em;height:.6em;border-radius:50%;background:#2e9d5b;display:inline-block}
.rag-status-busy .rag-dot{background:#e0a800}
.rag-status-error .rag-dot{background:#d9483b}
.rag-status-error{color:#a3261a}
.rag-progress{width:100%;height:.5em;accent-color:#2457a6}
"""
