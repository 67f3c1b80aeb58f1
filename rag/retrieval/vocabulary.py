"""Lexical support: the names and rare words of a question that the corpus never uses.

A question about something the documents never discuss ("can it harm the kidneys?") still lands near the
documents' topic in embedding space, so meaning alone cannot tell it from a covered one. What gives it away is
a word that is rare in everyday English and absent from every document, not even as a variant spelling or
derived form ("counselling" for "counseling", "contaminated" for "contaminants"). Common words are never
held against a question: readers paraphrase with them all the time.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from rag.retrieval.acronyms import Acronyms, defined_acronyms
from rag.retrieval.cognates import Cognates
from rag.text.tokens import STOPWORDS, stem, tokenize

# Words with their apostrophes, so that "doesn't" is not read as the rare word "doesn".
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
# Shorter words are mostly abbreviations and function words, whose frequency says little.
_MIN_LETTERS = 5
# A shared beginning this long (and at least half the word) counts as the same word in another form.
_MIN_PREFIX = 5
# Names this long are matched despite one slip of typing ("Influenze"); shorter ones are too often another
# real name one letter away ("DEA" and "FDA", "Iran" and "Iraq", "Chile" and "child").
_TYPO_MIN_LETTERS = 7
# A word English does not know at all is a slip from this length ("efects", "isilated"): it names nothing else.
_UNKNOWN_TYPO_MIN_LETTERS = 5
# So is a word English word lists barely know (below this Zipf frequency: "opiod" 1.34, "withdrawl" 1.79) from a
# word they know this many points (thirty times) better ("opioid" 3.33). A commoner word one slip from a much
# commoner one is another word: "leash" (3.47) and "least", "Iceland" and "Ireland".
_MISSPELLING_MAX_ZIPF = 2.5
_MISSPELLING_GAP = 1.5
# A word's forms share its letters but up to this many at its end, and at least this many ("methadone" and
# "methamphetamine" share five).
_FORM_ENDING = 3
_FORM_MIN_LETTERS = 6
_FORMS_KEPT = 65_536  # words whose forms are remembered (one scan of the vocabulary each)
# Two words in a row, apart by a space or a hyphen; overlapping pairs are found by the lookahead.
_PAIR = re.compile(r"\b([^\W\d_]+)(?=[ -]([^\W\d_]+)\b)")
_COMPOUND_MIN_LETTERS = 3
# A word the corpus lacks may cost a scan of its texts (once per word); a question is read this far for compounds,
# so a hostile one of thousands of made-up words costs no more than a long real one.
_COMPOUND_MAX_WORDS = 64


class Vocabulary:
    """The corpus's terms (stemmed as for BM25), searchable by prefix, and its texts for acronyms."""

    def __init__(
        self,
        terms: Iterable[str],
        texts: Sequence[str] = (),
        holding: Callable[[Sequence[str]], Iterable[int]] | None = None,
    ) -> None:
        """``holding``: the indices of the texts that may hold all the given terms (an index lookup, so a scan
        for a phrase reads only those); without it every text is read."""
        self._holding = holding
        self._terms = set(terms)
        self._sorted = sorted(self._terms)
        self._texts = texts
        self._spelled: dict[str, bool] = {}
        self._spellings: dict[str, str | None] = {}
        self._apart: dict[tuple[str, str], bool] = {}
        self._split: dict[str, tuple[str, str] | None] = {}
        self._acronyms: Acronyms | None = None
        self._cognates: Cognates | None = None
        self._forms: dict[str, list[str]] = {}

    @property
    def acronyms(self) -> Acronyms:
        """The corpus's acronyms and the names it defines them as (read from the texts at first need)."""
        if self._acronyms is None:
            self._acronyms = Acronyms(self._texts)
        return self._acronyms

    @property
    def cognates(self) -> Cognates:
        """The documents' words by the skeleton their cognates in other languages share (read at first need)."""
        if self._cognates is None:
            self._cognates = Cognates(self._texts)
        return self._cognates

    def spells_out(self, acronym: str) -> bool:
        """Some text writes ``acronym`` out ("OTC": "over-the-counter", "FDA": "Food and Drug Administration").
        Only phrases that look like names count, hyphenated or capitalised: "on the contrary" is not "OTC"."""
        if acronym not in self._spelled:
            if len(self._spelled) >= _SPELLED_CACHE:
                self._spelled.clear()  # questions choose the keys: the memo must not grow without bound
            pattern = _spelled_out(acronym)
            self._spelled[acronym] = pattern is not None and any(pattern.search(t) for t in self._texts)
        return self._spelled[acronym]

    def has_all(self, text: str) -> bool:
        """Every term of ``text`` is a corpus term, exactly as BM25 would match it."""
        return set(tokenize(text)) <= self._terms

    def knows(self, word: str, most_letters_apart: int | None = None) -> bool:
        """The corpus uses ``word`` or a form of it: a term sharing its first half; with ``most_letters_apart``,
        one at most that many letters longer or shorter than it, as its own forms are ("health", "healthier";
        "hypercholesterolemia", "-emic"), where "methadone" and "methamphetamine" are not."""
        root = stem(word)
        if root in self._terms:
            return True
        prefix = root[: max(_MIN_PREFIX, math.ceil(len(root) / 2))]
        if len(prefix) < _MIN_PREFIX:
            return False
        i = bisect_left(self._sorted, prefix)
        if most_letters_apart is None:
            return i < len(self._sorted) and self._sorted[i].startswith(prefix)
        for term in itertools.takewhile(
            lambda t: t.startswith(prefix), itertools.islice(self._sorted, i, None)
        ):
            if abs(len(term) - len(root)) <= most_letters_apart:
                return True
        return False

    def forms(self, word: str) -> list[str]:
        """The corpus terms that write ``word``: itself, a form sharing all its letters but the last few
        ("comorbid", "comorbidity"; "katnal", "katnal1"), or another spelling one letter apart ("etiology",
        "aetiology"; "pediatric", "paediatric")."""
        root = stem(word.lower())
        known = self._forms.get(root)
        if known is None:
            if len(self._forms) >= _FORMS_KEPT:
                self._forms.clear()
            known = self._forms[root] = self._find_forms(root)
        return known

    def _find_forms(self, root: str) -> list[str]:
        if len(root) < _FORM_MIN_LETTERS:
            return [root] if root in self._terms else []
        prefix = root[: max(_FORM_MIN_LETTERS, len(root) - _FORM_ENDING)]
        i = bisect_left(self._sorted, prefix)
        found = [
            term
            for term in itertools.takewhile(
                lambda t: t.startswith(prefix), itertools.islice(self._sorted, i, None)
            )
            if abs(len(term) - len(root)) <= _FORM_ENDING
        ]
        found += [
            str(t)
            for t, _, _ in process.extract(
                root, self._sorted, scorer=OSA.distance, score_cutoff=1, limit=None
            )
        ]
        return list(dict.fromkeys(found))

    def misspells(self, word: str) -> bool:
        """``word`` is a misspelling of a corpus word: unknown to English and one slip from one of its terms, or a
        slip English word lists barely know (see ``corpus_spelling``)."""
        if zipf_frequency(word, "en") == 0:
            return self.knows_spelling(word)
        return self.corpus_spelling(word) is not None

    def knows_spelling(self, word: str) -> bool:
        """The corpus uses ``word`` with one slip of typing: a letter wrong, missing, extra, or two swapped."""
        return self._slip_of(word) is not None

    def _slip_of(self, word: str, min_letters: int | None = None) -> str | None:
        """The corpus term ``word`` is one slip of typing from, if any."""
        root = stem(word.lower())
        if min_letters is None:
            unknown = zipf_frequency(word, "en") == 0
            min_letters = _UNKNOWN_TYPO_MIN_LETTERS if unknown else _TYPO_MIN_LETTERS
        if len(root) < min_letters:
            return None
        # Slips rarely hit the first letter; looking only there keeps this one C call over a slice.
        lo = bisect_left(self._sorted, root[0])
        hi = bisect_left(self._sorted, chr(ord(root[0]) + 1))
        found = process.extractOne(root, self._sorted[lo:hi], scorer=OSA.distance, score_cutoff=1)
        return None if found is None else str(found[0])

    def writes_closed(self, first: str, second: str) -> bool:
        """The documents write ``first`` and ``second`` as one word ("breastfeeding", "healthcare") and never
        apart ("breast feeding", "breast-feeding"): a question that spaces the compound means their word."""
        if stem(f"{first}{second}".lower()) not in self._terms:
            return False
        key = (first.lower(), second.lower())
        if key not in self._apart:
            if len(self._apart) >= _SPELLED_CACHE:
                self._apart.clear()  # questions choose the keys: the memo must not grow without bound
            # The second word with any ending counts as writing the two apart ("heart beats" for "heart beat").
            apart = re.compile(rf"\b{re.escape(key[0])}[\s-]+{re.escape(key[1])}", re.IGNORECASE)
            self._apart[key] = any(apart.search(t) for t in self._texts_with([key]))
        return not self._apart[key]

    def written_apart(self, word: str) -> str | None:
        """How the documents write ``word`` where they write it only as two words ("health care", "non-invasive"
        for "healthcare", "noninvasive"): its two parts as they join them, or None."""
        lower = word.lower()
        if len(lower) < 2 * _COMPOUND_MIN_LETTERS or stem(lower) in self._terms:
            return None
        if lower not in self._split:
            if len(self._split) >= _SPELLED_CACHE:
                self._split.clear()  # questions choose the keys: the memo must not grow without bound
            self._split[lower] = self._find_apart(lower)
        found = self._split[lower]
        return None if found is None else word[: len(found[0])] + found[1] + word[len(found[0]) :]

    def _find_apart(self, lower: str) -> tuple[str, str] | None:
        """(first part, separator) of ``lower`` as some text writes it in two words, both corpus terms (one scan
        of the texts for all the ways to cut it)."""
        cuts = [
            (lower[:cut], lower[cut:])
            for cut in range(_COMPOUND_MIN_LETTERS, len(lower) - _COMPOUND_MIN_LETTERS + 1)
            if lower[:cut] not in STOPWORDS
            and lower[cut:] not in STOPWORDS
            and stem(lower[:cut]) in self._terms
            and stem(lower[cut:]) in self._terms
        ]
        if not cuts:
            return None
        either = "|".join(rf"({re.escape(first)})[ -]{re.escape(second)}" for first, second in cuts)
        apart = re.compile(rf"\b(?:{either})\b", re.IGNORECASE)
        for text in self._texts_with(cuts):
            match = apart.search(text)
            if match is not None:
                first = next(g for g in match.groups() if g is not None)
                return first.lower(), match.group(0)[len(first)]
        return None

    def _texts_with(self, pairs: Sequence[tuple[str, str]]) -> Iterable[str]:
        """The texts that may hold both words of one of ``pairs``."""
        if self._holding is None:
            return self._texts
        rows: set[int] = set()
        for pair in pairs:
            rows.update(self._holding([t for word in pair for t in tokenize(word)]))
        return [self._texts[row] for row in sorted(rows)]

    def corpus_spelling(self, word: str) -> str | None:
        """How the documents spell ``word``, a misspelling of one of their words: one slip of typing from it, and
        either unknown to English ("carageenan": "carrageenan", "Zanamavir": "zanamivir") or a slip common enough
        for English word lists to barely know, from a word English uses thirty times as often ("perscription",
        "withdrawl", "opiod"); None for any other word."""
        if stem(word.lower()) in self._terms:
            return None
        if word not in self._spellings:
            if len(self._spellings) >= _SPELLED_CACHE:
                self._spellings.clear()  # questions choose the keys: the memo must not grow without bound
            zipf = zipf_frequency(word, "en")
            term = self._slip_of(word, _UNKNOWN_TYPO_MIN_LETTERS)
            if term is None:
                written = None
            elif zipf == 0:
                written = self._written(term)
            elif zipf >= _MISSPELLING_MAX_ZIPF:
                written = None
            else:
                # A word English knows is a slip only of a form the documents write one slip from it: terms are
                # stems, and "quilting" (stem "quilt") is one slip from the stem of "quite", not from "quite".
                written = self._written(term, near=word)
                near = written is not None and OSA.distance(word.lower(), written.lower()) <= 1
                if not near or zipf_frequency(written or "", "en") - zipf < _MISSPELLING_GAP:
                    written = None
            self._spellings[word] = written
        return self._spellings[word]

    def _written(self, term: str, near: str | None = None) -> str | None:
        """A document's own word for a ``term`` stemmed as BM25 reads it: what the model should read (a scan
        of the texts, so remembered per misspelled word); with ``near``, the form closest to that word."""
        written = re.compile(rf"\b{re.escape(term[:_MIN_PREFIX])}[^\W\d_]*", re.IGNORECASE)
        best: tuple[int, str] | None = None
        for text in self._texts:
            for match in written.finditer(text):
                form = match.group(0)
                if stem(form.lower()) != term:
                    continue
                if near is None:
                    return form
                distance = OSA.distance(near.lower(), form.lower())
                if distance <= 1:
                    return form
                if best is None or distance < best[0]:
                    best = (distance, form)
        return None if best is None else best[1]

    def knows_name(self, name: str) -> bool:
        """The corpus mentions ``name``: as written, as the plural of an acronym ("ARTI": "ARTIs"), spelled out
        ("FDA": "Food and Drug Administration"), or with one slip of typing in a long word."""
        if self.has_all(name):
            return True
        if name.isupper():
            return self.has_all(name + "s") or self.spells_out(name) or self._slip_of(name) is not None
        return all(self.has_all(w) or self.knows_spelling(w) for w in _WORD.findall(name))


