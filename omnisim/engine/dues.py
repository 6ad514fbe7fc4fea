"""Each contact's next unprompted step, kept between folds.

The runtime asks when the next step is after every action and every tick
(``Engine.next_due``), and what is due whenever one may be (``Engine.due``); each asking
walked every contact of the deck (schedule.next_due, schedule.due), a tenth of the worker's
loop at 300 candidates (bench/loop_steps.py), where an event changes one contact at most.

Here each contact's time (schedule.contact_due: a function of its own state and the clock's
pace) is kept until the fold touches that contact: an event of one contact (fold.Fold.apply
gives it to that contact alone) forgets that contact's time, a session-wide one every time.
``due`` then looks only at the contacts whose time has come, in the deck's order.
"""

from __future__ import annotations

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import schedule
from omnisim.engine.fold import SESSION_WIDE
from omnisim.engine.state import SessionState
from omnisim.events import Draft

NEVER = float("inf")  # a contact with nothing scheduled


class Dues:
    """The deck's contacts' next times, recomputed only for the contacts folded since."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._order = {c.id: (n, c) for n, c in enumerate(deck.contacts)}
        # contact id -> its next time (NEVER: none), in the deck's order
        self._at: dict[str, float] = dict.fromkeys(self._order, NEVER)
        self._stale: set[str] = set(self._order)  # contacts whose time is to be read again
        self._factor = -1.0  # the clock's pace the times were read at

    def folded(self, payload: object) -> None:
        """An event was folded: forget what it may have moved (as fold.Fold.apply routes it)."""
        if isinstance(payload, SESSION_WIDE):
            self._stale.update(self._order)
            return
        contact_id = getattr(payload, "contact_id", None)
        if contact_id in self._order:
            self._stale.add(contact_id)

    def _times(self, s: SessionState) -> dict[str, float]:
        factor = s.clock.factor
        if factor != self._factor:
            self._factor = factor
            self._stale.update(self._order)
        if self._stale:
            for contact_id in self._stale:
                _n, contact = self._order[contact_id]
                at = schedule.contact_due(contact, s.contacts[contact_id], factor)
                self._at[contact_id] = NEVER if at is None else at
            self._stale.clear()
        return self._at

    def next_due(self, s: SessionState) -> float | None:
        """As schedule.next_due."""
        if not s.started or s.ended:
            return None
        return min(self.deck.duration, min(self._times(s).values(), default=NEVER))

    def due(self, s: SessionState, sim_now: float) -> list[Draft]:
        """As schedule.due: only the contacts whose time has come are asked."""
        if not s.started or s.ended or not s.clock.running:
            return []
        ready: list[tuple[int, Contact]] = [
            self._order[cid] for cid, at in self._times(s).items() if at <= sim_now
        ]
        return schedule.earliest(self.deck, s, sim_now, ready)
