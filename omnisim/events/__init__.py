"""The event log's vocabulary: one frozen, closed-schema payload per event type.

The log is the single source of truth (measures, replay, grading, exports are
folds of it). It holds several kinds of stream, each named by ``session_id``:
an exam (``ex…``), one attempt per candidate (``ex…-<person>``), the exam's
grading (``ex…-grading``), the trainers' ``accounts`` and the decks ``library``.
Every event says who did it (``actor``, the role, and ``actor_id``, the person)
and when, on both clocks: ``wall_time`` (Unix seconds) for the record,
``sim_time`` (seconds on the deck's compressed clock) for everything graded.
``action_id`` ties the events to the client action that caused them, so a
resent action is answered again instead of being logged twice.

Each event type has its own version and its own upcasters (the eventsourcing
habit): stored events are never rewritten, old shapes are upgraded as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from omnisim.events.accounts import (
    ApiTokenCreated,
    ApiTokenRevoked,
    DeckUploaded,
    SigningKeyCreated,
    TrainerCreated,
    TrainerPasswordChanged,
    TrainerSignedIn,
    TrainerSignedOut,
    TrainerSignedOutEverywhere,
)
from omnisim.events.attempt import (
    AgendaBooked,
    AgendaCancelled,
    AgendaMoved,
    AgentStatus,
    CallEnded,
    CallSaid,
    Channel,
    ContactClosed,
    ContactEscalated,
    ContactHandedBack,
    ContactHeld,
    ContactNoted,
    ContactOffered,
    ContactPickedUp,
    ContactResumed,
    ContactSwitched,
    ContactTakenOver,
    ContactTransferred,
    CrmFollowupSet,
    CrmRecordCreated,
    CrmRecordUpdated,
    CrmSearched,
    CrmTraced,
    CustomerMood,
    CustomerSilent,
    DraftSaved,
    KnowledgeSearched,
    MessageSent,
    MessageTaken,
    OutboundCall,
    ReportWritten,
    SessionCreated,
    SessionEnded,
    SessionPaused,
    SessionResumed,
    SessionStarted,
)
from omnisim.events.exam import (
    CandidateEnrolled,
    CandidateStatusSet,
    ErratumSigned,
    ErratumWritten,
    ExamArchived,
    ExamCreated,
    ExamFiled,
    ExamPaused,
    ExamRestored,
    ExamResumed,
    ExamStarted,
    ExamStopped,
    GradeCommented,
    GradeDecided,
    GradeProposed,
    GradeRecommended,
    GradeReconciled,
    GradeSubmitted,
    InterviewNoted,
    JuryAppointed,
    LinkIssued,
    LinkRevoked,
    PassRuleSet,
    ProposedCriterion,
    ProposedMoment,
    ReconcileAgreed,
    ReconcileProposed,
    RecordLocked,
    SheetSigned,
)
from omnisim.events.library import (
    DeckArchived,
    DeckChange,
    DeckCreated,
    DeckDeleted,
    DeckPublished,
    DeckSaved,
)
from omnisim.events.types import OPERATION_TYPES, PAYLOAD_TYPES, PAYLOADS
from omnisim.events.versions import UPCASTERS, VERSIONS, current_version, upcast
from omnisim.schema import SchemaError, build, dump, received

Actor = Literal["candidate", "customer", "trainer", "jury", "system"]
ACTORS: tuple[str, ...] = ("candidate", "customer", "trainer", "jury", "system")

__all__ = [
    "AgendaBooked",
    "AgendaCancelled",
    "AgendaMoved",
    "AgentStatus",
    "CallEnded",
    "CallSaid",
    "ContactNoted",
    "ApiTokenCreated",
    "ApiTokenRevoked",
    "CandidateEnrolled",
    "CandidateStatusSet",
    "Channel",
    "ErratumSigned",
    "ErratumWritten",
    "InterviewNoted",
    "ReconcileAgreed",
    "ReconcileProposed",
    "ContactClosed",
    "ContactEscalated",
    "ContactHandedBack",
    "ContactHeld",
    "ContactOffered",
    "ContactPickedUp",
    "ContactResumed",
    "ContactSwitched",
    "ContactTakenOver",
    "ContactTransferred",
    "CrmFollowupSet",
    "CrmRecordCreated",
    "CrmRecordUpdated",
    "CrmTraced",
    "CustomerMood",
    "CustomerSilent",
    "DeckArchived",
    "DeckChange",
    "DeckCreated",
    "DeckDeleted",
    "DeckPublished",
    "DeckSaved",
    "DeckUploaded",
    "CrmSearched",
    "DraftSaved",
    "KnowledgeSearched",
    "ExamArchived",
    "ExamCreated",
    "ExamFiled",
    "ExamRestored",
    "ExamPaused",
    "ExamResumed",
    "ExamStarted",
    "ExamStopped",
    "GradeCommented",
    "GradeDecided",
    "GradeProposed",
    "ProposedCriterion",
    "ProposedMoment",
    "GradeReconciled",
    "GradeRecommended",
    "GradeSubmitted",
    "JuryAppointed",
    "LinkIssued",
    "LinkRevoked",
    "MessageSent",
    "MessageTaken",
    "OutboundCall",
    "PassRuleSet",
    "RecordLocked",
    "ReportWritten",
    "SessionCreated",
    "SessionEnded",
    "SessionPaused",
    "SessionResumed",
    "SessionStarted",
    "SheetSigned",
    "SigningKeyCreated",
    "TrainerCreated",
    "TrainerPasswordChanged",
    "TrainerSignedIn",
    "TrainerSignedOut",
    "TrainerSignedOutEverywhere",
    "ACTORS",
    "Actor",
    "Draft",
    "Event",
    "EVENT_FIELDS",
    "OPERATION_TYPES",
    "PAYLOADS",
    "PAYLOAD_TYPES",
    "UPCASTERS",
    "VERSIONS",
    "current_version",
]


@dataclass(frozen=True)
class Draft:
    """An event the core decided on, before the runtime stamps it with seq and clocks.

    ``sim_time`` is set when the event belongs to a precise simulated instant
    (a scheduled customer reply); otherwise the runtime stamps "now".
    """

    actor: Actor
    payload: Any
    sim_time: float | None = None
    actor_id: str = ""
    action_id: str = ""

    @property
    def type(self) -> str:
        return PAYLOAD_TYPES[type(self.payload)]


# The fields of a stored event, around its payload. Logs written before exams
# (format 1) lack actor_id and action_id: read as "".
EVENT_FIELDS = (
    "session_id",
    "seq",
    "wall_time",
    "sim_time",
    "type",
    "actor",
    "actor_id",
    "action_id",
    "version",
    "payload",
)
MAX_ID = 128  # characters in an actor or action id


@dataclass(frozen=True)
class Event:
    session_id: str
    seq: int
    wall_time: float
    sim_time: float
    actor: Actor
    payload: Any
    actor_id: str = ""
    action_id: str = ""

    @property
    def type(self) -> str:
        return PAYLOAD_TYPES[type(self.payload)]

    @property
    def version(self) -> int:
        """An event in memory is always at its type's current version (upcast when read)."""
        return current_version(self.type)

    def dumped(self) -> dict[str, Any]:
        """The event's JSON-ready dict, made once and shared by whoever reads it: the store
        encodes it, each room's view copies what it changes (omnisim/protocol/views.py).
        Never to be changed in place: :meth:`to_dict` gives a dict of one's own.

        An event was dumped once for the store and again for every view of its push (the
        candidate's, the trainer's and the board's); its payload is frozen, so is its dict."""
        done: dict[str, Any] | None = self.__dict__.get("_dumped")
        if done is None:
            done = self.to_dict()
            object.__setattr__(self, "_dumped", done)  # not a field: no part of eq or repr
        return done

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "seq": self.seq,
            "wall_time": self.wall_time,
            "sim_time": self.sim_time,
            "type": self.type,
            "actor": self.actor,
            "actor_id": self.actor_id,
            "action_id": self.action_id,
            "version": self.version,
            "payload": dump(self.payload),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Rebuild a stored event, upcasting old payload versions; refuses anything unknown."""
        if not isinstance(data, dict):
            raise SchemaError("event", "err.value_not_object", got=received(data))
        extra = set(data) - set(EVENT_FIELDS)
        if extra:
            known = ", ".join(sorted(EVENT_FIELDS))
            raise SchemaError(sorted(extra)[0], "err.field_unknown", known=known)
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in PAYLOADS:
            raise SchemaError("type", "err.event_type_unknown", type=repr(kind))
        payload = upcast(kind, data.get("version", 1), data.get("payload"))
        actor = data.get("actor")
        if actor not in ACTORS:
            raise SchemaError(
                "actor", "err.event_actor_unknown", actor=repr(actor), known=", ".join(ACTORS)
            )
        for name, tp in (("seq", int), ("session_id", str)):
            if not isinstance(data.get(name), tp):
                got = received(data.get(name))
                raise SchemaError(name, "err.value_not_type", expected=tp.__name__, got=got)
        for name in ("actor_id", "action_id"):
            value = data.get(name, "")
            if not isinstance(value, str) or len(value) > MAX_ID:
                raise SchemaError(name, "err.value_not_short_string", max=MAX_ID)
        for name in ("wall_time", "sim_time"):
            if isinstance(data.get(name), bool) or not isinstance(data.get(name), (int, float)):
                raise SchemaError(name, "err.value_not_number", got=received(data.get(name)))
        return cls(
            session_id=data["session_id"],
            seq=data["seq"],
            wall_time=float(data["wall_time"]),
            sim_time=float(data["sim_time"]),
            actor=actor,
            payload=build(PAYLOADS[kind], payload, "payload"),
            actor_id=data.get("actor_id", ""),
            action_id=data.get("action_id", ""),
        )
