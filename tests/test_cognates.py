"""Words of a question in another language that the documents write as an English cognate (rag.retrieval.cognates)."""

from __future__ import annotations

import pytest

from rag.retrieval.cognates import Cognates, cognate_key, with_cognates

_TEXTS = (
    "Kratom has a low potential for abuse and dependence, though some find it addictive. Mixing it with alcohol "
    "raises the risk of palpitations. Some people have allergic reactions. The traditional plant grows in Asia. "
    "Trying it is better avoided while treating insomnia.",
)


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (("addictive", "adictivo", "adiktif"), "adiktif"),
        (("alcohol", "alcol", "Alkohol", "álcool"), "alkol"),
        (("reaction", "reacción", "réaction"), "reaksion"),
        (("allergic", "alérgica", "allergique"), "alergik"),
        (("therapy", "terapia", "Therapie"), "terap"),
    ],
)
def test_spellings_of_one_word_share_a_skeleton(words: tuple[str, ...], key: str) -> None:
    assert {cognate_key(w) for w in words} == {key}


def test_a_cognate_is_followed_by_the_documents_word() -> None:
    cognates = Cognates(_TEXTS)
    assert with_cognates("¿El kratom es adictivo?", cognates) == "¿El kratom es adictivo addictive?"
    assert (
        with_cognates("Apakah kratom bersifat adiktif?", cognates)
        == "Apakah kratom bersifat adiktif addictive?"
    )
    assert with_cognates("È pericoloso bere alcol?", cognates) == "È pericoloso bere alcol alcohol?"
    # Vowels are where languages part most: the consonants of a long word are enough.
    for question, read in (
        ("Le kratom crée-t-il une dépendance ?", "dépendance dependence"),
        ("Il kratom crea dipendenza?", "dipendenza dependence"),
        ("¿Causa palpitaciones?", "palpitaciones palpitations"),
    ):
        assert read in with_cognates(question, cognates), question


def test_false_friends_and_short_words_are_left_alone() -> None:
    cognates = Cognates(_TEXTS)
    for question in (
        "¿Es peligroso beber café?",  # "beber" (to drink) is one letter from "better"
        "Kratom giúp ngủ được trong thời gian cai?",  # Vietnamese "trong" (in), one letter from "trying"
        "Apa gunung tertinggi di Afrika?",  # "tertinggi" (highest) has the consonants of "treating"
        "Was ist Kratom?",
        "",
    ):
        assert with_cognates(question, cognates) == question


def test_words_the_documents_write_as_they_are_are_not_repeated() -> None:
    cognates = Cognates(_TEXTS)
    assert with_cognates("Kratom and alcohol: addictive?", cognates) == "Kratom and alcohol: addictive?"
    # Over documents that never use the word, nothing is added.
    assert (
        with_cognates("¿El kratom es adictivo?", Cognates(["Sleep and caffeine."]))
        == "¿El kratom es adictivo?"
    )


def test_indonesian_and_portuguese_endings_and_indonesian_prefixes_are_read() -> None:
    """ "-si" is Indonesian's "-tion" ("infeksi", "infection"), "-ção" Portuguese's; "ter-", "ber-", "di-" are
    prefixes ("terkontaminasi", contaminated; "berinteraksi", to interact)."""
    cognates = Cognates(
        (
            "Infections and complications after rehabilitation. Contamination is common. Drug interactions matter. "
            "Emotion counts.",
        )
    )
    for question, read in (
        ("Apakah ada risiko infeksi?", "infeksi infections"),
        ("Bagaimana menghindari kratom yang terkontaminasi?", "terkontaminasi contamination"),
        ("Apakah kratom berinteraksi dengan obat lain?", "berinteraksi interactions"),
        ("komplikasi setelah rehabilitasi", "komplikasi complications setelah rehabilitasi rehabilitation"),
        ("Há risco de infecções?", "infecções infections"),
        ("Quali complicazioni?", "complicazioni complications"),
        ("¿Qué emoción?", "emoción emotion"),  # a short word keeps its ending to pair
    ):
        assert read in with_cognates(question, cognates), question
    # Without the ending, "nation" and "question" are too short to pair with anything.
    assert with_cognates("naci", cognates) == "naci"
