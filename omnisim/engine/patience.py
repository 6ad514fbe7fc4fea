"""How long a simulated customer waits, at any pace of the simulated clock.

A trainer runs a deck faster or slower (``time_factor``: ×12 makes a 4-hour shift
last 20 minutes). Two kinds of waiting scale differently:

* human-reaction waits — a phone ringing, a caller on hold, a chat customer
  watching for a reply — are the candidate's own reflexes: they count in active
  (real, unpaused) seconds, as the pick-up measure counts them. ``patience: 60`` on
  a call means one real minute of ringing at any pace, i.e. ``60 × factor`` sim s;
* written channels (e-mail, SMS, complaint) wait like a service-level deadline, in
  simulated time: ``patience: 1800`` on an SMS is half an hour of the fictional day.

So at ×12 a call picked up after 17 real seconds has not tried a caller with 60 s
of patience, while an e-mail still chases after its simulated half-hour.
``key.complaint_deadline_minutes`` is a procedure deadline: simulated minutes.
"""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.engine.state import ContactState

LIVE_CHANNELS = ("phone", "chat")  # a person is there, waiting in real time


def live(c: ContactState) -> bool:
    """Whether the customer waits as a person on the line (in active seconds)."""
    return c.status == "held" or (c.via or c.channel) in LIVE_CHANNELS


def period(contact: Contact, c: ContactState, factor: float) -> float:
    """Sim seconds of waiting before each loss of patience, at the session's pace."""
    return contact.customer.patience * (factor if live(c) else 1.0)


def deadline_at(contact: Contact, c: ContactState) -> float | None:
    """Sim time at which an unanswered formal complaint escalates, if the key sets one."""
    minutes = contact.key.complaint_deadline_minutes
    if minutes is None or c.replied or c.escalation == "complaint" or c.offered_at is None:
        return None
    return c.offered_at + minutes * 60.0
