"""The chat UI: ``python ui.py`` starts it, the same as ``rag serve``.

A thin entry point: the Gradio app is rag/ui/app.py, its HTML rendering rag/ui/render.py, and every decision is
made by rag.Assistant. Host, port and basic auth come from RAG_HOST,
RAG_PORT, RAG_AUTH_USER and RAG_AUTH_PASSWORD.
"""

from __future__ import annotations

import os

from rag import Settings
from rag.ui.app import serve

if __name__ == "__main__":
    # The packaged model needs no model hub; a hub lookup could only hang on a machine without internet.
    if os.environ.get("RAG_EMBED_MODEL", "all-MiniLM-L6-v2") == "all-MiniLM-L6-v2":
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    serve(Settings())
