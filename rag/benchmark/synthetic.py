"""Synthetic corpora for the scale benchmark: the real corpus's sentences, shuffled and recombined.

Each synthetic document keeps the shape of a real one (headings, paragraph lengths) but every sentence is
spliced from two random corpus sentences, so the texts are new (no exact duplicates for a cache or the vector
index to fold) while vocabulary, sentence length and topic stay those of the real corpus.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from rag.ingest.corpus import MANIFEST
from rag.text.segment import split_sentences


@dataclass(frozen=True)
class SyntheticCorpus:
    path: Path
    factor: int
    documents: int
    characters: int


def build_corpus(source: Path, target: Path, factor: int, seed: int = 0) -> SyntheticCorpus:
    """Write ``factor`` times the documents of ``source`` into ``target`` (a fresh folder) with a manifest."""
    rng = random.Random(seed)
    originals = sorted(p for p in source.iterdir() if p.suffix in (".txt", ".md"))
    pool = [
        s.text.split()
        for p in originals
        for s in split_sentences(p.read_text(encoding="utf-8"))
        if not s.heading
    ]
    pool = [words for words in pool if len(words) >= 4]
    if not pool:
        raise ValueError(f"no sentences to build a synthetic corpus from in {source}")
    target.mkdir(parents=True, exist_ok=False)
    entries = []
    characters = 0
    for copy in range(factor):
        for original in originals:
            name = f"syn{copy:05d}_{original.stem}{original.suffix}"
            text = _rewrite(original.read_text(encoding="utf-8"), pool, rng)
            (target / name).write_text(text, encoding="utf-8")
            characters += len(text)
            entries.append({"file": name, "title": f"Synthetic {copy}: {original.stem}"})
    (target / MANIFEST).write_text(json.dumps({"documents": entries}, indent=1), encoding="utf-8")
    return SyntheticCorpus(path=target, factor=factor, documents=len(entries), characters=characters)


def _rewrite(text: str, pool: list[list[str]], rng: random.Random) -> str:
    """The same headings and paragraph structure, each sentence replaced by a spliced one."""
    lines = []
    for line in text.splitlines():
        spans = split_sentences(line)
        if not spans or spans[0].heading:
            lines.append(line)
            continue
        lines.append(" ".join(_splice(pool, rng) for _ in spans))
    return "\n".join(lines) + "\n"


def _splice(pool: list[list[str]], rng: random.Random) -> str:
    head, tail = rng.choice(pool), rng.choice(pool)
    cut_head = rng.randint(2, max(2, len(head) - 1))
    cut_tail = rng.randint(1, max(1, len(tail) - 2))
    sentence = " ".join(head[:cut_head] + tail[cut_tail:])
    return sentence if sentence[-1] in ".!?" else sentence + "."
