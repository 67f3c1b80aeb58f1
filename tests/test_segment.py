"""Sentence and clause boundaries in scientific text: brackets and the abbreviations inside them."""

from __future__ import annotations

from pathlib import Path

from rag import Assistant, Settings
from rag.safety.contradictions.claims import extract_claims
from rag.text.segment import has_lone_row, label_length, split_sentences
from rag.types import Document
from tests.conftest import HANDS, write_corpus


def _sentences(text: str) -> list[str]:
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [s.text for s in spans]


def test_an_abbreviation_that_opens_a_bracket_ends_no_sentence() -> None:
    text = (
        "Mortality fell in the treated group (Fig. 2B) and stayed low. "
        "Earlier stages of the epidemic differed (e.g. Germany, UK, Norway). The rest did not."
    )
    assert _sentences(text) == [
        "Mortality fell in the treated group (Fig. 2B) and stayed low.",
        "Earlier stages of the epidemic differed (e.g. Germany, UK, Norway).",
        "The rest did not.",
    ]


def test_no_sentence_ends_while_a_bracket_is_open() -> None:
    text = (
        "Cell counts rose (p < 0.05. See Table 2 for all values) in the second week. Weight did not change."
    )
    assert _sentences(text) == [
        "Cell counts rose (p < 0.05. See Table 2 for all values) in the second week.",
        "Weight did not change.",
    ]


def test_a_bracket_that_never_closes_does_not_join_the_rest_of_the_line() -> None:
    filler = (
        "The first sentence opens a bracket that the source never closes ( " + "and goes on " * 20 + "here."
    )
    text = f"{filler} The second sentence stands alone. The third one too."
    assert _sentences(text)[-2:] == ["The second sentence stands alone.", "The third one too."]


def test_a_semicolon_in_brackets_separates_figures_not_claims() -> None:
    text = (
        "The prevalence was 1.8% (two of 114) in the 500-mg group (relative risk, 0.17; 95% confidence "
        "interval, 0.04 to 0.77), and 1.7% (two of 118) in the 1500-mg group. "
        "Kratom is sold in many shops; its sale is banned in some countries."
    )
    document = Document(source_id="d", title="t", path="d.txt", text=text, content_hash="h")
    claims = [c.text for c in extract_claims(document)]
    assert claims == [
        text[: text.index(" Kratom")],
        "Kratom is sold in many shops",
        "its sale is banned in some countries.",
    ]


def test_a_hard_wrapped_paragraph_is_read_as_its_sentences() -> None:
    # A text file exported from a PDF, or Markdown wrapped at a fixed width: a line break is no sentence end.
    text = (
        "Infection Control in a Radiology Department\n"
        "\n"
        "The technologists assigned to these scanners wear surgical\n"
        "masks. All patients are required to wear surgical masks. Viruses settle into a pattern of annual recur-\n"
        "rences caused by drifted variants, as the studies of\n"
        "Europe and Asia show.\n"
        "Side effects include:\n"
        "- nausea and\n"
        "  vomiting\n"
        "- headache\n"
    )
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert [(s.text, s.heading) for s in spans] == [
        ("Infection Control in a Radiology Department", True),
        ("The technologists assigned to these scanners wear surgical\nmasks.", False),
        ("All patients are required to wear surgical masks.", False),
        (
            "Viruses settle into a pattern of annual recur-\nrences caused by drifted variants, as the studies of\n"
            "Europe and Asia show.",
            False,
        ),
        ("Side effects include:", False),
        ("nausea and\n  vomiting", False),
        ("headache", False),
    ]


def test_a_heading_line_is_not_joined_to_the_paragraph_under_it() -> None:
    text = (
        "Safety Notes\nThe tea can cause nausea.\nWhy people in recovery try it\nSome report less craving.\n"
    )
    assert [(s.text, s.heading) for s in split_sentences(text)] == [
        ("Safety Notes", True),
        ("The tea can cause nausea.", False),
        ("Why people in recovery try it", True),
        ("Some report less craving.", False),
    ]


