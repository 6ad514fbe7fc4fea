"""One live attempt: the engine, its lock, and the one place that appends.

Every event goes through :meth:`SessionRuntime._commit`: stamped with seq, both
clocks, the acting person and the client's action id, appended durably, folded
into the engine, and only then published. So a client is never told of an event
that a crash could lose, and a store outage is a refusal the client can read,
never a silent wait.

Its scheduled steps are committed by the worker's one timer heap
(omnisim/live/scheduler.py), only on the worker that owns the exam; with Redis every
append carries the owner's lease epoch (``fence``), so a deposed owner cannot append.
The heap hears where the next step is once per locked section that committed (an action
and the steps it flushed, a tick's steps), not once per commit: each asking reads the deck's
whole schedule (``Engine.next_due``). What it read is kept with the log position it was read
at: until another event is folded, an action before that step has nothing to flush, and the
deck's schedule is not walked again to find so (``Engine.due``, once per action).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from omnisim import events as ev
from omnisim.engine import ActionRefused, Engine
from omnisim.events import Draft, Event
from omnisim.protocol.handles import Handles
from omnisim.protocol.messages import Acknowledged
from omnisim.scenario import Scenario
from omnisim.store import ConflictError, EventStore

if TYPE_CHECKING:
    from omnisim.live.scheduler import Scheduler

log = logging.getLogger(__name__)

Publisher = Callable[[Sequence[Event]], Awaitable[None]]
MAX_STEPS = 10_000  # bound on steps folded in one tick (a whole 90-minute session is less)
ANSWERS_KEPT = 4096  # action ids remembered per attempt for resends


class SessionRuntime:
    def __init__(
        self,
        session_id: str,
        scenario: Scenario,
        store: EventStore,
        publish: Publisher,
        wall: Callable[[], float] = time.time,
        seed: int | None = None,
    ) -> None:
        self.session_id = session_id
        self.scenario = scenario
        self.engine = Engine(scenario.deck, seed, rules=scenario.rules)
        self.handles = Handles(scenario.deck)  # what the candidate's desk calls the deck's ids
        self.store = store
        self.publish = publish
        self.wall = wall
        self.lock = asyncio.Lock()
        self.scheduler: Scheduler | None = None  # set while this worker ticks the attempt
        self.fence: tuple[str, int] | None = None  # (exam id, lease epoch) on a shared store
        # "<person>/<client's action id>" -> the answer given: a resend is answered, not redone.
        self._answers: OrderedDict[str, Acknowledged] = OrderedDict()
        self.restarted = False  # its clock was found running at load and paused
        self._moved = False  # committed since the heap last heard of its next step
        # (last seq, sim time of the next step or None) as Engine.next_due read it then
        self._next: tuple[int, float | None] = (-1, None)

    @property
    def created(self) -> ev.SessionCreated | None:
        created = self.engine.state.created
        return created if isinstance(created, ev.SessionCreated) else None

    def apply(self, event: Event) -> None:
        """Fold a stored event (at load, or learnt from another worker)."""
        self.engine.apply(event)
        self.handles.fold(event)
        if event.action_id:
            key = event.action_id
            given = self._answers.get(key)
            self._remember(key, Acknowledged(seq=(*(given.seq if given else ()), event.seq)))

    def _remember(self, key: str, answer: Acknowledged) -> None:
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > ANSWERS_KEPT:
            self._answers.popitem(last=False)

    async def catch_up(self) -> None:
        """Fold whatever the store has beyond what the engine has seen."""
        for event in await self.store.read(self.session_id, self.engine.state.last_seq):
            self.apply(event)

    async def _commit(self, drafts: Sequence[Draft]) -> list[Event]:
        """Stamp, append, fold, publish. The caller holds ``self.lock``."""
        events = self.engine.stamp(self.session_id, drafts, self.wall())
        await self.store.append(events, self.fence)
        for event in events:
            self.apply(event)
        self._moved = True  # its next step may have moved: the heap hears it (_rescheduled)
        await self.publish(events)
        return events

    def _rescheduled(self) -> None:
        """End of a locked section: a commit may have moved the next step, so the heap hears
        where it is now, once however many commits the section made (and whether it ended
        in a refusal or an error: the steps it flushed before stay committed)."""
        if self._moved:
            self._moved = False
            if self.scheduler is not None:
                self.scheduler.schedule(self)

    def answered(self, actor_id: str, action_id: str) -> dict[str, Any] | None:
        """The answer already given to this action id (its JSON), if it is a resend."""
        given = self._answers.get(f"{actor_id}/{action_id}") if action_id else None
        return given.to_json() if given else None

    async def act(
        self, actor: str, action: Any, actor_id: str = "", action_id: str = ""
    ) -> list[Event]:
        """Apply a client's action; raises ActionRefused when it is not possible now.

        The acting person's id goes on the events they caused; the action id on
        every event the action produced (the customer's reaction included).
        """
        async with self.lock:
            try:
                await self._flush_due()
                tag = f"{actor_id}/{action_id}" if action_id else ""
                for _attempt in range(3):
                    drafts = [  # made as they are, not through dataclasses.replace
                        Draft(
                            d.actor,
                            d.payload,
                            d.sim_time,
                            actor_id if d.actor == actor else d.actor_id,
                            tag,
                        )
                        for d in self.engine.act(actor, action)
                    ]
                    try:
                        return await self._commit(drafts)
                    except ConflictError:
                        # Another worker appended to this session: learn it and decide again.
                        await self.catch_up()
                raise ActionRefused("type", "err.busy")
            finally:
                self._rescheduled()

    async def record(self, drafts: Sequence[Draft]) -> list[Event]:
        """Append events decided outside the engine (creation, exam-wide commands)."""
        async with self.lock:
            try:
                await self._flush_due()
                return await self._commit(drafts)
            finally:
                self._rescheduled()

    def _quiet(self, sim_now: float) -> bool:
        """Nothing is due at ``sim_now``: the next step, read since the last event was folded
        (Engine.next_due, the earliest any step can be), is later, or there is none."""
        seq, nxt = self._next
        return seq == self.engine.state.last_seq and (nxt is None or sim_now < nxt)

    async def _flush_due(self) -> list[Event]:
        """Commit, step by step, whatever the deck schedules up to now. Caller holds the lock."""
        done: list[Event] = []
        for _step in range(MAX_STEPS):
            sim_now = self.engine.state.clock.now(self.wall())
            if self._quiet(sim_now):
                break
            drafts = self.engine.due(sim_now)
            if not drafts:
                break
            try:
                done += await self._commit(drafts)
            except ConflictError:
                await self.catch_up()
        return done

    async def tick(self) -> list[Event]:
        async with self.lock:
            try:
                return await self._flush_due()
            finally:
                self._rescheduled()

    async def pause_orphaned(self) -> list[Event]:
        """Pause a clock found running when this process loads the attempt.

        Called only where one process owns the store (the embedded SQLite file):
        the clock ran under a process that is gone, so the downtime must not
        count. The pause is stamped at the last logged sim time: nothing is
        injected or escalated for the time nobody could act.
        """
        async with self.lock:
            state = self.engine.state
            if state.ended or not state.started or not state.clock.running:
                return []
            pause = Draft("system", ev.SessionPaused("server_restart"), state.last_sim)
            try:
                return await self._commit([pause])
            finally:
                self._rescheduled()

    def seconds_to_next(self, idle: float) -> float:
        """Wall seconds until the next scheduled step; ``idle`` when none is (paused…)."""
        nxt = self.engine.next_due()
        self._next = (self.engine.state.last_seq, nxt)
        at = None if nxt is None else self.engine.state.clock.wall_at(nxt)
        if at is None:
            return idle
        return min(idle, max(0.0, at - self.wall()))

    def start_ticker(self, scheduler: Scheduler) -> None:
        """Have the worker's scheduler commit this attempt's steps when due."""
        self.scheduler = scheduler
        scheduler.schedule(self)

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.remove(self)
            self.scheduler = None
