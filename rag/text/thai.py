"""Thai sentences. Thai is written without spaces between words and without a full stop: a space ends a sentence,
or a clause, or sets off a word such as "เช่น" (for example), so the period rules of ``rag.text.segment`` read a
whole Thai paragraph as one sentence and every quote from it was that paragraph. PyThaiNLP's CRF sentence segmenter
(crfcut, Apache-2.0; its model ships inside the wheel, nothing is downloaded) tells the spaces that end a sentence
from the others.
"""

from __future__ import annotations

import re
import threading

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LETTER = re.compile(r"[^\W\d_]")
# A run of text is read as Thai when this share of its letters is Thai (an English name inside stays with it):
# Thai script is unambiguous, and lingua reads "list comprehension ใน Python" by its Latin words.
_THAI_SHARE = 0.3
_lock = threading.Lock()  # one CRF tagger per process


# Named in the content hash of a document with Thai text (rag.ingest.corpus), so that a new segmentation
# re-reads those documents.
THAI_SEGMENTATION = "thai-crfcut-1"


def has_thai(text: str) -> bool:
    """Whether ``text`` holds any Thai script."""
    return _THAI.search(text) is not None


def is_thai(text: str) -> bool:
    """Whether ``text`` is mostly written in Thai script."""
    if not has_thai(text):  # every line of every document passes here: most hold no Thai at all
        return False
    letters = _LETTER.findall(text)
    return bool(letters) and sum(1 for c in letters if _THAI.match(c)) / len(letters) >= _THAI_SHARE


def thai_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a run of Thai ``text`` as (start, end) offsets into it, in order, whitespace included at
    their ends as written; the whole run when it has no space to break at."""
    if " " not in text.strip():
        return [(0, len(text))]
    from pythainlp.tokenize import sent_tokenize

    with _lock:
        pieces = sent_tokenize(text, engine="crfcut")
    spans: list[tuple[int, int]] = []
    at = 0
    for piece in pieces:
        if not isinstance(piece, str):  # the segmenter's list-of-words form, never asked for here
            return [(0, len(text))]
        found = text.find(piece, at)
        if found < 0:  # the segmenter changed the text: keep the run whole rather than cite wrong offsets
            return [(0, len(text))]
        spans.append((found, found + len(piece)))
        at = found + len(piece)
    return spans or [(0, len(text))]
