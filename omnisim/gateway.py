"""The socket.io gateway: authenticates clients, validates every message, relays events.

Protocol (namespace ``/``):

* connect with ``auth={"token": …}``: a candidate's or a jury member's link
  token, or a trainer's API token (or the trainer's signed-in session cookie)
  with ``"exam"``; trainers and jury add ``"candidate"`` (a person id, default
  the first) to follow that candidate's attempt. ``"lang"`` (fr, en) picks the
  language of refusals.
* ``join`` ``{"last_seq": n}`` → its answer is a batch covering every event after ``n``
  the client may see; then the live ones follow as ``events`` batches.
  A batch is ``{"stream", "after", "upto", "events"}``: it continues the stream after
  seq ``after`` up to ``upto``; events the role may not see are left out but still
  covered, so the client keeps its position and sees a gap when ``after`` is past it
  (then it joins again from its position).
* any action of :mod:`omnisim.actions` (``pickup``, ``send`` …), optionally with
  an ``action_id`` → ``{"ok": true, "seq": [...]}`` once durably logged, or
  ``{"ok": false, "error": {"field": …, "reason": …}}``; nothing is logged then.
  A resend with the same ``action_id`` gets the first answer back.

A trainer's board connects with ``"board": true`` and joins each stream of the exam
with ``{"stream", "last_seq"}`` (omnisim/board_feed.py); its actions may name a
``"candidate"`` (``"all"`` for ``inject``) instead of the followed one.

Every message gets an answer: a store outage is refused as "store unavailable",
and any unexpected error as an internal error (logged), never silence.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.actions import parse_action
from omnisim.board_feed import BoardFeed
from omnisim.events import Event
from omnisim.i18n import message
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.views import project_all

if TYPE_CHECKING:
    from omnisim.accounts import Accounts
    from omnisim.exams.runtime import ExamRuntime
    from omnisim.exams.service import Exams

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 16 * 1024  # one action's JSON; larger is refused with a reason
MAX_DEPTH = 8  # nesting of a message's JSON; no action needs more
MAX_SEQ = 2**53
TRANSPORT_LIMIT = 1024 * 1024  # engine.io drops the connection beyond this, so keep it above
BURST_SECONDS = 2.0  # a connection may send rate × this many actions at once
EXAM_COMMANDS = ("start", "pause", "resume", "stop")
ROLES = ("candidate", "trainer", "jury")


# Heartbeat: a server gone silent is noticed within PING_INTERVAL + PING_TIMEOUT seconds
# (the desk shows "connexion perdue" within 5 s, issue #10).
PING_INTERVAL = 2
PING_TIMEOUT = 2

TOO_DEEP = "\u0000too-deep"  # the event name given to a packet too nested to decode


class PacketJson:
    """JSON for socket.io packets: one nested too deep to decode becomes a refusal, not silence.

    python-socketio drops a packet its decoder raises on, so the client would wait forever.
    """

    @staticmethod
    def dumps(*args: Any, **kwargs: Any) -> str:
        return json.dumps(*args, **kwargs)

    @staticmethod
    def loads(*args: Any, **kwargs: Any) -> Any:
        try:
            return json.loads(*args, **kwargs)
        except RecursionError:
            return [TOO_DEEP]


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


def _batch(stream: str, after: int, upto: int, events: list[Any]) -> dict[str, Any]:
    """One push, or a join's answer: what a role may see of the seqs ``after``+1 … ``upto``."""
    return {"stream": stream, "after": after, "upto": upto, "events": events}


def _room(stream: str, role: str) -> str:
    return f"{stream}:{role}"


