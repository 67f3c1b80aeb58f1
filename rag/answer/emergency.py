"""The reply to a question that tells of an overdose happening now opens with where to get help at once, in the
asker's language, whatever else it says (rag.safety.dosing.emergency reads the question)."""

from __future__ import annotations

from collections.abc import Callable

from rag.answer.messages import messages_for
from rag.safety.dosing.emergency import tells_of_emergency
from rag.types import Answer, Turn


def with_emergency(answer: Answer, emergency: bool) -> Answer:
    """``answer`` opened by the emergency notice in its language when ``emergency``: its question tells of one
    (rag.safety.dosing.emergency), or goes on with a conversation that just did (``goes_on_with_emergency``)."""
    if not emergency:
        return answer
    notice = messages_for(answer.language).emergency
    return answer.model_copy(update={"emergency": notice, "text": f"{notice}\n{answer.text}"})


def goes_on_with_emergency(
    question: str, history: list[Turn], topic_words: Callable[[str], list[str]]
) -> bool:
    """The asker's last turn told of an emergency and ``question`` names no subject of its own (``topic_words``:
    the words of a text that the documents use): it goes on with that conversation ("What do I do now?"). Only
    the asker's turns are read: the reply's own emergency line tells of none."""
    asked = [turn.content for turn in history if turn.role == "user"]
    return bool(asked) and tells_of_emergency(asked[-1]) and not topic_words(question)
