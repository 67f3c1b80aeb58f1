"""Quotes that stand on their own: a chosen sentence is joined with the neighbour it leans on.

"Both substances activate specific receptors, ..." means nothing without the sentence before it, and "Kratom is
not without side effects." promises the list the next sentence gives ("These can include ..."). When a quote or
its successor opens with such a back-reference, the two are quoted together, as one verbatim span of the same
paragraph, and so is a bare answer ("Yes.", "Very rarely.") with the sentence after it. Nothing else is joined
across paragraphs, and a neighbour that gives dosing guidance is never joined.

A list is the exception: "Side effects are usually mild and include:" says nothing without its items, and an
item ("- headache") says little without its lead-in, so either is quoted as the lead-in with the items below it,
one verbatim span, stopping before an item that gives dosing guidance.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.compose import question_terms
from rag.ingest.chunking import neighbour_id
from rag.retrieval.faq import question_line_above
from rag.retrieval.records import CandidateSentence, RetrievedPassage
from rag.text.lines import line_end, line_start
from rag.text.segment import BULLET_GLYPHS, label_length, split_sentences
from rag.types import Citation

# Other evidence on what the sentence before found: "Other studies found no clear link", "Otros estudios ...".
_OTHER_EVIDENCE = (
    r"""^(?:(?:Other|Others)\s+(?:studies|trials|reviews|research|researchers|reports|authors|experts|surveys"""
    r"""|analyses|investigators|papers|work)|Otros estudios|Otras investigaciones|D'autres études|D’autres études"""
    r"""|Andere Studien|Outros estudos|Altri studi|Penelitian lain|Studi lain|Các nghiên cứu khác)\b"""
)
# Openers that point back at the previous sentence.
_BACK_REFERENCE = re.compile(
    r"""^["“‘'(]?(?:This|These|That|Those|Both|They|It|Its|Their|Such|Each|Either|Neither)\b"""
    # The next step of an instruction ("Call emergency services first. Then give naloxone."); not a narrative's
    # "Then, we measured ...".
    r"""|^(?:Then|Next)\s+(?!(?:the|a|an|we|they|it|he|she|this|these|there|in|on|at)\b)[a-z]"""
    # Most of them, or most with a plural verb: "Most of them recover.", "Many do not.", "Most ease after the first
    # weeks." ("Some reports" is a noun).
    r"""|^(?:Most|Many|Some|Few|Several|All|None|Half|Others)\s+(?:of\s+(?:them|these|those|us)\b|(?:do|did|are|were"""
    r"""|have|had|will|would|can|could|may|might|should|must|(?:recover|improve|ease|resolve|return|stop"""
    r"""|continue|report|say|feel|develop|stay|remain|find|prefer|describe|die|survive|respond|quit)(?:d|ed)?)\b)"""
    # A contrast with the sentence before: "Some studies found a higher risk of stroke. Other studies found no clear
    # link ..." (which link?); quoted alone, either side would hide the other.
    rf"""|{_OTHER_EVIDENCE}|^(?:In contrast|By contrast|Conversely|On the other hand|Por el contrario|En cambio"""
    r"""|En revanche|Au contraire|Im Gegensatz dazu|Dagegen|Por outro lado|Al contrario|Sebaliknya|Ngược lại)\b"""
    # The same openers in the other languages the documents may be written in; Spanish, Portuguese and Italian
    # also open with the verb, its subject left out: "La naloxona es segura. Puede provocar una abstinencia ...".
    r"""|^["“‘'«(]?(?:Esto|Esta|Este|Estos|Estas|Eso|Esa|Ese|Esos|Esas|Ello|Ellos|Ellas|Ambos|Ambas|Su|Sus"""
    r"""|Puede|Pueden|Suele|Suelen|Es|Son"""
    r"""|Cela|Ceci|Ça|Il|Elle|Ils|Elles|Ce|Cette|Ces|Son|Sa|Ses|Leur|Leurs"""
    r"""|Dies|Diese|Dieser|Dieses|Es|Sie|Er|Sein|Seine|Ihre|Ihr|Beide"""
    r"""|Questo|Questa|Questi|Queste|Ciò|Esso|Essa|Essi|Esse|Entrambi|Può|Possono|Suo|Sua|Suoi|Sue"""
    r"""|Isso|Isto|Estes|Esse|Ele|Ela|Eles|Elas|Pode|Podem|Seu|Seus|Suas"""
    r"""|Ini|Itu|Hal ini|Hal itu|Mereka|Dia|Ia|Keduanya|Điều này|Điều đó|Nó|Chúng|Họ|Cả hai)\b"""
)

