"""Whether a question tells of an emergency happening now (someone took too much, swallowed something by accident,
cannot be woken): its reply opens with where to get help at once (rag.answer.emergency).

An overdose question is answered from the documents like any other (rag.safety.dosing keeps it from being refused
for "too much"); the documents may not say what to do, and a person in that moment needs the emergency number
before any quote. The patterns are data (``data/emergency.yaml``), read on the folded question in every language.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml
from pydantic import RootModel

from rag.safety.dosing.detector import fold
from rag.text.language import SUPPORTED


class _Patterns(RootModel[dict[str, list[str]]]):
    """Per language, the lines of one regex (joined with nothing between them)."""


@cache
def _emergency() -> re.Pattern[str]:
    raw = resources.files("rag.safety.dosing").joinpath("data/emergency.yaml").read_text(encoding="utf-8")
    by_language = _Patterns.model_validate(yaml.safe_load(raw)).root
    unknown = set(by_language) - set(SUPPORTED)
    if unknown:
        raise ValueError(f"emergency patterns for languages the assistant does not read: {sorted(unknown)}")
    return re.compile("|".join(f"(?:{''.join(lines)})" for lines in by_language.values()))


def tells_of_emergency(question: str) -> bool:
    """Whether ``question`` tells of someone who took too much or shows the signs of an overdose now."""
    return _emergency().search(fold(question)) is not None
