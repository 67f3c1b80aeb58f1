"""The NLI cross-encoder backend, run on a tiny 3-label model the test builds itself (no downloads)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.ingest.embedder import HashingEmbedder
from rag.ingest.store import Store
from rag.safety.contradictions.contradiction_map import ConflictMap
from rag.safety.contradictions.nli import NliClassifier
from rag.settings import Settings
from rag.types import Document

WORDS = ["coffee", "causes", "relieves", "headaches", "is", "safe", "not", "dangerous", "a", "the", "adults"]


def tiny_cross_encoder(path: Path, labels: dict[int, str] | None = None, num_labels: int = 3) -> Path:
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    path.mkdir(parents=True, exist_ok=True)
    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]), encoding="utf-8")
    id2label = labels or {i: f"LABEL_{i}" for i in range(num_labels)}
    config = BertConfig(
        vocab_size=5 + len(WORDS),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=num_labels,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    BertForSequenceClassification(config).save_pretrained(path)
    BertTokenizer(str(vocab)).save_pretrained(path)
    return path


def test_nli_backend_classifies_pairs_into_the_closed_label_set(tmp_path: Path) -> None:
    model = tiny_cross_encoder(tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"})
    classifier = NliClassifier(str(model))
    pairs = [
        ("coffee causes headaches", "coffee relieves headaches"),
        ("coffee is safe", "coffee is dangerous"),
    ]
    judgements = classifier.classify(pairs)
    assert len(judgements) == 2
    assert classifier._labels == ("agreement", "unrelated", "contradiction")  # read from the model's config
    for judgement in judgements:
        assert judgement.label in {"contradiction", "agreement", "unrelated"}
        assert 1 / 3 <= judgement.confidence <= 1.0
    assert classifier.classify([]) == []


def test_generic_label_names_fall_back_to_the_usual_nli_order(tmp_path: Path) -> None:
    classifier = NliClassifier(str(tiny_cross_encoder(tmp_path / "nli")))
    classifier.classify([("coffee is safe", "coffee is dangerous")])
    assert classifier._labels == ("contradiction", "agreement", "unrelated")


def test_a_model_without_three_labels_is_refused_with_advice(tmp_path: Path) -> None:
    classifier = NliClassifier(str(tiny_cross_encoder(tmp_path / "reranker", num_labels=1)))
    with pytest.raises(ValueError, match="RAG_NLI_MODEL"):
        classifier.classify([("coffee is safe", "coffee is dangerous")])


def test_a_missing_model_fails_with_an_actionable_message(tmp_path: Path) -> None:
    classifier = NliClassifier(str(tmp_path / "no-such-model"))
    with pytest.raises(RuntimeError, match="RAG_NLI_MODEL"):
        classifier.classify([("a", "b")])


def test_the_map_uses_the_nli_backend_when_configured(tmp_path: Path) -> None:
    model = tiny_cross_encoder(tmp_path / "nli", {0: "contradiction", 1: "entailment", 2: "neutral"})
    settings = Settings(store_dir=tmp_path / "store", corpus_dir=tmp_path, nli_model=str(model))
    conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
    assert isinstance(conflicts.classifier, NliClassifier)
    texts = {
        "a": "Coffee relieves headaches in most adults. Coffee is safe for most adults.",
        "b": "Coffee causes headaches in many adults. Coffee is dangerous for many adults.",
    }
    documents = [
        Document(
            source_id=sid,
            title=sid,
            path=tmp_path / f"{sid}.txt",
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        for sid, text in texts.items()
    ]
    report = conflicts.rebuild(documents)
    assert report.claims == 4 and report.pairs_checked >= 2
    for (
        found
    ) in conflicts.contradictions():  # an untrained model decides arbitrarily; the records must be sound
        assert (
            found.sides[0].quote == texts[found.sides[0].source_id][found.sides[0].start : found.sides[0].end]
        )
        assert found.sides[0].source_id != found.sides[1].source_id
