"""What each role is allowed to see of an event.

The answer key and the session's secrets never reach a candidate's browser, so
the candidate view is an allow-list: event types a candidate may see at all.
"""

from __future__ import annotations

from typing import Any

from omnisim.events import Event

CANDIDATE_TYPES = frozenset(
    {
        "session.started",
        "session.paused",
        "session.resumed",
        "session.ended",
        "contact.offered",
        "contact.picked_up",
        "message.sent",
        "contact.closed",
    }
)


def project(role: str, event: Event) -> dict[str, Any] | None:
    """The dict sent to a client of ``role``, or None when that role must not see it."""
    if role == "candidate" and event.type not in CANDIDATE_TYPES:
        return None
    data = event.to_dict()
    del data["session_id"]
    return data


def project_all(role: str, events: list[Event]) -> list[dict[str, Any]]:
    return [d for d in (project(role, e) for e in events) if d is not None]
