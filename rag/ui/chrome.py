"""The app's own texts (title, tabs, buttons, placeholders) in the reader's language.

Gradio translates them in the browser, by its locale (``gr.I18n``): a Spanish browser shows the Spanish page
before any question is asked, and a locale with no catalogue shows English. The texts are the ``chrome_*``
entries of the message catalogues (rag.answer.data.messages), written with the replies in each language; the
status line and the documents' list, which the server writes as the index changes, are written in the language of
the browser's first preference (its Accept-Language header), the same one. Replies follow the question's language.
"""

from __future__ import annotations

import gradio as gr
from gradio.i18n import I18nData

from rag.answer.messages import Messages, catalogue, messages_for
from rag.settings import Settings
from rag.text.language import ENGLISH
from rag.ui import render

# Each key is a Messages field; the page asks for it by that name: the page's own texts, and the status line
# it shows until the server first writes it.
KEYS = (*(name for name in Messages.model_fields if name.startswith("chrome_")), "status_loading")


def text(key: str) -> I18nData:
    """The text ``key`` (one of KEYS), translated in the browser."""
    if key not in KEYS:
        raise KeyError(key)
    return I18nData(key)


def translations(settings: Settings) -> gr.I18n:
    """Every catalogue's texts for the page, as shown: the upload's accepted suffixes filled in, the panels' HTML."""
    return gr.I18n(**{code: page_texts(texts, settings) for code, texts in catalogue().items()})


def page_texts(texts: Messages, settings: Settings) -> dict[str, str]:
    out = {key: str(getattr(texts, key)) for key in KEYS}
    out["chrome_add_document"] = texts.chrome_add_document.format(
        suffixes=", ".join(settings.document_suffixes)
    )
    out["chrome_evidence_placeholder"] = render.evidence_placeholder(texts.chrome_evidence_placeholder)
    out["chrome_documents_waiting"] = render.status(texts.chrome_documents_waiting, "busy")
    out["status_loading"] = render.status(texts.status_loading, "busy")
    return out


def reader_language(accept_language: str) -> str:
    """The catalogue for a browser's Accept-Language header: its first preference's language when there is a
    catalogue for it, as the browser shows the page, else English ("es-ES,es;q=0.9" -> "es", "ja" -> "en")."""
    first = accept_language.split(",", 1)[0].split(";", 1)[0].strip()
    code = first.split("-", 1)[0].lower()
    return code if code in catalogue() else ENGLISH


def reader_texts(request: gr.Request | None) -> Messages:
    """The texts for the browser that sent ``request`` (English without one)."""
    headers = getattr(request, "headers", None)
    return messages_for(reader_language(headers.get("accept-language", "") if headers else ""))
