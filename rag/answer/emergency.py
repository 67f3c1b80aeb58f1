"""The reply to a question that tells of an overdose happening now opens with where to get help at once, in the
asker's language, whatever else it says (rag.safety.dosing.emergency reads the question)."""

from __future__ import annotations

from rag.answer.messages import messages_for
from rag.safety.dosing.emergency import tells_of_emergency
from rag.types import Answer


def with_emergency(answer: Answer) -> Answer:
    """``answer`` opened by the emergency notice in its language when its question tells of an emergency."""
    if not tells_of_emergency(answer.question):
        return answer
    notice = messages_for(answer.language).emergency
    return answer.model_copy(update={"emergency": notice, "text": f"{notice}\n{answer.text}"})
