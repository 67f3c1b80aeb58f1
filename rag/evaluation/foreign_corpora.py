"""Corpora written by others (PubMedQA, COVID-QA, MedQuAD, ExpertQA), built from the external folder read in place.

Each builder turns one data set into documents (written to a cache folder, never into the repository) and labelled
questions: a covered question names the document that answers it (and, for COVID-QA, the expert's answer spans);
a held-back document is not written, so its questions are uncovered. Every choice is positional or by id, never by
content, so the same arguments always give the same corpus.

Splits (fixed here so others can tune on dev and report on test): a document whose numeric id is even is dev, odd is
test (PubMed id, COVID-QA ``document_id``, the digits MedQuAD's ``doc_id`` starts with); a question belongs to the
split of its document, held back or not. ExpertQA has no ids: its questions go two to dev, two to test in file order,
and each takes its web pages with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from rag.ingest.corpus import MANIFEST, read_text

Split = Literal["dev", "test"]
PUBMEDQA = "pubmedqa"
COVID_QA = "covid_qa"
MEDQUAD = "medquad"
EXPERTQA = "expertqa"
HOLD_EVERY = 6  # the 6th, 12th, ... unit of each corpus is held back
Window = tuple[
    int, int | None
]  # [start, stop) of the units (abstracts, articles, subjects) taken, in file order
EVERYTHING: Window = (0, None)


class ForeignDocument(BaseModel):
    source_id: str
    title: str
    text: str
    split: Split


class ForeignQuestion(BaseModel):
    """One labelled question; ``spans`` are the expert's answer spans in the source text (COVID-QA only)."""

    id: str
    question: str
    source_id: str
    split: Split
    covered: bool
    spans: list[tuple[int, int]] = Field(default_factory=list)
    # Further documents that answer it too (ExpertQA: every web page its experts' answers cite).
    other_sources: list[str] = Field(default_factory=list)

    @property
    def sources(self) -> set[str]:
        return {self.source_id, *self.other_sources}


class ForeignCorpus(BaseModel):
    name: str
    description: str
    sample: str
    documents: list[ForeignDocument]  # the written (indexed) ones only
    questions: list[ForeignQuestion]
    notes: list[str] = Field(default_factory=list)

    def content_hash(self) -> str:
        """SHA-256 of every file name, title and text, in order: the cache key of the built corpus."""
        digest = hashlib.sha256()
        for doc in self.documents:
            for part in (doc.source_id, doc.title, doc.text):
                digest.update(part.encode("utf-8") + b"\x00")
        return digest.hexdigest()


def _split(number: int) -> Split:
    return "dev" if number % 2 == 0 else "test"


def _held(position: int, hold_every: int) -> bool:
    return hold_every > 0 and position % hold_every == hold_every - 1


def _subject(focus: str) -> str:
    return " ".join(focus.casefold().split())


def _hold_text(window: Window, hold_every: int, unit: str) -> str:
    start, stop = window
    if start == 0:
        size = f"first {stop} {unit}s" if stop is not None else f"all {unit}s"
    else:
        size = f"{unit}s {start + 1} to {stop if stop is not None else 'the last'}"
    held = f", every {hold_every}th of them held back (its questions uncovered)" if hold_every else ""
    return f"{size} in file order{held}"


def pubmedqa(root: Path, window: Window = EVERYTHING, hold_every: int = HOLD_EVERY) -> ForeignCorpus:
    """One document per abstract (its CONTEXTS joined by blank lines); the question is the article's title."""
    rows: dict[str, dict[str, object]] = json.loads(
        (root / "pubmedqa" / "ori_pqal.json").read_text(encoding="utf-8")
    )
    documents, questions = [], []
    for position, (pmid, row) in enumerate(list(rows.items())[slice(*window)]):
        source_id, split = f"pubmed-{pmid}", _split(int(pmid))
        held = _held(position, hold_every)
        contexts = row["CONTEXTS"]
        assert isinstance(contexts, list)
        if not held:
            text = "\n\n".join(str(c).strip() for c in contexts) + "\n"
            documents.append(
                ForeignDocument(source_id=source_id, title=f"PubMed {pmid}", text=text, split=split)
            )
        questions.append(
            ForeignQuestion(
                id=f"pubmedqa-{pmid}",
                question=str(row["QUESTION"]),
                source_id=source_id,
                split=split,
                covered=not held,
            )
        )
    return ForeignCorpus(
        name=PUBMEDQA,
        description="PubMedQA PQA-L: research questions (article titles), each answered by its own abstract",
        sample=_hold_text(window, hold_every, "abstract"),
        documents=documents,
        questions=questions,
    )


