"""The socket.io gateway: authenticates clients, validates every message, relays events.

The protocol it speaks (connecting, pushes and joins, actions and their answers, refusals,
limits) is written once, in docs/protocol.md. Here: who a socket is, the limits, the
actions; pushes and joins are the feed's (omnisim/web/socket/feed.py).

Every message gets an answer: a store outage is refused as "store unavailable",
and any unexpected error as an internal error (logged), never silence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.auth.tokens import token_hash
from omnisim.engine import ActionRefused
from omnisim.events import Event
from omnisim.i18n import message
from omnisim.live.owners import OwnerGone
from omnisim.protocol.actions import parse_action
from omnisim.schema import SchemaError
from omnisim.store import Fenced, StoreUnavailable
from omnisim.web.socket.feed import Feed
from omnisim.web.socket.guard import BAD_JSON, BAD_SHAPE, BINARY, TOO_DEEP, GuardedServer
from omnisim.web.socket.occupancy import LocalOccupancy, RedisOccupancy

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 16 * 1024  # one action's JSON; larger is refused with a reason
MAX_DEPTH = 8  # nesting of a message's JSON; no action needs more
# engine.io closes a connection whose one message is larger than this (an action is 16 KiB
# at most, refused with a reason above that): no message is buffered beyond it.
TRANSPORT_LIMIT = 64 * 1024
BURST_SECONDS = 2.0  # a connection may send rate × this many actions at once
JOIN_RATE = 1.0  # joins per second a connection may sustain (each reads the log)
JOIN_BURST = 5.0
CATCH_UP_RATE = 2.0  # a board's catch-up pages per second (omnisim/web/socket/feed.py), and
CATCH_UP_BURST = 30.0  # at once: 30 pages of 2,000 events open a long exam without a wait
EXAM_COMMANDS = ("start", "pause", "resume", "stop")
# Why a packet was refused before any handler, as catalog keys (see omnisim/web/socket/guard.py).
GUARD_REASONS = {
    TOO_DEEP: ("data", "err.too_deep"),
    BAD_JSON: ("data", "err.bad_json"),
    BINARY: ("data", "err.binary"),
    BAD_SHAPE: ("type", "err.bad_packet"),
}
# Heartbeat: a server gone silent is noticed within PING_INTERVAL + PING_TIMEOUT seconds
# (the desk shows "connexion perdue" within 5 s, issue #10).
PING_INTERVAL = 2
PING_TIMEOUT = 2


class RateLimiter:
    """Token bucket per connection: a flood is refused, a fast typist is not."""

    def __init__(
        self, rate: float, clock: Callable[[], float] = time.monotonic, burst: float = 0.0
    ) -> None:
        self.rate = rate
        self.burst = burst or max(1.0, rate * BURST_SECONDS)
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
        for key in [k for k in self.buckets if k.startswith(f"{sid}|")]:
            del self.buckets[key]  # the per-stream buckets of a board connection


def _refusal(field: str, reason: str) -> dict[str, Any]:
    return {"ok": False, "error": {"field": field, "reason": reason}}


def _remote(environ: dict[str, Any]) -> str:
    """The peer's address (engine.io's aiohttp driver puts a fixed REMOTE_ADDR)."""
    request = environ.get("aiohttp.request")
    return str(getattr(request, "remote", "") or environ.get("REMOTE_ADDR", ""))


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
    def __init__(
        self,
        redis_url: str | None = None,
        rate_limit: float = 10.0,
        public_url: str = "",
        sockets_per_token: int = 8,
        sockets_per_address: int = 256,
        occupancy_ttl: float = 6.0,
    ) -> None:
        manager = socketio.AsyncRedisManager(redis_url) if redis_url else None
        self.relayed = manager is not None  # rooms may have members on other workers
        # Room occupancy and presence shared by the workers (occupancy.py).
        self.occupancy: LocalOccupancy = (
            RedisOccupancy(redis_url, occupancy_ttl) if redis_url else LocalOccupancy()
        )
        self.sio = GuardedServer(
            async_mode="aiohttp",
            client_manager=manager,
            max_http_buffer_size=TRANSPORT_LIMIT,
            # The configured public address; without one, only the page's own origin (Host).
            cors_allowed_origins=[public_url.rstrip("/")] if public_url else None,
            ping_interval=PING_INTERVAL,
            ping_timeout=PING_TIMEOUT,
        )
        self.sio.word_refusal = self._word_refusal
        self.exams: Exams | None = None
        self.accounts: Accounts | None = None
        self.trainer_from_cookie: Callable[[dict[str, Any]], Any] | None = None
        self.limiter = RateLimiter(rate_limit)
        self.feed = Feed(self.sio, self.occupancy, self.relayed)
        self.emits = self.feed.emits  # room emits made and skipped (bench/board.py)
        self.join_limiter = RateLimiter(JOIN_RATE, burst=JOIN_BURST)
        self.catch_up_limiter = RateLimiter(CATCH_UP_RATE, burst=CATCH_UP_BURST)
        self.caps = {"token": sockets_per_token, "address": sockets_per_address}
        self.sockets: dict[str, Counter[str]] = {"token": Counter(), "address": Counter()}
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)

    async def publish(self, events: Sequence[Event]) -> None:
        """Send freshly logged events to every room that should get them (feed.py)."""
        await self.feed.publish(events, self.exams)

    async def start(self) -> None:
        await self.occupancy.start()

    async def close(self) -> None:
        await self.occupancy.close()

    # -- connecting ------------------------------------------------------------------
    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        refuse = socketio.exceptions.ConnectionRefusedError
        address = _remote(environ)
        if self.sockets["address"][address] >= self.caps["address"]:
            raise refuse("too many connections from this address")
        try:
            who = await self._identify(environ, auth)
        except refuse:
            raise
        except Exception as exc:  # a refusal with a reason, never a hang
            log.exception("connect failed")
            raise refuse("internal error") from exc
        token = str(auth.get("token", "")) if isinstance(auth, dict) else ""
        key = token_hash(token) if token else f"cookie:{who['person']}"
        if self.sockets["token"][key] >= self.caps["token"]:
            raise refuse("too many connections with this link")
        try:  # counted in its rooms and as present (on every worker, with Redis)
            await self.feed.connected(sid, who)
        except StoreUnavailable as exc:
            with contextlib.suppress(StoreUnavailable):
                await self.feed.disconnected(sid)
            raise refuse("store unavailable") from exc
        self.sockets["token"][key] += 1
        self.sockets["address"][address] += 1
        await self.sio.save_session(sid, {**who, "counted": (key, address)})

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
        try:
            await self.feed.disconnected(sid)
        except StoreUnavailable as exc:  # recounted at the next heartbeat
            log.warning("occupancy: disconnect not counted (%s)", exc)
        self.join_limiter.forget(sid)
        self.catch_up_limiter.forget(sid)
        try:
            who = await self.sio.get_session(sid)
        except KeyError:
            return
        key, address = who.get("counted", (None, None))
        for kind, name in (("token", key), ("address", address)):
            if name is not None:
                self.sockets[kind][name] -= 1
                if self.sockets[kind][name] <= 0:
                    del self.sockets[kind][name]

    async def _word_refusal(self, sid: str, why: str) -> dict[str, Any]:
        """A packet the guard refused, worded in the client's language."""
        try:
            lang = (await self.sio.get_session(sid)).get("lang", "fr")
        except KeyError:
            lang = "fr"
        field, key = GUARD_REASONS.get(why, ("type", "err.reserved_event"))
        return _refusal(field, message(lang, key, name=why, limit=MAX_DEPTH))

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
        with contextlib.suppress(KeyError):
            lang = (await self.sio.get_session(sid)).get("lang", "fr")
        return await self._render(lang, handler(sid, *args))

    async def _render(self, lang: str, call: Any) -> dict[str, Any]:
        """Await ``call``: its answer, or its failure as a refusal in ``lang``."""
        try:
            result: dict[str, Any] = await call
            return result
        except SchemaError as exc:
            return _refusal(exc.field, exc.render(lang))
        except (StoreUnavailable, OwnerGone) as exc:
            log.warning("store unavailable: action refused (%s)", exc)
            return _refusal("store", message(lang, "err.store_unavailable"))
        except Exception:
            log.exception("unexpected error answering")
            return _refusal("type", message(lang, "err.internal"))

    async def _do_join(self, sid: str, *args: Any) -> dict[str, Any]:
        """A join, limited: per socket, per stream for a board, apart for its catch-up."""
        if len(args) > 1:
            raise SchemaError("data", "err.join_shape")
        data = {} if not args or args[0] is None else args[0]
        who, exam = await self._who(sid)
        board = bool(who.get("board")) and isinstance(data, dict)
        # A board follows one stream per candidate: its joins are limited per stream.
        key = f"{sid}|{str(data.get('stream', ''))[:80]}" if board else sid
        if board and "all" in data:  # a board's opening: pages of the whole exam, limited apart
            if not self.catch_up_limiter.allow(sid):
                raise SchemaError("type", "err.flood_join", rate=f"{CATCH_UP_RATE:g}")
            return await self.feed.catch_up(exam, data)
        if not self.join_limiter.allow(key):
            raise SchemaError("type", "err.flood_join", rate=f"{JOIN_RATE:g}")
        return await self.feed.join(sid, who, exam, data)

    async def _do_action(self, sid: str, kind: str, *args: Any) -> dict[str, Any]:
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
        checked = data
        if who["role"] == "trainer" and isinstance(data, dict) and "candidate" in data:
            checked = {k: v for k, v in data.items() if k != "candidate"}  # the board's target
        action = parse_action(kind, checked, who["role"])  # refused here, before any forwarding
        for _attempt in range(2):
            owner = await self.exams.route(exam) if self.exams is not None else None
            if owner is not None:  # another worker owns the exam: it decides
                return await self.forward(owner, who, kind, data, action_id)
            try:
                return await self._perform(who, exam, kind, data, action_id, action)
            except Fenced:
                await exam.demote()  # the lease moved on since this worker last renewed it
        raise SchemaError("type", "err.busy")

    async def forward(
        self, owner: str, who: dict[str, Any], kind: str, data: Any, action_id: str
    ) -> dict[str, Any]:
        assert self.exams is not None and self.exams.owners is not None
        body = {"who": who, "kind": kind, "data": data, "action_id": action_id}
        return await self.exams.owners.forward(owner, body)

    async def forwarded(self, body: dict[str, Any]) -> dict[str, Any]:
        """A command another worker forwarded to this one, the exam's owner."""
        who = body["who"]
        return await self._render(who.get("lang", "fr"), self._forwarded(body))

    async def _forwarded(self, body: dict[str, Any]) -> dict[str, Any]:
        assert self.exams is not None
        who = body["who"]
        exam = await self.exams.get(who["exam"])
        if exam is None:
            raise SchemaError("exam", "err.no_exam")
        if not exam.owned:  # no longer ours: the sender routes again on its resend
            raise SchemaError("type", "err.busy")
        return await self._perform(who, exam, body["kind"], body["data"], body["action_id"])

    async def _perform(
        self,
        who: dict[str, Any],
        exam: ExamRuntime,
        kind: str,
        data: Any,
        action_id: str,
        action: Any = None,
    ) -> dict[str, Any]:
        """Carry out a checked command on the worker that owns the exam."""
        role, person = who["role"], who["person"]
        target, targeted = who["candidate"], False
        if role == "trainer" and isinstance(data, dict) and "candidate" in data:
            data = dict(data)
            target, targeted = data.pop("candidate"), True  # the board acts on any candidate
            if target == "all" and kind == "inject":
                action = parse_action(kind, data, role)
                return await _inject_all(exam, person, action, who["lang"])
            if not isinstance(target, str) or target not in {p.id for p in exam.state.candidates}:
                raise SchemaError("candidate", "err.no_candidate", person=str(target)[:40])
        if action is None or targeted:  # forwarded, or aimed by the board: checked here
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


async def _inject_all(exam: ExamRuntime, trainer_id: str, action: Any, lang: str) -> dict[str, Any]:
    """The same library contact to every candidate; those who cannot take it are listed."""
    done: list[str] = []
    refused: dict[str, str] = {}
    for person in exam.state.candidates:
        runtime = await exam.attempt(person.id)
        try:
            await runtime.act("trainer", action, trainer_id)
            done.append(person.id)
        except ActionRefused as exc:
            refused[person.id] = exc.render(lang)
    return {"ok": True, "injected": done, "refused": refused}
