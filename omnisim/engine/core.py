"""The session engine: no I/O and no clock reading.

The runtime gives it events to fold (``apply``), asks what is due at a sim time
(``due``) and what a client's action produces (``act``). Its state is a fold of
the log, so a restarted server rebuilds it by re-applying the stored events and
a replay reproduces it exactly. Everything random is seeded from the session.
"""

from __future__ import annotations

from typing import Any, Literal

from omnisim import actions
from omnisim import events as ev
from omnisim.clock import SimClock
from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.deck.rules import effective_rules
from omnisim.engine import customer
from omnisim.engine.state import ContactState, SessionState
from omnisim.events import Draft, Event
from omnisim.schema import SchemaError

CONVERSATION = ("chat", "phone", "sms", "email", "complaint")


class ActionRefused(SchemaError):
    """The action is well formed but not possible now (e.g. pickup of a closed contact)."""


class Engine:
    def __init__(self, deck: Deck, seed: int | None = None) -> None:
        self.deck = deck
        self.seed = deck.seed if seed is None else seed
        self.state = SessionState(clock=SimClock(deck.time_factor))
        self.state.contacts = {
            c.id: ContactState(channel=c.channel, mood=c.customer.mood) for c in deck.contacts
        }
        self._staff = {s.id for p in deck.principals for s in p.staff}
        self._records = {r.id for r in deck.crm}
        rules = effective_rules(deck)
        self._max_hold = rules["phone"].max_lines_on_hold or 3
        self._reply_by: dict[str, Any] = {ch: r.reply_by or ch for ch, r in rules.items()}
        self._handlers = self._handler_table()

    def _contact(self, contact_id: str) -> tuple[Contact, ContactState]:
        contact = self.deck.contact(contact_id)
        state = self.state.contacts.get(contact_id)
        if contact is None or state is None or state.status == "pending":
            raise ActionRefused("contact_id", f"no contact {contact_id!r} in the workspace")
        return contact, state

    # -- folding the log ----------------------------------------------------------
    def apply(self, event: Event) -> None:
        s = self.state
        p = event.payload
        at = event.sim_time
        s.last_seq, s.last_sim = event.seq, max(s.last_sim, at)
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
        elif hasattr(p, "contact_id") and p.contact_id in s.contacts:
            self._apply_contact(event, s.contacts[p.contact_id])

    def _apply_contact(self, event: Event, c: ContactState) -> None:
        p = event.payload
        at = event.sim_time
        if isinstance(p, ev.ContactOffered):
            c.status, c.channel, c.offered_at, c.waiting_since = "offered", p.channel, at, at
            c.mood_at, c.upset = at, c.mood < 0
        elif isinstance(p, ev.ContactPickedUp):
            c.status, c.waiting_since, c.chases = "active", at, 0
        elif isinstance(p, ev.MessageSent):
            self._apply_message(event, c)
        elif isinstance(p, ev.CustomerMood):
            c.mood, c.mood_at, c.moved = p.mood, at, True
            c.upset = c.upset or p.mood < 0
            if p.cause in ("waiting", "hold"):
                c.chases += 1
        elif isinstance(p, ev.ContactHeld):
            c.status, c.waiting_since, c.chases = "held", at, 0
        elif isinstance(p, ev.ContactResumed):
            c.status, c.waiting_since, c.chases = "active", at, 0
        elif isinstance(p, (ev.ContactClosed, ev.ContactTransferred)):
            c.status = "closed" if isinstance(p, ev.ContactClosed) else "transferred"
            c.pending.clear()
            c.waiting_since = None
        elif isinstance(p, ev.ContactEscalated):
            c.escalation, c.upset = p.level, True
        elif isinstance(p, ev.ContactSwitched):
            c.channel, c.switched, c.waiting_since, c.chases = p.channel, True, at, 0
        elif isinstance(p, ev.ContactTakenOver):
            c.taken_over = True
            c.pending.clear()
        elif isinstance(p, ev.ContactHandedBack):
            c.taken_over = False

    def _apply_message(self, event: Event, c: ContactState) -> None:
        p = event.payload
        at = event.sim_time
        if event.actor == "candidate":
            c.waiting_since, c.chases = None, 0
            if p.channel not in (c.channel, self._reply_by.get(c.channel)):
                return  # answered elsewhere (SMS confirmation…): the conversation itself waits on
            c.candidate_turns += 1
            contact = self.deck.contact(p.contact_id)
            if contact is not None and not c.taken_over:
                c.pending.extend(customer.answer(contact, c, p.text, at, self.seed))
            return
        # A customer line (automatic, or typed by a trainer playing the customer).
        if c.pending and c.pending[0].reason == p.reason and c.pending[0].text == p.text:
            c.pending.pop(0)
        if p.reason == "calmed":
            c.calmed_said = True
        elif p.reason == "chase":
            c.chase_lines += 1
        c.opening_said = True
        if c.waiting_since is None and c.status in ("offered", "active"):
            c.waiting_since = at

    # -- what the simulation does by itself -----------------------------------------
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
                continue
            if c.taken_over or not c.open:
                continue
            times.extend(line.due for line in c.pending[:1])
            if c.waiting_since is not None:
                times.append(c.waiting_since + contact.customer.patience * (c.chases + 1))
            if self._reaction(contact, c):
                times.append(c.mood_at)
        return min(times)

    def due(self, sim_now: float) -> list[Draft]:
        """Everything scheduled at or before ``sim_now``, each stamped with its own sim time.

        At most one step per contact: the runtime folds the result and asks again,
        so each decision sees the consequences of the previous one.
        """
        s = self.state
        if not s.started or s.ended or not s.clock.running:
            return []
        drafts: list[tuple[float, int, list[Draft]]] = []
        for order, contact in enumerate(self.deck.contacts):
            c = s.contacts[contact.id]
            step = self._step(contact, c, sim_now)
            if step:
                drafts.append((step[0].sim_time or 0.0, order, step))
        if not drafts and self.deck.duration <= sim_now:
            end = ev.SessionEnded("duration_elapsed")
            return [Draft("system", end, self.deck.duration)]
        if not drafts:
            return []
        drafts.sort(key=lambda item: (item[0], item[1]))
        return drafts[0][2]

    def _step(self, contact: Contact, c: ContactState, now: float) -> list[Draft]:
        if c.status == "pending":
            if contact.at > now:
                return []
            at = contact.at
            who = contact.customer
            sender = who.email if contact.channel in ("email", "complaint") else who.phone
            offered = ev.ContactOffered(
                contact.id, contact.channel, who.name, contact.subject, sender, contact.attachments
            )
            opening = ev.MessageSent(
                contact.id,
                contact.channel,
                contact.opening,
                subject=contact.subject,
                reason="opening",
            )
            return [Draft("system", offered, at), Draft("customer", opening, at)]
        if c.taken_over or not c.open:
            return []
        reaction = self._reaction(contact, c)
        if reaction and c.mood_at <= now:
            return reaction
        if c.pending and c.pending[0].due <= now:
            line = c.pending[0]
            message = ev.MessageSent(contact.id, c.channel, line.text, reason=line.reason)
            return [Draft("customer", message, line.due)]
        if c.waiting_since is not None:
            at = c.waiting_since + contact.customer.patience * (c.chases + 1)
            if at <= now:
                return self._lose_patience(contact, c, at)
        return []

    def _reaction(self, contact: Contact, c: ContactState) -> list[Draft]:
        """Escalation or calming once the mood crosses a deck threshold (at mood_at)."""
        if not c.moved:
            return []  # thresholds react to a change, not to the mood the deck starts with
        r = contact.reactions
        at = c.mood_at
        say = lambda text, reason: Draft(  # noqa: E731
            "customer",
            ev.MessageSent(contact.id, c.channel, text, reason=reason),
            at,
        )
        if c.mood < r.complaint_below and c.escalation != "complaint":
            lines = [say(r.complaint_line, "complaint")] if r.complaint_line else []
            return [*lines, Draft("customer", ev.ContactEscalated(contact.id, "complaint"), at)]
        if c.mood < r.supervisor_below and not c.escalation:
            lines = [say(r.supervisor_line, "supervisor")] if r.supervisor_line else []
            return [*lines, Draft("customer", ev.ContactEscalated(contact.id, "supervisor"), at)]
        if c.upset and not c.calmed_said and c.mood >= r.calmed_above and r.calmed_line:
            return [say(r.calmed_line, "calmed")]
        return []

    def _lose_patience(self, contact: Contact, c: ContactState, at: float) -> list[Draft]:
        r = contact.reactions
        cause: Literal["hold", "waiting"] = "hold" if c.status == "held" else "waiting"
        mood = ev.CustomerMood(contact.id, customer.clamp(c.mood - customer.WAIT_PENALTY), cause)
        drafts = [Draft("customer", mood, at)]
        ringing = c.status == "offered" and c.channel == "phone"
        if c.chase_lines < len(r.chase) and not ringing:
            line = ev.MessageSent(contact.id, c.channel, r.chase[c.chase_lines], reason="chase")
            drafts.insert(0, Draft("customer", line, at))
        elif c.chase_lines >= len(r.chase) and r.switch_channel_to and not c.switched:
            to = r.switch_channel_to
            drafts = [Draft("customer", ev.ContactSwitched(contact.id, to), at)]
            if r.switch_message:
                drafts.append(
                    Draft(
                        "customer",
                        ev.MessageSent(contact.id, to, r.switch_message, reason="switch"),
                        at,
                    )
                )
        elif c.mood <= -1.0:
            return []
        return drafts

    # -- what clients ask ------------------------------------------------------------
    def act(self, actor: str, action: Any) -> list[Draft]:
        s = self.state
        who: Any = actor
        if isinstance(action, actions.Start):
            if s.started:
                raise ActionRefused("type", "the session has already started")
            return [Draft(who, ev.SessionStarted())]
        if s.ended:
            raise ActionRefused("type", "the session has ended")
        if not s.started:
            raise ActionRefused("type", "the session has not started yet")
        if isinstance(action, actions.Pause):
            if not s.clock.running:
                raise ActionRefused("type", "the session is already paused")
            return [Draft(who, ev.SessionPaused())]
        if isinstance(action, actions.Resume):
            if s.clock.running:
                raise ActionRefused("type", "the session is not paused")
            return [Draft(who, ev.SessionResumed())]
        if isinstance(action, actions.Stop):
            return [Draft(who, ev.SessionEnded("trainer_stopped"))]
        if not s.clock.running:
            raise ActionRefused("type", "the session is paused")
        handler = self._handlers.get(type(action))
        if handler is None:
            raise ActionRefused("type", f"unsupported action {type(action).__name__}")
        result: list[Draft] = handler(who, action)
        return result

    def _handler_table(self) -> dict[type, Any]:
        """Each action record (see omnisim/actions.py) and the check that turns it into events."""
        return {
            ev.ContactPickedUp: self._act_pickup,
            actions.Send: self._act_send,
            ev.ContactClosed: self._act_close,
            ev.ContactHeld: self._act_hold,
            ev.ContactResumed: self._act_unhold,
            ev.ContactTransferred: self._act_transfer,
            ev.OutboundCall: self._act_callout,
            ev.ContactTakenOver: self._act_takeover,
            ev.ContactHandedBack: self._act_handback,
            actions.Say: self._act_say,
            actions.CrmCreate: self._act_crmcreate,
            ev.CrmRecordUpdated: self._act_crmupdate,
            ev.CrmTraced: self._act_crmtrace,
            ev.CrmFollowupSet: self._act_crmfollowup,
            ev.AgendaBooked: self._act_agendabook,
            ev.AgendaCancelled: self._act_agendacancel,
            ev.MessageTaken: self._act_takemessage,
            ev.ReportWritten: self._act_report,
        }

    def _act_pickup(self, who: Any, a: ev.ContactPickedUp) -> list[Draft]:
        _, c = self._contact(a.contact_id)
        if c.status != "offered":
            raise ActionRefused("contact_id", f"contact {a.contact_id!r} is not waiting")
        return [Draft(who, a)]

    def _active(self, contact_id: str, *allowed: str) -> tuple[Contact, ContactState]:
        contact, c = self._contact(contact_id)
        if c.status in ("closed", "transferred"):
            raise ActionRefused("contact_id", f"contact {contact_id!r} is {c.status}")
        if c.status == "offered":
            raise ActionRefused("contact_id", f"pick up contact {contact_id!r} first")
        if c.status not in allowed:
            raise ActionRefused("contact_id", f"contact {contact_id!r} is on hold, resume it first")
        return contact, c

    def _act_send(self, who: Any, a: actions.Send) -> list[Draft]:
        contact, c = self._active(a.contact_id, "active")
        channel = a.channel or self._reply_by.get(c.channel, c.channel)
        message = ev.MessageSent(
            a.contact_id,
            channel,
            a.text,
            subject=a.subject,
            justification=a.justification,
        )
        drafts = [Draft(who, message)]
        if not c.taken_over and channel in (c.channel, self._reply_by.get(c.channel)):
            delta, score, analyser = customer.tone_shift(a.text, contact.customer.language)
            mood = ev.CustomerMood(
                a.contact_id, customer.clamp(c.mood + delta), "tone", score, analyser
            )
            drafts.append(Draft("customer", mood))
        return drafts

    def _act_close(self, who: Any, a: ev.ContactClosed) -> list[Draft]:
        self._active(a.contact_id, "active", "held")
        return [Draft(who, a)]

    def _act_hold(self, who: Any, a: ev.ContactHeld) -> list[Draft]:
        _, c = self._active(a.contact_id, "active")
        if c.channel != "phone":
            raise ActionRefused("contact_id", "only a phone call can be put on hold")
        held = sum(1 for x in self.state.contacts.values() if x.status == "held")
        if held >= self._max_hold:
            raise ActionRefused("contact_id", f"all {self._max_hold} lines are already on hold")
        return [Draft(who, a)]

    def _act_unhold(self, who: Any, a: ev.ContactResumed) -> list[Draft]:
        self._active(a.contact_id, "held")
        return [Draft(who, a)]

    def _act_transfer(self, who: Any, a: ev.ContactTransferred) -> list[Draft]:
        self._active(a.contact_id, "active", "held")
        if a.to not in self._staff:
            known = ", ".join(sorted(self._staff)) or "none"
            raise ActionRefused("to", f"nobody called {a.to!r} to transfer to (known: {known})")
        return [Draft(who, a)]

    def _act_callout(self, who: Any, a: ev.OutboundCall) -> list[Draft]:
        if a.contact_id:
            self._contact(a.contact_id)
        return [Draft(who, a)]

    def _act_takeover(self, who: Any, a: ev.ContactTakenOver) -> list[Draft]:
        _, c = self._contact(a.contact_id)
        if c.taken_over:
            raise ActionRefused("contact_id", f"contact {a.contact_id!r} is already taken over")
        return [Draft(who, a)]

    def _act_handback(self, who: Any, a: ev.ContactHandedBack) -> list[Draft]:
        _, c = self._contact(a.contact_id)
        if not c.taken_over:
            raise ActionRefused("contact_id", f"contact {a.contact_id!r} is not taken over")
        return [Draft(who, a)]

    def _act_say(self, who: Any, a: actions.Say) -> list[Draft]:
        _, c = self._contact(a.contact_id)
        if not c.taken_over:
            raise ActionRefused("contact_id", "take over the customer before speaking for them")
        if not c.open:
            raise ActionRefused("contact_id", f"contact {a.contact_id!r} is {c.status}")
        return [Draft(who, ev.MessageSent(a.contact_id, c.channel, a.text, reason="trainer"))]

    def _record(self, record_id: str) -> None:
        if record_id and record_id not in self._records and record_id not in self.state.crm_created:
            raise ActionRefused("record_id", f"no CRM record {record_id!r}")

    def _known_contact(self, contact_id: str) -> None:
        if contact_id:
            self._contact(contact_id)

    def _act_crmcreate(self, who: Any, a: actions.CrmCreate) -> list[Draft]:
        self._known_contact(a.contact_id)
        if not a.fields.get("last_name", "").strip():
            raise ActionRefused("fields.last_name", "a record needs a last name")
        record_id = f"new-{len(self.state.crm_created) + 1}"
        return [Draft(who, ev.CrmRecordCreated(record_id, a.fields, a.contact_id))]

    def _act_crmupdate(self, who: Any, a: ev.CrmRecordUpdated) -> list[Draft]:
        self._known_contact(a.contact_id)
        self._record(a.record_id)
        return [Draft(who, a)]

    def _act_crmtrace(self, who: Any, a: ev.CrmTraced) -> list[Draft]:
        self._known_contact(a.contact_id)
        self._record(a.record_id)
        return [Draft(who, a)]

    def _act_crmfollowup(self, who: Any, a: ev.CrmFollowupSet) -> list[Draft]:
        self._known_contact(a.contact_id)
        self._record(a.record_id)
        return [Draft(who, a)]

    def _principal(self, principal_id: str) -> None:
        if self.deck.principal(principal_id) is None:
            raise ActionRefused("principal", f"no principal {principal_id!r}")

    def _act_agendabook(self, who: Any, a: ev.AgendaBooked) -> list[Draft]:
        self._principal(a.principal)
        self._known_contact(a.contact_id)
        self._record(a.record_id)
        return [Draft(who, a)]

    def _act_agendacancel(self, who: Any, a: ev.AgendaCancelled) -> list[Draft]:
        self._principal(a.principal)
        self._known_contact(a.contact_id)
        return [Draft(who, a)]

    def _act_takemessage(self, who: Any, a: ev.MessageTaken) -> list[Draft]:
        self._principal(a.principal)
        self._known_contact(a.contact_id)
        return [Draft(who, a)]

    def _act_report(self, who: Any, a: ev.ReportWritten) -> list[Draft]:
        return [Draft(who, a)]
