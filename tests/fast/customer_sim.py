"""A bare engine driven by hand for customer tests: no runtime, no store, sim time set directly."""

from __future__ import annotations

from typing import Any

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.engine import Engine
from omnisim.events import Draft, Event
from omnisim.protocol import actions
from omnisim.scenario.check import load_deck


class Sim:
    """Folds the engine's own drafts back into it, at the sim times the test asks for."""

    def __init__(self, deck: Deck, time_factor: float | None = None) -> None:
        self.deck = deck
        self.factor = time_factor or deck.time_factor
        self.engine = Engine(deck)
        self.log: list[Event] = []
        self.now = 0.0
        created = ev.SessionCreated(deck.id, deck.title, deck.seed, self.factor, deck.language)
        self._record([Draft("system", created)])
        self.act(actions.Start())

    def _record(self, drafts: list[Draft]) -> list[Event]:
        out = []
        for draft in drafts:
            at = draft.sim_time if draft.sim_time is not None else self.now
            event = Event("t", len(self.log) + 1, at / self.factor, at, draft.actor, draft.payload)
            self.engine.apply(event)
            self.log.append(event)
            out.append(event)
        return out

    def act(self, action: Any, actor: str = "candidate") -> list[Event]:
        return self._record(self.engine.act(actor, action))

    def run(self, until: float) -> None:
        """Let the simulation act by itself up to sim time ``until``."""
        while drafts := self.engine.due(until):
            self.now = max(self.now, drafts[0].sim_time or self.now)
            self._record(drafts)
        self.now = max(self.now, until)

    def wait(self, seconds: float) -> None:
        self.run(self.now + seconds)

    def sent(self, contact: str, text: str, **extra: Any) -> list[Event]:
        """The candidate sends ``text`` as the desk does: an e-mail with the subject it fills in."""
        found = self.deck.contact(contact)
        now = self.engine.state.contacts.get(contact)  # a chat may have moved to e-mail
        written = (now.channel if now else found.channel if found else "") in ("email", "complaint")
        if extra.get("channel", "email" if written else "") == "email" and found is not None:
            extra.setdefault("subject", f"RE: {found.subject or found.customer.name}")
        return self.act(actions.Send(contact, text, **extra))

    def send(self, contact: str, text: str, **extra: Any) -> list[Event]:
        """The candidate sends ``text``; returns the customer's events that follow in 5 sim min."""
        start = len(self.log)
        self.sent(contact, text, **extra)
        self.wait(300)
        return [e for e in self.log[start:] if getattr(e.payload, "contact_id", "") == contact]

    def said(self, contact: str, since: int = 0) -> list[tuple[str, str, str]]:
        """(text, reason, channel) of the customer's lines."""
        return [
            (e.payload.text, e.payload.reason, e.payload.channel)
            for e in self.log[since:]
            if e.type == "message.sent"
            and e.actor == "customer"
            and e.payload.contact_id == contact
        ]

    def of(self, kind: str, contact: str, since: int = 0) -> list[Event]:
        return [
            e
            for e in self.log[since:]
            if e.type == kind and getattr(e.payload, "contact_id", "") == contact
        ]


def lines(events: list[Event]) -> list[tuple[str, str]]:
    return [
        (e.payload.text, e.payload.reason)
        for e in events
        if e.type == "message.sent" and e.actor == "customer"
    ]


def picked_up(deck_path: Any, contact_id: str) -> Sim:
    """The deck played until ``contact_id`` arrives, picked up, its opening said."""
    deck = load_deck(deck_path)
    sim = Sim(deck)
    sim.run(deck.contact(contact_id).at + 1)
    sim.act(ev.ContactPickedUp(contact_id))
    sim.wait(2)
    return sim


def reasons(events: list[Event]) -> list[str]:
    """Why the customer said each of their lines (the jury's ``reason``)."""
    return [r for _, r in lines(events)]
