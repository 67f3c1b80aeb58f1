"""Which disputes a question in another language asks about, word by word (rag.answer.dispute_terms)."""

from __future__ import annotations

import numpy as np
import pytest

from rag import Assistant
from rag.answer.dispute_terms import about_kind, asked_words, kind_of, named_thing, term_words
from rag.answer.disputes import near_question
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.multilingual import HashingRoleEmbedder
from rag.types import Citation, Contradiction

# A toy multilingual space: each word sits on the axis of what it means, slightly apart from its translations.
_MEANS = {
    "adicción": 0, "addiction": 0, "addictive": 0,
    "abstinencia": 1, "withdrawal": 1,
    "planta": 2, "plant": 2, "tree": 2,
    "hongo": 3, "mushroom": 3,
    "sueño": 4, "insomnia": 4,
    "seguro": 5, "safe": 5, "dangerous": 11,
    "receta": 6, "pan": 7, "viaje": 8, "coche": 9,
}  # fmt: skip


def _encode(words: list[str]) -> np.ndarray:
    out = np.zeros((len(words), 16), dtype=np.float32)
    for row, word in enumerate(words):
        axis = _MEANS.get(word, 12 + sum(map(ord, word)) % 3)  # words of no meaning here: apart from those
        out[row, axis] = 1.0
        out[row, 15] = 0.1 * (len(word) % 3)  # translations are close, never equal
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def _side(source: str, start: int, quote: str) -> Citation:
    return Citation(
        source_id=source, title=source, quote=quote, start=start, end=start + len(quote), score=0.5
    )


ADDICTION = Contradiction(
    topic="how high the risk of addiction is",
    sides=[_side("a", 0, "Kratom is addictive."), _side("b", 0, "Kratom is not addictive.")],
    note="n",
)
KIND = Contradiction(
    topic="what Kratom is: plant or mushroom",
    sides=[_side("a", 40, "Kratom is a tropical tree."), _side("b", 40, "Kratom is a mushroom.")],
    note="n",
)
SAFETY = Contradiction(
    topic="whether it is safe or dangerous",
    sides=[_side("a", 80, "Kratom is safe."), _side("b", 80, "Kratom is dangerous.")],
    note="n",
)
EVERYDAY = ["¿Cómo hago pan sin receta?", "¿Qué coche es mejor para un viaje?"]
WITHDRAWAL_QUOTE = _side("c", 0, "Withdrawal brings cravings.")


def test_the_words_of_a_dispute_name_its_terms_its_kinds_and_its_axis() -> None:
    assert "addictive" in term_words(ADDICTION)
    assert {"tree", "mushroom"} <= term_words(KIND) and about_kind(KIND)
    assert {"safe", "dangerous"} <= term_words(SAFETY) and not about_kind(SAFETY)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("¿El kratom crea adicción?", {"addictive"}),
        ("¿Es el kratom un hongo?", {"mushroom"}),
        ("¿Es seguro el kratom?", {"safe"}),
        # "abstinencia" is closest to a word of the quotes that no dispute is about: it asks about none.
        ("¿Ayuda el kratom con la abstinencia?", set()),
        # A word as close to the everyday questions' words as to the dispute's is no evidence of asking.
        ("¿Hay receta para el kratom?", set()),
    ],
)
def test_a_question_word_asks_a_term_its_closest_english_word_names(question: str, asked: set[str]) -> None:
    found = asked_words(question, [ADDICTION, KIND, SAFETY], [WITHDRAWAL_QUOTE], EVERYDAY, _encode)
    assert found == asked


def test_disputes_the_question_names_come_alone_and_a_kind_is_never_a_mere_neighbour() -> None:
    def near(asked: frozenset[str], named: frozenset[str] = frozenset()) -> list[Contradiction]:
        return near_question(
            [ADDICTION, KIND, SAFETY],
            [],
            lambda texts: [1.0] * len(texts),  # every side as close as the best sentence
            lambda: 0.5,
            lambda pairs, quotes: lambda pair: bool(term_words(pair) & asked) or kind_of(pair, named),
        )

    assert near(frozenset({"addictive"})) == [ADDICTION]
    assert near(frozenset({"mushroom"})) == [KIND]
    assert near(frozenset(), named_thing("¿Qué es el kratom?", "es")) == [KIND]
    # Asked about none of them: the sides near the question, less what kind of thing kratom is.
    assert near(frozenset()) == [ADDICTION, SAFETY]


