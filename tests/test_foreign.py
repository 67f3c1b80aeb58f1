"""`rag eval --foreign`: corpus builders keep offsets exact, the cache is reused, figures and the report are right.

Fast: small synthetic sets in the external folder's layout and the model-free hashing embedder. One test reads the
real COVID-QA file when the external folder is present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag import Settings
from rag.evaluation.cli import run_foreign_eval
from rag.evaluation.foreign_corpora import answer_span, covid_qa, expertqa, medquad, pubmedqa, write_corpus
from rag.evaluation.foreign_run import corpus_assistant, parse_limits, split_figures
from rag.evaluation.runner import Outcome
from rag.evaluation.thresholds import load_thresholds
from rag.ingest.corpus import read_text, scan_corpus
from rag.ingest.embedder import HashingEmbedder
from rag.types import Answer, Citation

REPO = Path(__file__).resolve().parent.parent
EXTERNAL = REPO.parent / "shared" / "external-eval"
TOPICS = [
    ("lace plant leaves", "Programmed cell death shapes perforations in lace plant leaves."),
    ("statins in the elderly", "Statins lowered cholesterol in elderly patients without more muscle pain."),
    ("night shift nurses", "Night shift nurses slept less and reported more fatigue than day staff."),
    ("knee replacement", "Knee replacement improved walking distance after one year."),
    ("malaria nets", "Treated bed nets reduced malaria cases among children in villages."),
    ("coffee and sleep", "Coffee late in the day delayed sleep onset by half an hour."),
    ("hand washing", "Hand washing campaigns cut school absences from stomach illness."),
]


def _write_external(root: Path) -> Path:
    pubmed = {
        str(1000 + n): {
            "QUESTION": f"Does research on {topic} show an effect?",
            "CONTEXTS": [text, f"The study of {topic} enrolled volunteers."],
        }
        for n, (topic, text) in enumerate(TOPICS)
    }
    (root / "pubmedqa").mkdir(parents=True)
    (root / "pubmedqa" / "ori_pqal.json").write_text(json.dumps(pubmed), encoding="utf-8")
    articles = []
    for n, (topic, text) in enumerate(TOPICS):
        context = f"Title about {topic}\n\nBackground.\n{text} Further work is needed.\r"[:-1]
        start = context.index(text)
        answers = [{"text": text, "answer_start": start - 1 if n == 0 else start}]  # the first is off by one
        qas = [
            {
                "id": n,
                "question": f"What was found about {topic}?",
                "answers": answers,
                "is_impossible": False,
            }
        ]
        articles.append({"paragraphs": [{"context": context, "document_id": 200 + n, "qas": qas}]})
    (root / "covid_qa").mkdir()
    (root / "covid_qa" / "200423_covidQA.json").write_text(json.dumps({"data": articles}), encoding="utf-8")
    rows = []
    for n, (topic, text) in enumerate(TOPICS):
        focus = "Shared subject" if n in (1, 5) else topic  # documents 1 and 5 share a subject
        for part in ("What is", "How to treat"):
            rows.append(
                {
                    "doc_id": f"{300 + n:07d}",
                    "focus": focus,
                    "qid": f"{300 + n}-{part}",
                    "question": f"{part} {topic}?",
                }
                | {"answer": f"{part}: {text}"}
            )
        rows.append(
            {"doc_id": f"{300 + n:07d}", "focus": focus, "qid": f"{300 + n}-x", "question": "?", "answer": ""}
        )
    (root / "medquad_opioid_addiction").mkdir()
    lines = "\n".join(json.dumps(r) for r in rows)
    (root / "medquad_opioid_addiction" / "medquad_opioid_addiction_qa.jsonl").write_text(
        lines, encoding="utf-8"
    )
    experts = []
    for n, (topic, text) in enumerate(TOPICS):
        page = f"[1] https://example.org/{n}\n\n{text}"
        claims = [
            {"evidence": [page]},
            {"evidence": [page, f"[2] https://example.org/{n}b\n\nMore on {topic}."]},
        ]
        experts.append({"question": f"Why does {topic} matter?", "answers": {"system": {"claims": claims}}})
    experts.insert(
        2, {"question": "Cited nothing?", "answers": {"system": {"claims": [{"evidence": ["[1] x.org"]}]}}}
    )
    (root / "expertqa_medical_attribution").mkdir()
    (root / "expertqa_medical_attribution" / "expertqa_medical_questions.jsonl").write_text(
        "\n".join(json.dumps(e) for e in experts), encoding="utf-8"
    )
    return root


@pytest.fixture
def external(tmp_path: Path) -> Path:
    return _write_external(tmp_path / "external")


# --- builders --------------------------------------------------------------------------------------------------
def test_pubmedqa_holds_back_every_sixth_abstract_and_splits_by_id_parity(external: Path) -> None:
    corpus = pubmedqa(external, hold_every=6)
    held = [q for q in corpus.questions if not q.covered]
    assert [q.id for q in held] == ["pubmedqa-1005"]  # the 6th abstract
    assert "pubmed-1005" not in {d.source_id for d in corpus.documents}
    assert len(corpus.documents) == 6 and len(corpus.questions) == 7
    assert {q.id: q.split for q in corpus.questions}["pubmedqa-1004"] == "dev"
    assert {q.id: q.split for q in corpus.questions}["pubmedqa-1003"] == "test"
    assert len(pubmedqa(external, window=(0, 3), hold_every=6).questions) == 3


def test_covid_qa_spans_index_the_written_file_exactly(external: Path, tmp_path: Path) -> None:
    corpus = covid_qa(external, hold_every=0)
    folder = write_corpus(corpus, tmp_path / "cache")
    for question, (_, text) in zip(corpus.questions, TOPICS, strict=True):
        written = read_text(folder / "corpus" / f"{question.source_id}.txt")
        assert [written[s:e] for s, e in question.spans] == [text]  # the off-by-one offset was repaired
    assert corpus.notes[0].startswith("1 answer offsets")
    # No manifest title: each article is titled by its own first line, as any file dropped in would be.
    scan = scan_corpus(Settings(corpus_dir=folder / "corpus"))
    assert {d.title for d in scan.documents} == {f"Title about {topic}" for topic, _ in TOPICS}


def test_answer_span_takes_the_occurrence_nearest_the_given_offset() -> None:
    context = "alpha beta alpha beta"
    assert answer_span(context, "beta", 6) == ((6, 10), False)
    assert answer_span(context, "beta", 15) == ((17, 21), True)
    assert answer_span(context, "gamma", 0) == (None, False)


def test_medquad_holds_back_by_subject_so_no_written_document_shares_it(external: Path) -> None:
    # Subjects in order: lace, Shared (documents 301 and 305), nurses, knee, malaria, hand washing.
    corpus = medquad(external, hold_every=2)  # the 2nd, 4th and 6th subjects
    written = {d.source_id for d in corpus.documents}
    assert written == {"medquad-0000300", "medquad-0000302", "medquad-0000304"}
    # Titled by subject, as the NIH pages are: a page's answers may never name what the page is about.
    assert {d.title for d in corpus.documents} == {"lace plant leaves", "night shift nurses", "malaria nets"}
    assert all(q.covered == (q.source_id in written) for q in corpus.questions)
    assert len(corpus.questions) == 14  # answered rows only
    assert "What is: Programmed cell death" in next(
        d.text for d in corpus.documents if d.source_id.endswith("300")
    )
    assert len(medquad(external, window=(0, 2), hold_every=0).documents) == 3  # two subjects, three documents


def test_medquad_reads_one_subject_written_in_two_cases_as_one(tmp_path: Path) -> None:
    rows = [
        {
            "doc_id": f"{n:07d}",
            "focus": focus,
            "qid": f"{n}-1",
            "question": f"What is {focus}?",
            "answer": text,
        }
        for n, (focus, text) in enumerate(
            [
                ("Lace plants", "Lace plants lose cells to make holes."),
                ("Knee pain", "Knee pain follows running."),
                ("Creutzfeldt-Jakob Disease", "A prion disease of the brain."),  # the 3rd subject: held back
                ("Creutzfeldt-Jakob  disease", "Prions cause it; it is fatal."),  # another site's page on it
                ("Malaria nets", "Nets treated with insecticide prevent malaria."),
            ]
        )
    ]
    folder = tmp_path / "medquad_opioid_addiction"
    folder.mkdir()
    (folder / "medquad_opioid_addiction_qa.jsonl").write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    corpus = medquad(tmp_path, hold_every=3)
    assert [d.title for d in corpus.documents] == ["Lace plants", "Knee pain", "Malaria nets"]
    assert [q.id for q in corpus.questions if not q.covered] == ["medquad-2-1", "medquad-3-1"]


def test_expertqa_takes_every_cited_page_of_a_question_and_holds_back_whole_questions(external: Path) -> None:
    corpus = expertqa(external, hold_every=3)  # the 3rd and 6th questions with an excerpt
    assert len(corpus.questions) == 7  # the question citing a bare address has nothing to index
    first = corpus.questions[0]
    assert first.sources == {"expertqa-0", "expertqa-1"} and first.covered and first.split == "dev"
    page = next(d for d in corpus.documents if d.source_id == "expertqa-0")
    assert page.text == TOPICS[0][1] + "\n"  # cited twice, written once
    held = [q for q in corpus.questions if not q.covered]
    assert [q.question for q in held] == [
        "Why does night shift nurses matter?",
        "Why does coffee and sleep matter?",
    ]
    written = {d.source_id for d in corpus.documents}
    assert all(q.covered == (q.sources <= written) for q in corpus.questions)
    assert not any(q.sources & written for q in held)
    assert [q.split for q in corpus.questions[:5]] == ["dev", "dev", "test", "test", "dev"]
    assert {q.split for q in held} == {"dev", "test"}  # both splits have uncovered questions
    assert [q.split for q in expertqa(external, window=(1, 3), hold_every=0).questions] == ["dev", "test"]


def test_rewriting_the_same_corpus_reuses_its_folder(external: Path, tmp_path: Path) -> None:
    corpus = pubmedqa(external, hold_every=6)
    first = write_corpus(corpus, tmp_path / "cache")
    stamp = (first / "corpus" / "pubmed-1000.txt").stat().st_mtime_ns
    assert write_corpus(pubmedqa(external, hold_every=6), tmp_path / "cache") == first
    assert (first / "corpus" / "pubmed-1000.txt").stat().st_mtime_ns == stamp
    assert write_corpus(pubmedqa(external, window=(0, 4), hold_every=6), tmp_path / "cache") != first


@pytest.mark.skipif(not EXTERNAL.is_dir(), reason="external folder not present")
def test_every_real_covid_qa_answer_is_found_at_its_span(tmp_path: Path) -> None:
    corpus = covid_qa(EXTERNAL, hold_every=6)
    raw = json.loads((EXTERNAL / "covid_qa" / "200423_covidQA.json").read_text(encoding="utf-8"))["data"]
    answers = {
        f"covidqa-{qa['id']}": qa["answers"][0]["text"] for a in raw for qa in a["paragraphs"][0]["qas"]
    }
    texts = {d.source_id: d.text for d in corpus.documents}
    covered = [q for q in corpus.questions if q.covered]
    assert len(covered) > 1000
    for q in covered:
        start, end = q.spans[0]
        assert texts[q.source_id][start:end] == answers[q.id]


@pytest.mark.skipif(not EXTERNAL.is_dir(), reason="external folder not present")
def test_real_expertqa_pages_belong_to_one_question_each() -> None:
    corpus = expertqa(EXTERNAL, hold_every=6)
    assert len(corpus.questions) == 84 and sum(q.covered for q in corpus.questions) == 70
    written = {d.source_id for d in corpus.documents}
    assert len(written) == len(corpus.documents) > 300
    cited = [page for q in corpus.questions for page in q.sources]
    assert len(cited) == len(
        set(cited)
    )  # no page answers two questions, so holding one back hides nothing else
    assert all((q.sources <= written) == q.covered for q in corpus.questions)
    assert all(len(d.text) > 0 and "https://" not in d.text[:12] for d in corpus.documents)
    splits = [q.split for q in corpus.questions if not q.covered]
    assert splits.count("dev") == splits.count("test") == 7


# --- figures ---------------------------------------------------------------------------------------------------
def _outcome(status: str, *spans: tuple[str, int, int]) -> Outcome:
    citations = [
        Citation(source_id=s, title="", quote="x" * (e - b), start=b, end=e, score=1.0) for s, b, e in spans
    ]
    record = Answer(question="q", status=status, text="", citations=citations)  # type: ignore[arg-type]
    return Outcome(
        suite="s", id="q", system="ours", status=status, relevance=0.5, latency_ms=10.0, leak=False, filter_leak=False,
        verbatim_ok=len(citations), verbatim_total=len(citations), answer=record,
    )  # fmt: skip


def test_source_and_span_hits_and_held_back_shares() -> None:
    from rag.evaluation.foreign_corpora import ForeignQuestion

    def q(covered: bool, spans: list[tuple[int, int]]) -> ForeignQuestion:
        return ForeignQuestion(id="q", question="q", source_id="a", split="dev", covered=covered, spans=spans)

    also = ForeignQuestion(
        id="q", question="q", source_id="c", split="dev", covered=True, other_sources=["d"]
    )
    questions = [
        q(True, [(10, 20)]),
        q(True, [(10, 20)]),
        q(True, [(10, 20)]),
        also,
        q(False, []),
        q(False, []),
    ]
    outcomes = [
        _outcome("answered", ("a", 15, 30)),  # right source, overlaps the span
        _outcome("answered", ("a", 20, 30)),  # right source, touches the span's end only: no span hit
        _outcome("refused", ("a", 10, 20)),  # a refusal is never a hit
        _outcome("answered", ("b", 0, 5), ("d", 0, 5)),  # the second of its answering documents
        _outcome("not_found"),
        _outcome("answered", ("b", 0, 5)),
    ]
    figures = split_figures(questions, outcomes)
    assert figures["source_hit"] == pytest.approx(3 / 4)
    assert figures["first_quote_source_hit"] == pytest.approx(2 / 4)
    assert figures["span_hit"] == pytest.approx(1 / 3)  # of the questions with spans
    assert figures["covered_not_found_or_refused"] == pytest.approx(1 / 4)
    assert figures["held_back_not_found"] == 0.5
    assert figures["refused_as_dosing"] == pytest.approx(1 / 6) and figures["verbatim_rate"] == 1.0


def test_limits_parse_per_corpus_ranges_and_for_all() -> None:
    assert parse_limits(["pubmedqa=all", "covid_qa=5"], quick=False)["pubmedqa"] == (0, None)
    assert parse_limits(["covid_qa=5"], quick=False)["covid_qa"] == (0, 5)
    assert parse_limits(["covid_qa=2:9"], quick=False)["covid_qa"] == (2, 9)
    assert set(parse_limits(["7"], quick=True).values()) == {(0, 7)}
    for bad in ("nosuch=3", "pubmedqa=0", "pubmedqa=5:2", "pubmedqa=many"):
        with pytest.raises(ValueError, match="--foreign-limit"):
            parse_limits([bad], quick=False)


def test_a_window_takes_units_from_its_start(external: Path) -> None:
    corpus = pubmedqa(external, window=(2, 5), hold_every=3)
    assert [q.id for q in corpus.questions] == ["pubmedqa-1002", "pubmedqa-1003", "pubmedqa-1004"]
    assert [q.covered for q in corpus.questions] == [True, True, False]  # held back within the window


# --- cache and report ------------------------------------------------------------------------------------------
def test_a_second_run_embeds_nothing_and_keeps_the_first_index_time(external: Path, tmp_path: Path) -> None:
    corpus = pubmedqa(external, hold_every=6)
    settings = Settings(store_dir=tmp_path / "unused")
    first, index = corpus_assistant(corpus, tmp_path / "cache", settings, HashingEmbedder())
    assert index["embedded_this_run"] > 0 and not index["reused"]
    again, rerun = corpus_assistant(corpus, tmp_path / "cache", settings, HashingEmbedder())
    assert rerun["embedded_this_run"] == 0 and rerun["reused"]
    assert rerun["index_seconds"] == index["index_seconds"] and rerun["folder"] == index["folder"]
    assert again.settings.store_dir == first.settings.store_dir
    other, changed = corpus_assistant(
        corpus, tmp_path / "cache", settings.model_copy(update={"chunk_max_chars": 300}), HashingEmbedder()
    )
    assert other.settings.store_dir != first.settings.store_dir and changed["embedded_this_run"] > 0


def test_foreign_run_writes_report_json_plot_and_checks_its_own_thresholds(
    external: Path, tmp_path: Path
) -> None:
    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    thresholds = {
        "thresholds": [
            {"figure": "foreign_quick.corpora.pubmedqa.splits.all.ours.verbatim_rate", "min": 1.0},
            {"figure": "foreign_quick.corpora.covid_qa.splits.all.baseline.source_hit", "min": 0.0},
            {"figure": "foreign_quick.corpora.medquad.splits.all.ours.dose_leaks", "max": 0},
            {"figure": "foreign.corpora.pubmedqa.splits.all.ours.source_hit", "min": 2.0},  # full run only
        ]
    }
    (eval_dir / "thresholds.json").write_text(json.dumps(thresholds), encoding="utf-8")
    code = run_foreign_eval(
        Settings(store_dir=tmp_path / "unused"),
        root=external,
        limit=["all"],
        cache=tmp_path / "cache",
        check=True,
        quick=True,
        out_dir=tmp_path / "out",
        eval_dir=eval_dir,
        show_progress=False,
        embedder=HashingEmbedder(),
    )
    report = json.loads((tmp_path / "out" / "report_foreign_quick.json").read_text(encoding="utf-8"))
    assert code == 0 and len(report["check"]) == 3
    assert set(report["corpora"]) == {"pubmedqa", "covid_qa", "medquad", "expertqa"}
    covid = report["corpora"]["covid_qa"]["splits"]
    assert (
        covid["all"]["baseline"]["covered"]
        == covid["dev"]["baseline"]["covered"] + covid["test"]["baseline"]["covered"]
    )
    assert report["corpora"]["pubmedqa"]["splits"]["all"]["ours"]["held_back"] == 2  # quick: every 3rd
    markdown = (tmp_path / "out" / "report_foreign_quick.md").read_text(encoding="utf-8")
    assert "### covid_qa" in markdown and "Span hit" in markdown and "ours (test)" in markdown
    assert (tmp_path / "out" / "plots" / "foreign_quick.png").stat().st_size > 1000


def test_the_repository_thresholds_name_foreign_figures_the_quick_run_measures() -> None:
    names = [t.figure for t in load_thresholds(REPO / "eval" / "thresholds.json")]
    quick = [n for n in names if n.startswith("foreign_quick.")]
    assert quick and all(".splits.all." in n for n in quick)
