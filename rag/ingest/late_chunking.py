"""Vectors of spans of a document by late chunking: the transformer reads the document once, in chunks of up to its
window, and a span's vector is the mean of its word pieces' contextual vectors, normalised.

For a mean-pooling encoder this stands in for embedding the span as a text of its own, at a fraction of the word
pieces: a sentence window (the sentence with its neighbours) covers each word piece three times when every window
is embedded; here each word piece is read about once. A span is pooled from one chunk that holds it whole (the one
where it sits most centrally, so its word pieces see context on both sides); a span longer than a chunk is pooled
over consecutive chunks that cover it (nothing is cut, unlike a text embedded alone, which stops at the window).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray


class TokenEncoder(Protocol):
    """What late chunking needs of a model: its word pieces with character offsets, and contextual vectors."""

    dimension: int
    # Word pieces of text per model input (the model's window less its special tokens).
    chunk_pieces: int

    def pieces(self, text: str) -> tuple[list[int], list[int]]:
        """The text's word-piece ids (no special tokens) and the character each one starts at."""
        ...

    def contextual(self, chunks: list[list[int]]) -> list[NDArray[np.float32]]:
        """Per chunk of word-piece ids, the last hidden state of each word piece the model read: the special
        tokens it adds around the chunk first and last (``prefix`` of them before the chunk's own)."""
        ...

    @property
    def prefix(self) -> int: ...


Span = tuple[int, int]  # characters [start, end) of the document


@dataclass
class LateReport:
    """What the model ran on: chunks and their word pieces (special tokens included)."""

    chunks: int = 0
    word_pieces: int = 0


@dataclass
class _Plan:
    ids: list[int]
    chunks: list[Span] = field(default_factory=list)  # word-piece ranges [lo, hi) the model reads
    # Per span: (chunk, lo, hi) word-piece ranges inside chunks whose mean is its vector; empty for a span with no
    # word pieces (the caller falls back to another vector).
    parts: list[list[tuple[int, int, int]]] = field(default_factory=list)


class LateChunker:
    def __init__(
        self, encoder: TokenEncoder, margin: int | None = None, specials: bool = True, centre: float = 0.0
    ) -> None:
        """``margin``: word pieces of context kept before a span that opens a new chunk (default: an eighth of
        the chunk). ``specials``: the chunk's special tokens ([CLS], [SEP]) join every span's mean, as they
        join a text's mean when it is embedded alone. ``centre``: this share of the chunk's mean word-piece
        vector is taken from each span's mean before normalising. Context pulls every word piece of a chunk
        towards one shared direction, which makes the spans of one chunk alike (on the seed corpus a late window
        was nearest its own embedded window for 103 of 211 windows; with 0.5 of the chunk mean taken away, 178)."""
        self.encoder = encoder
        self.centre = centre
        self.specials = specials
        self.margin = encoder.chunk_pieces // 8 if margin is None else margin
        self.report = LateReport()

    def vectors(self, documents: Sequence[tuple[str, Sequence[Span]]]) -> NDArray[np.float32]:
        """One row per span of every document, in order: unit vectors, NaN rows for spans without word pieces."""
        plans = [self._plan(text, spans) for text, spans in documents]
        inputs: list[list[int]] = []
        first: list[int] = []  # index of each plan's first chunk in ``inputs``
        for plan in plans:
            first.append(len(inputs))
            inputs += [plan.ids[lo:hi] for lo, hi in plan.chunks]
        states = self.encoder.contextual(inputs) if inputs else []
        self.report.chunks += len(inputs)
        self.report.word_pieces += sum(len(chunk) + 2 for chunk in inputs)
        rows = sum(len(plan.parts) for plan in plans)
        out = np.full((rows, self.encoder.dimension), np.nan, dtype=np.float32)
        row = 0
        for plan, base in zip(plans, first, strict=True):
            for parts in plan.parts:
                if parts:
                    total = np.zeros(self.encoder.dimension, dtype=np.float64)
                    count = 0
                    skip = self.encoder.prefix
                    for chunk, lo, hi in parts:
                        state = states[base + chunk]
                        total += state[skip + lo : skip + hi].sum(axis=0, dtype=np.float64)
                        count += hi - lo
                        if self.centre:
                            total -= self.centre * (hi - lo) * state.mean(axis=0, dtype=np.float64)
                        if self.specials:
                            ends = np.r_[0:skip, skip + len(inputs[base + chunk]) : len(state)]
                            total += state[ends].sum(axis=0, dtype=np.float64)
                            count += len(ends)
                    mean = total / count
                    out[row] = mean / max(float(np.linalg.norm(mean)), 1e-12)
                row += 1
        return out

    def _plan(self, text: str, spans: Sequence[Span]) -> _Plan:
        ids, starts = self.encoder.pieces(text)
        plan = _Plan(ids=ids)
        width = self.encoder.chunk_pieces
        n = len(ids)
        ranges = [(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)) for a, b in spans]
        # Chunks that spans of at most one chunk share, opened left to right as the spans need them.
        shared: list[Span] = []
        for lo, hi in sorted(r for r in ranges if 0 < r[1] - r[0] <= width):
            if any(c_lo <= lo and hi <= c_hi for c_lo, c_hi in shared[-3:]):
                continue
            start = max(0, lo - self.margin, hi - width)
            if n - start < width:  # the last chunk: as much context as fits, ending with the document
                start = max(0, n - width)
            shared.append((start, min(n, start + width)))
        shared = sorted(set(shared))
        plan.chunks = list(shared)
        lows = [c[0] for c in shared]
        for lo, hi in ranges:
            if hi <= lo:
                plan.parts.append([])
            elif hi - lo <= width:
                plan.parts.append([_most_central(shared, lows, lo, hi)])
            else:
                # Longer than a chunk: chunks of its own, end to end, each read once.
                parts = []
                for at in range(lo, hi, width):
                    parts.append((len(plan.chunks), 0, min(hi, at + width) - at))
                    plan.chunks.append((at, min(hi, at + width)))
                plan.parts.append(parts)
        return plan