@pytest.mark.parametrize(
    ("question", "language", "named"),
    [
        ("¿Qué es el kratom?", "es", {"kratom"}),
        ("Qu'est-ce que le kratom ?", "fr", {"kratom"}),
        ("C'est quoi le kratom ?", "fr", {"kratom"}),
        ("Was ist Kratom?", "de", {"kratom"}),
        ("Apa itu kratom?", "id", {"kratom"}),
        ("Kratom itu apa?", "ms", {"kratom"}),
        ("Kratom là gì?", "vi", {"kratom"}),
        ("O que é o kratom?", "pt", {"kratom"}),
        ("Que é kratom?", "pt", {"kratom"}),
        ("Che cos'è il kratom?", "it", {"kratom"}),
        ("Cos’è il kratom?", "it", {"kratom"}),
        ("Cosa è il kratom?", "it", {"kratom"}),
        ("O kratom é viciante?", "pt", set()),
        ("Il kratom è una droga?", "it", set()),
        ("¿El kratom es adictivo?", "es", set()),
        ("¿Qué es lo que hace que el kratom sea tan difícil de dejar?", "es", set()),
    ],
)
def test_what_is_x_is_read_in_every_language(question: str, language: str, named: set[str]) -> None:
    assert named_thing(question, language) == named
    assert kind_of(KIND, named_thing(question, language)) == bool(named)
    assert not kind_of(SAFETY, named_thing(question, language))


def test_a_question_word_the_everyday_questions_use_is_measured_against_the_others() -> None:
    """An everyday question on house plants uses "planta": asked about a plant, the word would only tie with
    itself; it is measured against the everyday questions' other words."""
    everyday = [*EVERYDAY, "¿Cada cuánto riego una planta?"]
    assert asked_words("¿Qué planta es el kratom?", [KIND], [], everyday, _encode) == {"tree"}


def test_a_question_in_another_language_gets_the_disputes_it_asks_about(real_assistant: Assistant) -> None:
    """On the real corpus the sentences that say what kratom is come near every question about it; asked in
    German whether it makes you dependent, the answer showed the dispute on what kratom is."""
    for question in ("Macht Kratom abhängig?", "¿El kratom crea adicción?"):
        answer = real_assistant.ask(question)
        assert answer.status == "answered"
        assert not any(c.topic.startswith("what Kratom is") for c in answer.contradictions), question
    # Asked what kratom is, or whether it is a mushroom, it shows the sources' dispute on what it is.
    for question in ("Le kratom est-il un champignon ?", "¿Qué es el kratom?", "Was ist Kratom?"):
        answer = real_assistant.ask(question)
        assert any(c.topic.startswith("what Kratom is") for c in answer.contradictions), question


class _Counting(HashingRoleEmbedder):
    """Counts the single words it embeds."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def passage(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return super().passage(texts)


def test_word_vectors_are_embedded_once_per_store(fake_assistant: Assistant) -> None:
    """A question asked from the command line starts a new process: the everyday questions' words it compares
    with (about 250 a language) are read from the store, not embedded again."""
    first_encoder, second_encoder = _Counting(), _Counting()
    first = Assistant(fake_assistant.settings, embedder=HashingEmbedder(), multilingual=first_encoder)
    vectors = first._cross().word_vectors(["abhängig", "dependence", "abhängig"])
    assert vectors.shape[0] == 3 and np.allclose(vectors[0], vectors[2])
    assert sorted(first_encoder.embedded) == ["abhängig", "dependence"]
    second = Assistant(fake_assistant.settings, embedder=HashingEmbedder(), multilingual=second_encoder)
    again = second._cross().word_vectors(["dependence", "abhängig", "Pilz"])
    assert second_encoder.embedded == ["Pilz"]
    assert np.allclose(again[:2], vectors[[1, 0]])
