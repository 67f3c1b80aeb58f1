"""Focus words: does the best evidence speak to each word of the question that the documents never use?

A question about something the documents never discuss ("is it safe to drive after taking it?") still finds a
sentence that matches the rest of it ("... is not considered dangerous when used responsibly"), and the match
can be as close as a covered paraphrase's. The two differ in what the word the documents lack does to the
match. Leave out a word the evidence does speak to ("stomach" against "gastrointestinal issues") and the
question moves away from the evidence; leave out a word it ignores ("drive") and the question moves *closer*,
because that word was pulling it elsewhere. The question is embedded once more per such word (at most
``focus_words_max``), in the same batch as the question itself: about 1.8 ms a word on 2 cores, against about 8 ms
for the question alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
from wordfreq import zipf_frequency

from rag.retrieval.vocabulary import Vocabulary, content_words

# Two-letter words are abbreviations and function words; three letters can already name a thing ("tea", "gum").
_MIN_LETTERS = 3
_SPACES = re.compile(r"\s{2,}")


def focus_variants(
    question: str, vocabulary: Vocabulary, max_zipf: float, limit: int
) -> list[tuple[str, str]]:
    """(word, question without it) for the words of ``question`` that no document uses in any form and that are
    rarer than ``max_zipf`` in English (the most common words carry no topic), rarest first, at most ``limit``."""
    found: dict[str, tuple[float, str]] = {}
    named = vocabulary.acronyms.name_words(question)  # the documents use these names' acronyms
    for match, word in content_words(question, _MIN_LETTERS):
        zipf = zipf_frequency(word, "en")
        if zipf >= max_zipf or word in named or vocabulary.knows(word):
            continue
        without = _SPACES.sub(" ", question[: match.start()] + question[match.end() :]).strip()
        found[word] = (zipf, without)
    ranked = sorted(found.items(), key=lambda item: item[1][0])[:limit]
    return [(word, without) for word, (_, without) in ranked]


def evidence_drops(
    own: np.ndarray,
    window: np.ndarray,
    query: np.ndarray,
    variants: Mapping[str, np.ndarray],
) -> dict[str, float]:
    """Per focus word: how much closer the question is to its best sentence (read alone or with its neighbours,
    the better) with the word than without it. Negative: the evidence ignores that word."""
    with_word = max(float(own @ query), float(window @ query))
    return {
        word: with_word - max(float(own @ vector), float(window @ vector))
        for word, vector in variants.items()
    }


def off_evidence_penalty(drops: Mapping[str, float], weight: float) -> float:
    """``weight`` times how far the question moves towards its evidence when its worst focus word is left out;
    nothing when leaving out any of them moves it away (the evidence speaks to every one)."""
    return weight * max([0.0, *(-drop for drop in drops.values())])
