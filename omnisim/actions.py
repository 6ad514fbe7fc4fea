"""What a connected client may ask of a session: one closed schema per message type.

The socket event name is the action type; its data must build the matching
record. Who may send each one is declared here too, so the gateway refuses a
jury's "send" before the engine ever sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omnisim.schema import SchemaError, build

MAX_TEXT = 4000  # characters in one message; longer is refused, not cut


@dataclass(frozen=True)
class Start:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Pickup:
    contact_id: str


@dataclass(frozen=True)
class Send:
    contact_id: str
    text: str


@dataclass(frozen=True)
class Close:
    contact_id: str


ACTIONS: dict[str, type] = {
    "start": Start,
    "pause": Pause,
    "resume": Resume,
    "pickup": Pickup,
    "send": Send,
    "close": Close,
}

ALLOWED: dict[str, frozenset[str]] = {
    "start": frozenset({"trainer", "candidate"}),
    "pause": frozenset({"trainer"}),
    "resume": frozenset({"trainer"}),
    "pickup": frozenset({"candidate"}),
    "send": frozenset({"candidate"}),
    "close": frozenset({"candidate"}),
}


def parse_action(kind: str, data: Any, role: str) -> Any:
    """Build the action record or raise SchemaError naming the field and the reason."""
    if kind not in ACTIONS:
        raise SchemaError("type", f"unknown message type {kind!r} (known: {', '.join(ACTIONS)})")
    if role not in ALLOWED[kind]:
        raise SchemaError("type", f"a {role} may not send {kind!r}")
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise SchemaError("data", f"expected an object, got {type(data).__name__}")
    action: Any = build(ACTIONS[kind], data, "")
    text = getattr(action, "text", None)
    if text is not None:
        if not text.strip():
            raise SchemaError("text", "empty message")
        if len(text) > MAX_TEXT:
            raise SchemaError("text", f"longer than {MAX_TEXT} characters")
    return action
