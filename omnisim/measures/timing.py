"""Ring-to-pickup time: CQP C.1.2 "respecter le décroché en moins de 15 secondes".

Reaction times are human-scale, so they are measured in *active seconds*:
elapsed sim time divided by the session's compression factor. A paused session
adds nothing (sim time stands still) and a deck compressed ×8 still gives the
candidate a real 15 seconds to pick up.
"""

from __future__ import annotations

from collections.abc import Sequence

from omnisim import events as ev
from omnisim.events import Event
from omnisim.measures.result import Evidence, MeasureResult


def time_factor(events: Sequence[Event]) -> float:
    for event in events:
        if isinstance(event.payload, ev.SessionCreated):
            return event.payload.time_factor
    return 1.0


def pickup_times(events: Sequence[Event], limit: float = 15.0) -> MeasureResult:
    """Active seconds from offer to pickup for every call and chat the candidate met."""
    factor = time_factor(events)
    offered: dict[str, Event] = {}
    picked: dict[str, Event] = {}
    for event in events:
        p = event.payload
        if isinstance(p, ev.ContactOffered) and p.channel in ("phone", "chat"):
            offered[p.contact_id] = event
        elif isinstance(p, ev.ContactPickedUp) and p.contact_id in offered:
            picked.setdefault(p.contact_id, event)
    values: dict[str, float | None] = {}
    evidence = []
    for contact_id, offer in offered.items():
        pick = picked.get(contact_id)
        if pick is None:
            values[contact_id] = None
            evidence.append(Evidence(offer.seq, offer.sim_time, f"{contact_id}: jamais décroché"))
            continue
        seconds = round((pick.sim_time - offer.sim_time) / factor, 1)
        values[contact_id] = seconds
        evidence.append(Evidence(offer.seq, offer.sim_time, f"{contact_id}: sonnerie"))
        evidence.append(Evidence(pick.seq, pick.sim_time, f"{contact_id}: décroché en {seconds} s"))
    if not values:
        return MeasureResult("pickup_time", values, limit, None, (), "aucun appel ni tchat")
    passed = all(v is not None and v <= limit for v in values.values())
    return MeasureResult("pickup_time", values, limit, passed, tuple(evidence))
