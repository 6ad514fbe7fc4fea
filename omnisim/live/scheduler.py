"""One timer heap per worker: each attempt this worker owns is woken when its next step is due.

A task per attempt, each waking every second to look at its deck, cost 15 % of the
server's time at 600 candidates. Here one task sleeps until the earliest due step
of all attempts; an attempt is put back on the heap after each commit when its next
step has moved, and after each tick. Steps due at the same moment are ticked
together, so their appends share one group commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
from typing import TYPE_CHECKING

from omnisim.store import Fenced, StoreUnavailable

if TYPE_CHECKING:
    from omnisim.live.attempt import SessionRuntime

log = logging.getLogger(__name__)

IDLE_CHECK = 5.0  # seconds: an attempt with nothing scheduled is looked at again after this
RETRY_DELAYS = (0.1, 0.2, 0.5, 1.0)  # after a store error (then 1 s)
# Seconds within which a step is the one already on the heap. The due time is read across
# two clocks (the loop's, the wall's), so it is never exactly equal twice: every commit
# pushed a new entry (and woke the scheduler when it was the top), 300 a second at 300
# candidates, for a step that had not moved.
SAME = 0.002


class Scheduler:
    """Ticks every attempt added to it, each at its next due step, from one task."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, SessionRuntime]] = []
        self._at: dict[SessionRuntime, float] = {}  # the one valid heap entry per attempt
        self._failures: dict[SessionRuntime, int] = {}
        self._order = itertools.count()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.ticks = 0

    def __len__(self) -> int:
        return len(self._at)

    def schedule(self, runtime: SessionRuntime, delay: float | None = None) -> None:
        """(Re)place ``runtime`` on the heap at its next step, or after ``delay`` seconds."""
        if runtime.engine.state.ended:
            self.remove(runtime)
            return
        loop = asyncio.get_running_loop()
        wait = runtime.seconds_to_next(IDLE_CHECK) if delay is None else delay
        at = loop.time() + wait
        held = self._at.get(runtime)
        if held is not None and abs(held - at) <= SAME:
            return  # its step has not moved: its entry stands (a commit's usual case)
        self._at[runtime] = at
        heapq.heappush(self._heap, (at, next(self._order), runtime))
        if self._heap[0][2] is runtime:
            self._changed.set()
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._run(), name="omnisim-scheduler")

    def remove(self, runtime: SessionRuntime) -> None:
        self._at.pop(runtime, None)
        self._failures.pop(runtime, None)

    def _due(self, now: float) -> list[SessionRuntime]:
        due = []
        while self._heap and self._heap[0][0] <= now:
            at, _n, runtime = heapq.heappop(self._heap)
            if self._at.get(runtime) == at:  # not a stale entry
                del self._at[runtime]
                due.append(runtime)
        return due

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while self._at:
            while self._heap and self._at.get(self._heap[0][2]) != self._heap[0][0]:
                heapq.heappop(self._heap)  # drop stale entries at the top
            if not self._heap:
                break
            self._changed.clear()
            at = self._heap[0][0]
            if at > loop.time():
                # One timer and no task per wait (asyncio.wait_for made both, at every
                # attempt that came to the top of the heap): woken when the top is due, or
                # when something earlier is scheduled; either way the heap is read again.
                timer = loop.call_at(at, self._changed.set)
                try:
                    await self._changed.wait()
                finally:
                    timer.cancel()
                continue
            due = self._due(loop.time())
            if len(due) == 1:  # the usual case: ticked without a task of its own (gather's)
                await self._tick(due[0])
            elif due:
                await asyncio.gather(*(self._tick(rt) for rt in due))

    async def _tick(self, runtime: SessionRuntime) -> None:
        """Commit what is due; a store error delays this attempt, never the others."""
        if runtime.scheduler is not self:
            return  # handed over meanwhile (evicted, or another worker owns it now)
        try:
            await runtime.tick()
            self.ticks += 1
            self._failures.pop(runtime, None)
            # Taken off the heap to be ticked: back on it at its next step, placed there by
            # the tick's own commits (SessionRuntime._rescheduled), else here.
            if runtime.scheduler is self and runtime not in self._at:
                self.schedule(runtime)
        except Fenced:
            # Another worker owns the exam now; the lease's loss is learnt by its renewal.
            log.warning("%s: deposed, no longer ticking", runtime.session_id)
            runtime.scheduler = None
            self.remove(runtime)
        except StoreUnavailable as exc:
            failures = self._failures.get(runtime, 0)
            self._failures[runtime] = failures + 1
            delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS) - 1)]
            log.warning(
                "%s: store unavailable (%s), retry in %.1fs", runtime.session_id, exc, delay
            )
            if runtime.scheduler is self:
                self.schedule(runtime, delay)
        except Exception:
            log.exception("%s: scheduled step failed, retrying", runtime.session_id)
            if runtime.scheduler is self:
                self.schedule(runtime, RETRY_DELAYS[-1])

    async def close(self) -> None:
        self._at.clear()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
