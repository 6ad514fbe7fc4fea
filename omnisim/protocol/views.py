"""What each role is allowed to see of an event.

The answer key and the session's secrets never reach a candidate's browser, so
the candidate view is an allow-list: event types a candidate may see at all,
and within them, fields stripped (why a customer said a line, that a trainer is
playing the customer, how the mood moved: the candidate reads those in the text). Why a
simulated customer said nothing (``customer.silent``) is for the jury and the trainer: its
reason would tell a candidate what the customer was waiting for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.chat_norm import desk_rules
from omnisim.deck.markdown import render_markdown
from omnisim.deck.shown_names import Shown
from omnisim.events import OPERATION_TYPES, Event
from omnisim.i18n import desk_formats
from omnisim.language.civility import of_record
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
            "contact.noted",
            "call.said",
            "call.ended",
            "agent.status",
            "draft.saved",
        }
    )
    | OPERATION_TYPES
)
HIDDEN_FIELDS = {"message.sent": ("reason",)}
# Never sent to any browser: the deck snapshot is large (and holds the answer key),
# link hashes are secrets' fingerprints.
STAFF_HIDDEN = ("snapshot", "token_hash", "password_hash", "key", "files")


def project(role: str, event: Event) -> dict[str, Any] | None:
    """The dict sent to a client of ``role``, or None when that role must not see it."""
    if role == "candidate" and event.type not in CANDIDATE_TYPES:
        return None
    # The event's shared dict (the store encoded it), copied where a view changes it: its
    # keys and its payload's keys (a candidate's handles replace payload values).
    data = dict(event.dumped())
    del data["session_id"]
    payload = data["payload"] = dict(data["payload"])
    for name in STAFF_HIDDEN:
        payload.pop(name, None)
    if role == "candidate":
        for name in HIDDEN_FIELDS.get(event.type, ()):
            payload.pop(name, None)
        if event.actor == "trainer" and event.type == "message.sent":
            data["actor"] = "customer"  # a trainer playing the customer is the customer
        if event.actor == "trainer" and event.type == "contact.offered":
            data["actor"] = "system"  # an injected contact arrives like any other
    return data


#: What a reader sees of a run of events (a role's projection, or a candidate's under the
#: attempt's handles, omnisim/protocol/handles.py).
View = Callable[[Sequence[Event]], list[dict[str, Any]]]


def project_all(role: str, events: Sequence[Event]) -> list[dict[str, Any]]:
    return [d for d in (project(role, e) for e in events) if d is not None]


def candidate_workspace(deck: Deck, rules: Mapping[str, ChannelRules], lang: str) -> dict[str, Any]:
    """The dossier école as the candidate may see it: no contacts, no answer key, no secrets,
    with the desk's date and time formats in ``lang`` (the page's language).

    Principals' confidential facts are left out on purpose: what a candidate never
    had cannot leak, and the trap measures what they say under pressure. A record's
    civility is given as the measures read it (from ``notes`` in older decks).
    """
    shown = Shown(deck)  # a deck id written in the trainer's prose, as the desk names it
    principals = [
        {
            "id": p.id,
            "name": p.name,
            "sector": p.sector,
            "address": p.address,
            "phone": p.phone,
            "email": p.email,
            "greeting": p.greeting,
            "instructions": [dump(i) | {"text": shown(i.text)} for i in p.instructions],
            "agenda": [dump(s) for s in p.agenda],
            "hours": [dump(h) for h in p.hours],
            "staff": [dump(s) for s in p.staff],
        }
        for p in deck.principals
    ]
    channels = {  # the chat's limit is the count the company states (deck/chat_norm.py)
        ch: {
            "pickup_seconds": r.pickup_seconds,
            "reply_deadline_minutes": r.reply_deadline_minutes,
            "max_words_per_send": r.max_words_per_send,
            "max_characters": r.max_characters,
            "max_lines_on_hold": r.max_lines_on_hold,
        }
        for ch, r in desk_rules(deck, rules).items()
    }
    return {
        "title": deck.title,
        "today": deck.today,
        "start_time": deck.start_time,
        "duration_minutes": deck.duration_minutes,
        "preparation_minutes": deck.preparation_minutes,
        "channels": channels,
        "briefing": shown(deck.briefing),
        "briefing_html": render_markdown(shown(deck.briefing)),
        "phone_lines": deck.phone_lines,
        "reply_by": {ch: r.reply_by for ch, r in rules.items() if r.reply_by},
        "principals": principals,
        "crm": [dump(r) | {"civility": of_record(r.civility, r.notes)} for r in deck.crm],
        "knowledge": [
            dump(a) | {"body": shown(a.body), "html": render_markdown(shown(a.body))}
            for a in deck.knowledge
        ],
        "templates": [dump(t) for t in deck.templates],
        # The case file's documents, opened on the desk: attachments and the centre's own.
        "documents": [
            {
                "name": d.name,
                "title": d.title,
                "html": render_markdown(shown(d.body)),
                "shared": d.shared,
            }
            for d in deck.documents
        ],
        # Closing codes; a default one has no label here: the desk's catalog names it.
        "wrap_up_codes": [dump(w) for w in deck.wrap_up_codes]
        or [{"id": code, "label": ""} for code in deck.wrap_up_ids],
        "formats": desk_formats(lang),
    }
