"""Acronyms the documents use for a name the question spells out.

Documents name a thing in full once and by its initials after that ("complex regional pain syndrome (CRPS) ...
treatment of CRPS"), and some never spell it out at all. A question that uses the full name then shares no word
with most sentences about the thing, and the embedding model reads the name and the initials as unrelated.
Retrieval therefore reads the question with the documents' acronym after the name it stands for ("... Complex
Regional Pain Syndrome (CRPS)"), and the gate does not hold that name's words against the question.

Initials alone prove little: a scientific corpus uses hundreds of acronyms, and "mother to child transmission"
holds the initials of "CT", "MC" and "MCT". A name counts as spelled out when the documents define the acronym
as that name (in its own brackets, "diabetic ketoacidosis (DKA)", read by Schwartz and Hearst's rule), or when
the question writes it as a name: two or more capitalised words in a row, the whole run, not its first word
("treatments for Motor Neuron Diseases"), for an acronym of three letters or more.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rag.text.tokens import STOPWORDS, tokenize

# Initials in capitals, with a plural "s" ("MNDs"); longer runs of capitals are words set in capitals.
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,6})s?(?![\w-])")
# An acronym defined in brackets after its name: "motor neuron disease (MND)", "(MNDs;".
_DEFINED = re.compile(r"\(\s*([A-Z]{2,6})s?\s*[),;]")
_WORD = re.compile(r"[^\W\d_]+")
# What may stand between the words of one name: spaces or a hyphen ("over-the-counter"), nothing else.
_GAP = re.compile(r"[\s-]+")
# Short words a name may skip in its initials ("Centers for Disease Control": CDC; "mother-to-child": MTCT or MCT).
_JOINERS = frozenset({"of", "and", "the", "for", "in", "on", "to", "&"})
_MAX_LETTERS = 6
_MAX_WORDS = 10
# An undefined acronym is taken from the question's capitals only at this length: two letters are the initials of
# too many names.
_MIN_NAME_LETTERS = 3
_MEMO = 1024

# Per acronym (as BM25 reads it), the terms of the name it stands for: word matching reads the two as one term.
Aliases = Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class SpelledOut:
    """Characters ``start``-``end`` of a text spell out ``acronym`` in ``words``."""

    start: int
    end: int
    acronym: str
    words: tuple[str, ...]


class Acronyms:
    """The acronyms of a corpus: those its texts use, and the names they define them as."""

    def __init__(self, texts: Iterable[str]) -> None:
        used: set[str] = set()
        defined: dict[str, set[tuple[str, ...]]] = {}
        for text in texts:
            for match in _ACRONYM.finditer(text):
                if not (
                    _capitals_beside(text, match.start(), before=True) or _capitals_beside(text, match.end())
                ):
                    used.add(match.group(1))
            for match in _DEFINED.finditer(text):
                name = _defined_name(text[max(0, match.start() - 120) : match.start()], match.group(1))
                if name:
                    defined.setdefault(match.group(1), set()).add(name)
        self.used = frozenset(used)
        self.defined = {acronym: frozenset(names) for acronym, names in defined.items()}
        # Each defined name's acronym (the first found, should two acronyms share a name).
        self._named = {name: acronym for acronym, names in sorted(self.defined.items()) for name in names}
        # A question is read for names up to four times (its query, the gate's word checks); remembered.
        self._read: dict[str, list[SpelledOut]] = {}

    def spelled_out(self, text: str) -> list[SpelledOut]:
        """The names in ``text`` that stand for one of the corpus's acronyms, the longest first where two
        overlap."""
        if not self.used:
            return []
        if text not in self._read:
            if len(self._read) >= _MEMO:
                self._read.clear()  # questions choose the keys: the memo must not grow without bound
            self._read[text] = self._names(text)
        return self._read[text]

    def _names(self, text: str) -> list[SpelledOut]:
        words = list(_WORD.finditer(text))
        runs = _capitalised_runs(text, words)
        found: list[SpelledOut] = []
        for i, j in _phrases(text, words):
            name = tuple(w.group(0) for w in words[i : j + 1])
            acronym = self._named.get(_normalised(name))
            if acronym is None and (i, j) in runs:
                acronym = next(
                    (a for a in _initials(name) if len(a) >= _MIN_NAME_LETTERS and a in self.used), None
                )
            if acronym is not None and acronym in self.used:
                found.append(SpelledOut(words[i].start(), words[j].end(), acronym, name))
        chosen: list[SpelledOut] = []
        for candidate in sorted(found, key=lambda f: (-len(f.acronym), -len(f.words), f.start)):
            if all(candidate.end <= c.start or candidate.start >= c.end for c in chosen):
                chosen.append(candidate)
        return sorted(chosen, key=lambda f: f.start)

    def expand(self, text: str) -> str:
        """``text`` with each spelled-out name followed by the documents' acronym for it, unless the text
        already uses that acronym, in any case ("the (TEAM) team")."""
        present = _upper_words(text)
        out, at = [], 0
        for name in self.spelled_out(text):
            if name.acronym in present:
                continue
            out += [text[at : name.end], f" ({name.acronym})"]
            at = name.end
        return "".join(out) + text[at:] if out else text

    def aliases(self, text: str) -> dict[str, frozenset[str]]:
        """Per acronym that ``text`` uses beside the name it spells out (as ``expand`` writes it), the name's
        terms, both as BM25 reads them. Word matching counts the two as one term: a passage that uses either
        has it, and one that uses both does not score twice (it would outrank the documents that only ever
        write the name)."""
        present = _upper_words(text)
        out: dict[str, frozenset[str]] = {}
        for name in self.spelled_out(text):
            acronym, terms = tokenize(name.acronym), frozenset(tokenize(" ".join(name.words)))
            if name.acronym in present and acronym and terms:
                out[acronym[0]] = terms
        return out

    def name_words(self, text: str) -> set[str]:
        """The words (lower-cased) of the names in ``text`` that the documents write as an acronym."""
        return {word.lower() for name in self.spelled_out(text) for word in name.words}


def defined_acronyms(text: str) -> dict[str, tuple[str, ...]]:
    """The acronyms ``text`` defines in brackets after the name they stand for, with that name's words as
    written ("computer-aided diagnosis (CAD)", "MR-mammography (MRM)")."""
    out = {}
    for match in _DEFINED.finditer(text):
        words = _defined_words(text[max(0, match.start() - 120) : match.start()], match.group(1))
        if words:
            out[match.group(1)] = words
    return out


def _upper_words(text: str) -> set[str]:
    """The text's words in capitals: an acronym it already uses, in any case."""
    return {word.upper() for word in _WORD.findall(text)}


