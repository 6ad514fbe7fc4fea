"""A scenario reduced to one of its contacts, for a trainer who tries that contact alone."""

from __future__ import annotations

import dataclasses

from omnisim.scenario import Scenario
from omnisim.schema import SchemaError

ARRIVES_AFTER = 3.0  # wall seconds after the start: the desk is up when it rings


def one_contact(scenario: Scenario, contact_id: str, time_factor: float) -> Scenario:
    """The same deck (briefing, principals, CRM…) with ``contact_id`` alone, arriving a few
    seconds after the start at ``time_factor``; a library contact becomes a scheduled one.

    The snapshot and hash stay the deck's: a trial is never rebuilt from them.
    """
    contact = scenario.deck.contact(contact_id)
    if contact is None:
        raise SchemaError("contact", "err.try_contact", contact=contact_id[:80])
    alone = dataclasses.replace(contact, at=ARRIVES_AFTER * time_factor, extra=False)
    deck = dataclasses.replace(scenario.deck, contacts=(alone,))
    return dataclasses.replace(scenario, deck=deck)
