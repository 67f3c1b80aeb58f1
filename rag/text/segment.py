"""Sentence segmentation that keeps exact character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.thai import is_thai, thai_sentences
from rag.text.tokens import STOPWORDS

# A boundary is end punctuation (optionally closed by quotes or brackets) followed by space and something
# that can open a sentence. Lowercase continuations ("e.g. the") are not boundaries. Text copied from web
# pages often lost the space ("…behavior patterns.This form of therapy…", "…(OAE).Please note…"): after a
# word of two lower-case letters or more (or a closing bracket or "%") and before a capitalised word, that is a
# boundary too; initials ("J.K.Rowling"), "e.g.The", "U.S.", "Ph.D" and "2.Choose" are not.
_BOUNDARY = re.compile(
    r"""(?<=[.!?])(["”’')\]]*)"""
    r"""(?:\s+(?=["“‘'(\[]?[A-Z0-9À-ÖØ-Þ\u0370-\u03ff\u0400-\u04ff])"""
    r"""|(?:(?<=[a-z]{2}[.!?])|(?<=[)\]%][.!?]))(?=[A-Z][a-z]))"""
)
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "no",
        "fig",
        "al",
        "approx",
        "inc",
        "ltd",
        "jr",
        "sr",
        "u.s",
        "u.k",
        "mt",
        "cf",
    ]
)
_TERMINAL = re.compile(r"""[.!?:;]["”’')\]]*\s*$""")
# A bracket still open this many characters after it opened is not waited for (see inside_brackets).
_MAX_BRACKET_CHARS = 200
# List bullets as documents write them: Markdown's "-" and "*", "•" and "–", Google Docs' "●", "○" and "■" at
# deeper levels, Word's Symbol and Wingdings bullets (private-use U+F0B7, U+F0A7, U+F0D8), arrows and ticks.
BULLET_GLYPHS = "-*•–●○◦■□▪▫◆◇►▸▶➢➤‣✓✔❖\uf0b7\uf0a7\uf0d8"
_BULLET = re.compile(rf"^\s*(?:[{re.escape(BULLET_GLYPHS)}]|\d+[.)])\s+")
# Documents with a line opening with a bullet that segmentation read as a word before this revision are
# segmented again once (their content hash names it, rag.ingest.corpus); no other document is.
BULLETS_REVISION = "bullets-2"
_LATER_BULLET = re.compile(rf"^\s*[{re.escape(BULLET_GLYPHS.replace('-*•', ''))}]\s", re.MULTILINE)


# Documents with a line ending in ";" and a next one opening in lower case ("... can be treated too;" over "you do
# not need to stop using first.") were cut there before this revision; they are segmented again once.
SEMICOLONS_REVISION = "semicolons-1"
_WRAPPED_SEMICOLON = re.compile(r";[ \t]*\r?\n[ \t]*[a-z]")


# A table's rows under its first row form one paragraph since this revision, so that a passage holds the table
# (before it each row was a passage of its own: "Naloxone kit | Free" outranked the pages that answer); documents
# with a table of two rows or more are chunked again once.
TABLES_REVISION = "tables-1"


# A reference list in a plain text ends at a short heading line since this revision ("Figure Legends", "Take-home
# points" after a paper's references); documents with such a line after their references are segmented again once.
REFERENCES_REVISION = "references-1"


def has_content_after_references(text: str) -> bool:
    """Whether a reference list of ``text`` ends, without a Markdown heading, at a heading of what follows it."""
    listing = False
    for line in text.splitlines():
        if _REFERENCES.match(line):
            listing = True
        elif listing and line.lstrip().startswith("#"):
            listing = False
        elif listing and _after_references(line):
            return True
    return False


# A reference list's heading opens one only after the document has said something, since this revision: "# Notes"
# over a page of notes is its title. Documents whose headings before their first words name a reference list are
# segmented again once.
TITLED_REFERENCES_REVISION = "titled-references-1"


def opens_with_references_heading(text: str) -> bool:
    """Whether among ``text``'s heading lines before its first statement, one names a reference list."""
    for line in text.splitlines():
        if not line.strip():
            continue
        if _REFERENCES.match(line):
            return True
        if not _is_heading(line):
            return False
    return False


# A line with a tab or a pipe is a table's row only beside another since this revision: a web page's one-line
# text, "Nasogastric Tube (NGT) Placement | Patient Safety Movement inserted daily without incident. However, ...",
# was read as a table's first row, a heading, and nothing of it was quoted; now only its sentence holding the pipe
# is. Documents with such a line are segmented again once.
LONE_ROWS_REVISION = "lone-rows-2"


