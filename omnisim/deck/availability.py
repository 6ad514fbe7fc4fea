"""When a principal can be given an appointment: their agenda, announced absences and hours.

One reading for the engine (which warns the candidate before booking) and the measures
(which judge the booking): CQP C.1.11 « S'assurer de la disponibilité du donneur d'ordres »,
« Suivre parfaitement les instructions du donneur d'ordres ». Times are the deck's calendar
strings ("2026-03-12T14:30"), compared as text: the format keeps them in order.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from omnisim.deck.model import WEEKDAYS, Instruction, Principal, Slot

Unavailable = Literal["", "absent", "outside_hours"]


def appointment_at(principal: Principal, start: str) -> Slot | None:
    """The principal's appointment (a busy slot of the deck's agenda) running at ``start``."""
    for slot in principal.agenda:
        if not slot.free and (slot.start == start or slot.start <= start < slot.end):
            return slot
    return None


def staff_at(principal: Principal, start: str) -> str:
    """Whose slot of the agenda ``start`` is (``Slot.staff``): "" when the agenda does not say."""
    for slot in principal.agenda:
        if slot.start == start or slot.start <= start < slot.end:
            return slot.staff
    return ""


def absence_at(principal: Principal, start: str) -> Instruction | None:
    """The announced absence (an ``absent`` instruction) covering ``start``, if any: the whole
    principal's, or the absence of the staff member whose slot ``start`` is."""
    whose = staff_at(principal, start)
    for i in principal.instructions:
        begun = not i.valid_from or i.valid_from <= start
        ours = not i.staff or i.staff == whose
        if i.absent and ours and begun and (not i.valid_until or start < i.valid_until):
            return i
    return None


def within_hours(principal: Principal, start: str) -> bool:
    """Whether ``start`` falls in the principal's hours (always, when the deck gives none)."""
    if not principal.hours:
        return True
    try:
        when = dt.datetime.fromisoformat(start)
    except ValueError:
        return True  # not a calendar time: the engine refuses it before asking
    day, time = WEEKDAYS[when.weekday()], when.strftime("%H:%M")
    return any(day in h.days and h.start <= time < h.end for h in principal.hours)


def unavailable(principal: Principal, start: str) -> Unavailable:
    """Why the principal cannot see anyone at ``start`` ("" when they can)."""
    if absence_at(principal, start) is not None:
        return "absent"
    return "" if within_hours(principal, start) else "outside_hours"
