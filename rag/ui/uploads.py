"""Adding a document from the UI: a safe file name in the corpus folder, the same bad-file rules as indexing.

The uploaded file is checked (size, then read as its format) before it enters the corpus folder, and enters it
under a new name only: a hard link is created, which fails rather than replace a file that is already there.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Literal

from rag.answer.messages import Messages, messages_for
from rag.ingest.corpus_files import list_corpus
from rag.ingest.sources import read_source, size_limit
from rag.settings import Settings
from rag.text.language import ENGLISH

_UNSAFE = re.compile(r"[^\w.\- ]+")
_MAX_STEM_CHARS = 80
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# Why an upload was refused: each names a catalogue text, ``upload_<reason>``.
Reason = Literal["wrong_type", "too_large", "empty", "same_content", "unreadable", "no_name"]


class UploadRejected(ValueError):
    """The file was not added; the message says why, for the person who uploaded it: ``reason`` names a text of
    the message catalogues (``upload_*``) and ``values`` fills it, so the reason is told in the reader's
    language; ``str()`` tells it in English."""

    def __init__(self, name: str, reason: Reason, **values: str) -> None:
        self.name, self.reason, self.values = name, reason, values
        super().__init__(f"{name}: {self.told(messages_for(ENGLISH))}")

    def told(self, texts: Messages) -> str:
        """The reason in ``texts``' language (a reader's own detail stays English)."""
        return str(getattr(texts, f"upload_{self.reason}")).format(**self.values)


def uploads_enabled(settings: Settings) -> bool:
    """Uploads are on only when asked for, and on an address other machines can reach only behind basic auth."""
    if not settings.uploads:
        return False
    return settings.host in _LOOPBACK or bool(settings.auth_user and settings.auth_password)


def safe_name(name: str, suffixes: tuple[str, ...]) -> str:
    """The file's own name, without any folder part ("../../x.pdf", "C:\\x.pdf") or characters that are not
    letters, digits, spaces, dots, dashes or underscores; its suffix must be a document suffix."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in suffixes:
        raise UploadRejected(repr(base or name), "wrong_type", suffixes=", ".join(suffixes))
    stem = _UNSAFE.sub("_", stem).strip(" ._-")[:_MAX_STEM_CHARS].strip(" ._-")
    return f"{stem or 'document'}{suffix}"


def free_name(corpus_dir: Path, name: str) -> str:
    """``name``, or "name-2", "name-3" ...: a document id (file stem) no file in the folder has yet."""
    stem, suffix = name.rsplit(".", 1)
    taken = {p.stem.lower() for p in corpus_dir.iterdir()}
    candidate, n = stem, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return f"{candidate}.{suffix}"


def _same_content(corpus_dir: Path, basis: str, settings: Settings) -> Path | None:
    for path in list_corpus(corpus_dir, exclude=settings.store_dir).files:
        if path.is_file() and path.suffix.lower() in settings.document_suffixes:
            other = read_source(path, settings)
            if not isinstance(other, str) and other.basis == basis:
                return path
    return None


def add_upload(upload: Path, original_name: str, settings: Settings) -> Path:
    """Checks ``upload`` and puts it in the corpus folder under a safe, unused name; returns where.

    Raises UploadRejected with the reason (wrong type, too large, encrypted, no text layer, corrupt, zip bomb).
    """
    corpus_dir = settings.corpus_dir
    corpus_dir.mkdir(parents=True, exist_ok=True)
    name = safe_name(original_name, settings.document_suffixes)
    limit, setting = size_limit(Path(name), settings)
    size = upload.stat().st_size
    if size > limit:
        raise UploadRejected(name, "too_large", size=f"{size:,}", limit=f"{limit:,}", setting=setting)
    # Checked in a private folder beside the corpus (same file system, so the link below works), never in it.
    with tempfile.TemporaryDirectory(dir=corpus_dir, prefix=".upload-") as staging:
        staged = Path(staging) / name
        shutil.copyfile(upload, staged)
        source = read_source(staged, settings)
        if isinstance(source, str):
            raise UploadRejected(name, "unreadable", detail=source)
        if not source.text.strip():
            raise UploadRejected(name, "empty")
        # A copy would win or lose against the document it copies by file-name order: refuse it instead.
        twin = _same_content(corpus_dir, source.basis, settings)
        if twin is not None:
            raise UploadRejected(name, "same_content", other=twin.relative_to(corpus_dir).as_posix())
        for _ in range(10):  # another upload may take the name between the check and the link
            target = corpus_dir / free_name(corpus_dir, name)
            try:
                os.link(staged, target)
                return target
            except FileExistsError:
                continue
    raise UploadRejected(name, "no_name")
