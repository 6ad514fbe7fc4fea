"""The deck's library of extra contacts: never scheduled, offered when a trainer injects one."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from omnisim import events as ev
from omnisim.deck.yamlpos import DeckError
from omnisim.engine import ActionRefused
from omnisim.events import Draft
from omnisim.live.attempt import SessionRuntime
from omnisim.protocol import actions
from omnisim.protocol.views import project
from omnisim.scenario import load_scenario
from omnisim.scenario.check import load_deck
from omnisim.store import open_store
from tests.conftest import MINI_DECK, ROOT
from tests.scripted import FakeWall, play_direct

DEMO = ROOT / "decks" / "demo"


def test_library_contacts_are_never_scheduled():
    deck = load_deck(DEMO)
    extras = {c.id for c in deck.contacts if c.extra}
    assert extras == {"extra-tchat-garantie", "extra-appel-relance"}
    log = asyncio.run(play_direct(DEMO, True))
    offered = {e.payload.contact_id for e in log if isinstance(e.payload, ev.ContactOffered)}
    assert offered and not offered & extras


async def started_runtime() -> tuple[SessionRuntime, FakeWall]:
    scenario = await asyncio.to_thread(load_scenario, DEMO)  # parsing is CPU work
    wall = FakeWall()

    async def publish(events):
        return None

    runtime = SessionRuntime("ex1-c1", scenario, open_store(":memory:"), publish, wall)
    deck = scenario.deck
    created = ev.SessionCreated(deck.id, deck.title, deck.seed, deck.time_factor, deck.language)
    await runtime.record([Draft("system", created), Draft("trainer", ev.SessionStarted())])
    return runtime, wall


async def test_a_trainer_injects_a_library_contact_once():
    runtime, wall = await started_runtime()
    wall.t += 5
    done = await runtime.act("trainer", actions.Inject("extra-tchat-garantie"), "t1")
    offered, opening = done
    assert isinstance(offered.payload, ev.ContactOffered)
    assert (offered.actor, offered.actor_id, offered.payload.customer_name) == (
        "trainer",
        "t1",
        "Sophie Marchal",
    )
    assert isinstance(opening.payload, ev.MessageSent) and opening.actor == "customer"
    assert offered.sim_time == pytest.approx(5 * runtime.engine.state.clock.factor)
    assert project("candidate", offered)["actor"] == "system"  # arrives like any contact
    with pytest.raises(ActionRefused) as again:
        await runtime.act("trainer", actions.Inject("extra-tchat-garantie"), "t1")
    assert again.value.key == "err.inject_already"
    with pytest.raises(ActionRefused) as scheduled:
        await runtime.act("trainer", actions.Inject("deplacer-rdv"), "t1")
    assert scheduled.value.key == "err.inject_not_extra"
    with pytest.raises(ActionRefused) as unknown:
        await runtime.act("trainer", actions.Inject("personne"), "t1")
    assert unknown.value.key == "err.contact_unknown"
    await runtime.store.close()


def test_a_library_contact_with_an_arrival_time_is_refused(tmp_path):
    deck = tmp_path / "deck"
    shutil.copytree(MINI_DECK, deck)
    (deck / "contacts").mkdir()
    (deck / "contacts" / "bonus.yaml").write_text(
        "extra: true\nat: 60\nchannel: chat\ncustomer: {name: Léa}\nopening: Bonjour\n",
        encoding="utf-8",
    )
    with pytest.raises(DeckError) as refused:
        load_deck(deck)
    (problem,) = refused.value.problems
    assert problem.file.endswith("bonus.yaml") and "at" in problem.message
    (deck / "contacts" / "bonus.yaml").write_text(
        "extra: true\nchannel: chat\ncustomer: {name: Léa}\nopening: Bonjour\n", encoding="utf-8"
    )
    assert load_deck(deck).contact("bonus").extra
