"""A session played at random on a deck, with a check run after every step.

The engine keeps derived state between folds (the next step due per contact, the heap an
action reads to skip the schedule): tests of such shortcuts play real sessions (calls,
holds, chats, e-mails, closes, customers called back and hung up on, a pause) and ask,
after each event and each step, that the shortcut still answers as the plain walk does.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from typing import Any

from omnisim import events as ev
from omnisim.engine import calls
from omnisim.events import Draft, Event
from omnisim.live.attempt import SessionRuntime
from omnisim.protocol import actions as act
from omnisim.store import open_store
from tests.fast.test_clock_and_engine import START
from tests.scripted import FakeWall

LINES = [
    "Bonjour, je comprends votre demande, je regarde votre dossier et je reviens vers vous.",
    "Pouvez-vous me donner votre numéro de client ?",
    "c pas possible, débrouillez-vous",
    "Je vous propose un rendez-vous demain à 10 h, cela vous convient-il ?",
]

Check = Callable[[SessionRuntime], None]


async def _try(runtime: SessionRuntime, actor: str, action: Any) -> None:
    try:
        await runtime.act(actor, action)
    except Exception as exc:  # a refusal (not possible now) is part of the play
        if type(exc).__name__ not in ("ActionRefused", "SchemaError", "ExamRefused"):
            raise


async def play_checked(
    scenario: Any, check: Check, *, steps: int = 400, after_each_event: bool = False
) -> None:
    """Plays ``steps`` wall seconds' worth of a session (×60), checking after each step
    (and after each committed event's fold, with ``after_each_event``)."""
    wall = FakeWall(START)
    store = open_store(":memory:")
    chance = random.Random(scenario.deck.id)

    async def publish(events: Sequence[Event]) -> None:
        if after_each_event:
            for _event in events:
                check(runtime)

    runtime = SessionRuntime("fixed", scenario, store, publish, wall)
    d = scenario.deck
    created = ev.SessionCreated(
        d.id, d.title, d.seed, 60.0, d.language, deck_hash=scenario.content_hash
    )
    try:
        await runtime.record([Draft("system", created)])
        check(runtime)
        await runtime.act("candidate", act.Start())
        for step in range(steps):
            wall.t += chance.choice((0.5, 1.0, 1.0, 2.0, 3.0))
            await asyncio.sleep(0)  # the checks are long: the loop runs between steps
            await runtime.tick()
            check(runtime)
            if runtime.engine.state.ended:
                break
            await _random_step(runtime, chance, step, check, wall)
            check(runtime)
    finally:
        await store.close()


async def _random_step(
    runtime: SessionRuntime, chance: random.Random, step: int, check: Check, wall: FakeWall
) -> None:
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
        await _try(runtime, "candidate", act.Send(chance.choice(active), chance.choice(LINES)))
    elif active and roll < 0.82:
        await _try(runtime, "candidate", ev.ContactHeld(active[0]))
    elif active and roll < 0.88:
        await _try(runtime, "candidate", ev.ContactClosed(active[0]))
    elif active and roll < 0.94:  # a customer called back, who answers by phone
        cid = chance.choice(active)
        numbers = sorted(calls.customer_numbers(runtime.engine.deck, cid, contacts[cid]))
        if numbers:
            await _try(runtime, "candidate", act.CallOut(numbers[0], chance.choice(LINES), cid))
    elif runtime.engine.state.calls and roll < 0.97:  # hung up on, mid-sentence or not
        live = [k for k, call in runtime.engine.state.calls.items() if call.live]
        if live:
            await _try(runtime, "candidate", ev.CallEnded(live[0]))
    elif step == 100:
        await runtime.record([Draft("trainer", ev.SessionPaused("trainer"))])
        check(runtime)  # with the clock paused
        wall.t += 30.0
        await runtime.record([Draft("trainer", ev.SessionResumed())])