# Words that say how to answer, not what about ("Can you summarize ...", "In a nutshell, ...", "the gist of ..."):
# rare enough in English to be held against a question whose documents never use them, which they seldom do.
_FRAMING_WORDS = "summarize summarise nutshell outline layman laymans tldr eli5 recap gist rundown lowdown"
_FRAMING = frozenset(_FRAMING_WORDS.split())


def content_words(question: str, min_letters: int) -> Iterator[tuple[re.Match[str], str]]:
    """Each content word of ``question`` once, lower-cased and without a possessive "'s", with its match.
    Stopwords, words shorter than ``min_letters``, contractions ("shouldn't", "they're": function words) and
    words that only frame the question are left out."""
    seen: set[str] = set()
    for match in _WORD.finditer(question):
        word = _POSSESSIVE.sub("", match.group(0).lower())
        if "'" in word or "’" in word or len(word) < min_letters or word in STOPWORDS or word in seen:
            continue
        if word in _FRAMING:
            continue
        seen.add(word)
        yield match, word


def corpus_spelled(question: str, vocabulary: Vocabulary) -> str:
    """``question`` with each misspelling of a word of the documents (see ``Vocabulary.corpus_spelling``) spelled
    as they spell it: retrieval, word matching and the model then read the word they use."""
    out, at = [], 0
    for match, word in content_words(question, _UNKNOWN_TYPO_MIN_LETTERS):
        spelled = vocabulary.corpus_spelling(word)
        if spelled is not None:
            out += [question[at : match.start()], spelled]
            at = match.end()
    return "".join(out) + question[at:] if out else question


