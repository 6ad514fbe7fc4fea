"""A candidate's workspace as one fold of their attempt's log: the one projection.

Contacts with their conversation, holds, moods and status; the CRM records the
candidate created or edited, traces and follow-ups; the principals' agendas as
booked; messages taken; reports; unsent drafts. The measures read it, the jury's
replay folds it up to any seq (:func:`project_until`), and the candidate's page
is rebuilt from it after a reload. Folding event by event gives the same view as
folding the whole log (tests/fast/test_measures_fold.py), so a live page keeps
one and applies only what arrives. Pure: no deck, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omnisim import events as ev
from omnisim.events import OPERATION_TYPES, Event


@dataclass(frozen=True)
class Moment:
    seq: int
    sim: float


@dataclass(frozen=True)
class Line:
    """One message of a conversation, with who said it and why.

    ``unfilled_ok``: sent over the desk's warning that template variables were left (MC ACVD
    C3, « les variables correctes sont ajoutées »): the jury's replay marks it. ``subject``: an
    e-mail's object as the candidate wrote it (the customer's in their own line), kept so the
    desk and the replay show what the jury reads on a written answer.
    """

    seq: int
    sim: float
    actor: str
    channel: str
    text: str
    reason: str = ""
    justification: str = ""
    cc: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    unfilled_ok: bool = False
    subject: str = ""


@dataclass(frozen=True)
class Note:
    """An internal note the candidate wrote on a contact."""

    seq: int
    sim: float
    text: str


@dataclass
class Hold:
    start: Moment
    announcement: str
    end: Moment | None = None


@dataclass
class ContactView:
    id: str
    channel: str
    offered: Moment
    customer: str = ""
    subject: str = ""
    sender: str = ""
    attachments: tuple[str, ...] = ()
    principal: str = ""  # whom it is for, and the line it reached: shown before pick-up
    line: str = ""
    to_place: bool = False  # a call the candidate places: it waits on the desk, never rings
    status: str = "offered"  # offered, active, held, closed, transferred
    taken_over: bool = False  # a trainer plays this customer
    picked: Moment | None = None
    closed: Moment | None = None  # closed on the desk with its wrap-up code (after a transfer too)
    transferred_to: str = ""
    transferred: Moment | None = None
    transfer_note: str = ""
    wrap_up: str = ""  # the code it was closed with
    lines: list[Line] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)
    moods: list[tuple[Moment, float, str]] = field(default_factory=list)
    escalations: list[tuple[Moment, str]] = field(default_factory=list)

    @property
    def candidate_lines(self) -> list[Line]:
        return [line for line in self.lines if line.actor == "candidate"]

    @property
    def handled(self) -> bool:
        return self.picked is not None

    @property
    def ended(self) -> Moment | None:
        """When the conversation with the customer ended: the transfer, else the close. A
        wrap-up code given after the transfer closes the desk's record, not the conversation."""
        return self.transferred or self.closed

    @property
    def finished_here(self) -> bool:
        """The candidate ended the conversation themselves (closed it, not passed it on)."""
        return self.closed is not None and self.transferred is None


@dataclass
class Operation:
    """A CRM, agenda, message or report operation of the candidate."""

    at: Moment
    kind: str
    payload: Any


@dataclass
class Booking:
    """A slot of a principal's agenda as the candidate left it: booked, or moved there from
    ``moved_from``; ``override``: why it was booked over the principal's absence or hours."""

    principal: str
    start: str
    at: Moment
    record_id: str = ""
    contact_id: str = ""
    reason: str = ""
    override: str = ""
    moved_from: str = ""


@dataclass
class Freed:
    """One of the deck's appointments the candidate cancelled, or moved to ``moved_to``."""

    principal: str
    start: str
    at: Moment
    contact_id: str = ""
    moved_to: str = ""


@dataclass
class CallView:
    """An outbound call's line: whom it reached (``kind``), the contact it is about, what
    the candidate said first, and the lines said on it (a colleague's call)."""

    id: str
    to: str
    kind: str
    placed: Moment
    contact_id: str = ""
    text: str = ""
    ended: Moment | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass
class Draft:
    """What was typed in a composer or form and not sent (yet)."""

    text: str
    at: Moment
    contact_id: str = ""


