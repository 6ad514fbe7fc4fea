"""What a jury member may be sent of the grading stream: blind until the jury has handed in.

Seed 002 (CCS-RC): each evaluator grades alone, then they concert. Until every jury member
has handed in a candidate's grading (omnisim/jury/workflow.py), a member is never sent
another member's events about that candidate but the hand-in itself. The rule is per
viewer; what it leaves out is still covered by the batch's positions (docs/protocol.md).
Pure: the feed (omnisim/web/socket/feed.py) applies it to pushes and joins alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omnisim.events import Event
from omnisim.exams.state import ExamState
from omnisim.jury.workflow import all_submitted, grading_of
from omnisim.protocol.views import project

# What another member's grading may say before the reveal: that it was handed in (and the
# errata of a locked record, which every member signs: nothing blind is left then).
BEFORE_REVEAL = frozenset({"grade.submitted", "record.erratum_written", "record.erratum_signed"})


def visible(state: ExamState, viewer: str, event: Event) -> bool:
    """Whether ``viewer`` (a jury member) may be sent ``event`` of the grading stream now."""
    if event.actor != "jury" or event.actor_id == viewer or event.type in BEFORE_REVEAL:
        return True
    candidate = getattr(event.payload, "candidate_id", None)
    if not isinstance(candidate, str):
        return False  # a jury event naming no candidate: nothing says it may be shown
    return all_submitted(state, grading_of(state, candidate))


def blind(state: ExamState, viewer: str, events: Sequence[Event]) -> list[dict[str, Any]]:
    """The events ``viewer`` may see, as the jury's browser receives them."""
    out = []
    for event in events:
        if visible(state, viewer, event):
            shown = project("jury", event)
            if shown is not None:
                out.append(shown)
    return out