def test_a_credit_line_run_into_a_one_line_document_is_never_quoted(tmp_path: Path) -> None:
    from rag.text.segment import is_title_fragment

    before = "Talk with your health care provider.    "
    assert is_title_fragment("NIH: National Institute on Drug Abuse", before)
    assert is_title_fragment("Food and Drug Administration", before)
    assert not is_title_fragment("Caffeine Can Make You Jittery.", before)
    assert not is_title_fragment("Too much caffeine can cause problems", before)
    # A line of its own, or a list item, is content: "- Nausea" answers "Does it cause nausea?".
    assert not is_title_fragment("Nausea", "- ") and not is_title_fragment("Nausea", "")
    # As such summaries are often written: paragraphs on one line, the agency that wrote it at the end.
    caffeine = (
        "Caffeine is a bitter substance found in coffee, tea and soft drinks.    Too much caffeine can make you "
        "jittery and shaky, and it can make it hard to fall asleep.    Food and Drug Administration"
    )
    corpus = write_corpus(tmp_path / "corpus", {"caffeine": caffeine, "hands": HANDS})
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    answer = assistant.ask("What does the Food and Drug Administration say about caffeine?")
    assert answer.status == "answered"
    assert all("Administration" not in c.quote for c in answer.citations)
    # A list of symptoms, one capitalised word an item, stays quotable.
    (corpus / "symptoms.md").write_text(
        "Common effects of too much caffeine:\n\n- Nausea\n- Jitteriness\n- Headache\n", encoding="utf-8"
    )
    assistant.index()
    listed = assistant.ask("Can too much caffeine cause nausea?")
    assert any("Nausea" in c.quote for c in listed.citations)


def test_a_sentence_glued_to_the_next_without_a_space_ends_there() -> None:
    # Text copied from web pages often loses the space after a full stop; initials, abbreviations and
    # numbered steps written without one are still not sentence ends.
    text = (
        "It helps people notice unhealthy behavior patterns.This form of therapy suits children. "
        "Hearing was tested with otoacoustic emissions (OAE).Please note that results vary. "
        "Shall I give it?Paracetamol has been used for years. "
        "Books by J.K.Rowling sold well in the U.S.The rest did not, e.g.The sequels. "
        "Steps: 1.Choose a site and wait."
    )
    assert _sentences(text) == [
        "It helps people notice unhealthy behavior patterns.",
        "This form of therapy suits children.",
        "Hearing was tested with otoacoustic emissions (OAE).",
        "Please note that results vary.",
        "Shall I give it?",
        "Paracetamol has been used for years.",
        "Books by J.K.Rowling sold well in the U.S.The rest did not, e.g.The sequels.",
        "Steps: 1.Choose a site and wait.",
    ]


THAI_PARAGRAPH = (
    "กระท่อมเป็นพืชในตระกูลเดียวกับกาแฟ พบมากในภาคใต้ของประเทศไทย ใบกระท่อมมีสารไมทราไจนีน "
    "ซึ่งออกฤทธิ์ต่อระบบประสาท การใช้เป็นเวลานานอาจทำให้เกิดการติด ผู้ที่หยุดใช้อาจมีอาการถอน เช่น นอนไม่หลับ "
    "และหงุดหงิด"
)


def test_a_thai_paragraph_is_cut_into_its_sentences() -> None:
    # Thai has no full stop: the period rules read the paragraph as one sentence, and every quote was all of it.
    # A space that only sets off a clause ("ซึ่ง", which) or an example ("เช่น ... และ ...") cuts nothing.
    text = f"# กระท่อม\n\n{THAI_PARAGRAPH}\n\nKratom is a tree. It grows in Thailand.\n"
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces == [
        "# กระท่อม",
        "กระท่อมเป็นพืชในตระกูลเดียวกับกาแฟ",
        "พบมากในภาคใต้ของประเทศไทย",
        "ใบกระท่อมมีสารไมทราไจนีน ซึ่งออกฤทธิ์ต่อระบบประสาท",
        "การใช้เป็นเวลานานอาจทำให้เกิดการติด",
        "ผู้ที่หยุดใช้อาจมีอาการถอน เช่น นอนไม่หลับ และหงุดหงิด",
        "Kratom is a tree.",
        "It grows in Thailand.",
    ]