def has_lone_row(text: str) -> bool:
    """Whether a line of ``text`` holds a tab or a pipe with no such line beside it."""
    lines = _logical_lines(text)
    return any(found and not row for found, row in zip(_row_marks(lines), _table_rows(lines), strict=True))


def _row_marks(lines: list[str]) -> list[bool]:
    return [bool(_TABLE_ROW.search(line.rstrip("\r\n"))) for line in lines]


def _table_rows(lines: list[str]) -> list[bool]:
    """Per logical line, whether it is a table's row: cells split by tabs or pipes, with another row just
    before or after it (a table has a row under its first; a blank line ends it)."""
    marks = _row_marks(lines)
    last = len(marks) - 1
    return [
        mark and ((i > 0 and marks[i - 1]) or (i < last and marks[i + 1])) for i, mark in enumerate(marks)
    ]


def is_table_row(line: str) -> bool:
    """Whether ``line`` is a row of a table: cells split by tabs or pipes."""
    return _TABLE_ROW.search(line) is not None


def has_table_body(text: str) -> bool:
    """Whether ``text`` holds a table with at least two rows under its first: three table rows in a row."""
    run = 0
    for line in text.splitlines():
        run = run + 1 if _TABLE_ROW.search(line) else 0
        if run == 3:
            return True
    return False


def has_wrapped_semicolon(text: str) -> bool:
    """Whether a line of ``text`` ends in a semicolon that the sentence goes on after, on the next line."""
    return _WRAPPED_SEMICOLON.search(text) is not None


# Sentences longer than the embedding model reads (256 word pieces, about a thousand characters of English) are
# cut into pieces since this revision: a text with no sentence ends (a transcript, captions, notes) was one
# "sentence" quoted whole, and its vector saw only its opening. Documents that held one are segmented again once.
LONG_SENTENCES_REVISION = "long-sentences-1"
_MAX_SENTENCE_CHARS = 1000
# A piece is at most this long, and the break is sought past its shortest length: at a clause mark if there is one
# (a semicolon or colon, a dash between spaces, a comma), else before a word that opens a clause, else between words.
_MAX_PIECE_CHARS = 400
_MIN_PIECE_CHARS = 150
_BREAKS = (
    re.compile(r"[;:](?=\s)|(?=\s[–—-]\s)"),
    re.compile(r",(?=\s)"),
    re.compile(
        r"(?<=\S)(?=\s+(?:so|but|because|if|when|then|after|before|while|although|since|until|unless)\b)"
    ),
    re.compile(r"(?<=\S)(?=\s+(?:and|or)\b)"),
    re.compile(r"(?<=\S)(?=\s)"),
)
# A piece never ends on a word that leaves its clause open or turns it round, nor within two words of a number (an
# amount and what it measures stay in one piece, where the dosing guard reads them together).
_OPEN_ENDS = frozenset({"not", "no", "never", "nor", "without", "to", "for", "with", "in", "on", "at", "by"})
# Numbers as a transcript writes them out ("four milligrams").
_NUMBER_WORD = re.compile(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|thousand|half|dozen|couple)"
)


def has_long_sentences(text: str) -> bool:
    """Whether a sentence of ``text``, as segmentation read it before LONG_SENTENCES_REVISION, is over the
    length it now cuts at. Only a text with that long a stretch between sentence marks is segmented to know."""
    if max(map(len, re.split(r"[.!?]", text))) < _MAX_SENTENCE_CHARS // 2:
        return False
    return any(s.end - s.start > _MAX_SENTENCE_CHARS for s in split_sentences(text, cut_long=False))


def has_later_bullets(text: str) -> bool:
    """Whether a line of ``text`` opens with a bullet that the first revision of segmentation did not read."""
    return _LATER_BULLET.search(text) is not None


