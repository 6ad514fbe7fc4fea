"""The simulated clock and the engine, without any server: determinism and pauses."""

from __future__ import annotations

import json

from omnisim import actions as act
from omnisim import events as ev
from omnisim.clock import SimClock
from omnisim.deck import load_deck
from omnisim.engine import Engine
from omnisim.events import Draft, Event
from omnisim.runtime import SessionRuntime
from omnisim.store import open_store
from tests.conftest import MINI_DECK


def test_clock_runs_at_the_deck_factor_and_stands_still_when_paused():
    clock = SimClock(8.0, anchor_wall=100.0, anchor_sim=0.0, running=True)
    assert clock.now(101.0) == 8.0
    assert clock.wall_at(80.0) == 110.0
    paused = SimClock(8.0, anchor_wall=105.0, anchor_sim=40.0, running=False)
    assert paused.now(500.0) == 40.0
    assert paused.wall_at(80.0) is None


class FakeWall:
    def __init__(self) -> None:
        self.t = 1_000.0

    def __call__(self) -> float:
        return self.t


async def play(
    script: list[tuple[float, str, object]], engine_out: list | None = None
) -> list[dict]:
    """Run the mini deck with candidate inputs at given wall offsets; return the log."""
    store = open_store(":memory:")
    wall = FakeWall()
    published: list[Event] = []

    async def publish(events):
        published.extend(events)

    runtime = SessionRuntime("fixed", load_deck(MINI_DECK), store, publish, wall)
    created = ev.SessionCreated("mini", "Mini", "", 7, 60.0, "fr", "a", "b", "c")
    await runtime.record([Draft("system", created)])
    for at, actor, action in script:
        while wall.t < 1_000.0 + at:
            wall.t = min(wall.t + 0.05, 1_000.0 + at)
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


async def test_same_deck_seed_and_inputs_give_the_same_log():
    first = await play(SCRIPT)
    second = await play(SCRIPT)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert len(first) > 10


async def test_pause_holds_customer_replies_and_session_end():
    log = await play(SCRIPT)
    by_type = [(e["type"], e["actor"], e["sim_time"]) for e in log]
    # Sim times: started at 0; ×60; paused at wall 2.0 → sim 120 until wall 5.0.
    assert ("session.paused", "trainer", 120.0) in by_type
    assert ("session.resumed", "trainer", 120.0) in by_type
    second_send = next(
        e for e in log if e["type"] == "message.sent" and e["payload"]["text"].startswith("Merci")
    )
    assert second_send["sim_time"] == 150.0  # wall 5.5: 120 + 0.5 × 60
    # The whole 10-minute deck ended at sim 600 even though the wall clock ran on.
    assert log[-1]["type"] == "session.ended" and log[-1]["sim_time"] == 600.0


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
