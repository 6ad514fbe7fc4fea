"""A call to place (``outbound: true``, MC ACVD C2.2 « de lancement », C1.3 « ÉMETTRE UN
APPEL »): it waits on the desk without ringing, and dialling its customer's number connects
it as a pickup does, the customer answering with the contact's opening line."""

from __future__ import annotations

from omnisim import events as ev
from omnisim.measures import MEASURES
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import project
from omnisim.protocol.actions import CallOut
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim

BOUTIQUE = ROOT / "decks" / "mc_acvd_boutique"
CALL = "04-appel-sortant-conseil"
NUMBER = "06 55 66 77 88"  # M. Perrin's, as the desk shows it
OPENING = "Allô, oui ? Olivier Perrin, j'écoute."


def offered() -> Sim:
    sim = Sim(load_deck(BOUTIQUE))
    sim.run(2700)
    assert sim.engine.state.contacts[CALL].status == "offered"
    return sim


def test_a_call_to_place_does_not_ring_nor_lose_patience_while_it_waits():
    sim = offered()
    start = len(sim.log)
    sim.wait(3600)  # an hour of the fictional day, far past M. Perrin's patience of 90
    c = sim.engine.state.contacts[CALL]
    assert c.status == "offered" and c.waiting_since is None
    assert not sim.of("customer.mood", CALL, start)
    assert not sim.of("contact.switched", CALL, start)
    assert not sim.said(CALL, start)  # nobody speaks on a line nobody has opened


def test_dialling_the_customer_connects_the_call_with_its_opening_line():
    sim = offered()
    start = len(sim.log)
    sim.act(CallOut(NUMBER, "", CALL))
    placed = sim.of("call.outbound", CALL, start)
    assert [e.payload.kind for e in placed] == ["customer"]
    assert sim.of("contact.picked_up", CALL, start)  # handled, as a pickup logs it
    assert sim.engine.state.contacts[CALL].status == "active"
    sim.wait(30)
    assert sim.said(CALL, start) == [(OPENING, "opening", "phone")]  # no second « Allô ? »


def test_the_first_line_placed_with_the_call_is_heard_after_the_opening():
    sim = offered()
    start = len(sim.log)
    hello = "Bonjour Monsieur Perrin, Julie de Maison Verte, je vous rappelle comme promis."
    sim.act(CallOut("+33 6 55 66 77 88", hello, CALL))
    sim.wait(120)
    said = sim.said(CALL, start)
    assert said[0] == (OPENING, "opening", "phone")
    assert len(said) >= 2 and all(channel == "phone" for _, _, channel in said)
    assert sim.of("customer.mood", CALL, start)  # the tone of the line was heard
    # Launched (outbound_placed), handled at once, and never judged as a late pickup.
    view = project(sim.log)
    ctx = MeasureContext(view, sim.deck, sim.engine.rules, {})
    assert MEASURES["outbound_placed"](ctx).passed is True
    assert CALL not in MEASURES["pickup_time"](ctx).value


def test_another_number_reaches_no_one_and_pickup_still_works():
    sim = offered()
    start = len(sim.log)
    sim.act(CallOut("01 23 45 67 89", "", CALL))
    assert [e.payload.kind for e in sim.of("call.outbound", CALL, start)] == ["number"]
    assert sim.engine.state.contacts[CALL].status == "offered"
    sim.act(ev.ContactPickedUp(CALL))  # older decks, the trainer's expectations: accepted
    sim.wait(30)
    assert sim.said(CALL, start)[0][:2] == (OPENING, "opening")
    view = project(sim.log)
    ctx = MeasureContext(view, sim.deck, sim.engine.rules, {})
    assert MEASURES["outbound_placed"](ctx).passed is False  # taken as if it rang


def test_an_inbound_call_is_not_connected_by_dialling_its_caller():
    """Only a call to place connects by dialling: a ringing caller is picked up."""
    sim = Sim(load_deck(ROOT / "decks" / "demo"))
    sim.run(3600)
    ringing = next(
        c.id
        for c in sim.deck.contacts
        if c.channel == "phone" and sim.engine.state.contacts[c.id].status == "offered"
    )
    number = sim.deck.contact(ringing).customer.phone  # type: ignore[union-attr]
    start = len(sim.log)
    sim.act(CallOut(number, "", ringing))
    assert [e.payload.kind for e in sim.of("call.outbound", ringing, start)] == ["number"]
    assert not sim.of("contact.picked_up", ringing, start)
