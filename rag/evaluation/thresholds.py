"""The checked-in thresholds (eval/thresholds.json) and the comparison behind `rag eval --check`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Threshold(BaseModel):
    """A bound on one figure of report.json, named by its dotted path (e.g. ``systems.ours.hit_rate``)."""

    model_config = ConfigDict(extra="forbid")

    figure: str
    min: float | None = None
    max: float | None = None
    target: float | None = Field(
        None,
        description="The issue's goal when the enforced bound is a regression floor below it (reported only).",
    )
    why: str = Field("", description="Where the bound comes from (the issue that sets it).")

    @model_validator(mode="after")
    def _one_bound_at_least(self) -> Threshold:
        if self.min is None and self.max is None:
            raise ValueError(f"threshold for {self.figure} sets neither min nor max")
        return self

    def describe(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min:g} ≤ x ≤ {self.max:g}"
        return f"≥ {self.min:g}" if self.min is not None else f"≤ {self.max:g}"


class Verdict(BaseModel):
    figure: str
    value: float | None
    bound: str
    passed: bool
    measured: bool


class ThresholdFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: str = ""
    thresholds: list[Threshold]


def load_thresholds(path: Path) -> list[Threshold]:
    return ThresholdFile.model_validate(json.loads(path.read_text(encoding="utf-8"))).thresholds


def lookup(report: Mapping[str, Any], dotted: str) -> Any:
    """The value at ``a.b.c`` in nested mappings, or None when any part is missing."""
    node: Any = report
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def check(report: Mapping[str, Any], thresholds: list[Threshold]) -> list[Verdict]:
    """One verdict per threshold; a figure that was not measured fails (a missing suite is not a pass)."""
    verdicts = []
    for t in thresholds:
        value = lookup(report, t.figure)
        measured = isinstance(value, int | float) and not isinstance(value, bool)
        passed = measured and (t.min is None or value >= t.min) and (t.max is None or value <= t.max)
        verdicts.append(
            Verdict(
                figure=t.figure,
                value=float(value) if measured else None,
                bound=t.describe(),
                passed=bool(passed),
                measured=measured,
            )
        )
    return verdicts
