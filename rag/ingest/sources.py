"""A corpus file's text as the index keeps it: the file's own UTF-8 text, or what a reader extracts from a PDF,
HTML or DOCX file. Extraction is cached per file state, since every scan of the corpus asks again."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

from pydantic import BaseModel

from rag.ingest.readers import READER_SUFFIXES, UnreadableFile, read_document, reader_version
from rag.settings import Settings

_MB = 1 << 20
# Extracted files kept in memory: a corpus scan reads each file again, and a PDF takes seconds to extract.
_CACHE_SIZE = 512
_cache: OrderedDict[tuple[str, int, int, int, str], Source | str] = OrderedDict()


class Source(BaseModel):
    """``basis`` is what incremental indexing hashes: the text itself, or for an extracted file the hash of its
    bytes with the reader's version (an edited PDF re-indexes, an unchanged one does not)."""

    text: str
    pages: list[int] | None = None
    basis: str


def extracted(path: Path) -> bool:
    return path.suffix.lower() in READER_SUFFIXES


def size_limit(path: Path, settings: Settings) -> tuple[int, str]:
    """The most bytes ``path`` may have, and the setting that says so."""
    if extracted(path):
        return int(settings.max_file_mb * _MB), "RAG_MAX_FILE_MB"
    return settings.max_document_bytes, "RAG_MAX_DOCUMENT_BYTES"


def read_source(path: Path, settings: Settings) -> Source | str:
    """The file's text, or why it cannot be used (the caller has checked that it is a regular file within the
    size limit)."""
    if not extracted(path):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            return "not valid UTF-8 text"
        return Source(text=text, basis=text)
    stat = path.stat()
    unpacked = int(settings.max_unpacked_mb * _MB)
    key = (str(path), stat.st_mtime_ns, stat.st_size, unpacked, reader_version(path.suffix))
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    result = _extract(path, unpacked, key[-1])
    _cache[key] = result
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return result


def _extract(path: Path, max_unpacked_bytes: int, reader: str) -> Source | str:
    try:
        data = path.read_bytes()
        found = read_document(path, max_unpacked_bytes)
    except UnreadableFile as exc:
        return str(exc)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    digest = hashlib.sha256(data).hexdigest()
    return Source(text=found.text, pages=found.pages, basis=f"{reader}\x00{digest}")
