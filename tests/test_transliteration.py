"""Thai words the documents write in Latin letters (rag.retrieval.transliteration), with the real PyThaiNLP."""

from __future__ import annotations

from rag.retrieval.transliteration import in_documents_letters
from rag.retrieval.vocabulary import Vocabulary
from rag.text.tokens import tokenize

_TEXTS = (
    "Kratom leaves contain mitragynine. Mixing kratom with alcohol or other opioids raises the risk. "
    "Methadone is a treatment for opioid use disorder."
)


def _vocabulary() -> Vocabulary:
    return Vocabulary(tokenize(_TEXTS), [_TEXTS])


def test_a_thai_name_is_read_as_the_documents_spell_it() -> None:
    vocabulary = _vocabulary()
    # Romanised "krathom" is one slip from the documents' "Kratom"; "แอลกอฮอล์" is in the loanword dictionary.
    assert in_documents_letters("กระท่อมทำให้เสพติดได้ไหม", vocabulary) == "กระท่อม Kratom ทำให้เสพติดได้ไหม"
    assert in_documents_letters("ดื่มแอลกอฮอล์ขณะใช้กระท่อมอันตรายไหม", vocabulary) == (
        "ดื่มแอลกอฮอล์ alcohol ขณะใช้กระท่อม Kratom อันตรายไหม"
    )
    # A loanword the word cutter splits ("โอ" + "ปิออยด์") is read whole.
    assert in_documents_letters("อาการอยากยาโอปิออยด์", vocabulary).startswith("อาการอยากยาโอปิออยด์ opioid")


def test_words_the_documents_do_not_use_are_left_as_written() -> None:
    vocabulary = _vocabulary()
    for question in (
        "เมืองหลวงของออสเตรเลียคืออะไร",  # the capital of Australia
        "โรคเบาหวานชนิดที่ 2 รักษาอย่างไร",  # type 2 diabetes
        "list comprehension ใน Python ทำงานอย่างไร",
    ):
        assert in_documents_letters(question, vocabulary) == question
    # Over documents that never name kratom, the Thai word stays Thai.
    other = Vocabulary(tokenize("Caffeine and sleep."), ["Caffeine and sleep."])
    assert in_documents_letters("กระท่อมทำให้เสพติดได้ไหม", other) == "กระท่อมทำให้เสพติดได้ไหม"


def test_questions_without_thai_are_untouched() -> None:
    vocabulary = _vocabulary()
    for question in ("Is kratom addictive?", "¿El kratom crea adicción?", "", "   "):
        assert in_documents_letters(question, vocabulary) == question