def _phrases(text: str, words: list[re.Match[str]]) -> Iterable[tuple[int, int]]:
    """(first, last) word of each run of words that could be a name: joined by spaces or hyphens only, not
    opening or closing on a function word, with no function word inside but the joiners."""
    for i, first in enumerate(words):
        if _function_word(first.group(0)):
            continue
        for j in range(i, min(len(words), i + _MAX_WORDS)):
            if j > i and not _GAP.fullmatch(text[words[j - 1].end() : words[j].start()]):
                break
            word = words[j].group(0)
            if word.lower() in _JOINERS:
                continue
            if _function_word(word):
                break
            if j > i:
                yield i, j


def _initials(name: tuple[str, ...]) -> Iterable[str]:
    """The name's initials, with and without each joiner's ("mother to child transmission": MTCT, MCT)."""
    joiners = [k for k, w in enumerate(name) if w.lower() in _JOINERS]
    seen: set[str] = set()
    for kept in itertools.product((False, True), repeat=min(len(joiners), 3)):
        keep = {k for k, flag in zip(joiners, kept, strict=False) if flag}
        letters = "".join(w[0].upper() for k, w in enumerate(name) if w.lower() not in _JOINERS or k in keep)
        if 2 <= len(letters) <= _MAX_LETTERS and letters not in seen:
            seen.add(letters)
            yield letters


