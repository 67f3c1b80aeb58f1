"""Exceptions of the public API; everything else comes back as an Answer."""


class InvalidQuestion(ValueError):
    """The question is empty, whitespace only, or longer than the configured limit (then ``length`` and ``limit``
    say by how much, so a caller can say it in its own words and language)."""

    def __init__(self, message: str, *, length: int | None = None, limit: int | None = None) -> None:
        super().__init__(message)
        self.length = length
        self.limit = limit


class StoreError(RuntimeError):
    """The vector store is unreachable or corrupt; the message says what to do."""