def _most_central(chunks: list[Span], lows: list[int], lo: int, hi: int) -> tuple[int, int, int]:
    """(chunk, lo, hi) for the chunk holding [lo, hi) whole with the most context on its tighter side.

    ``chunks`` are sorted by start, and so by end: those starting at or before ``lo`` that reach ``hi`` are a
    run just before the first one starting after ``lo``."""
    best, best_room = -1, -1
    k = bisect.bisect_right(lows, lo) - 1
    while k >= 0 and chunks[k][1] >= hi:
        room = min(lo - chunks[k][0], chunks[k][1] - hi)
        if room > best_room:
            best, best_room = k, room
        k -= 1
    if best < 0:  # pragma: no cover - every span of at most one chunk opened or found one in _plan
        raise AssertionError("late chunking: a span without a chunk holding it")
    start = chunks[best][0]
    return best, lo - start, hi - start


class TorchTokenEncoder:
    """A sentence-transformers model's transformer, read for its last hidden states (its mean pooling and
    normalisation are what ``LateChunker`` applies to each span)."""

    def __init__(
        self, transformer: Any, model_dir: str, window: int, lock: Any, batch_pieces: int = 8192
    ) -> None:
        """``window``: word pieces per model input, special tokens included (at most the model's positions)."""
        from tokenizers import Tokenizer

        positions = int(getattr(transformer.config, "max_position_embeddings", window))
        if window > positions:
            raise ValueError(f"late chunks of {window} word pieces exceed the model's {positions} positions")
        self._model = transformer
        self._tokenizer = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        # The special tokens the model reads around a text: an empty text is only them ([CLS] [SEP] for BERT).
        specials = self._tokenizer.encode("").ids
        self._prefix, self._suffix = specials[:1], specials[1:]
        self.chunk_pieces = window - len(specials)
        self.dimension = int(transformer.config.hidden_size)
        self.prefix = len(self._prefix)
        self._lock = lock
        self._batch_pieces = batch_pieces

    def pieces(self, text: str) -> tuple[list[int], list[int]]:
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        return list(encoding.ids), [start for start, _ in encoding.offsets]

    def contextual(self, chunks: list[list[int]]) -> list[NDArray[np.float32]]:
        import torch

        out: list[NDArray[np.float32]] = [np.zeros((0, self.dimension), dtype=np.float32)] * len(chunks)
        order = sorted(range(len(chunks)), key=lambda i: -len(chunks[i]))
        extra = len(self._prefix) + len(self._suffix)
        at = 0
        with self._lock, torch.inference_mode():
            while at < len(order):
                width = len(chunks[order[at]]) + extra  # the longest of the batch: longest first
                rows = order[at : at + max(1, self._batch_pieces // width)]
                at += len(rows)
                ids = torch.zeros((len(rows), width), dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for k, r in enumerate(rows):
                    seq = self._prefix + chunks[r] + self._suffix
                    ids[k, : len(seq)] = torch.tensor(seq, dtype=torch.long)
                    mask[k, : len(seq)] = 1
                hidden = self._model(
                    input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)
                ).last_hidden_state
                states = hidden.float().numpy()
                for k, r in enumerate(rows):
                    out[r] = states[k, : len(chunks[r]) + extra].copy()
        return out
