"""What kind of thing a question asks for, and whether the evidence found for it holds one.

"How long does withdrawal last?" asks for a length of time ("how long is ...?" for a length, of time or of
anything else). Documents that discuss withdrawal at length match it closely in meaning, and even in words
("long-term use ..."), so the gate reads the question as covered; but unless a sentence found for it names a
length of time ("three days", "several weeks", "within 72 hours"), the documents do not answer it, and saying
they do would mislead. Such an answer is marked low confidence: the closest quotes, said to be that. Likewise
"how many ...?" asks for a count, which only a number, or a word for one ("dozens", "several"), gives, and "how
common ...?" or "how often ...?" for a frequency: a number, a share, or a word for one ("rare", "most").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

Kind = Literal["duration", "length", "count", "frequency"]

# "How long-term ..." asks about something else; "how long ago" still asks for a time.
_DURATION_QUESTION = re.compile(r"\bhow\s+long\b(?!-)", re.IGNORECASE)
# "How long is the gene / the incubation period?": a length in any unit, of time or not.
_LENGTH_QUESTION = re.compile(r"\bhow\s+long\s+(?:is|are|was|were)\b", re.IGNORECASE)
_COUNT_QUESTION = re.compile(r"\bhow\s+many\b", re.IGNORECASE)
_FREQUENCY_QUESTION = re.compile(
    r"\bhow\s+(?:common(?:ly)?|often|frequent(?:ly)?|prevalent|widespread|rare|rarely|usual)\b", re.IGNORECASE
)

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?"
)
_UNIT = r"(?:second|minute|min|hour|hr|day|night|week|month|year|decade|centur(?:y|ie))s?"
_DURATION = re.compile(
    rf"\b(?:\d[\d.,]*|{_NUMBER_WORDS}|a|an|several|few|couple\s+of|many)[\s-]+{_UNIT}\b"
    r"|\b(?:seconds|minutes|hours|days|nights|weeks|months|years|decades|centuries)\b"
    r"|\b(?:overnight|lifelong|permanent(?:ly)?|indefinitely)\b",
    re.IGNORECASE,
)
# A number standing alone, or a range of two: not the digit of a name ("7-hydroxymitragynine", "HIV-1", "H1N1").
_NUMBER = r"(?<![\w-])\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?%?(?![\w-])"
_TIME_COUNT_QUESTION = re.compile(rf"\bhow\s+many\s+(?:more\s+|fewer\s+)?{_UNIT}\b", re.IGNORECASE)
# A number of units of time ("2 to 4 weeks", "six hours") is a length of time, not a count of what was asked
# about: "How many people take antidepressants?" is not answered by "It usually takes 2 to 4 weeks".
_OF_TIME = rf"(?![\s-]*(?:(?:to|or|and|-|–)\s*(?:\d[\d.,]*|{_NUMBER_WORDS})[\s-]*)?{_UNIT}\b)"
# "There is no limit on how many needles you can take" answers "How many ...?" too.
_COUNT = re.compile(
    rf"{_NUMBER}{_OF_TIME}|\b(?:{_NUMBER_WORDS}){_OF_TIME}\b|\b(?:several|few|numerous|multiple|half|majority"
    r"|minority|single)\b"
    r"|\b(?:no\s+limit|unlimited|as\s+many\s+as\s+(?:you|they|we|needed|necessary|possible)|any\s+number)\b",
    re.IGNORECASE,
)
# A frequency: a number or a share, or a word for one. Not a count of things ("several procedures"), not an
# adverb that qualifies something else ("not usually helpful"), and not "common", which as often describes
# something else ("insomnia, a common issue in recovery") as it says how common the thing asked about is.
_FREQUENCY = re.compile(
    rf"{_NUMBER}|\b(?:{_NUMBER_WORDS.removeprefix('one|')})\b"
    r"|\b(?:uncommon(?:ly)?|rare(?:ly)?|(?:in)?frequen(?:t|tly|cy)|prevalen(?:t|ce)|incidence|"
    r"occasional(?:ly)?|half|majority|minority|most|many|few|every|daily|weekly|monthly|yearly|annual(?:ly)?|"
    r"per\s+(?:day|week|month|year))\b",
    re.IGNORECASE,
)
_EVIDENCE = {
    "duration": _DURATION,
    "length": re.compile(f"{_DURATION.pattern}|{_NUMBER}", re.IGNORECASE),
    "count": _COUNT,
    "frequency": _FREQUENCY,
}


def asked_kind(question: str) -> Kind | None:
    """The kind of thing ``question`` asks for, when it asks for a length of time, a count or a frequency."""
    if _LENGTH_QUESTION.search(question):
        return "length"
    if _DURATION_QUESTION.search(question):
        return "duration"
    if _COUNT_QUESTION.search(question):
        # "How many days does it last?" counts units of time: a length of time answers it.
        return "duration" if _TIME_COUNT_QUESTION.search(question) else "count"
    if _FREQUENCY_QUESTION.search(question):
        return "frequency"
    return None


def holds_kind(kind: Kind, texts: Iterable[str]) -> bool:
    """Some text names a thing of that kind."""
    pattern = _EVIDENCE[kind]
    return any(pattern.search(text) for text in texts)
