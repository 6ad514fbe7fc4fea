"""Measures: pure functions of a session's event log, each returning a MeasureResult."""

from __future__ import annotations

from collections.abc import Sequence

from omnisim.channel_rules import channel_rules
from omnisim.events import Event
from omnisim.measures.chat import chat_words_per_send
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.timing import pickup_times

__all__ = ["Evidence", "MeasureResult", "compute_all"]


def compute_all(events: Sequence[Event]) -> dict[str, MeasureResult]:
    """Every measure of the session, keyed by measure id (the ids grids refer to)."""
    rules = channel_rules()
    results = [
        pickup_times(events, rules["phone"].pickup_seconds or 15.0),
        chat_words_per_send(events, rules["chat"].max_words_per_send or 5),
    ]
    return {r.measure: r for r in results}
