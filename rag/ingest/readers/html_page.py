"""HTML -> text, through BeautifulSoup (MIT) on lxml (BSD): the page's own text, one block per line.

Scripts, styles, navigation, forms, cookie and consent banners, and hidden elements are not text. Headings stay
as Markdown headings ("## Side effects") so that they read as section titles, list items as "- " lines, and
table rows as cells split by " | " (rows, as the sentence splitter reads them).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rag.ingest.readers.records import Extracted, UnreadableFile
from rag.ingest.readers.reflow import clean

_DROP_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "label",
    "dialog",
    "menu",
    "head",
]
_DROP_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "menu", "menubar"}
# Class or id words of page furniture: cookie and consent banners, menus, sharing bars, adverts, pop-ups.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|banner|navbar|nav|menu|breadcrumbs?|sidebar|share|sharing|social|"
    r"newsletter|subscribe|advert|ads?|promo|popup|modal|skip-link|site-header|site-footer)(?:$|[-_\s])",
    re.IGNORECASE,
)
_NEVER_FURNITURE = {"html", "body", "main", "article"}
_FURNITURE_MAX_SHARE = 0.5
_BLOCKS = set(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figcaption",
        "caption",
        "tr",
        "table",
        "ul",
        "ol",
        "dl",
        "br",
        "hr",
        "address",
        "details",
        "summary",
    ]
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}


def read_html(path: Path) -> Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "lxml")  # the parser reads the page's declared encoding
    # Read before <head> goes with the page furniture.
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    for element in list(soup.find_all(_DROP_TAGS)):
        if not element.decomposed:
            element.decompose()
    # A class name is a weaker sign than a tag ("sidebar-visible" on <body>): an element named like furniture
    # that holds most of the page's text is the page.
    page_chars = len(soup.get_text())
    for element in list(soup.find_all(True)):
        if element.decomposed or element.name in _NEVER_FURNITURE or not _is_furniture(element):
            continue
        if len(element.get_text()) < page_chars * _FURNITURE_MAX_SHARE:
            element.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    _walk(root, lines, [])
    text = "\n".join(line for line in lines if line)
    if not any(ch.isalnum() for ch in text):
        raise UnreadableFile("no text: the page holds only scripts, styles or navigation")
    return Extracted(text=text, title=title or None)


def _is_furniture(element: Any) -> bool:
    attrs = element.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("role") in _DROP_ROLES:
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    words = " ".join([*attrs.get("class", []), str(attrs.get("id", ""))])
    return bool(words.strip()) and bool(_FURNITURE.search(words))


def _walk(element: Any, lines: list[str], buffer: list[str]) -> None:
    """Appends the text of ``element`` to ``buffer``; a block element first flushes the buffer as a line."""
    from bs4 import NavigableString
    from bs4.element import Comment, Doctype, ProcessingInstruction

    for child in element.children:
        if isinstance(child, Comment | Doctype | ProcessingInstruction):
            continue
        if isinstance(child, NavigableString):
            buffer.append(str(child))
            continue
        name = child.name
        if name not in _BLOCKS:
            _walk(child, lines, buffer)
            continue
        _flush(lines, buffer, "")
        if name == "tr":
            cells = [clean(cell.get_text(" ")) for cell in child.find_all(["td", "th"])]
            lines.append(" | ".join(cell for cell in cells if cell))
            continue
        if name == "pre":  # preformatted: its line breaks are the author's
            lines.extend(clean(line) for line in child.get_text().splitlines())
            continue
        _walk(child, lines, buffer)
        prefix = "#" * _HEADINGS[name] + " " if name in _HEADINGS else "- " if name == "li" else ""
        _flush(lines, buffer, prefix)


def _flush(lines: list[str], buffer: list[str], prefix: str) -> None:
    # Outside <pre>, a line break in the source is a space, as a browser shows it.
    line = clean(re.sub(r"\s+", " ", "".join(buffer)))
    buffer.clear()
    if line:
        lines.append(prefix + line)
