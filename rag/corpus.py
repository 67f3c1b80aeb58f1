"""Reading and validating the corpus: which files are documents, their titles and content hashes."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from pydantic import BaseModel, ValidationError

from rag.settings import Settings
from rag.types import Document, SkippedFile

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


class ManifestEntry(BaseModel):
    file: str
    title: str


class Manifest(BaseModel):
    documents: list[ManifestEntry] = []


class CorpusScan(BaseModel):
    documents: list[Document]
    skipped: list[SkippedFile]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> str:
    """The document text as Python reads it (UTF-8, universal newlines); citation offsets index this string."""
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
    return {entry.file: entry.title for entry in manifest.documents}, skipped


def scan_corpus(settings: Settings) -> CorpusScan:
    """Every readable document; files that cannot be used are skipped with a warning naming them."""
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        return CorpusScan(documents=[], skipped=[_skip(corpus_dir, "corpus folder does not exist")])
    titles, skipped = load_titles(corpus_dir)
    documents: list[Document] = []
    seen_hashes: dict[str, str] = {}
    seen_ids: set[str] = set()
    for path in sorted(corpus_dir.iterdir()):
        if path.name == MANIFEST or path.suffix.lower() not in settings.document_suffixes:
            continue
        problem = _problem(path, corpus_dir, settings.max_document_bytes)
        text = None if problem else _decode(path)
        if text is None:
            skipped.append(_skip(path, problem or "not valid UTF-8 text"))
            continue
        if not text.strip():
            skipped.append(_skip(path, "empty"))
            continue
        if "\x00" in text:
            skipped.append(_skip(path, "binary content (NUL bytes)"))
            continue
        digest = content_hash(text)
        if digest in seen_hashes:
            skipped.append(_skip(path, f"same content as {seen_hashes[digest]}"))
            continue
        if path.stem in seen_ids:
            skipped.append(_skip(path, f"another file already has the id {path.stem}"))
            continue
        seen_hashes[digest] = path.name
        seen_ids.add(path.stem)
        title = titles.get(path.name) or _fallback_title(text, path)
        documents.append(
            Document(source_id=path.stem, title=title, path=path, text=text, content_hash=digest)
        )
    return CorpusScan(documents=documents, skipped=skipped)


def _problem(path: Path, corpus_dir: Path, max_bytes: int) -> str | None:
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(corpus_dir.resolve()):
            return "symlink pointing outside the corpus folder"
        if not path.is_file():
            return "not a regular file"
        size = path.stat().st_size
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if size > max_bytes:
        return f"too large ({size:,} bytes; the limit is {max_bytes:,}, RAG_MAX_DOCUMENT_BYTES)"
    return None


def _decode(path: Path) -> str | None:
    try:
        return read_text(path)
    except (UnicodeDecodeError, OSError):
        return None


def _fallback_title(text: str, path: Path) -> str:
    first = text.strip().splitlines()[0].strip()
    return first[:80] + ("…" if len(first) > 80 else "") if first else path.stem


def _skip(path: Path, reason: str) -> SkippedFile:
    log.warning("skipping %s: %s", path, reason)
    return SkippedFile(path=str(path), reason=reason)
