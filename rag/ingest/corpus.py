"""Reading and validating the corpus: which files are documents, their titles and content hashes."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError
from wordfreq import zipf_frequency

from rag.ingest.chunking import window_revisions
from rag.ingest.corpus_files import document_ids, list_corpus
from rag.ingest.sources import extracted, read_source, size_limit
from rag.settings import Settings
from rag.text.segment import (
    BULLETS_REVISION,
    LONE_ROWS_REVISION,
    LONG_SENTENCES_REVISION,
    REFERENCES_REVISION,
    SEMICOLONS_REVISION,
    TABLES_REVISION,
    TITLED_REFERENCES_REVISION,
    continues,
    has_content_after_references,
    has_later_bullets,
    has_lone_row,
    has_long_sentences,
    has_table_body,
    has_wrapped_semicolon,
    opens_with_references_heading,
    title_case,
)
from rag.text.thai import THAI_SEGMENTATION, has_thai
from rag.types import Document, SkippedFile

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
# Shown when neither the manifest title, the first line nor the file name may be shown.
UNTITLED = "Untitled document"
TitleGuard = Callable[[str], bool]
"""True for a title that must not be shown. Ingest cannot know why (the rule, dosing guidance, belongs to a later
stage), so whoever wires the stages passes it in; without one every title is shown as found."""
# A fallback title has at most ``Settings.title_max_words`` words, and at most these many characters: a first
# line that reads as a heading is the author's own title; a document that opens with a paragraph has no title
# line, so only its beginning (up to the shorter cap) is shown.
_HEADING_TITLE_CHARS = 150
_PARAGRAPH_TITLE_CHARS = 80
# A manifest title is the user's own and kept whole up to this length; a longer one (a pasted text, a broken
# export) would fill every citation and is cut at a word boundary like the others.
_MANIFEST_TITLE_CHARS = 300
# Markdown that a title shown in a citation should not carry, in the order applied. HTML is left alone: the
# renderers escape it, and a title that shows it is more honest than one that silently loses it.
_TITLE_MARKUP = (
    (re.compile(r"^\s*(?:>\s*)*(?:#+\s*|(?:[-+*]|\d+[.)])\s+)?"), ""),  # quote, heading and list markers
    (re.compile(r"\s+#+\s*$"), ""),  # the optional closing hashes of a heading
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: their text
    # Emphasis, code and strikethrough only in pairs, as Markdown reads them: a lone "*" or "__" is text.
    (re.compile(r"(\*{1,3}|`+|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # not snake_case inside a word
)
# An all-capitals first line ("A PRACTICAL GUIDE TO NRT") is shown in title case: capitals throughout read as
# shouting in a citation. Short words rarer than this in English are acronyms and keep their capitals.
_SHOUT_MIN_LETTERS = 8
_ACRONYM_LETTERS = 4
_COMMON_ZIPF = 4.0
_TWO_LETTER_WORDS = frozenset(
    {
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
    }
    | {"so", "to", "up", "we"}
)
_TITLE_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to"}
)
# A line ending like a sentence is prose, not a heading (closing quotes and brackets may follow the mark).
_SENTENCE_END = re.compile(r"[.!?;:…][\"'”’)\]]*$")
# Every (path, mtime, size, reason) already warned about: a command scans the corpus several times, and one
# warning per problem is enough; a file that changes and is still unusable is a new problem and warned again.
_warned: set[tuple[str, int, int, str]] = set()


class ManifestEntry(BaseModel):
    file: str
    title: str


class Manifest(BaseModel):
    documents: list[ManifestEntry] = []
    # Questions the UI offers on first load: they belong to the documents, so they live with them, not in code.
    examples: list[str] = []


class CorpusScan(BaseModel):
    documents: list[Document]
    skipped: list[SkippedFile]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_hash(basis: str, title: str, text: str | None = None) -> str:
    """What incremental indexing compares: ``basis`` (the text itself, or for an extracted file its reader and
    bytes) and the title, stored with every passage, sentence and claim, so a new title (in the manifest) must
    rewrite them just as new text does; ``text`` (else ``basis``) is what the segmentation markers read."""
    read = basis if text is None else text
    basis = f"{title}\x00{basis}"  # NUL: documents never contain it (binary files are skipped)
    if has_thai(read):
        # Thai sentences are cut by a model since session 25 (rag.text.thai): a Thai document indexed before is
        # read again once, and no other document is.
        basis += f"\x00{THAI_SEGMENTATION}"
    if has_later_bullets(read):
        basis += f"\x00{BULLETS_REVISION}"
    if has_wrapped_semicolon(read):
        basis += f"\x00{SEMICOLONS_REVISION}"
    if has_table_body(read):
        basis += f"\x00{TABLES_REVISION}"
    if has_long_sentences(read):
        basis += f"\x00{LONG_SENTENCES_REVISION}"
    if has_content_after_references(read):
        basis += f"\x00{REFERENCES_REVISION}"
    if opens_with_references_heading(read):
        basis += f"\x00{TITLED_REFERENCES_REVISION}"
    if has_lone_row(read):
        basis += f"\x00{LONE_ROWS_REVISION}"
    for revision in window_revisions(read):
        basis += f"\x00{revision}"
    return content_hash(basis)


def read_text(path: Path) -> str:
    """The text of a .txt or .md document as Python reads it (UTF-8, universal newlines); citation offsets index
    this string. For PDF, HTML and DOCX files the text is what their reader extracts (``Document.text``)."""
    return path.read_text(encoding="utf-8")


def load_titles(corpus_dir: Path) -> tuple[dict[str, str], list[SkippedFile]]:
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}, []
    try:
        manifest = Manifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError) as exc:
        return {}, [
            _skip(path, f"manifest is not valid JSON of the expected shape ({exc.__class__.__name__})")
        ]
    skipped = [
        _skip(corpus_dir / entry.file, "named in the manifest but missing")
        for entry in manifest.documents
        if not (corpus_dir / entry.file).is_file()
    ]
    # A file in a folder is named by its path in the corpus folder, "leaflets/patch.pdf".
    return {Path(entry.file).as_posix(): entry.title for entry in manifest.documents}, skipped


def load_examples(corpus_dir: Path) -> list[str]:
    """The example questions the corpus's manifest offers; none when it has no manifest or no examples."""
    try:
        text = (corpus_dir / MANIFEST).read_text(encoding="utf-8")
        return Manifest.model_validate(json.loads(text)).examples
    except (OSError, ValueError, ValidationError):
        return []  # load_titles already warns about a broken manifest


