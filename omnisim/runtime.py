"""One live session: the engine, its lock, its ticker, and the one place that appends.

Every event goes through :meth:`SessionRuntime._commit`: stamped with seq and both
clocks, appended durably, folded into the engine, and only then published. So a
client is never told of an event that a crash could lose.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from omnisim.deck import Deck
from omnisim.engine import ActionRefused, Engine
from omnisim.events import Draft, Event
from omnisim.store import ConflictError, EventStore

Publisher = Callable[[Sequence[Event]], Awaitable[None]]
MAX_TICK = 1.0  # wall seconds between checks even when nothing is scheduled
MAX_STEPS = 10_000  # bound on steps folded in one tick (a whole 90-minute session is less)


class SessionRuntime:
    def __init__(
        self,
        session_id: str,
        deck: Deck,
        store: EventStore,
        publish: Publisher,
        wall: Callable[[], float] = time.time,
        seed: int | None = None,
    ) -> None:
        self.session_id = session_id
        self.engine = Engine(deck, seed)
        self.store = store
        self.publish = publish
        self.wall = wall
        self.lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._ticker: asyncio.Task[None] | None = None

    async def catch_up(self) -> None:
        """Fold whatever the store has beyond what the engine has seen."""
        for event in await self.store.read(self.session_id, self.engine.state.last_seq):
            self.engine.apply(event)

    async def _commit(self, drafts: Sequence[Draft]) -> list[Event]:
        """Stamp, append, fold, publish. The caller holds ``self.lock``."""
        wall = self.wall()
        sim_now = self.engine.state.clock.now(wall)
        seq = self.engine.state.last_seq
        events = []
        for draft in drafts:
            seq += 1
            sim = sim_now if draft.sim_time is None else draft.sim_time
            # A step scheduled earlier but folded late still may not go back in time.
            sim = max(sim, self.engine.state.last_sim)
            events.append(Event(self.session_id, seq, wall, sim, draft.actor, draft.payload))
        await self.store.append(events)
        for event in events:
            self.engine.apply(event)
        self._wake.set()
        await self.publish(events)
        return events

    async def act(self, actor: str, action: Any) -> list[Event]:
        """Apply a client's action; raises ActionRefused when it is not possible now."""
        async with self.lock:
            await self._flush_due()
            for _attempt in range(3):
                drafts = self.engine.act(actor, action)
                try:
                    return await self._commit(drafts)
                except ConflictError:
                    # Another worker appended to this session: learn it and decide again.
                    await self.catch_up()
            raise ActionRefused("type", "the session is busy, try again")

    async def record(self, drafts: Sequence[Draft]) -> list[Event]:
        """Append events decided outside the engine (session creation)."""
        async with self.lock:
            return await self._commit(drafts)

    async def _flush_due(self) -> list[Event]:
        """Commit, step by step, whatever the deck schedules up to now. Caller holds the lock."""
        done: list[Event] = []
        for _step in range(MAX_STEPS):
            drafts = self.engine.due(self.engine.state.clock.now(self.wall()))
            if not drafts:
                break
            try:
                done += await self._commit(drafts)
            except ConflictError:
                await self.catch_up()
        return done

    async def tick(self) -> list[Event]:
        async with self.lock:
            return await self._flush_due()

    def _seconds_to_next(self) -> float:
        nxt = self.engine.next_due()
        at = None if nxt is None else self.engine.state.clock.wall_at(nxt)
        if at is None:
            return MAX_TICK
        return min(MAX_TICK, max(0.0, at - self.wall()))

    async def _run(self) -> None:
        while not self.engine.state.ended:
            self._wake.clear()
            await self.tick()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._seconds_to_next())

    def start_ticker(self) -> None:
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.create_task(self._run(), name=f"ticker-{self.session_id}")

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
