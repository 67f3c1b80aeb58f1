"""The words a question uses for the documents themselves: "What do the documents say about kava?", "According
to the articles, is it addictive?".

They name the collection, not the subject asked about, and a collection rarely calls itself "the documents": on
the kratom articles "documents" was a word no document uses, so the focus-word rule read the evidence as
ignoring it and sank "What do the documents say about kava?" to not_found, while "What do the sources say about
kava?" was answered; "documents" also pulled the question's meaning away from any article about kava. The query
that retrieval reads leaves these phrases out; the question is shown and answered as asked.
"""

from __future__ import annotations

import re

_NOUN = r"(?:documents?|docs|articles?|texts?|sources?|files?|papers?|materials?|collection|corpus|library)"
_THESE = r"(?:the|these|those|this|your|my|our|all\s+(?:of\s+)?(?:the|these|your|my|our))"
_ON = r"(?:on|about|over|regarding|concerning|as\s+to|with\s+regard\s+to)(?:\s+(?:whether|if))?\b"
_DISAGREE = (
    rf"(?:ever\s+)?(?:disagree|agree|differ|conflict|contradict\s+(?:each\s+other|one\s+another))"
    rf"(?:\s+with\s+(?:each\s+other|one\s+another))?\s+{_ON}"
)
_DISPUTE = r"(?:disagreements?|agreement|contradictions?|conflicts?|debate|consensus|controversy|inconsistenc(?:y|ies))"
# Whether they agree on the subject: "Do the sources disagree on the incubation period?", "Is there any disagreement
# between the articles about kratom and sleep?". The framing is no part of what is asked about ("Do the sources
# contradict each other on whether kratom is addictive?" found sentences on treatment); any disagreement on the
# subject is shown beside the answer, as for any question, and the answer says so when there is none.
_AGREEMENT = rf"""(?:
      ^\s*(?:(?:where|how)\s+)?(?:do|does|did)\s+(?:{_THESE}\s+{_NOUN}|they)\s+{_DISAGREE}
    | ^\s*(?:is|are)\s+there\s+(?:any\s+|a\s+)?{_DISPUTE}(?:\s+(?:between|among|in|across)\s+{_THESE}\s+{_NOUN})?
      \s+{_ON}
    )"""
_ASKS_AGREEMENT = re.compile(_AGREEMENT, re.IGNORECASE | re.VERBOSE)
_PHRASES = re.compile(
    rf"""(?:
      ,?\s*\b(?:according\s+to|in|from|within|across)\s+{_THESE}\s+{_NOUN}\b,?
    | \b(?:do|does|did)\s+{_THESE}\s+{_NOUN}\s+
      (?:say|mention|tell(?:\s+(?:me|us))?|report|state|claim|discuss|cover|describe|explain|suggest)\b
    | {_AGREEMENT}
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SPACES = re.compile(r"\s{2,}")
_BEFORE_MARK = re.compile(r"\s+([?.!,;:])")


def without_collection_words(question: str) -> str:
    """``question`` without the phrases that refer to the collection; the question itself when that would
    leave no word of it."""
    if not _PHRASES.search(question):
        return question
    stripped = _BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", _PHRASES.sub(" ", question))).strip(" ,")
    return stripped if re.search(r"\w", stripped) else question


def asks_agreement(question: str) -> bool:
    """``question`` asks whether the documents disagree on a subject it names ("Do the sources disagree on ...?")."""
    return bool(_ASKS_AGREEMENT.search(question)) and without_collection_words(question) != question