def corpus_compounds(question: str, vocabulary: Vocabulary) -> str:
    """``question`` with each compound written as the documents write it, where they write it only one way: closed
    up ("breast feeding", "heart-beat": "breastfeeding", "heartbeat") or apart ("healthcare", "noninvasive":
    "health care", "non-invasive"). BM25, word matching and the model then read the documents' words.
    Function words are never joined ("may be", "in to"); nor are short words, mostly abbreviations, or words
    capitalised inside ("SARS-CoV infects")."""
    out, at = [], 0
    for match in islice(_WORD.finditer(question), _COMPOUND_MAX_WORDS):
        word = match.group(0)
        if word.islower() or word.istitle():
            apart = vocabulary.written_apart(word)
            if apart is not None:
                out += [question[at : match.start()], apart]
                at = match.end()
    question = "".join(out) + question[at:] if out else question
    out, at = [], 0
    for match in islice(_PAIR.finditer(question), _COMPOUND_MAX_WORDS):
        first, second = match.group(1), match.group(2)
        # Plain words only: capitals inside a word or on the second alone mark a name ("SARS-CoV infects").
        plain = (first.islower() and second.islower()) or (first.istitle() and not second.isupper())
        short = any(len(w) < _COMPOUND_MIN_LETTERS or w.lower() in STOPWORDS for w in (first, second))
        if match.start() < at or short or not plain:
            continue
        if vocabulary.writes_closed(first, second):
            out += [question[at : match.start()], first + second.lower()]
            at = match.end(1) + 1 + len(second)  # past the separator and the second word
    return "".join(out) + question[at:] if out else question


