"""How far a long indexing run is: documents and texts embedded, the rate so far, and the time left at that rate."""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import BaseModel

# Below this many seconds of embedding or texts done, a rate says more about start-up than about the run.
_MIN_SECONDS_FOR_ETA = 2.0
_MIN_TEXTS_FOR_ETA = 32


class IndexProgress(BaseModel):
    """One snapshot; ``eta_seconds`` is None until the rate means something, and after embedding ends."""

    phase: str  # "embedding" | "finishing" (the contradiction map and the gate's calibration)
    source_id: str
    documents_done: int
    documents_total: int
    texts_done: int
    texts_total: int
    seconds: float
    eta_seconds: float | None

    def line(self) -> str:
        """One line for a terminal or a status bar."""
        if self.phase != "embedding":
            return (
                f"{self.documents_total} documents, {self.texts_total} texts embedded in {clock(self.seconds)}; "
                "finishing the index (contradiction map)…"
            )
        eta = f", about {clock(self.eta_seconds)} left" if self.eta_seconds is not None else ""
        return (
            f"{self.documents_done} of {self.documents_total} documents, {self.texts_done} of {self.texts_total} "
            f"texts embedded{eta}"
        )


ProgressListener = Callable[[IndexProgress], None]


class ProgressClock:
    """Turns the indexer's counts into ``IndexProgress`` snapshots, timed from the first report."""

    def __init__(self, listener: ProgressListener, documents_total: int, texts_total: int) -> None:
        self.listener = listener
        self.documents_total = documents_total
        self.texts_total = texts_total
        self.started = time.monotonic()

    def report(self, source_id: str, documents_done: int, texts_done: int) -> None:
        seconds = time.monotonic() - self.started
        eta: float | None = None
        if seconds >= _MIN_SECONDS_FOR_ETA and texts_done >= _MIN_TEXTS_FOR_ETA:
            eta = (self.texts_total - texts_done) * seconds / texts_done
        self.listener(
            IndexProgress(
                phase="embedding" if texts_done < self.texts_total else "finishing",
                source_id=source_id,
                documents_done=documents_done,
                documents_total=self.documents_total,
                texts_done=texts_done,
                texts_total=self.texts_total,
                seconds=round(seconds, 1),
                eta_seconds=None if eta is None else round(eta, 1),
            )
        )


def clock(seconds: float | None) -> str:
    """A duration as "42 s", "3 min 05 s" or "1 h 02 min" (the units read the same in every language shown)."""
    if seconds is None:
        return "?"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
