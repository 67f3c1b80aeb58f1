"""Every fixed text an answer's layout adds around the quotes (overview, group labels, the pointer to a
disagreement), in one place so that a message catalogue can take them over. Only structure fills the blanks:
counts, the question's own words, a disagreement's topic label and the documents' titles."""

from __future__ import annotations

# The answer's head, the overview, not_found, withheld notes and the dosing help are in the message catalogue
# (rag/answer/messages.py, one file per language); these are the layout's English-only texts.

# Group labels: the yes/no question's own subject and predicate, said or denied.
GROUP_YES = "Say yes ({subject} {aux} {predicate}):"
GROUP_NO = "Say no ({subject} {aux} not {predicate}):"
NEGATED_AUX = {"can": "cannot"}
GROUP_OTHER = "Also in the documents:"

# The pointer from the answer to a disagreement, whose sides are set out apart (evidence panel, CLI section).
# The pointer's text is in the message catalogue (``disagree`` in data/messages/<language>.yaml).
POINTER_JOIN = ", "

# A disagreement's note (whose sides they are) is in the message catalogue (note_same_source, note_two_sources).

# The chat's headline, the evidence panel (rag/ui/render.py) and the CLI's section with the sides are in the
# message catalogue too (the ui_* and cli_* texts).


def group_label(yes: bool, subject: str, aux: str, predicate: str) -> str:
    """ "Say yes (X is addictive):" / "Say no (X is not addictive):", in the question's own words."""
    if yes:
        return GROUP_YES.format(subject=subject, aux=aux, predicate=predicate)
    negated = NEGATED_AUX.get(aux)
    if negated:
        return GROUP_NO.replace("{aux} not", "{aux}").format(
            subject=subject, aux=negated, predicate=predicate
        )
    return GROUP_NO.format(subject=subject, aux=aux, predicate=predicate)


# The chat's example question for a collection whose manifest offers none (a new user's own documents); the
# reply's texts are in the message catalogue (collection_*).
COLLECTION_STARTER = "What are these documents about?"
