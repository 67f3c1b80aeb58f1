"""Document-grounded question answering: verbatim cited quotes, no dosing instructions, visible disagreement."""

from rag.assistant import Assistant
from rag.errors import InvalidQuestion, StoreError
from rag.settings import Settings
from rag.types import Answer, Citation, Contradiction, Document, IndexReport, QuoteGroup, Refusal, Turn

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "Contradiction",
    "Document",
    "IndexReport",
    "InvalidQuestion",
    "QuoteGroup",
    "Refusal",
    "Settings",
    "StoreError",
    "Turn",
]
