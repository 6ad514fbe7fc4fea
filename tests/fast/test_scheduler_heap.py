"""The worker's timer heap (omnisim/live/scheduler.py): a commit that leaves an attempt's
next step where it was adds no entry; one that moves it does, and the step is ticked."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from omnisim.live.scheduler import Scheduler


class FakeRuntime:
    """What the scheduler reads of an attempt: its next step, its tick."""

    def __init__(self, due_in: float) -> None:
        self.loop = asyncio.get_running_loop()
        self.due_at = self.loop.time() + due_in
        self.engine = SimpleNamespace(state=SimpleNamespace(ended=False))
        self.scheduler: Any = None
        self.ticked = 0

    def seconds_to_next(self, idle: float) -> float:
        return min(idle, max(0.0, self.due_at - self.loop.time()))

    async def tick(self) -> list[Any]:
        self.ticked += 1
        self.due_at = self.loop.time() + 60  # nothing more soon
        return []


async def test_an_unmoved_step_adds_no_entry_and_a_moved_one_is_ticked():
    scheduler = Scheduler()
    runtime = FakeRuntime(due_in=3.0)
    runtime.scheduler = scheduler
    try:
        scheduler.schedule(runtime)  # type: ignore[arg-type]
        for _ in range(50):  # commits that leave the step where it is
            await asyncio.sleep(0)
            scheduler.schedule(runtime)  # type: ignore[arg-type]
        assert len(scheduler._heap) == 1
        runtime.due_at = runtime.loop.time() + 0.05  # a commit brought the step closer
        scheduler.schedule(runtime)  # type: ignore[arg-type]
        assert len(scheduler._heap) == 2
        deadline = runtime.loop.time() + 2
        while not runtime.ticked:
            assert runtime.loop.time() < deadline
            await asyncio.sleep(0.01)
        assert runtime.ticked == 1
    finally:
        await scheduler.close()


class TaskNoting(FakeRuntime):
    """Notes the task each of its ticks runs in."""

    def __init__(self, due_in: float) -> None:
        super().__init__(due_in)
        self.tasks: list[Any] = []

    async def tick(self) -> list[Any]:
        self.tasks.append(asyncio.current_task())
        return await super().tick()


async def test_a_lone_due_attempt_ticks_in_the_heaps_task_and_several_tick_together():
    """One attempt due: ticked by the scheduler's own task (no task of gather's); two due
    at once: each in a task of its own, so that their appends share a group commit."""
    scheduler = Scheduler()
    lone = TaskNoting(due_in=0.02)
    pair = [TaskNoting(due_in=0.3), TaskNoting(due_in=0.3)]
    pair[1].due_at = pair[0].due_at  # due at the same moment
    try:
        for runtime in (lone, *pair):
            runtime.scheduler = scheduler
            scheduler.schedule(runtime)  # type: ignore[arg-type]
        deadline = lone.loop.time() + 3
        while not all(r.ticked for r in (lone, *pair)):
            assert lone.loop.time() < deadline
            await asyncio.sleep(0.01)
        assert lone.tasks == [scheduler._task]
        assert all(r.ticked == 1 for r in (lone, *pair))
        ticking = {id(r.tasks[0]) for r in pair}
        assert len(ticking) == 2 and id(scheduler._task) not in ticking
    finally:
        await scheduler.close()
