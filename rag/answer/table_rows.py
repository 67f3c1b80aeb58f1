"""A table row that gives a dose, quoted up to the cell before it.

A medicines table holds a dose in one column and what a reader asks about in the others: "| Guanfacine (Intuniv)
| non-stimulant | all day | 1 mg a day |" was withheld whole, and "Is guanfacine a stimulant?" was answered without
it. The row's cells before the first one that makes it dosing guidance are a verbatim stretch of the document and
are quoted as such; the cells from there on are never shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rag.text.segment import is_table_row

if TYPE_CHECKING:
    from collections.abc import Callable

    from rag.retrieval.records import CandidateSentence

# Where a cell ends: a tab, or a pipe with the spaces before it.
_CELL_END = re.compile(r"[ \t]*(?:\t|\|)")
# A Markdown row's opening pipe and the spaces after it are no part of its first cell.
_ROW_OPENING = re.compile(r"^[ \t]*\|?[ \t]*")
# A quote of a row holds at least this many cells with words: what a row is about and something said of it.
_MIN_CELLS = 2


def cells_before_dose(
    candidates: list[CandidateSentence], is_withheld: Callable[[str], bool]
) -> tuple[list[CandidateSentence], frozenset[str]]:
    """``candidates`` with each withheld table row cut to its longest run of whole cells from the first that is not
    withheld (at least two of them); and the ids of the rows so cut. A row that cannot be cut stays whole, and
    withheld."""
    out: list[CandidateSentence] = []
    cut: set[str] = set()
    for candidate in candidates:
        if not is_table_row(candidate.text) or not is_withheld(candidate.text):
            out.append(candidate)
            continue
        shown = _quotable_cells(candidate.text, is_withheld)
        if shown is None:
            out.append(candidate)
            continue
        start, end = shown
        out.append(
            candidate.model_copy(
                update={
                    "text": candidate.text[start:end],
                    "start": candidate.start + start,
                    "end": candidate.start + end,
                }
            )
        )
        cut.add(candidate.sentence_id)
    return out, frozenset(cut)


def _quotable_cells(row: str, is_withheld: Callable[[str], bool]) -> tuple[int, int] | None:
    opening = _ROW_OPENING.match(row)
    start = opening.end() if opening else 0
    ends = [m.start() for m in _CELL_END.finditer(row, start) if m.start() > start]
    for end in reversed(ends):
        shown = row[start:end]
        cells = [cell for cell in re.split(r"\t|\|", shown) if any(ch.isalnum() for ch in cell)]
        if len(cells) >= _MIN_CELLS and not is_withheld(shown):
            return start, end
    return None
