"""One candidate as the trainer's board shows it: a pure summary of the workspace projection.

Derived from :class:`omnisim.projection.workspace.SessionView` only (plus the deck's reply
deadlines and the moment "now"), so the board says what the jury's replay would
say. ``web/src/board/summary.ts`` computes the same summary from the browser's
reducer state; tests/fast/test_board_summary.py checks both on the same logs.

Moods are shown as a five-step scale with words, never as decimals; a call
ringing is an alert after ``RING_ALERT`` real seconds (human reactions are
counted in real seconds, decks/README.md), SLA deadlines in sim time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from omnisim.deck import Deck
from omnisim.deck.channel_rules import ChannelRules
from omnisim.projection.workspace import Moment, SessionView

RING_ALERT = 15.0  # real seconds a call may ring before the board warns
# Upper bounds of each step of the mood scale (-1 … 1), from furious to delighted.
MOOD_STEPS = (-0.6, -0.2, 0.2, 0.6)
MOOD_NAMES = ("furious", "upset", "neutral", "satisfied", "delighted")
OPEN = ("offered", "active", "held")


def mood_step(mood: float) -> int:
    """0 (furious) … 4 (delighted)."""
    return sum(1 for bound in MOOD_STEPS if mood > bound)


def reply_deadlines(deck: Deck, rules: Mapping[str, ChannelRules]) -> dict[str, float]:
    """Sim seconds each written contact may wait for a first reply (as reply_time_sla counts)."""
    limits: dict[str, float] = {}
    for contact in deck.contacts:
        if contact.channel == "phone":
            continue
        rule = rules.get(contact.channel)
        minutes = contact.key.sla_minutes or (rule.reply_deadline_minutes if rule else None)
        if minutes:
            limits[contact.id] = minutes * 60.0
    return limits


@dataclass(frozen=True)
class Customer:
    contact_id: str
    name: str
    channel: str
    status: str
    mood: int  # step of the scale, see MOOD_NAMES
    taken_over: bool
    escalated: str  # "", "supervisor" or "complaint"


@dataclass(frozen=True)
class Alert:
    kind: str  # offline, escalated, ringing
    contact_id: str = ""


@dataclass(frozen=True)
class Summary:
    status: str
    online: bool
    open_contacts: int
    handled: int
    sla_breaches: tuple[str, ...]
    customers: tuple[Customer, ...]  # the open contacts, oldest first
    last_activity: Moment | None  # the candidate's last act
    alerts: tuple[Alert, ...]
    agent_status: str = "available"  # what the candidate says they are doing (available…)
    agent_since: Moment | None = None


def last_activity(view: SessionView) -> Moment | None:
    """The latest moment the candidate did something the log shows."""
    moments: list[Moment] = [op.at for op in view.operations]
    moments += [d.at for d in view.drafts.values()]
    for c in view.contacts.values():
        moments += [Moment(line.seq, line.sim) for line in c.lines if line.actor == "candidate"]
        moments += [m for m in (c.picked, c.closed, c.transferred) if m is not None]
        moments += [h.start for h in c.holds] + [h.end for h in c.holds if h.end is not None]
        moments += [Moment(n.seq, n.sim) for n in c.notes]
    for call in view.calls.values():
        moments += [Moment(line.seq, line.sim) for line in call.lines if line.actor == "candidate"]
    moments += [view.agent_since] if view.agent_since is not None else []
    return max(moments, key=lambda m: m.seq, default=None)


def summarize(
    view: SessionView,
    deadlines: Mapping[str, float],
    now_sim: float,
    online: bool,
) -> Summary:
    """The board's line for one candidate at sim time ``now_sim``."""
    factor = view.time_factor or 1.0
    live = view.status in ("ready", "running", "paused")
    customers: list[Customer] = []
    breaches: list[str] = []
    alerts: list[Alert] = [] if online or not live else [Alert("offline")]
    for c in view.contacts.values():
        limit = deadlines.get(c.id)
        if limit is not None and c.channel != "phone":
            first = next((line for line in c.lines if line.actor == "candidate"), None)
            replied_at = first.sim if first is not None else (now_sim if c.status in OPEN else None)
            if replied_at is not None and replied_at - c.offered.sim > limit:
                breaches.append(c.id)
        if c.status not in OPEN:
            continue
        mood = c.moods[-1][1] if c.moods else 0.0
        level = c.escalations[-1][1] if c.escalations else ""
        customers.append(
            Customer(c.id, c.customer, c.channel, c.status, mood_step(mood), c.taken_over, level)
        )
        if level:
            alerts.append(Alert("escalated", c.id))
        ringing = c.channel == "phone" and c.status == "offered" and not c.to_place
        if ringing and (now_sim - c.offered.sim) / factor > RING_ALERT:
            alerts.append(Alert("ringing", c.id))
    return Summary(
        status=view.status,
        online=online,
        open_contacts=len(customers),
        handled=sum(1 for c in view.contacts.values() if c.handled),
        sla_breaches=tuple(breaches),
        customers=tuple(customers),
        last_activity=last_activity(view),
        alerts=tuple(alerts),
        agent_status=view.agent_status,
        agent_since=view.agent_since,
    )
