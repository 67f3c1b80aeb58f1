"""Follow-up questions are retrieved with the subject of the conversation in place of their pronoun."""

from __future__ import annotations

import re

from rag.retrieval.followup import retrieval_text, switched_subject
from rag.safety.contradictions.asked import yes_no_subject
from rag.types import Turn

KNOWN = {
    "zolpidem",
    "melatonin",
    "kratom",
    "side",
    "effects",
    "alcohol",
    "safe",
    "legal",
    "addictive",
    "drive",
    "headaches",
}


def _topic(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if w in KNOWN]


HISTORY = [
    Turn(role="user", content="Tell me about zolpidem"),
    Turn(role="assistant", content="Here is what the documents say: ..."),
]


def test_a_pronoun_takes_the_subject_of_the_latest_question_that_named_one() -> None:
    assert (
        retrieval_text("What are its side effects?", HISTORY, _topic) == "What are zolpidem's side effects?"
    )
    assert retrieval_text("Is it safe with alcohol?", HISTORY, _topic) == "Is zolpidem safe with alcohol?"
    # The previous question was itself a follow-up: the subject comes from the one before.
    longer = [*HISTORY, Turn(role="user", content="Is it addictive?")]
    assert retrieval_text("Is it legal?", longer, _topic) == "Is zolpidem legal?"
    # "this" may stand for a claim rather than the subject: the subject is put in front instead.
    assert retrieval_text("Is this safe?", HISTORY, _topic) == "zolpidem: Is this safe?"


def test_they_after_a_question_on_things_of_the_subject_stands_for_those_things() -> None:
    """ "Are they dangerous?" after "What are the side effects of zolpidem?" asks about the side effects; "it"
    still stands for zolpidem, and "they" for zolpidem when nothing plural was asked about."""
    for asked, things in (
        ("What are the side effects of zolpidem?", "side effects of zolpidem"),
        ("What are zolpidem's side effects?", "zolpidem's side effects"),
    ):
        history = [Turn(role="user", content=asked), Turn(role="assistant", content="...")]
        assert retrieval_text("Are they dangerous?", history, _topic) == f"Are {things} dangerous?"
        assert retrieval_text("Is it legal?", history, _topic) == "Is zolpidem legal?"
    plain = [Turn(role="user", content="Is zolpidem addictive?"), Turn(role="assistant", content="...")]
    assert retrieval_text("Are they legal?", plain, _topic) == "Are zolpidem legal?"


def test_a_question_that_names_its_subject_or_points_nowhere_is_left_alone() -> None:
    assert retrieval_text("Is kratom addictive, and is it legal?", HISTORY, _topic).startswith("Is kratom")
    assert retrieval_text("What are the side effects?", HISTORY, _topic) == "What are the side effects?"
    assert retrieval_text("What are its side effects?", [], _topic) == "What are its side effects?"
    # Only the user's own questions carry the subject, not the assistant's replies.
    replies = [Turn(role="assistant", content="Melatonin is a hormone.")]
    assert retrieval_text("Is it safe?", replies, _topic) == "Is it safe?"


def test_a_subject_too_common_to_be_told_by_rarity_is_read_from_a_yes_no_question() -> None:
    """ "Are they safe for young people?" after "Do e-cigarettes help people stop smoking?" was retrieved as it
    stood: "cigarettes", like "alcohol", is too common a word to name a subject by its rarity."""
    asked = [Turn(role="user", content="Is alcohol addictive?"), Turn(role="assistant", content="...")]
    assert retrieval_text("Is it dangerous?", asked, _topic, yes_no_subject) == "Is alcohol dangerous?"
    # "they" stands for something plural the question named, not for its singular subject.
    causes = [Turn(role="user", content="Does alcohol cause headaches?")]
    assert (
        retrieval_text("How long do they last?", causes, _topic, yes_no_subject)
        == "How long do headaches last?"
    )
    assert retrieval_text("Is it legal?", HISTORY, _topic, yes_no_subject) == "Is zolpidem legal?"
    # A rare word still wins, and a subject the documents never use, or a question that is no yes/no one, is none.
    both = [*HISTORY, *asked]
    assert retrieval_text("Is it legal?", [*asked, *HISTORY], _topic, yes_no_subject) == "Is zolpidem legal?"
    assert retrieval_text("Is it legal?", both, _topic, yes_no_subject) == "Is alcohol legal?"
    other = [Turn(role="user", content="Is coffee bitter?")]
    assert retrieval_text("Is it legal?", other, _topic, yes_no_subject) == "Is it legal?"
    wh = [Turn(role="user", content="Why do people drink alcohol?")]
    assert retrieval_text("Is it legal?", wh, _topic, yes_no_subject) == "Is it legal?"


