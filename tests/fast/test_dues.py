"""The engine keeps each contact's next step between folds (omnisim/engine/dues.py) instead of
walking the deck's schedule at every asking: ``Engine.next_due`` and ``Engine.due`` must give
exactly what the plain walks give (schedule.next_due, schedule.due), after every event of
played sessions on several decks (calls, holds, chats, e-mails, closes, customers called
back and hung up on, silences), at many moments ahead of each, and with the clock paused."""

from __future__ import annotations

from typing import Any

import pytest

from omnisim.engine import schedule
from omnisim.live.attempt import SessionRuntime
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK, ROOT
from tests.random_play import play_checked

# The first play of a process reads the engine's phrase files on the loop: not what is tested.
pytestmark = pytest.mark.loop_block_ok(3)

DECKS = [
    MINI_DECK,
    ROOT / "decks" / "demo",
    ROOT / "decks" / "cp_ffp_banque",
    ROOT / "decks" / "ccs_rc_habitat",
    ROOT / "decks" / "cqp_artisans_loire",
]


def same_as_the_walks(runtime: SessionRuntime) -> None:
    """The kept times answer as the plain walks, now and at moments ahead."""
    engine, deck, state = runtime.engine, runtime.engine.deck, runtime.engine.state
    assert engine.next_due() == schedule.next_due(deck, state), state.last_seq
    base = state.last_sim
    for k in range(0, 60, 3):
        t = base + k * 20.0
        assert engine.due(t) == schedule.due(deck, state, t), (state.last_seq, t)


@pytest.fixture(params=DECKS, ids=lambda d: d.name)
def scenario(request: pytest.FixtureRequest) -> Any:
    """The deck, loaded before the test's loop runs (a deck's YAML takes a while)."""
    return load_scenario(request.param)


async def test_kept_times_answer_as_the_walks(scenario: Any) -> None:
    # About six wall minutes, six simulated hours at ×60; checked after each commit's fold.
    await play_checked(scenario, same_as_the_walks, steps=400, after_each_event=True)
