"""A Markdown file's YAML front matter (Jekyll, Hugo, Obsidian): metadata, not text to quote.

In: the file's text. Out: the text without its front matter block, and the block's ``title`` if it names one. A
block that is not valid YAML, or not a mapping, is left in the text as it is.
"""

from __future__ import annotations

import json
import re

import yaml

# "---" alone on the first line, up to the next line that is "---" or "..." alone; a generous cap on its size.
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.{0,20000}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# A top-level "key: value" line whose plain value holds ": " ("title: Stopping smoking: a guide"), which YAML
# rejects but people write and static-site tools often accept.
_COLON_VALUE = re.compile(
    r"^([A-Za-z_][\w-]*:[ \t]+)([^'\"\[{|>&*!#\s][^\n]*?:[ \t][^\n]*?)[ \t]*$", re.MULTILINE
)


def front_matter(text: str) -> tuple[str, str | None]:
    """(the text without its front matter, the front matter's title or None)."""
    block = _BLOCK.match(text)
    if block is None:
        return text, None
    fields = _fields(block.group(1))
    if not isinstance(fields, dict):
        return text, None
    title = fields.get("title")
    named = " ".join(str(title).split()) if isinstance(title, str | int | float) else ""
    return text[block.end() :], named or None


def _fields(block: str) -> object:
    """The block as YAML; failing that, as YAML once each unquoted value holding ": " is quoted (a JSON string
    is a YAML double-quoted scalar); else None."""
    try:
        return yaml.safe_load(block)
    except yaml.YAMLError:
        pass
    quoted = _COLON_VALUE.sub(lambda m: m.group(1) + json.dumps(m.group(2), ensure_ascii=False), block)
    if quoted == block:
        return None
    try:
        return yaml.safe_load(quoted)
    except yaml.YAMLError:
        return None
