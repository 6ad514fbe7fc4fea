"""An action on an attempt with nothing due does not walk the deck's schedule
(omnisim/live/attempt.py ``_quiet``): the next step the heap last read (``Engine.next_due``,
kept with the log position it was read at) says nothing can be due before it. Safe only
while ``next_due`` is never later than a step ``due`` would give: checked here on played
sessions of several decks, at many moments of each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from omnisim import events as ev
from omnisim.events import Draft, Event
from omnisim.live.attempt import SessionRuntime
from omnisim.live.scheduler import Scheduler
from omnisim.protocol import actions as act
from omnisim.scenario import load_scenario
from omnisim.store import open_store
from tests.conftest import MINI_DECK, ROOT
from tests.fast.test_clock_and_engine import START, open_runtime
from tests.scripted import FakeWall

DECKS = [MINI_DECK, ROOT / "decks" / "cp_ffp_banque", ROOT / "decks" / "ccs_rc_habitat"]
LINE = "Bonjour, je comprends votre demande, je regarde votre dossier et je reviens vers vous."


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


async def _try(runtime: SessionRuntime, action: Any) -> None:
    try:
        await runtime.act("candidate", action)
    except Exception as exc:  # a refusal (not possible now) is part of the play
        if type(exc).__name__ not in ("ActionRefused", "SchemaError", "ExamRefused"):
            raise


@pytest.mark.parametrize("deck", DECKS, ids=lambda d: d.name)
async def test_next_due_is_never_later_than_a_due_step(deck: Any) -> None:
    scenario = load_scenario(deck)
    wall = FakeWall(START)
    store = open_store(":memory:")

    async def publish(events: Sequence[Event]) -> None:
        return None

    runtime = SessionRuntime("fixed", scenario, store, publish, wall)
    d = scenario.deck
    created = ev.SessionCreated(
        d.id, d.title, d.seed, 60.0, d.language, deck_hash=scenario.content_hash
    )
    try:
        await runtime.record([Draft("system", created)])
        check_lower_bound(runtime)
        await runtime.act("candidate", act.Start())
        for step in range(240):  # four wall minutes, four simulated hours at ×60
            wall.t += 1.0
            await runtime.tick()
            check_lower_bound(runtime)
            if runtime.engine.state.ended:
                break
            contacts = runtime.engine.state.contacts
            offered = [cid for cid, c in contacts.items() if c.status == "offered"]
            opened = [cid for cid, c in contacts.items() if c.open and c.status == "active"]
            if offered and step % 3 == 0:
                await _try(runtime, ev.ContactPickedUp(offered[0]))
            elif opened and step % 4 == 1:
                await _try(runtime, act.Send(opened[0], LINE))
            check_lower_bound(runtime)
    finally:
        await store.close()


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