def scan_corpus(settings: Settings, withhold_title: TitleGuard | None = None) -> CorpusScan:
    """Every readable document; files that cannot be used are skipped with a warning naming them.

    A title is shown in every citation of its document, so one that ``withhold_title`` rejects is replaced by the
    next candidate that passes: the manifest's title, the file's own (an HTML <title>, a DOCX Title, Markdown front
    matter), the first line, the file name, then ``UNTITLED``."""
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        return CorpusScan(documents=[], skipped=[_skip(corpus_dir, "corpus folder does not exist")])
    titles, skipped = load_titles(corpus_dir)
    listing = list_corpus(corpus_dir, exclude=settings.store_dir)
    skipped.extend(_skip(path, reason) for path, reason in listing.passed_over)
    files = [path for path in listing.files if path != corpus_dir / MANIFEST]
    ids = document_ids([p for p in files if p.suffix.lower() in settings.document_suffixes], corpus_dir)
    documents: list[Document] = []
    seen_hashes: dict[str, str] = {}
    for path in files:
        if path not in ids:
            # Said, not passed over: an RTF or ODT file dropped in the folder was never answered from, and nothing
            # told its owner why.
            skipped.append(_skip(path, _not_a_document(path, settings)))
            continue
        problem = _problem(path, corpus_dir, settings)
        source = problem or read_source(path, settings)
        if isinstance(source, str):
            skipped.append(_skip(path, source))
            continue
        text = source.text
        if not text.strip():
            skipped.append(_skip(path, "empty"))
            continue
        if "\x00" in text:
            skipped.append(_skip(path, "binary content (NUL bytes)"))
            continue
        digest = content_hash(source.basis)
        name = path.relative_to(corpus_dir).as_posix()
        if digest in seen_hashes:
            skipped.append(_skip(path, f"same content as {seen_hashes[digest]}"))
            continue
        seen_hashes[digest] = name
        title = _title(titles.get(name), source.title, text, path, settings.title_max_words, withhold_title)
        documents.append(
            Document(
                source_id=ids[path],
                title=title,
                path=path,
                text=text,
                content_hash=document_hash(source.basis, title, text),
                pages=source.pages,
            )
        )
    return CorpusScan(documents=documents, skipped=skipped)


def _not_a_document(path: Path, settings: Settings) -> str:
    """Why a file in the corpus folder is not read, and what is."""
    kinds = ", ".join(settings.document_suffixes)
    suffix = path.suffix.lower()
    return (
        f"no reader for {suffix} files ({kinds} are read)" if suffix else f"no file type ({kinds} are read)"
    )


