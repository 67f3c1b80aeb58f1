"""A corpus file's text as the index keeps it: the file's own text (UTF-8, or a legacy encoding: see
``encoding``), or what a reader extracts from a PDF, HTML or DOCX file.

Extracted text is kept beside the index (``<store_dir>/extracted/``, keyed by the file's bytes and the reader's
version) and in memory per file state: every scan of the corpus asks again, every process start too (`rag ask`),
and a long PDF takes seconds to extract.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections import OrderedDict
from pathlib import Path

from pydantic import BaseModel

from rag.ingest.encoding import decode_text
from rag.ingest.front_matter import front_matter
from rag.ingest.readers import READER_SUFFIXES, Extracted, UnreadableFile, read_document, reader_version
from rag.settings import Settings

log = logging.getLogger(__name__)

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
    # The title the file gives itself (HTML <title>, DOCX Title, Markdown front matter).
    title: str | None = None


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
            decoded = decode_text(path.read_bytes())
        except OSError as exc:
            return f"unreadable ({exc.strerror or exc})"
        if decoded is None:
            return "not valid UTF-8 text, nor text in an encoding that can be told (save it as UTF-8)"
        text, encoding = decoded
        if encoding != "utf-8":
            log.info("%s: read as %s", path.name, encoding)
        title = None
        if path.suffix.lower() == ".md":
            text, title = front_matter(text)
        return Source(text=text, basis=text, title=title)
    stat = path.stat()
    unpacked = int(settings.max_unpacked_mb * _MB)
    key = (str(path), stat.st_mtime_ns, stat.st_size, unpacked, reader_version(path.suffix))
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    result = _extract(path, unpacked, key[-1], settings.store_dir / "extracted")
    _cache[key] = result
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return result


def _extract(path: Path, max_unpacked_bytes: int, reader: str, kept: Path) -> Source | str:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        basis = f"{reader}\x00{digest}"
        cached = kept / f"{hashlib.sha256(basis.encode()).hexdigest()[:40]}.json"
        found = _load(cached) or read_document(path, max_unpacked_bytes)
    except UnreadableFile as exc:
        return str(exc)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    _keep(cached, found)
    return Source(text=found.text, pages=found.pages, basis=basis, title=found.title)


def _load(cached: Path) -> Extracted | None:
    try:
        return Extracted.model_validate_json(cached.read_bytes())
    except (OSError, ValueError):  # not kept yet, or damaged: extract again
        return None


def _keep(cached: Path, found: Extracted) -> None:
    if cached.is_file():
        return
    partial = cached.with_suffix(f".{os.getpid()}.part")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(found.model_dump_json(), encoding="utf-8")
        os.replace(partial, cached)  # whole or not at all: a reader never sees half a file
    except OSError as exc:  # a read-only store folder costs time, not correctness
        log.debug("cannot keep extracted text at %s: %s", cached, exc)
        with contextlib.suppress(OSError):
            partial.unlink()
