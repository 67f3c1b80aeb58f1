"""The fixed texts of a reply (headings, not_found, the dosing help message, notes), one catalogue per language.

The texts are data (``data/messages/<language>.yaml``), read and validated once: every supported language has a
file, every file every text, and the placeholders each text needs. English holds the texts the assistant has
always used; the others are written for people who read that language, the helpline advice adapted (the US
SAMHSA line is kept and the local public health service is named). Quotes are never translated.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rag.text.language import ENGLISH, SUPPORTED, LanguageCode
from rag.types import Citation


@lru_cache(maxsize=1)
def _required_placeholders() -> dict[str, set[str]]:
    """Placeholders each text must carry (and the only ones it may carry), from data/message_placeholders.yaml."""
    raw = resources.files("rag.answer").joinpath("data/message_placeholders.yaml").read_text(encoding="utf-8")
    return {field: set(names) for field, names in yaml.safe_load(raw).items()}


class Messages(BaseModel):
    """The fixed texts of a reply in one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: LanguageCode = Field(
        description="ISO 639-1 code of the language (rag.text.language.SUPPORTED)."
    )
    name: str = Field(min_length=1, description="The language's own name.")
    answer_head: str = Field(min_length=1, description="Opens an answer.")
    low_confidence_head: str = Field(min_length=1, description="Opens an answer the documents may not give.")
    not_found: str = Field(min_length=1, description="The whole reply when the documents do not cover it.")
    thanks: str = Field(min_length=1, description="The whole reply to a thank-you.")
    all_withheld: str = Field(min_length=1, description="Every matching passage gives dosing guidance.")
    withheld_one: str = Field(min_length=1, description="One passage with dosing guidance was left out.")
    withheld_many: str = Field(
        min_length=1, description="{count} passages with dosing guidance were left out."
    )
    disagree: str = Field(
        min_length=1,
        description="Points to a disagreement set out apart: {topic} is the map's English label, {markers} its "
        "sides' citation numbers.",
    )
    note_same_source: str = Field(min_length=1, description="Closes a contradiction within {title}.")
    note_two_sources: str = Field(min_length=1, description="Closes a contradiction of {first} and {second}.")
    rest_head: str = Field(
        min_length=1,
        description="Under a dosing refusal, opens the answer to what else the question asks (never echoing the "
        "question: nothing of it is shown back).",
    )
    risks_head: str = Field(min_length=1, description="Opens the risks quoted under a dosing refusal.")
    risks_query: str = Field(
        min_length=1,
        description="What a dosing refusal retrieves, after what was asked about: words of risk only, in this "
        "language ('why supervision is needed' made 'A specific methadone test is needed.' the first risk quoted).",
    )
    risk_words: str = Field(
        min_length=1,
        description="Words of risk in this language, comma-separated: a quote under a dosing refusal uses one. A "
        "term matches at the start of a word ('danger': 'dangerous'); with a leading '*' anywhere in one "
        "(compounds, a script written without spaces); with a trailing '.' only as a whole word ('die.': not "
        "'diet').",
    )
    quotes_note: str = Field(
        min_length=1,
        description="Says the quotes stay in the documents' language (shown when it is not the reply's).",
    )
    emergency: str = Field(
        min_length=1,
        description="Where to get help at once, when a question tells of an overdose happening now.",
    )
    emergency_query: str = Field(
        min_length=1,
        description="What a question that tells of an overdose now also retrieves, after the gate has read it as "
        "asked: the signs of an overdose and what to do, in this language (the signs alone outranked 'Call "
        "emergency services first. Then give naloxone.').",
    )
    dosing_help: str = Field(min_length=1, description="Why no dose is given and where to find help.")
    # The one-line overview (rag.answer.overview): structure only, counts and the disagreements' topics.
    overview_documents_one: str = Field(min_length=1, description="One document speaks to the question.")
    overview_documents_many: str = Field(min_length=1, description="{n} documents speak to the question.")
    overview_yes_one: str = Field(min_length=1, description="One quote says yes (a yes/no question).")
    overview_yes_many: str = Field(min_length=1, description="{n} quotes say yes.")
    overview_no_one: str = Field(min_length=1, description="One quote says no.")
    overview_no_many: str = Field(min_length=1, description="{n} quotes say no.")
    overview_disagree: str = Field(
        min_length=1, description="The sources disagree on {topics} (the map's English labels, joined)."
    )
    overview_disagree_within: str = Field(
        min_length=1,
        description="The one document quoted says different things on {topics}: each disagreement is within it.",
    )
    overview_no_disagreement: str = Field(
        min_length=1,
        description="Asked whether the sources disagree on the subject, none of the disagreements touches it.",
    )
    overview_topic_join: str = Field(min_length=1, description="Between two topics in {topics}.")
    # Punctuation of the overview: Thai writes no full stop and parts apart with a space.
    overview_join: str = Field("; ", min_length=1, description="Between the overview's parts.")
    overview_said_join: str = Field(", ", min_length=1, description="Between its yes and no counts.")
    overview_end: str = Field(
        ".", description="Ends the overview ('' where the language writes no full stop)."
    )
    # A question about the collection itself (rag/answer/collection.py): how each document opens.
    collection_head_one: str = Field(
        min_length=1, description="Heads the openings of a one-document collection."
    )
    collection_head_many: str = Field(min_length=1, description="Heads the openings of {n} documents.")
    collection_more: str = Field(min_length=1, description="{n} documents more than are shown.")
    collection_ask: str = Field(min_length=1, description="Closes the openings: what to ask.")
    collection_empty: str = Field(min_length=1, description="No document to answer from.")
    # Where the documents disagree (rag.answer.collection.disputes_answer).
    disputes_head_one: str = Field(min_length=1, description="Opens the list of disputes: one.")
    disputes_head_many: str = Field(min_length=1, description="Opens the list of {n} disputes.")
    disputes_more: str = Field(min_length=1, description="{n} more disputes than the list shows.")
    disputes_none: str = Field(min_length=1, description="The map holds no dispute between the documents.")
    # The chat UI (rag.ui.render) and the CLI's section with a disagreement's sides.
    ui_head_refused: str = Field(min_length=1, description="The chat's headline over a dosing refusal.")
    ui_head_not_found: str = Field(min_length=1, description="The headline: not covered.")
    ui_head_answered_one: str = Field(min_length=1, description="The headline: quotes from one document.")
    ui_head_answered_many: str = Field(min_length=1, description="The headline: quotes from {n} documents.")
    ui_head_low_one: str = Field(min_length=1, description="The low-confidence headline, one document.")
    ui_head_low_many: str = Field(min_length=1, description="The low-confidence headline, {n} documents.")
    ui_head_disagree: str = Field(min_length=1, description="Added to a headline when the sources disagree.")
    ui_help_line: str = Field(min_length=1, description="Where to get help, under a dosing refusal.")
    ui_evidence_for: str = Field(min_length=1, description="Heads the evidence panel: {question} as asked.")
    ui_not_found_panel: str = Field(min_length=1, description="The evidence panel when nothing is cited.")
    ui_sources: str = Field(min_length=1, description="Heads the panel's source cards.")
    ui_disagree_title: str = Field(min_length=1, description="Heads the disagreements (panel and CLI).")
    ui_on_topic: str = Field(min_length=1, description="Heads one disagreement: {topic}, the map's label.")
    ui_side_quoted: str = Field(min_length=1, description="A disagreement's side the reply already quotes.")
    ui_withheld_one: str = Field(min_length=1, description="The panel's note: one passage withheld.")
    ui_withheld_many: str = Field(min_length=1, description="The panel's note: {count} passages withheld.")
    ui_no_disputes: str = Field(min_length=1, description="Badge: no claim of the document is contradicted.")
    ui_no_disputes_hint: str = Field(min_length=1, description="The badge's tooltip.")
    ui_disputed_one: str = Field(min_length=1, description="Badge: one claim of the document contradicted.")
    ui_disputed_many: str = Field(min_length=1, description="Badge: {count} claims contradicted.")
    ui_disputed_hint: str = Field(min_length=1, description="The badge's tooltip.")
    ui_page: str = Field(min_length=1, description="A quote's page: {page}.")
    ui_characters: str = Field(min_length=1, description="A quote's offsets: {start} to {end}.")
    ui_stale: str = Field(min_length=1, description="The quote is no longer at its offsets.")
    cli_on_topic: str = Field(min_length=1, description="Heads one disagreement in the CLI: {topic}.")
    cli_quoted_above: str = Field(min_length=1, description="A side the CLI's reply already quotes.")
    cli_characters: str = Field(min_length=1, description="A citation's offsets in the CLI: {start}-{end}.")
    # The app's own texts, shown in the language of the reader's browser (rag.ui.chrome).
    chrome_heading: str = Field(min_length=1, description="The page's title and what it promises (Markdown).")
    chrome_tab_ask: str = Field(min_length=1, description="The chat's tab.")
    chrome_tab_documents: str = Field(min_length=1, description="The documents' tab.")
    chrome_chat_placeholder: str = Field(min_length=1, description="The empty chat (Markdown).")
    chrome_chat_placeholder_examples: str = Field(
        min_length=1, description="The empty chat above example questions (Markdown)."
    )
    chrome_question_placeholder: str = Field(min_length=1, description="The empty question box.")
    chrome_ask: str = Field(min_length=1, description="The button that asks.")
    chrome_add_document: str = Field(min_length=1, description="The upload's label: {suffixes} accepted.")
    chrome_evidence_placeholder: str = Field(
        min_length=1, description="The evidence panel before a question."
    )
    chrome_documents_waiting: str = Field(
        min_length=1, description="The documents' tab before the index is ready."
    )
    # The status line and the documents' tab, in the language of the reader's browser (rag.ui.app).
    status_loading: str = Field(min_length=1, description="The status while the model loads.")
    status_embedding: str = Field(min_length=1, description="The status while texts are embedded.")
    status_eta: str = Field(min_length=1, description="Appended to it: the time left, {clock}.")
    status_finishing: str = Field(min_length=1, description="All {total} texts embedded; the map is built.")
    status_ready: str = Field(min_length=1, description="{documents} indexed, and what was {embedded}.")
    status_ready_one: str = Field(min_length=1, description="One document indexed, and what was {embedded}.")
    status_embedded: str = Field(min_length=1, description="{count} texts embedded at start-up.")
    status_embedded_one: str = Field(min_length=1, description="One text embedded at start-up.")
    status_nothing_embedded: str = Field(min_length=1, description="Nothing embedded at start-up.")
    status_languages: str = Field(min_length=1, description="Other languages prepared, {done} of {total}.")
    status_added: str = Field(min_length=1, description="An upload, {name}, is indexed.")
    upload_not_added: str = Field(min_length=1, description="An upload, {name}, was refused: {reason}.")
    upload_indexing: str = Field(min_length=1, description="An upload, {name}, is being indexed.")
    upload_wrong_type: str = Field(min_length=1, description="Reason: only {suffixes} files are accepted.")
    upload_too_large: str = Field(
        min_length=1, description="Reason: {size} bytes, over the {limit} of {setting}."
    )
    upload_empty: str = Field(min_length=1, description="Reason: the file holds no text.")
    upload_same_content: str = Field(min_length=1, description="Reason: a copy of {other}, already there.")
    upload_unreadable: str = Field(min_length=1, description="Reason: the reader's own {detail} (English).")
    upload_no_name: str = Field(min_length=1, description="Reason: no free file name was found.")
    docs_intro: str = Field(min_length=1, description="Above the list of documents.")
    docs_empty: str = Field(min_length=1, description="No readable document.")
    docs_title: str = Field(min_length=1, description="Column: the document's title.")
    docs_file: str = Field(min_length=1, description="Column: its file.")
    docs_words: str = Field(min_length=1, description="Column: its length in words.")
    docs_disputes: str = Field(min_length=1, description="Column: its dispute count.")
    notice_not_accepted: str = Field(min_length=1, description="Heads a question that was not accepted.")
    notice_too_long: str = Field(min_length=1, description="The question's {length} is over the {limit}.")
    notice_store: str = Field(min_length=1, description="Heads the store's error (its text stays English).")
    notice_sorry: str = Field(min_length=1, description="Heads an unexpected failure.")
    notice_failed: str = Field(min_length=1, description="What to do after an unexpected failure.")

    @model_validator(mode="after")
    def _placeholders(self) -> Messages:
        for field in type(self).model_fields:
            text = getattr(self, field)
            names = placeholders(text)
            wanted = _required_placeholders().get(field, set())
            if names != wanted:
                raise ValueError(
                    f"{self.language}.{field}: placeholders {sorted(names)}, expected {sorted(wanted)}"
                )
        return self

    def contradiction_note(self, first: Citation, second: Citation) -> str:
        """Who disagrees: one document with itself, or two documents (titles as the documents give them)."""
        if first.source_id == second.source_id:
            return self.note_same_source.format(title=first.title or first.source_id)
        return self.note_two_sources.format(
            first=first.title or first.source_id, second=second.title or second.source_id
        )

    def speaks_of_risk(self, text: str) -> bool:
        """Whether ``text`` uses a word of risk: a dosing refusal's risk query found "Lisdexamfetamine or
        methylphenidate are offered first" for the medicine's name alone."""
        return _risk_pattern(self.risk_words).search(text) is not None

    def withheld(self, count: int) -> str:
        return self.withheld_one if count == 1 else self.withheld_many.format(count=count)

    def disputed(self, count: int) -> str:
        return self.ui_disputed_one if count == 1 else self.ui_disputed_many.format(count=count)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Messages]:
    """Every supported language's messages, validated; raises when one is missing or malformed."""
    folder = resources.files("rag.answer").joinpath("data/messages")
    out: dict[str, Messages] = {}
    for code in SUPPORTED:
        raw = yaml.safe_load(folder.joinpath(f"{code}.yaml").read_text(encoding="utf-8"))
        messages = Messages.model_validate(raw)
        if messages.language != code:
            raise ValueError(f"{code}.yaml declares language {messages.language!r}")
        out[code] = messages
    return out


