"""The shape every measure returns, so grading can read any of them the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """One moment of the log that a measure rests on: the jury jumps to it in the replay."""

    seq: int
    sim_time: float
    note: str = ""


@dataclass(frozen=True)
class MeasureResult:
    """Outcome of one measure over a whole session.

    ``passed`` is None when the measure had nothing to judge (e.g. no chat in the
    session): grading then leaves the criterion to the jury.
    """

    measure: str
    value: Any
    threshold: Any = None
    passed: bool | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    detail: str = ""
