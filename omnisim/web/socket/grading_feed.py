"""The exam's grading stream pushed to each jury member, blind until both have handed in.

A jury page follows ``ex…-grading`` over its socket by the push contract (positions
``after``/``upto``; a join catches up), so it learns at once that the other member handed
in, reconciled or signed: no polling.

The blind rule (omnisim/jury/workflow.py, seed 002: each evaluator grades alone, then they
concert): until every jury member has handed in a candidate's grading, a member is never
sent another member's events about that candidate but the hand-in itself. The filter is
per viewer, so each jury member has a room of their own; events left out are still covered
by the batch's range, as the contract allows, so positions advance and nothing leaks.
Once the grading is revealed, everything about it is sent (the page re-reads its view).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omnisim.events import Event
from omnisim.exams.state import ExamState, grading_stream
from omnisim.jury.workflow import all_submitted, grading_of
from omnisim.protocol.views import project
from omnisim.schema import SchemaError

# What another member's grading may say before the reveal: that it was handed in (and the
# errata of a locked record, which every member signs: nothing blind is left then).
BEFORE_REVEAL = frozenset({"grade.submitted", "record.erratum_written", "record.erratum_signed"})


SUFFIX = "-grading"


def exam_of(stream: str) -> str | None:
    """The exam whose grading stream this is, or None for any other stream."""
    return stream[: -len(SUFFIX)] if stream.endswith(SUFFIX) else None


def room(stream: str, person: str) -> str:
    """One room per jury member: what each may see differs."""
    return f"{stream}:jury:{person}"


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


async def publish(sio: Any, state: ExamState, events: Sequence[Event]) -> None:
    """Send freshly logged grading events to each jury member's room, each through the filter.

    ``state`` has folded ``events`` already: a hand-in that completes the jury reveals in
    the same batch.
    """
    stream = events[0].session_id
    after, upto = events[0].seq - 1, events[-1].seq
    for member in state.jury:
        batch = {
            "stream": stream,
            "after": after,
            "upto": upto,
            "events": blind(state, member.id, events),
        }
        await sio.emit("events", batch, room=room(stream, member.id))


async def join(
    sio: Any, sid: str, state: ExamState, store: Any, viewer: str, last_seq: int, page: int
) -> dict[str, Any]:
    """A jury member's join of the grading stream: their room first, then the backlog.

    In the room before reading, so an event logged meanwhile comes both ways and the
    client's positions drop the copy. A state behind the log (another worker appended)
    only errs on the blind side: the page re-reads its view when the hand-in arrives.
    """
    stream = grading_stream(state.exam_id)
    await sio.enter_room(sid, room(stream, viewer))
    backlog = await store.read(stream, last_seq)
    more = len(backlog) > page
    backlog = backlog[:page]
    if backlog:
        upto = backlog[-1].seq
    elif last_seq > await store.last_seq(stream):
        raise SchemaError("last_seq", "err.last_seq_ahead", last=await store.last_seq(stream))
    else:
        upto = last_seq
    return {
        "ok": True,
        "stream": stream,
        "after": last_seq,
        "upto": upto,
        "events": blind(state, viewer, backlog),
        "more": more,
    }
