"""What a deck offers beyond any one contact: the contacts that meet and the messages to take.

The coverage's rules (omnisim/scenario/occasion_rules.py) read one contact at a time; some
occasions are pairs or sets of contacts (two ringing within the pickup time, an urgent one
ringing while another is on the line, two calls on the line at once, urgent messages beside
others to hand over), read once per deck here.
"""

from __future__ import annotations

from dataclasses import dataclass

from omnisim.deck.model import Contact
from omnisim.measures.exchange import LIVE
from omnisim.scenario import Scenario


@dataclass(frozen=True)
class Occasions:
    """What the rules read beyond one contact: the scenario, the pairs of contacts that meet
    (two ringing within the pickup time or an urgent one while another is on the line: both
    ``ringing_together``; two calls on the line at once), the messages to take
    for urgent contacts and for others, and whether the deck declares its anomalies."""

    scenario: Scenario
    ringing_together: frozenset[str]
    calls_together: frozenset[str]
    urgent_messages: frozenset[str] = frozenset()
    other_messages: frozenset[str] = frozenset()
    declares_anomalies: bool = False

    @classmethod
    def of(cls, scenario: Scenario) -> Occasions:
        deck = scenario.deck
        scheduled = sorted((c for c in deck.contacts if not c.extra), key=lambda c: c.at)
        phone = scenario.rules.get("phone")
        pickup = (phone.pickup_seconds if phone else None) or 15.0
        window = pickup * deck.time_factor  # CQP C.1.2: picked up within 15 s (active)
        ringing: set[str] = set()
        for n, first in enumerate(scheduled):
            for second in scheduled[n + 1 :]:
                if second.at - first.at > window:
                    break
                if _rank(first) != _rank(second):
                    ringing |= {first.id, second.id}
        calls = [c for c in scheduled if c.channel == "phone"]
        together: set[str] = set()
        for n, first in enumerate(calls):
            for second in calls[n + 1 :]:
                if second.at >= first.at + first.expected_duration:
                    break
                together |= {first.id, second.id}
        live = [c for c in scheduled if c.channel in LIVE]
        for n, first in enumerate(live):
            for second in live[n + 1 :]:
                if second.at >= first.at + first.expected_duration:
                    break
                if second.key.urgent and _rank(second) < _rank(first):
                    # An urgent call ringing while another is on the line: taking it first is
                    # a choice too (handling.py ``_urgent_during_call``, CQP C.1.6, C.1.2).
                    ringing |= {first.id, second.id}
        for first in (c for c in live if c.key.urgent):
            for second in scheduled:
                if second.channel in LIVE or not first.at <= second.at:
                    continue
                if second.at < first.at + first.expected_duration and _rank(first) < _rank(second):
                    # A written contact arriving while an urgent caller is on the line: whether
                    # it waits for them is judged (handling.py ``_busy_while_urgent``, CQP C.1.2).
                    ringing |= {first.id, second.id}
        takers = [c for c in scheduled if expects(c, "message")]
        # A message the key asks marked urgent is handed over as one (measures/team.py reads
        # the desk's urgent box the candidate ticks).
        urgent = frozenset(
            c.id
            for c in takers
            if c.key.urgent or c.key.priority == 1 or any(x.urgent for x in c.key.crm)
        )
        others = frozenset(c.id for c in takers) - urgent
        declared = any(c.key.anomalies for c in deck.contacts)
        return cls(scenario, frozenset(ringing), frozenset(together), urgent, others, declared)


def _rank(c: Contact) -> tuple[int, int]:
    """The order a contact should be taken in (omnisim/measures/handling.py ``priority_order``)."""
    return (0 if c.key.urgent else 1, c.key.priority)


def expects(c: Contact, *actions: str) -> bool:
    """The answer key asks one of ``actions`` of the CRM (a message, a slot, a record…)."""
    return any(x.action in actions for x in c.key.crm)


__all__ = ["Occasions", "expects"]
