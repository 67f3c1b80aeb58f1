"""Titles (from the manifest or the first line) through indexing and retrieval, and warnings about skipped files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.ingest.corpus import UNTITLED, scan_corpus
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.store import PASSAGES, SENTENCES
from rag.safety.dosing.detector import contains_dose_leak

BODY = "\n\nMelatonin is a hormone made by the pineal gland. Its release rises in the evening.\n"


def titles_of(corpus: Path, files: dict[str, str], **settings: int) -> dict[str, str]:
    corpus.mkdir(exist_ok=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return {d.source_id: d.title for d in scan_corpus(Settings(corpus_dir=corpus, **settings)).documents}


def stored_titles(assistant: Assistant, kind: str, source_id: str) -> set[str]:
    got = assistant.store.collection(kind).get(where={"source_id": source_id}, include=["metadatas"])
    return {str(meta.get("title")) for meta in got["metadatas"]}


def set_manifest_title(corpus: Path, source_id: str, title: str) -> None:
    path = corpus / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        if Path(entry["file"]).stem == source_id:
            entry["title"] = title
    path.write_text(json.dumps(manifest), encoding="utf-8")


# --- fallback titles -------------------------------------------------------------------------------------------
def test_fallback_title_is_plain_text_without_markdown(tmp_path: Path) -> None:
    titles = titles_of(
        tmp_path / "corpus",
        {
            "a.md": "# **Melatonin**: What _It_ Is and [How](https://example.org) It Works ##" + BODY,
            "b.md": "\n> ## `Sleep` hygiene and snake_case_names" + BODY,
            "c.md": "---\n\n#\n\n*Jet lag*" + BODY,
            "d.md": "Notes on window.__name, 5 * 3 and <b>tags</b>" + BODY,
            "e.txt": "A PRACTICAL GUIDE TO NRT IN THE UK" + BODY,
        },
    )
    assert titles == {
        "a": "Melatonin: What It Is and How It Works",
        "b": "Sleep hygiene and snake_case_names",
        "c": "Jet lag",
        "d": "Notes on window.__name, 5 * 3 and <b>tags</b>",  # not markup: shown as written
        "e": "A Practical Guide to NRT in the UK",  # not shouted; acronyms keep their capitals
    }


def test_fallback_title_keeps_a_heading_whole_and_cuts_a_long_first_paragraph(tmp_path: Path) -> None:
    heading = "Over-the-Counter Sleep Aids: Antihistamines, Melatonin, Valerian and What the Research Shows"
    paragraph = "Melatonin is a hormone the pineal gland makes at dusk, and it tells the body night has come."
    assert 80 < len(heading) < 150 and 80 < len(paragraph) < 150
    titles = titles_of(
        tmp_path / "corpus",
        {
            "markdown.md": f"# {heading}" + BODY,
            "plain.txt": f"{heading}\n\nText of the second file, so that no two files share content.\n",
            "paragraph.txt": paragraph + BODY,
            "endless.md": "# " + "very long heading " * 20 + BODY,
        },
    )
    assert titles["markdown"] == heading and titles["plain"] == heading
    cut = titles["paragraph"]
    assert cut.endswith("…") and len(cut) <= 81
    assert paragraph.startswith(cut[:-1]) and paragraph[len(cut) - 1] == " ", "cut inside a word"
    assert titles["endless"].endswith("…") and len(titles["endless"]) <= 151
    assert len(titles["endless"].split()) == Settings().title_max_words


def test_a_fallback_title_has_at_most_title_max_words_cut_at_a_word_boundary(tmp_path: Path) -> None:
    titles = titles_of(
        tmp_path / "corpus",
        {
            "short.txt": "Melatonin and Sleep" + BODY,
            "long.txt": "Melatonin, Light and the Body Clock: What Night Shifts Change" + BODY,
        },
        title_max_words=4,
    )
    assert titles == {"short": "Melatonin and Sleep", "long": "Melatonin, Light and the…"}


# --- titles pass the dosing guard ------------------------------------------------------------------------------
DOSE_LINE = "Haloperidol decanoate 100 mg every 4 weeks keeps most patients stable."


def test_a_title_that_gives_dosing_guidance_is_never_shown(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = {
        "depot-notes.txt": f"{DOSE_LINE}\n\nDepot injections release the drug slowly into the blood.\n",
        "leaflet.txt": "Sleep Aids Explained\n\nAntihistamines can leave people drowsy the next morning.\n",
        "take 2 tablets every 6 hours.txt": "Take 2 tablets every 6 hours\n\nTablets are stored dry.\n",
    }
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    manifest = {"documents": [{"file": "leaflet.txt", "title": "Take 25 mg at bedtime"}]}
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, store_dir=tmp_path / "store")
    assistant = Assistant(settings, embedder=HashingEmbedder())

    # Each rejected title gives way to the next: manifest, first line, file name, then a neutral name.
    titles = {d.source_id: d.title for d in assistant.documents()}
    assert titles == {
        "depot-notes": "depot-notes",
        "leaflet": "Sleep Aids Explained",
        "take 2 tablets every 6 hours": UNTITLED,
    }
    assistant.index()
    for source_id, title in titles.items():
        for kind in (PASSAGES, SENTENCES):
            assert stored_titles(assistant, kind, source_id) == {title}
    answer = assistant.ask("How do depot injections release the drug?")
    assert answer.citations and all(not contains_dose_leak(c.title) for c in answer.citations)
    assert "depot-notes" in {c.title for c in answer.citations}
    # Without a guard (tools that show no titles) the first line is the title, as before.
    unguarded = {d.source_id: d.title for d in scan_corpus(settings).documents}
    assert unguarded["depot-notes"] == DOSE_LINE


# --- titles through the index ----------------------------------------------------------------------------------
def test_sentences_reached_outside_the_fused_passages_carry_their_document_title(
    corpus_dir: Path, tmp_path: Path
) -> None:
    # One fused passage: nearly every candidate sentence comes from the sentence-level query alone.
    settings = Settings(corpus_dir=corpus_dir, store_dir=tmp_path / "store", fused_top_k=1)
    assistant = Assistant(settings, embedder=HashingEmbedder())
    assistant.index()
    titles = {d.source_id: d.title for d in assistant.documents()}
    for source_id, title in titles.items():
        assert stored_titles(assistant, SENTENCES, source_id) == {title}

    question = "What are the side effects of kratom withdrawal?"
    retriever = assistant._components()[1]
    retrieval = retriever.retrieve(question, assistant.embedder.embed([question])[0])
    in_passages = {p.source_id for p in retrieval.passages}
    assert {s.source_id for s in retrieval.sentences} - in_passages, "no sentence from outside the passages"
    assert all(s.title == titles[s.source_id] for s in retrieval.sentences)


def test_a_new_manifest_title_updates_only_that_document_and_shows_in_answers(
    fake_assistant: Assistant, corpus_dir: Path
) -> None:
    fake_assistant.index()
    question = "Is kratom a mushroom drink?"
    source_id = fake_assistant.ask(question).citations[0].source_id
    set_manifest_title(corpus_dir, source_id, "A Title Given Later")

    report = fake_assistant.index()
    assert report.updated == [source_id] and not report.added and not report.removed
    assert source_id not in report.unchanged and len(report.unchanged) == 4 and report.embedded > 0
    for kind in (PASSAGES, SENTENCES):
        assert stored_titles(fake_assistant, kind, source_id) == {"A Title Given Later"}
    cited = [c for c in fake_assistant.ask(question).citations if c.source_id == source_id]
    assert cited and all(c.title == "A Title Given Later" for c in cited)
    assert fake_assistant.index().embedded == 0


def test_progress_is_reported_before_the_first_text_is_embedded(fake_assistant: Assistant) -> None:
    """A progress bar started at the first report must not count the first group as done in no time."""
    calls: list[tuple[int, int]] = []
    fake_assistant.index(progress=lambda _source, done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert total > 0 and calls[0] == (0, total) and calls[-1] == (total, total)


# --- warnings --------------------------------------------------------------------------------------------------
def test_a_skipped_file_is_warned_about_once_until_it_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    titles_of(corpus, {"good.txt": "Good" + BODY})
    (corpus / "bad.txt").write_bytes(b"")
    settings = Settings(corpus_dir=corpus)
    with caplog.at_level("WARNING", logger="rag.ingest.corpus"):
        for _ in range(3):
            assert [Path(s.path).name for s in scan_corpus(settings).skipped] == ["bad.txt"]
        (corpus / "bad.txt").write_bytes(b"not \x81\x8d UTF-8")  # no encoding reads these bytes as text
        for _ in range(2):
            assert "UTF-8" in scan_corpus(settings).skipped[0].reason
    warnings = [r.getMessage() for r in caplog.records if "bad.txt" in r.getMessage()]
    assert len(warnings) == 2, warnings
    assert "empty" in warnings[0] and "UTF-8" in warnings[1]


# --- encodings -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Valerian – an herb “for sleep”. Café au lait, naïve, à la carte.", "cp1252"),  # Windows editors
        ("Melatonin is a hormone. Its release rises in the evening.", "utf-16"),  # Notepad's "Unicode"
        ("Мелатонин — это гормон, который регулирует сон у большинства людей.", "cp1251"),
        ("Melatonina może pomóc w zasypianiu. Źródła są różne, a skutki uboczne rzadkie.", "cp1250"),
    ],
)
def test_a_text_file_in_a_legacy_encoding_is_read_as_written(
    tmp_path: Path, text: str, encoding: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "legacy.txt").write_bytes(text.encode(encoding))
    scan = scan_corpus(Settings(corpus_dir=corpus))
    assert not scan.skipped
    assert scan.documents[0].text == text  # quotes cut from it are the author's words, not mojibake


@pytest.mark.parametrize(
    "data",
    [
        b"Kratom \xff\xfe is \xc3\x28 not UTF-8 \x80\x81.",  # damaged: no encoding reads it as text
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200, 256)) * 20,
    ],
)
def test_bytes_that_are_no_text_are_skipped_not_indexed_as_mojibake(tmp_path: Path, data: bytes) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "noise.txt").write_bytes(data)
    scan = scan_corpus(Settings(corpus_dir=corpus))
    assert not scan.documents and len(scan.skipped) == 1


# --- Markdown front matter -------------------------------------------------------------------------------------
def test_markdown_front_matter_titles_the_document_and_is_not_quoted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "# Melatonin\n\nMelatonin is a hormone that regulates sleep.\n"
    (corpus / "notes.md").write_text(
        "---\ntitle: Melatonin notes\ntags: [sleep]\n---\n" + body, encoding="utf-8"
    )
    (corpus / "rule.md").write_text(
        "---\n\nA horizontal rule is no front matter: it stays text.\n", encoding="utf-8"
    )
    (corpus / "broken.md").write_text("---\ntitle: [unclosed\n---\n" + body, encoding="utf-8")
    # Not YAML either, but what people write (and site generators accept): a colon inside a plain title.
    (corpus / "colon.md").write_text(
        "---\ntitle: Melatonin: a guide for patients\ndate: 2026-01-02\n---\n"
        + body.replace("sleep", "the body clock"),
        encoding="utf-8",
    )
    documents = {d.source_id: d for d in scan_corpus(Settings(corpus_dir=corpus)).documents}
    assert documents["notes"].title == "Melatonin notes" and documents["notes"].text == body
    assert documents["colon"].title == "Melatonin: a guide for patients"
    assert documents["colon"].text.startswith("# Melatonin")
    assert documents["rule"].text.startswith("---")
    assert documents["broken"].text.startswith("---\ntitle: [unclosed")  # not YAML: left as it is


def test_a_manifest_title_is_shown_on_one_line_and_never_longer_than_a_title(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("pasted", "kept"):
        (corpus / f"{name}.txt").write_text(
            f"Tinnitus is a ringing in the ears ({name}).\n", encoding="utf-8"
        )
    pasted = "Notes on hearing " + "and more words " * 20_000  # a text pasted where the title belongs
    kept = "Tinnitus:\n  what helps,  and what does not"
    manifest = {"documents": [{"file": "pasted.txt", "title": pasted}, {"file": "kept.txt", "title": kept}]}
    (corpus / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    titles = {d.source_id: d.title for d in scan_corpus(Settings(corpus_dir=corpus)).documents}
    assert titles["kept"] == "Tinnitus: what helps, and what does not"
    assert titles["pasted"].startswith("Notes on hearing and more words")
    assert titles["pasted"].endswith("…") and len(titles["pasted"]) <= 301
    assert not titles["pasted"].endswith(" …") and "\n" not in titles["pasted"]


def test_a_first_line_that_the_next_one_continues_is_the_opening_of_a_paragraph(tmp_path: Path) -> None:
    # A transcript's captions, or a paragraph wrapped at a fixed width: its first line is no heading, so the title
    # reads on into the next line and says, with its ellipsis, that the text goes on.
    titles = titles_of(
        tmp_path / "corpus",
        {
            "captions.txt": "hi everyone and welcome back to the\ndrop in session where today we talk\nabout naloxone\n",
            "wrapped.txt": "Estimating the number of infections and the impact of non-\npharmaceutical measures"
            + BODY,
            "heading.txt": "Overdose Response: What Friends and Family\nCan Do" + BODY,
        },
    )
    assert titles["captions"] == "hi everyone and welcome back to the drop in session where today…"
    assert titles["wrapped"] == "Estimating the number of infections and the impact of non-pharmaceutical…"
    assert titles["heading"] == "Overdose Response: What Friends and Family"


def test_a_pdf_title_that_wraps_does_not_take_in_the_line_under_it(tmp_path: Path) -> None:
    # The reader joins a PDF's wrapped lines by their layout, so every line it gives is a paragraph: the title,
    # long enough to wrap, read on into the subtitle ("... in the first month Community Addiction…").
    from tests.make_files import titled_pdf_bytes

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    subtitle = "Community Addiction Service, patient information, 2025"
    body = ["Common side effects include constipation, headache, nausea and sweating."]
    # One that fills its line, and one that wraps onto a second.
    full = "Buprenorphine treatment: what to expect in the first month"
    wrapping = "Buprenorphine treatment: what to expect during the first months of care"
    (corpus / "full.pdf").write_bytes(titled_pdf_bytes(full, subtitle, body))
    (corpus / "wrapping.pdf").write_bytes(titled_pdf_bytes(wrapping, subtitle, body))
    documents = {d.source_id: d for d in scan_corpus(Settings(corpus_dir=corpus)).documents}
    assert documents["full"].title == full
    assert documents["wrapping"].title == wrapping
    # The subtitle is a paragraph of its own, not the end of the title's.
    assert all(f"\n{subtitle}\n" in d.text for d in documents.values())