_ITEM = re.compile(rf"[ \t]*(?:[{re.escape(BULLET_GLYPHS)}]|\d+[.)])[ \t]+\S")
_LEAD_IN = re.compile(r""":["”’')\]]*\s*$""")
# A sentence this short ("Yes.", "Very rarely.") says nothing without the one after it.
_MIN_QUOTE_WORDS = 4
# A lead-in with a long list is cut after the items that fit, so that one answer is not a whole page.
_MAX_LIST_CHARS = 700


_YES_NO = r"(?:yes|no|yeah|nope|sí|si|oui|non|ja|nein|ya|tidak|sim|não|có|không)"
# A bare answer to a question the document asks ("Yes.", "No, never."): alone it answers whatever the reader asked.
_BARE_ANSWER = re.compile(rf"^\W*{_YES_NO}\b[^.!?]{{0,30}}[.!?]?\W*$", re.IGNORECASE)


# A quote that opens with one ("No. The service is anonymous and free.", "Yes, but only ...").
_OPENS_WITH_ANSWER = re.compile(rf"^\W*{_YES_NO}\s*[.,!;:]", re.IGNORECASE)
# All that stands before a sentence on its line is one ("Yes. ", "No, ").
_ANSWER_BEFORE = re.compile(rf"^\W*{_YES_NO}\s*[.,!;:]\s*$", re.IGNORECASE)


def _too_short(text: str) -> bool:
    return len(text.split()) < _MIN_QUOTE_WORDS


def bare_answer(text: str) -> bool:
    """``text`` only says yes or no to a question before it."""
    return _too_short(text) and _BARE_ANSWER.match(text) is not None


def leans_back(text: str) -> bool:
    return bool(_BACK_REFERENCE.match(text))


_DENIAL = re.compile(
    r"\b(?:no|not|never|none|neither|nor|cannot|ningún|ninguna|kein|keine|keinen|tidak|không)\b|n't\b|\bne\b.+\bpas\b",
    re.IGNORECASE,
)


def other_evidence_denies(text: str) -> bool:
    """``text`` reports other evidence that finds no such thing as the sentence before it ("Other studies found no
    clear link once smoking was taken into account"), though it does not name the thing again."""
    return re.match(_OTHER_EVIDENCE, text) is not None and _DENIAL.search(text) is not None