def test_thai_without_a_space_stays_whole_and_english_lines_are_not_read_as_thai() -> None:
    text = "กระท่อมเป็นพืชในตระกูลเดียวกับกาแฟ\nKratom (กระท่อม) is a tree. It grows in Thailand."
    pieces = [text[s.start : s.end] for s in split_sentences(text)]
    assert pieces == ["กระท่อมเป็นพืชในตระกูลเดียวกับกาแฟ", "Kratom (กระท่อม) is a tree.", "It grows in Thailand."]


def test_only_a_document_with_thai_text_is_read_again_for_the_new_segmentation() -> None:
    from rag.ingest.corpus import content_hash, document_hash

    assert document_hash("Kratom is a tree.", "T") == content_hash("T\x00Kratom is a tree.")
    assert document_hash(THAI_PARAGRAPH, "T") != content_hash(f"T\x00{THAI_PARAGRAPH}")


def test_section_labels_before_a_sentence_are_measured_and_a_sentence_with_a_colon_is_not() -> None:
    for text, label in (
        ("Abstract: BACKGROUND: Respiratory tract infections are common.", "Abstract: BACKGROUND: "),
        ("Summary : Caffeine is a bitter substance.", "Summary : "),
        ("RESULTS: Of the 120 patients, 3 improved.", "RESULTS: "),
        ("TRIAL REGISTRATION: ClinicalTrials.gov lists it.", "TRIAL REGISTRATION: "),
        ("The aim: to test it.", ""),  # a lowercase word after the colon: one sentence
        ("Methods and results: We studied it.", ""),  # "and": a phrase, not a label
        ("Kratom is a plant.", ""),
    ):
        assert text[: label_length(text)] == label


STRUCTURED = (
    "Obesity and infections\n\n"
    "Abstract: BACKGROUND: Respiratory tract infections are a major cause of lost working days in adults. "
    "RESULTS: Obese adults reported respiratory tract infections more often than adults of normal weight.\n"
)


def test_a_quote_leaves_out_the_section_labels_its_sentence_runs_on_from(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"obesity": STRUCTURED, "hands": HANDS})
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    answer = assistant.ask("Do obese adults get more respiratory tract infections?")
    assert answer.status == "answered"
    quotes = [c for c in answer.citations if c.source_id == "obesity"]
    assert any(c.quote.startswith("Obese adults reported") for c in quotes)
    assert all(":" not in c.quote and STRUCTURED[c.start : c.end] == c.quote for c in quotes)


GLOSSARY = """# Glossary of harm-reduction terms

Xylazine: An animal sedative found in the street drug supply. Naloxone does not reverse it.

Tolerance: The body's adaptation to a drug, so that the same effect needs more of it.

Drug checking: A service that tests a sample to tell people what is in it.
"""


def test_a_glossary_term_the_question_names_is_kept_in_the_quote(tmp_path: Path) -> None:
    # "Xylazine: An animal sedative ..." quoted as "An animal sedative ..." said nothing of what it defines.
    corpus = write_corpus(tmp_path / "corpus", {"glossary": GLOSSARY, "hands": HANDS})
    assistant = Assistant(Settings(corpus_dir=corpus, store_dir=tmp_path / "store"))
    assistant.index()
    for question, term in (
        ("What is xylazine?", "Xylazine: An animal"),
        ("What is tolerance?", "Tolerance: The"),
    ):
        answer = assistant.ask(question)
        assert answer.status == "answered"
        assert answer.citations[0].quote.startswith(term), answer.citations[0]
        assert GLOSSARY[answer.citations[0].start : answer.citations[0].end] == answer.citations[0].quote


# --- sentences longer than the model reads ----------------------------------------------------------------------
# Captions of a talk: no sentence ends at all, in lines that each continue the one before.
CAPTIONS = (
    "so today we are talking about what to do when someone will not wake up and you think they have taken too "
    "much and the first thing is to call for help because you can not do this alone and then you check their "
    "breathing and if they are not breathing well you put them on their side so they do not choke and you stay "
    "with them until the ambulance comes the spray in the kit holds four milligrams and the card says 2 grams of "
    "the powder is too much for anyone who has not used in a while but we are not going to talk about amounts "
    "today what matters is that you carry the kit and you know where it is and that your friends know you have "
    "it and that you practise with the training spray when you can because in the moment people panic and "
    "forget what to do and having done it once with a dummy makes a real difference when it counts and after "
    "they wake up they may feel sick and angry and want to use again straight away so stay with them and tell "
    "them what happened and that the overdose can come back when the medicine wears off which is why they still "
    "need to go to hospital even if they say they feel fine and thank you all for coming today"
)


