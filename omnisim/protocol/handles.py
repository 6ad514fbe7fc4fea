"""Neutral handles: what a candidate's browser calls the deck's contacts and dossier items.

A deck's author names its ids after the scenario ("pression-confidentielle", "urgence-cabinet",
"08-reclamation-routeur", a CRM record "r-doublon"): an id read in the browser could give the
answer key away, or the contacts still to come. So a candidate's desk never gets one. Contacts
are ``c1, c2…`` in order of arrival (a fold of the attempt's log: stable across reloads and
reconnections, the same on every worker); the dossier's principals, staff, CRM records, knowledge
articles and letter templates are ``p1…``, ``s1…``, ``r1…``, ``k1…``, ``t1…`` in the dossier's
order, a number skipped where the handle would spell an id the deck's author wrote. Facts,
traps and diagnostic scripts never travel at all (omnisim/protocol/views.py).

One :class:`Handles` per attempt maps both ways: :meth:`Handles.view` is the candidate's view of
a batch (pushes and join answers, omnisim/web/socket/feed.py), :meth:`Handles.dossier` the boot
data of the candidate's page, :meth:`Handles.taken` a candidate's action back to the deck's ids
before the engine sees it (omnisim/live/commands.py, on the exam's owner). The log, the board
and the jury keep the deck's ids. A refusal to a candidate speaks of what the desk shows, never
of an id (:func:`worded`).

Which fields hold ids is declared here, by field name, for every payload and action record;
tests/fast/test_handles.py fails on a field of a record a candidate sends or receives that is
declared neither an id nor plain text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.deck.channel_rules import ChannelRules
from omnisim.events import Event
from omnisim.protocol.actions import ACTIONS, CallOut
from omnisim.protocol.views import candidate_workspace, project
from omnisim.refusals import Declined, RefusalError

Kind = Literal["contact", "principal", "staff", "record", "article", "template"]
PREFIX: dict[Kind, str] = {
    "contact": "c",
    "principal": "p",
    "staff": "s",
    "record": "r",
    "article": "k",
    "template": "t",
}
CREATED = re.compile(r"new-[0-9]+")  # a CRM record the candidate created (the engine names it)


@dataclass(frozen=True)
class Ids:
    """A field holding a deck id of ``kind``; not ``strict``: a name may be typed instead
    (whom a message is for, whom to call), kept as typed when it is no handle."""

    kind: Kind
    strict: bool = True


#: Fields holding a deck id, by name, in every payload and action record that has them.
BY_NAME: dict[str, Ids] = {
    "contact_id": Ids("contact"),
    "principal": Ids("principal"),
    "record_id": Ids("record"),
    "for_whom": Ids("staff", strict=False),
}
#: Where a name means different things in different records.
BY_RECORD: dict[type, dict[str, Ids]] = {
    ev.ContactTransferred: {"to": Ids("staff")},
    ev.OutboundCall: {"to": Ids("staff", strict=False)},  # a colleague, or a number typed
    CallOut: {"to": Ids("staff", strict=False)},
}
#: Fields that never hold a deck id: what people wrote or said, times, channels, kinds, the
#: deck's title, the seed… (a new field is neither an id nor plain until declared here).
PLAIN = frozenset(
    {
        "action",
        "analyser",
        "announcement",
        "attachments",
        "call_id",  # a line the server numbered (call-1…), no deck id
        "caller",
        "cause",
        "cc",  # addresses typed
        "channel",
        "customer_name",
        "due",
        "fields",  # CRM field values typed by the candidate
        "justification",
        "kind",
        "level",
        "line",  # the number dialled or the address written to (the principal's, shown)
        "mood",
        "no_number",  # a message's « numéro non communiqué »
        "note",
        "override",  # the reason for booking over a warning
        "phone",
        "query",
        "reason",  # why (a pause, the end, a booking); a customer line's reason never travels
        "sender",
        "sentiment",
        "start",
        "status",  # the agent's: available, wrap-up, break
        "subject",
        "summary",
        "text",
        "to",  # agenda.moved's new time; where it names a person, BY_RECORD says so
        "to_place",  # a call to place: a yes or no, the contact's nature, like its channel
        "unfilled_ok",  # sent over the warning that template variables were left: a yes or no
        "urgent",
        "wrap_up",  # a closing code, as the desk lists them
    }
)
#: The desk's drafts are named ``<head>:<id>…`` (web/src/workspace/drafts.ts): after these
#: heads the next part is an id of this kind.
DRAFT_NAMES: dict[str, Kind] = {
    **dict.fromkeys(
        (
            "reply",
            "subject",
            "why",
            "via",
            "template",
            "hold",
            "transfer",
            "urgent",
            "record",
            "transfer-note",
            "note",
            "wrap",
            "cc",
            "attach",
        ),
        "contact",
    ),
    "agenda": "principal",
    "crm": "record",
}
#: Drafts whose text is an id chosen in a list, by whole name or by head.
DRAFT_CHOICES: dict[str, Kind] = {
    "record": "record",  # the record tied to a contact (web/src/workspace/active.ts linkField)
    "transfer": "staff",
    "template": "template",
    "msg:principal": "principal",
    "msg:for": "staff",
    "call:to": "staff",
}


def rules(record: type) -> tuple[tuple[str, Ids], ...]:
    """The id fields of a payload or action record."""
    own = BY_RECORD.get(record, {})
    found = ((f.name, own.get(f.name) or BY_NAME.get(f.name)) for f in dataclasses.fields(record))
    return tuple((name, ids) for name, ids in found if ids is not None)


#: Id fields by event type (outgoing) and by action record (incoming), worked out once.
OUT = {kind: rules(cls) for kind, cls in ev.PAYLOADS.items()}
IN = {record: rules(record) for record, _roles in ACTIONS.values()}


class Unknown(Declined):
    """A candidate named something their desk does not show (no such handle)."""

    def __init__(self, field: str, kind: Kind) -> None:
        super().__init__(field, f"err.desk.unknown_{kind}")


def _dossier_ids(deck: Deck) -> dict[Kind, list[str]]:
    return {
        "contact": [],
        "principal": [p.id for p in deck.principals],
        "staff": [s.id for p in deck.principals for s in p.staff],
        "record": [r.id for r in deck.crm],
        "article": [a.id for a in deck.knowledge],
        "template": [t.id for t in deck.templates],
    }


def _authored_ids(deck: Deck) -> frozenset[str]:
    """Every id the deck's author wrote: contacts, their facts and scripts, the dossier's."""
    ids = {c.id for c in deck.contacts} | {f.id for c in deck.contacts for f in c.facts}
    ids |= {s.id for s in deck.scripts} | {p.id for p in deck.principals}
    ids |= {s.id for p in deck.principals for s in p.staff}
    for dossier in _dossier_ids(deck).values():
        ids |= set(dossier)
    return frozenset(ids)


class Handles:
    """One attempt's handles, both ways; contacts are named as :meth:`fold` sees them offered."""

    def __init__(self, deck: Deck) -> None:
        self.seq = 0  # the last event folded
        self._handle: dict[Kind, dict[str, str]] = {kind: {} for kind in PREFIX}
        self._id: dict[str, tuple[Kind, str]] = {}  # handle -> (kind, deck id)
        self._deck: dict[Kind, frozenset[str]] = {}  # every deck id of each kind
        # A handle never spells an id the deck's author wrote: a fact named « t2 » (round 21's
        # transport deck: the T2 tram) would read as the second template's handle.
        self._authored = _authored_ids(deck)
        for kind, ids in _dossier_ids(deck).items():
            for deck_id in ids:
                self._name(kind, deck_id)
            self._deck[kind] = frozenset(ids)
        self._deck["contact"] = frozenset(c.id for c in deck.contacts)

    def _name(self, kind: Kind, deck_id: str) -> None:
        names = self._handle[kind]
        if deck_id not in names:
            n = len(names) + 1
            while f"{PREFIX[kind]}{n}" in self._authored or f"{PREFIX[kind]}{n}" in self._id:
                n += 1
            handle = f"{PREFIX[kind]}{n}"
            names[deck_id] = handle
            self._id[handle] = (kind, deck_id)

    def handle(self, kind: Kind, deck_id: str) -> str | None:
        """The handle of a deck id (a contact's once offered), or None."""
        return self._handle[kind].get(deck_id)

    def deck_id(self, handle: str) -> str | None:
        """The deck id behind a handle, or None."""
        found = self._id.get(handle)
        return found[1] if found is not None else None

    # -- the log ---------------------------------------------------------------------
    def fold(self, event: Event) -> None:
        """Learn an event of the attempt, in order; one already folded is skipped."""
        if event.seq <= self.seq:
            return
        if event.seq != self.seq + 1:  # contacts would be misnumbered: never guess
            raise RuntimeError(f"handles: event {event.seq} after {self.seq}")
        self.seq = event.seq
        if event.type == "contact.offered":
            self._name("contact", event.payload.contact_id)

    # -- what leaves for the candidate's browser ------------------------------------
    def view(self, events: Sequence[Event]) -> list[dict[str, Any]]:
        """What a candidate sees of ``events`` (omnisim/protocol/views.py), under handles."""
        shown = []
        for event in events:
            self.fold(event)
            data = project("candidate", event)
            if data is not None:
                shown.append(self.shown(data))
        return shown

    def shown(self, data: dict[str, Any]) -> dict[str, Any]:
        """A projected event with its deck ids replaced by handles, in place."""
        payload = data["payload"]
        for name, ids in OUT.get(data["type"], ()):
            value = payload.get(name)
            if value:
                payload[name] = self._out(ids.kind, value)
        if data["type"] == "draft.saved":
            payload["field"], payload["text"] = self.draft(payload["field"], payload["text"])
        return data

    def _out(self, kind: Kind, value: str) -> str:
        handle = self._handle[kind].get(value)
        if handle is not None:
            return handle
        return "" if value in self._deck[kind] else value  # a contact not offered: no name

    def draft(self, field: str, text: str, back: bool = False) -> tuple[str, str]:
        """A draft's name and text with their ids mapped (``back``: handles to ids)."""
        head, sep, rest = field.partition(":")
        kind = DRAFT_NAMES.get(head)
        if kind is not None and rest:
            part, sep2, tail = rest.partition(":")
            part = self._in(kind, part, "field", strict=False) if back else self._out(kind, part)
            field = f"{head}{sep}{part}{sep2}{tail}"
        choice = DRAFT_CHOICES.get(field) or DRAFT_CHOICES.get(head)
        if choice is not None and text:
            text = self._handle_in(choice, text) if back else self._out(choice, text)
        return field, text

    def dossier(self, workspace: dict[str, Any]) -> dict[str, Any]:
        """The candidate's dossier (views.candidate_workspace) under handles, in place."""
        for p in workspace["principals"]:
            p["id"] = self._out("principal", p["id"])
            for s in p["staff"]:
                s["id"] = self._out("staff", s["id"])
            # Whose slot, whose absence (a staff member of a practice): the desk names them.
            for item in (*p["agenda"], *p["instructions"]):
                if item.get("staff"):
                    item["staff"] = self._out("staff", item["staff"])
        for r in workspace["crm"]:
            r["id"] = self._out("record", r["id"])
            if r.get("principal"):
                r["principal"] = self._out("principal", r["principal"])
        for a in workspace["knowledge"]:
            a["id"] = self._out("article", a["id"])
        for t in workspace["templates"]:
            t["id"] = self._out("template", t["id"])
        return workspace

    # -- what comes in from the candidate's desk ------------------------------------
    def taken(self, action: Any) -> Any:
        """A candidate's action record with its handles replaced by the deck's ids.

        A name the desk does not show is refused (:class:`Unknown`): a deck id guessed or
        copied from elsewhere is refused like any unknown name, so no answer tells a
        candidate which ids exist.
        """
        changes = {}
        for name, ids in IN.get(type(action), ()):
            value = getattr(action, name)
            if value:
                changes[name] = self._in(ids.kind, value, name, ids.strict)
        if isinstance(action, ev.DraftSaved):
            changes["field"], changes["text"] = self.draft(action.field, action.text, back=True)
        return dataclasses.replace(action, **changes) if changes else action

    def _handle_in(self, kind: Kind, value: str) -> str:
        found = self._id.get(value)
        return found[1] if found is not None and found[0] == kind else value

    def _in(self, kind: Kind, value: str, field: str, strict: bool = True) -> str:
        found = self._id.get(value)
        if found is not None and found[0] == kind:
            return found[1]
        if value in self._deck[kind]:
            raise Unknown(field, kind)
        if strict and not (kind == "record" and CREATED.fullmatch(value)):
            raise Unknown(field, kind)
        return value