def quotes_in_context(
    chosen: list[CandidateSentence],
    candidates: list[CandidateSentence],
    passages: list[RetrievedPassage],
    is_withheld: Callable[[str], bool],
    asked_terms: frozenset[str] = frozenset(),
) -> list[Citation]:
    """One citation per chosen sentence, widened to a neighbour it depends on or that depends on it.
    ``asked_terms`` (``question_terms`` of the question): a label the question names is kept (see _citation)."""
    by_id = {c.sentence_id: c for c in candidates}
    claimed = {c.sentence_id for c in chosen}
    out: list[Citation] = []
    bare: list[Citation] = []
    for sentence in chosen:
        if _quoted(sentence, out):
            continue  # already quoted inside a list or a joined pair
        listed = _list_quote(sentence, passages, is_withheld)
        before = _neighbour(sentence, -1, by_id)
        if listed is not None:
            # "Side effects are usually mild. They can include:" with its list, though the sentence it leans on
            # was chosen too, below it: it is quoted here, not again.
            if (
                before is not None
                and listed[0] == sentence.start
                and leans_back(sentence.text)
                and _span_text(before, sentence, passages) is not None
                and not _quoted(before, out)
            ):
                widened = _span_from(before.start, listed[1], sentence.source_id, passages)
                if widened is not None and not is_withheld(widened):
                    claimed.add(before.sentence_id)
                    listed = (before.start, listed[1], widened)
            out.append(_citation(sentence, *listed, asked_terms))
            continue
        after = _neighbour(sentence, 1, by_id)
        # A quote that leans back needs its antecedent more than it needs a sentence leaning on it.
        options: list[tuple[CandidateSentence, CandidateSentence]] = []
        if after is not None and _too_short(sentence.text) and not _quoted(after, out):
            # "Yes." or "Very rarely." answers a heading's question; the sentence after it says what it means,
            # chosen as a quote of its own or not.
            options.append((sentence, after))
        if before is not None and leans_back(sentence.text) and not _quoted(before, out):
            # Also when the antecedent is chosen but ranked below it ("These effects are unpleasant but rarely
            # dangerous." came first, apart from the effects it speaks of): it is quoted here, not again.
            options.append((before, sentence))
        if after is not None and after.sentence_id not in claimed and leans_back(after.text):
            options.append((sentence, after))
        citation = _citation(sentence, sentence.start, sentence.end, sentence.text, asked_terms)
        for first, last in options:
            quote = _span_text(first, last, passages)
            if quote is not None and not is_withheld(quote):
                claimed.update((first.sentence_id, last.sentence_id))
                citation = _citation(sentence, first.start, last.end, quote, asked_terms)
                # "Side effects are usually mild. They can include:" promises the list below it.
                listed = _list_quote(last, passages, is_withheld) if last is not sentence else None
                if listed is not None and listed[0] == last.start:
                    widened = _span_from(first.start, listed[1], first.source_id, passages)
                    if widened is not None and not is_withheld(widened):
                        citation = _citation(sentence, first.start, listed[1], widened, asked_terms)
                break
        alone = citation.quote == sentence.text
        if citation.start == sentence.start:
            # "Yes. Methadone and buprenorphine are the recommended treatment ...": the sentence after a bare
            # answer says what the answer means, and is quoted with it (and the question it answers, below).
            citation = _with_answer_before(citation, passages, is_withheld)
        if _OPENS_WITH_ANSWER.match(citation.quote):
            # "Yes." answers the document's question, which may not be the reader's: "Is the service anonymous?"
            # was answered "No. The service is anonymous and free.", the "No." to "Do I need to give my name?".
            citation = _with_question_above(citation, passages, is_withheld)
        if alone and bare_answer(sentence.text):
            bare.append(citation)  # "Yes." alone would answer the reader's question, not the document's
            continue
        out.append(citation)
    return out or bare  # a bare answer only when nothing else was chosen


def _with_answer_before(
    citation: Citation, passages: list[RetrievedPassage], is_withheld: Callable[[str], bool]
) -> Citation:
    """``citation`` widened back to a bare "Yes." or "No." that opens its line just before it; as it was
    otherwise."""
    p = _passage_holding(citation, passages)
    if p is None:
        return citation
    head = p.text[: citation.start - p.start]
    line = head[head.rfind("\n") + 1 :]
    if not line.strip() or not _ANSWER_BEFORE.match(line):
        return citation
    return _widened(citation, p, citation.start - len(line.lstrip()), is_withheld)


def _with_question_above(
    citation: Citation, passages: list[RetrievedPassage], is_withheld: Callable[[str], bool]
) -> Citation:
    """``citation`` widened up to the question the document asks on the line above it, when the passage holding
    it shows one; as it was otherwise. A heading's "#" marks are left out, a bold question's "**" kept whole."""
    p = _passage_holding(citation, passages)
    found = None if p is None else question_line_above(p, citation.start)
    if p is None or found is None:
        return citation
    line = p.text[found[0] - p.start : found[1] - p.start]
    return _widened(citation, p, found[0] + len(line) - len(line.lstrip("# \t")), is_withheld)


def _passage_holding(citation: Citation, passages: list[RetrievedPassage]) -> RetrievedPassage | None:
    return next(
        (
            p
            for p in passages
            if p.source_id == citation.source_id and p.start <= citation.start <= citation.end <= p.end
        ),
        None,
    )


def _widened(
    citation: Citation, passage: RetrievedPassage, start: int, is_withheld: Callable[[str], bool]
) -> Citation:
    """``citation`` from ``start`` on, read from ``passage``; as it was when the wider quote is withheld."""
    quote = passage.text[start - passage.start : citation.end - passage.start]
    return citation if is_withheld(quote) else citation.model_copy(update={"quote": quote, "start": start})


def _quoted(sentence: CandidateSentence, out: list[Citation]) -> bool:
    """``sentence`` is inside a quote of ``out`` (which leaves out the labels it may run on from)."""
    start = sentence.start + label_length(sentence.text)
    return any(c.source_id == sentence.source_id and c.start <= start and sentence.end <= c.end for c in out)


def _neighbour(
    sentence: CandidateSentence, step: int, by_id: dict[str, CandidateSentence]
) -> CandidateSentence | None:
    sid = neighbour_id(sentence.sentence_id, step)
    return None if sid is None else by_id.get(sid)