def _wrapped(text: str, width: int = 40) -> str:
    lines, line = [], ""
    for word in text.split():
        line = f"{line} {word}" if line else word
        if len(line) > width:
            lines.append(line)
            line = ""
    return "\n".join([*lines, line]) + "\n"


def test_a_text_with_no_sentence_ends_is_cut_into_pieces_between_clauses() -> None:
    text = _wrapped(CAPTIONS)
    spans = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert len(spans) >= 3 and all(len(s.text) <= 400 for s in spans)
    # Every word is in a piece, and the pieces are in order.
    assert " ".join(" ".join(s.text.split()) for s in spans) == " ".join(CAPTIONS.split())
    flat = [" ".join(s.text.split()) for s in spans]
    # A piece never ends on a word that leaves its clause open or turns it round...
    assert not any(piece.split()[-1] in {"not", "the", "to", "a", "of", "and"} for piece in flat[:-1]), flat
    # ... and an amount stays with what it measures, where the dosing guard reads them together.
    assert any("four milligrams" in piece for piece in flat) and any("2 grams" in piece for piece in flat)
    # Between clause marks when there are some.
    kinds = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "omicron",
        "sigma",
        "tau",
        "upsilon",
        "omega",
    ]
    listed = (
        "Treatment may include: " + "; ".join(f"a treatment of the kind named {w}" for w in kinds * 3) + "."
    )
    pieces = split_sentences(listed)
    assert len(pieces) >= 3 and all(s.text.endswith(";") for s in pieces[:-1])


def test_a_long_sentence_the_model_reads_whole_is_not_cut() -> None:
    sentence = "Naloxone reverses an opioid overdose " + "and it is safe to give " * 38 + "to anyone."
    assert 900 < len(sentence) <= 1000
    assert _sentences(sentence) == [sentence]


def test_only_a_document_with_a_sentence_over_the_limit_is_segmented_again() -> None:
    from rag.ingest.corpus import content_hash, document_hash
    from rag.text.segment import has_long_sentences

    ordinary = "Naloxone reverses an opioid overdose. It is safe to give. " * 40
    assert not has_long_sentences(ordinary)
    assert document_hash(ordinary, "T") == content_hash(f"T\x00{ordinary}")
    captions = _wrapped(CAPTIONS)
    assert has_long_sentences(captions)
    assert document_hash(captions, "T") != content_hash(f"T\x00{captions}")


WEB_EXCERPT = (
    "Nasal Cannula Care | Patient Safety Network cleaned daily without incident. However, there is a small risk "
    "that the tubing irritates the nose during long use. Moisture in the tubing can also carry germs.\n"
)


def test_a_line_of_prose_with_a_pipe_is_not_a_table_row() -> None:
    # A web page's excerpt, one line that names its site after a pipe: sentences, not a table's first row.
    spans = split_sentences(WEB_EXCERPT)
    # The title run into the text is a heading, the sentences after it are not.
    assert [s.heading for s in spans] == [True, False, False]
    assert has_lone_row(WEB_EXCERPT)


def test_a_table_keeps_its_first_row_as_a_heading_and_a_lone_link_line_stays_one() -> None:
    table = "| Form | How it is taken |\n|---|---|\n| Tablet | Swallowed whole. |\n"
    spans = split_sentences(table)
    assert spans[0].heading and not spans[-1].heading
    assert not has_lone_row(table)
    footer = "Privacy Policy | Terms of Use\n"
    assert all(s.heading for s in split_sentences(footer))


def test_a_web_excerpt_with_a_pipe_in_its_first_line_is_quoted(tmp_path: Path) -> None:
    assistant = Assistant(
        Settings(
            corpus_dir=write_corpus(tmp_path / "corpus", {"cannula": WEB_EXCERPT}), store_dir=tmp_path / "s"
        )
    )
    answer = assistant.ask("What are the risks of a nasal cannula?")
    assert answer.status == "answered", answer.text
    assert any("irritates the nose" in c.quote for c in answer.citations)
