"""Disputes' topic labels in the reader's language (rag.answer.topic_labels)."""

from __future__ import annotations

import pytest

from rag.answer.messages import messages_for
from rag.answer.overview import overview
from rag.answer.topic_labels import label_in
from rag.text.language import ENGLISH, SUPPORTED
from rag.types import Citation, Contradiction

OTHERS = [code for code in SUPPORTED if code != ENGLISH]
# One label of each template the claim rules build, with the words a document gave it.
LABELS = [
    ("whether it is safe or dangerous", ()),
    ("whether it is known to be safe", ()),
    ("whether it works", ()),
    ("whether studies have shown it or more research is needed", ()),
    ("this point", ()),
    ("whether it relieves or causes insomnia", ("insomnia",)),
    ("whether it helps or harms the kidneys", ("the kidneys",)),
    ("whether it causes liver damage", ("liver damage",)),
    ("whether it relieves anxiety", ("anxiety",)),
    ("whether it affects sleep quality", ("sleep quality",)),
    ("whether the dosing is precise or uncertain", ("dosing",)),
    ("how high the risk of dependence is", ("dependence",)),
    ("whether it is habit-forming", ("habit-forming",)),
    ("what Spirulina is: plant or bacteria", ("Spirulina", "plant", "bacteria")),
    ("the amount", ()),
    ("the amount of caffeine", ("caffeine",)),
    ("the percentage", ()),
    ("the percentage of patients", ("patients",)),
    ("the timing", ()),
    ("the timing of the first symptoms", ("the first symptoms",)),
    ("how long", ()),
]


@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize(("label", "kept"), LABELS)
def test_every_template_reads_in_every_language_keeping_the_documents_words(
    language: str, label: str, kept: tuple[str, ...]
) -> None:
    shown = label_in(language, label)
    assert shown != label and shown.strip() == shown
    assert all(word in shown for word in kept)
    assert "{" not in shown and "whether" not in shown


def test_english_and_labels_no_template_matches_stay_as_they_are() -> None:
    assert (
        label_in(ENGLISH, "whether it relieves or causes insomnia")
        == "whether it relieves or causes insomnia"
    )
    # A label quoting a claim's own verb phrase is shown as the map wrote it.
    assert label_in("es", "whether it detects xylazine") == "whether it detects xylazine"
    assert label_in("es", "whether it relieves or causes insomnia") == "si alivia o causa insomnia"
    assert label_in("de", "whether it is safe or dangerous") == "ob es sicher oder gefährlich ist"


def test_a_reply_in_spanish_names_the_disagreement_in_spanish() -> None:
    def side(source: str, start: int) -> Citation:
        return Citation(source_id=source, title="T", quote="x" * 10, start=start, end=start + 10, score=1.0)

    a, b = side("a", 0), side("b", 0)
    block = Contradiction(topic="whether it is safe or dangerous", sides=[a, b])
    assert overview([a, b], [], [block], messages_for("es")) == (
        "2 documentos tratan esta pregunta; no coinciden en «si es seguro o peligroso»."
    )
    # The record keeps the map's English label, for the API and the eval.
    assert block.topic == "whether it is safe or dangerous"


def test_the_evidence_panel_heads_a_dispute_in_the_readers_language() -> None:
    from rag.ui.render import disagreements

    a = Citation(source_id="a", title="A", quote="It is safe.", start=0, end=11, score=1.0)
    b = Citation(source_id="b", title="B", quote="It is dangerous.", start=0, end=16, score=1.0)
    block = Contradiction(topic="whether it is safe or dangerous", sides=[a, b])
    assert "Sobre «si es seguro o peligroso»" in disagreements([block], [a, b], None, messages_for("es"))
    assert "whether it is safe or dangerous" in disagreements([block], [a, b], None, messages_for("en"))
