"""The socket.io gateway: authenticates clients, validates every message, relays events.

The protocol it speaks (connecting, pushes and joins, actions and their answers, refusals,
limits) is written once, in docs/protocol.md. Here: who a socket is, the limits, the
actions; pushes and joins are the feed's (omnisim/web/socket/feed.py).
An action is checked here, then carried out on the exam's owner as a command of
omnisim/live/commands.py (here, or on the worker holding the exam's lease).

Every message gets an answer: a store outage is refused as "store unavailable",
and any unexpected error as an internal error (logged), never silence.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.auth.tokens import token_hash
from omnisim.i18n import message
from omnisim.live import commands
from omnisim.protocol.actions import parse_action
from omnisim.protocol.messages import Acknowledged, Caller, Injected, Message, Refused, Role
from omnisim.refusals import RefusalError
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.web.socket.feed import Feed
from omnisim.web.socket.guard import (
    BAD_JSON,
    BAD_SHAPE,
    BINARY,
    TOO_DEEP,
    GuardedServer,
    check_data,
)
from omnisim.web.socket.overload import Busy, Overload

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts, Trainer
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams
    from omnisim.live.sandbox import Sandboxes

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
    return Refused.of(field, reason).to_json()


def _remote(environ: dict[str, Any]) -> str:
    """The peer's address (engine.io's aiohttp driver puts a fixed REMOTE_ADDR)."""
    request = environ.get("aiohttp.request")
    return str(getattr(request, "remote", "") or environ.get("REMOTE_ADDR", ""))


def socket_server(redis_url: str = "", public_url: str = "") -> GuardedServer:
    """The socket.io server, relayed through Redis between workers when ``redis_url`` is set.

    Attached to the aiohttp app when the app is made; the :class:`Gateway`, built once the
    store and the exams are open, registers its handlers on it.
    """
    return GuardedServer(
        async_mode="aiohttp",
        client_manager=socketio.AsyncRedisManager(redis_url) if redis_url else None,
        max_http_buffer_size=TRANSPORT_LIMIT,
        # The configured public address; without one, only the page's own origin (Host).
        cors_allowed_origins=[public_url.rstrip("/")] if public_url else None,
        ping_interval=PING_INTERVAL,
        ping_timeout=PING_TIMEOUT,
    )


class Gateway:
    """The socket.io handlers of one worker, over the exams and accounts it serves."""

    def __init__(
        self,
        sio: GuardedServer,
        exams: Exams,
        accounts: Accounts,
        feed: Feed,
        trainer_of: Callable[[dict[str, Any]], Awaitable[Trainer | None]],
        *,
        rate_limit: float = 10.0,
        sockets_per_token: int = 8,
        sockets_per_address: int = 256,
        sandboxes: Sandboxes | None = None,
        overload: Overload | None = None,
    ) -> None:
        self.sio = sio
        self.exams = exams
        self.sandboxes = sandboxes  # trainers' trials (omnisim/live/sandbox.py), their own exams
        self.accounts = accounts
        self.feed = feed  # pushes, joins, rooms and presence (feed.py)
        self.trainer_of = trainer_of  # the signed-in trainer behind a socket's cookie
        self.overload = overload or Overload(sio)  # the worker's saturation (overload.py)
        self.sio.word_refusal = self._word_refusal
        self.limiter = RateLimiter(rate_limit)
        self.join_limiter = RateLimiter(JOIN_RATE, burst=JOIN_BURST)
        self.catch_up_limiter = RateLimiter(CATCH_UP_RATE, burst=CATCH_UP_BURST)
        self.caps = {"token": sockets_per_token, "address": sockets_per_address}
        self.sockets: dict[str, Counter[str]] = {"token": Counter(), "address": Counter()}
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)

    # -- connecting ------------------------------------------------------------------
    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        refuse = socketio.exceptions.ConnectionRefusedError
        address = _remote(environ)
        self.overload.admit(sid, auth)  # a saturated worker refuses arrivals, with a hint
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
        key = token_hash(token) if token else f"cookie:{who.person}"
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
        await self.sio.save_session(sid, {"caller": who, "counted": (key, address)})
        await self.overload.watch(sid, who)  # a board hears every worker's saturation

    async def _caller(self, sid: str) -> Caller | None:
        """Who the socket is (settled at connect), or None once it is gone."""
        try:
            session = await self.sio.get_session(sid)
        except KeyError:
            return None
        caller: Caller | None = session.get("caller")
        return caller

    async def _identify(self, environ: dict[str, Any], auth: Any) -> Caller:
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        lang = auth.get("lang") if auth.get("lang") in ("fr", "en") else ""
        wanted = auth.get("candidate")
        refuse = socketio.exceptions.ConnectionRefusedError
        board = False
        identity = await self.exams.authenticate(token) if isinstance(token, str) else None
        role: Role
        trial = None
        if identity is None and self.sandboxes is not None and isinstance(token, str):
            trial = identity = await self.sandboxes.authenticate(token)  # a trainer's trial
        if identity is not None:
            exam, person, role = identity.exam, identity.person.id, identity.role
            candidate = person if role == "candidate" else wanted
        else:
            trainer = await self.accounts.by_api_token(token) if isinstance(token, str) else None
            if trainer is None:
                trainer = await self.trainer_of(environ)
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
        return Caller(
            exam.exam_id,
            person,
            role,
            candidate,
            lang or exam.created.lang,
            board,
            trial=trial is not None,
        )

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
        who = await self._caller(sid)
        lang = who.lang if who is not None else "fr"
        field, key = GUARD_REASONS.get(why, ("type", "err.reserved_event"))
        return _refusal(field, message(lang, key, name=why, limit=MAX_DEPTH))

    async def _who(self, sid: str) -> tuple[Caller, ExamRuntime]:
        who = await self._caller(sid)
        exam = None
        if who is not None and who.trial and self.sandboxes is not None:  # gone once expired
            exam = await self.sandboxes.get(who.exam)
        elif who is not None:
            exam = await self.exams.get(who.exam)
        if who is None or exam is None:
            raise SchemaError("exam", "err.no_exam")
        return who, exam

    # -- joining and acting: every path ends in an answer ------------------------------
    async def _join(self, sid: str, *args: Any) -> dict[str, Any]:
        return await self._answer(self._do_join, sid, *args)

    async def _action(self, kind: str, sid: str, *args: Any) -> dict[str, Any]:
        return await self._answer(self._do_action, sid, kind, *args)

    async def _answer(self, handler: Any, sid: str, *args: Any) -> dict[str, Any]:
        """Run a handler; whatever happens, the client gets an answer in its language."""
        who = await self._caller(sid)
        with self.overload.answering():  # the queue depth
            return await self._render(who.lang if who is not None else "fr", handler(sid, *args))

    async def _render(self, lang: str, call: Any) -> dict[str, Any]:
        """Await ``call``: its answer, or its failure as a refusal in ``lang``."""
        try:
            result: Message = await call
            return result.to_json()
        except Busy as busy:  # the worker is saturated: asked again later
            return Refused.of("server", busy.render(lang), busy.seconds).to_json()
        except RefusalError as exc:  # malformed, or not possible now
            return _refusal(exc.field, exc.render(lang))
        except StoreUnavailable as exc:
            log.warning("store unavailable: action refused (%s)", exc)
            return _refusal("store", message(lang, "err.store_unavailable"))
        except Exception:
            log.exception("unexpected error answering")
            return _refusal("type", message(lang, "err.internal"))

    async def _do_join(self, sid: str, *args: Any) -> Message:
        """A join, limited: per socket, per stream for a board, apart for its catch-up."""
        self.overload.accept("join", sid)
        if len(args) > 1:
            raise SchemaError("data", "err.join_shape")
        data = {} if not args or args[0] is None else args[0]
        who, exam = await self._who(sid)
        board = who.board and isinstance(data, dict)
        # A board follows one stream per candidate: its joins are limited per stream.
        key = f"{sid}|{str(data.get('stream', ''))[:80]}" if board else sid
        if board and "all" in data:  # a board's opening: pages of the whole exam, limited apart
            if not self.catch_up_limiter.allow(sid):
                raise SchemaError("type", "err.flood_join", rate=f"{CATCH_UP_RATE:g}")
            return await self.feed.catch_up(exam, data)
        if not self.join_limiter.allow(key):
            raise SchemaError("type", "err.flood_join", rate=f"{JOIN_RATE:g}")
        return await self.feed.join(sid, who, exam, data)

    async def _do_action(self, sid: str, kind: str, *args: Any) -> Message:
        self.overload.accept("action", sid)
        who, exam = await self._who(sid)
        if not self.limiter.allow(sid):
            raise SchemaError("type", "err.flood", rate=f"{self.limiter.rate:g}")
        if len(args) > 1:
            raise SchemaError("type", "err.one_object")
        data = args[0] if args else None
        check_data(data, MAX_DEPTH, MAX_MESSAGE_BYTES)
        action_id = ""
        if isinstance(data, dict) and "action_id" in data:
            data = dict(data)
            action_id = data.pop("action_id")
            if not isinstance(action_id, str) or not 0 < len(action_id) <= 64:
                raise SchemaError("action_id", "err.action_id")
        checked, target, targeted = data, who.candidate, False
        if who.role == "trainer" and isinstance(data, dict) and "candidate" in data:
            checked = {k: v for k, v in data.items() if k != "candidate"}
            target, targeted = data["candidate"], True  # the board acts on any candidate
        action = parse_action(kind, checked, who.role)  # refused here, before any forwarding
        command = _command(who, exam, kind, checked or {}, target, targeted, action_id, action)
        answer = await commands.run(exam, command)  # on the exam's owner
        if isinstance(command, commands.InjectAll):
            texts = answer["refused"].items()
            refused = {person: said[who.lang] for person, said in texts}
            return Injected(injected=tuple(answer["injected"]), refused=refused)
        return Acknowledged(seq=tuple(answer.get("seq", ())))


def _command(
    who: Caller,
    exam: ExamRuntime,
    kind: str,
    data: dict[str, Any],
    target: Any,
    targeted: bool,
    action_id: str,
    action: Any,
) -> commands.Command:
    """The command a checked action is: a trainer's on the whole exam, the board's inject
    to every candidate, or an action on one attempt (the followed one, or the board's target).
    """
    person, role = who.person, who.role
    if targeted:
        if target == "all" and kind == "inject":
            return commands.InjectAll(person, action.contact_id)
        if not isinstance(target, str) or target not in {p.id for p in exam.state.candidates}:
            raise SchemaError("candidate", "err.no_candidate", person=str(target)[:40])
    elif role == "trainer" and kind in commands.ON_EXAM:
        return commands.ON_EXAM[kind](person)
    return commands.Act(person, role, target, kind, data, action_id)
