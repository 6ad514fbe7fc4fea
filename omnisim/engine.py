"""The session engine: decides what happens next, from the deck and the log alone.

No I/O and no clock reading: the runtime gives it events to fold (``apply``),
asks what is due at a sim time (``due``) and what a client's action produces
(``act``). Because its state is a fold of the log, a restarted server rebuilds
it by re-applying the stored events, and a replay reproduces it exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from omnisim import actions as act
from omnisim import events as ev
from omnisim.clock import SimClock
from omnisim.deck import Deck
from omnisim.events import Draft, Event
from omnisim.schema import SchemaError


class ActionRefused(SchemaError):
    """The action is well formed but not possible now (e.g. pickup of a closed contact)."""


@dataclass
class ContactState:
    status: str = "pending"  # pending -> offered -> active -> closed
    offered_at: float | None = None
    opening_said: bool = False
    replies_sent: int = 0
    reply_due: float | None = None  # sim time of the customer's next line


@dataclass
class SessionState:
    created: ev.SessionCreated | None = None
    clock: SimClock = field(default_factory=lambda: SimClock(1.0))
    started: bool = False
    ended: bool = False
    last_seq: int = 0
    contacts: dict[str, ContactState] = field(default_factory=dict)


class Engine:
    def __init__(self, deck: Deck, seed: int | None = None) -> None:
        self.deck = deck
        # Everything random is drawn from here, so a seed replays identically.
        self.random = random.Random(deck.seed if seed is None else seed)
        self.state = SessionState(clock=SimClock(deck.time_factor))
        self.state.contacts = {c.id: ContactState() for c in deck.contacts}

    # -- folding the log -------------------------------------------------
    def apply(self, event: Event) -> None:
        s = self.state
        p = event.payload
        s.last_seq = event.seq
        if isinstance(p, ev.SessionCreated):
            s.created = p
        elif isinstance(p, (ev.SessionStarted, ev.SessionResumed)):
            s.started = True
            s.clock = SimClock(s.clock.factor, event.wall_time, event.sim_time, True)
        elif isinstance(p, ev.SessionPaused):
            s.clock = SimClock(s.clock.factor, event.wall_time, event.sim_time, False)
        elif isinstance(p, ev.SessionEnded):
            s.ended = True
            s.clock = SimClock(s.clock.factor, event.wall_time, event.sim_time, False)
        elif isinstance(p, ev.ContactOffered):
            c = s.contacts[p.contact_id]
            c.status, c.offered_at = "offered", event.sim_time
        elif isinstance(p, ev.ContactPickedUp):
            s.contacts[p.contact_id].status = "active"
        elif isinstance(p, ev.ContactClosed):
            c = s.contacts[p.contact_id]
            c.status, c.reply_due = "closed", None
        elif isinstance(p, ev.MessageSent):
            c = s.contacts[p.contact_id]
            if event.actor == "candidate":
                contact = self.deck.contact(p.contact_id)
                if contact and c.replies_sent < len(contact.replies) and c.reply_due is None:
                    c.reply_due = event.sim_time + contact.reply_delay
            elif event.actor == "customer":
                if c.opening_said:
                    c.replies_sent += 1
                    c.reply_due = None
                c.opening_said = True

    # -- what the simulation does by itself -------------------------------
    def next_due(self) -> float | None:
        """Sim time of the next thing the engine will do unprompted."""
        s = self.state
        if not s.started or s.ended:
            return None
        times = [self.deck.duration]
        for contact in self.deck.contacts:
            c = s.contacts[contact.id]
            if c.status == "pending":
                times.append(contact.at)
            elif c.reply_due is not None:
                times.append(c.reply_due)
        return min(times)

    def due(self, sim_now: float) -> list[Draft]:
        """Everything scheduled at or before ``sim_now``, stamped with its own sim time."""
        s = self.state
        if not s.started or s.ended or not s.clock.running:
            return []
        drafts: list[tuple[float, int, Draft]] = []
        for order, contact in enumerate(self.deck.contacts):
            c = s.contacts[contact.id]
            if c.status == "pending" and contact.at <= sim_now:
                at = contact.at
                offered = ev.ContactOffered(
                    contact.id, contact.channel, contact.customer.name, contact.subject
                )
                drafts.append((at, order, Draft("system", offered, at)))
                opening = ev.MessageSent(contact.id, contact.channel, contact.opening)
                drafts.append((at, order, Draft("customer", opening, at)))
            elif c.reply_due is not None and c.reply_due <= sim_now and c.status != "closed":
                line = contact.replies[c.replies_sent]
                reply = ev.MessageSent(contact.id, contact.channel, line)
                drafts.append((c.reply_due, order, Draft("customer", reply, c.reply_due)))
        if self.deck.duration <= sim_now:
            drafts.append(
                (
                    self.deck.duration,
                    1 << 30,
                    Draft("system", ev.SessionEnded("duration_elapsed"), self.deck.duration),
                )
            )
        drafts.sort(key=lambda item: (item[0], item[1]))
        return [d for _, _, d in drafts]

    # -- what clients ask ---------------------------------------------------
    def act(self, actor: str, action: Any) -> list[Draft]:
        s = self.state
        who: Any = actor
        if isinstance(action, act.Start):
            if s.started:
                raise ActionRefused("type", "the session has already started")
            return [Draft(who, ev.SessionStarted())]
        if s.ended:
            raise ActionRefused("type", "the session has ended")
        if not s.started:
            raise ActionRefused("type", "the session has not started yet")
        if isinstance(action, act.Pause):
            if not s.clock.running:
                raise ActionRefused("type", "the session is already paused")
            return [Draft(who, ev.SessionPaused())]
        if isinstance(action, act.Resume):
            if s.clock.running:
                raise ActionRefused("type", "the session is not paused")
            return [Draft(who, ev.SessionResumed())]
        if not s.clock.running:
            raise ActionRefused("type", "the session is paused")
        contact_id = action.contact_id
        c = s.contacts.get(contact_id)
        if c is None or c.status == "pending":
            raise ActionRefused("contact_id", f"no contact {contact_id!r} in the workspace")
        if isinstance(action, act.Pickup):
            if c.status != "offered":
                raise ActionRefused("contact_id", f"contact {contact_id!r} is not waiting")
            return [Draft(who, ev.ContactPickedUp(contact_id))]
        if c.status == "closed":
            raise ActionRefused("contact_id", f"contact {contact_id!r} is closed")
        if c.status != "active":
            raise ActionRefused("contact_id", f"pick up contact {contact_id!r} first")
        if isinstance(action, act.Send):
            channel = self.deck.contact(contact_id).channel  # type: ignore[union-attr]
            return [Draft(who, ev.MessageSent(contact_id, channel, action.text))]
        if isinstance(action, act.Close):
            return [Draft(who, ev.ContactClosed(contact_id))]
        raise ActionRefused("type", f"unsupported action {type(action).__name__}")
