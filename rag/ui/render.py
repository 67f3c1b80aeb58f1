"""HTML for the chat UI, built from Answer records: pure functions, no Gradio, no pipeline logic.

Every piece of text that comes from a document or a person goes through :func:`escape`, which neutralises both
HTML and Markdown (the chat renders Markdown), so a document cannot run a script
or make the browser load anything. The fixed texts around an answer come from the message catalogue, in the
language the question was read in (``Answer.language``); the app's own texts (status line, documents' list) in the
language of the reader's browser, passed in by rag.ui.app (see rag.ui.chrome).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping

from rag.answer.compose import on_one_line
from rag.answer.messages import UNREADABLE_HEAD, Messages, messages_for
from rag.answer.topic_labels import label_in
from rag.safety.dosing.detector import is_dosing_guidance
from rag.text.language import ENGLISH, UNDETERMINED
from rag.text.lines import paragraph_around
from rag.text.segment import split_sentences
from rag.types import Answer, Citation, Contradiction, Document

# Characters that mean something to HTML or Markdown (links, images, emphasis, code, autolinks, LaTeX).
# Written as numeric character references they display the same but are never markup.
_SPECIAL = "&<>\"'\\`*_{}[]()#+-!|~$:@=%^"
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"” \[(\d+)\]")  # a quote line of the reply: “...” [n]

# A long paragraph is cut to this many characters on each side of the quote.
CONTEXT_CHARS = 180
SHORT_QUESTION_CHARS = 300  # an over-long question echoed above its notice is cut here


def escape(text: str) -> str:
    """Text as inert HTML: no tag, entity, Markdown link or image survives; line breaks are kept as spaces."""
    return text.translate(_ENTITIES).replace("\r", " ").replace("\n", " ")


def fill(template: str, **values: str) -> str:
    """A catalogue text as inert HTML with its placeholders filled by ``values``, which are HTML already."""
    parts: list[str] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(escape(literal))
        if field is not None:
            parts.append(values[field])
    return "".join(parts)


def escape_lines(text: str) -> str:
    """``escape`` per line, the lines kept apart: a quoted list shows as a list, not as one run-on line."""
    return "<br>".join(_bold(escape(line)) for line in text.splitlines())


# A document's Markdown bold ("**One pink line** means ...", an FAQ's "**Can I travel ...?**" over its answer),
# escaped: shown bold, as the document shows it, instead of as asterisks. Only whole pairs on one line; what is
# inside stays escaped text.
_ESCAPED_BOLD = re.compile(r"&#42;&#42;(?!&#42;)(.+?)&#42;&#42;")


def _bold(escaped: str) -> str:
    return _ESCAPED_BOLD.sub(r"<strong>\1</strong>", escaped)


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
        out.append(_bold(escape(line[last : match.start()])))
        out.append(marker(n, citations[n - 1].title))
        last = match.end()
    out.append(_bold(escape(line[last:])))
    return "".join(out)


# A line of a quote that opens a list item: "- sex without a condom", "2. Keep your bedroom dark".
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d{1,2}[.)])\s")


def _quote_item(line: str, citations: list[Citation]) -> str:
    """A quote line of the reply as HTML. The reply writes each quote on one line; a quote that holds a list
    ("This includes:\n- sex without a condom\n- sharing needles ...") shows each item on a line of its own, as
    the document does, instead of as one run-on line of dashes. Other line breaks (a hard-wrapped paragraph)
    stay spaces."""
    found = _QUOTED.search(line)
    n = int(found.group(1)) if found else 0
    if not 1 <= n <= len(citations):
        return _with_markers(line, citations)
    quote = citations[n - 1].quote
    pieces = quote.splitlines()
    if not any(_LIST_ITEM.match(piece) for piece in pieces[1:]):
        return _with_markers(line, citations)
    shown = f"“{on_one_line(quote)}”"
    at = line.find(shown)
    if at < 0:
        return _with_markers(line, citations)
    rows: list[str] = []
    for piece in filter(str.strip, pieces):
        if rows and not _LIST_ITEM.match(piece):
            rows[-1] = f"{rows[-1]} {piece.strip()}"
        else:
            rows.append(piece.strip())
    listed = "<br>".join(_bold(escape(row)) for row in rows)
    return (
        _with_markers(line[:at], citations)
        + f"“{listed}”"
        + _with_markers(line[at + len(shown) :], citations)
    )


def _reply_body(answer: Answer) -> str:
    """answer.text line by line: list lines ("- ...") become a list, the rest paragraphs."""
    parts: list[str] = []
    items: list[str] = []
    lines = answer.text.splitlines()
    if answer.emergency and lines and lines[0] == answer.emergency:
        # Where to get help at once comes before any quote, set apart so it is seen first.
        parts.append(f'<p class="rag-emergency" role="alert">{escape(answer.emergency)}</p>')
        lines = lines[1:]
    for number, line in enumerate(lines):
        if number == 0 and answer.overview and line == answer.overview:
            parts.append(f'<p class="rag-overview">{_with_markers(line, answer.citations)}</p>')
            continue
        if line.startswith("- "):
            items.append(f"<li>{_quote_item(line[2:], answer.citations)}</li>")
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{_with_markers(line, answer.citations)}</p>")
    if items:
        parts.append(f"<ul>{''.join(items)}</ul>")
    return "".join(parts)


def _headline(answer: Answer, texts: Messages) -> str:
    if answer.text == texts.thanks:
        return ""  # a reply to a thank-you: nothing was asked of the documents
    if answer.status == "refused":
        return f'<div class="rag-head rag-head-refused">{escape(texts.ui_head_refused)}</div>'
    if answer.status == "not_found":
        head = UNREADABLE_HEAD if answer.language == UNDETERMINED else texts.ui_head_not_found
        return f'<div class="rag-head rag-head-notfound">{escape(head)}</div>'
    if not answer.citations:
        return ""  # answered without quotes: there is no disagreement between the documents to show
    sources = len({c.source_id for c in answer.citations})
    disagree = texts.ui_head_disagree if answer.contradictions else ""
    if answer.confidence == "low":
        head = texts.ui_head_low_one if sources == 1 else texts.ui_head_low_many
        return f'<div class="rag-head rag-head-low">{fill(head + disagree, n=str(sources))}</div>'
    head = texts.ui_head_answered_one if sources == 1 else texts.ui_head_answered_many
    return f'<div class="rag-head rag-head-answered">{fill(head + disagree, n=str(sources))}</div>'


def reply(answer: Answer) -> str:
    """The chat bubble for one answer (a single line of HTML, so Markdown never reaches inside it)."""
    texts = messages_for(answer.language)
    footer = f'<div class="rag-help">{escape(texts.ui_help_line)}</div>' if answer.status == "refused" else ""
    return (
        f'<div class="rag-reply rag-{answer.status}">{_headline(answer, texts)}'
        f'<div class="rag-body">{_reply_body(answer)}</div>{footer}</div>'
    )


def dispute_badge(count: int, texts: Messages | None = None) -> str:
    texts = texts or messages_for(ENGLISH)
    if count <= 0:
        return (
            f'<span class="rag-badge rag-badge-ok" title="{escape(texts.ui_no_disputes_hint)}">'
            f"{escape(texts.ui_no_disputes)}</span>"
        )
    return (
        f'<span class="rag-badge rag-badge-disputed" title="{escape(texts.ui_disputed_hint)}">'
        f"{escape(texts.disputed(count))}</span>"
    )


def highlight(
    text: str, start: int, end: int, quote: str, context: int = CONTEXT_CHARS, texts: Messages | None = None
) -> str:
    """The quote marked inside its paragraph (the line that holds it), cut to ``context`` chars each side.

    When the offsets do not match the quote (the document changed since indexing), only the quote is shown.
    """
    if not (0 <= start <= end <= len(text)) or text[start:end] != quote:
        stale = f'<span class="rag-stale">{escape((texts or messages_for(ENGLISH)).ui_stale)}</span>'
        return f"<mark>{escape_lines(quote)}</mark> {stale}"
    before, after = context_shown(text, start, end, context)
    return f"{escape(before)}<mark>{escape_lines(quote)}</mark>{escape(after)}"


def context_shown(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> tuple[str, str]:
    """What the evidence panel shows before and after the quote at ``start``..``end``: its paragraph, cut to
    ``context`` characters each side, "…" where it is cut.

    The context never shows what a quote never may: it stops before a sentence that gives dosing guidance ("Most
    patients do well on 16 mg per day." after a quote on how a medicine is taken)."""
    para_start, para_end = paragraph_around(text, start, end)
    lo, hi = _without_guidance(text, para_start, start, end, para_end)
    before = text[max(lo, start - context) : start]
    after = text[end : min(hi, end + context)]
    if start - context > lo:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    elif lo > para_start:
        before = "… " + before.lstrip()
    if end + context < hi:
        after = (after[: after.rfind(" ")] if " " in after else after) + "…"
    elif hi < para_end:
        after = after.rstrip() + " …"
    return before, after


def _without_guidance(text: str, para_start: int, start: int, end: int, para_end: int) -> tuple[int, int]:
    """The part of the paragraph around the quote (``start``..``end``) that holds no sentence of dosing guidance,
    read whole: from after the last one before the quote to the first one after it."""
    lo, hi = para_start, para_end
    for sentence in split_sentences(text[para_start:para_end]):
        s, e = para_start + sentence.start, para_start + sentence.end
        if not is_dosing_guidance(sentence.text):
            continue
        if e <= start:
            lo = max(lo, e)
        elif s >= end:
            hi = min(hi, s)
        else:
            # A quote of part of it (a table row's cells before its dose): the rest is not shown either.
            lo, hi = max(lo, start), min(hi, end)
    return lo, hi


def _source_card(
    n: int,
    citation: Citation,
    documents: Mapping[str, Document],
    disputes: Mapping[str, int],
    texts: Messages,
) -> str:
    document = documents.get(citation.source_id)
    paragraph = (
        highlight(document.text, citation.start, citation.end, citation.quote, texts=texts)
        if document
        else f"<mark>{escape_lines(citation.quote)}</mark>"
    )
    return (
        f'<div class="rag-source" id="rag-source-{n}">'
        f'<div class="rag-source-head">{marker(n)}<span class="rag-title">{escape(citation.title)}'
        f"{dispute_badge(disputes.get(citation.source_id, 0), texts)}</span></div>"
        f'<div class="rag-para">{paragraph}</div>'
        f'<div class="rag-meta">{escape(citation.source_id)} · '
        + (f"{fill(texts.ui_page, page=str(citation.page))} · " if citation.page is not None else "")
        + f"{fill(texts.ui_characters, start=str(citation.start), end=str(citation.end))}</div>"
        "</div>"
    )


def _number(citation: Citation, citations: list[Citation]) -> int | None:
    for i, known in enumerate(citations, start=1):
        if known.covers(citation):
            return i
    return None


def _side(citation: Citation, citations: list[Citation], quoted: set[int], texts: Messages) -> str:
    n = _number(citation, citations)
    label = marker(n, citation.title) if n else ""
    # A side the reply already quotes is referred to by its number: the panel does not repeat the chat.
    text = (
        f'<div class="rag-side-quote rag-side-ref">{escape(texts.ui_side_quoted)}</div>'
        if n in quoted
        else f'<div class="rag-side-quote">“{escape_lines(citation.quote)}”</div>'
    )
    return (
        f'<div class="rag-side">{text}'
        f'<div class="rag-side-source">{label}<span class="rag-title">{escape(citation.title)}</span>'
        + (
            f' <span class="rag-page">{fill(texts.ui_page, page=str(citation.page))}</span>'
            if citation.page is not None
            else ""
        )
        + "</div>"
        "</div>"
    )


def disagreements(
    contradictions: list[Contradiction],
    citations: list[Citation],
    quoted: set[int] | None = None,
    texts: Messages | None = None,
) -> str:
    """The "Sources disagree" block: one row per dispute, its sides next to each other, each cited; a side the
    reply quotes (its number in ``quoted``) is referred to by number."""
    if not contradictions:
        return ""
    shown = quoted or set()
    texts = texts or messages_for(ENGLISH)
    rows = "".join(
        f'<div class="rag-conflict"><div class="rag-topic">{fill(texts.ui_on_topic, topic=escape(label_in(texts.language, c.topic)))}</div>'
        f'<div class="rag-sides">{"".join(_side(s, citations, shown, texts) for s in c.sides)}</div>'
        + (f'<div class="rag-note">{escape(c.note)}</div>' if c.note else "")
        + "</div>"
        for c in contradictions
    )
    return f'<section class="rag-disagree"><h3>{escape(texts.ui_disagree_title)}</h3>{rows}</section>'


def _withheld(count: int, texts: Messages) -> str:
    if not count:
        return ""
    text = texts.ui_withheld_one if count == 1 else texts.ui_withheld_many
    return f'<div class="rag-withheld">{fill(text, count=str(count))}</div>'


def evidence(answer: Answer, documents: Iterable[Document], disputes: Mapping[str, int]) -> str:
    """The panel beside the chat: disagreements first, then every cited quote highlighted in its paragraph."""
    by_id = {d.source_id: d for d in documents}
    texts = messages_for(answer.language)
    head = (
        f'<div class="rag-evidence-q">{fill(texts.ui_evidence_for, question=escape(answer.question))}</div>'
    )
    if answer.text == texts.thanks:
        return evidence_placeholder(texts.chrome_evidence_placeholder)
    if answer.status == "not_found":
        return f'<div class="rag-evidence">{head}<p class="rag-empty">{escape(texts.ui_not_found_panel)}</p></div>'
    # A side that only the disagreement block quotes is shown there, not again as a source card.
    quoted = _quoted_numbers(answer)
    cards = "".join(
        _source_card(n, c, by_id, disputes, texts)
        for n, c in enumerate(answer.citations, start=1)
        if n in quoted or not answer.contradictions
    )
    sources = (
        f'<section class="rag-sources"><h3>{escape(texts.ui_sources)}</h3>{cards}</section>' if cards else ""
    )
    body = (
        disagreements(answer.contradictions, answer.citations, quoted, texts)
        + _withheld(answer.withheld, texts)
        + sources
    )
    return f'<div class="rag-evidence">{head}{body}</div>'


def _quoted_numbers(answer: Answer) -> set[int]:
    """The numbers of the quotes the reply itself shows (not those it only points to)."""
    return {int(n) for n in _QUOTED.findall(answer.text)}


def evidence_placeholder(text: str | None = None) -> str:
    """The evidence panel before a question: ``text``, English by default (rag.ui.chrome passes the others)."""
    text = text or messages_for(ENGLISH).chrome_evidence_placeholder
    return f'<div class="rag-evidence rag-empty">{escape(text)}</div>'


def document_list(
    documents: Iterable[Document], disputes: Mapping[str, int], texts: Messages | None = None
) -> str:
    """The documents' tab, in ``texts``' language (English by default)."""
    texts = texts or messages_for(ENGLISH)
    rows = "".join(
        f'<tr><td class="rag-title">{escape(d.title)}</td><td class="rag-meta">{escape(d.source_id)}</td>'
        f"<td>{len(d.text.split()):,}</td><td>{dispute_badge(disputes.get(d.source_id, 0), texts)}</td></tr>"
        for d in documents
    )
    if not rows:
        return f'<p class="rag-empty">{escape(texts.docs_empty)}</p>'
    head = "".join(
        f"<th>{escape(name)}</th>"
        for name in (texts.docs_title, texts.docs_file, texts.docs_words, texts.docs_disputes)
    )
    return (
        f'<p class="rag-empty">{escape(texts.docs_intro)}</p>'
        f'<table class="rag-docs"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def status(text: str, state: str = "ready") -> str:
    """The status line under the title: state is "ready", "busy" or "error"."""
    return f'<div class="rag-status rag-status-{state}"><span class="rag-dot"></span>{escape(text)}</div>'


def notice(title: str, text: str) -> str:
    """The chat bubble for a question that got no answer (too long, the store unavailable, a failure)."""
    return (
        f'<div class="rag-reply rag-notice"><div class="rag-head rag-head-notice">{escape(title)}</div>'
        f'<div class="rag-body"><p>{escape(text)}</p></div></div>'
    )


def shortened(question: str, limit: int = SHORT_QUESTION_CHARS) -> str:
    """A question as echoed above a notice: an over-long one cut at a word boundary, with its length."""
    if len(question) <= limit:
        return question
    cut = question[:limit].rsplit(None, 1)[0] if " " in question[:limit] else question[:limit]
    return f"{cut}… ({len(question):,} characters)"


CSS = """
.rag-reply .rag-head{font-weight:600;font-size:.85em;margin-bottom:.4em;padding:.2em .6em;border-radius:6px;
  display:inline-block}
.rag-head-answered{background:#e7f5ec;color:#17603a}
.rag-head-refused{background:#fdecea;color:#a3261a}
.rag-head-notfound{background:#eef0f3;color:#4a5361}
.rag-head-low{background:#fff4d6;color:#7a5300}
.rag-refused{border-left:4px solid #d9483b;padding-left:.7em}
.rag-head-notice{background:#fff4d6;color:#7a5300}
.rag-notice{border-left:4px solid #e0a100;padding-left:.7em}
.rag-notfound{border-left:4px solid #9aa3b0;padding-left:.7em}
.rag-body ul{margin:.2em 0 .6em 1.1em;padding:0}
.rag-body li{margin:.25em 0}
.rag-body p{margin:.35em 0}
.rag-body p.rag-overview{font-weight:600}
.rag-emergency{margin:0 0 .6em;padding:.5em .7em;background:#fde8e8;color:#7a0b0b;border-left:4px solid #c81e1e;border-radius:6px;font-weight:600}
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
