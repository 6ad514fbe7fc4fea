"""Filing an exam away, or bringing it back: the trainer's organisation of their own list,
not part of the exam's record.

Filing once appended ``exam.archived`` / ``exam.restored`` to the exam's own stream, which
a lock freezes: a finished, locked certification, the very exam one files away, could never
be filed. It is logged instead in the store's one ``filing`` stream (an ``ExamFiled`` naming
the exam per change), through the same append path: the exam's streams, its log hash and
its sealed archive are untouched, so filing is allowed before and after the lock
(``AFTER_LOCK`` in omnisim/live/commands.py). The exams list, the exam's page and the
results read the fold as ``ExamState.archived`` (omnisim/live/index.py marks the states);
filing an older log recorded in the exam's stream is still read beneath it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from omnisim import events as ev
from omnisim.events import Draft, Event
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import ExamState
from omnisim.store import ConflictError, EventStore

STREAM = "filing"


class Filing:
    """The ``filing`` stream, folded: each exam's last word (archived or not), by exam id."""

    def __init__(self, store: EventStore, wall: Callable[[], float]) -> None:
        self.store = store
        self.wall = wall
        self.last_seq = 0
        self.archived: dict[str, bool] = {}
        self._lock = asyncio.Lock()  # one filing at a time on this worker

    def _apply(self, event: Event) -> None:
        self.last_seq = event.seq
        if isinstance(event.payload, ev.ExamFiled):
            self.archived[event.payload.exam_id] = event.payload.archived

    async def refresh(self) -> bool:
        """Catch up with the stream (another worker may have filed); whether anything moved."""
        fresh = await self.store.read(STREAM, self.last_seq)
        for event in fresh:
            self._apply(event)
        return bool(fresh)

    def mark(self, state: ExamState) -> ExamState:
        """``state`` as filed now (no I/O: as of the last refresh)."""
        state.filed = self.archived.get(state.exam_id)
        return state

    async def marked(self, state: ExamState) -> ExamState:
        await self.refresh()
        return self.mark(state)

    async def file(self, state: ExamState, by: str, archived: bool) -> list[Event]:
        """File the exam away (``archived``) or bring it back, for its own trainer only; an
        exam under way is not filed, and filing twice says so. Locked or not: the exam's
        streams are not written."""

        def allowed() -> None:
            if state.created is None or state.created.trainer_id != by:
                raise ExamRefused("type", "err.filing_not_yours")
            self.mark(state)
            if archived and state.status in ("running", "paused"):
                raise ExamRefused("type", "err.archive_running")
            if archived == state.archived:
                raise ExamRefused("type", "err.archived" if archived else "err.not_archived")

        async def again() -> None:
            await self.refresh()
            allowed()

        draft = Draft("trainer", ev.ExamFiled(state.exam_id, archived), None, by)
        async with self._lock:
            await self.refresh()
            allowed()
            try:
                events = await self.store.append_drafts(
                    STREAM, [draft], lambda: self.last_seq, again, self.wall()
                )
            except ConflictError as exc:
                raise ExamRefused("type", "err.busy") from exc
            for event in events:
                self._apply(event)
            self.mark(state)
            return events