def _depth(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when ``value`` nests no deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
    return True


def _check_text(value: Any, path: str = "data") -> None:
    """Refuse strings that are not valid Unicode text (lone surrogates), naming the field."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise SchemaError(where, "err.surrogate") from exc
        elif isinstance(item, dict):
            for key, sub in item.items():
                _check_text(key, where)
                stack.append((sub, f"{where}.{key}" if where != "data" else str(key)))
        elif isinstance(item, list):
            stack += [(sub, f"{where}[{n}]") for n, sub in enumerate(item)]


class Gateway:
    def __init__(self, redis_url: str | None = None, rate_limit: float = 10.0) -> None:
        manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
        self.sio = socketio.AsyncServer(
            async_mode="aiohttp",
            client_manager=manager,
            max_http_buffer_size=TRANSPORT_LIMIT,
            cors_allowed_origins=[],
            json=PacketJson,
            ping_interval=PING_INTERVAL,
            ping_timeout=PING_TIMEOUT,
        )
        self.exams: Exams | None = None
        self.accounts: Accounts | None = None
        self.trainer_from_cookie: Callable[[dict[str, Any]], Any] | None = None
        self.limiter = RateLimiter(rate_limit)
        self.board = BoardFeed(self.sio)
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)

    async def publish(self, events: Sequence[Event]) -> None:
        """Send freshly logged events to each role's room, each through its own view."""
        if not events:
            return
        stream = events[0].session_id
        after, upto = events[0].seq - 1, events[-1].seq
        for role in ROLES:
            batch = _batch(stream, after, upto, project_all(role, list(events)))
            await self.sio.emit("events", batch, room=_room(stream, role))
        await self.board.publish(events)

    # -- connecting ------------------------------------------------------------------
    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        try:
            who = await self._identify(environ, auth)
        except socketio.exceptions.ConnectionRefusedError:
            raise
        except Exception as exc:  # a refusal with a reason, never a hang
            log.exception("connect failed")
            raise socketio.exceptions.ConnectionRefusedError("internal error") from exc
        await self.sio.save_session(sid, who)
        await self.board.connected(sid, who)

    async def _identify(self, environ: dict[str, Any], auth: Any) -> dict[str, Any]:
        assert self.exams is not None and self.accounts is not None
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        lang = auth.get("lang") if auth.get("lang") in ("fr", "en") else ""
        wanted = auth.get("candidate")
        refuse = socketio.exceptions.ConnectionRefusedError
        board = False
        identity = await self.exams.authenticate(token) if isinstance(token, str) else None
        if identity is not None:
            exam, person, role = identity.exam, identity.person.id, identity.role
            candidate = person if role == "candidate" else wanted
        else:
            trainer = await self.accounts.by_api_token(token) if isinstance(token, str) else None
            if trainer is None and self.trainer_from_cookie is not None:
                trainer = await self.trainer_from_cookie(environ)
            exam_id = auth.get("exam")
            found = await self.exams.get(exam_id) if isinstance(exam_id, str) else None
            if trainer is None or found is None or found.created.trainer_id != trainer.id:
                raise refuse("unknown or missing token")
            exam, person, role, candidate = found, trainer.id, "trainer", wanted
            board = auth.get("board") is True  # follows every attempt of the exam at once
        if candidate is None:
            candidate = exam.state.candidates[0].id
        target = exam.state.people.get(candidate) if isinstance(candidate, str) else None
        if target is None or target.role != "candidate":
            raise refuse("candidate: no such candidate in this exam")
        return {
            "exam": exam.exam_id,
            "person": person,
            "role": role,
            "candidate": candidate,
            "lang": lang or exam.created.lang,
            "board": board,
        }

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        self.limiter.forget(sid)
        await self.board.disconnected(sid)

    async def _who(self, sid: str) -> tuple[dict[str, Any], ExamRuntime]:
        assert self.exams is not None
        who = await self.sio.get_session(sid)
        exam = await self.exams.get(who["exam"])
        if exam is None:
            raise SchemaError("exam", "err.no_exam")
        return who, exam

    # -- joining and acting: every path ends in an answer ------------------------------
    async def _join(self, sid: str, *args: Any) -> dict[str, Any]:
        return await self._answer(self._do_join, sid, *args)

    async def _action(self, kind: str, sid: str, *args: Any) -> dict[str, Any]:
        return await self._answer(self._do_action, sid, kind, *args)

    async def _answer(self, handler: Any, sid: str, *args: Any) -> dict[str, Any]:
        """Run a handler; whatever happens, the client gets an answer in its language."""
        lang = "fr"
        try:
            lang = (await self.sio.get_session(sid)).get("lang", "fr")
            result: dict[str, Any] = await handler(sid, *args)
            return result
        except SchemaError as exc:
            return _refusal(exc.field, exc.render(lang))
        except StoreUnavailable:
            log.warning("store unavailable: action refused")
            return _refusal("store", message(lang, "err.store_unavailable"))
        except Exception:
            log.exception("unexpected error answering %r", args[:1])
            return _refusal("type", message(lang, "err.internal"))

    async def _do_join(self, sid: str, *args: Any) -> dict[str, Any]:
        if len(args) > 1:
            raise SchemaError("data", "err.join_shape")
        data = {} if not args or args[0] is None else args[0]
        who, exam = await self._who(sid)
        if who.get("board") and isinstance(data, dict):
            return await self.board.join(sid, exam, data)
        if not isinstance(data, dict) or set(data) - {"last_seq"}:
            raise SchemaError("last_seq", "err.join_shape")
        last_seq = data.get("last_seq", 0)
        if isinstance(last_seq, bool) or not isinstance(last_seq, int):
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        if not 0 <= last_seq <= MAX_SEQ:
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        runtime = await exam.attempt(who["candidate"])
        async with runtime.lock:
            # Under the session lock no event can be appended between the backlog
            # read and entering the room: the client sees every event exactly once.
            await self.sio.enter_room(sid, _room(runtime.session_id, who["role"]))
            backlog = await runtime.store.read(runtime.session_id, last_seq)
            upto = backlog[-1].seq if backlog else max(last_seq, runtime.engine.state.last_seq)
            batch = _batch(runtime.session_id, last_seq, upto, project_all(who["role"], backlog))
        return {
            "ok": True,
            **batch,
            "role": who["role"],
            "candidate": who["candidate"],
            "mode": exam.created.mode,
            "last_seq": runtime.engine.state.last_seq,
        }

    async def _do_action(self, sid: str, kind: str, *args: Any) -> dict[str, Any]:
        if kind == TOO_DEEP:
            raise SchemaError("data", "err.too_deep", limit=MAX_DEPTH)
        who, exam = await self._who(sid)
        if not self.limiter.allow(sid):
            raise SchemaError("type", "err.flood", rate=f"{self.limiter.rate:g}")
        if len(args) > 1:
            raise SchemaError("type", "err.one_object")
        data = args[0] if args else None
        if not _depth(data):
            raise SchemaError("data", "err.too_deep", limit=MAX_DEPTH)
        _check_text(data)
        size = len(json.dumps(data, ensure_ascii=False).encode())
        if size > MAX_MESSAGE_BYTES:
            raise SchemaError("data", "err.too_big", size=size, limit=MAX_MESSAGE_BYTES)
        action_id = ""
        if isinstance(data, dict) and "action_id" in data:
            data = dict(data)
            action_id = data.pop("action_id")
            if not isinstance(action_id, str) or not 0 < len(action_id) <= 64:
                raise SchemaError("action_id", "err.action_id")
        role, person = who["role"], who["person"]
        target, targeted = who["candidate"], False
        if role == "trainer" and isinstance(data, dict) and "candidate" in data:
            data = dict(data)
            target, targeted = data.pop("candidate"), True  # the board acts on any candidate
            if target == "all" and kind == "inject":
                action = parse_action(kind, data, role)
                return await self.board.inject_all(exam, person, action, who["lang"])
            if not isinstance(target, str) or target not in {p.id for p in exam.state.candidates}:
                raise SchemaError("candidate", "err.no_candidate", person=str(target)[:40])
        action = parse_action(kind, data, role)
        if kind in EXAM_COMMANDS and role == "trainer" and not targeted:
            await getattr(exam, kind)(person)
            return {"ok": True, "seq": []}
        if kind == "start" and exam.created.mode == "exam":
            raise SchemaError("type", "err.exam_mode_start")
        runtime = await exam.attempt(target)
        answered = runtime.answered(person, action_id)
        if answered is not None:
            return answered
        events = await runtime.act(role, action, person, action_id)
        return {"ok": True, "seq": [e.seq for e in events]}
