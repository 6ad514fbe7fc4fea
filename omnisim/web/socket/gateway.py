"""The socket.io gateway: authenticates clients, validates every message, relays events.

Protocol (namespace ``/``):

* connect with ``auth={"token": …}``: a candidate's or a jury member's link
  token, or a trainer's API token (or the trainer's signed-in session cookie)
  with ``"exam"``; trainers and jury add ``"candidate"`` (a person id, default
  the first) to follow that candidate's attempt. ``"lang"`` (fr, en) picks the
  language of refusals.
* every push is one ``events`` message ``{"stream", "after", "upto", "events": [...]}``:
  the batch continues the stream after seq ``after`` and covers it up to ``upto``
  (events the role may not see are left out, the range still covers them). A client
  applies a batch only when ``after`` is its position, drops one with ``upto`` at or
  below it, and asks with ``join`` on a gap.
* ``join`` ``{"last_seq": n}`` → acknowledged with the same batch shape from ``n``
  (``more`` is true when the answer stopped at ``JOIN_PAGE`` events: join again).
* any action of :mod:`omnisim.protocol.actions` (``pickup``, ``send`` …), optionally with
  an ``action_id`` → ``{"ok": true, "seq": [...]}`` once durably logged, or
  ``{"ok": false, "error": {"field": …, "reason": …}}``; nothing is logged then.
  A resend with the same ``action_id`` gets the first answer back. An action is checked
  here, then carried out on the exam's owner as a command of omnisim/live/commands.py
  (here, or on the worker holding the exam's lease).

A trainer's board connects with ``"board": true``, opens and catches up with
``{"all": true, "after": <global position>}`` (per-stream batches of the whole exam),
and fills a gap in one stream with ``{"stream", "last_seq"}`` (omnisim/web/socket/board_feed.py);
its actions may name a ``"candidate"`` (``"all"`` for ``inject``) instead of the followed one.

A jury page also joins its exam's grading stream (``{"stream": "ex…-grading",
"last_seq"}``): each jury member gets it through the blind rule of
omnisim/web/socket/grading_feed.py (another's decisions only once both have handed in).

Every message gets an answer: a store outage is refused as "store unavailable",
and any unexpected error as an internal error (logged), never silence.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.auth.tokens import token_hash
from omnisim.events import Event
from omnisim.exams.state import grading_stream
from omnisim.i18n import message
from omnisim.live import commands
from omnisim.protocol.actions import parse_action
from omnisim.protocol.views import project_all
from omnisim.refusals import RefusalError
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.web.socket import grading_feed
from omnisim.web.socket.board_feed import BoardFeed, board_room, exam_of, on_board
from omnisim.web.socket.guard import BAD_JSON, BAD_SHAPE, BINARY, TOO_DEEP, GuardedServer
from omnisim.web.socket.occupancy import LocalOccupancy, RedisOccupancy, room_key

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts, Trainer
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams
    from omnisim.live.sandbox import Sandboxes

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 16 * 1024  # one action's JSON; larger is refused with a reason
MAX_DEPTH = 8  # nesting of a message's JSON; no action needs more
MAX_SEQ = 2**53
# engine.io closes a connection whose one message is larger than this (an action is 16 KiB
# at most, refused with a reason above that): no message is buffered beyond it.
TRANSPORT_LIMIT = 64 * 1024
BURST_SECONDS = 2.0  # a connection may send rate × this many actions at once
JOIN_RATE = 1.0  # joins per second a connection may sustain (each reads the log)
JOIN_BURST = 5.0
JOIN_PAGE = 2000  # events at most in one join answer; the client joins again for the rest
CATCH_UP_RATE = 2.0  # a board's catch-up pages per second (omnisim/web/socket/board_feed.py), and
CATCH_UP_BURST = 30.0  # at once: 30 pages of 2,000 events open a long exam without a wait
ROLES = ("candidate", "trainer", "jury")
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


def _room(stream: str, role: str) -> str:
    return f"{stream}:{role}"


def batch(stream: str, after: int, upto: int, events: list[dict[str, Any]]) -> dict[str, Any]:
    """One push (or join answer): the events a role may see of seq after+1..upto."""
    return {"stream": stream, "after": after, "upto": upto, "events": events}


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
        trainer_of: Callable[[dict[str, Any]], Awaitable[Trainer | None]],
        *,
        redis_url: str = "",
        rate_limit: float = 10.0,
        sockets_per_token: int = 8,
        sockets_per_address: int = 256,
        occupancy_ttl: float = 6.0,
        sandboxes: Sandboxes | None = None,
    ) -> None:
        self.sio = sio
        self.exams = exams
        self.sandboxes = sandboxes  # trainers' trials (omnisim/live/sandbox.py), their own exams
        self.accounts = accounts
        self.trainer_of = trainer_of  # the signed-in trainer behind a socket's cookie
        self.relayed = bool(redis_url)  # rooms may have members on other workers
        # -- feed: room occupancy and presence shared by the workers (occupancy.py)
        self.occupancy: LocalOccupancy = (
            RedisOccupancy(redis_url, occupancy_ttl) if redis_url else LocalOccupancy()
        )
        self.emits = Counter[str]()  # room emits made and skipped (bench/board.py)
        self.sio.word_refusal = self._word_refusal
        self.limiter = RateLimiter(rate_limit)
        self.board = BoardFeed(self.sio, self.occupancy)
        self.join_limiter = RateLimiter(JOIN_RATE, burst=JOIN_BURST)
        self.catch_up_limiter = RateLimiter(CATCH_UP_RATE, burst=CATCH_UP_BURST)
        self.caps = {"token": sockets_per_token, "address": sockets_per_address}
        self.sockets: dict[str, Counter[str]] = {"token": Counter(), "address": Counter()}
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)
        exams.subscribe(self.publish)  # told of every batch once durably logged
        if sandboxes is not None:
            sandboxes.subscribe(self.publish)  # and of every trial's

    async def _with_members(self, rooms: list[str]) -> dict[str, bool]:
        """The rooms an emit can reach someone in, each with whether all its members are
        on this worker: here, the local rooms; relayed, the rooms counted on any worker
        (occupancy.py). Asked after the events are durable: a member counted later
        reads them in its backlog. Unsure (Redis down): all, through the relay.

        A room whose members are all here is emitted to without the relay: publishing
        it would cost a Redis round trip here and a wake-up of every other worker for a
        room none of them holds (the relay was a fifth of a worker's time with two)."""
        local = self.sio.manager.rooms.get("/", {})
        if not self.relayed:
            return {room: True for room in rooms if local.get(room)}
        try:
            counts = await self.occupancy.count([room_key(r) for r in rooms])
        except StoreUnavailable:
            return dict.fromkeys(rooms, False)
        return {
            room: len(local.get(room) or ()) >= n
            for room, n in zip(rooms, counts, strict=True)
            if n > 0
        }

    async def enter(self, sid: str, room: str) -> None:
        """In the room, then counted in it (relayed): only then may the caller read a backlog."""
        await self.sio.enter_room(sid, room)
        if self.occupancy.shared:
            await self.occupancy.enter(sid, room_key(room))

    async def publish(self, events: Sequence[Event]) -> None:
        """Send freshly logged events to each role's room, each through its own view.

        Every role gets the batch's positions even when it may see none of its events,
        so its clients' positions advance and the next batch is contiguous. A room with
        no member on any worker is skipped.
        """
        if not events:
            return
        stream = events[0].session_id
        after, upto = events[0].seq - 1, events[-1].seq
        graded = grading_feed.exam_of(stream)
        if graded is not None and self.exams is not None:
            # The grading stream goes to each jury member through the blind rule (omnisim/jury).
            exam = await self.exams.get(graded)
            if exam is not None:
                await grading_feed.publish(self.sio, exam.state, events)
        rooms = [_room(stream, role) for role in ROLES if not (graded and role == "jury")]
        board = board_room(exam_of(stream)[0]) if on_board(stream) else ""
        if board:
            rooms.append(board)
        live = await self._with_members(rooms)
        self.emits["skipped"] += len(rooms) - len(live)
        self.emits["sent"] += len(live)
        self.emits["local"] += sum(live.values())  # not through the relay
        for role in ROLES:
            if graded is not None and role == "jury":
                continue  # never the unfiltered room
            room = _room(stream, role)
            if room in live:
                visible = project_all(role, list(events))
                body = batch(stream, after, upto, visible)
                await self.sio.emit("events", body, room=room, ignore_queue=live[room])
        if board and board in live:
            await self.board.publish(events, local=live[board])

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
            await self.board.connected(sid, who)
        except StoreUnavailable as exc:
            with contextlib.suppress(StoreUnavailable):
                await self.board.disconnected(sid)
            raise refuse("store unavailable") from exc
        self.sockets["token"][key] += 1
        self.sockets["address"][address] += 1
        await self.sio.save_session(sid, {**who, "counted": (key, address)})

    async def _identify(self, environ: dict[str, Any], auth: Any) -> dict[str, Any]:
        auth = auth if isinstance(auth, dict) else {}
        token = auth.get("token")
        lang = auth.get("lang") if auth.get("lang") in ("fr", "en") else ""
        wanted = auth.get("candidate")
        refuse = socketio.exceptions.ConnectionRefusedError
        board = False
        identity = await self.exams.authenticate(token) if isinstance(token, str) else None
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
        return {
            "exam": exam.exam_id,
            "person": person,
            "role": role,
            "candidate": candidate,
            "lang": lang or exam.created.lang,
            "board": board,
            "trial": trial is not None,
        }

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        self.limiter.forget(sid)
        try:
            await self.board.disconnected(sid)
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
        who = await self.sio.get_session(sid)
        if who.get("trial") and self.sandboxes is not None:  # gone once expired
            exam = await self.sandboxes.get(who["exam"])
        else:
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
        except RefusalError as exc:  # malformed, or not possible now
            return _refusal(exc.field, exc.render(lang))
        except StoreUnavailable as exc:
            log.warning("store unavailable: action refused (%s)", exc)
            return _refusal("store", message(lang, "err.store_unavailable"))
        except Exception:
            log.exception("unexpected error answering")
            return _refusal("type", message(lang, "err.internal"))

    async def _do_join(self, sid: str, *args: Any) -> dict[str, Any]:
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
            return await self.board.catch_up(exam, data)
        if not self.join_limiter.allow(key):
            raise SchemaError("type", "err.flood_join", rate=f"{JOIN_RATE:g}")
        if board:
            return await self.board.join(sid, exam, data)
        if not isinstance(data, dict) or set(data) - {"last_seq", "stream"}:
            raise SchemaError("last_seq", "err.join_shape")
        last_seq = data.get("last_seq", 0)
        if isinstance(last_seq, bool) or not isinstance(last_seq, int):
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        if not 0 <= last_seq <= MAX_SEQ:
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        if who["role"] == "jury" and data.get("stream") == grading_stream(exam.exam_id):
            return await grading_feed.join(
                self.sio, sid, exam.state, exam.exams.store, who["person"], last_seq, JOIN_PAGE
            )
        runtime = await exam.attempt(who["candidate"])
        stream = runtime.session_id
        if data.get("stream", stream) != stream:
            raise SchemaError("stream", "err.join_stream", stream=stream)
        # In the room first, then the backlog: an event logged meanwhile comes both ways
        # and the client's positions drop the second copy. No lock is held while reading,
        # so a long log delays only this client.
        await self.enter(sid, _room(stream, who["role"]))
        backlog = await runtime.store.read(stream, last_seq, JOIN_PAGE + 1)
        more = len(backlog) > JOIN_PAGE
        backlog = backlog[:JOIN_PAGE]
        if backlog:
            upto = backlog[-1].seq
        elif last_seq > runtime.engine.state.last_seq and last_seq > await runtime.store.last_seq(
            stream
        ):
            raise SchemaError("last_seq", "err.last_seq_ahead", last=runtime.engine.state.last_seq)
        else:
            upto = last_seq
        return {
            "ok": True,
            **batch(stream, last_seq, upto, project_all(who["role"], backlog)),
            "more": more,
            "role": who["role"],
            "candidate": who["candidate"],
            "mode": exam.created.mode,
            "last_seq": upto,
        }

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
        checked, target, targeted = data, who["candidate"], False
        if who["role"] == "trainer" and isinstance(data, dict) and "candidate" in data:
            checked = {k: v for k, v in data.items() if k != "candidate"}
            target, targeted = data["candidate"], True  # the board acts on any candidate
        action = parse_action(kind, checked, who["role"])  # refused here, before any forwarding
        command = _command(who, exam, kind, checked or {}, target, targeted, action_id, action)
        answer = await commands.run(exam, command)  # on the exam's owner
        if isinstance(command, commands.InjectAll):
            texts = answer["refused"].items()
            refused = {person: said[who["lang"]] for person, said in texts}
            return {"ok": True, "injected": answer["injected"], "refused": refused}
        return {"ok": True, "seq": answer.get("seq", [])}


def _command(
    who: dict[str, Any],
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
    person, role = who["person"], who["role"]
    if targeted:
        if target == "all" and kind == "inject":
            return commands.InjectAll(person, action.contact_id)
        if not isinstance(target, str) or target not in {p.id for p in exam.state.candidates}:
            raise SchemaError("candidate", "err.no_candidate", person=str(target)[:40])
    elif role == "trainer" and kind in commands.ON_EXAM:
        return commands.ON_EXAM[kind](person)
    return commands.Act(person, role, target, kind, data, action_id)
