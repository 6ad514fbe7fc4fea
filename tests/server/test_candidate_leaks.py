"""Issue 20 (7): nothing a candidate receives names the answer key, on every bundled deck.

Each bundled deck is played over real sockets by the rehearsal's scripted candidates
(omnisim/rehearsal/candidate.py, careful and careless, through tests/scripted.py's driver),
then provoked into every refusal a candidate can meet (tests/refusal_tour.py). Everything the
candidate's connection receives is recorded frame by frame before the client library reads it
(pushes, the answers to joins and actions, refusals), with the candidate's page and its boot
data, and read by tests/leaks.py for the deck's contact, fact, trap and dossier ids, the jury's
texts and the answer key's field names. The jury and the log keep the deck's ids.

A summary of what was covered (decks × message kinds × refusal kinds) is written to
test-artifacts/candidate_leaks/.
"""

from __future__ import annotations

import asyncio
import json

import pytest

import omnisim.web.app  # noqa: F401  imported at collection, not inside the first test's event loop
from omnisim.live import commands
from omnisim.protocol import handles
from omnisim.scenario import load_scenario
from tests.conftest import ROOT, of_type
from tests.leaks import Secrets, Tap, frame_leaks, kinds_of
from tests.refusal_tour import (
    ARTIFACTS,
    BUNDLED,
    RATE,
    deck_needs,
    page_leaks,
    refusal_kinds,
    tour,
)
from tests.scripted import HandCandidate, drive_socket

pytestmark = pytest.mark.server
PACE = 1000.0  # the decks' 120 simulated minutes in 7 wall seconds: the words matter, not times


@pytest.mark.settings(rate_limit=10_000)
@pytest.mark.parametrize("deck", BUNDLED)
@pytest.mark.parametrize("who", ["careful", "careless"])
async def test_a_scripted_candidate_receives_nothing_that_names_the_answer_key(live, deck, who):
    path = ROOT / "decks" / deck
    scenario = await asyncio.to_thread(load_scenario, path)
    secrets = Secrets.of(scenario)
    tap = Tap()
    tokens, _events = await drive_socket(
        live, path, who == "careful", PACE, candidate=HandCandidate, tap=tap
    )
    found = await asyncio.to_thread(frame_leaks, tap.frames, secrets, f"{deck}/{who}")
    found += await page_leaks(live, tokens.candidate, secrets, f"{deck}/{who} page")
    assert found == [], "\n".join(found[:20])
    kinds = kinds_of(tap.frames)
    assert {"push:events", "join", "ack", "event:contact.offered", "event:message.sent"} <= kinds
    # The log, the jury and the trainer keep the deck's ids.
    log = await live.store.read(tokens.session_id)
    offered = {e.payload.contact_id for e in log if e.type == "contact.offered"}
    assert offered and offered <= {c.id for c in scenario.deck.contacts}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"play-{deck}-{who}.json").write_text(
        json.dumps({"deck": deck, "who": who, "frames": len(tap.frames), "kinds": sorted(kinds)})
    )


@pytest.mark.settings(rate_limit=RATE)
@pytest.mark.parametrize("deck", BUNDLED)
async def test_every_refusal_a_candidate_can_meet_names_nothing_of_the_deck(live, deck):
    path = ROOT / "decks" / deck
    scenario = await asyncio.to_thread(load_scenario, path)
    secrets = Secrets.of(scenario)
    met, frames, skipped = await tour(live, path, scenario)
    found = await asyncio.to_thread(frame_leaks, frames, secrets, f"{deck}/refusals")
    assert found == [], "\n".join(found[:20])
    needed = await asyncio.to_thread(deck_needs, scenario)  # parses the sources once
    assert needed - met == set(), f"not provoked on {deck}: {sorted(needed - met)}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"refusals-{deck}.json").write_text(
        json.dumps(
            {
                "deck": deck,
                "refusals": sorted(met),
                "not_on_this_deck": skipped,
                "kinds": sorted(kinds_of(frames)),
            },
            ensure_ascii=False,
        )
    )


def test_every_refusal_kind_is_met_on_some_bundled_deck():
    """What one deck cannot provoke (no phone call to hold…) another does."""
    kinds = refusal_kinds()
    reachable = set().union(*(deck_needs(load_scenario(ROOT / "decks" / d)) for d in BUNDLED))
    assert kinds.candidate - reachable == set()


async def test_the_leak_test_fails_when_the_server_sends_the_decks_ids(live, monkeypatch):
    """The detector over real sockets, on the server as it was before handles (planted leak):
    pushes with the deck's contact ids, refusals that name them."""
    monkeypatch.setattr(handles.Handles, "shown", lambda self, data: data)
    monkeypatch.setattr(handles.Handles, "taken", lambda self, action: action)
    monkeypatch.setattr(commands, "worded", lambda exc, action: exc)
    path = ROOT / "decks" / "demo"
    scenario = await asyncio.to_thread(load_scenario, path)
    tap = Tap()
    tokens = await live.session(path, time_factor=300)  # the first call at 0.4 wall second
    client = await live.connect(tokens.candidate, tap=tap)
    assert (await client.act("start"))["ok"]
    offered = await client.wait_for(of_type("contact.offered"), timeout=10)
    contact = offered["payload"]["contact_id"]
    refused = await client.act("send", {"contact_id": contact, "text": "Bonjour"})
    assert refused["ok"] is False
    found = await asyncio.to_thread(frame_leaks, tap.frames, Secrets.of(scenario), "planted")
    assert any(".payload.contact_id" in f for f in found), found
    assert any(".error" in f for f in found), found
