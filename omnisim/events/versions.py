"""Event versions: each type's current version and how an older payload is read.

A stored event keeps the version it was written at; reading it turns its payload into
the current version's, one step at a time, so a log written years ago replays today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from omnisim.schema import SchemaError, received


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
    "message.sent": 3,
    "call.outbound": 2,
    "agenda.booked": 2,
    "contact.closed": 2,
    "contact.offered": 3,
    "message.taken": 2,
}
# (type, stored version) -> function turning that version's payload dict into the next one's.
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("session.created", 1): _session_created_v1,
    ("sheet.signed", 1): _sheet_signed_v1,
    # v2 added an e-mail's copies and attachments
    ("message.sent", 1): _defaults(cc=[], attachments=[]),
    ("message.sent", 2): _defaults(unfilled_ok=False),  # v3: sent over the unfilled warning
    ("call.outbound", 1): _defaults(call_id="", kind=""),  # v2 gave every call its line
    ("agenda.booked", 1): _defaults(override=""),  # v2: the reason for booking over a warning
    ("contact.closed", 1): _defaults(wrap_up=""),  # v2: the wrap-up code
    # v2: whom the contact is for and the line it reached, shown before pick-up
    ("contact.offered", 1): _defaults(principal="", line=""),
    ("contact.offered", 2): _defaults(to_place=False),  # v3: a call the candidate places
    ("message.taken", 1): _defaults(no_number=False),  # v2: « numéro non communiqué »
}


def current_version(kind: str) -> int:
    return VERSIONS.get(kind, 1)


def upcast(kind: str, version: Any, payload: Any) -> dict[str, Any]:
    """A stored payload brought to its type's current version, one step at a time; a version
    this code does not know, or a payload that is no object, is refused."""
    latest = current_version(kind)
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= latest:
        raise SchemaError(
            "version", "err.event_version_unsupported", version=repr(version), type=kind
        )
    if not isinstance(payload, dict):
        raise SchemaError("payload", "err.value_not_object", got=received(payload))
    while version < latest:
        payload = UPCASTERS[(kind, version)](payload)
        version += 1
    return payload