def topic_words(question: str, vocabulary: Vocabulary, max_zipf: float) -> list[str]:
    """Words of ``question`` that the corpus uses and that are rarer than ``max_zipf`` in English: what the
    question is about ("melatonin", "children"), without its common framing ("how", "should", "give")."""
    return [
        word
        for _, word in content_words(question, 3)
        if zipf_frequency(word, "en") < max_zipf and vocabulary.knows(word)
    ]


def unsupported_words(question: str, vocabulary: Vocabulary, rare_zipf: float) -> list[str]:
    """Words of ``question`` rarer than ``rare_zipf`` (wordfreq's Zipf scale: 4 is about once per 100,000
    English words) that the corpus does not use in any form. A misspelling of a corpus word ("limtations",
    "carageenan", "perscription": see ``Vocabulary.corpus_spelling``) is not a missing topic; an English word one
    letter from another as common ("Iceland", "Ireland") is a different word. Nor is a word of
    a name the documents write as an acronym ("trigeminal neuralgia": "TN", see rag.retrieval.acronyms)."""
    named = vocabulary.acronyms.name_words(question)
    return [
        word
        for _, word in content_words(question, _MIN_LETTERS)
        if zipf_frequency(word, "en") < rare_zipf
        and word not in named
        and not vocabulary.knows(word)
        and not vocabulary.misspells(word)
    ]


