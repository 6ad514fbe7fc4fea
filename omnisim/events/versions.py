"""Event versions: each type's current version and how an older payload is read.

A stored event keeps the version it was written at; reading it turns its payload into
the current version's, one step at a time, so a log written years ago replays today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _session_created_v1(old: dict[str, Any]) -> dict[str, Any]:
    """v1 named a deck folder and kept role-token hashes; v2 belongs to an exam's snapshot."""
    new = {k: v for k, v in old.items() if not k.endswith("_token_hash") and k != "deck_path"}
    new["legacy_deck_path"] = old.get("deck_path", "")
    return new


def _sheet_signed_v1(old: dict[str, Any]) -> dict[str, Any]:
    """v1 kept only the sheet's hash; v2 adds the typed name and the attempt log's hash."""
    return {"name": "", "log_seq": 0, "log_hash": ""} | old


def _defaults(**added: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """An upcaster for a version that only added fields: the old payload with their defaults."""
    return lambda old: dict(added) | old


# Each type's current version; a type not listed is at version 1.
VERSIONS: dict[str, int] = {
    "session.created": 2,
    "sheet.signed": 2,
    "message.sent": 2,
    "call.outbound": 2,
    "agenda.booked": 2,
    "contact.closed": 2,
}
# (type, stored version) -> function turning that version's payload dict into the next one's.
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("session.created", 1): _session_created_v1,
    ("sheet.signed", 1): _sheet_signed_v1,
    # v2 added an e-mail's copies and attachments
    ("message.sent", 1): _defaults(cc=[], attachments=[]),
    ("call.outbound", 1): _defaults(call_id="", kind=""),  # v2 gave every call its line
    ("agenda.booked", 1): _defaults(override=""),  # v2: the reason for booking over a warning
    ("contact.closed", 1): _defaults(wrap_up=""),  # v2: the wrap-up code
}


def current_version(kind: str) -> int:
    return VERSIONS.get(kind, 1)
