"""Tables as the readers write them: one row per line, cells between bars ("Injection | Given by a clinician",
"| Form | How it is taken |"). A row says what its cells are only through its table's first row."""

from __future__ import annotations

import re

# A Markdown table's rule under its header ("|---|:--:|").
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# Longer "cells" are prose with a bar in it: a page's running head run into a paragraph ("www.journal.org
# February 2013 | Volume 7 | Article 11 | 2 it could be taken up ...").
_CELL_CHARS = 80


def is_row(line: str) -> bool:
    found = cells(line)
    return len(found) >= 2 and all(len(cell) <= _CELL_CHARS for cell in found)


def table_header(text: str, start: int) -> str:
    """The first row of the table whose row holds offset ``start`` of ``text``; "" when that line is no table
    row, or is the first."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if not is_row(text[line_start : line_end if line_end >= 0 else len(text)]):
        return ""
    header = ""
    for line in reversed(text[: max(line_start - 1, 0)].split("\n") if line_start else []):
        if not is_row(line):
            break
        if not _RULE.match(line):
            header = line.strip()
    return header


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_row(title: str, header: str, row: str) -> str:
    """A table's row as it reads to someone who sees the page: under the page's title, each cell named by its
    column ("Buprenorphine treatment. Form: Tablet or film; How it is taken: Dissolved under the tongue")."""
    names, values = cells(header), cells(row)
    said = (
        "; ".join(f"{name}: {value}" for name, value in zip(names, values, strict=True))
        if len(names) == len(values)
        else f"{header}\n{row}"
    )
    return f"{title}. {said}" if title else said
