"""Claims: the sentence-level statements of a document; compound sentences are split where a clause
claims on its own.

Every claim keeps exact offsets, so ``claim.text == document.text[claim.start:claim.end]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.safety.contradictions.analysis.reader import analyse
from rag.safety.contradictions.lexicon import (
    BENEFIT,
    CAUSE,
    COPULA,
    HARM,
    OCCURRENCE,
    PERSONS,
    PRONOUNS,
    RELIEVE,
    SUBJECT_END,
)
from rag.text.segment import inside_brackets, split_sentences
from rag.text.tokens import is_plural
from rag.types import Document

# Clause boundaries inside a sentence: a semicolon, or a comma before a contrastive conjunction, or ", and"
# followed by a new subject, never inside brackets. The text after the boundary starts the next clause.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:but|yet|whereas|however|although|though)\b)"
    r"|,\s+and\s+(?=(?:it|they|this|these|there|he|she|we|its|their)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_MIN_CLAIM_WORDS = 4
# A sentence stating what a study set out to do asserts nothing ("To determine whether early treatment shortens
# headaches", "The aim of this study was to assess ...", "We investigated whether ..."): like a question, it is
# no claim, though the rules would read "shortens headaches" in it as one.
_INQUIRY = (
    r"(?:determine|investigate|assess|evaluate|examine|explore|compare|test|identify|describe|establish|"
    r"analy[sz]e|clarify|ascertain|estimate|measure|review|consider|characteri[sz]e|quantify|study|verify)"
)
_AIM = re.compile(
    rf"^\W*(?:(?:objectives?|aims?|purposes?|goals?)\s*:\s*)?(?:(?:in order )?to {_INQUIRY}\b"
    r"|(?:the |our |this )?(?:main |primary )?(?:aims?|purposes?|objectives?|goals?)\b[^.;]{0,60}?\b(?:was|were|is|are) to\b"
    r"|(?:we|this (?:study|review|trial|article|paper)|the (?:present )?study)\b[^.;]{0,30}?\b"
    r"(?:aimed|aims|sought|seeks|set out|investigated|investigates|examined|examines|evaluated|evaluates|"
    r"explored|explores|assessed|assesses|tested|tests|asked|asks)\b[^.;]{0,40}?\b(?:whether|if)\b)",
    re.IGNORECASE,
)
# Quote marks that wrap a whole paragraph are not part of what the claim says.
_STRIP = "\"“”'‘’ "


@dataclass(frozen=True)
class Claim:
    """One checkable statement; ``ordinal`` counts the claims of its document in reading order.

    ``reading`` is the claim as the rules read it when it differs from ``text``: "It reduces cravings" after
    "Buprenorphine is a medicine ..." reads "Buprenorphine reduces cravings" (see ``_reading``)."""

    claim_id: str
    source_id: str
    title: str
    start: int
    end: int
    text: str
    ordinal: int
    reading: str = ""

    @property
    def read(self) -> str:
        return self.reading or self.text


def claim_id(source_id: str, start: int, end: int) -> str:
    """Deterministic, so re-adding a document after a crash overwrites instead of duplicating."""
    return f"{source_id}#{start}-{end}"


def extract_claims(document: Document) -> list[Claim]:
    """The claims of ``document`` in reading order; headings, questions and fragments are left out."""
    claims: list[Claim] = []
    # What an opening "it" may stand for: the sentence or clause before, even one too short to be a claim
    # ("Naloxone is safe. It has no effect on ...").
    previous: _Antecedent | None = None
    for span in split_sentences(document.text):
        if span.heading or span.text.rstrip(_STRIP).endswith("?") or _AIM.match(span.text):
            continue
        for start, end in _clauses(document.text, span.start, span.end):
            text = document.text[start:end]
            reading = _reading(document.text, previous, start, text)
            previous = _Antecedent(end, _CONJUNCTION.sub("", reading or text, count=1))
            if len(_WORD.findall(text)) < _MIN_CLAIM_WORDS:
                continue
            claims.append(
                Claim(
                    claim_id=claim_id(document.source_id, start, end),
                    source_id=document.source_id,
                    title=document.title,
                    start=start,
                    end=end,
                    text=text,
                    ordinal=len(claims),
                    reading=reading,
                )
            )
    return claims


@dataclass(frozen=True)
class _Antecedent:
    end: int
    read: str


def _reading(document: str, previous: _Antecedent | None, start: int, text: str) -> str:
    """The claim with an opening "it" read as the subject the sentence or clause before it names (a claim or one
    too short to be one), on the same line; "" when it opens otherwise, or that subject is not one thing. An
    opening "they" or "both" that stands alone is read so too, as the things the subject before names together
    ("Methadone and buprenorphine are ... Both reduce cravings"); "Both medicines ..." names its own.

    The rules take a claim naming nothing ("it can cause ...") to be about whatever the other claim names: in
    a page on one plant it is. A clinic's page on one medicine, beside its page on another, is not about the
    other: "It reduces cravings and withdrawal symptoms" (buprenorphine) and "Naloxone can cause sudden
    opioid withdrawal" take no sides on one question. An "it" that stands for nothing ("It is unclear whether
    ...", "It was shown that ...") is left as it is."""
    read = analyse(text)
    # A clause split off its sentence ("..., but it is not harmless") opens with its conjunction.
    lead = 1 if read.tokens[:1] and read.tokens[0] in _CONTINUING else 0
    tokens = read.tokens[lead:]
    if len(tokens) < 3 or previous is None or "\n" in document[previous.end : start]:
        return ""
    one = tokens[0] == "it"
    # "Both medicines ...", "Both intramuscular and intranasal delivery ...": a subject of its own.
    if not one and (tokens[0] not in _STANDING_ALONE or tokens[1] not in _VERB_AFTER_SUBJECT):
        return ""
    if tokens[1] in _LINKING and _PLACEHOLDER.intersection(tokens[2:6]):
        return ""
    if tokens[1] in COPULA and "to" in tokens[2:5]:
        return ""  # "It is difficult to tell ...", and "It is safe to give ..." may be read either way
    before = analyse(previous.read)
    if before.subject_words is None:
        return ""
    first, last = before.subject_words
    named = before.tokens[first : last + 1]
    # "it" is one thing: not a pronoun, not a plural ("Opioids are ..."), not a person. "They" and "both" are
    # things named together: "they" after a plural alone is as often the authors, the patients or anything else
    # named before ("Patients were randomised ... They conducted ...").
    if PRONOUNS.intersection(named) or PERSONS.intersection(named):
        return ""
    if is_plural(named[-1]) if one else "and" not in named[1:-1]:
        return ""
    subject = before.text[before.spans[first][0] : before.spans[last][1]]
    at, after = read.spans[lead]
    return text[:at] + (subject if lead else subject[:1].upper() + subject[1:]) + text[after:]


