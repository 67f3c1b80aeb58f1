"""Names told apart from their kin by a mark after them: "vitamin D", "hepatitis B", "type 2 diabetes"."""

from __future__ import annotations

import re

from rag.text.tokens import STOPWORDS

# A name told apart from its kin by one letter or a number after it: "vitamin D", "hepatitis B", "type 2 diabetes",
# "HIV-1", "phase 3". A sentence that names the same head with another mark and never with the question's is
# about another thing ("Does vitamin D supplementation reduce fractures?" was answered first with a trial of
# vitamin C in fractures). A lone "a", "i" or "I" is a word, not a mark ("vitamin A" is one).
MARKED_NAME = re.compile(
    r"\b([^\W\d_]{3,})[\s-]+(?!(?-i:[aiI])\b)((?-i:[A-Z])|[a-z]|\d{1,2})(?![\w-])", re.IGNORECASE
)


def marked_names(text: str) -> dict[str, set[str]]:
    """Per head word (lower case), the marks it carries in ``text``: "vitamin D" gives {"vitamin": {"d"}}."""
    found: dict[str, set[str]] = {}
    for match in MARKED_NAME.finditer(text):
        head = match.group(1).lower()
        if head not in STOPWORDS:  # "for 2 weeks", "than 3": a count, not a mark
            found.setdefault(head, set()).add(match.group(2).lower())
    return found


def names_another_kind(asked: dict[str, set[str]], text: str) -> bool:
    """``text`` names a head of the question (``marked_names`` of it) only with other marks than the question's."""
    if not asked:
        return False
    said = marked_names(text)
    return any(head in said and not said[head] & marks for head, marks in asked.items())


def kinds_apart(one: str, other: str) -> bool:
    """Two texts name one head with marks that never meet: "hepatitis C" and "hepatitis B" are two viruses, and
    what one text says of its kind neither agrees nor disagrees with what the other says of the other kind."""
    return names_another_kind(marked_names(one), other)
