"""An attempt tells the worker's heap where its next step is once per locked section that
committed (omnisim/live/attempt.py ``_rescheduled``), not once per commit: an action that
also flushes due steps asks the deck's schedule once, a tick that commits once, one that
commits nothing not at all, and the heap still holds the attempt at its next step, after a
refusal too."""

from __future__ import annotations

from typing import Any

import pytest

from omnisim import events as ev
from omnisim.engine import ActionRefused
from omnisim.events import Event
from omnisim.live.scheduler import Scheduler
from omnisim.protocol import actions as act
from tests.fast.test_clock_and_engine import START, open_runtime
from tests.scripted import FakeWall


def counted(runtime: Any) -> list[float]:
    """Each time the heap asks the attempt for its next step (``seconds_to_next``)."""
    asked: list[float] = []
    real = runtime.seconds_to_next

    def seconds_to_next(idle: float) -> float:
        asked.append(idle)
        return real(idle)

    runtime.seconds_to_next = seconds_to_next
    return asked


async def test_a_section_that_commits_asks_the_schedule_once():
    wall = FakeWall(START)
    published: list[Event] = []
    runtime, store = await open_runtime(wall, published)
    scheduler = Scheduler()
    try:
        runtime.start_ticker(scheduler)
        asked = counted(runtime)
        await runtime.act("candidate", act.Start())
        assert len(asked) == 1 and runtime in scheduler._at
        wall.t += 5  # the first contact is offered meanwhile (due, flushed by the next act)
        before = len(published)
        await runtime.act("candidate", ev.ContactPickedUp("tchat-livraison"))
        types = [e.type for e in published[before:]]
        assert "contact.offered" in types and "contact.picked_up" in types  # two commits
        assert len(asked) == 2
        await runtime.act("candidate", act.Send("tchat-livraison", "Votre numéro de commande ?"))
        assert len(asked) == 3
        wall.t += 2  # the customer's reply is due: ticked
        assert await runtime.tick() and not runtime.engine.state.ended
        assert len(asked) == 4
        assert runtime in scheduler._at  # placed at its next step by the tick itself
        assert await runtime.tick() == []  # nothing committed: the heap is not asked
        assert len(asked) == 4
    finally:
        await scheduler.close()
        await store.close()


async def test_a_refused_action_still_places_the_steps_it_flushed():
    wall = FakeWall(START)
    runtime, store = await open_runtime(wall, [])
    scheduler = Scheduler()
    try:
        runtime.start_ticker(scheduler)
        await runtime.act("candidate", act.Start())
        wall.t += 5  # the offer is due: flushed, then the action is refused
        scheduler.remove(runtime)  # as the heap had popped it to tick it
        asked = counted(runtime)
        with pytest.raises(ActionRefused):
            await runtime.act("candidate", ev.ContactPickedUp("no-such-contact"))
        assert runtime.engine.state.last_seq > 2  # the offer was committed
        assert len(asked) == 1 and runtime in scheduler._at
    finally:
        await scheduler.close()
        await store.close()