def test_it_after_asking_whether_a_thing_exists_stands_for_that_thing() -> None:
    """ "Who should get it?" after "Is there a vaccine?" asks who should get the vaccine: "there" is no subject,
    and the subject named before ("Is zolpidem addictive?") no longer the one talked about."""
    known = KNOWN | {"vaccine", "cure"}
    topic = lambda text: [w for w in re.findall(r"\w+", text.lower()) if w in known]  # noqa: E731
    history = [
        Turn(role="user", content="Is zolpidem addictive?"),
        Turn(role="assistant", content="..."),
        Turn(role="user", content="Is there a vaccine?"),
        Turn(role="assistant", content="..."),
    ]
    assert retrieval_text("Who should get it?", history, topic, yes_no_subject) == "Who should get vaccine?"
    # What exists is the thing, not what it is for.
    cure = [Turn(role="user", content="Is there a cure for zolpidem addiction?")]
    assert retrieval_text("Is it safe?", cure, topic, yes_no_subject) == "Is cure safe?"


def test_a_rare_word_after_the_pronoun_does_not_stop_it_pointing_back() -> None:
    assert retrieval_text("Is it addictive?", HISTORY, _topic) == "Is zolpidem addictive?"
    assert retrieval_text("Is it worse than kratom?", HISTORY, _topic) == "Is zolpidem worse than kratom?"
    # "Is it safe to ..." says nothing about a thing called "it".
    assert retrieval_text("Is it safe to drive?", HISTORY, _topic) == "Is it safe to drive?"


def test_a_follow_up_that_names_nothing_asks_about_the_question_before_it() -> None:
    """ "Why?" after "Does it help with sleep?" was not_found: read alone, it asks about nothing."""
    longer = [
        *HISTORY,
        Turn(role="user", content="Is it addictive?"),
        Turn(role="assistant", content="3 documents speak to this question."),
    ]
    for follow_up in (
        "Why?",
        "How so?",
        "Why is that?",
        "Tell me more",
        "Can you explain?",
        "And what else?",
    ):
        assert retrieval_text(follow_up, longer, _topic) == f"Is zolpidem addictive? {follow_up}"
    # Two in a row still reach the question they follow.
    twice = [*longer, Turn(role="user", content="Why?"), Turn(role="assistant", content="...")]
    assert retrieval_text("Tell me more", twice, _topic) == "Is zolpidem addictive? Tell me more"
    # A question with words of its own, or none before it, is read as it is.
    assert retrieval_text("Why is melatonin safer?", longer, _topic) == "Why is melatonin safer?"
    assert retrieval_text("Why?", [], _topic) == "Why?"


def test_asking_for_more_names_the_replies_already_read() -> None:
    from rag.retrieval.followup import asks_for_more

    first = Turn(role="assistant", content="- “Zolpidem helps people fall asleep.” [1]")
    second = Turn(role="assistant", content="- “Zolpidem can cause dizziness.” [1]")
    history = [HISTORY[0], first, Turn(role="user", content="Tell me more"), second]
    read = asks_for_more("What else?", history)
    assert "fall asleep" in read and "dizziness" in read
    # A reason or a way is asked of the same quotes; a question of its own asks for nothing more.
    assert asks_for_more("Why?", history) == ""
    assert asks_for_more("What else does zolpidem do?", history) == ""