# After "it is/has been/seems", these say the "it" stands for what follows ("It is unclear whether ...", "It has
# been shown that ...").
# The conjunctions a clause split off its sentence may open with (see _CLAUSE_BREAK).
_CONTINUING = frozenset({"but", "yet", "whereas", "however", "although", "though", "and"})
_CONJUNCTION = re.compile(rf"^(?:{'|'.join(sorted(_CONTINUING))})\b,?\s*", re.IGNORECASE)
# Plural pronouns that may stand for the previous subject, when their verb follows them at once ("Both reduce
# cravings", "They can occur together").
_STANDING_ALONE = frozenset({"they", "both"})
_VERB_AFTER_SUBJECT = SUBJECT_END | RELIEVE | BENEFIT | CAUSE | HARM | OCCURRENCE
_LINKING = COPULA | frozenset({"has", "have", "had", "seems", "appears", "remains"})
_PLACEHOLDER = frozenset({"that", "whether", "if", "how", "why", "when", "what"})


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if inside_brackets(text, start, match.start()):
            # "(relative risk, 0.17; 95% confidence interval, ...)": a semicolon in brackets separates figures.
            continue
        before = text[cursor : match.start()]
        after = text[match.end() : end]
        # Split only when both sides are long enough to be claims; otherwise the clause qualifies the other.
        if len(_WORD.findall(before)) >= _MIN_CLAIM_WORDS and len(_WORD.findall(after)) >= _MIN_CLAIM_WORDS:
            pieces.append((cursor, match.start()))
            cursor = match.end()
    pieces.append((cursor, end))
    return [trimmed for s, e in pieces if (trimmed := _trim(text, s, e))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return (start, end) if end > start else None