def _problem(path: Path, corpus_dir: Path, settings: Settings) -> str | None:
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(corpus_dir.resolve()):
            return "symlink pointing outside the corpus folder"
        if not path.is_file():
            return "not a regular file"
        size = path.stat().st_size
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    max_bytes, setting = size_limit(path, settings)
    if size > max_bytes:
        return f"too large ({size:,} bytes; the limit is {max_bytes:,}, {setting})"
    return None


def _title(
    manifest_title: str | None,
    own_title: str | None,
    text: str,
    path: Path,
    max_words: int,
    withhold: TitleGuard | None,
) -> str:
    """The manifest's title (on one line, and cut if it is far longer than a title), the one the file gives
    itself (shortened as a first line is), its first line, its name: the first that the guard lets through."""
    given = " ".join(manifest_title.split()) if manifest_title else None
    given = _shorten(given, len(given), _MANIFEST_TITLE_CHARS) if given else None
    own = _shorten(_plain_title(own_title), max_words, _HEADING_TITLE_CHARS) if own_title else None
    for candidate in (
        given,
        own,
        _fallback_title(text, max_words, one_paragraph_a_line=extracted(path)),
        path.stem,
    ):
        if candidate and (withhold is None or not withhold(candidate)):
            return candidate
    return UNTITLED


def _fallback_title(text: str, max_words: int, one_paragraph_a_line: bool = False) -> str | None:
    """The first line with words in it, as plain text and short; None when there is none. A line that the next
    one continues (a hard-wrapped paragraph, a transcript's captions) is the opening of a paragraph, not a heading:
    it is cut as a paragraph is, with its ellipsis. With ``one_paragraph_a_line`` (a PDF, Word or HTML file, whose
    reader has joined wrapped lines already) no line continues another: a PDF's long title took its subtitle in,
    "Buprenorphine treatment: what to expect in the first month Community Addiction…"."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        title = _plain_title(line)
        if any(ch.isalnum() for ch in title):
            wrapped = (
                not one_paragraph_a_line
                and i + 1 < len(lines)
                and continues(line, lines[i + 1])
                and not title_case(title)
            )
            if wrapped:
                # A word broken over the lines ("non-" + "pharmaceutical") is whole again.
                joint = "" if title.endswith("-") else " "
                title = _plain_title(f"{title}{joint}{lines[i + 1]}")
            heading = not wrapped and (line.lstrip().startswith("#") or not _SENTENCE_END.search(title))
            cut = _shorten(title, max_words, _HEADING_TITLE_CHARS if heading else _PARAGRAPH_TITLE_CHARS)
            return cut if not wrapped or cut.endswith("…") else f"{cut}…"
    return None


def _plain_title(line: str) -> str:
    """``line`` without Markdown markup, on one line of single spaces, and not in capitals throughout."""
    for pattern, replacement in _TITLE_MARKUP:
        line = pattern.sub(replacement, line)
    words = line.split()
    if sum(ch.isalpha() for ch in line) > _SHOUT_MIN_LETTERS and line.upper() == line:
        words = [_unshout(word, first=i == 0) for i, word in enumerate(words)]
    return " ".join(words)


def _unshout(word: str, first: bool) -> str:
    """A word of an all-capitals heading in title case; a short word that is not an English word ("NRT", "UK")
    is an acronym and stays as it is."""
    lower = word.lower()
    core = "".join(ch for ch in lower if ch.isalnum())  # "US?" is the word "us"
    if len(core) <= _ACRONYM_LETTERS and zipf_frequency(core, "en") < _COMMON_ZIPF:
        return word
    if len(core) == 2 and core.isalpha() and core not in _TWO_LETTER_WORDS:
        return word  # "UK", "US": common as words, but two capitals are an abbreviation
    if not first and core in _TITLE_SMALL_WORDS:
        return lower
    return word[:1] + lower[1:]


def _shorten(title: str, max_words: int, max_chars: int) -> str:
    words = title.split(" ")  # _plain_title leaves single spaces
    if len(words) <= max_words and len(title) <= max_chars:
        return title
    cut = " ".join(words[:max_words])[:max_chars]
    # Cut at a word boundary: half a word reads as a typo.
    if len(cut) < len(title) and title[len(cut)] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"


def _skip(path: Path, reason: str) -> SkippedFile:
    key = (str(path), *_file_state(path), reason)
    if key not in _warned:
        _warned.add(key)
        log.warning("skipping %s: %s", path, reason)
    return SkippedFile(path=str(path), reason=reason)


def _file_state(path: Path) -> tuple[int, int]:
    """Modification time and size, (-1, -1) for a file that cannot be read (missing, dangling link)."""
    try:
        stat = path.stat()
    except OSError:
        return -1, -1
    return stat.st_mtime_ns, stat.st_size
