"""The dosing banks, read from the YAML files in ``data/``: example requests, patterns and typo tables.

In: the package's data files. Out: one ``Banks`` record of compiled patterns and example rows, built once.
A regex in the files is a string, or a list of strings joined with nothing between them; ``{NAME}`` stands for a
fragment defined earlier and is expanded here. Validation rejects an unknown key or kind, a duplicate name, an
undefined fragment and a regex that does not compile, so a bad edit fails when the package loads, not at the
first question. Where the line is drawn, and why, is written in the data files next to each rule.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

DATA_PACKAGE = "rag.safety.dosing"
DATA_FOLDER = "data"
REQUESTS_FILE = "requests.yaml"
PASSAGES_FILE = "passages.yaml"
EXAMPLES_FILE = "examples.yaml"
NORMALISATION_FILE = "normalisation.yaml"

Kind = Literal["amount", "frequency", "schedule", "taper", "conversion", "maximum", "start", "timing"]
Regex = str | list[str]  # a list reads line by line; its pieces are joined with nothing between them

# The cues the detector reads by name, besides the request and passage pattern lists.
CUE_NAMES = (
    "WHY_QUESTION",
    "STRONG_FOLLOWUP",
    "WEAK_FOLLOWUP",
    "OWN_SUBJECT_QUESTION",
    "BENIGN_TOPIC",
    "ACTIVITY_QUESTION",
    "COUNT_QUESTION",
    "DOSE_TERM",
    "LEXICAL_VETO",
    "RESEARCH_QUESTION",
    "KNOWLEDGE_QUESTION",
    "ENGLISH_VETO",
    "ELLIPTIC_SUPPLY",
    "SUPPLY_NAMED",
    "TAPER_RISK_QUESTION",
)
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class BankError(ValueError):
    """A data file that does not describe a usable bank."""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequestRule(_File):
    kind: Kind
    name: str
    regex: Regex
    # A single word that also names something studied ("regimens", "conversion"): it does not make a research
    # question about what that thing does (RESEARCH_QUESTION) a request.
    weak: bool = False
    # A rule read from a count or a rate word ("cuántos", "wie oft", "berapa kali"): it does not read a sentence
    # that counts things nobody takes or asks how often one attends, visits or is tested (COUNT_QUESTION,
    # ACTIVITY_QUESTION).
    counts: bool = False


class GuidanceRule(_File):
    name: str
    regex: Regex
    # A rule of how often or how much at most: it does not withhold a clause about a behaviour or a routine that
    # names no intake (ROUTINE_PASSAGE: "Gamble no more than twice a week").
    routine: bool = False


def _unique_names(rules: list[Any]) -> list[Any]:
    names = [rule.name for rule in rules]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise ValueError(f"pattern names used twice: {doubled}")
    return rules


def _no_blank_or_doubled(texts: list[str]) -> list[str]:
    if any(not text.strip() for text in texts):
        raise ValueError("blank example")
    doubled = sorted({text for text in texts if texts.count(text) > 1})
    if doubled:
        raise ValueError(f"examples listed twice: {doubled}")
    return texts


class RequestFile(_File):
    """requests.yaml: building blocks, the request patterns in order, and the named cues."""

    fragments: dict[str, Regex]
    patterns: list[RequestRule]
    cues: dict[str, Regex]

    _names = field_validator("patterns")(_unique_names)

    @field_validator("cues")
    @classmethod
    def _all_cues(cls, cues: dict[str, Regex]) -> dict[str, Regex]:
        if set(cues) != set(CUE_NAMES):
            raise ValueError(f"cues must be exactly {CUE_NAMES}, got {sorted(cues)}")
        return cues


class PassageFile(_File):
    """passages.yaml: the passage rules; a sentence matching any of them is never quoted."""

    ignore_case: bool
    fragments: dict[str, Regex]
    patterns: list[GuidanceRule]

    _names = field_validator("patterns")(_unique_names)


class ExampleFile(_File):
    """examples.yaml: dosing requests by kind, and benign near misses, for the semantic check."""

    dosing: dict[Kind, list[str]]
    benign: list[str]

    @field_validator("dosing")
    @classmethod
    def _dosing_rows(cls, dosing: dict[str, list[str]]) -> dict[str, list[str]]:
        _no_blank_or_doubled([text for texts in dosing.values() for text in texts])
        return dosing

    _benign_rows = field_validator("benign")(_no_blank_or_doubled)


class NormalisationFile(_File):
    """normalisation.yaml: chat shorthand, the words typos are corrected to, and real words left alone."""

    shorthand: dict[str, str]
    typo_targets: list[str]
    not_typos: list[str]


_FileT = TypeVar("_FileT", bound=_File)


class Banks(BaseModel):
    """Everything the detector reads, compiled: patterns in file order, example rows, typo tables."""

    model_config = ConfigDict(frozen=True)

    requests: tuple[tuple[str, str, re.Pattern[str]], ...]  # (kind, name, regex)
    weak_requests: frozenset[str]  # names of the rules that yield to a research question
    count_requests: frozenset[str]  # names of the rules that yield to a count or an activity question
    named_amount: re.Pattern[str]
    body_weight: re.Pattern[str]
    why: re.Pattern[str]
    strong_followup: re.Pattern[str]
    weak_followup: re.Pattern[str]
    benign_topic: re.Pattern[str]
    own_subject_question: re.Pattern[str]
    activity_question: re.Pattern[str]
    count_question: re.Pattern[str]
    dose_term: re.Pattern[str]
    lexical_veto: re.Pattern[str]
    research_question: re.Pattern[str]
    knowledge_question: re.Pattern[str]
    english_veto: re.Pattern[str]
    elliptic_supply: re.Pattern[str]
    supply_named: re.Pattern[str]
    taper_risk_question: re.Pattern[str]
    behaviour_question: re.Pattern[str]
    behaviour: re.Pattern[str]  # a behaviour's word, in any language (BEHAVIOUR, BEHAVIOUR_OTHER)
    guidance: tuple[tuple[str, re.Pattern[str]], ...]  # (name, regex)
    routine_rules: frozenset[str]  # names of the passage rules that yield to ROUTINE_PASSAGE
    routine_passage: re.Pattern[str]
    routine_clause_end: re.Pattern[str]
    dosing_examples: dict[str, tuple[str, ...]]  # kind -> rows
    benign_examples: tuple[str, ...]
    fragments: dict[str, str]  # every named regex of the files, expanded
    shorthand: dict[str, str]
    typo_targets: tuple[str, ...]
    not_typos: frozenset[str]


def _read(name: str, model: type[_FileT]) -> _FileT:
    path = resources.files(DATA_PACKAGE) / DATA_FOLDER / name
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as exc:
        raise BankError(f"{name}: {exc}") from exc


def _expand(where: str, regex: Regex, known: dict[str, str]) -> str:
    text = "".join(regex) if isinstance(regex, list) else regex

    def fragment(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            raise BankError(f"{where}: {{{name}}} is not a fragment defined before it")
        return known[name]

    return _PLACEHOLDER.sub(fragment, text)


def _compile(where: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise BankError(f"{where}: {exc}") from exc


def _define(file: str, named: dict[str, Regex], known: dict[str, str]) -> None:
    """Expand ``named`` in order into ``known``, so that each may use the ones before it."""
    for name, regex in named.items():
        if name in known:
            raise BankError(f"{file}: {name} is defined twice")
        if not _PLACEHOLDER.fullmatch("{" + name + "}"):
            raise BankError(f"{file}: {name} is not a fragment name (capitals, digits, underscores)")
        known[name] = _expand(f"{file}: {name}", regex, known)
        _compile(f"{file}: {name}", known[name])


def build_banks(
    requests: RequestFile, passages: PassageFile, examples: ExampleFile, normalisation: NormalisationFile
) -> Banks:
    """Expand and compile validated files into one ``Banks`` record."""
    known: dict[str, str] = {}
    _define(REQUESTS_FILE, requests.fragments, known)
    request_rules = tuple(
        (rule.kind, rule.name, _compile(rule.name, _expand(rule.name, rule.regex, known)))
        for rule in requests.patterns
    )
    _define(REQUESTS_FILE, requests.cues, known)
    _define(PASSAGES_FILE, passages.fragments, known)
    flags = re.IGNORECASE if passages.ignore_case else 0
    guidance = tuple(
        (rule.name, _compile(rule.name, _expand(rule.name, rule.regex, known), flags))
        for rule in passages.patterns
    )
    for needed in ("NUMERIC_DOSE", "BODY_WEIGHT", "BEHAVIOUR", "BEHAVIOUR_OTHER", "BEHAVIOUR_QUESTION"):
        if needed not in requests.fragments:
            raise BankError(f"{REQUESTS_FILE}: the fragment {needed} is missing")
    for needed in ("ROUTINE_PASSAGE", "ROUTINE_CLAUSE_END"):
        if needed not in passages.fragments:
            raise BankError(f"{PASSAGES_FILE}: the fragment {needed} is missing")
    return Banks(
        requests=request_rules,
        weak_requests=frozenset(rule.name for rule in requests.patterns if rule.weak),
        count_requests=frozenset(rule.name for rule in requests.patterns if rule.counts),
        named_amount=re.compile(known["NUMERIC_DOSE"]),
        body_weight=re.compile(known["BODY_WEIGHT"]),
        why=re.compile(known["WHY_QUESTION"]),
        strong_followup=re.compile(known["STRONG_FOLLOWUP"]),
        weak_followup=re.compile(known["WEAK_FOLLOWUP"]),
        benign_topic=re.compile(known["BENIGN_TOPIC"]),
        own_subject_question=re.compile(known["OWN_SUBJECT_QUESTION"]),
        activity_question=re.compile(known["ACTIVITY_QUESTION"]),
        count_question=re.compile(known["COUNT_QUESTION"]),
        dose_term=re.compile(known["DOSE_TERM"]),
        lexical_veto=re.compile(known["LEXICAL_VETO"]),
        research_question=re.compile(known["RESEARCH_QUESTION"]),
        knowledge_question=re.compile(known["KNOWLEDGE_QUESTION"]),
        english_veto=re.compile(known["ENGLISH_VETO"]),
        elliptic_supply=re.compile(known["ELLIPTIC_SUPPLY"]),
        supply_named=re.compile(known["SUPPLY_NAMED"]),
        taper_risk_question=re.compile(known["TAPER_RISK_QUESTION"]),
        behaviour_question=re.compile(known["BEHAVIOUR_QUESTION"]),
        behaviour=re.compile(rf"\b{known['BEHAVIOUR']}\b|{known['BEHAVIOUR_OTHER']}"),
        guidance=guidance,
        routine_rules=frozenset(rule.name for rule in passages.patterns if rule.routine),
        routine_passage=re.compile(known["ROUTINE_PASSAGE"], flags),
        routine_clause_end=re.compile(known["ROUTINE_CLAUSE_END"], flags),
        dosing_examples={kind: tuple(rows) for kind, rows in examples.dosing.items()},
        benign_examples=tuple(examples.benign),
        fragments=dict(known),
        shorthand=dict(normalisation.shorthand),
        typo_targets=tuple(normalisation.typo_targets),
        not_typos=frozenset(normalisation.not_typos),
    )


@lru_cache(maxsize=1)
def load_banks() -> Banks:
    """The packaged banks, read and compiled on first use."""
    return build_banks(
        _read(REQUESTS_FILE, RequestFile),
        _read(PASSAGES_FILE, PassageFile),
        _read(EXAMPLES_FILE, ExampleFile),
        _read(NORMALISATION_FILE, NormalisationFile),
    )
