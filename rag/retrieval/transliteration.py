"""Thai words that the documents write in Latin letters.

Thai writes a foreign name or a borrowed term in its own script: "กระท่อม" for kratom, "แอลกอฮอล์" for alcohol,
"มอร์ฟีน" for morphine. The multilingual model does not always know the pair (it set "กระท่อม", which is also the
Thai word for a hut, nearer to "mitragynine" than to "kratom"), so a Thai question about a document's subject
missed the sentences that name it. Each Thai word of the question is written in Latin letters, by PyThaiNLP's
Thai-English transliteration dictionary where it lists the word and by the Royal Institute's romanisation
otherwise (both ship in the wheel); where the result is a word of the documents, or one slip of typing from one
English does not know ("krathom": "kratom"), the question reads the documents' word after it. The Thai word stays:
documents in Thai write it so. Only words of the documents are put in, so a question about something they never
name is left as it was.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from rag.retrieval.vocabulary import Vocabulary
from rag.text.thai import has_thai, is_thai

# Shorter romanisations are mostly function words and land on some English word by chance ("thi", "dai").
_MIN_LETTERS = 5
# A loanword the word cutter does not know comes in up to this many pieces.
_MAX_PIECES = 3
_LATIN = re.compile(r"[a-z]+")
_ROMANISED_KEPT = 4096


def in_documents_letters(question: str, vocabulary: Vocabulary) -> str:
    """``question`` with each Thai word whose Latin spelling is a word of the documents followed by that word;
    any other question unchanged."""
    if not has_thai(question):
        return question
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(question, engine="newmm", keep_whitespace=True)
    out: list[str] = []
    at = 0
    while at < len(words):
        # The word cutter knows Thai words, not loanwords: it cuts "โอปิออยด์" (opioid) into "โอ" + "ปิออยด์", so
        # a few pieces in a row are read together first.
        for end in range(min(len(words), at + _MAX_PIECES), at, -1):
            pieces = words[at:end]
            found = _documents_word("".join(pieces), vocabulary) if all(map(is_thai, pieces)) else None
            if found is not None:
                out.append(f"{''.join(pieces)} {found} ")
                at = end
                break
        else:
            out.append(words[at])
            at += 1
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _documents_word(word: str, vocabulary: Vocabulary) -> str | None:
    if word in _stopwords():
        return None
    latin = _romanise(word)
    if len(latin) < _MIN_LETTERS or _LATIN.fullmatch(latin) is None:
        return None
    if vocabulary.has_all(latin):
        return latin
    return vocabulary.corpus_spelling(latin)


@lru_cache(maxsize=_ROMANISED_KEPT)  # questions choose the words: the memo must not grow without bound
def _romanise(word: str) -> str:
    from pythainlp.transliterate import romanize

    # "lookup" reads the transliteration dictionary (loanwords as English writes them) and falls back to royin.
    return str(romanize(word, engine="lookup")).lower().replace(" ", "")


@cache
def _stopwords() -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords

    return frozenset(thai_stopwords())
