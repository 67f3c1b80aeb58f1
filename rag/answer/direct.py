"""The most direct answer to a yes/no question: the claims that say yes or no to what was asked, grouped.

A claim says yes when the claim rules of the contradiction map read it as asserting the question's statement
("long-term use can lead to dependence" for "Is X addictive?"), and no when they read it as asserting the opposite
("X's low potential for abuse and dependence"). Candidates are the sentences retrieval found and the sides of the
disagreements they touch; the group holding the claim closest to the question comes first.

A question that restricts its predicate ("Is X safe for teenagers?", "... to mix with alcohol?") is answered yes
or no only by claims that name the restriction: "X is not considered dangerous when used responsibly" does not
say that X is safe for teenagers, and a heading saying so would put words in the source's mouth. Words most of
the candidate sentences use (the corpus's own subject) restrict nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency

from rag.answer.compose import question_terms
from rag.answer.quotes import other_evidence_denies, quotes_in_context
from rag.retrieval.followup import SUBJECT_ZIPF
from rag.retrieval.records import CandidateSentence, Retrieval
from rag.safety.contradictions.asked import (
    Asked,
    anchor_counts,
    anchors,
    claim_stance,
    names_any,
    qualifier_terms,
)
from rag.types import Citation

_CLAUSES = re.compile(r";\s*")  # independent clauses of one sentence


@dataclass(frozen=True)
class DirectGroup:
    says: int  # +1 yes, -1 no
    quotes: list[Citation]


def asked_restriction(asked: Asked, retrieval: Retrieval) -> frozenset[str]:
    """What a yes/no question restricts its predicate to ("for teenagers", "while pregnant"), as lemmas, less the
    words most candidate sentences use (the corpus's own subject restricts nothing); empty for another question."""
    if not asked.yes_no:
        return frozenset()
    restriction = qualifier_terms(asked)
    if restriction:
        restriction -= _background([s.text for s in retrieval.sentences])
    return restriction


def direct_groups(
    asked: Asked,
    retrieval: Retrieval,
    sides: Sequence[Citation],
    is_withheld: Callable[[str], bool],
    per_group: int,
    restriction: frozenset[str],
) -> list[DirectGroup]:
    """The yes and no groups (each at most ``per_group`` quotes, closest to the question first), the group of
    the closest claim first; empty when the question is not yes/no or no claim takes a side. ``restriction``:
    ``asked_restriction`` of the question."""
    if not asked.yes_no or per_group <= 0:
        return []

    def stance(claim: str) -> int:
        if not restriction:
            return claim_stance(asked, claim)
        # The clause that says yes or no must be the one naming the restriction: "safe for short-term use; long-term
        # use may lead to dependence" does not say that it is safe long term.
        for clause in _CLAUSES.split(claim):
            says = claim_stance(asked, clause) if names_any(clause, restriction) else 0
            if says:
                return says
        return 0

    subject = _naming_words(asked.subject)
    elsewhere = _not_naming(subject, retrieval)
    # "Is it safe to drink while on naltrexone?": the subject is "it"; what the question is about is named later.
    topic = subject or _rare_words(asked.question)
    asked_terms = question_terms(asked.question)

    found: list[tuple[float, int, Citation]] = []
    for sentence in retrieval.sentences:
        if sentence.text.rstrip(" \"”’'").endswith("?") or is_withheld(sentence.text):
            continue
        if sentence.source_id in elsewhere or not _about(topic, sentence, retrieval):
            continue
        says = stance(sentence.text)
        if says:
            quoted = quotes_in_context(
                [sentence], retrieval.sentences, retrieval.passages, is_withheld, asked_terms
            )
            widened = quoted[0].quote if quoted and quoted[0].quote != sentence.text else ""
            # "Some researchers argue that X protects the heart. Others have found that no level protects it": the
            # neighbour a quote takes in for its sense says the opposite. "Some studies found a higher risk of
            # stroke. Other studies found no clear link ...": the other evidence says no to what the quote says
            # yes to, without naming it again. Either way each side is quoted alone, under its own heading, not
            # both under the first one's.
            opposed = bool(widened) and stance(widened.replace(sentence.text, " ")) == -says
            denial = (
                _denied_after(sentence, quoted[0], retrieval)
                if widened and says > 0 and not opposed
                else None
            )
            if opposed or denial is not None:
                quoted = quotes_in_context(
                    [sentence], [sentence], retrieval.passages, is_withheld, asked_terms
                )
            if denial is not None:
                found += [
                    (denial.similarity, -says, q)
                    for q in quotes_in_context(
                        [denial], [denial], retrieval.passages, is_withheld, asked_terms
                    )
                ]
            found += [(sentence.similarity, says, q) for q in quoted[:1]]
    for side in sides:
        if (side.source_id in elsewhere and not names_any(side.quote, subject)) or not _about(
            topic, side, retrieval
        ):
            continue
        says = stance(side.quote) if not is_withheld(side.quote) else 0
        if says:
            found.append((side.score, says, side))
    groups: dict[int, list[Citation]] = {}
    chosen: list[Citation] = []
    for _, says, quote in sorted(found, key=lambda f: (-f[0], f[2].source_id, f[2].start)):
        group = groups.setdefault(says, [])
        if len(group) >= per_group or any(_overlap(quote, c) for c in chosen):
            continue
        group.append(quote)
        chosen.append(quote)
    return [DirectGroup(says, quotes) for says, quotes in groups.items() if quotes]


def restriction_unmet(restriction: frozenset[str], retrieval: Retrieval, quotes: Sequence[Citation]) -> bool:
    """A yes/no question restricts what it asks ("Is it OK to vape while pregnant?", "Should I stop it before
    surgery?") and neither the quotes nor what retrieval read of their documents name the restriction: the
    documents speak of the subject, not of the case asked about, and the answer is marked as one they may not give
    directly (it was answered outright with what the review says of vaping in general)."""
    if not restriction or not quotes:
        return False
    # What the quoted documents say around the quotes counts too: an abstract that speaks of "adults" or of "the
    # Netherlands" in its methods speaks of the case asked about, though its quoted findings do not name it again.
    quoted = {c.source_id for c in quotes}
    read = [c.quote for c in quotes]
    read += [p.text for p in retrieval.passages if p.source_id in quoted]
    read += [s.text for s in retrieval.sentences if s.source_id in quoted]
    return not any(_names_stem(text, restriction) for text in read)


# Lemmas that share this many first letters name the same thing ("pregnant" and "pregnancy", "somatisation" and
# "somatization"): a quote so worded names the restriction.
_STEM_CHARS = 6


def _names_stem(text: str, terms: frozenset[str]) -> bool:
    wanted = {t[:_STEM_CHARS] for t in terms}
    return any(lemma in terms or lemma[:_STEM_CHARS] in wanted for lemma in anchors(text))


def _denied_after(
    sentence: CandidateSentence, quote: Citation, retrieval: Retrieval
) -> CandidateSentence | None:
    """The sentence that ``quote`` took in after ``sentence`` when it reports other evidence finding no such thing."""
    after = next(
        (
            c
            for c in retrieval.sentences
            if c.source_id == sentence.source_id and c.start >= sentence.end and c.end == quote.end
        ),
        None,
    )
    return after if after is not None and other_evidence_denies(after.text) else None


def _not_naming(subject: frozenset[str], retrieval: Retrieval) -> set[str]:
    """The documents whose retrieved text never names the question's ``subject`` (its naming words). Their claims
    ("It is safe to give ..." on a page about naloxone) are about their own subject, not the question's ("Is
    methadone dangerous?"): they say neither yes nor no."""
    if not subject:
        return set()
    named: dict[str, bool] = {}
    for text, source_id in [
        *((p.text, p.source_id) for p in retrieval.passages),
        *((s.text, s.source_id) for s in retrieval.sentences),
    ]:
        named[source_id] = named.get(source_id, False) or names_any(text, subject)
    return {source_id for source_id, said in named.items() if not said}


def _about(subject: frozenset[str], quote: CandidateSentence | Citation, retrieval: Retrieval) -> bool:
    """Whether ``quote`` may speak of the question's ``subject``: it names it, or its document's title or a
    retrieved passage holding it does. A page on stopping drinking names disulfiram in one paragraph; "stopping
    suddenly without medical support can be dangerous", paragraphs away, says nothing of whether disulfiram is
    dangerous. Unknown (True) when no retrieved passage holds it."""
    text = quote.text if isinstance(quote, CandidateSentence) else quote.quote
    if not subject or names_any(text, subject) or names_any(quote.title, subject):
        return True
    around = [
        p
        for p in retrieval.passages
        if p.source_id == quote.source_id and p.start <= quote.start and quote.end <= p.end
    ]
    return not around or any(names_any(p.text, subject) for p in around)


def _naming_words(subject: str) -> frozenset[str]:
    """The words that name ``subject`` (lemmas): its words rare in English when it has some ("side effects of
    naltrexone": naltrexone; a page on naloxone that speaks of "effects" does not name it), else all of them."""
    if not subject:
        return frozenset()
    return _rare_words(subject) or anchors(subject)


def _rare_words(text: str) -> frozenset[str]:
    """The words of ``text`` rare in English, as lemmas."""
    return anchors(" ".join(w for w in _WORD.findall(text.lower()) if zipf_frequency(w, "en") < SUBJECT_ZIPF))


_WORD = re.compile(r"[^\W\d_]+")


def _background(texts: Sequence[str]) -> frozenset[str]:
    """The content words (lemmas) that at least half of ``texts`` use."""
    return frozenset(lemma for lemma, n in anchor_counts(texts).items() if 2 * n >= len(texts))


def _overlap(a: Citation, b: Citation) -> bool:
    return a.source_id == b.source_id and a.start < b.end and b.start < a.end
