"""An action on an attempt with nothing due does not walk the deck's schedule
(omnisim/live/attempt.py ``_quiet``): the next step the heap last read (``Engine.next_due``,
kept with the log position it was read at) says nothing can be due before it. Safe only
while ``next_due`` is never later than a step ``due`` would give: checked here on played
sessions of several decks, at many moments of each."""

from __future__ import annotations

from typing import Any

import pytest

from omnisim import events as ev
from omnisim.events import Draft, Event
from omnisim.live.attempt import SessionRuntime
from omnisim.live.scheduler import Scheduler
from omnisim.protocol import actions as act
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK, ROOT
from tests.fast.test_clock_and_engine import START, open_runtime
from tests.random_play import play_checked
from tests.scripted import FakeWall

DECKS = [MINI_DECK, ROOT / "decks" / "cp_ffp_banque", ROOT / "decks" / "ccs_rc_habitat"]


def counted_due(runtime: SessionRuntime) -> list[float]:
    asked: list[float] = []
    real = runtime.engine.due

    def due(sim_now: float) -> list[Draft]:
        asked.append(sim_now)
        return real(sim_now)

    runtime.engine.due = due  # type: ignore[method-assign]
    return asked


def check_lower_bound(runtime: SessionRuntime) -> None:
    """Whatever ``due`` would give at a moment comes no earlier than ``next_due``."""
    engine = runtime.engine
    nxt = engine.next_due()
    base = engine.state.last_sim
    for k in range(40):
        t = base + k * 30.0
        if engine.due(t):
            assert nxt is not None and nxt <= t, (engine.state.last_seq, t, nxt)


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.name)
async def test_next_due_is_never_later_than_a_due_step(deck: Any) -> None:
    # Four wall minutes and more, hours at ×60: checked after each tick and each action.
    await play_checked(load_scenario(deck), check_lower_bound, steps=240)


async def test_an_action_with_nothing_due_skips_the_schedule_and_a_due_step_still_comes_first():
    wall = FakeWall(START)
    published: list[Event] = []
    runtime, store = await open_runtime(wall, published)
    scheduler = Scheduler()
    try:
        runtime.start_ticker(scheduler)
        await runtime.act("candidate", act.Start())
        wall.t += 5  # the first contact is due: the next action flushes it first
        asked = counted_due(runtime)
        before = len(published)
        await runtime.act("candidate", ev.ContactPickedUp("tchat-livraison"))
        types = [e.type for e in published[before:]]
        assert types.index("contact.offered") < types.index("contact.picked_up")
        assert asked  # something was due: the schedule was walked
        asked.clear()
        await runtime.act("candidate", act.Send("tchat-livraison", "Votre numéro de commande ?"))
        assert asked == []  # nothing due before the customer's reply: not walked
        wall.t += 2  # the reply is due now: an action flushes it before itself
        before = len(published)
        await runtime.act("candidate", act.Send("tchat-livraison", "Je regarde."))
        assert asked
        sent = [e for e in published[before:] if e.type == "message.sent"]
        assert sent[0].actor == "customer" and sent[-1].actor == "candidate"
    finally:
        await scheduler.close()
        await store.close()
