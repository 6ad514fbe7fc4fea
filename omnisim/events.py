"""The session event log's vocabulary: one frozen, closed-schema payload per event type.

The log is the single source of truth (measures, replay, exports are folds of it),
so every event is explicit about who did it (actor) and when, on both clocks:
``wall_time`` (Unix seconds) for the record, ``sim_time`` (seconds since the
session started, on the deck's compressed clock) for everything graded.
Unknown types and unknown payload fields are refused when an event is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from omnisim.schema import SchemaError, build, dump

Actor = Literal["candidate", "customer", "trainer", "jury", "system"]
Channel = Literal["chat", "email", "sms", "phone", "complaint"]
ACTORS: tuple[str, ...] = ("candidate", "customer", "trainer", "jury", "system")


@dataclass(frozen=True)
class SessionCreated:
    """A trainer opened a session on a deck; tokens are stored hashed, never in clear."""

    deck_id: str
    deck_title: str
    deck_path: str
    seed: int
    time_factor: float
    lang: str
    candidate_token_hash: str
    trainer_token_hash: str
    jury_token_hash: str


@dataclass(frozen=True)
class SessionStarted:
    pass


@dataclass(frozen=True)
class SessionPaused:
    pass


@dataclass(frozen=True)
class SessionResumed:
    pass


@dataclass(frozen=True)
class SessionEnded:
    reason: Literal["duration_elapsed", "trainer_stopped"]


@dataclass(frozen=True)
class ContactOffered:
    """An inbound contact reaches the workspace: a call starts ringing, a chat pops up."""

    contact_id: str
    channel: Channel
    customer_name: str
    subject: str = ""
    sender: str = ""  # e-mail address or phone number the contact comes from
    attachments: tuple[str, ...] = ()  # e-mail attachments, by name


@dataclass(frozen=True)
class ContactPickedUp:
    contact_id: str


@dataclass(frozen=True)
class MessageSent:
    """A turn of conversation; who wrote it is the event's actor.

    ``channel`` is the channel it travelled on: a candidate may answer a chat by
    SMS, and then says why in ``justification`` (CP FFP: "choisit un canal de
    réponse différent et/ou complémentaire … et argumente son choix").
    ``reason`` says why a simulated customer said it (fact:<id>, chase, trap…):
    for the jury and the measures, never shown to the candidate.
    """

    contact_id: str
    channel: Channel
    text: str
    subject: str = ""
    justification: str = ""
    reason: str = ""


@dataclass(frozen=True)
class CustomerMood:
    """The customer's mood moved; ``cause`` is tone, waiting or calming."""

    contact_id: str
    mood: float
    cause: Literal["tone", "waiting", "hold"]
    sentiment: float | None = None
    analyser: str = ""


@dataclass(frozen=True)
class ContactHeld:
    contact_id: str
    announcement: str = ""


@dataclass(frozen=True)
class ContactResumed:
    contact_id: str


@dataclass(frozen=True)
class ContactTransferred:
    contact_id: str
    to: str
    note: str = ""


@dataclass(frozen=True)
class ContactEscalated:
    """The customer demanded a supervisor or filed a formal complaint."""

    contact_id: str
    level: Literal["supervisor", "complaint"]


@dataclass(frozen=True)
class ContactSwitched:
    """Tired of waiting, the customer tries another channel."""

    contact_id: str
    channel: Channel


@dataclass(frozen=True)
class ContactTakenOver:
    """A trainer plays this customer; the automatic customer stays silent meanwhile."""

    contact_id: str


@dataclass(frozen=True)
class ContactHandedBack:
    contact_id: str


@dataclass(frozen=True)
class OutboundCall:
    """The candidate calls a correspondent (a principal, a colleague, a customer back)."""

    to: str
    text: str
    contact_id: str = ""


@dataclass(frozen=True)
class CrmRecordCreated:
    record_id: str
    fields: dict[str, str]
    contact_id: str = ""


@dataclass(frozen=True)
class CrmRecordUpdated:
    record_id: str
    fields: dict[str, str]
    contact_id: str = ""


@dataclass(frozen=True)
class CrmTraced:
    """The interaction is traced in the CRM (CP FFP: "trace l'entretien dans la base")."""

    contact_id: str
    record_id: str
    summary: str


@dataclass(frozen=True)
class CrmFollowupSet:
    contact_id: str
    record_id: str
    action: str
    due: str = ""


@dataclass(frozen=True)
class AgendaBooked:
    principal: str
    start: str
    record_id: str = ""
    contact_id: str = ""
    reason: str = ""


@dataclass(frozen=True)
class AgendaCancelled:
    principal: str
    start: str
    record_id: str = ""
    contact_id: str = ""


@dataclass(frozen=True)
class MessageTaken:
    """A message taken for a principal (CQP C.1.8)."""

    principal: str
    for_whom: str
    caller: str
    phone: str
    text: str
    contact_id: str = ""


@dataclass(frozen=True)
class ReportWritten:
    """Incident report or end-of-shift hand-over to the team (CQP C.3.1, C.3.2)."""

    kind: Literal["incident", "handover"]
    text: str


@dataclass(frozen=True)
class ContactClosed:
    contact_id: str


PAYLOADS: dict[str, type] = {
    "session.created": SessionCreated,
    "session.started": SessionStarted,
    "session.paused": SessionPaused,
    "session.resumed": SessionResumed,
    "session.ended": SessionEnded,
    "contact.offered": ContactOffered,
    "contact.picked_up": ContactPickedUp,
    "message.sent": MessageSent,
    "contact.closed": ContactClosed,
    "customer.mood": CustomerMood,
    "contact.held": ContactHeld,
    "contact.resumed": ContactResumed,
    "contact.transferred": ContactTransferred,
    "contact.escalated": ContactEscalated,
    "contact.switched": ContactSwitched,
    "contact.taken_over": ContactTakenOver,
    "contact.handed_back": ContactHandedBack,
    "call.outbound": OutboundCall,
    "crm.record_created": CrmRecordCreated,
    "crm.record_updated": CrmRecordUpdated,
    "crm.traced": CrmTraced,
    "crm.followup_set": CrmFollowupSet,
    "agenda.booked": AgendaBooked,
    "agenda.cancelled": AgendaCancelled,
    "message.taken": MessageTaken,
    "report.written": ReportWritten,
}
PAYLOAD_TYPES: dict[type, str] = {cls: name for name, cls in PAYLOADS.items()}

# The candidate's back-office work (CRM, agenda, messages, reports, outbound calls):
# shown back to the candidate and read by the measures as operations.
OPERATION_TYPES = frozenset(
    {
        "crm.record_created",
        "crm.record_updated",
        "crm.traced",
        "crm.followup_set",
        "agenda.booked",
        "agenda.cancelled",
        "message.taken",
        "report.written",
        "call.outbound",
    }
)

CURRENT_VERSION = 1
# (type, stored version) -> function turning an old payload dict into the next version's.
# Stored events are never rewritten; old shapes are upgraded as they are read.
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass(frozen=True)
class Draft:
    """An event the core decided on, before the runtime stamps it with seq and clocks.

    ``sim_time`` is set when the event belongs to a precise simulated instant
    (a scheduled customer reply); otherwise the runtime stamps "now".
    """

    actor: Actor
    payload: Any
    sim_time: float | None = None

    @property
    def type(self) -> str:
        return PAYLOAD_TYPES[type(self.payload)]


# The fields of a stored event, around its payload.
EVENT_FIELDS = ("session_id", "seq", "wall_time", "sim_time", "type", "actor", "version", "payload")


@dataclass(frozen=True)
class Event:
    session_id: str
    seq: int
    wall_time: float
    sim_time: float
    actor: Actor
    payload: Any
    version: int = CURRENT_VERSION

    @property
    def type(self) -> str:
        return PAYLOAD_TYPES[type(self.payload)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "seq": self.seq,
            "wall_time": self.wall_time,
            "sim_time": self.sim_time,
            "type": self.type,
            "actor": self.actor,
            "version": self.version,
            "payload": dump(self.payload),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild a stored event, upcasting old payload versions; refuses anything unknown."""
        if not isinstance(data, dict):
            raise SchemaError("event", "expected an object")
        extra = set(data) - set(EVENT_FIELDS)
        if extra:
            raise SchemaError(sorted(extra)[0], "unknown field")
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in PAYLOADS:
            raise SchemaError("type", f"unknown event type {kind!r}")
        version = data.get("version", 1)
        payload = data.get("payload")
        if not isinstance(version, int) or not 1 <= version <= CURRENT_VERSION:
            raise SchemaError("version", f"unsupported version {version!r}")
        while version < CURRENT_VERSION:
            payload = UPCASTERS[(kind, version)](payload or {})
            version += 1
        actor = data.get("actor")
        if actor not in ACTORS:
            raise SchemaError("actor", f"unknown actor {actor!r}")
        for name, tp in (("seq", int), ("session_id", str)):
            if not isinstance(data.get(name), tp):
                raise SchemaError(name, f"expected {tp.__name__}")
        for name in ("wall_time", "sim_time"):
            if isinstance(data.get(name), bool) or not isinstance(data.get(name), (int, float)):
                raise SchemaError(name, "expected a number")
        return cls(
            session_id=data["session_id"],
            seq=data["seq"],
            wall_time=float(data["wall_time"]),
            sim_time=float(data["sim_time"]),
            actor=actor,
            payload=build(PAYLOADS[kind], payload, "payload"),
            version=CURRENT_VERSION,
        )
