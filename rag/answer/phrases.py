"""Every fixed text an answer's layout adds around the quotes (overview, group labels, the pointer to a
disagreement), in one place so that a message catalogue can take them over. Only structure fills the blanks:
counts, the question's own words, a disagreement's topic label and the documents' titles."""

from __future__ import annotations

# The answer's head, not_found, withheld notes and the dosing help are in the message catalogue
# (rag/answer/messages.py, one file per language); these are the layout's English-only texts.

# The overview: how many documents speak to the question, what the quotes say to a yes/no question, and
# whether the sources disagree.
# (one, many) forms; {n} is the count.
OVERVIEW_DOCUMENTS = ("1 document speaks to this question", "{n} documents speak to this question")
OVERVIEW_YES = "{quotes} {verb} yes"
OVERVIEW_NO = "{quotes} {verb} no"
OVERVIEW_SAID_JOIN = ", "
OVERVIEW_QUOTES = ("1 quote", "{n} quotes")
OVERVIEW_VERB = ("says", "say")
OVERVIEW_DISAGREE = "they disagree on {topics}"
OVERVIEW_JOIN = "; "
TOPIC_JOIN = " and on "

# Group labels: the yes/no question's own subject and predicate, said or denied.
GROUP_YES = "Say yes ({subject} {aux} {predicate}):"
GROUP_NO = "Say no ({subject} {aux} not {predicate}):"
NEGATED_AUX = {"can": "cannot"}
GROUP_OTHER = "Also in the documents:"

# The pointer from the answer to a disagreement, whose sides are set out apart (evidence panel, CLI section).
# The pointer's text is in the message catalogue (``disagree`` in data/messages/<language>.yaml).
POINTER_JOIN = ", "

# A disagreement's note: whose sides they are.
NOTE_ONE_SOURCE = "{title} says both, in different places."
NOTE_SOURCES = "{titles} disagree."
TITLE_JOIN = ", "
TITLE_LAST = " and "

# The chat's headline and the evidence panel (rag/ui/render.py).
CHAT_DISAGREE_HEAD = " · sources disagree: their sides are in the evidence panel"
PANEL_SIDE_QUOTED = "Quoted in the answer:"

# The CLI's section with the sides.
CLI_DISPUTES = "Sources disagree"
CLI_TOPIC = "On {topic}:"
CLI_QUOTED_ABOVE = "(quoted above)"


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


def counted(forms: tuple[str, str], n: int) -> str:
    """The first form for 1, else the second, with ``{n}`` filled in."""
    return (forms[0] if n == 1 else forms[1]).format(n=n)


def titles(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return TITLE_JOIN.join(names[:-1]) + TITLE_LAST + names[-1]
