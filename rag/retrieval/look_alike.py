"""Look-alike names: "naltrexone" and "naloxone", "hydroxyzine" and "hydralazine".

The embedding model reads two rare names that share most of their letters as nearly one word, so a question on one
finds the page on the other: "Do the side effects of naltrexone go away?" quoted "Naloxone can cause sudden opioid
withdrawal ..." from a clinic's naloxone page. Pharmacists know such pairs as look-alike names, a classic source of
medication errors. A passage that names a look-alike of a name the question asks about, in a document that never
names the one asked, is about the other thing, and its sentences are no evidence. What is not a look-alike: a
name's other spelling or a slip of typing ("pancreatoduodenectomy", "naloxon": a letter or two apart), one word's
two forms ("hypertension", "hypertensive": alike far into the word), and words that share only an opening
("transanal", "transrectal": the model reads them apart).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA, Indel
from wordfreq import zipf_frequency

# A name: a word at least this long and this rare in English ("naloxone" 2.5, "ketamine" 2.9; "treatment" 5.0).
_MIN_LETTERS = 6
_MAX_ZIPF = 3.0
# Look-alikes open alike (at least this many letters) but part before this share of the shorter name, and end
# alike: "nal-ox-one"/"nal-trex-one", "hydr-oxyz-ine"/"hydr-alaz-ine".
_MIN_SHARED_OPENING = 3
_MAX_OPENING_SHARE = 0.6
_MIN_SHARED_ENDING = 3
_MAX_LENGTH_DIFFERENCE = 3
# At least this many edits apart (fewer: another spelling of one name), and at least this share of their letters
# in common (Indel similarity: "naloxone"/"naltrexone" 0.75, "methadone"/"methamphetamine" 0.55).
_MIN_EDITS = 3
_MIN_SIMILARITY = 0.7
_SUBJECT_MENTIONS = 2
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=65_536)
def _is_name(word: str) -> bool:
    return len(word) >= _MIN_LETTERS and zipf_frequency(word, "en") < _MAX_ZIPF


def names(text: str) -> frozenset[str]:
    """The rare words of ``text``, lower case."""
    return frozenset(w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if _is_name(w))


def named_as_subject(name: str, passages: Iterable[str]) -> bool:
    """Whether a document is about ``name`` (lower case): one of its ``passages`` names it at least twice. A
    name mentioned once in passing may be the question's slip for a look-alike that a document is about
    ("Compound Topological Index" asked, "Compound Topographical Index" written five times)."""
    return any(
        sum(m.group(0).lower() == name for m in _WORD.finditer(text)) >= _SUBJECT_MENTIONS
        for text in passages
    )


def _shared(one: str, other: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )


@lru_cache(maxsize=65_536)
def look_alike(one: str, other: str) -> bool:
    """Whether two different names (lower case) look alike enough to be taken for each other."""
    if abs(len(one) - len(other)) > _MAX_LENGTH_DIFFERENCE:
        return False
    opening = _shared(one, other)
    if opening < _MIN_SHARED_OPENING or opening >= _MAX_OPENING_SHARE * min(len(one), len(other)):
        return False
    if _shared(one[::-1], other[::-1]) < _MIN_SHARED_ENDING or OSA.distance(one, other) < _MIN_EDITS:
        return False
    return Indel.normalized_similarity(one, other) >= _MIN_SIMILARITY


def names_a_look_alike(missing: Iterable[str], question_names: frozenset[str], text: str) -> bool:
    """``text`` names a look-alike of one of the ``missing`` names (those its document never names) that the
    question does not name too."""
    said = names(text) - question_names
    return any(look_alike(name, other) for name in missing for other in said)
