"""Every certification deck end to end over real socket.io, played by the careful and the
careless candidate, graded from the stored log against the hand-written goldens.

At 100 times the deck's pace the candidate's pauses shrink with the simulated time, so the
measures of human-scale durations (``pickup_time``, ``hold_duration``: real seconds; a chat's
2-minute ``reply_time_sla``) cannot be reproduced here; their criteria are checked on the
deck's own pace in tests/fast/test_bundled_decks.py. Every other criterion the software
decides is checked.
"""

from __future__ import annotations

import asyncio

import pytest

import omnisim.web.app  # noqa: F401  imported at collection, not inside the first test's event loop
from omnisim.grading import grade
from omnisim.measures import compute_all
from omnisim.scenario import load_scenario
from tests.conftest import ROOT
from tests.fast.test_bundled_decks import CERTIFICATION_DECKS, candidate_entry, compare, goldens
from tests.scripted import play_deck_socket

pytestmark = pytest.mark.server
FAST = 600.0  # the decks' 120 simulated minutes in 12 wall seconds
# A chat's reply deadline (2 simulated minutes) is 0.2 wall second at this pace: the scheduling
# jitter of a loaded machine alone exceeds it (mc_acvd_fibre's chat answered in 2.5 simulated
# minutes over sockets, 0.9 at the deck's pace), so reply_time_sla is checked at the deck's own
# pace too.
HUMAN_SCALE = {"pickup_time", "hold_duration", "reply_time_sla"}


@pytest.mark.settings(rate_limit=10_000)
@pytest.mark.parametrize("deck", CERTIFICATION_DECKS)
@pytest.mark.parametrize("who", ["careful", "careless"])
async def test_deck_over_sockets_is_graded_as_its_golden(live, deck, who):
    path = ROOT / "decks" / deck
    tokens = await play_deck_socket(live, path, who == "careful", FAST)
    log = await live.store.read(tokens.session_id)
    scenario = await asyncio.to_thread(load_scenario, path)
    results = compute_all(log, scenario)
    checked = 0
    for grid_id, golden in goldens(deck).items():
        sheet = grade(scenario.grids[grid_id], results)
        kept = [v for v in sheet.verdicts if not HUMAN_SCALE & set(v.criterion.measures)]
        decided = [v for v in kept if v.proposed != "a_apprecier"]
        assert decided, (deck, grid_id, who)
        checked += len(decided)
        wrong, _known = compare(type(sheet)(sheet.grid, tuple(kept)), candidate_entry(golden, who))
        assert wrong == [], (deck, grid_id, who)
    offered = {e.payload.contact_id for e in log if e.type == "contact.offered"}
    assert offered == {c.id for c in scenario.deck.contacts}  # every contact was played
    assert checked >= 3