def test_a_follow_up_names_nothing_in_any_of_the_languages() -> None:
    from rag.retrieval.followup import followed_question, names_nothing

    for question in ("Why?", "¿Por qué?", "Pourquoi ?", "Warum?", "Perché?", "Kenapa?", "Tại sao?", "ทำไม"):
        assert names_nothing(question), question
    # What to do, after "What are the signs of an overdose?": about the subject asked about before, not the same
    # question again.
    for question in ("What should I do?", "What can I do about it?", "What happens next?", "What now?"):
        assert names_nothing(question), question
    signs = [
        Turn(role="user", content="What are the side effects of zolpidem?"),
        Turn(role="assistant", content="..."),
    ]
    assert retrieval_text("What should I do?", signs, _topic) == "zolpidem: What should I do?"
    assert retrieval_text("Why?", signs, _topic) == "What are the side effects of zolpidem? Why?"
    # "OK" acknowledges the reply: it asks nothing again.
    for question in ("¿Y el alcohol?", "Warum macht Kratom müde?", "กระท่อมทำให้เสพติดได้ไหม", "kratom", "OK"):
        assert not names_nothing(question), question
    spanish = [Turn(role="user", content="¿El kratom ayuda a dormir?"), Turn(role="assistant", content="...")]
    assert followed_question("¿Por qué?", spanish) == "¿El kratom ayuda a dormir?"
    assert followed_question("¿Y el alcohol?", spanish) == ""


def test_a_turn_that_only_takes_the_reply_in_is_no_question_to_follow() -> None:
    history = [
        *HISTORY,
        Turn(role="user", content="Is it addictive?"),
        Turn(role="assistant", content="3 documents speak to this question."),
        Turn(role="user", content="OK, thanks"),
        Turn(role="assistant", content="You're welcome."),
    ]
    assert retrieval_text("Why?", history, _topic) == "Is zolpidem addictive? Why?"


def test_a_follow_up_naming_only_another_subject_asks_the_question_before_of_it() -> None:
    asked = [Turn(role="user", content="Is zolpidem addictive?"), Turn(role="assistant", content="...")]
    for question in ("And melatonin?", "What about melatonin?", "how about melatonin", "And for melatonin?"):
        assert retrieval_text(question, asked, _topic) == "Is melatonin addictive?", question
    # More than a subject is asked, or the question before named two subjects: nothing is guessed.
    assert retrieval_text("And melatonin with alcohol?", asked, _topic) == "And melatonin with alcohol?"
    assert retrieval_text("Tell me about melatonin", asked, _topic) == "Tell me about melatonin"
    both = [Turn(role="user", content="Is zolpidem like kratom?"), Turn(role="assistant", content="...")]
    assert retrieval_text("What about melatonin?", both, _topic) == "What about melatonin?"
    longer = [*asked, Turn(role="user", content="And melatonin?"), Turn(role="assistant", content="...")]
    assert retrieval_text("And kratom?", longer, _topic) == "Is kratom addictive?"
    # Nothing asked before, or the same subject again.
    assert retrieval_text("And melatonin?", [], _topic) == "And melatonin?"
    assert retrieval_text("And zolpidem?", asked, _topic) == "And zolpidem?"


def test_the_verb_after_the_asker_is_not_the_subject_a_follow_up_switches() -> None:
    """ "And on buprenorphine?" after "Can I breastfeed on methadone?" was read as it stands: "breastfeed", as rare
    a word as the medicine, made the subject a guess."""
    known = {"breastfeed", "methadone", "buprenorphine", "drive"}

    def topic(text: str) -> list[str]:
        return [w for w in re.findall(r"\w+", text.lower()) if w in known]

    asked = [
        Turn(role="user", content="Can I breastfeed on methadone?"),
        Turn(role="assistant", content="..."),
    ]
    for question in ("And on buprenorphine?", "What about buprenorphine?"):
        assert retrieval_text(question, asked, topic) == "Can I breastfeed on buprenorphine?", question
    # The asker's verb alone is no subject to switch.
    drive = [Turn(role="user", content="Can I drive?"), Turn(role="assistant", content="...")]
    assert retrieval_text("And on methadone?", drive, topic) == "And on methadone?"


