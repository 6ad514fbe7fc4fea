"""The shape every measure returns, so grading can read any of them the same way.

Notes and details are :class:`~omnisim.i18n.Text`: a catalog key and its parameters
(``web/i18n/*.measures.yaml``), rendered in the reader's language (``render(lang)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omnisim.i18n import Text


@dataclass(frozen=True)
class Evidence:
    """One moment of the log that a measure rests on: the jury jumps to it in the replay."""

    seq: int
    sim_time: float
    note: Text = Text()

    def render(self, lang: str) -> str:
        """The note in ``lang`` (fr or en)."""
        return self.note.render(lang)


@dataclass(frozen=True)
class MeasureResult:
    """Outcome of one measure over a whole session.

    ``passed`` is None when the measure had nothing to judge (e.g. no chat in the
    session): grading then leaves the criterion to the jury, and ``detail`` says why.
    """

    measure: str
    value: Any
    threshold: Any = None
    passed: bool | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    detail: Text = Text()

    def render(self, lang: str) -> str:
        """The detail in ``lang`` (fr or en); "" when there is none."""
        return self.detail.render(lang)


def show_value(value: Any) -> str:
    """A measure's value as a jury reads it (pages, CSV): no Python reprs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {show_value(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(show_value(v) for v in value) or "—"
    return str(value)
