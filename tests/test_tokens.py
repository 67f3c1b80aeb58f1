"""The shared tokeniser keeps a word whole whatever its marks: accents fold away (composed or decomposed, typed or
not), other scripts' combining marks stay inside their words."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from rag.retrieval.bm25 import BM25
from rag.text.tokens import _word, tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("¿El kratom crea adicción?", ["el", "kratom", "crea", "adiccion"]),
        ("Ménière disease and Sjögren", ["menier", "diseas", "sjogren"]),
        ("Macht Kratom abhängig?", ["macht", "kratom", "abhangig"]),
        ("Kratom có gây nghiện không?", ["kratom", "co", "gay", "nghien", "khong"]),
        ("Withdrawal symptoms of kratom", ["withdrawal", "symptom", "kratom"]),
    ],
)
def test_accented_words_stay_whole_and_fold_to_their_letters(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens
    assert tokenize(unicodedata.normalize("NFD", text)) == tokens
    assert tokenize(unicodedata.normalize("NFC", text)) == tokens


def test_marks_of_other_scripts_stay_inside_their_words() -> None:
    thai = "กระท่อมทำให้ติด ได้ไหม"  # tone marks and vowel signs are combining marks
    assert len(tokenize(thai)) == 2
    assert tokenize("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]
    word = _word()
    marks = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("M")]
    assert all(word.fullmatch("a" + chr(c) + "b") for c in marks)


def test_a_question_typed_without_accents_finds_the_accented_passage() -> None:
    index = BM25(["La adicción al kratom es posible.", "El té de hojas se bebe caliente."])
    assert index.scores("adiccion kratom")[0] > 0
    assert index.scores("adicción")[0] > index.scores("adicción")[1]


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("quitting", "quit"),
        ("stopped", "stop"),
        ("admitted", "admit"),
        ("referring", "refer"),
        ("planning", "plan"),
        ("spelling", "spell"),  # the word's own double letters stay
        ("pressed", "press"),
        ("adding", "add"),  # a double after the vowel that opens the word is the word's own
        ("buzzing", "buzz"),
    ],
)
def test_a_consonant_doubled_for_its_ending_meets_the_word_without_it(word: str, base: str) -> None:
    """ "Does quitting smoking ...?" found no document that says "quit": "quitting" read as "quitt"."""
    assert tokenize(word) == tokenize(base)
