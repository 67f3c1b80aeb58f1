"""Watching the corpus folder: poll it, and when its files change and then hold still, index again.

Polling, not inotify: it works the same on every file system (network shares, containers, a Chroma server's
client), and a corpus folder changes at the pace of a person dropping files in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from rag.ingest.corpus_files import list_corpus

Signature = tuple[tuple[str, int, int], ...]


def folder_signature(folder: Path, exclude: Path | None = None) -> Signature:
    """Path, modification time and size of every file under ``folder`` that indexing reads (see list_corpus);
    () when it cannot be read (list_corpus names no file then)."""
    signature = []
    for path in list_corpus(folder, exclude).files:
        try:
            stat = path.stat()
        except OSError:  # removed while listing
            continue
        signature.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def watch(
    folder: Path,
    on_change: Callable[[], None],
    interval: float,
    stop: threading.Event | None = None,
    exclude: Path | None = None,
) -> None:
    """Calls ``on_change`` whenever the files of ``folder`` changed and then stayed the same for one more
    ``interval`` (a file still being copied in is not read half-way). Returns when ``stop`` is set; without
    one it runs until interrupted (KeyboardInterrupt, Ctrl-C)."""
    stop = stop or threading.Event()
    seen = folder_signature(folder, exclude)
    while not stop.wait(interval):
        now = folder_signature(folder, exclude)
        if now == seen:
            continue
        while not stop.wait(interval):  # wait for the folder to hold still
            settled = folder_signature(folder, exclude)
            if settled == now:
                break
            now = settled
        if stop.is_set():
            return
        on_change()
        seen = folder_signature(folder, exclude)
