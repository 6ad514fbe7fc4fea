"""Folding the log into the engine's state: the only code that changes a ``SessionState``.

Kept apart so that a live session and one rebuilt from its stored events go through
the very same code: replaying the log must reproduce the state exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import calls, customer
from omnisim.engine.clock import SimClock
from omnisim.engine.phrases import said_key
from omnisim.engine.reaction import Reactions
from omnisim.engine.state import CallState, ContactState, Pending, SessionState
from omnisim.events import Event
from omnisim.language.match import is_question

# The events folded into the session as a whole (Fold.apply), one isinstance against them
# all: the lines and moods of a conversation, most of a log, go to their contact straight.
SESSION_WIDE = (
    ev.SessionCreated,
    ev.SessionStarted,
    ev.SessionResumed,
    ev.SessionPaused,
    ev.SessionEnded,
    ev.CrmRecordCreated,
    ev.AgendaBooked,
    ev.AgendaCancelled,
    ev.AgendaMoved,
    ev.OutboundCall,
    ev.CallSaid,
    ev.CallEnded,
)


def initial_state(deck: Deck) -> SessionState:
    """The state before the first event: every contact of the deck still pending."""
    state = SessionState(clock=SimClock(deck.time_factor))
    state.contacts = {
        c.id: ContactState(channel=c.channel, mood=c.customer.mood) for c in deck.contacts
    }
    return state


class Fold:
    """Applies events to a state; ``reply_by`` maps a channel to its default reply medium;
    ``reactions`` holds the customer's turn the command planned (engine/reaction.py)."""

    def __init__(
        self,
        deck: Deck,
        seed: int,
        reply_by: Mapping[str, Any],
        reactions: Reactions,
    ) -> None:
        self.deck = deck
        self.seed = seed
        self.reply_by = reply_by
        self.reactions = reactions

    def apply(self, s: SessionState, event: Event) -> None:
        self.reactions.folding()
        p = event.payload
        at = event.sim_time
        s.last_seq, s.last_sim = event.seq, max(s.last_sim, at)
        if not isinstance(p, SESSION_WIDE):
            if hasattr(p, "contact_id") and p.contact_id in s.contacts:
                self._apply_contact(event, s.contacts[p.contact_id])
            return
        factor = s.clock.factor
        if isinstance(p, ev.SessionCreated):
            s.created = p
            s.clock = SimClock(p.time_factor)  # a trainer may run the deck faster or slower
        elif isinstance(p, (ev.SessionStarted, ev.SessionResumed)):
            s.started = True
            s.clock = SimClock(factor, event.wall_time, at, True)
        elif isinstance(p, ev.SessionPaused):
            s.clock = SimClock(factor, event.wall_time, at, False)
        elif isinstance(p, ev.SessionEnded):
            s.ended = True
            s.clock = SimClock(factor, event.wall_time, at, False)
        elif isinstance(p, ev.CrmRecordCreated):
            s.crm_created.append(p.record_id)
        elif isinstance(p, ev.AgendaBooked):
            s.booked.add((p.principal, p.start))
        elif isinstance(p, (ev.AgendaCancelled, ev.AgendaMoved)):
            slot = (p.principal, p.start)
            if slot in s.booked:
                s.booked.discard(slot)
            else:
                s.freed.add(slot)  # one of the deck's appointments
            if isinstance(p, ev.AgendaMoved):
                s.booked.add((p.principal, p.to))
        elif isinstance(p, (ev.OutboundCall, ev.CallSaid, ev.CallEnded)):
            self._apply_call(event, s)

    def _apply_contact(self, event: Event, c: ContactState) -> None:
        p = event.payload
        at = event.sim_time
        if isinstance(p, ev.MessageSent):  # the most frequent first: no event is two kinds
            self._apply_message(event, c)
        elif isinstance(p, ev.CustomerMood):
            c.mood, c.mood_at, c.moved = p.mood, at, True
            c.upset = c.upset or p.mood < 0
            if p.cause in ("waiting", "hold"):
                c.chases += 1
        elif isinstance(p, ev.ContactOffered):
            c.status, c.channel, c.offered_at, c.waiting_since = "offered", p.channel, at, at
            contact = self.deck.contact(p.contact_id)
            if contact is not None and contact.to_place:
                c.waiting_since = None  # a call to place waits for the candidate: no one rings
            c.mood_at, c.upset = at, c.mood < 0
        elif isinstance(p, ev.ContactPickedUp):
            c.status, c.waiting_since, c.chases = "active", at, 0
            contact = self.deck.contact(p.contact_id)
            if contact is not None and not c.opening_said and not c.taken_over:
                # A caller speaks once the call is answered, never while it rings.
                c.pending.insert(0, Pending(at, contact.opening, "opening"))
        elif isinstance(p, ev.ContactHeld):
            c.status, c.waiting_since, c.chases = "held", at, 0
            c.hold_silent = False
        elif isinstance(p, ev.CustomerSilent):
            c.hold_silent = c.hold_silent or p.reason == "on_hold"
        elif isinstance(p, ev.ContactResumed):
            c.status, c.waiting_since, c.chases = "active", at, 0
            for line in c.pending:  # what they held back while on hold, they say now
                line.due = max(line.due, at)
        elif isinstance(p, (ev.ContactClosed, ev.ContactTransferred)):
            c.status = "closed" if isinstance(p, ev.ContactClosed) else "transferred"
            c.pending.clear()
            c.waiting_since = None
            c.call = ""
        elif isinstance(p, ev.ContactEscalated):
            c.escalation, c.upset = p.level, True
        elif isinstance(p, ev.ContactSwitched):
            c.channel, c.switched, c.waiting_since, c.chases = p.channel, True, at, 0
            c.via = ""
        elif isinstance(p, ev.ContactTakenOver):
            c.taken_over = True
            c.pending.clear()
        elif isinstance(p, ev.ContactHandedBack):
            c.taken_over = False

    def _apply_message(self, event: Event, c: ContactState) -> None:
        p = event.payload
        at = event.sim_time
        if event.actor == "candidate":
            c.waiting_since, c.chases, c.replied = None, 0, True
            # The customer answers on the channel the candidate used (a call-back, an
            # e-mail to a chat customer…) and carries on there.
            natural = p.channel in (c.channel, self.reply_by.get(c.channel))
            c.via = "" if natural else p.channel
            contact = self.deck.contact(p.contact_id)
            if contact is None or c.taken_over:
                c.candidate_turns += 1
                return
            turn = self.reactions.respond(
                contact, c, p.text, channel=p.channel, justification=p.justification
            )
            self._take(contact, c, turn, at, "" if natural else p.channel)
            return
        # A customer line (automatic, or typed by a trainer playing the customer).
        if c.pending and c.pending[0].reason == p.reason and c.pending[0].text == p.text:
            c.pending.pop(0)
        c.asked, c.last_line = is_question(p.text), p.text
        c.said.add(said_key(p.text))
        if p.reason == "calmed":
            c.calmed_said = True
        elif p.reason == "chase":
            c.chase_lines += 1
        c.opening_said = True
        if p.reason in customer.SETTLED:
            return  # a goodbye or a "bien reçu" waits for nothing: no chase follows it
        if c.waiting_since is None and c.status in ("offered", "active"):
            c.waiting_since = at

    def _take(
        self,
        contact: Contact,
        c: ContactState,
        turn: customer.Turn,
        at: float,
        channel: str,
        lines: list[tuple[str, str]] | None = None,
    ) -> None:
        """Book a planned turn: its lines (after the customer's thinking time) and bookkeeping."""
        c.candidate_turns += 1
        c.asked = False
        c.revealed.update(turn.revealed)
        c.replies_used += turn.reply_used
        c.evasive_used += turn.own_evasive
        c.evasive_streak = c.evasive_streak + 1 if turn.evasive else 0
        c.traps_fired.update(turn.traps)
        c.next_steps += turn.next_step
        c.awaited_given = c.awaited_given or turn.awaited
        c.proposed = c.proposed or turn.proposed
        c.engaged = turn.engaged  # the last message dealt with the request (schedule.py)
        c.greeted = c.greeted or turn.greeted
        c.left = c.left or turn.left
        due = at + customer.reply_delay(contact, self.seed, c.candidate_turns)
        c.pending.extend(Pending(due, t, r, channel) for t, r in (lines or turn.lines))

    def _apply_call(self, event: Event, s: SessionState) -> None:
        """An outbound call's line (engine/calls.py): placed, spoken on, hung up."""
        p = event.payload
        if isinstance(p, ev.OutboundCall):
            c = s.contacts.get(p.contact_id)
            if p.call_id:
                voicemail = p.kind == "staff" and not calls.staff(self.deck)[p.to].reachable
                s.calls[p.call_id] = CallState(p.to, p.kind, p.contact_id, voicemail=voicemail)
                if c is not None and p.kind == "customer":
                    c.call = p.call_id
            if c is not None and p.kind in ("", "customer"):  # v1: any call on an active contact
                self._apply_callback(event, c)
            return
        call = s.calls.get(p.call_id)
        if call is None:
            return
        if isinstance(p, ev.CallSaid):
            call.said += event.actor == "candidate"
            return
        call.live = False
        c = s.contacts.get(call.contact_id)
        if c is not None and c.call == p.call_id:
            c.call = ""
            c.via = ""  # back on the contact's own channel
            c.pending = [line for line in c.pending if line.channel != "phone"]

    def _apply_callback(self, event: Event, c: ContactState) -> None:
        """The candidate calls the customer back: they pick up and the talk goes on by phone
        (a call only dialled: they pick up and wait for the candidate)."""
        p = event.payload
        contact = self.deck.contact(p.contact_id)
        if contact is None or c.taken_over or c.status != "active":
            return
        c.waiting_since, c.chases, c.replied = None, 0, True
        c.via = "" if c.channel == "phone" else "phone"
        # A call to place just connected: they pick up with its opening line (booked by the
        # pickup), as a caller speaks once answered; a call-back, with a pick-up line.
        opening = not c.opening_said and any(line.reason == "opening" for line in c.pending)
        hello = (
            []
            if opening
            else [(customer.callback_line(self.deck, contact, c, self.seed), "callback")]
        )
        if not p.text.strip():
            c.pending.extend(Pending(event.sim_time, t, r, c.via) for t, r in hello)
            return
        turn = self.reactions.respond(contact, c, p.text, channel="phone", call_back=True)
        lines = hello + [(t, r) for t, r in turn.lines if r != "greeting"]
        self._take(contact, c, turn, event.sim_time, c.via, lines)
