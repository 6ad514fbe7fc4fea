"""orjson writes the wire and the log (omnisim/jsontext.py): on a played attempt, every frame
a candidate received and every stored event are, byte for byte, what the standard library
writes with non-ASCII kept and compact separators, and decode to the same data."""

from __future__ import annotations

import json
from typing import Any

import pytest

from omnisim.events import Event
from omnisim.store.base import encode
from tests.conftest import ROOT
from tests.leaks import Tap
from tests.scripted import drive_socket

pytestmark = pytest.mark.server
DEMO = ROOT / "decks" / "demo"
FAST = 600.0  # the deck's 270 simulated minutes in 27 wall seconds


def standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in floats(v)]
    return []


@pytest.mark.settings(rate_limit=10_000)
async def test_a_played_attempt_is_written_as_the_standard_library_writes_it(live):
    tap = Tap()
    tokens, _ = await drive_socket(live, DEMO, careful=True, time_factor=FAST, tap=tap)
    bodies = [f.lstrip("0123456789") for f in tap.frames]
    pushes = [b for b in bodies if b.startswith('["events"')]
    assert len(pushes) > 50 and len(bodies) > len(pushes)  # pushes, and acks and joins
    for body in bodies:
        assert body == standard(json.loads(body))
    said = "".join(pushes)
    assert "é" in said and "\\u00e9" not in said  # French as it is, not escaped
    assert floats([json.loads(p) for p in pushes])  # the clocks' floats went through too

    stored = await live.store.backend.read(tokens.session_id, 0, None)
    events = [Event.from_dict(json.loads(body)) for body in stored]
    assert len(events) > 100 and [e.seq for e in events] == list(range(1, len(events) + 1))
    for body, event in zip(stored, events, strict=True):
        assert body == standard(json.loads(body)) == encode(event)
        assert json.loads(body) == event.to_dict()
