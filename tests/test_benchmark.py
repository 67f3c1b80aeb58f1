"""The benchmark's synthetic corpus and results record; one real quick run (marked: it loads the model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag import Settings
from rag.benchmark import report
from rag.benchmark.run import GOALS, _goals
from rag.benchmark.stats import summary_ms
from rag.benchmark.synthetic import build_corpus
from rag.ingest.corpus import scan_corpus
from rag.text.segment import split_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_synthetic_corpus_scales_the_corpus_with_new_texts(tmp_path: Path) -> None:
    built = build_corpus(CORPUS, tmp_path / "syn", factor=3, seed=1)
    originals = [p for p in CORPUS.iterdir() if p.suffix == ".txt"]

    scan = scan_corpus(Settings(corpus_dir=built.path, store_dir=tmp_path / "store"))

    assert built.documents == 3 * len(originals) == len(scan.documents)
    assert not scan.skipped
    assert all(d.title.startswith("Synthetic") for d in scan.documents)
    real = {
        s.text for p in originals for s in split_sentences(p.read_text(encoding="utf-8")) if not s.heading
    }
    made = [s.text for d in scan.documents for s in split_sentences(d.text) if not s.heading]
    assert len(made) >= 2 * len(real)
    # Spliced, not copied: nearly every sentence is new, so no cache or index can fold duplicates.
    assert len(set(made) - real) / len(made) > 0.9
    assert len(set(made)) / len(made) > 0.9


def test_synthetic_corpus_is_deterministic(tmp_path: Path) -> None:
    a = build_corpus(CORPUS, tmp_path / "a", factor=1, seed=7)
    b = build_corpus(CORPUS, tmp_path / "b", factor=1, seed=7)
    for path in sorted(a.path.iterdir()):
        assert path.read_text(encoding="utf-8") == (b.path / path.name).read_text(encoding="utf-8")


def test_latency_summary_in_milliseconds() -> None:
    stats = summary_ms([0.010, 0.020, 0.030])
    assert stats == {"n": 3, "p50": 20.0, "p95": 29.0, "mean": 20.0}
    assert summary_ms([])["n"] == 0


def _tier(factor: int, encoder: str, passages: int, ms_per_text: float, p50: float) -> dict:
    tier = {
        "factor": factor,
        "encoder": encoder,
        "documents": 5 * factor,
        "passages": passages,
        "sentences": 4 * passages,
        "index_seconds": 1.0,
        "index_ms_per_text": ms_per_text,
        "index_ms_per_text_measured": ms_per_text,
        "texts_embedded": 5 * passages,
        "retrieve_ms": {"n": 3, "p50": p50, "p95": p50, "mean": p50},
        "peak_rss_mb": 900.0,
    }
    if encoder == "hashing":
        tier["index_seconds_with_model_extrapolated"] = 9.0
        tier["query_p50_ms_with_model_extrapolated"] = p50 + 15
    return tier


def test_goals_and_report_from_a_results_record() -> None:
    latency = {"n": 3, "p50": 30.0, "p95": 40.0, "mean": 31.0}
    results = {
        "quick": False,
        "started_at": "2026-01-01T00:00:00+00:00",
        "seconds_total": 600.0,
        "machine": {
            "cpu_model": "cpu",
            "logical_cores": 2,
            "memory_gb": 8.0,
            "os": "linux",
            "python": "3.11",
            "load_average_at_start": [1.0, 1.0, 1.0],
            "load_average_at_end": [1.0, 1.0, 1.0],
        },
        "ask_vs_bare_retriever_p50_ratio": 1.2,
        "index_vs_encode_throughput_ratio": 0.7,
        "reindex_unchanged_seconds": 0.1,
        "latency": {"ask_ms": latency, "bare_retriever_ms": latency, "ratio_p50": 1.0},
        "server_mode": {"ask_ms": latency},
        "indexing": {
            "texts": 10,
            "encode_texts_per_second": 100.0,
            "index_texts_per_second": 70.0,
            "encode_seconds": [0.1],
            "index_seconds": [0.14],
            "ratio": 0.7,
        },
        "reindex_unchanged": {"seconds": 0.1, "runs": [0.1], "texts_embedded": 0},
        "scale": [
            _tier(1, "model", 60, 9.0, 30.0),
            _tier(10, "hashing", 600, 4.0, 30.0),
            {"factor": 100, "skipped": "no time"},
            _tier(1000, "hashing", 100_000, 5.0, 70.0),
        ],
        "cold_start": {"library": {"error": "x"}, "ui": {"skipped": "quick"}},
        "notes": ["a note"],
    }

    goals = _goals(results)

    assert set(GOALS) <= set(goals)
    assert goals["ask_vs_bare_retriever_p50_ratio"]["met"] is True
    assert goals["index_vs_encode_throughput_ratio"]["met"] is False
    assert goals["query_p50_ms_at_100k_passages"]["value"] == 85.0  # the extrapolated figure, with the model
    assert goals["index_growth_per_text_ratio"]["value"] == 1.25
    results["goals"] = goals
    text = report.markdown(results)
    assert "**not met**" in text and "1000x" in text and "a note" in text
    json.dumps(results)


@pytest.mark.model
def test_quick_bench_writes_both_files(tmp_path: Path, corpus_dir: Path) -> None:
    from rag.benchmark import run_bench

    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store")
    assert run_bench(settings, quick=True, out_dir=tmp_path / "out") == 0

    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    for key in (
        "ask_vs_bare_retriever_p50_ratio",
        "index_vs_encode_throughput_ratio",
        "reindex_unchanged_seconds",
        "machine",
        "scale",
        "cold_start",
        "server_mode",
        "goals",
    ):
        assert key in results, key
    assert results["quick"] is True
    assert results["reindex_unchanged"]["texts_embedded"] == 0
    assert [t["factor"] for t in results["scale"]] == [1, 10]
    assert (tmp_path / "out" / "results.md").read_text(encoding="utf-8").startswith("# Benchmark results")


@pytest.mark.server
def test_large_run_measures_the_embedded_store_and_then_a_server_on_it(tmp_path: Path) -> None:
    """The 100k-passage command end to end at one copy of the corpus, with the fast fake encoder: the server
    serves the store the embedded run wrote, so it finds every passage and embeds nothing again."""
    from rag.benchmark.large import main

    assert (
        main(["--workdir", str(tmp_path), "--factor", "1", "--encoder", "hashing", "--questions", "5"]) == 0
    )
    results = json.loads((tmp_path / "large.json").read_text(encoding="utf-8"))
    embedded, server = results["embedded"], results["server"]
    assert "error" not in embedded and "error" not in server, results
    assert embedded["texts_embedded"] > embedded["passages"] > 0
    assert embedded["store_mb"] > 0 and embedded["contradictions"] >= 0
    assert server["passages_in_store"] == embedded["passages_in_store"]
    assert server["texts_embedded"] == 0 and server["documents"] == 0
    assert server["ask_ms"]["n"] == 5 and server["server_peak_rss_mb"] > 0

    # Again on the same folder without the map: the store is reused and only retrieval is timed.
    assert main(["--workdir", str(tmp_path), "--factor", "1", "--encoder", "hashing", "--no-map"]) == 0
    again = json.loads((tmp_path / "large-no-map.json").read_text(encoding="utf-8"))
    assert again["embedded"]["texts_embedded"] == 0 and "ask_ms" not in again["embedded"]
    assert again["server"]["retrieve_ms"]["n"] == 50 and "ask_ms" not in again["server"]


def test_the_indexing_comparison_refuses_a_folder_without_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rag.benchmark.ingest import main

    (tmp_path / "nested").mkdir()  # files, in a folder too, but none of a type that is read
    (tmp_path / "nested" / "a.rtf").write_text("{\\rtf1 Text.}", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "no document to index" in capsys.readouterr().err