def support_penalty(
    words: list[str], rare_zipf: float, unit: float, zipf_floor: float = float("-inf")
) -> float:
    """How much the gate score drops for the unsupported ``words``: ``unit`` per Zipf point the rarest falls
    below ``rare_zipf``, and at least ``unit``. The rarer a word, the more specific it is, and the more the
    question hinges on it: "naloxone" (Zipf 2.5) decides what a question asks more than "capsules" (3.3).
    Below ``zipf_floor`` rarity tells no more: the words English frequency lists barely know are mostly
    coinages, compounds and spellings of technical writing ("underrecognised", "multicatheter",
    "tympanoplasty"), and a covered question carries them as often as an uncovered one."""
    if not words:
        return 0.0
    rarest = max(zipf_floor, min(zipf_frequency(word, "en") for word in words))
    return unit * max(1.0, rare_zipf - rarest)


def unknown_names(question: str, vocabulary: Vocabulary, rare_zipf: float) -> list[str]:
    """Names in the question (see ``named_terms``) that no document mentions, by name or spelled out, and its
    subject when that is a rare word no document uses ("Does acupuncture help?", "Is ibogaine effective?").
    The words of a name the documents write as an acronym are known (see rag.retrieval.acronyms), and so is an
    acronym the question spells out itself ("MR-mammography (MRM)"): its name's words are checked as words."""
    spelled = vocabulary.acronyms.name_words(question)
    # An acronym the question spells out itself stands for its name: known when each of the name's words is.
    explained = {
        acronym
        for acronym, words in defined_acronyms(question).items()
        if all(
            vocabulary.knows_name(w) if w[0].isupper() else vocabulary.knows(w)
            for w in words
            if w.lower() not in STOPWORDS
        )
    }
    names = [
        name
        for name in named_terms(question)
        if name.lower() not in spelled and name not in explained and not vocabulary.knows_name(name)
    ]
    found = _SUBJECT.match(question)
    word = next((g for g in found.groups() if g), "") if found is not None else ""
    # A capitalised subject is a name, checked above (and may be an acronym the documents spell out).
    if word.islower():
        # A compound ("multi-modal", "lipid-lowering", "infection-to-onset-distribution") is known when each of its
        # words is, joining words aside.
        parts = [part for part in word.split("-") if part and part.lower() not in STOPWORDS]
        zipf = zipf_frequency(word, "en")
        misspelled = vocabulary.misspells(word)  # as in unsupported_words
        if (
            zipf < rare_zipf
            and not misspelled
            and word.lower() not in spelled
            and not all(vocabulary.knows(p, _SUBJECT_FORMS) for p in parts)
        ):
            names.append(word)
    return names


# A yes/no question opens with its subject: "Does acupuncture help ...", "Can hypnotherapy ...". So does a question
# asking what a thing is or does, when the thing is all it names: "What is methadone?", "What are benzodiazepines
# used for?", "Tell me about ibogaine", "How does naltrexone work?", "What does fentanyl do?" ("What is methadone?"
# over pages on drug abuse was answered, marked doubtful, from the page on methamphetamine). Not "What is the X of
# ...": there X frames the question ("What is the acronym for ...") and the subject comes after it. When that word
# is rare and no document uses it, the documents are about something else, however close the rest of it matches.
# What the question is about is read strictly: a term that only shares its first half is another word as often as
# one of its forms ("methadone" is not "methamphetamine").
_SUBJECT_FORMS = 3
_SUBJECT = re.compile(
    r"^\s*(?:(?:does|do|did|can|could|is|are|was|were|will|would|should|may|might|has|have)\s+"
    r"(?:(?:a|an|the|taking|using|mixing|combining)\s+)?([^\W\d_][\w-]{3,})"
    r"|(?:what|who)\s+(?:is|are|was|were)\s+(?:(?:a|an)\s+)?([^\W\d_][\w-]{3,})"
    r"(?=\s*(?:used\s+for\s*)?[?.!]*\s*$)"
    r"|(?:tell\s+me\s+about|explain|describe|define)\s+(?:(?:a|an)\s+)?([^\W\d_][\w-]{3,})(?=\s*[?.!]*\s*$)"
    r"|how\s+(?:does|do)\s+([^\W\d_][\w-]{3,})\s+work\b"
    r"|what\s+(?:does|do)\s+([^\W\d_][\w-]{3,})\s+do\b)",
    re.IGNORECASE,
)


