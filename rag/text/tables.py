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


def row_headers(text: str) -> dict[int, str]:
    """Per line of ``text`` that is a table's row under its first row, by the offset where the line starts: that
    first row (a Markdown table's rule under it skipped). One pass over the lines, so a table of any length
    costs what reading it does."""
    headers: dict[int, str] = {}
    header = ""
    in_table = False
    offset = 0
    for line in text.split("\n"):
        if not is_row(line):
            in_table, header = False, ""
        elif not in_table:
            in_table, header = True, ("" if _RULE.match(line) else line.strip())
        elif header:
            if not _RULE.match(line):
                headers[offset] = header
        elif not _RULE.match(line):
            header = line.strip()  # the rows began with a rule: the first row after it heads them
        offset += len(line) + 1
    return headers


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
