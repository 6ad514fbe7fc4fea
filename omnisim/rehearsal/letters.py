"""A careful candidate's letters: the deck template the key names, filled as the desk fills it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.language.markers import content_words
from omnisim.language.substance import references
from omnisim.measures.letters import RECORD_VARIABLES, values_of
from omnisim.measures.slots import accepted

_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def unfilled_removed(text: str) -> str:
    """The text with every ``{{ variable }}`` still in it taken out (left blank)."""
    return _VARIABLE.sub("", text)


def fill(body: str, values: Mapping[str, str]) -> str:
    """A template with each ``{{ variable }}`` replaced; an unknown one is left as it is."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def template_values(deck: Deck, contact: Contact, agent: str) -> dict[str, str]:
    """What the desk fills a template with (web/src/workspace/active.ts ``templateValues``),
    from the deck alone: the customer's record, the agent, the request and its appointment."""
    record = values_of(deck, contact)
    values = {var: record.get(name, "") for var, name in RECORD_VARIABLES.items()}
    seed = deck.record_of(contact)
    refs = [h.ref for h in seed.history if h.ref] if seed else []
    if not refs and seed is not None:  # a member's or a contract's number, written in the notes
        refs = sorted(references(content_words(seed.notes, deck.language)))
    slot = next((x.slot for x in contact.key.crm if x.action == "appointment" and x.slot), "")
    day, _, hour = slot.partition("T")
    values.update(
        {
            "client.civilite": record.get("civilite", ""),
            "agent.nom": agent,
            "agent.name": agent,
            "objet": contact.subject,
            "subject": contact.subject,
            "reference": contact.customer.reference or (refs[-1] if refs else ""),
            "date": deck.today,
            "rdv.date": day,
            "rdv.heure": hour,
        }
    )
    return {name: value for name, value in values.items() if value}


def checked_values(deck: Deck, contact: Contact, agent: str) -> dict[str, str]:
    """What a careful candidate sends: the desk's values, each slot the key names corrected
    to the value it expects (MC ACVD C3.3 « Les variables correctes »)."""
    keyed = {
        v: accepted(contact.key, v)[0] for v in contact.key.variables if accepted(contact.key, v)
    }
    return template_values(deck, contact, agent) | keyed
