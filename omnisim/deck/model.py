"""What a validated deck holds: the "dossier école" of the reference texts, as data.

A deck is a folder a trainer writes by copying the demo (see ``decks/README.md``):
``deck.yaml`` (settings), ``briefing.md``, ``principals.yaml``, ``crm.yaml``,
``knowledge/*.md``, ``templates/*.md`` and ``contacts/*.yaml``. Times inside a
session are sim seconds since its start; the fictional calendar starts at
``today`` + ``start_time``.

Everything under :class:`AnswerKey` is for the engine and the measures only: it
never reaches a candidate's browser (see ``omnisim/protocol/views.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from omnisim.deck.key import AnswerKey, Channel, Fact, Reactions
from omnisim.deck.scripts import DiagnosticScript

Lang = Literal["fr", "en"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A contact's arrival as a clock: « 1:05:00 », « 25:00 », and « 65:00 » as a trainer counts
# minutes past the hour (unquoted, YAML reads all three as sexagesimal seconds the same way).
ARRIVAL_CLOCK = r"^(?:(\d+):([0-5]?\d)|(\d+)):([0-5]\d)$"


# -- principals (donneurs d'ordres) ------------------------------------------------
@dataclass(frozen=True)
class Instruction:
    """A standing or temporary instruction; a temporary one holds between its bounds.

    ``absent``: the instruction announces that the principal is away between its bounds (a
    training, a hearing, leave): a booking then is warned, and booked only with a reason.
    ``staff`` (with ``absent``): only this member of the principal's staff is away (the
    physiotherapist in training, not the osteopath of the same practice): the warning holds
    on the agenda slots that are theirs (``Slot.staff``).
    """

    text: str
    valid_from: str = ""  # "2026-03-12T09:00" in the deck's calendar; empty = always
    valid_until: str = ""
    absent: bool = False
    staff: str = ""  # a staff id of the same principal; empty: the whole principal


@dataclass(frozen=True)
class Hours:
    """When a principal receives appointments on the days named (« 09:00 » to « 12:30 »):
    a booking outside every range of its day is warned, and booked only with a reason."""

    start: str  # "09:00"
    end: str  # "12:30"
    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class Slot:
    """A slot of a principal's agenda; ``staff``: the practitioner it belongs to, where the
    principal is a practice of several (a staff id of the same principal)."""

    start: str  # "2026-03-12T14:30"
    end: str
    free: bool = True
    with_whom: str = ""
    staff: str = ""


@dataclass(frozen=True)
class Staff:
    """Someone a call can be transferred to (supervisor, the principal, a colleague)."""

    id: str
    name: str
    role: str
    reachable: bool = True


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    sector: str
    address: str = ""
    phone: str = ""  # the line its callers dial, forwarded to the centre (and texted)
    email: str = ""  # the address its customers write to, answered by the centre
    greeting: str = ""  # the predefined greeting phrase (CQP C.1.2 "phrases d'accueil prédéfinies")
    instructions: tuple[Instruction, ...] = ()
    agenda: tuple[Slot, ...] = ()
    # When appointments may be booked; empty: any time (CQP C.1.11 « S'assurer de la
    # disponibilité du donneur d'ordres »).
    hours: tuple[Hours, ...] = ()
    staff: tuple[Staff, ...] = ()
    confidential: tuple[str, ...] = ()  # facts that must never be disclosed (CNIL, CQP C.4.4)


# -- CRM seed, knowledge base, templates ---------------------------------------------
@dataclass(frozen=True)
class HistoryItem:
    date: str
    kind: Literal["order", "invoice", "appointment", "contact", "complaint", "note"]
    summary: str
    ref: str = ""


@dataclass(frozen=True)
class CrmRecord:
    id: str
    last_name: str
    first_name: str = ""
    # How the customer is addressed ("Madame", "Monsieur", "Ms"…): a letter's salutation is
    # checked against it (MC ACVD C3.3 « Les variables correctes »). Older decks write it in
    # ``notes`` ("Civilité : Madame."), which is read when this is empty.
    civility: str = ""
    # The company or body they act for (a hotel's buyer, a works council's secretary): part of
    # who they are, shown on the record and said when asked « pour quelle société ? ».
    company: str = ""
    principal: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    notes: str = ""
    history: tuple[HistoryItem, ...] = ()


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Document:
    """A document of the case file, opened on the desk: a customer's attachment (named in a
    contact's ``attachments``) or, ``shared``, a document of the centre the candidate may
    attach to an e-mail (conditions, a form, a brochure)."""

    name: str  # the file name shown: "jugement-2025.pdf"
    title: str
    body: str  # Markdown: what the document says
    shared: bool = False


@dataclass(frozen=True)
class WrapUp:
    """A wrap-up code the candidate chooses when closing a contact (« Qualification »)."""

    id: str
    label: str


# The codes a deck declaring none offers (labels in the catalog: ``wrap_up.<id>``).
DEFAULT_WRAP_UPS = (
    "resolved",
    "information",
    "appointment",
    "message",
    "callback",
    "transferred",
    "complaint",
    "other",
)


@dataclass(frozen=True)
class Template:
    """A personalised letter, e-mail or SMS; ``{{ variable }}`` marks what to fill in."""

    id: str
    title: str
    channel: Channel
    body: str
    variables: tuple[str, ...] = ()


# -- contacts ------------------------------------------------------------------------
@dataclass(frozen=True)
class Customer:
    name: str
    language: Lang | Literal[""] = ""  # what they speak; empty = the deck's language
    record: str = ""  # id of an existing CRM record, empty for a newcomer
    phone: str = ""
    email: str = ""
    reference: str = ""  # their file, contract or customer number, said when asked
    address: str = ""  # said when asked (else the CRM record's)
    company: str = ""  # the company they act for, said when asked (else the CRM record's)
    mood: float = 0.0  # starting mood, -1 (furious) … +1 (delighted)
    # Unanswered waiting before the first chase: active seconds on phone, chat and hold;
    # simulated seconds on e-mail, SMS and complaints (see omnisim/engine/patience.py).
    patience: float = 60.0


@dataclass(frozen=True)
class Contact:
    id: str
    at: float  # sim seconds after the start
    channel: Channel
    customer: Customer
    opening: str
    principal: str = ""
    # The number dialled or the address written to, when it is not the principal's own
    # (`phone` for calls and SMS, `email` for e-mails and complaints): an emergency line…
    line: str = ""
    subject: str = ""
    attachments: tuple[str, ...] = ()  # e-mail attachments, listed by name
    facts: tuple[Fact, ...] = ()
    replies: tuple[str, ...] = ()  # fallback lines said in order when nothing else applies
    # What the customer waits to hear (same matching as a fact's ``ask``): said by the
    # candidate, it calms them (a new date, "sera rappelé", the order's status…).
    awaits: tuple[str, ...] = ()
    reply_delay: float = 10.0  # sim seconds the customer takes to answer
    expected_duration: float = 300.0  # sim seconds a call is expected to last (line planning)
    reactions: Reactions = field(default_factory=Reactions)
    key: AnswerKey = field(default_factory=AnswerKey)
    # In the deck's library: never scheduled, offered only when a trainer injects it
    # (``at`` is then meaningless and must be left out of the file).
    extra: bool = False
    # From inside the company (a colleague, a manager, the principal collecting messages), not
    # a customer: measures of the customer relationship (reformulation, CRM trace unless the
    # key asks for one, listening) do not apply to it.
    internal: bool = False
    # A call the candidate places (a call-back asked for, a sales call): offered like the
    # others, it is launched from the desk (MC ACVD C1.3 « émettre un appel », C2.2).
    outbound: bool = False

    @property
    def to_place(self) -> bool:
        """A call to place: ``outbound``, or in decks written before that field a subject that
        opens « Appel sortant » / « Outbound call »."""
        return self.outbound or self.subject.startswith(("Appel sortant", "Outbound call"))


# -- the deck --------------------------------------------------------------------------
@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    language: Lang
    duration_minutes: float
    time_factor: float
    seed: int
    grid: str = ""  # the grid an exam uses unless the trainer picks another
    grids: tuple[str, ...] = ()  # every grid the deck prepares for (``grid`` first), see grid_ids
    preparation_minutes: float = 0.0
    today: str = "2026-03-12"
    start_time: str = "09:00"
    phone_lines: int = 4  # calls at once: CQP C.1.2 "3 lignes en attente" plus the one answered
    briefing: str = ""
    channel_overrides: dict[str, dict[str, float | int | bool]] = field(default_factory=dict)
    principals: tuple[Principal, ...] = ()
    crm: tuple[CrmRecord, ...] = ()
    knowledge: tuple[Article, ...] = ()
    templates: tuple[Template, ...] = ()
    contacts: tuple[Contact, ...] = ()
    # The case file's documents (``documents.yaml``): attachments and the centre's own.
    documents: tuple[Document, ...] = ()
    # The codes offered when closing a contact; empty: DEFAULT_WRAP_UPS.
    wrap_up_codes: tuple[WrapUp, ...] = ()
    # The deck's own diagnostic scripts (``scripts/*.yaml``); they shadow a bundled one's id.
    scripts: tuple[DiagnosticScript, ...] = ()
    path: str = ""

    @property
    def grid_ids(self) -> tuple[str, ...]:
        """The grids this deck names, its default first (a deck may prepare several texts)."""
        return tuple(dict.fromkeys(g for g in (self.grid, *self.grids) if g))

    @property
    def duration(self) -> float:
        """Session length in sim seconds."""
        return self.duration_minutes * 60.0

    @cached_property
    def _by_id(self) -> tuple[dict[str, Contact], dict[str, Principal]]:
        return {c.id: c for c in self.contacts}, {p.id: p for p in self.principals}

    def contact(self, contact_id: str) -> Contact | None:
        return self._by_id[0].get(contact_id)

    def principal(self, principal_id: str) -> Principal | None:
        return self._by_id[1].get(principal_id)

    def record_of(self, contact: Contact) -> CrmRecord | None:
        """The CRM record the contact's customer has in the deck, if any."""
        record_id = contact.customer.record
        return next((r for r in self.crm if r.id == record_id), None) if record_id else None

    @property
    def wrap_up_ids(self) -> tuple[str, ...]:
        """The wrap-up codes a closing may carry: the deck's, else the default list."""
        return tuple(w.id for w in self.wrap_up_codes) or DEFAULT_WRAP_UPS

    def line(self, contact: Contact) -> str:
        """The line the contact reached, shown before pick-up: its own ``line``, else its
        principal's number (calls, SMS) or address (e-mails, complaints); a chat has none."""
        if contact.line:
            return contact.line
        principal = self.principal(contact.principal)
        if principal is None or contact.channel == "chat":
            return ""
        return principal.phone if contact.channel in ("phone", "sms") else principal.email