def covid_qa(root: Path, window: Window = EVERYTHING, hold_every: int = HOLD_EVERY) -> ForeignCorpus:
    """Each article written unchanged, so the experts' character offsets index the document text."""
    articles = json.loads((root / "covid_qa" / "200423_covidQA.json").read_text(encoding="utf-8"))["data"]
    documents, questions = [], []
    repaired = dropped = 0
    for position, article in enumerate(articles[slice(*window)]):
        paragraph = article["paragraphs"][0]
        number, context = int(paragraph["document_id"]), str(paragraph["context"])
        source_id, split = f"covid-{number}", _split(number)
        held = _held(position, hold_every)
        if not held:
            # No manifest title: the article's own first line (its title) is its title, as for any file.
            documents.append(ForeignDocument(source_id=source_id, title="", text=context, split=split))
        for qa in paragraph["qas"]:
            spans = []
            for answer in qa["answers"]:
                span, fixed = answer_span(context, str(answer["text"]), int(answer["answer_start"]))
                repaired += fixed
                dropped += span is None
                spans += [span] if span else []
            if not spans and not held:
                continue  # a covered question without a locatable answer cannot be scored at span level
            questions.append(
                ForeignQuestion(
                    id=f"covidqa-{qa['id']}",
                    question=str(qa["question"]),
                    source_id=source_id,
                    split=split,
                    covered=not held,
                    spans=spans,
                )
            )
    return ForeignCorpus(
        name=COVID_QA,
        description="COVID-QA: expert questions with answer spans in long scientific articles",
        sample=_hold_text(window, hold_every, "article"),
        documents=documents,
        questions=questions,
        notes=[
            f"{repaired} answer offsets pointed one or more characters away from their text (mostly a leading "
            "space) and were moved to the nearest occurrence of the answer text; "
            f"{dropped} answers not found in their article were dropped"
        ],
    )


def answer_span(context: str, text: str, start: int) -> tuple[tuple[int, int] | None, bool]:
    """The answer's [start, end) in ``context``: as given when it matches, else the occurrence nearest ``start``."""
    if text and context[start : start + len(text)] == text:
        return (start, start + len(text)), False
    found = [m.start() for m in re.finditer(re.escape(text), context)] if text else []
    if not found:
        return None, False
    nearest = min(found, key=lambda at: abs(at - start))
    return (nearest, nearest + len(text)), True


def medquad(root: Path, window: Window = EVERYTHING, hold_every: int = HOLD_EVERY) -> ForeignCorpus:
    """Answered rows only; one document per doc_id, its answers in file order joined by blank lines, titled
    by its subject (MedQuAD's ``focus``, the title of the NIH page it was taken from) where it names one.

    Held back by subject (MedQuAD's ``focus``), not by document: two documents on one subject (two pages on
    tremor) would otherwise leave a held-back question covered by the other. Subjects are compared without case
    or spacing: two NIH sites write "Creutzfeldt-Jakob Disease" and "Creutzfeldt-Jakob disease" for one subject.
    ``window`` counts subjects as written.
    """
    path = root / "medquad_opioid_addiction" / "medquad_opioid_addiction_qa.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    answered = [r for r in rows if str(r.get("answer") or "").strip()]
    focuses = list(dict.fromkeys(str(r["focus"]) for r in answered))[slice(*window)]
    held_subjects = {_subject(f) for position, f in enumerate(focuses) if _held(position, hold_every)}
    by_doc: dict[str, list[dict[str, object]]] = {}
    for row in answered:
        if row["focus"] in focuses:
            by_doc.setdefault(str(row["doc_id"]), []).append(row)
    documents, questions = [], []
    for doc_id, doc_rows in by_doc.items():
        number = int(re.match(r"\d+", doc_id).group()) if re.match(r"\d+", doc_id) else 0  # type: ignore[union-attr]
        source_id, split = f"medquad-{doc_id}", _split(number)
        held = _subject(str(doc_rows[0]["focus"])) in held_subjects
        if not held:
            text = "\n\n".join(str(r["answer"]).strip() for r in doc_rows) + "\n"
            title = str(doc_rows[0]["focus"]).strip() or f"MedQuAD {doc_id}"
            documents.append(ForeignDocument(source_id=source_id, title=title, text=text, split=split))
        questions += [
            ForeignQuestion(
                id=f"medquad-{r['qid']}",
                question=str(r["question"]),
                source_id=source_id,
                split=split,
                covered=not held,
            )
            for r in doc_rows
        ]
    return ForeignCorpus(
        name=MEDQUAD,
        description="MedQuAD opioid/addiction selection, answered rows: consumer questions on NIH pages",
        sample=_hold_text(window, hold_every, "subject"),
        documents=documents,
        questions=questions,
    )


