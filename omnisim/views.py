"""What each role is allowed to see of an event.

The answer key and the session's secrets never reach a candidate's browser, so
the candidate view is an allow-list: event types a candidate may see at all,
and within them, fields stripped (why a customer said a line, that a trainer is
playing the customer, how the mood moved: the candidate reads those in the text).
"""

from __future__ import annotations

from typing import Any

from omnisim.deck import Deck
from omnisim.deck.rules import effective_rules
from omnisim.events import OPERATION_TYPES, Event
from omnisim.schema import dump

CANDIDATE_TYPES = (
    frozenset(
        {
            "session.started",
            "session.paused",
            "session.resumed",
            "session.ended",
            "contact.offered",
            "contact.picked_up",
            "message.sent",
            "contact.closed",
            "contact.held",
            "contact.resumed",
            "contact.transferred",
            "contact.escalated",
            "contact.switched",
        }
    )
    | OPERATION_TYPES
)
HIDDEN_FIELDS = {"message.sent": ("reason",)}


def project(role: str, event: Event) -> dict[str, Any] | None:
    """The dict sent to a client of ``role``, or None when that role must not see it."""
    if role == "candidate" and event.type not in CANDIDATE_TYPES:
        return None
    data = event.to_dict()
    del data["session_id"]
    if role == "candidate":
        for name in HIDDEN_FIELDS.get(event.type, ()):
            data["payload"].pop(name, None)
        if event.actor == "trainer" and event.type == "message.sent":
            data["actor"] = "customer"  # a trainer playing the customer is the customer
    return data


def project_all(role: str, events: list[Event]) -> list[dict[str, Any]]:
    return [d for d in (project(role, e) for e in events) if d is not None]


def candidate_workspace(deck: Deck) -> dict[str, Any]:
    """The dossier école as the candidate may see it: no contacts, no answer key, no secrets.

    Principals' confidential facts are left out on purpose: what a candidate never
    had cannot leak, and the trap measures what they say under pressure.
    """
    principals = [
        {
            "id": p.id,
            "name": p.name,
            "sector": p.sector,
            "address": p.address,
            "phone": p.phone,
            "greeting": p.greeting,
            "instructions": [dump(i) for i in p.instructions],
            "agenda": [dump(s) for s in p.agenda],
            "staff": [dump(s) for s in p.staff],
        }
        for p in deck.principals
    ]
    return {
        "title": deck.title,
        "briefing": deck.briefing,
        "phone_lines": deck.phone_lines,
        "reply_by": {ch: r.reply_by for ch, r in effective_rules(deck).items() if r.reply_by},
        "principals": principals,
        "crm": [dump(r) for r in deck.crm],
        "knowledge": [dump(a) for a in deck.knowledge],
        "templates": [dump(t) for t in deck.templates],
    }
