"""What happens inside one attempt: the candidate's session with its simulated customers.

Every payload is frozen and closed: unknown fields are refused when read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Channel = Literal["chat", "email", "sms", "phone", "complaint"]


@dataclass(frozen=True)
class SessionCreated:
    """An attempt opened: one candidate of one exam, on the deck frozen in the exam's log.

    Version 2. Version 1 (before exams) named a deck folder on disk and kept the
    three role tokens' hashes; it is upcast to ``legacy_deck_path`` and no exam.
    """

    deck_id: str
    deck_title: str
    seed: int
    time_factor: float
    lang: str
    exam_id: str = ""
    candidate_id: str = ""
    deck_hash: str = ""
    mode: Literal["exam", "training"] = "training"
    legacy_deck_path: str = ""


@dataclass(frozen=True)
class SessionStarted:
    pass


@dataclass(frozen=True)
class SessionPaused:
    """``reason``: the trainer paused, or the server restarted (the clock never runs unattended)."""

    reason: Literal["", "trainer", "server_restart"] = ""


@dataclass(frozen=True)
class SessionResumed:
    pass


@dataclass(frozen=True)
class SessionEnded:
    reason: Literal["duration_elapsed", "trainer_stopped"]


@dataclass(frozen=True)
class ContactOffered:
    """An inbound contact reaches the workspace: a call starts ringing, a chat pops up.

    Version 2 adds whom it is for and the line it reached, shown before pick-up (the
    télésecrétaire answers in the principal's name); version 1 is read with both empty.
    Version 3 says whether it is a call to place (``Contact.to_place``): its nature, like its
    channel, so the desk offers to dial it rather than to pick it up.
    """

    contact_id: str
    channel: Channel
    customer_name: str
    subject: str = ""
    sender: str = ""  # e-mail address or phone number the contact comes from
    attachments: tuple[str, ...] = ()  # e-mail attachments, by name
    principal: str = ""  # id of the principal it is for (omnisim/deck/model.py Principal)
    line: str = ""  # the number dialled or the address written to
    to_place: bool = False  # a call the candidate places (v3): it waits on the desk, no ringing


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
    Version 2 adds an e-mail's copies (``cc``, addresses) and the documents attached
    (``attachments``, by name); version 1 is read with neither. Version 3 adds
    ``unfilled_ok``: the candidate, warned that template variables were left unfilled, sent it
    anyway (older versions are read as False: the desk then refused such a text).
    """

    contact_id: str
    channel: Channel
    text: str
    subject: str = ""
    justification: str = ""
    reason: str = ""
    cc: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    unfilled_ok: bool = False


@dataclass(frozen=True)
class CustomerMood:
    """The customer's mood moved: ``tone`` of a reply, ``conduct`` (what the candidate did:
    gave what they waited for, announced a next step, made them repeat…), ``waiting``, ``hold``.
    """

    contact_id: str
    mood: float
    cause: Literal["tone", "waiting", "hold", "conduct"]
    sentiment: float | None = None
    analyser: str = ""


@dataclass(frozen=True)
class CustomerSilent:
    """The simulated customer deliberately says nothing to the candidate's last line.

    ``on_hold``: a caller put on hold before answering cannot speak (they answer once taken
    back); ``waiting``: they wait while the candidate looks something up; ``said_goodbye``:
    they have taken leave; ``nothing_new``: they would only repeat themselves; ``cut_off``:
    the contact was closed or transferred before they could answer. For the jury and the
    trainer, never shown to the candidate.
    """

    contact_id: str
    reason: Literal["on_hold", "waiting", "said_goodbye", "nothing_new", "cut_off"]


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
    """The candidate calls a correspondent (a principal, a colleague, a customer back).

    ``to``: a staff id of the deck, or a number. ``text``: what the candidate says first (the
    call's purpose, may be empty). ``contact_id``: the contact it is about. Version 2 gives
    every call its line (``call_id``, « call-1 »…), which hangs up, holds and transfers, and
    says whom it reached (``kind``): that contact's ``customer`` (the talk carries on by phone
    in their contact), a ``staff`` member of a principal, or another ``number``. Version 1 is
    read with neither (a call without a line, as it was logged).
    """

    to: str
    text: str
    contact_id: str = ""
    call_id: str = ""
    kind: Literal["", "customer", "staff", "number"] = ""


@dataclass(frozen=True)
class CallSaid:
    """A line on an outbound call to someone who is not a contact's customer (a colleague,
    the principal, a number): the candidate's (actor ``candidate``) or the correspondent's
    (actor ``system``). A customer called back speaks in their contact (``message.sent``)."""

    call_id: str
    text: str


@dataclass(frozen=True)
class CallEnded:
    """An outbound call hung up: by the candidate, or when the caller consulted about was
    transferred or taken back (actor ``system``)."""

    call_id: str


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
    """An appointment booked in a principal's agenda. Version 2 adds ``override``: why the
    candidate booked over the principal's announced absence or outside their hours, after
    the desk's warning (version 1 is read with none)."""

    principal: str
    start: str
    record_id: str = ""
    contact_id: str = ""
    reason: str = ""
    override: str = ""


@dataclass(frozen=True)
class AgendaCancelled:
    """An appointment cancelled: one booked during the attempt, or one of the deck's agenda."""

    principal: str
    start: str
    record_id: str = ""
    contact_id: str = ""


@dataclass(frozen=True)
class AgendaMoved:
    """An appointment (the deck's, or booked during the attempt) moved from ``start`` to
    ``to`` in the same principal's agenda; ``override`` as for a booking."""

    principal: str
    start: str
    to: str
    record_id: str = ""
    contact_id: str = ""
    override: str = ""


@dataclass(frozen=True)
class MessageTaken:
    """A message taken for a principal (CQP C.1.8). ``no_number``: the caller left no number
    to call back (« numéro non communiqué »), said by the desk's box or typed in ``phone``
    (kept as typed); version 1 is read with it false."""

    principal: str
    for_whom: str
    caller: str
    phone: str
    text: str
    contact_id: str = ""
    urgent: bool = False  # the caller's matter cannot wait (the principal is told first)
    no_number: bool = False


@dataclass(frozen=True)
class CrmSearched:
    """The candidate searched the CRM (CP FFP: "informe pendant ses recherches": the measures
    look at what the candidate said to the customer while searching)."""

    query: str
    contact_id: str = ""


@dataclass(frozen=True)
class KnowledgeSearched:
    """The candidate searched the deck's knowledge base, during a contact or not."""

    query: str
    contact_id: str = ""


@dataclass(frozen=True)
class ReportWritten:
    """Incident report or end-of-shift hand-over to the team (CQP C.3.1, C.3.2)."""

    kind: Literal["incident", "handover"]
    text: str


@dataclass(frozen=True)
class ContactClosed:
    """The candidate closes the contact (hangs up a call) with its wrap-up code
    (« qualification », one of the deck's ``wrap_up_codes`` or the default list). Version 2
    adds ``wrap_up``; version 1 is read with none."""

    contact_id: str
    wrap_up: str = ""


@dataclass(frozen=True)
class ContactNoted:
    """An internal note on a contact: for the team and the jury, never sent to the customer."""

    contact_id: str
    text: str


@dataclass(frozen=True)
class AgentStatus:
    """The candidate's status as the board sees it: ready for contacts, in after-contact
    work (« post-appel »), or on a break."""

    status: Literal["available", "wrap_up", "break"]


@dataclass(frozen=True)
class DraftSaved:
    """What the candidate has typed but not sent, saved as they type (debounced).

    ``field`` names the composer or form (``reply:<contact>``, ``crm:new``…): a
    reload restores it, and the jury sees unsent drafts in the replay.
    """

    field: str
    text: str
    contact_id: str = ""