_EVIDENCE = re.compile(r"\[\d+\]\s*(\S+)\s*\n\n(.*)", re.S)


def expertqa(root: Path, window: Window = EVERYTHING, hold_every: int = HOLD_EVERY) -> ForeignCorpus:
    """Experts' questions over the web pages their answers cite: one document per page, its excerpts (as the
    data set gives them, up to 1,000 characters each) joined by blank lines; a question is answered by any page
    cited for it. Only questions with at least one excerpt are taken; pages are never shared between questions,
    so a held-back question's pages are simply not written. The pages have no titles in the data: each is titled
    by its own first line, as any file is.
    """
    path = root / "expertqa_medical_attribution" / "expertqa_medical_questions.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages: dict[str, dict[str, list[str]]] = {}  # question -> url -> excerpts, first seen first
    for row in rows:
        for answer in row["answers"].values():
            for claim in answer.get("claims") or []:
                for evidence in claim.get("evidence") or []:
                    found = _EVIDENCE.match(str(evidence))
                    excerpt = found.group(2).strip() if found else ""
                    if not excerpt:
                        continue  # a bare address: nothing to index
                    seen = pages.setdefault(str(row["question"]), {}).setdefault(found.group(1), [])  # type: ignore[union-attr]
                    if excerpt not in seen:
                        seen.append(excerpt)
    documents: list[ForeignDocument] = []
    questions: list[ForeignQuestion] = []
    numbers: dict[str, int] = {}
    for position, (question, by_url) in enumerate(list(pages.items())[slice(*window)]):
        # In pairs (dev, dev, test, test, ...): alternating singly would put every 6th question, each one held
        # back, in one split.
        split: Split = "dev" if (position + window[0]) // 2 % 2 == 0 else "test"
        held = _held(position, hold_every)
        ids = []
        for url, excerpts in by_url.items():
            numbers.setdefault(url, len(numbers))
            ids.append(f"expertqa-{numbers[url]}")
            if not held:
                text = "\n\n".join(excerpts) + "\n"
                documents.append(ForeignDocument(source_id=ids[-1], title="", text=text, split=split))
        questions.append(
            ForeignQuestion(
                id=f"expertqa-q{position + window[0]}",
                question=question,
                source_id=ids[0],
                split=split,
                covered=not held,
                other_sources=ids[1:],
            )
        )
    return ForeignCorpus(
        name=EXPERTQA,
        description="ExpertQA (medicine and psychology): experts' questions over excerpts of the web pages cited",
        sample=_hold_text(window, hold_every, "question"),
        documents=documents,
        questions=questions,
    )


BUILDERS: dict[str, Callable[[Path, Window, int], ForeignCorpus]] = {
    PUBMEDQA: pubmedqa,
    COVID_QA: covid_qa,
    MEDQUAD: medquad,
    EXPERTQA: expertqa,
}


def write_corpus(corpus: ForeignCorpus, cache: Path) -> Path:
    """The corpus as files under ``cache/<name>-<content hash>/corpus`` (written once, atomically); its folder.

    Each document is written byte for byte as UTF-8 without newline translation and read back as the indexer
    reads it, so every offset into ``text`` is an offset into the file.
    """
    folder = cache / f"{corpus.name}-{corpus.content_hash()[:16]}"
    target = folder / "corpus"
    if target.is_dir():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="corpus-", dir=folder))
    manifest = {"documents": [{"file": f"{d.source_id}.txt", "title": d.title} for d in corpus.documents]}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    for doc in corpus.documents:
        path = staging / f"{doc.source_id}.txt"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(doc.text)
        if read_text(path) != doc.text:
            shutil.rmtree(staging)
            raise ValueError(f"{doc.source_id} does not read back unchanged (carriage returns?)")
    try:
        os.replace(staging, target)
    except OSError:  # another run wrote it first: the content is the same
        shutil.rmtree(staging, ignore_errors=True)
    return folder