@lru_cache(maxsize=16)
def _risk_pattern(terms: str) -> re.Pattern[str]:
    parts = []
    for term in filter(None, (t.strip() for t in terms.split(","))):
        # A phrase may wrap across lines, or be hyphenated ("side-effects").
        core = re.escape(term.strip("*.")).replace(r"\ ", r"[\s-]+")
        start = "" if term.startswith("*") else r"(?<!\w)"
        end = r"(?!\w)" if term.endswith(".") else ""
        parts.append(f"{start}{core}{end}")
    return re.compile("|".join(parts), re.IGNORECASE)


def placeholders(text: str) -> set[str]:
    """The names a format string fills ("{name} was not added: {reason}": name, reason)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def messages_for(language: str) -> Messages:
    """The texts for ``language``; English for a language without a catalogue."""
    texts = catalogue()
    return texts.get(language, texts[ENGLISH])


# The chat's headline over that reply. English, like the reply: the asker's language is the one not read.
UNREADABLE_HEAD = "Not read: a language I can't read"


def unreadable_language(multilingual: bool) -> str:
    """The reply to a question written in a script none of the supported languages uses: it names, each in its
    own words, the languages questions can be asked in (English alone when cross-lingual answers are off)."""
    texts = catalogue()
    names = [texts[code].name for code in SUPPORTED] if multilingual else [texts[ENGLISH].name]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return (
        "I can't read the language this question is written in, so I can't answer it from the documents. "
        f"Please ask it in {listed}."
    )
