"""What a careful scripted candidate does on the desk's records, as the answer key expects it:
CRM follow-ups, updates and creations, agenda bookings, moves and cancellations, messages taken
for a principal, the contact's trace and its close with a fitting wrap-up code.

Steps are ``(delay in active seconds, action, data)``; omnisim/rehearsal/player.py plays them.
"""

from __future__ import annotations

from typing import Any

from omnisim.deck import Deck
from omnisim.deck.availability import unavailable
from omnisim.deck.key import CrmExpectation
from omnisim.deck.model import Contact
from omnisim.measures.team import urgent_contact
from omnisim.rehearsal.phrases import PHRASES, say_urgent

Step = tuple[float, str, dict[str, Any]]  # (delay in active seconds, action, data)


def close(deck: Deck, c: Contact) -> dict[str, Any]:
    """A close as the desk sends it, with a wrap-up code: the deck's first, else the
    default code that fits what the key asked (a transfer, an appointment, a message…)."""
    codes = deck.wrap_up_ids
    wanted = [x.action for x in c.key.crm]
    fitting = (
        "transferred"
        if c.key.transfer_to
        else "appointment"
        if "appointment" in wanted or "cancel" in wanted
        else "message"
        if "message" in wanted
        else "complaint"
        if c.channel == "complaint"
        else "resolved"
    )
    return {"contact_id": c.id, "wrap_up": fitting if fitting in codes else codes[0]}


def trace(c: Contact) -> Step:
    summary = c.subject or c.opening[:60]
    return (
        2,
        "crm_trace",
        {"contact_id": c.id, "record_id": c.customer.record, "summary": summary},
    )


def crm_steps(deck: Deck, c: Contact, messages: list[str]) -> list[Step]:
    """The key's CRM, agenda and message steps; a message taken is added to ``messages``
    (the hand-over's list), an urgent one first and said urgent (MC ACVD C4.3 « classées »)."""
    steps: list[Step] = []
    for expected in c.key.crm:
        record = expected.record or c.customer.record
        data: dict[str, Any]
        if expected.action == "followup":
            data = {"contact_id": c.id, "record_id": record, "action": expected.note}
            steps.append((2, "crm_followup", data))
        elif expected.action == "update" and record:
            data = {"contact_id": c.id, "record_id": record, "fields": dict(expected.fields)}
            steps.append((2, "crm_update", data))
        elif expected.action == "create":
            # A key that names no field (a prospect's record): what the customer said of
            # themselves, as a person at the desk would type it.
            fields = dict(expected.fields) or _prospect(c)
            steps.append((2, "crm_create", {"contact_id": c.id, "fields": fields}))
        elif expected.action == "appointment" and expected.slot:
            steps += appointment(deck, c, expected)
        elif expected.action == "cancel":
            data = {"principal": c.principal, "start": expected.slot, "contact_id": c.id}
            steps.append((2, "agenda_cancel", data))
        elif expected.action == "message":
            urgent = urgent_contact(c) or expected.urgent
            if urgent:
                messages.insert(0, say_urgent(deck.language, c.customer.name))
            else:
                messages.append(c.customer.name)
            data = {
                "principal": c.principal,
                "for_whom": expected.fields.get("for_whom", c.principal),
                "caller": c.customer.name,
                "phone": c.customer.phone or c.customer.email,
                "text": expected.note,
                "contact_id": c.id,
                "urgent": urgent,
            }
            steps.append((2, "take_message", data))
    return steps


def appointment(deck: Deck, c: Contact, expected: CrmExpectation) -> list[Step]:
    """The slot the key expects, booked (the caller's old appointment moved there when the
    key says it frees one), then told back (CQP C.1.12 « récapituler »). A slot the
    principal's own agenda lists open but their hours exclude (round 21: Saturday visits,
    hours without ``days``) is booked with that reason, as a person would pass the desk's
    warning; the measures still see it outside hours (appointment_in_free_slot)."""
    day, _, hour = expected.slot.partition("T")
    data = {
        "principal": c.principal,
        "start": expected.slot,
        "contact_id": c.id,
        "record_id": expected.record or c.customer.record,
    }
    principal = deck.principal(c.principal)
    opened = principal is not None and any(
        s.free and s.start == expected.slot for s in principal.agenda
    )
    if opened and principal and unavailable(principal, expected.slot) == "outside_hours":
        data["override"] = PHRASES[deck.language]["open_slot"].format(name=principal.name)
    booking: Step = (2, "agenda_book", data)
    if expected.frees:
        booking = (2, "agenda_move", data | {"start": expected.frees, "to": expected.slot})
    if deck.language == "fr":
        hour = hour.replace(":", " h ")
    said = PHRASES[deck.language]["appointment"].format(day=day, hour=hour)
    return [booking, (2, "send", {"contact_id": c.id, "text": said})]


def _prospect(c: Contact) -> dict[str, str]:
    """A new record's fields from the customer's card (« Prénom Nom », phone, e-mail)."""
    first, _, last = c.customer.name.strip().partition(" ")
    fields = {"first_name": first, "last_name": last or first}
    fields |= {k: v for k, v in (("phone", c.customer.phone), ("email", c.customer.email)) if v}
    return fields
