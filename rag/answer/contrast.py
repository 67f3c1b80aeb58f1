"""Questions that ask how things differ, and the sentences that state a difference.

"How do X and Y differ?" is answered by a sentence that draws the contrast ("their actions are distinct",
"less potent than Y", "unlike Y, X ..."), which often names neither X nor Y ("both substances") and so scores
below sentences that merely mention them together. Among the sentences good enough to quote, those come first.
English wording only: elsewhere nothing matches and the order is the score's.
"""

from __future__ import annotations

import re

from rag.retrieval.records import CandidateSentence

# "Differ" and its forms, not "well differentiated" (a grade of tissue) nor "differential diagnosis". "Why do
# people react differently?" asks what makes reactions vary, which a contrast between two things does not answer.
_ASKS = re.compile(
    r"\b(?:differ(?:s|ed|ing|ence|ences|ent)?|differentiate|distinguish\w*|compar(?:e|es|ed|ing|ison)|versus|vs\.?|unlike|contrast\w*)(?!\w)",
    re.IGNORECASE,
)
# What a sentence says when it draws a contrast or a comparison; "than" carries every comparative
# ("less potent than", "more often than", "rather than"; "more than 20 million" is a count), ", while" the commonest
# contrast of scientific prose ("X uses A, while Y uses B"; a sentence opening "While ..." concedes instead). "Different" contrasts only before "from", "than" or
# "to": "three different viruses" is variety.
_STATES = re.compile(
    r"\b(?:differ(?:s|ed|ing|ence|ences|ently)?|different(?=\s+(?:from|than|to)\b)|distinct(?:ly|ion|ions)?"
    r"|distinguish\w*|unlike|whereas|(?<=, )while|(?<=, )whilst|than(?!\s+(?:\d|half\b|a (?:third|quarter|half)\b))"
    r"|in contrast|by contrast|contrary to|compared (?:with|to)|as opposed to)\b",
    re.IGNORECASE,
)


# A contrast answers the question only when it is drawn between the things asked about: the sentence names one
# of the question's words, or speaks of the pair ("both substances", "their actions", "the two"). "Contrary to
# claims about sleep, ..." draws a contrast about something else.
_PAIR = re.compile(r"\b(?:both|the two|each|their|they|them|these|those)\b", re.IGNORECASE)


def asks_difference(question: str) -> bool:
    """Whether the question asks how things differ or compare."""
    return _ASKS.search(question) is not None


def states_difference(sentence: str) -> bool:
    """Whether the sentence draws a contrast or a comparison."""
    return _STATES.search(sentence) is not None


def answers_difference(sentence: CandidateSentence) -> bool:
    """Whether the candidate draws a contrast between the things the question asks about."""
    text = sentence.text
    return states_difference(text) and (sentence.lexical > 0 or _PAIR.search(text) is not None)