@dataclass
class SessionView:
    time_factor: float = 1.0
    lang: str = "fr"
    status: str = "ready"  # ready, running, paused, ended
    end: Moment | None = None
    last: Moment = Moment(0, 0.0)
    contacts: dict[str, ContactView] = field(default_factory=dict)
    operations: list[Operation] = field(default_factory=list)
    records: dict[str, dict[str, str]] = field(default_factory=dict)  # created or edited
    bookings: dict[tuple[str, str], Booking] = field(default_factory=dict)  # (principal, start)
    freed: dict[tuple[str, str], Freed] = field(default_factory=dict)  # the deck's, (p, start)
    calls: dict[str, CallView] = field(default_factory=dict)  # outbound calls by call id
    agent_status: str = "available"  # available, wrap_up, break
    agent_since: Moment | None = None
    drafts: dict[str, Draft] = field(default_factory=dict)  # field -> the last one saved

    def ops(self, kind: str) -> list[Operation]:
        return [op for op in self.operations if op.kind == kind]

    def apply(self, event: Event) -> None:
        p = event.payload
        at = Moment(event.seq, event.sim_time)
        self.last = at
        if isinstance(p, ev.SessionCreated):
            self.time_factor, self.lang = p.time_factor, p.lang
        elif isinstance(p, (ev.SessionStarted, ev.SessionResumed)):
            self.status = "running"
        elif isinstance(p, ev.SessionPaused):
            self.status = "paused"
        elif isinstance(p, ev.SessionEnded):
            self.end, self.status = at, "ended"
        elif isinstance(p, ev.ContactOffered):
            self.contacts[p.contact_id] = ContactView(
                p.contact_id,
                p.channel,
                at,
                p.customer_name,
                p.subject,
                p.sender,
                tuple(p.attachments),
                p.principal,
                p.line,
                p.to_place,
            )
        elif isinstance(p, ev.DraftSaved):
            self.drafts[p.field] = Draft(p.text, at, p.contact_id)
        elif isinstance(p, ev.AgentStatus):
            self.agent_status, self.agent_since = p.status, at
        elif isinstance(p, (ev.CallSaid, ev.CallEnded)) and p.call_id in self.calls:
            call = self.calls[p.call_id]
            if isinstance(p, ev.CallSaid):
                call.lines.append(Line(at.seq, at.sim, event.actor, "phone", p.text))
            else:
                call.ended = at
        elif event.type in OPERATION_TYPES:
            self.operations.append(Operation(at, event.type, p))
            self._apply_operation(p, at)
        contact = self.contacts.get(getattr(p, "contact_id", ""))
        if contact is not None:
            _apply_contact(contact, event, at)

    def _apply_operation(self, p: Any, at: Moment) -> None:
        """The back-office state an operation leaves: CRM fields, agenda slots."""
        if isinstance(p, (ev.CrmRecordCreated, ev.CrmRecordUpdated)):
            self.records[p.record_id] = self.records.get(p.record_id, {}) | dict(p.fields)
        elif isinstance(p, ev.AgendaBooked):
            self.bookings[(p.principal, p.start)] = Booking(
                p.principal, p.start, at, p.record_id, p.contact_id, p.reason, p.override
            )
        elif isinstance(p, (ev.AgendaCancelled, ev.AgendaMoved)):
            to = p.to if isinstance(p, ev.AgendaMoved) else ""
            old = self.bookings.pop((p.principal, p.start), None)
            if old is None:  # one of the deck's appointments
                self.freed[(p.principal, p.start)] = Freed(
                    p.principal, p.start, at, p.contact_id, to
                )
            if isinstance(p, ev.AgendaMoved):
                reason = old.reason if old is not None else ""
                self.bookings[(p.principal, p.to)] = Booking(
                    p.principal, p.to, at, p.record_id, p.contact_id, reason, p.override, p.start
                )
        elif isinstance(p, ev.OutboundCall) and p.call_id:
            self.calls[p.call_id] = CallView(p.call_id, p.to, p.kind, at, p.contact_id, p.text)


