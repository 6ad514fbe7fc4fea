"""The engine keeps each contact's next step between folds (omnisim/engine/dues.py) instead of
walking the deck's schedule at every asking: ``Engine.next_due`` and ``Engine.due`` must give
exactly what the plain walks give (schedule.next_due, schedule.due), after every event of
played sessions on several decks (calls, holds, chats, e-mails, closes, customers called
back and hung up on, silences), at many moments ahead of each, and with the clock paused."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from typing import Any

import pytest

from omnisim import events as ev
from omnisim.engine import calls, schedule
from omnisim.events import Draft, Event
from omnisim.live.attempt import SessionRuntime
from omnisim.protocol import actions as act
from omnisim.scenario import load_scenario
from omnisim.store import open_store
from tests.conftest import MINI_DECK, ROOT
from tests.fast.test_clock_and_engine import START
from tests.scripted import FakeWall

# The first play of a process reads the engine's phrase files on the loop: not what is tested.
pytestmark = pytest.mark.loop_block_ok(3)

DECKS = [
    MINI_DECK,
    ROOT / "decks" / "demo",
    ROOT / "decks" / "cp_ffp_banque",
    ROOT / "decks" / "ccs_rc_habitat",
    ROOT / "decks" / "cqp_artisans_loire",
]
LINES = [
    "Bonjour, je comprends votre demande, je regarde votre dossier et je reviens vers vous.",
    "Pouvez-vous me donner votre numéro de client ?",
    "c pas possible, débrouillez-vous",
    "Je vous propose un rendez-vous demain à 10 h, cela vous convient-il ?",
]


def same_as_the_walks(runtime: SessionRuntime) -> None:
    """The kept times answer as the plain walks, now and at moments ahead."""
    engine, deck, state = runtime.engine, runtime.engine.deck, runtime.engine.state
    assert engine.next_due() == schedule.next_due(deck, state), state.last_seq
    base = state.last_sim
    for k in range(0, 60, 3):
        t = base + k * 20.0
        assert engine.due(t) == schedule.due(deck, state, t), (state.last_seq, t)


async def _try(runtime: SessionRuntime, actor: str, action: Any) -> None:
    try:
        await runtime.act(actor, action)
    except Exception as exc:  # a refusal (not possible now) is part of the play
        if type(exc).__name__ not in ("ActionRefused", "SchemaError", "ExamRefused"):
            raise


@pytest.fixture(params=DECKS, ids=lambda d: d.name)
def scenario(request: pytest.FixtureRequest) -> Any:
    """The deck, loaded before the test's loop runs (a deck's YAML takes a while)."""
    return load_scenario(request.param)


async def test_kept_times_answer_as_the_walks(scenario: Any) -> None:
    wall = FakeWall(START)
    store = open_store(":memory:")
    chance = random.Random(scenario.deck.id)

    async def publish(events: Sequence[Event]) -> None:
        for _event in events:
            same_as_the_walks(runtime)  # after each commit's fold

    runtime = SessionRuntime("fixed", scenario, store, publish, wall)
    d = scenario.deck
    created = ev.SessionCreated(
        d.id, d.title, d.seed, 60.0, d.language, deck_hash=scenario.content_hash
    )
    try:
        await runtime.record([Draft("system", created)])
        same_as_the_walks(runtime)
        await runtime.act("candidate", act.Start())
        for step in range(400):  # about six wall minutes, six simulated hours at ×60
            wall.t += chance.choice((0.5, 1.0, 1.0, 2.0, 3.0))
            await asyncio.sleep(0)  # the checks are long: the loop runs between steps
            await runtime.tick()
            same_as_the_walks(runtime)
            if runtime.engine.state.ended:
                break
            contacts = runtime.engine.state.contacts
            offered = [cid for cid, c in contacts.items() if c.status == "offered"]
            active = [cid for cid, c in contacts.items() if c.status == "active"]
            held = [cid for cid, c in contacts.items() if c.status == "held"]
            roll = chance.random()
            if offered and roll < 0.3:
                await _try(runtime, "candidate", ev.ContactPickedUp(chance.choice(offered)))
            elif held and roll < 0.45:
                await _try(runtime, "candidate", ev.ContactResumed(held[0]))
            elif active and roll < 0.75:
                line = chance.choice(LINES)
                await _try(runtime, "candidate", act.Send(chance.choice(active), line))
            elif active and roll < 0.82:
                await _try(runtime, "candidate", ev.ContactHeld(active[0]))
            elif active and roll < 0.88:
                await _try(runtime, "candidate", ev.ContactClosed(active[0]))
            elif active and roll < 0.94:  # a customer called back, who answers by phone
                cid = chance.choice(active)
                numbers = sorted(calls.customer_numbers(scenario.deck, cid, contacts[cid]))
                if numbers:
                    line = chance.choice(LINES)
                    await _try(runtime, "candidate", act.CallOut(numbers[0], line, cid))
            elif runtime.engine.state.calls and roll < 0.97:  # hung up on, mid-sentence or not
                live = [k for k, call in runtime.engine.state.calls.items() if call.live]
                if live:
                    await _try(runtime, "candidate", ev.CallEnded(live[0]))
            elif step == 100:
                await runtime.record([Draft("trainer", ev.SessionPaused("trainer"))])
                same_as_the_walks(runtime)
                wall.t += 30.0
                await runtime.record([Draft("trainer", ev.SessionResumed())])
            same_as_the_walks(runtime)
    finally:
        await store.close()
