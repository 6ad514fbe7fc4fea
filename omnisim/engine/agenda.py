"""The principals' agendas as the candidate changes them: book, move, cancel.

Every appointment can be moved or cancelled, the deck's as well as those booked during the
attempt (a caller moving an existing appointment frees its slot: CQP C.1.11 « Mettre à jour
des agendas », C.1.12 « Gérer la prise de rendez-vous »). A slot taken is refused; a time
inside the principal's announced absence or outside their hours is a warning: refused on
the field ``override`` until the candidate gives a reason, which the log keeps for the jury.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.availability import absence_at, appointment_at, unavailable
from omnisim.deck.model import Principal
from omnisim.engine.refused import ActionRefused
from omnisim.engine.state import SessionState
from omnisim.i18n import When


def principal_of(deck: Deck, principal_id: str) -> Principal:
    principal = deck.principal(principal_id)
    if principal is None:
        raise ActionRefused("principal", "err.principal_unknown", principal=principal_id)
    return principal


def _calendar(field: str, start: str) -> None:
    try:
        dt.datetime.strptime(start, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ActionRefused(field, "err.agenda_time_invalid", start=start) from None


def taken(principal: Principal, s: SessionState, start: str) -> bool:
    """An appointment stands at ``start``: the deck's (not moved away) or one booked now."""
    if (principal.id, start) in s.booked:
        return True
    slot = appointment_at(principal, start)
    return slot is not None and (principal.id, slot.start) not in s.freed


def check_free(principal: Principal, s: SessionState, start: str, field: str = "start") -> None:
    """A slot for a new appointment: a calendar time nobody else has."""
    _calendar(field, start)
    if (principal.id, start) in s.booked:
        raise ActionRefused(field, "err.agenda_slot_booked", start=When(start))
    if taken(principal, s, start):
        raise ActionRefused(field, "err.agenda_slot_busy", start=When(start))


def check_available(principal: Principal, start: str, override: str) -> None:
    """The principal's announced absence or hours: a warning, passed with a reason."""
    why = unavailable(principal, start)
    if not why or override.strip():
        return
    if why == "absent":
        absence = absence_at(principal, start)
        text = absence.text if absence is not None else ""
        raise ActionRefused(
            "override", "err.agenda_absent", start=When(start), name=principal.name, why=text
        )
    raise ActionRefused(
        "override", "err.agenda_outside_hours", start=When(start), name=principal.name
    )


def check_standing(principal: Principal, s: SessionState, start: str) -> None:
    """An appointment to move or cancel: one stands at exactly ``start``."""
    slot = appointment_at(principal, start)
    deck_one = slot is not None and slot.start == start and (principal.id, start) not in s.freed
    if (principal.id, start) not in s.booked and not deck_one:
        raise ActionRefused("start", "err.agenda_not_booked", start=When(start))


def book(deck: Deck, s: SessionState, a: Any) -> None:
    principal = principal_of(deck, a.principal)
    check_free(principal, s, a.start)
    check_available(principal, a.start, a.override)


def cancel(deck: Deck, s: SessionState, a: Any) -> None:
    check_standing(principal_of(deck, a.principal), s, a.start)


def move(deck: Deck, s: SessionState, a: Any) -> None:
    principal = principal_of(deck, a.principal)
    check_standing(principal, s, a.start)
    if a.to == a.start:
        raise ActionRefused("to", "err.agenda_same_slot", start=When(a.start))
    check_free(principal, s, a.to, "to")
    check_available(principal, a.to, a.override)