def _span_text(
    first: CandidateSentence, last: CandidateSentence, passages: list[RetrievedPassage]
) -> str | None:
    """The source text from ``first`` to ``last`` read from a passage holding both; None across paragraphs."""
    span = _span_from(first.start, last.end, first.source_id, passages)
    if span is None:
        return None
    gap = span[first.end - first.start : last.start - first.start]
    return None if "\n" in gap or gap.strip() else span


def _span_from(start: int, end: int, source_id: str, passages: list[RetrievedPassage]) -> str | None:
    """The source text from ``start`` to ``end``, read from a passage holding both; None when none does."""
    for p in passages:
        if p.source_id == source_id and p.start <= start and end <= p.end:
            return p.text[start - p.start : end - p.start]
    return None


def _citation(
    sentence: CandidateSentence, start: int, end: int, quote: str, asked_terms: frozenset[str]
) -> Citation:
    labels = label_length(quote)  # "Abstract: BACKGROUND: ..." quotes from the sentence on
    if labels and question_terms(quote[:labels]) & asked_terms:
        # A glossary's term ("Xylazine: An animal sedative ..."): what the quote is about, and what was asked.
        labels = 0
    return Citation(
        source_id=sentence.source_id,
        title=sentence.title,
        quote=quote[labels:],
        start=start + labels,
        end=end,
        score=round(sentence.score, 4),
    )


def _list_quote(
    sentence: CandidateSentence, passages: list[RetrievedPassage], is_withheld: Callable[[str], bool]
) -> tuple[int, int, str] | None:
    """(start, end, quote) of the list ``sentence`` introduces or belongs to, with its lead-in; None when it is
    neither, or when the list is not inside one retrieved passage."""
    for p in passages:
        if p.source_id == sentence.source_id and p.start <= sentence.start and sentence.end <= p.end:
            found = _list_span(p.text, sentence.start - p.start, sentence.end - p.start, is_withheld)
            if found is None:
                return None
            start, end = found
            return p.start + start, p.start + end, p.text[start:end]
    return None


def _list_span(text: str, start: int, end: int, is_withheld: Callable[[str], bool]) -> tuple[int, int] | None:
    first_line = line_start(text, start)
    last_line = line_end(text, end)
    if _ITEM.match(text, first_line):
        lead = _lead_in_before(text, first_line)
        if lead is None:
            return None
        first = lead
    elif _LEAD_IN.search(text[start:last_line]) and not text[end:last_line].strip():
        first = start
    else:
        return None
    items_from = line_end(text, first)
    last = items_from
    for item_start, item_end in _items(text, items_from):
        if is_withheld(text[item_start:item_end]) or item_end - first > _MAX_LIST_CHARS:
            break
        last = item_end
    if last == items_from or last < end or is_withheld(text[first:last]):
        return None
    return first, last


def _lead_in_before(text: str, item_line: int) -> int | None:
    """Start of the lead-in sentence above the list that holds the item at ``item_line``."""
    cursor = item_line
    while cursor > 0:
        prev_start = line_start(text, cursor - 1)
        line = text[prev_start : cursor - 1]
        cursor = prev_start
        if not line.strip() or _ITEM.match(line):
            continue
        heading = _HEADING.match(line)
        if heading is not None:
            # "# Signs of an overdose" over its items says what they are, as a lead-in does; its marks are left out.
            return prev_start + heading.start(1)
        if not _LEAD_IN.search(line):
            return None
        spans = split_sentences(line)
        return prev_start + spans[-1].start if spans else None
    return None


# A heading line: Markdown's "# ..." (as the readers write a document's headings too) or a bold line.
_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|(?=\*\*))(\S.{0,118}?)[ \t]*$")


def _items(text: str, cursor: int) -> list[tuple[int, int]]:
    """(start, end) of each list item from ``cursor`` on, blank lines between them allowed, the bullet included."""
    out: list[tuple[int, int]] = []
    while cursor < len(text):
        begins = cursor + 1 if text[cursor] == "\n" else cursor
        ends = line_end(text, begins)
        line = text[begins:ends]
        cursor = ends
        if not line.strip():
            continue
        if not _ITEM.match(line):
            break
        indent = len(line) - len(line.lstrip())
        out.append((begins + indent, begins + len(line.rstrip())))
    return out
