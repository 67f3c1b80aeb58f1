"""The contradiction map's topic labels in the reader's language.

The map labels a dispute in English, from a few templates ("whether it relieves or causes insomnia", "whether it is
safe or dangerous"); a reply in Spanish showed «whether it relieves or causes insomnia». Each template, as a pattern
over the English label, has its rendering in every other language the replies are written in
(``data/topic_labels.yaml``); the words a label takes from the documents stay as the documents write them. A label
no pattern matches (one that quotes a claim's own verb phrase) is shown as it is. ``Contradiction.topic`` stays the
English label: this only changes what a reply, the evidence panel and the command line show.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rag.answer.messages import placeholders
from rag.text.language import ENGLISH, SUPPORTED, LanguageCode


class _Template(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    english: str
    renderings: dict[LanguageCode, str] = Field(alias="in")

    @model_validator(mode="after")
    def _complete(self) -> _Template:
        groups = set(re.compile(self.english).groupindex)
        wanted = set(SUPPORTED) - {ENGLISH}
        if set(self.renderings) != wanted:
            raise ValueError(f"{self.english}: renderings for exactly {sorted(wanted)}")
        for language, text in self.renderings.items():
            named = placeholders(text)
            if named != groups:
                raise ValueError(
                    f"{self.english} ({language}): placeholders {sorted(named)}, not {sorted(groups)}"
                )
        return self


class _Labels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    templates: list[_Template]


@lru_cache(maxsize=1)
def _templates() -> tuple[tuple[re.Pattern[str], dict[LanguageCode, str]], ...]:
    raw = resources.files("rag.answer").joinpath("data/topic_labels.yaml").read_text(encoding="utf-8")
    labels = _Labels.model_validate(yaml.safe_load(raw))
    return tuple((re.compile(t.english), t.renderings) for t in labels.templates)


def label_in(language: str, topic: str) -> str:
    """``topic``, the map's English label, as a reader of ``language`` reads it; unchanged in English, for a
    language without renderings, and for a label no template matches."""
    if language == ENGLISH:
        return topic
    for pattern, renderings in _templates():
        found = pattern.match(topic)
        if found is not None:
            rendering = renderings.get(language)  # type: ignore[call-overload]
            return topic if rendering is None else rendering.format(**found.groupdict())
    return topic
