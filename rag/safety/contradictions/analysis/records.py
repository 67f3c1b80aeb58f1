"""What the analysis of one claim holds: its tokens and lemmas, its subject, and the stances, kinds,
comparisons and amounts it asserts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Stance:
    """``value`` +1 (good for / less of ``anchor``), -1 (bad for / more of), 0 (no effect); on the safety axis +1
    safe, -1 dangerous, 0 a safety put in doubt ("its long-term safety is unknown").

    ``cue`` is the word (or two) that took the side, as written ("prevents", "lead to"), and ``position`` the
    token index of the anchor, so a label can quote the verb and the phrase around the anchor. ``cue_at`` is the
    token index of the word that took the side (-1 when unknown): what stands before it says what acts.
    """

    axis: str
    anchor: str
    surface: str
    value: int
    negated: bool
    kind: str = ""
    cue: str = ""
    position: int = -1
    cue_at: int = -1


@dataclass(frozen=True)
class Category:
    """ "X is a tree": the subject (its stem, to match, and as written, to name it), its verb, the kinds."""

    subject: str
    kinds: frozenset[str]
    phrase: str
    named: str
    verb: str = "is"
    initial: bool = False  # the name opens the claim (so its capital may be the sentence's)


@dataclass(frozen=True)
class Comparison:
    """ "X is (far) more/less ADJ than Y": ``degree`` +1 more, -1 less; ``denied`` when the claim says it is
    not so ("no more effective than") or puts it in doubt ("it has not been established that ...").

    ``subject`` and ``other`` are the stems of X and Y; ``phrase`` the words from "more"/"less" to the end
    of Y as written, and ``named`` X as written, so a label can quote them.
    """

    adjective: str
    degree: int
    denied: bool
    subject: frozenset[str]
    other: frozenset[str]
    named: str
    verb: str
    phrase: str


@dataclass
class Analysis:
    """One claim as read: its tokens, where they stand and their lemmas, its subject, and what it asserts."""

    text: str
    tokens: list[str]
    spans: list[tuple[int, int]]  # each token's characters in ``text``, to quote phrases as written
    lemmas: list[str]
    content: set[str]
    subject: set[str]
    subject_words: tuple[int, int] | None = None  # tokens first..last of the subject, when one was found
    advice: bool = False  # a prohibition ("Do not ...", "Never ..."): it advises, it does not assert
    stances: list[Stance] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    quantities: list[tuple[str, float, float]] = field(default_factory=list)
    evidence: int = 0  # +1 strong evidence asserted, -1 hedged, 0 neither
    negated_terms: set[str] = field(default_factory=set)
    comparisons: list[Comparison] = field(default_factory=list)

    def hyphened(self, k: int) -> bool:
        """Whether token ``k`` is joined to the one before it by a hyphen ("habit-forming", "COVID-19")."""
        return 0 < k < len(self.tokens) and self.text[self.spans[k - 1][1] : self.spans[k][0]] in ("-", "‐")

    def quote(self, first: int, last: int) -> str:
        """Tokens ``first``..``last`` as the text writes them (hyphens, case), on one line."""
        if not 0 <= first <= last < len(self.tokens):
            return ""
        words = " ".join(self.text[self.spans[first][0] : self.spans[last][1]].split())
        # A bracket would open or close outside the label: "the disease (COVID-19" reads as "the disease".
        cut = min((words.find(b) for b in "()[]" if b in words), default=-1)
        return words[:cut].rstrip(" ,;:-") if cut > 0 else words
