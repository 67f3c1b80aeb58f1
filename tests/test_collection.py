"""Questions about the collection itself, and questions that name it on the way to their subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.answer.collection import (
    MAX_SHOWN,
    asks_about_collection,
    collection_language,
    disputes_answer,
    disputes_language,
    thanks_language,
)
from rag.answer.messages import messages_for
from rag.ingest.embedder import HashingEmbedder
from rag.retrieval.collection_words import asks_agreement, without_collection_words
from rag.safety.dosing.detector import is_dosing_guidance
from rag.types import Citation, Contradiction
from tests.conftest import write_corpus


def test_the_words_that_name_the_documents_are_told_from_the_subject() -> None:
    assert without_collection_words("What do the documents say about kava?") == "What about kava?"
    assert (
        without_collection_words("According to the articles, is kratom addictive?") == "is kratom addictive?"
    )
    assert without_collection_words("Is kava mentioned in these documents?") == "Is kava mentioned?"
    assert without_collection_words("Does the text describe withdrawal?") == "withdrawal?"
    # Asking whether they agree on a subject: the subject is what is asked about.
    agreement = {
        "Do the articles disagree on the incubation period?": "the incubation period?",
        "Do the sources contradict each other on whether kratom is addictive?": "kratom is addictive?",
        "Is there any disagreement between the articles about kratom and sleep?": "kratom and sleep?",
        "Where do the documents disagree about insomnia?": "insomnia?",
        "Do they agree on whether masks work?": "masks work?",
    }
    for question, subject in agreement.items():
        assert without_collection_words(question) == subject
        assert asks_agreement(question), question
    assert not asks_agreement("Do the sources disagree?")  # the whole collection: its disputes are listed
    assert not asks_agreement("Do masks differ in filtration?")
    assert not asks_agreement("What do the documents say about kava?")
    unchanged = [
        "Why do the articles disagree about kratom's addiction risk?",  # the disagreement is the subject
        "What is the 'dual nature' of kratom that the articles mention?",
        "What strains were included in this study?",
        "What do  evolutionary analyses show?",  # spacing of a question not touched is kept
        "Which documents are needed to travel abroad?",
        "What do the documents say?",  # nothing would be left: the question as asked
    ]
    assert [without_collection_words(q) for q in unchanged[:-1]] == unchanged[:-1]
    assert without_collection_words(unchanged[-1]) != ""


def test_a_question_about_the_collection_is_told_from_one_about_a_subject() -> None:
    about_collection = [
        "What are these documents about?",
        "what are the articles about",
        "What can I ask you?",
        "What can you help me with?",
        "What topics can you answer questions about?",
        "help",
        "Summarize the documents.",
        "Which articles do you have?",
        "What's in the collection?",
        "Give me an overview of all the documents",
        "Hello!",
        "hi there",
        # A greeting before the question, asking for help, and "what" for "which" (these searched the documents
        # and said they do not cover it).
        "Hello, can you help me?",
        "Hi! What do these documents cover?",
        "What documents do you have?",
        "How are you?",
    ]
    about_a_subject = [
        "What do the documents say about coffee?",
        "Can kratom help with insomnia?",
        "help with withdrawal symptoms",
        "What can I take for pain?",
        "Which documents are needed to travel abroad?",
        "What are the side effects?",
        "Hello, is kratom addictive?",
        "Hello, how much kratom should I take?",
        "Can you help me quit kratom?",
    ]
    assert all(asks_about_collection(q) for q in about_collection)
    assert not any(asks_about_collection(q) for q in about_a_subject)


@pytest.mark.model
def test_naming_the_documents_does_not_hide_the_subject(real_assistant: Assistant) -> None:
    """The kratom articles never say "documents": the focus-word rule read the word as one the evidence ignores
    and answered not_found, while "What do the sources say about kava?" was answered."""
    answer = real_assistant.ask("What do the documents say about kava?")
    assert answer.status == "answered" and answer.confidence == "high", answer.text
    assert all("kava" in c.quote.lower() for c in answer.citations)
    assert real_assistant.ask("What do the documents say about driving?").status == "not_found"
    yes_no = real_assistant.ask("According to the articles, does kratom help with insomnia?")
    assert yes_no.groups, "read as the yes/no question it is"


@pytest.mark.model
def test_what_the_documents_are_about_is_answered_by_how_each_opens(real_assistant: Assistant) -> None:
    documents = {d.source_id: d for d in real_assistant.documents()}
    for question in ("What are these documents about?", "help", "What can I ask you?"):
        answer = real_assistant.ask(question)
        assert answer.status == "answered" and answer.confidence == "high", question
        assert answer.text.startswith(messages_for("en").collection_head_many.format(n=len(documents)))
        assert sorted(c.source_id for c in answer.citations) == sorted(documents)
        for citation in answer.citations:
            text = documents[citation.source_id].text
            assert citation.quote == text[citation.start : citation.end]
            assert citation.start < len(text) // 4  # where the document opens
            assert not is_dosing_guidance(citation.quote)


def test_an_opening_that_gives_a_dose_is_passed_over_and_a_long_list_is_counted(tmp_path: Path) -> None:
    documents = {
        "leaflet": "Take 2 grams of kratom powder three times a day with food. Kratom is a tropical tree whose "
        "leaves are sold as powder and capsules.",
        "excerpt": "in the fall of 1781, effectively ending the war. The treaty of Paris was signed in 1783.",
    }
    documents |= {
        f"note-{i:02d}": f"Note number {i} describes how the clinic schedules its group sessions."
        for i in range(12)
    }
    corpus = write_corpus(tmp_path / "corpus", documents)
    assistant = Assistant(
        Settings(corpus_dir=corpus, store_dir=tmp_path / "store"), embedder=HashingEmbedder()
    )
    answer = assistant.ask("What are these documents about?")
    assert answer.status == "answered" and len(answer.citations) == MAX_SHOWN
    assert not any("grams" in c.quote for c in answer.citations)
    assert messages_for("en").collection_more.format(n=len(documents) - MAX_SHOWN) in answer.text
    openings = {c.source_id: c.quote for c in answer.citations}
    assert openings["leaflet"].startswith("Kratom is a tropical tree")
    assert openings["excerpt"] == "The treaty of Paris was signed in 1783."  # not the tail it begins with


def test_words_that_only_frame_a_question_are_not_held_against_it() -> None:
    """ "Can you summarize ...?" lost 0.2 of its gate score on any collection that never says "summarize"."""
    from rag.retrieval.focus_words import focus_variants
    from rag.retrieval.vocabulary import Vocabulary, unsupported_words
    from rag.text.tokens import tokenize

    vocabulary = Vocabulary(
        tokenize("Kratom may relieve insomnia. Withdrawal brings anxiety and restlessness.")
    )
    for question in (
        "Can you summarize whether kratom relieves insomnia?",
        "In a nutshell, does kratom relieve insomnia?",
        "What's the gist of kratom withdrawal? ELI5",
    ):
        assert unsupported_words(question, vocabulary, 4.0) == [], question
        focus = {word for word, _ in focus_variants(question, vocabulary, 5.5, 5)}
        assert not focus & {"summarize", "nutshell", "gist", "eli5"}, question
    # A word the documents lack that names a subject still counts.
    assert unsupported_words("Can you summarize whether kratom harms the kidneys?", vocabulary, 4.0)


@pytest.mark.parametrize(
    ("question", "languages"),
    [
        ("¿De qué tratan estos documentos?", {"es"}),
        ("Hola", {"es"}),  # one word reads as English: the greeting still tells its language
        ("¿Qué te puedo preguntar?", {"es"}),
        ("De quoi parlent ces documents ?", {"fr"}),
        ("Bonjour !", {"fr"}),
        ("Worum geht es in diesen Dokumenten?", {"de"}),
        ("Was kann ich fragen?", {"de"}),
        ("Dokumen ini tentang apa?", {"id", "ms"}),
        ("Apa yang boleh saya tanya?", {"id", "ms"}),
        ("Các tài liệu này nói về gì?", {"vi"}),
        ("เอกสารเหล่านี้เกี่ยวกับอะไร", {"th"}),
        ("Do que tratam estes documentos?", {"pt"}),
        ("Olá", {"pt"}),
        ("Di che cosa parlano questi documenti?", {"it"}),
        ("Cosa posso chiederti?", {"it"}),
        ("Hola, ¿puedes ayudarme?", {"es"}),
        ("Bonjour, pouvez-vous m'aider ?", {"fr"}),
        ("Hallo, kannst du mir helfen?", {"de"}),
        ("Halo, bisakah kamu membantu saya?", {"id", "ms"}),
        ("Xin chào, bạn có thể giúp tôi không?", {"vi"}),
        ("สวัสดีครับช่วยได้ไหมครับ", {"th"}),
        ("Olá, pode me ajudar?", {"pt"}),
        ("Ciao, puoi aiutarmi?", {"it"}),
    ],
)
def test_a_question_about_the_collection_is_answered_in_its_own_language(
    fake_assistant: Assistant, question: str, languages: set[str]
) -> None:
    answer = fake_assistant.ask(question)
    assert answer.status == "answered" and answer.language in languages, (answer.status, answer.language)
    texts = messages_for(answer.language)
    assert answer.text.startswith(texts.collection_head_many.format(n=len(fake_assistant.documents())))
    assert answer.text.endswith(texts.collection_ask)


def test_questions_about_a_subject_in_other_languages_are_not_about_the_collection() -> None:
    for question in (
        "¿De qué tratan los síntomas de abstinencia?",
        "¿El kratom crea adicción?",
        "Hola, ¿el kratom es adictivo?",
        "Wovon handelt die Studie über Kratom?",
        "Apa efek samping kratom?",
        "กระท่อมทำให้เสพติดได้ไหม",
    ):
        assert collection_language(question) is None, question


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Thanks!", "en"),
        ("Ok, thank you so much", "en"),
        ("Thanks, that helps.", "en"),
        ("¡Muchas gracias!", "es"),
        ("Merci beaucoup !", "fr"),
        ("Danke schön", "de"),
        ("Grazie mille", "it"),
        ("Terima kasih banyak", "id ms"),  # the same words in both
        ("Cảm ơn bạn nhiều", "vi"),
        ("ขอบคุณครับ", "th"),
    ],
)
def test_a_thank_you_gets_a_short_reply_in_its_language(
    fake_assistant: Assistant, question: str, language: str
) -> None:
    answer = fake_assistant.ask(question)
    assert answer.status == "not_found" and not answer.citations
    assert answer.language in language.split() and answer.text == messages_for(answer.language).thanks


def test_thanks_with_a_question_is_a_question() -> None:
    for question in (
        "Thanks, what about liver damage?",
        "Thank you for the list, can kratom cause seizures?",
        "Is there a thank-you note in the documents?",
        "Gracias, ¿y el kratom es adictivo?",
    ):
        assert thanks_language(question) is None, question


# --- where the documents disagree -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What do the sources disagree about?", "en"),
        ("Where do the documents disagree?", "en"),
        ("Are there any contradictions between the articles?", "en"),
        ("Do they disagree on anything?", "en"),
        ("Show me the contradictions", "en"),
        ("¿Hay contradicciones entre los documentos?", "es"),
        ("¿En qué discrepan los documentos?", "es"),
        ("Sur quoi les documents se contredisent ?", "fr"),
        ("Gibt es Widersprüche zwischen den Dokumenten?", "de"),
        ("Ci sono contraddizioni tra i documenti?", "it"),
        ("Há contradições entre os documentos?", "pt"),
        ("Apakah ada pertentangan antara dokumen ini?", "id"),
        ("Các tài liệu này mâu thuẫn ở điểm nào?", "vi"),
        ("เอกสารเหล่านี้ขัดแย้งกันตรงไหนบ้าง", "th"),
    ],
)
def test_where_the_documents_disagree_is_asked_in_each_language(question: str, language: str) -> None:
    found = disputes_language(question)
    assert found == language or {found, language} == {"id", "ms"}, (question, found)
    assert collection_language(question) is None


def test_disagreement_on_a_subject_is_a_question_about_the_subject() -> None:
    for question in (
        "Do the sources disagree about sleep?",
        "Where do the documents disagree on dependence?",
        "Is there a contradiction between kratom and methadone treatment?",
        "Why do the studies disagree?",
    ):
        assert disputes_language(question) is None, question


def _side(source: str, quote: str, start: int) -> Citation:
    return Citation(
        source_id=source, title=source.upper(), quote=quote, start=start, end=start + len(quote), score=0.0
    )


def test_the_disputes_between_documents_are_listed_most_argued_first_and_dosing_sides_left_out() -> None:
    sleep = [
        Contradiction(
            topic="whether it relieves or causes insomnia",
            sides=[
                _side("a", f"It helps sleep {i}.", i * 50),
                _side("b", f"It causes insomnia {i}.", i * 50),
            ],
        )
        for i in range(3)
    ]
    mood = Contradiction(
        topic="whether it relieves or causes anxiety",
        sides=[_side("c", "It calms.", 0), _side("d", "It makes anxious.", 0)],
    )
    dose = Contradiction(
        topic="how much to take", sides=[_side("e", "Take 2 g daily.", 0), _side("f", "Take 5 g daily.", 0)]
    )
    within = Contradiction(
        topic="whether it sickles",
        sides=[_side("g", "Cells that sickle.", 0), _side("g", "Cells that do not sickle.", 40)],
    )
    answer = disputes_answer(
        "Where do they disagree?", [mood, within, *sleep, dose], is_dosing_guidance, messages_for("en"), 6
    )
    assert answer.status == "answered"
    assert [c.topic for c in answer.contradictions] == [
        "whether it relieves or causes insomnia",
        "whether it relieves or causes anxiety",
    ]
    assert answer.text.startswith(messages_for("en").disputes_head_many.format(n=2))
    assert all("g daily" not in c.quote for c in answer.citations)
    none = disputes_answer("¿En qué discrepan?", [dose], is_dosing_guidance, messages_for("es"), 6)
    assert none.text == messages_for("es").disputes_none and not none.citations and none.language == "es"


@pytest.mark.model
def test_whether_the_documents_disagree_on_a_subject_is_answered_on_that_subject(
    real_assistant: Assistant,
) -> None:
    """ "Is there disagreement about kratom and sleep?" was answered from sentences on sleep with no dispute shown:
    the framing is no part of the subject. Where none of the disputes touches the subject, the overview says so."""
    disputed = real_assistant.ask("Is there any disagreement between the articles about kratom and sleep?")
    plain = real_assistant.ask("What do the articles say about kratom and sleep?")
    assert disputed.status == "answered" and disputed.contradictions
    assert {c.topic for c in disputed.contradictions} == {c.topic for c in plain.contradictions}
    agreed = real_assistant.ask("Do the articles disagree on where kratom comes from?")
    assert agreed.status == "answered" and not agreed.contradictions
    assert len({c.source_id for c in agreed.citations}) > 1
    assert agreed.overview.endswith(messages_for("en").overview_no_disagreement + ".")
    assert messages_for("en").overview_no_disagreement not in plain.overview


@pytest.mark.model
def test_where_the_documents_disagree_lists_the_maps_disputes(real_assistant: Assistant) -> None:
    answer = real_assistant.ask("Where do the documents disagree?")
    assert answer.status == "answered" and answer.contradictions
    assert len(answer.contradictions) <= MAX_SHOWN
    texts = {d.source_id: d.text for d in real_assistant.documents()}
    for block in answer.contradictions:
        assert len({s.source_id for s in block.sides}) >= 1 and len(block.sides) >= 2
        for side in block.sides:
            assert texts[side.source_id][side.start : side.end] == side.quote
    spanish = real_assistant.ask("¿Hay contradicciones entre los documentos?")
    assert spanish.language == "es" and [c.topic for c in spanish.contradictions] == [
        c.topic for c in answer.contradictions
    ]
