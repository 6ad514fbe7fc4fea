"""The simulated clock and the engine, without any server: determinism and pauses."""

from __future__ import annotations

import json

import pytest

from omnisim import events as ev
from omnisim.engine import Engine
from omnisim.engine.clock import SimClock
from omnisim.events import Draft, Event
from omnisim.live.attempt import SessionRuntime
from omnisim.protocol import actions as act
from omnisim.scenario import load_scenario
from omnisim.scenario.check import load_deck
from omnisim.store import EventStore, open_store
from tests.conftest import MINI_DECK
from tests.scripted import FakeWall


def test_clock_runs_at_the_deck_factor_and_stands_still_when_paused():
    clock = SimClock(8.0, anchor_wall=100.0, anchor_sim=0.0, running=True)
    assert clock.now(101.0) == 8.0
    assert clock.wall_at(80.0) == 110.0
    paused = SimClock(8.0, anchor_wall=105.0, anchor_sim=40.0, running=False)
    assert paused.now(500.0) == 40.0
    assert paused.wall_at(80.0) is None


START = 1_000.0  # wall seconds at which every run here begins
FACTOR = 60.0  # sim seconds per wall second (the mini deck's own factor)


async def open_runtime(wall: FakeWall, published: list[Event]) -> tuple[SessionRuntime, EventStore]:
    """A runtime on the mini deck and an in-memory store, its session created."""
    scenario = load_scenario(MINI_DECK)
    deck = scenario.deck
    store = open_store(":memory:")

    async def publish(events):
        published.extend(events)

    runtime = SessionRuntime("fixed", scenario, store, publish, wall)
    created = ev.SessionCreated(
        deck.id, deck.title, deck.seed, FACTOR, deck.language, deck_hash=scenario.content_hash
    )
    await runtime.record([Draft("system", created)])
    return runtime, store


async def play(
    script: list[tuple[float, str, object]], engine_out: list | None = None
) -> list[dict]:
    """Run the mini deck with candidate inputs at given wall offsets; return the log."""
    wall = FakeWall(START)
    published: list[Event] = []
    runtime, store = await open_runtime(wall, published)
    for at, actor, action in script:
        while wall.t < START + at:
            wall.t = min(wall.t + 0.05, START + at)
            await runtime.tick()
        await runtime.act(actor, action)
    wall.t += 30
    await runtime.tick()
    log = [e.to_dict() for e in await store.read("fixed")]
    await store.close()
    if engine_out is not None:
        engine_out.append(runtime.engine)
    assert [e.seq for e in published] == [d["seq"] for d in log]
    return log


SCRIPT = [
    (0.0, "candidate", act.Start()),
    (0.9, "candidate", ev.ContactPickedUp("tchat-livraison")),
    (1.2, "candidate", act.Send("tchat-livraison", "Votre numéro de commande ?")),
    (2.0, "trainer", act.Pause()),
    (5.0, "trainer", act.Resume()),
    (5.5, "candidate", act.Send("tchat-livraison", "Merci, bonne journée.")),
    (6.5, "candidate", ev.ContactClosed("tchat-livraison")),
]


# The test's own runtime loads the mini deck's YAML in its coroutine (open_runtime): 0.59 s on
# a loaded CI neighbour once; the product loads decks off the loop.
@pytest.mark.loop_block_ok(2)
async def test_same_deck_seed_and_inputs_give_the_same_log():
    first = await play(SCRIPT)
    second = await play(SCRIPT)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert len(first) > 10


STEP = 1 / 32  # wall seconds between ticks: exact in binary floats, like the times below


async def test_pause_holds_customer_replies_and_session_end():
    """The test moves only the wall clock and acts; every sim time checked is the runtime's.

    Start at wall +0, ask a question at +1.9375 (the reply is due 6 sim s ± 20 % later,
    that is during the pause), pause from +2 to +5: the reply and the session's end
    come later on the wall by exactly the pause, and the clock stood still meanwhile.
    """
    wall = FakeWall(START)
    published: list[Event] = []
    runtime, store = await open_runtime(wall, published)

    async def run_until(offset: float) -> list[Event]:
        """Move the wall clock to START + offset tick by tick, as the ticker would."""
        ticked: list[Event] = []
        while wall.t < START + offset:
            wall.t = min(wall.t + STEP, START + offset)
            ticked += await runtime.tick()
        return ticked

    contact = "tchat-livraison"
    await runtime.act("candidate", act.Start())
    await run_until(1.0)
    await runtime.act("candidate", ev.ContactPickedUp(contact))
    await run_until(1.9375)
    await runtime.act("candidate", act.Send(contact, "Votre numéro de commande ?"))
    await run_until(2.0)
    await runtime.act("trainer", act.Pause())
    during_pause = await run_until(5.0)
    await runtime.act("trainer", act.Resume())
    await run_until(15.0)
    log = await store.read("fixed")
    await store.close()
    assert [e.seq for e in published] == [e.seq for e in log]

    def only(kind: str, **payload: object) -> Event:
        [event] = [
            e
            for e in log
            if e.type == kind and all(getattr(e.payload, k) == v for k, v in payload.items())
        ]
        return event

    pause_wall, resume_wall = START + 2.0, START + 5.0
    pause_length = resume_wall - pause_wall
    started, paused, resumed = (only(f"session.{k}") for k in ("started", "paused", "resumed"))
    assert (started.wall_time, started.sim_time) == (START, 0.0)
    asked = only("message.sent", reason="", text="Votre numéro de commande ?")
    assert (asked.wall_time, asked.sim_time) == (START + 1.9375, 1.9375 * FACTOR)
    # Paused 2 wall seconds after the start, at ×60; the sim clock stood still until resumed.
    assert (paused.wall_time, paused.sim_time) == (pause_wall, 120.0)
    assert (resumed.wall_time, resumed.sim_time) == (resume_wall, 120.0)

    # Nothing happened while paused, though the reply fell due and the clock kept ticking.
    assert during_pause == []
    assert [e.type for e in log if pause_wall < e.wall_time < resume_wall] == []

    reply = only("message.sent", reason="reply")
    assert reply.actor == "customer"
    assert asked.sim_time + 4.8 <= reply.sim_time <= asked.sim_time + 7.2  # 6 s ± 20 %
    due_wall_unpaused = START + reply.sim_time / FACTOR
    assert pause_wall < due_wall_unpaused < resume_wall  # it was due during the pause
    # It came at the first tick after its due time shifted by the pause, not before.
    shifted = due_wall_unpaused + pause_length
    assert shifted - 1e-9 <= reply.wall_time < shifted + STEP

    # The 10-minute deck ended at sim 600, on the wall 10 s after the start plus the pause.
    ended = only("session.ended")
    assert ended.sim_time == 600.0
    end_wall = START + 600.0 / FACTOR + pause_length
    assert end_wall - 1e-9 <= ended.wall_time < end_wall + STEP
    assert [e.sim_time for e in log] == sorted(e.sim_time for e in log)


async def test_engine_rebuilt_from_the_log_matches_the_live_one():
    live: list[Engine] = []
    log = await play(SCRIPT[:3], live)
    rebuilt = Engine(load_deck(MINI_DECK))
    for data in log:
        rebuilt.apply(Event.from_dict(data))
    assert rebuilt.state.contacts == live[0].state.contacts
    assert rebuilt.state.last_seq == live[0].state.last_seq == log[-1]["seq"]
    # The fold is not vacuous: the events moved the contact away from its initial state.
    assert rebuilt.state.contacts != Engine(load_deck(MINI_DECK)).state.contacts