# Acronyms remembered per vocabulary; each answer is a scan of every passage, so repeats are worth keeping.
_SPELLED_CACHE = 4096
# Two capitalised words in a row are too common in titles ("Understanding Substance ...") to stand for "US".
_MIN_CAPITALISED = 3
# Short words a spelled-out name skips ("Food and Drug Administration" is FDA).
_NAME_JOINERS = r"(?:\s+(?:of|and|the|for|in|on|to|&))*"


def _spelled_out(acronym: str) -> re.Pattern[str] | None:
    letters = [c for c in acronym if c.isalpha()]
    if not 2 <= len(letters) <= 6:
        return None
    hyphenated = "-".join(rf"{c}[^\W\d_]*" for c in letters)
    if len(letters) < _MIN_CAPITALISED:
        return re.compile(rf"\b(?i:{hyphenated})\b")
    capitalised = (_NAME_JOINERS + r"\s+").join(rf"{c.upper()}[^\W\d_]+" for c in letters)
    return re.compile(rf"\b(?:(?i:{hyphenated})|{capitalised})\b")


_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-Z][a-z]+|[A-Z]{2,})\b")


def named_terms(question: str) -> list[str]:
    """Capitalised words and acronyms after the first word: the names (places, agencies, products) a question
    is about. A corpus that never mentions such a name cannot answer a question that hinges on it. In a
    question written in Title Case (as titles of papers are), capitals mark every word, not names: only
    acronyms count there; in one written in capitals, none does."""
    found = [m.group(0) for m in _NAME.finditer(question.strip()) if m.group(0) not in _NOT_NAMES]
    if _in_capitals(question):
        return []  # every word is in capitals: none is marked as a name or an acronym
    if _title_case(question):
        return [name for name in found if name.isupper()]
    return found


def _in_capitals(question: str) -> bool:
    words = [w for w in _WORD.findall(question) if len(w) > 3]
    return len(words) >= _TITLE_CASE_MIN_WORDS and sum(w.isupper() for w in words) >= _TITLE_CASE_SHARE * len(
        words
    )


def _title_case(question: str) -> bool:
    """Most longer words capitalised, and those that are not are function words ("with", "during"): a title
    leaves only those in lower case. A question with a lower-case content word ("Is kratom regulated by the
    Food and Drug Administration?") is a sentence, and its capitals mark a name."""
    words = [w for w in _WORD.findall(question) if len(w) > 3]
    capitalised = sum(1 for w in words if w[0].isupper() and not w.isupper())
    if len(words) < _TITLE_CASE_MIN_WORDS or capitalised < _TITLE_CASE_SHARE * len(words):
        return False
    lower = [w for w in words if w[0].islower() and not _function_word(w)]
    # A title may keep one technical word in lower case ("Gastrointestinal stromal Tumours, Will Kit Mutation
    # Analysis Be a Pathfinder?") when nearly all the others are capitalised.
    return not lower or (len(lower) == 1 and capitalised >= _TITLE_CASE_NEAR_ALL * len(words))


def _function_word(word: str) -> bool:
    return word.lower() in STOPWORDS or zipf_frequency(word, "en") >= _FUNCTION_WORD_ZIPF


_NOT_NAMES = frozenset({"I", "OK", "Ok", "TV"})
# Share of a question's longer words that are capitalised for it to read as Title Case.
_TITLE_CASE_SHARE = 0.6
# Share of capitalised longer words above which one lower-case content word still leaves a title.
_TITLE_CASE_NEAR_ALL = 0.8
# Lower-case words at least this common in English (Zipf: "during", "within", "after") may stand in a title.
_FUNCTION_WORD_ZIPF = 5.0
# Fewer long words than this, and one name of two words ("the United States") would look like Title Case.
_TITLE_CASE_MIN_WORDS = 5