_MAX_HEADING_CHARS = 150
# A credit line or a label inside a paragraph is a name, not a heading's whole line of words.
_MAX_FRAGMENT_CHARS = 80
# A line at least this long that stops mid-sentence is prose wrapped at a fixed width, not a heading.
_WRAPPED_LINE_CHARS = 50
_LEAD_IN = re.compile(r""":["”’')\]]*\s*$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Words this long carry a title's capitals; shorter ones ("and", "for", "its") and function words ("with",
# "through") are lower case in titles too.
_TITLE_WORD_LETTERS = 4
_TITLE_LOWER = frozenset({"over", "through", "behind", "under", "across", "among", "within", "without"})
# A row of a table: cells split by tabs or pipes.
_TABLE_ROW = re.compile(r"\t|\s\|\s|^\s*\|")
# The heading of a reference list, and an entry that opens with its note number ("[3] Smith J. ..."): sources
# and notes, not claims of the document.
_REFERENCES = re.compile(
    r"^\s*(?:#+\s*)?(?:references|bibliography|works cited|sources|citations|footnotes|notes|further reading)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_NOTE_ENTRY = re.compile(r"^\s*\[\d+\]\s")
# What a line of a reference entry holds (a year, a link, "Retrieved from", "et al."): a short heading line
# without any of these ends the list in a plain text, where no Markdown heading does ("Figure Legends",
# "Take-home points" after a paper's references were never quoted).
_REFERENCE_MARK = re.compile(
    r"\d|https?:|www\.|\bdoi\b|\bet al\b|\b(?:retrieved|accessed|available|journal|press|publish\w*|edition"
    r"|eds?|vol|pp|university|proceedings|in)\b|[,;&]|pubmed|scholar|crossref|medline|scopus|web of science",
    re.IGNORECASE,
)
_HEADING_AFTER_REFERENCES_WORDS = 4
# A note marker closing a sentence ("... no treatment [1]."): the quote ends before it, so that it is not read as
# one of the answer's own citation numbers.
_TRAILING_NOTE = re.compile(r"""\s*\[\d+(?:\s*[,–-]\s*\d+)*\]\s*[.!?]?["”’')\]]*\s*$""")


@dataclass(frozen=True)
class Span:
    """``text == source[start:end]``; ``paragraph`` counts the non-empty lines before it, a list counting as
    part of its lead-in's line."""

    start: int
    end: int
    text: str
    paragraph: int
    heading: bool


def split_sentences(text: str, cut_long: bool = True) -> list[Span]:
    """Every sentence of ``text`` in order, trimmed of surrounding whitespace and list bullets; with ``cut_long``
    one over ``_MAX_SENTENCE_CHARS`` is cut into pieces (see LONG_SENTENCES_REVISION)."""
    spans: list[Span] = []
    paragraph = -1
    offset = 0
    listing = False  # inside the items that follow a lead-in ("Side effects include:")
    in_items = False
    in_table = False
    in_rows = False  # past a table's first row
    in_references = False
    # A reference list follows what it supports: "Notes" or "Sources" over a document's first lines is its title
    # ("# Notes" over a page of notes left nothing of it to quote).
    said = False
    lines = _logical_lines(text)
    for line, row, marked in zip(lines, _table_rows(lines), _row_marks(lines), strict=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            in_table = False  # a blank line ends a table: the next row opens another, with its own header
            continue
        bullet = _BULLET.match(body)
        lead = bullet.end() if bullet else len(body) - len(body.lstrip())
        if in_references and _after_references(body):
            in_references = False
        if (said and _REFERENCES.match(body)) or (in_references and not body.lstrip().startswith("#")):
            # A reference list runs to the next Markdown heading or the end; none of it is quoted.
            in_references = True
            paragraph += 1
            is_heading = True
        elif row:
            in_references = False
            # A row is content ("Overactive thyroid<TAB>Nicotine can worsen palpitations"); the first row of a
            # table names its columns, and the rows under it are one paragraph, as a list's items are.
            if not (in_table and in_rows):
                paragraph += 1
            in_rows = in_table
            is_heading = not in_table
            listing = in_items = False
        elif bullet:
            # An item is content ("- headache", "- fast or slowed breathing"); only a run of Title Case
            # entries with no lead-in is a table of contents, whose lines are titles, not claims.
            is_heading = not listing and _is_heading(body) and title_case(body[lead:])
            # A list belongs to the paragraph of its lead-in (or of its first item), so that a passage holds
            # the lead-in with its items.
            if is_heading or not (listing or in_items):
                paragraph += 1
            in_items = not is_heading
        else:
            in_references = False
            paragraph += 1
            is_heading = _is_heading(body) or bool(_NOTE_ENTRY.match(body))
            listing = bool(_LEAD_IN.search(body))
            in_items = False
        in_table = row
        for start, end in _line_sentences(body, lead, cut_long):
            piece = body[start:end]
            # Of a pipe in a line of prose, the sentence holding it is a title run into the text ("Evidence Cbt
            # Depression Anxiety 2019 | Win Over Depression that have contributed to ...", "FIGURE 2 | ..."):
            # read as a heading, it is not quoted, and no claim is read from it.
            heading = is_heading or (marked and not row and _TABLE_ROW.search(piece) is not None)
            spans.append(Span(line_start + start, line_start + end, piece, paragraph, heading))
        said = said or not is_heading
    return spans


def _logical_lines(text: str) -> list[str]:
    """The text's lines, a hard-wrapped paragraph (a text file exported from a PDF, Markdown wrapped at 80
    columns) joined into one: read line by line, "The technologists wear surgical" became a heading and "masks." a
    sentence. A line continues the one before when that one does not end a sentence and either it breaks a word
    ("recur-") or after a comma, or the next line opens in lower case, or it is a long line of prose (a title in
    Title Case is not); a blank line, a list item, a table row or a Markdown heading never continues one. The
    joined lines keep their newlines, so offsets into ``text`` stay exact."""
    groups: list[list[str]] = []
    previous = ""
    # Each line is compared with the one just before it and kept in a list: growing one string per paragraph
    # (and reading its last line back) was quadratic in a long paragraph with no blank line.
    for line in text.splitlines(keepends=True):
        if groups and continues(previous, line):
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line
    return ["".join(group) for group in groups]


def continues(previous: str, line: str) -> bool:
    """Whether ``line`` continues the sentence of the physical line just before it."""
    body = line.strip()
    last = previous.rstrip("\r\n")
    if not body or not last.strip():
        return False
    if _TERMINAL.search(last) and not (last.rstrip().endswith(";") and body[0].islower()):
        return False
    if _BULLET.match(line) or _TABLE_ROW.search(line) or _TABLE_ROW.search(last) or body.startswith("#"):
        return False
    if (
        _REFERENCES.match(line)
        or _REFERENCES.match(last)
        or _NOTE_ENTRY.match(line)
        or last.lstrip().startswith("#")
    ):
        return False
    tail = last.rstrip()
    if body[0].islower() or tail.endswith(",") or (len(tail) > 1 and tail[-1] == "-" and tail[-2].isalpha()):
        return True
    return len(tail) >= _WRAPPED_LINE_CHARS and tail[-1].isalpha() and not title_case(tail)


def _after_references(line: str) -> bool:
    """Whether ``line``, met in a reference list, is the heading of what follows it: a short line of words that
    opens with a capital, ends in no punctuation and holds nothing of a reference."""
    words = line.split()
    return (
        0 < len(words) <= _HEADING_AFTER_REFERENCES_WORDS
        and line.strip()[0].isupper()
        and not _TERMINAL.search(line)
        and not line.rstrip().endswith((".", ",", ":", ";"))
        and _REFERENCE_MARK.search(line) is None
        and not _REFERENCES.match(line)
    )


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > _MAX_HEADING_CHARS:
        return False
    # A short line that only asks a question is a section title, not a statement to quote.
    return not _TERMINAL.search(stripped) or (stripped.endswith("?") and not _BOUNDARY.search(stripped))


# Words an English sentence does not end on: articles, "of", joining words, the verb "to be", comparisons. A text
# that ends on one, with no closing mark, was cut off where its document (or the chunk it came from) was cut.
# Prepositions that end a heading or a list item ("what to watch out for") are not among them.
_CUT_WORDS = (
    "a an the of and or nor but than as is are was were be been being has have had whose its their our your my "
    "very such into onto between among whether which who whom"
)
_CUT_BEFORE = frozenset(_CUT_WORDS.split())
_LAST_WORD = re.compile(r"(?:^|\s)([A-Za-z]+)$")


# Section labels a sentence runs on from: "Abstract: BACKGROUND: Respiratory tract infections ...",
# "Summary : Caffeine is ...", "RESULTS: Of the 120 ...". One to three capitalised words and a colon, before a
# capital ("Note: This ..." too); "The aim: to ..." (a lowercase word after the colon) is a sentence.
_LABELS = re.compile(r"(?:(?:[A-Z][\w-]*)(?:[ \t]+[A-Z][\w-]*){0,2}[ \t]?:[ \t]+(?=[A-Z\"“(\d]))+")


def label_length(text: str) -> int:
    """How many characters of ``text`` are section labels before its sentence (0 when none): a quote leaves
    them out, as what it quotes is the sentence."""
    found = _LABELS.match(text)
    return found.end() if found is not None and found.end() < len(text) else 0


def cut_off(text: str) -> bool:
    """The sentence breaks off mid-clause ("People suffering from the disorder are"): a document that ends
    where a page, an excerpt or a chunk of a larger text was cut. Half a claim may say the opposite of the
    whole one ("Kratom is" cut before "not ..."), so it is never quoted."""
    match = _LAST_WORD.search(text.rstrip())
    return match is not None and match.group(1).lower() in _CUT_BEFORE


def is_title_fragment(text: str, line_before: str) -> bool:
    """A short run of capitalised words with no closing punctuation, run into a line after other text
    (``line_before``: its line up to it): the agency credit or the table label that a document written on one
    line runs into its text ("NIH: National Institute on Drug Abuse", "Table S3"). It states nothing, so it is
    never quoted. A list item ("- Nausea") starts its own line and is content."""
    stripped = text.strip()
    if not line_before.strip() or _BULLET.fullmatch(line_before):
        return False
    return len(stripped) <= _MAX_FRAGMENT_CHARS and not _TERMINAL.search(stripped) and title_case(stripped)


def title_case(text: str) -> bool:
    long_words = [
        w
        for w in _WORD.findall(text)
        if len(w) >= _TITLE_WORD_LETTERS and w.lower() not in STOPWORDS and w.lower() not in _TITLE_LOWER
    ]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


def _line_sentences(line: str, lead: int, cut_long: bool) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = lead
    for match in _BOUNDARY.finditer(line, lead):
        end = match.start()
        if _ends_with_abbreviation(line[start:end]) or inside_brackets(line, start, end):
            continue
        pieces.append((start, match.end(1)))
        start = match.end()
    pieces.append((start, len(line)))
    if is_thai(line):
        pieces = [(s + a, s + b) for s, e in pieces for a, b in thai_sentences(line[s:e])]
    sentences = [trimmed for s, e in pieces if (trimmed := _trim(line, s, e))]
    if not cut_long:
        return sentences
    return [piece for s, e in sentences for piece in _cut_long(line, s, e)]


def _cut_long(line: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``line[start:end]`` whole, or when over ``_MAX_SENTENCE_CHARS`` its pieces (trimmed)."""
    if end - start <= _MAX_SENTENCE_CHARS:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    while end - start > _MAX_PIECE_CHARS:
        # The last piece is not left shorter than the shortest one.
        window = (start + _MIN_PIECE_CHARS, min(start + _MAX_PIECE_CHARS, end - _MIN_PIECE_CHARS))
        cut = _break(line, *window) or start + _MAX_PIECE_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return [trimmed for s, e in pieces if (trimmed := _trim(line, s, e))]


def _break(line: str, low: int, high: int) -> int | None:
    """The last good place in ``line[low:high]`` to end a piece, after its mark, preferring clause marks."""
    for pattern in _BREAKS:
        for match in reversed(list(pattern.finditer(line, low, high))):
            cut = match.end()
            before, after = line[max(0, cut - 40) : cut].split()[-2:], line[cut : cut + 40].split()[:2]
            if not before or before[-1].strip(",;:").lower() in _CUT_BEFORE | _OPEN_ENDS:
                continue
            if any(_numeric(word) for word in before + after):
                continue
            return cut
    return None


def _numeric(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or _NUMBER_WORD.fullmatch(word.strip(",;:").lower()) is not None


def inside_brackets(line: str, start: int, end: int) -> bool:
    """True when a bracket opened after ``start`` is still open at ``end`` and opened at most
    ``_MAX_BRACKET_CHARS`` before it: "(Fig. 2B)" and "(p < 0.05. Data ...)" hold no sentence end. An older
    bracket that never closes is a typo or a cut reference list, and does not join the rest of the line."""
    opened: list[int] = []
    for i in range(start, end):
        ch = line[i]
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            opened.pop()
    return bool(opened) and end - opened[0] <= _MAX_BRACKET_CHARS


def _ends_with_abbreviation(piece: str) -> bool:
    words = piece.rstrip("\"”’')]").split()
    if not words:
        return False
    # "(Fig." and "(e.g." are abbreviations inside a bracket: the bracket is not part of the word.
    last = words[-1].lstrip("\"“‘'([").rstrip(".").lower()
    # Single capital initials ("J. Smith") are abbreviations too.
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and line[start].isspace():
        start += 1
    note = _TRAILING_NOTE.search(line, start, end)
    if note is not None:
        end = note.start()
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
