"""Which files under the corpus folder are looked at, folders within it included, and the id each document gets."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

# Files a system or an editor leaves beside documents: hidden files (".DS_Store"), Office lock files ("~$report.docx"),
# backups ("notes.txt~") and Windows' folder files. Nobody put them there to be answered from.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


class CorpusListing(BaseModel):
    files: list[Path]
    # Linked and unreadable folders, each with why it was not entered.
    passed_over: list[tuple[Path, str]]


def _system_file(name: str) -> bool:
    return name.startswith((".", "~$")) or name.endswith("~") or name.lower() in _SYSTEM_FILES


def list_corpus(corpus_dir: Path, exclude: Path | None = None) -> CorpusListing:
    """Every file under ``corpus_dir``, in the folders within it too, ordered by path: a clinic keeps its leaflets
    in one folder and its policies in another. Hidden folders (a version-control folder, an upload being checked)
    and ``exclude`` (a store kept inside the corpus folder, which changes as it is written) are not entered. Nor is
    a linked folder: it may lead outside the corpus or round in a loop; it is named in ``passed_over``, as is a
    folder that cannot be listed."""
    files: list[Path] = []
    passed_over: list[tuple[Path, str]] = []
    skip = _resolved(exclude)

    def unreadable(error: OSError) -> None:
        # A folder that cannot be listed (no permission) is named, not passed over in silence; the corpus folder
        # itself missing is said by the caller.
        if error.filename is not None and Path(error.filename) != corpus_dir:
            passed_over.append((Path(error.filename), f"unreadable folder ({error.strerror or error})"))

    for folder, subfolders, names in os.walk(corpus_dir, onerror=unreadable):
        here = Path(folder)
        kept = []
        for name in subfolders:
            path = here / name
            if name.startswith(".") or (skip is not None and _resolved(path) == skip):
                continue
            if path.is_symlink():
                passed_over.append(
                    (path, "a link to a folder: only folders inside the corpus folder are read")
                )
                continue
            kept.append(name)
        subfolders[:] = kept  # os.walk enters only these
        files.extend(here / name for name in names if not _system_file(name))
    files.sort(key=lambda p: p.relative_to(corpus_dir).parts)
    passed_over.sort()
    return CorpusListing(files=files, passed_over=passed_over)


def document_ids(paths: list[Path], corpus_dir: Path) -> dict[Path, str]:
    """Each document's id: its path in the corpus folder without the file type ("leaflets/patch" for
    corpus/leaflets/patch.pdf; "patch" at the top, as before folders were read). Files whose ids would be the same
    ("notes.txt" and "notes.md") keep their type in it, so neither is lost to the other."""
    plain = {path: path.relative_to(corpus_dir).with_suffix("").as_posix() for path in paths}
    shared = Counter(key.casefold() for key in plain.values())
    return {
        path: path.relative_to(corpus_dir).as_posix() if shared[key.casefold()] > 1 else key
        for path, key in plain.items()
    }


def _resolved(path: Path | None) -> Path | None:
    try:
        return path.resolve() if path is not None else None
    except OSError:
        return None
