"""GuardedServer's dispatch (omnisim/web/socket/guard.py): each handler is asked once
whether it is a coroutine function, and events still reach the handler python-socketio
would pick (the named one, else the catch-all with the event's name), sync or async."""

from __future__ import annotations

import inspect
from typing import Any

from omnisim.web.socket import guard
from omnisim.web.socket.guard import GuardedServer


async def test_handlers_are_resolved_as_before_and_checked_once(monkeypatch):
    sio = GuardedServer(async_mode="aiohttp")
    heard: list[Any] = []

    async def join(sid: str, data: Any) -> str:
        heard.append(("join", sid, data))
        return "joined"

    async def anything(event: str, sid: str, data: Any) -> str:
        heard.append((event, sid, data))
        return "acted"

    def plain(sid: str) -> str:
        return "plain"

    sio.on("join", join)
    sio.on("*", anything)
    sio.on("plain", plain)
    asked: list[Any] = []
    real = inspect.iscoroutinefunction

    def counting(fn: Any) -> bool:
        asked.append(fn)
        return real(fn)

    monkeypatch.setattr(guard.inspect, "iscoroutinefunction", counting)
    for _ in range(3):
        assert await sio._trigger_event("join", "/", "s1", {"a": 1}) == "joined"
        assert await sio._trigger_event("reply", "/", "s1", {"b": 2}) == "acted"
    assert await sio._trigger_event("plain", "/", "s1") == "plain"
    assert heard[:2] == [("join", "s1", {"a": 1}), ("reply", "s1", {"b": 2})]
    assert len(heard) == 6
    assert asked.count(join) == 1 and asked.count(anything) == 1
    assert await sio._trigger_event("nothing", "/other", "s1") is sio.not_handled
