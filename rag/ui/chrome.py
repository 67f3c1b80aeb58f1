"""The app's own texts (title, tabs, buttons, placeholders) in the reader's language.

Gradio translates them in the browser, by its locale (``gr.I18n``): a Spanish browser shows the Spanish page
before any question is asked, and a locale with no catalogue shows English. The texts are the ``chrome_*``
entries of the message catalogues (rag.answer.data.messages), written with the replies in each language; the
status line, which changes as the index is built, stays English. Replies follow the question's language, as before.
"""

from __future__ import annotations

import gradio as gr
from gradio.i18n import I18nData

from rag.answer.messages import Messages, catalogue
from rag.settings import Settings
from rag.ui import render

# Each key is a Messages field; the page asks for it by that name.
KEYS = (
    "chrome_heading",
    "chrome_tab_ask",
    "chrome_tab_documents",
    "chrome_chat_placeholder",
    "chrome_chat_placeholder_examples",
    "chrome_question_placeholder",
    "chrome_ask",
    "chrome_add_document",
    "chrome_evidence_placeholder",
    "chrome_documents_waiting",
)


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
    return out
