"""Rare words a question shares with one document and hardly any other: a sign that it asks about that document.

The gate holds it against a question that it uses a rare word no document uses ("Is halofantrine ototoxic?"
over an abstract that speaks of hearing loss), and that its best sentence is much closer without that word. Both
read a subject the corpus lacks, and that is what they usually are. But when the best sentence's document also
names two other rare words of the question, words that few other documents name, the question is about that
document, and the missing word is the asker's word for something it says another way: the title of a paper
over its abstract, a lay term over a technical one. Half the penalty stays, because a question about a
neighbouring subject can still share two names with a document (chosen on the dev splits of every corpus).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wordfreq import zipf_frequency

from rag.retrieval.vocabulary import content_words
from rag.text.tokens import tokenize

# Words this short are mostly abbreviations, as in the rare-word rule.
_MIN_LETTERS = 5


def named_together(
    question: str,
    source_id: str,
    unsupported: Iterable[str],
    documents_with: Callable[[str], set[str]],
    documents: int,
    rare_zipf: float,
    share: float,
    needed: int,
) -> bool:
    """Whether ``source_id`` names ``needed`` or more of the question's rare words (rarer than ``rare_zipf``, and
    not ``unsupported``) that at most ``share`` of the ``documents`` name (at least one document: a word of a
    single document always counts). ``documents_with``: the documents whose text holds a term."""
    left_out = set(unsupported)
    most = max(1.0, share * documents)
    found = 0
    for _, word in content_words(question, _MIN_LETTERS):
        if word in left_out or zipf_frequency(word, "en") >= rare_zipf:
            continue
        terms = tokenize(word)
        if len(terms) != 1:
            continue
        holding = documents_with(terms[0])
        if source_id in holding and len(holding) <= most:
            found += 1
            if found >= needed:
                return True
    return False
