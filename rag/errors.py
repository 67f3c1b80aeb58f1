"""Exceptions of the public API; everything else comes back as an Answer."""


class InvalidQuestion(ValueError):
    """The question is empty, whitespace only, or longer than the configured limit."""


class StoreError(RuntimeError):
    """The vector store is unreachable or corrupt; the message says what to do."""
