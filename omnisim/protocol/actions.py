"""What a connected client may ask of a session: one closed schema per message type.

The socket event name is the action type; its data must build the matching
record. Who may send each one is declared here too, so the gateway refuses a
jury's "send" before the engine ever sees it. Where the request and the fact
logged are the same fields (put on hold, book a slot, write a report…), the
event payload itself is the schema: the engine checks it and logs it as is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from typing import Any

from omnisim import events as ev
from omnisim.events import Channel
from omnisim.i18n import Text, is_key
from omnisim.schema import SchemaError, build, received

MAX_TEXT = 4000  # characters in one message; longer is refused, not cut
MAX_DRAFT_FIELD = 80  # a draft's field name: "reply:<contact id>", "crm:new"…


@dataclass(frozen=True)
class Start:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Send:
    """A reply; ``channel`` other than the contact's own must come with a justification.
    An e-mail may go with copies (``cc``, addresses) and documents of the case file attached
    (``attachments``, by name: the centre's shared ones, or one received on a contact).
    A text still holding ``{{ variables }}`` is refused with a warning unless ``unfilled_ok``
    says the candidate, warned, chose to send it anyway."""

    contact_id: str
    text: str
    channel: Channel | None = None
    subject: str = ""
    justification: str = ""
    cc: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    unfilled_ok: bool = False


@dataclass(frozen=True)
class CallOut:
    """Place a call: to a staff id of the deck or a number, about a contact or not; what is
    said first is optional (a call may simply be dialled). The server gives it its line."""

    to: str
    text: str = ""
    contact_id: str = ""


@dataclass(frozen=True)
class CallSay:
    """Say a line on an outbound call to a colleague, the principal or a number."""

    call_id: str
    text: str


@dataclass(frozen=True)
class Say:
    """A trainer speaks as the customer of a contact they took over."""

    contact_id: str
    text: str


@dataclass(frozen=True)
class Inject:
    """A trainer offers a contact of the deck's library (``extra: true``) to the candidate."""

    contact_id: str


@dataclass(frozen=True)
class CrmCreate:
    fields: dict[str, str]
    contact_id: str = ""


CANDIDATE = frozenset({"candidate"})
TRAINER = frozenset({"trainer"})

# message type -> (record, roles allowed to send it). A jury only observes.
ACTIONS: dict[str, tuple[type, frozenset[str]]] = {
    "start": (Start, frozenset({"trainer", "candidate"})),
    "pause": (Pause, TRAINER),
    "resume": (Resume, TRAINER),
    "stop": (Stop, TRAINER),
    "pickup": (ev.ContactPickedUp, CANDIDATE),
    "send": (Send, CANDIDATE),
    "close": (ev.ContactClosed, CANDIDATE),
    "hold": (ev.ContactHeld, CANDIDATE),
    "unhold": (ev.ContactResumed, CANDIDATE),
    "transfer": (ev.ContactTransferred, CANDIDATE),
    "call_out": (CallOut, CANDIDATE),
    "call_say": (CallSay, CANDIDATE),
    "call_end": (ev.CallEnded, CANDIDATE),
    "take_over": (ev.ContactTakenOver, TRAINER),
    "hand_back": (ev.ContactHandedBack, TRAINER),
    "say": (Say, TRAINER),
    "inject": (Inject, TRAINER),
    "crm_create": (CrmCreate, CANDIDATE),
    "crm_update": (ev.CrmRecordUpdated, CANDIDATE),
    "crm_trace": (ev.CrmTraced, CANDIDATE),
    "crm_followup": (ev.CrmFollowupSet, CANDIDATE),
    "agenda_book": (ev.AgendaBooked, CANDIDATE),
    "agenda_cancel": (ev.AgendaCancelled, CANDIDATE),
    "agenda_move": (ev.AgendaMoved, CANDIDATE),
    "note": (ev.ContactNoted, CANDIDATE),
    "agent_status": (ev.AgentStatus, CANDIDATE),
    "take_message": (ev.MessageTaken, CANDIDATE),
    "report": (ev.ReportWritten, CANDIDATE),
    "draft": (ev.DraftSaved, CANDIDATE),
    "crm_search": (ev.CrmSearched, CANDIDATE),
    "knowledge_search": (ev.KnowledgeSearched, CANDIDATE),
}

# A jury member's grading commands (``POST /api/grading/<command>``): the event payload is
# the request, so whoever carries them (the API, a socket) accepts exactly its fields, but
# those the server fills in (SERVER_FILLED). The rules are omnisim/jury/workflow.py ``check``.
GRADING: dict[str, type] = {
    "decide": ev.GradeDecided,
    "propose": ev.ReconcileProposed,
    "agree": ev.ReconcileAgreed,
    "comment": ev.GradeCommented,
    "note": ev.InterviewNoted,
    "submit": ev.GradeSubmitted,
    "recommend": ev.GradeRecommended,
    "sign": ev.SheetSigned,
    # After the lock: a correction to the record, written by one member, signed by all.
    "erratum": ev.ErratumWritten,
    "countersign": ev.ErratumSigned,
}
#: The grading commands a locked record still takes (omnisim/live/commands.py ``Erratum``).
ERRATA = frozenset({"erratum", "countersign"})
# What a signature vouches for is the log as the server holds it: its hash is never sent.
SERVER_FILLED: dict[type, tuple[str, ...]] = {ev.SheetSigned: ("log_seq", "log_hash")}


def parse_grading(kind: str, data: Any) -> Any:
    """The grading command ``kind`` (a key of :data:`GRADING`) built from ``data``, or a
    SchemaError naming the field; a server-filled field is refused as unknown."""
    record = GRADING[kind]
    try:
        command: Any = build(record, data, exclude=SERVER_FILLED.get(record, ()))
    except SchemaError as exc:
        if exc.field == "decision" and exc.key != "err.field_missing":
            raise SchemaError("decision", "err.decision") from exc  # said in the jury's words
        raise
    _cap_texts(command)  # every text MAX_TEXT at most, as a socket action's
    return command


@cache
def _names(record: type) -> tuple[str, ...]:
    """A record's field names, read once per record, not per message."""
    return tuple(f.name for f in dataclasses.fields(record))


def _cap_texts(action: Any) -> None:
    """Every text of an action (subject, CRM fields and their names…) is MAX_TEXT at most."""
    names: tuple[str, ...] = _names(type(action))  # type: ignore[arg-type]
    stack: list[tuple[Any, str]] = [(getattr(action, n), n) for n in names]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise SchemaError(where, "err.text_too_long", max=MAX_TEXT)
        elif isinstance(value, dict):
            for key, sub in value.items():
                stack += [(key, where), (sub, f"{where}.{key}")]
        elif isinstance(value, list | tuple):
            stack += [(sub, f"{where}[{n}]") for n, sub in enumerate(value)]


def parse_action(kind: str, data: Any, role: str) -> Any:
    """Build the action record or raise SchemaError naming the field and the reason."""
    if kind not in ACTIONS:
        raise SchemaError("type", "err.message_type_unknown", type=kind, known=", ".join(ACTIONS))
    record, roles = ACTIONS[kind]
    if role not in roles:
        who = f"err.role.{role}"
        raise SchemaError(
            "type", "err.role_may_not_send", role=Text(who) if is_key(who) else role, type=kind
        )
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise SchemaError("data", "err.value_not_object", got=received(data))
    action: Any = build(record, data, "")
    _cap_texts(action)
    for name in ("text", "summary"):
        value = getattr(action, name, None)
        # An empty draft is the candidate clearing the field: kept, so a reload shows it empty.
        optional = isinstance(action, ev.DraftSaved | CallOut)  # a call may just be dialled
        if value is not None and not value.strip() and not optional:
            raise SchemaError(name, "err.text_empty")
    if isinstance(action, ev.DraftSaved) and not 0 < len(action.field) <= MAX_DRAFT_FIELD:
        raise SchemaError("field", "err.too_long", limit=MAX_DRAFT_FIELD)
    for name in ("fields",):
        value = getattr(action, name, None)
        if value is not None and not all(isinstance(v, str) for v in value.values()):
            raise SchemaError(name, "err.crm_field_not_text")
    return action
