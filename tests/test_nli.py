"""The NLI cross-encoder backend, run on a tiny 3-label model the test builds itself (no downloads)."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import Any

import pytest

from rag.assistant import Assistant
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.store import Store
from rag.safety.contradictions.classify import RuleClassifier
from rag.safety.contradictions.contradiction_map import ConflictMap
from rag.safety.contradictions.nli import NliClassifier
from rag.settings import Settings
from rag.types import Contradiction, Document

WORDS = ["coffee", "causes", "relieves", "headaches", "is", "safe", "not", "dangerous", "a", "the", "adults"]


def tiny_cross_encoder(path: Path, labels: dict[int, str] | None = None, num_labels: int = 3) -> Path:
    """An untrained 3-label BERT cross-encoder: its labels are arbitrary, only its shape is known."""
    model = _config_and_model(labels, num_labels)
    return _save(model, path)


# The word that makes the built-by-hand model say "contradiction"; every other pair is "neutral".
TRIGGER = "dangerous"
TRIGGER_LOGIT = 10.0  # the contradiction logit when the trigger is in the pair
NEUTRAL_BIAS = 1.0  # the neutral logit, whatever the pair


def rigged_cross_encoder(path: Path) -> Path:
    """A cross-encoder whose weights are set by hand, so that its output is known in advance.

    Every weight is zero except: the trigger word's embedding (dimension 0), attention with equal scores that
    copies values to [CLS] (so [CLS] holds the mean of the tokens), an identity pooler, and a classifier that
    reads dimension 0 for "contradiction" and has a bias for "neutral". Without the trigger [CLS] is all zeros
    and the logits are the biases (neutral wins); with it dimension 0 is large and contradiction wins.
    """
    import torch

    labels = {0: "entailment", 1: "neutral", 2: "contradiction"}
    model = _config_and_model(labels, 3)
    hidden = model.config.hidden_size
    with torch.no_grad():
        for name, weight in model.named_parameters():
            weight.fill_(1.0 if "LayerNorm.weight" in name else 0.0)
        model.bert.embeddings.word_embeddings.weight[_SPECIAL + WORDS.index(TRIGGER), 0] = 1.0
        for layer in model.bert.encoder.layer:
            layer.attention.self.value.weight.copy_(torch.eye(hidden))
            layer.attention.output.dense.weight.copy_(torch.eye(hidden))
        model.bert.pooler.dense.weight.copy_(torch.eye(hidden))
        model.classifier.weight[2, 0] = TRIGGER_LOGIT
        model.classifier.bias[1] = NEUTRAL_BIAS
    return _save(model, path)


_SPECIAL = 5  # [PAD] [UNK] [CLS] [SEP] [MASK]


def _config_and_model(labels: dict[int, str] | None, num_labels: int) -> Any:
    from transformers import BertConfig, BertForSequenceClassification

    id2label = labels or {i: f"LABEL_{i}" for i in range(num_labels)}
    config = BertConfig(
        vocab_size=_SPECIAL + len(WORDS),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=num_labels,
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
        hidden_dropout_prob=0.0,
        attention_probs_dropout_prob=0.0,
    )
    return BertForSequenceClassification(config)


def _save(model: Any, path: Path) -> Path:
    from transformers import BertTokenizer

    path.mkdir(parents=True, exist_ok=True)
    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]), encoding="utf-8")
    model.save_pretrained(path)
    BertTokenizer(str(vocab)).save_pretrained(path)
    return path


def test_nli_backend_classifies_pairs_into_the_closed_label_set(tmp_path: Path) -> None:
    classifier = NliClassifier(str(rigged_cross_encoder(tmp_path / "nli")))
    pairs = [
        ("coffee is safe", "coffee is dangerous"),  # the trigger: contradiction
        ("coffee causes headaches", "coffee relieves headaches"),  # no trigger: neutral
    ]
    contradiction, neutral = classifier.classify(pairs)
    assert classifier._labels == ("agreement", "unrelated", "contradiction")  # read from the model's config
    assert contradiction.label == "contradiction"
    assert contradiction.confidence > 0.99
    assert neutral.label == "unrelated"
    # No trigger: [CLS] is all zeros, so the probabilities are the softmax of the biases, averaged both ways.
    expected = math.exp(NEUTRAL_BIAS) / (math.exp(NEUTRAL_BIAS) + 2.0)
    assert neutral.confidence == pytest.approx(expected, abs=1e-5)
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


COFFEE = {
    "a": "Coffee relieves headaches in most adults. Coffee is safe for most adults.",
    "b": "Coffee causes headaches in many adults. Coffee is dangerous for many adults.",
}
# What the rigged model says: the pairs with the trigger sentence. The rule classifier would instead pair
# "relieves" with "causes" and call "relieves headaches" / "is dangerous" an agreement: the two sets differ.
NLI_PAIRS = {
    ("Coffee is safe for most adults.", "Coffee is dangerous for many adults."),
    ("Coffee relieves headaches in most adults.", "Coffee is dangerous for many adults."),
}


# The floor on how alike two documents must be is on the real model's scale; the hashing embedder's bags of
# words put the two coffee notes far apart, so these tests of the NLI backend pair any two documents.
_ANY_DOCUMENTS = {"conflict_min_document_similarity": -1.0}


def _documents(folder: Path) -> list[Document]:
    return [
        Document(
            source_id=sid,
            title=sid,
            path=folder / f"{sid}.txt",
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        for sid, text in COFFEE.items()
    ]


def _quote_pairs(contradictions: list[Contradiction]) -> set[tuple[str, str]]:
    return {(c.sides[0].quote, c.sides[1].quote) for c in contradictions}


def test_rules_and_the_rigged_model_disagree_on_the_coffee_pairs() -> None:
    # The premise of the two tests below: a map built by the rules could not pass them.
    rules = RuleClassifier()
    only_rules = ("Coffee relieves headaches in most adults.", "Coffee causes headaches in many adults.")
    assert only_rules not in NLI_PAIRS and rules.judge(*only_rules).label == "contradiction"
    only_nli = ("Coffee relieves headaches in most adults.", "Coffee is dangerous for many adults.")
    assert only_nli in NLI_PAIRS and rules.judge(*only_nli).label != "contradiction"


def test_the_map_uses_the_nli_backend_when_configured(tmp_path: Path) -> None:
    model = rigged_cross_encoder(tmp_path / "nli")
    settings = Settings(
        store_dir=tmp_path / "store", corpus_dir=tmp_path, nli_model=str(model), **_ANY_DOCUMENTS
    )
    conflicts = ConflictMap(Store(settings), HashingEmbedder(), settings)
    assert isinstance(conflicts.classifier, NliClassifier)
    report = conflicts.rebuild(_documents(tmp_path))
    assert report.claims == 4 and report.contradictions == len(NLI_PAIRS)
    found = conflicts.contradictions()
    assert _quote_pairs(found) == NLI_PAIRS
    for record in found:
        for side in record.sides:
            assert side.quote == COFFEE[side.source_id][side.start : side.end]
        assert record.sides[0].source_id != record.sides[1].source_id
    stored = conflicts.store.collection("contradictions").get(include=["metadatas"])["metadatas"]
    assert {meta["classifier"] for meta in stored} == {f"nli:{model}"}
    assert all(meta["confidence"] > 0.99 for meta in stored)


def test_nli_contradictions_reach_the_answer(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for sid, text in COFFEE.items():
        (corpus / f"{sid}.txt").write_text(text + "\n", encoding="utf-8")
    model = rigged_cross_encoder(tmp_path / "nli")
    settings = Settings(
        corpus_dir=corpus, store_dir=tmp_path / "store", nli_model=str(model), **_ANY_DOCUMENTS
    )
    answer = Assistant(settings, embedder=HashingEmbedder()).ask("Is coffee safe for adults?")
    assert answer.status == "answered"
    # Both pairs share the "dangerous" claim: one dispute, one block holding all three sides.
    assert [sorted(s.quote for s in c.sides) for c in answer.contradictions] == [
        sorted({quote for pair in NLI_PAIRS for quote in pair})
    ]
