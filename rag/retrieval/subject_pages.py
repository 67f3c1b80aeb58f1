"""Pages about a subject: a question about what some documents' titles name is not answered from a page that
never names it.

"What are the side effects of methadone?" over a clinic's pages on methadone, naltrexone and naloxone quoted
"Side effects include nausea, headache and tiredness." first, from the naltrexone page: the sentence says "side
effects" and the model reads one medicine's page much like another's, so only the citation's title showed that
the quote was about another medicine. When every rare name a question uses that the documents use too is the
subject of a document (a word of its title: "Methadone maintenance treatment"), the question is about those
subjects, and a document that never names one of them, in any spelling or form ("aetiology" for "etiology",
"KATNAL1" for "katnal"), is about something else. Where the question also names something no title does
("How can a clinician confirm a subarachnoid hemorrhage?", a title naming "clinician"), or when no page titled
by a name is among the passages retrieved for the question ("Where can I learn about the etiology of high blood
pressure?", a paper titled on the etiology of something else), its subject is not the titles' and nothing is left
out. A question on two such subjects quotes each, where a sentence on it scores near enough
(rag.answer.compose).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from rag.retrieval.look_alike import names
from rag.text.tokens import STOPWORDS, stem

# A short name written with capitals inside it ("PrEP", "HIV", "NRT"): too short to be a rare word, it names a
# subject as well ("What are the side effects of PrEP?" quoted a hepatitis page's "Most people have few or no side
# effects" beside the PrEP leaflet's).
_CAPITALS_NAME = re.compile(r"(?<![\w-])(?=[A-Za-z]*[A-Z][a-z]*[A-Z])[A-Za-z]{3,6}(?![\w-])")
_WORD = re.compile(r"[^\W\d_]+")


def capital_names(text: str) -> frozenset[str]:
    """The short names ``text`` writes with capitals inside, lower case, unless it is set in capitals."""
    words = _WORD.findall(text)
    if sum(w.isupper() for w in words if len(w) > 1) * 2 > len(words):
        return frozenset()
    found = (m.group(0).lower() for m in _CAPITALS_NAME.finditer(text))
    return frozenset(name for name in found if name not in STOPWORDS)


def asked_subjects(question: str, titled: frozenset[str]) -> frozenset[str]:
    """The names ``question`` asks about that may be subjects: its rare words, and its short names written with
    capitals that some title holds (``titled``, as BM25 terms; one no title holds would only stop its rare words
    from naming the subject)."""
    return names(question) | {name for name in capital_names(question) if stem(name) in titled}


def title_names(titles: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Per document (source id, title): the names its title holds, as BM25 terms."""
    return {
        source_id: frozenset(stem(n) for n in names(title) | capital_names(title))
        for source_id, title in titles
    }


def titled_subjects(
    question_names: frozenset[str], titles: Mapping[str, frozenset[str]], forms: Callable[[str], list[str]]
) -> dict[str, frozenset[str]]:
    """Per name a question asks about (given its corpus ``forms``), the documents whose titles name it, when
    each name the documents use is a title's name in some form; none otherwise."""
    if not any(titles.values()):
        return {}
    written = {n: forms(n) for n in question_names}
    titled = {
        name: frozenset(source_id for source_id, held in titles.items() if not held.isdisjoint(found))
        for name, found in written.items()
        if found
    }
    return titled if titled and all(titled.values()) else {}
