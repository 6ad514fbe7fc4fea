"""A transferred contact takes its wrap-up code, as a real desk does (« transfert »): the close
is logged and the projection shows it closed, but the conversation ended with the transfer, so
it is no call the candidate finished themselves (satisfaction, leave-taking, look-ups)."""

from __future__ import annotations

import pytest

from omnisim import events as ev
from omnisim.engine import ActionRefused
from omnisim.measures.checking import satisfaction_check
from omnisim.measures.context import MeasureContext
from omnisim.measures.conversation import closing
from omnisim.projection.workspace import project
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim

FR = ROOT / "tests" / "decks" / "conversing"


def _transferred() -> Sim:
    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(2)
    sim.send("appel", "Cabinet du docteur Martin, bonjour. Je vous passe le docteur.")
    sim.act(ev.ContactTransferred("appel", "dr-martin"))
    sim.wait(20)
    return sim


def test_a_transferred_call_is_closed_with_its_wrap_up_code_and_shown_closed():
    sim = _transferred()
    with pytest.raises(ActionRefused) as still:  # nothing more is said to a caller passed on
        sim.send("appel", "Allô ?")
    assert still.value.key == "err.contact_transferred"
    out = sim.act(ev.ContactClosed("appel", "transferred"))
    assert [e.type for e in out] == ["contact.closed"]  # nobody cut off, no call to end
    c = project(sim.log).contacts["appel"]
    assert (c.status, c.wrap_up, c.transferred_to) == ("closed", "transferred", "dr-martin")
    assert c.transferred is not None and c.closed is not None
    assert c.transferred.seq < c.closed.seq
    assert c.ended == c.transferred and not c.finished_here


def test_the_wrap_up_after_a_transfer_is_checked_and_taken_once():
    sim = _transferred()
    with pytest.raises(ActionRefused) as unknown:
        sim.act(ev.ContactClosed("appel", "no-such-code"))
    assert unknown.value.field == "wrap_up"
    sim.act(ev.ContactClosed("appel", "transferred"))
    with pytest.raises(ActionRefused) as again:
        sim.act(ev.ContactClosed("appel", "resolved"))
    assert again.value.key == "err.contact_closed"


def test_a_call_closed_after_its_transfer_is_no_call_the_candidate_finished():
    deck = load_deck(FR)
    sim = _transferred()
    sim.act(ev.ContactClosed("appel", "transferred"))
    ctx = MeasureContext(project(sim.log), deck, dict(sim.engine.rules), {})
    assert "appel" not in satisfaction_check(ctx).value
    assert "appel" not in closing(ctx).value


def test_a_call_the_candidate_closes_themselves_is_still_finished_here():
    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.act(ev.ContactClosed("appel", "resolved"))
    c = project(sim.log).contacts["appel"]
    assert c.finished_here and c.ended == c.closed and c.transferred is None