def _defined_name(before: str, acronym: str) -> tuple[str, ...] | None:
    """The name an acronym in brackets stands for, normalised (see ``_defined_words``)."""
    words = _defined_words(before, acronym)
    return None if words is None else _normalised(words)


def _defined_words(before: str, acronym: str) -> tuple[str, ...] | None:
    """The words of the name an acronym in brackets stands for, as written: the shortest run of words just before
    it in which the acronym's letters appear in order, the first one opening a word ("diabetic ketoacidosis
    (DKA)", "mother-to-child transmission (MTCT)"; Schwartz and Hearst's rule for abbreviation definitions)."""
    limit = min(len(acronym) + 5, 2 * len(acronym))
    written = _WORD.findall(before)[-limit:]
    words = [w.lower() for w in written]
    letters = acronym.lower()
    k = len(letters) - 1
    for w in range(len(words) - 1, -1, -1):
        word = words[w]
        at = len(word) - 1
        while k >= 0 and at >= 0:
            # The acronym's first letter must open a word; the others may stand anywhere in one.
            if word[at] == letters[k] and (k > 0 or at == 0):
                k -= 1
            at -= 1
        if k < 0:
            name = tuple(written[w:])
            return None if _function_word(name[0].lower()) or len(name) < 2 else name
    return None


def _normalised(name: tuple[str, ...]) -> tuple[str, ...]:
    """A name's words lower-cased, without a plural "s" and without joiners: "Motor Neuron Diseases" and
    "motor neuron disease" are one name."""
    out = []
    for word in name:
        lowered = word.lower()
        if lowered in _JOINERS:
            continue
        out.append(lowered[:-1] if len(lowered) > 3 and lowered.endswith("s") else lowered)
    return tuple(out)


def _capitalised_runs(text: str, words: list[re.Match[str]]) -> set[tuple[int, int]]:
    """(first, last) word of each whole run of capitalised words (joiners may stand inside), other than one
    that opens the text, in a text with lower-case words of meaning (not in capitals or Title Case)."""
    if not any(_plain(w.group(0)) for w in words):
        return set()  # Title Case or capitals: every word is capitalised, names are not marked
    runs: set[tuple[int, int]] = set()
    i = 1  # the first word is capitalised as the text's first
    while i < len(words):
        if not _capitalised(words[i].group(0)):
            i += 1
            continue
        j = i
        while j + 1 < len(words) and _GAP.fullmatch(text[words[j].end() : words[j + 1].start()]):
            nxt = words[j + 1].group(0)
            joined = nxt.lower() in _JOINERS and j + 2 < len(words) and _capitalised(words[j + 2].group(0))
            if _capitalised(nxt) or joined:
                j += 1
            else:
                break
        if j > i:
            runs.add((i, j))
        i = j + 1
    return runs


def _plain(word: str) -> bool:
    """A lower-case word that carries meaning: a text that has one capitalises names only."""
    return len(word) > 2 and word.islower() and word not in STOPWORDS


def _capitalised(word: str) -> bool:
    return word[0].isupper() and not word.isupper()


def _function_word(word: str) -> bool:
    """A function word ("what", "are"), or a word in capitals (already an acronym, or shouting)."""
    return word.lower() in STOPWORDS or (len(word) > 1 and word.isupper())


def _capitals_beside(text: str, at: int, *, before: bool = False) -> bool:
    """The word next to position ``at`` (the one before it, or after it) is in capitals too."""
    if before:
        match = re.search(r"([^\W\d_]{2,})[\s:,;-]+$", text[max(0, at - 40) : at])
    else:
        match = re.match(r"[\s:,;-]+([^\W\d_]{2,})", text[at : at + 40])
    return match is not None and match.group(1).isupper()
