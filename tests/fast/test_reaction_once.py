"""The customer's reaction to a line is worked out once, live, and a replay gets the same.

engine/reaction.py keeps the turn the command planned for the fold of the same line. That
holds only because the fold changes nothing the reaction reads before it reacts: these
tests watch what customer.respond reads and what the fold has changed when it calls it, on
conversations that move the talk to another channel, call the customer back, answer,
recap, greet, insult and say goodbye.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from omnisim import events as ev
from omnisim.engine import Engine, customer
from omnisim.engine.reaction import FOLDED_FIRST
from omnisim.engine.state import ContactState
from omnisim.events import Event
from omnisim.protocol.actions import CallOut, Send
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim

FR = ROOT / "tests" / "decks" / "conversing"
LINES = (
    "Bonjour, Cabinet Martin, Julie à votre écoute.",
    "Quelle était la date du rendez-vous ?",
    "Quel est votre numéro de dossier ?",
    "Je récapitule : lundi 16 mars à 10 h 30, à la place du vendredi 13 mars 9 h 30.",
    "Quelle est la couleur de votre voiture ?",
    "Je suis vraiment désolée pour l'attente, je vous prie de m'excuser, madame.",
    "Vous êtes vraiment pénible, madame.",
    "slt c koi ton pb stp",
    "Je ne peux pas communiquer cette information.",
    "Merci, bonne journée, au revoir.",
)


class Watched:
    """A contact's state that notes every field read through it."""

    def __init__(self, c: ContactState) -> None:
        self._c, self.reads = c, set[str]()

    def __getattr__(self, name: str) -> Any:
        self.reads.add(name)
        return getattr(self._c, name)


def play() -> Sim:
    """A phone call, a chat moved to e-mail and back, an SMS customer called back."""
    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    for line in LINES:
        sim.send("appel", line)
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    sim.send("tchat", "Bonjour, que puis-je faire pour vous ?")
    why = "Une trace écrite vous sera utile."
    sim.send("tchat", "Quand êtes-vous disponible ?", channel="email", justification=why)
    sim.send("tchat", "Je vous confirme la date par mail.", channel="email", justification=why)
    sim.send("tchat", "Je reviens vers vous ici, sur le tchat.")
    sim.run(1201)
    sim.act(ev.ContactPickedUp("sms"))
    sim.act(CallOut("06 12 45 78 90", "Bonjour monsieur Dupont, je vous rappelle.", "sms"))
    sim.wait(120)
    for line in LINES[1:4]:
        sim.send("sms", line, channel="phone")
    return sim


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ContactState, set[str]]]]:
    """Every customer.respond call: the contact, its state as the call found it, the reads."""
    calls: list[tuple[str, ContactState, set[str]]] = []
    respond = customer.respond

    def spied(deck: Any, contact: Any, c: ContactState, *args: Any, **kwargs: Any) -> Any:
        seen = Watched(c)
        turn = respond(deck, contact, seen, *args, **kwargs)  # type: ignore[arg-type]
        calls.append((contact.id, copy.deepcopy(c), seen.reads))
        return turn

    monkeypatch.setattr(customer, "respond", spied)
    yield calls


def lines_sent(sim: Sim) -> int:
    return sum(1 for e in sim.log if e.type == "message.sent" and e.actor == "candidate") + sum(
        1 for e in sim.log if e.type == "call.outbound" and e.payload.text
    )


def test_live_the_reaction_is_worked_out_once_per_line_and_never_reads_what_the_fold_sets_first(
    watched,
):
    sim = play()
    assert len(watched) == lines_sent(sim) > len(LINES)  # the command's; the fold took it
    reads = set().union(*(r for *_, r in watched))
    assert {"candidate_turns", "mood", "said", "revealed", "channel"} <= reads  # it watches
    assert not reads & FOLDED_FIRST, reads & FOLDED_FIRST


def test_a_replay_works_it_out_in_the_fold_where_only_fields_it_never_reads_have_changed(
    watched,
):
    sim = play()
    watched.clear()
    rebuilt = Engine(sim.deck)
    changed: set[str] = set()
    for stored in sim.log:
        event = Event.from_dict(stored.to_dict())
        before = copy.deepcopy(rebuilt.state.contacts)
        made = len(watched)
        rebuilt.apply(event)
        for contact_id, at_call, _ in watched[made:]:
            was = dataclasses.asdict(before[contact_id])
            now = dataclasses.asdict(at_call)
            changed |= {name for name in was if was[name] != now[name]}
    assert len(watched) == lines_sent(sim)
    assert changed and changed <= FOLDED_FIRST, changed  # "via" moved with the e-mail
    reads = set().union(*(r for *_, r in watched))
    assert not reads & changed
    assert rebuilt.state.contacts == sim.engine.state.contacts


def test_a_fold_in_between_drops_the_planned_turn(watched):
    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(30)
    planned = sim.engine.act("candidate", Send("appel", LINES[1]))
    assert len(watched) == 1
    # Something else is folded before the line (here a note the desk sent meanwhile).
    sim._record(sim.engine.act("candidate", ev.ContactNoted("appel", "rappel demain")))
    sim._record(planned)
    assert len(watched) == 2  # worked out again, from the state the fold has
