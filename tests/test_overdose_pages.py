"""An overdose-response service's pages, written for these tests and tuned for nothing: a guide for friends and
family at the top of the corpus folder, a page on stimulants and the heart and staff training notes in ``guides/``.

Folders in the corpus folder: a clinic keeps its leaflets in one folder and its staff notes in another, and drops
them in as they are. Every document under the corpus folder is read, two files of the same name in different folders
or of different types are both kept, and a change anywhere under it is indexed. And a finding the next sentence
disputes without naming it again ("Other studies found no clear link ...") is shown with that other side."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from rag import Assistant, Settings, Turn
from rag.answer.quotes import leans_back, other_evidence_denies
from rag.ingest.embedder import HashingEmbedder
from rag.ingest.multilingual import HashingRoleEmbedder
from rag.ui.uploads import UploadRejected, add_upload
from tests.conftest import assert_verbatim, indexed_copy, write_corpus
from tests.test_reliability import assert_store_matches_corpus

PAGES = Path(__file__).resolve().parent / "corpora" / "overdose"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_copy(tmp_path_factory, PAGES)


def fake(corpus: Path, store: Path) -> Assistant:
    return Assistant(
        Settings(corpus_dir=corpus, store_dir=store),
        embedder=HashingEmbedder(),
        multilingual=HashingRoleEmbedder(),
    )


def test_documents_in_a_folder_are_read_under_their_path(assistant: Assistant) -> None:
    ids = {d.source_id for d in assistant.documents()}
    # The same file name at the top and in the folder: two documents, neither lost to the other.
    assert ids == {"naloxone-guide", "guides/naloxone-guide", "guides/stimulants"}


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("What happens when cocaine and alcohol are taken together?", "guides/stimulants"),
        ("Can stimulants give a young person a heart attack?", "guides/stimulants"),
        ("How often do staff check the naloxone kits?", "guides/naloxone-guide"),
        ("What are the signs that someone is overdosing?", "naloxone-guide"),
    ],
)
def test_questions_are_answered_from_documents_in_a_folder(
    assistant: Assistant, question: str, source: str
) -> None:
    answer = assistant.ask(question)
    assert answer.status == "answered", answer.text
    assert answer.citations[0].source_id == source, answer.citations
    assert_verbatim(assistant, answer.citations)


def test_a_dosing_request_is_refused_over_documents_in_a_folder(assistant: Assistant) -> None:
    answer = assistant.ask("How many sprays of naloxone should I give?")
    assert answer.status == "refused"
    assert_verbatim(assistant, answer.citations)


def test_files_of_one_name_and_two_types_are_both_kept(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"notes.txt": "Otters hold hands while they sleep."})
    assistant = fake(corpus, tmp_path / "store")
    assert assistant.index().added == ["notes"]
    (corpus / "notes.md").write_text(
        "# Beavers\n\nBeavers build dams from branches and mud.", encoding="utf-8"
    )
    report = assistant.index()
    # Each now keeps its type in its id; the text indexed as "notes" is replaced, never duplicated.
    assert sorted(report.added) == ["notes.md", "notes.txt"]
    assert report.removed == ["notes"]
    assert not report.skipped
    assert_store_matches_corpus(assistant)
    assert assistant.ask("Why do beavers build dams?").citations[0].source_id == "notes.md"


def test_a_file_dropped_into_a_new_folder_is_indexed_on_the_next_question(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"otters": "Otters hold hands while they sleep."})
    assistant = fake(corpus, tmp_path / "store")
    assistant.ask("Why do otters hold hands?")
    (corpus / "rivers").mkdir()
    (corpus / "rivers" / "beavers.txt").write_text(
        "Beavers build dams from branches and mud.", encoding="utf-8"
    )
    assert assistant.ask("Why do beavers build dams?").citations[0].source_id == "rivers/beavers"


def test_a_store_kept_inside_the_corpus_folder_is_not_read_as_documents(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", {"otters": "Otters hold hands while they sleep."})
    assistant = fake(corpus, corpus / "index")
    first = assistant.index()
    assert first.added == ["otters"] and not first.skipped
    assistant.ask("Why do otters hold hands?")  # writes to the store: not a change to the documents
    again = assistant.index()
    assert again.unchanged == ["otters"] and not again.added and not again.skipped


def test_a_manifest_names_a_document_in_a_folder_by_its_path(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path / "corpus", {"rivers/beavers": "Beavers build dams from branches and mud."}
    )
    (corpus / "manifest.json").write_text(
        '{"documents": [{"file": "rivers/beavers.txt", "title": "Life on the river"}]}', encoding="utf-8"
    )
    assistant = fake(corpus, tmp_path / "store")
    assistant.index()
    assert [d.title for d in assistant.documents()] == ["Life on the river"]


def test_an_upload_that_copies_a_document_in_a_folder_is_refused_naming_it(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path / "corpus", {"rivers/beavers": "Beavers build dams from branches and mud."}
    )
    upload = tmp_path / "copy.txt"
    upload.write_text("Beavers build dams from branches and mud.", encoding="utf-8")
    with pytest.raises(UploadRejected, match=r"rivers/beavers\.txt"):
        add_upload(upload, "beavers-again.txt", Settings(corpus_dir=corpus))


def test_other_evidence_that_finds_no_link_is_shown_as_the_other_side(assistant: Assistant) -> None:
    answer = assistant.ask("Do stimulants increase the risk of a stroke?")
    assert answer.status == "answered", answer.text
    quotes = {
        group.says: [" ".join(answer.citations[i - 1].quote.split()) for i in group.citations]
        for group in answer.groups
    }
    assert any("higher risk of stroke" in q for q in quotes.get("yes", [])), answer.text
    assert any(q.startswith("Other studies found no clear link") for q in quotes.get("no", [])), answer.text
    assert_verbatim(assistant, answer.citations)


@pytest.mark.parametrize(
    ("text", "denies"),
    [
        ("Other studies found no clear link once smoking was taken into account.", True),
        ("Other trials did not show any benefit.", True),
        ("Otros estudios no encontraron ninguna relación.", True),
        (
            "Other studies found a similar increase in risk.",
            False,
        ),  # agrees, or says more: not the other side
        ("Other symptoms are not common.", False),  # other things, not other evidence
        ("No clear link was found.", False),
    ],
)
def test_other_evidence_denies_only_when_other_evidence_finds_nothing(text: str, denies: bool) -> None:
    assert other_evidence_denies(text) is denies
    if denies:
        assert leans_back(text)  # quoted with the finding it disputes, in an answer that is not yes or no


def test_a_folder_that_cannot_be_listed_is_named_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(
        tmp_path / "corpus",
        {"otters": "Otters hold hands while they sleep.", "locked/beavers": "Beavers build dams."},
    )
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if (
            Path(path).name == "locked"
        ):  # as a folder without read permission does, for a user who is not root
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    report = fake(corpus, tmp_path / "store").index()
    assert report.added == ["otters"]
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == [
        ("locked", "unreadable folder (Permission denied)")
    ]


def test_a_chat_goes_on_from_the_signs_to_what_to_do_and_to_the_kits(assistant: Assistant) -> None:
    """Asked in a chat, as the UI passes its history: "What should I do?" after the signs was not_found (it names
    nothing the pages use), and "How often are the kits checked?" after any question was refused as a dosing
    follow-up ("how often")."""
    signs = "What are the signs of an overdose?"
    history = [Turn(role="user", content=signs), Turn(role="assistant", content=assistant.ask(signs).text)]
    todo = assistant.ask("What should I do?", history)
    assert todo.status == "answered"
    assert {c.source_id for c in todo.citations} == {"naloxone-guide"}
    kits = assistant.ask("How often are the kits checked?", history)
    assert kits.status == "answered"
    assert any("Kits are checked every month." in c.quote for c in kits.citations)
    assert_verbatim(assistant, todo.citations + kits.citations)
