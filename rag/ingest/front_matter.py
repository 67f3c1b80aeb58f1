"""A Markdown file's YAML front matter (Jekyll, Hugo, Obsidian): metadata, not text to quote.

In: the file's text. Out: the text without its front matter block, and the block's ``title`` if it names one. A
block that is not valid YAML, or not a mapping, is left in the text as it is.
"""

from __future__ import annotations

import re

import yaml

# "---" alone on the first line, up to the next line that is "---" or "..." alone; a generous cap on its size.
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.{0,20000}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def front_matter(text: str) -> tuple[str, str | None]:
    """(the text without its front matter, the front matter's title or None)."""
    block = _BLOCK.match(text)
    if block is None:
        return text, None
    try:
        fields = yaml.safe_load(block.group(1))
    except yaml.YAMLError:
        return text, None
    if not isinstance(fields, dict):
        return text, None
    title = fields.get("title")
    named = " ".join(str(title).split()) if isinstance(title, str | int | float) else ""
    return text[block.end() :], named or None
