"""A deck's timeline as a trainer previews it: when each contact comes, on which channel, why."""

from __future__ import annotations

from dataclasses import dataclass

from omnisim.deck.model import Deck


@dataclass(frozen=True)
class TimelineRow:
    contact_id: str
    sim_clock: str  # "0:25:00" after the start, simulated
    wall_clock: str  # the same moment in real time at the deck's compression
    offset: float  # share of the session elapsed, for drawing the bar
    channel: str
    principal: str
    customer: str
    subject: str
    urgent: bool
    priority: int
    script: str
    transfer_to: str
    traps: int
    notes: str
    extra: bool = False  # in the library: injected by the trainer, no arrival time


def clock(seconds: float) -> str:
    """A simulated moment as a trainer writes it: "0:25:00" after the start."""
    total = int(round(seconds))
    return f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def timeline(deck: Deck) -> list[TimelineRow]:
    rows = []
    for c in sorted(deck.contacts, key=lambda c: c.extra):  # the library after the day
        principal = deck.principal(c.principal)
        rows.append(
            TimelineRow(
                contact_id=c.id,
                sim_clock="—" if c.extra else clock(c.at),
                wall_clock="—" if c.extra else clock(c.at / deck.time_factor),
                offset=round(100 * c.at / deck.duration, 2) if deck.duration else 0.0,
                channel=c.channel,
                principal=principal.name if principal else "",
                customer=c.customer.name,
                subject=c.subject,
                urgent=c.key.urgent,
                priority=c.key.priority,
                script=c.key.script,
                transfer_to=c.key.transfer_to,
                traps=len(c.key.traps),
                notes=c.key.notes,
                extra=c.extra,
            )
        )
    return rows
