"""An event's JSON-ready dict is made once (omnisim/events ``Event.dumped``) and shared by
the store's encoding and every room's view of its push (omnisim/protocol/views.py); what a
view changes (the stream's name dropped, the candidate's hidden fields and handles) stays
in that view's copy."""

from __future__ import annotations

import json
from typing import Any

from omnisim import events as ev
from omnisim.events import Event
from omnisim.protocol.handles import Handles
from omnisim.protocol.views import project
from omnisim.scenario import load_scenario
from omnisim.store.base import decode, encode
from tests.conftest import MINI_DECK


def test_one_dict_per_event_for_the_store_and_every_view(monkeypatch):
    deck = load_scenario(MINI_DECK).deck
    contact = deck.contacts[0].id
    offered = Event("ex1-c1", 1, 10.0, 30.0, "system", ev.ContactOffered(contact, "chat", "Client"))
    said = Event(
        "ex1-c1",
        2,
        11.0,
        31.0,
        "customer",
        ev.MessageSent(contact, "chat", "Ma commande ?", reason="fact:commande", cc=("a@b.fr",)),
    )
    made: list[Event] = []
    real = Event.to_dict

    def to_dict(self: Event) -> dict[str, Any]:
        made.append(self)
        return real(self)

    monkeypatch.setattr(Event, "to_dict", to_dict)
    stored = [encode(offered), encode(said)]
    handles = Handles(deck)
    seen_by_candidate = handles.view([offered, said])
    seen_by_trainer = [project("trainer", offered), project("trainer", said)]
    seen_by_jury = [project("jury", said)]
    assert made == [offered, said]  # once each, whoever read them

    assert [decode(body) for body in stored] == [offered, said]
    shared = said.dumped()
    assert shared["session_id"] == "ex1-c1" and shared["payload"]["contact_id"] == contact
    assert shared["payload"]["reason"] == "fact:commande"
    candidate = seen_by_candidate[1]
    assert "session_id" not in candidate and "reason" not in candidate["payload"]
    assert candidate["payload"]["contact_id"] == "c1"  # the desk's handle, in its own copy
    trainer = seen_by_trainer[1]
    assert trainer is not None and trainer["payload"]["contact_id"] == contact
    assert trainer["payload"]["reason"] == "fact:commande"
    assert seen_by_jury[0] == trainer and seen_by_jury[0] is not trainer
    assert json.loads(stored[1]) == said.to_dict() == shared
    assert said.to_dict() is not shared  # a dict of one's own, free to change