def candidate_dossier(deck: Deck, rules: Mapping[str, ChannelRules], lang: str) -> dict[str, Any]:
    """The dossier école of a candidate's page: views.candidate_workspace under handles."""
    return Handles(deck).dossier(candidate_workspace(deck, rules, lang))


# -- refusals, as a candidate reads them -----------------------------------------------
#: The engine's refusals that name a deck item, worded for the candidate by what the desk
#: shows; the jury and the trainer keep the informative ones (with the ids).
CANDIDATE_WORDS: dict[str, str] = {
    "err.contact_unknown": "err.desk.unknown_contact",
    "err.crm_record_unknown": "err.desk.unknown_record",
    "err.principal_unknown": "err.desk.unknown_principal",
    "err.transfer_target_unknown": "err.desk.unknown_staff",
    "err.call_to_unknown": "err.desk.call_to_unknown",
    "err.contact_closed": "err.desk.contact_closed",
    "err.contact_transferred": "err.desk.contact_transferred",
    "err.contact_not_picked_up": "err.desk.contact_not_picked_up",
    "err.contact_on_hold": "err.desk.contact_on_hold",
    "err.contact_not_waiting": "err.desk.contact_not_waiting",
}
#: Where the words depend on what the candidate was doing.
CANDIDATE_WORDS_FOR: dict[tuple[str, str], str] = {
    ("err.contact_on_hold", "send"): "err.desk.contact_on_hold_write",
}


def worded(exc: RefusalError, action: str) -> RefusalError:
    """``exc`` as a candidate is told it after ``action``: in the desk's words, without ids."""
    key = CANDIDATE_WORDS_FOR.get((exc.key, action)) or CANDIDATE_WORDS.get(exc.key)
    return exc if key is None else Declined(exc.field, key)