def _apply_contact(c: ContactView, event: Event, at: Moment) -> None:
    p = event.payload
    if isinstance(p, ev.ContactPickedUp):
        c.picked = c.picked or at
        c.status = "active"
    elif isinstance(p, ev.MessageSent):
        actor = "customer" if event.actor == "trainer" else event.actor
        c.lines.append(
            Line(
                at.seq,
                at.sim,
                actor,
                p.channel,
                p.text,
                p.reason,
                p.justification,
                tuple(p.cc),
                tuple(p.attachments),
                p.unfilled_ok,
                p.subject,
            )
        )
    elif isinstance(p, ev.ContactNoted):
        c.notes.append(Note(at.seq, at.sim, p.text))
    elif isinstance(p, (ev.ContactClosed, ev.ContactTransferred)):
        if isinstance(p, ev.ContactClosed):
            c.closed, c.status, c.wrap_up = at, "closed", p.wrap_up
        else:
            c.transferred, c.transferred_to, c.status = at, p.to, "transferred"
            c.transfer_note = p.note
        if c.holds and c.holds[-1].end is None:
            c.holds[-1].end = at  # hanging up or transferring ends the hold
    elif isinstance(p, ev.ContactHeld):
        c.holds.append(Hold(at, p.announcement))
        c.status = "held"
    elif isinstance(p, ev.ContactResumed) and c.holds and c.holds[-1].end is None:
        c.holds[-1].end = at
        c.status = "active"
    elif isinstance(p, ev.ContactSwitched):
        c.channel = p.channel
    elif isinstance(p, (ev.ContactTakenOver, ev.ContactHandedBack)):
        c.taken_over = isinstance(p, ev.ContactTakenOver)
    elif isinstance(p, ev.CustomerMood):
        c.moods.append((at, p.mood, p.cause))
    elif isinstance(p, ev.ContactEscalated):
        c.escalations.append((at, p.level))


def project(events: list[Event]) -> SessionView:
    view = SessionView()
    for event in events:
        view.apply(event)
    return view


def project_until(events: list[Event], seq: int) -> SessionView:
    """The workspace as it stood right after event ``seq``: the replay at any moment."""
    return project([e for e in events if e.seq <= seq])


def to_json(view: SessionView) -> dict[str, Any]:
    """The view as plain JSON, in the shape of the browser's state (web/src/workspace/reducer.ts).

    The client folds the same events into the same fields under the same names;
    tests/fast/test_client_reducer.py compares the two on golden logs.
    """
    from omnisim.schema import dump

    def moment(m: Moment | None) -> dict[str, Any] | None:
        return None if m is None else {"seq": m.seq, "sim": m.sim}

    def contact(c: ContactView) -> dict[str, Any]:
        return {
            "id": c.id,
            "channel": c.channel,
            "offered": moment(c.offered),
            "customer": c.customer,
            "subject": c.subject,
            "sender": c.sender,
            "attachments": list(c.attachments),
            "principal": c.principal,
            "line": c.line,
            "to_place": c.to_place,
            "status": c.status,
            "taken_over": c.taken_over,
            "picked": moment(c.picked),
            "closed": moment(c.closed),
            "transferred_to": c.transferred_to,
            "transferred": moment(c.transferred),
            "transfer_note": c.transfer_note,
            "wrap_up": c.wrap_up,
            "lines": [dump(line) for line in c.lines],
            "notes": [dump(n) for n in c.notes],
            "holds": [
                {"start": moment(h.start), "announcement": h.announcement, "end": moment(h.end)}
                for h in c.holds
            ],
            "moods": [{"at": moment(at), "mood": m, "cause": cause} for at, m, cause in c.moods],
            "escalations": [{"at": moment(at), "level": level} for at, level in c.escalations],
        }

    return {
        "time_factor": view.time_factor,
        "lang": view.lang,
        "status": view.status,
        "end": moment(view.end),
        "last": moment(view.last),
        "contacts": {cid: contact(c) for cid, c in view.contacts.items()},
        "operations": [
            {"at": moment(op.at), "kind": op.kind, "payload": dump(op.payload)}
            for op in view.operations
        ],
        "records": {rid: dict(fields) for rid, fields in view.records.items()},
        "bookings": [dump(b) for b in view.bookings.values()],
        "freed": [dump(f) for f in view.freed.values()],
        "calls": {
            cid: {
                "id": call.id,
                "to": call.to,
                "kind": call.kind,
                "placed": moment(call.placed),
                "contact_id": call.contact_id,
                "text": call.text,
                "ended": moment(call.ended),
                "lines": [dump(line) for line in call.lines],
            }
            for cid, call in view.calls.items()
        },
        "agent_status": view.agent_status,
        "agent_since": moment(view.agent_since),
        "drafts": {name: dump(d) for name, d in view.drafts.items()},
    }