def test_a_follow_up_switches_subject_in_other_languages() -> None:
    asked = [Turn(role="user", content="¿Cuánta metadona debo tomar?"), Turn(role="assistant", content="...")]
    assert switched_subject("¿Y la naltrexona?", asked, _topic, "es") == "¿Cuánta naltrexona debo tomar?"
    # A common word is no subject: "¿Y la clínica?" asks something else.
    assert switched_subject("¿Y la clínica?", asked, _topic, "es") == ""
    german = [Turn(role="user", content="Wie viel Methadon soll ich nehmen?")]
    assert switched_subject("Und Naltrexon?", german, _topic, "de") == "Wie viel naltrexon soll ich nehmen?"


def test_they_in_a_question_about_two_things_stands_for_both_things_asked_about_before() -> None:
    """ "What happens if you mix them?" after "Does it interact with alcohol?" asks about zolpidem and alcohol, not
    about zolpidem alone; "Are they dangerous?" after it still stands for the one subject."""
    history = [
        Turn(role="user", content="Is zolpidem addictive?"),
        Turn(role="assistant", content="..."),
        Turn(role="user", content="Does it interact with alcohol?"),
        Turn(role="assistant", content="..."),
    ]
    assert retrieval_text("What happens if you mix them?", history, _topic) == (
        "What happens if you mix zolpidem and alcohol?"
    )
    assert retrieval_text("Are they dangerous?", history, _topic) == "Are zolpidem dangerous?"
    like = [Turn(role="user", content="Is melatonin like zolpidem?")]
    assert retrieval_text("How do they compare?", like, _topic) == "How do melatonin and zolpidem compare?"


def _kinds_topic(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if w in {"hepatitis", "vaccine", "diabetes"}]


def test_a_follow_up_naming_another_kind_asks_the_question_before_of_that_kind() -> None:
    """ "What about hepatitis C?" after "Is there a vaccine for it?" (about hepatitis B) asks whether there is one
    for hepatitis C; "it" stands for the kind the conversation named, not for any hepatitis."""
    spread = [Turn(role="user", content="How is hepatitis B spread?"), Turn(role="assistant", content="...")]
    assert (
        retrieval_text("Is there a vaccine for it?", spread, _kinds_topic)
        == "Is there a vaccine for hepatitis B?"
    )
    chat = [
        *spread,
        Turn(role="user", content="Is there a vaccine for it?"),
        Turn(role="assistant", content="..."),
    ]
    assert (
        retrieval_text("What about hepatitis C?", chat, _kinds_topic) == "Is there a vaccine for hepatitis C?"
    )
    assert retrieval_text("And hepatitis-C?", chat, _kinds_topic) == "Is there a vaccine for hepatitis-C?"
    type_2 = [
        Turn(role="user", content="Does metformin help in type 2 diabetes?"),
        Turn(role="assistant", content=""),
    ]
    assert (
        retrieval_text("And type 1 diabetes?", type_2, _kinds_topic)
        == "Does metformin help in type 1 diabetes?"
    )
    # More than the kind asked, the same kind again, or nothing of that name before: nothing is guessed.
    assert (
        retrieval_text("And hepatitis C in children?", chat, _kinds_topic) == "And hepatitis C in children?"
    )
    assert retrieval_text("What about hepatitis B?", chat, _kinds_topic) == "What about hepatitis B?"
    assert retrieval_text("What about vitamin D?", chat, _kinds_topic) == "What about vitamin D?"
