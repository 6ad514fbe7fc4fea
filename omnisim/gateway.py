"""The socket.io gateway: authenticates clients, validates every message, relays events.

Protocol (namespace ``/``):

* connect with ``auth={"token": …}``; an unknown token is refused.
* ``join`` ``{"last_seq": n}`` → the client receives ``events`` (a list) with every
  event after ``n`` it may see, then the live ones, in order and without gaps.
* any action of :mod:`omnisim.actions` (``pickup``, ``send`` …) → acknowledged with
  ``{"ok": true, "seq": [...]}`` once durably logged, or
  ``{"ok": false, "error": {"field": …, "reason": …}}``; nothing is logged then.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from typing import Any

import socketio

from omnisim.actions import parse_action
from omnisim.events import Event
from omnisim.schema import SchemaError
from omnisim.sessions import ROLES, Sessions
from omnisim.views import project_all

MAX_MESSAGE_BYTES = 16 * 1024  # one action's JSON; larger is refused with a reason
TRANSPORT_LIMIT = 1024 * 1024  # engine.io drops the connection beyond this, so keep it above
BURST_SECONDS = 2.0  # a connection may send rate × this many actions at once


class RateLimiter:
    """Token bucket per connection: a flood is refused, a fast typist is not."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, rate * BURST_SECONDS)
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, sid: str) -> bool:
        now = self.clock()
        tokens, last = self.buckets.get(sid, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self.buckets[sid] = (tokens, now)
            return False
        self.buckets[sid] = (tokens - 1.0, now)
        return True

    def forget(self, sid: str) -> None:
        self.buckets.pop(sid, None)


def _refusal(field: str, reason: str) -> dict[str, Any]:
    return {"ok": False, "error": {"field": field, "reason": reason}}


def _room(session_id: str, role: str) -> str:
    return f"{session_id}:{role}"


class Gateway:
    def __init__(self, redis_url: str | None = None, rate_limit: float = 10.0) -> None:
        manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="aiohttp",
            client_manager=manager,
            max_http_buffer_size=TRANSPORT_LIMIT,
            cors_allowed_origins=[],
        )
        self.sessions: Sessions | None = None
        self.limiter = RateLimiter(rate_limit)
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)

    async def publish(self, events: Sequence[Event]) -> None:
        """Send freshly logged events to every role's room, each through its own view."""
        if not events:
            return
        session_id = events[0].session_id
        for role in ROLES:
            visible = project_all(role, list(events))
            if visible:
                await self.sio.emit("events", visible, room=_room(session_id, role))

    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        assert self.sessions is not None
        token = auth.get("token") if isinstance(auth, dict) else None
        found = await self.sessions.authenticate(token) if isinstance(token, str) else None
        if found is None:
            raise socketio.exceptions.ConnectionRefusedError("unknown or missing token")
        runtime, role = found
        await self.sio.save_session(sid, {"session_id": runtime.session_id, "role": role})

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        self.limiter.forget(sid)

    async def _join(self, sid: str, data: Any = None) -> dict[str, Any]:
        assert self.sessions is not None
        who = await self.sio.get_session(sid)
        data = {} if data is None else data
        if not isinstance(data, dict) or set(data) - {"last_seq"}:
            return _refusal("last_seq", "join takes only {last_seq: integer}")
        last_seq = data.get("last_seq", 0)
        if isinstance(last_seq, bool) or not isinstance(last_seq, int) or last_seq < 0:
            return _refusal("last_seq", "expected a non-negative integer")
        runtime = await self.sessions.get(who["session_id"])
        assert runtime is not None
        async with runtime.lock:
            # Under the session lock no event can be appended between the backlog
            # read and entering the room: the client sees every event exactly once.
            await self.sio.enter_room(sid, _room(runtime.session_id, who["role"]))
            backlog = await runtime.store.read(runtime.session_id, last_seq)
            visible = project_all(who["role"], backlog)
            if visible:
                await self.sio.emit("events", visible, to=sid)
        return {"ok": True, "role": who["role"], "last_seq": runtime.engine.state.last_seq}

    async def _action(self, kind: str, sid: str, *args: Any) -> dict[str, Any]:
        assert self.sessions is not None
        who = await self.sio.get_session(sid)
        if not self.limiter.allow(sid):
            return _refusal("type", f"too many messages: at most {self.limiter.rate:g} per second")
        if len(args) > 1:
            return _refusal("type", "one data object per message")
        size = len(json.dumps(args[0] if args else None, ensure_ascii=False).encode())
        if size > MAX_MESSAGE_BYTES:
            return _refusal("data", f"message of {size} bytes, at most {MAX_MESSAGE_BYTES}")
        try:
            action = parse_action(kind, args[0] if args else None, who["role"])
            runtime = await self.sessions.get(who["session_id"])
            assert runtime is not None
            events = await runtime.act(who["role"], action)
        except SchemaError as exc:
            return _refusal(exc.field, exc.reason)
        return {"ok": True, "seq": [e.seq for e in events]}
