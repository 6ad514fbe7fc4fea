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
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.i18n import message
from omnisim.live import commands
from omnisim.protocol.actions import parse_action
from omnisim.protocol.messages import Acknowledged, Caller, Injected, Message, Refused, Role
from omnisim.refusals import RefusalError
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.web.addresses import request_address
from omnisim.web.limits import Budgets, person_of
from omnisim.web.socket.credentials import (
    NO_CREDENTIAL,
    Credential,
    Credentials,
    link_credential,
    session_credential,
    token_credential,
)
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
from omnisim.web.socket.relay import Relay

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts, SignedIn, Trainer
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams
    from omnisim.live.sandbox import Sandboxes

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 16 * 1024  # one action's JSON; larger is refused with a reason
MAX_DEPTH = 8  # nesting of a message's JSON; no action needs more
# engine.io closes a connection whose one message is larger than this (an action is 16 KiB
# at most, refused with a reason above that): no message is buffered beyond it.
TRANSPORT_LIMIT = 64 * 1024
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


def _refusal(field: str, reason: str) -> dict[str, Any]:
    return Refused.of(field, reason).to_json()


def socket_server(
    redis_url: str = "",
    public_url: str = "",
    *,
    auth_deadline: float = 10.0,
    pending_per_address: int = 128,
    trusted_proxies: str = "",
) -> GuardedServer:
    """The socket.io server, relayed through Redis between workers when ``redis_url`` is set.

    Attached to the aiohttp app when the app is made; the :class:`Gateway`, built once the
    store and the exams are open, registers its handlers on it.
    """
    return GuardedServer(
        auth_deadline=auth_deadline,
        pending_per_address=pending_per_address,
        trusted_proxies=trusted_proxies,
        async_mode="aiohttp",
        client_manager=Relay(redis_url) if redis_url else None,
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
        session_of: Callable[[dict[str, Any]], Awaitable[SignedIn | None]],
        budgets: Budgets,
        credentials: Credentials,
        *,
        sockets_per_token: int = 8,
        sockets_per_address: int = 256,
        trusted_proxies: str = "",
        sandboxes: Sandboxes | None = None,
        overload: Overload | None = None,
    ) -> None:
        self.sio = sio
        self.exams = exams
        self.sandboxes = sandboxes  # trainers' trials (omnisim/live/sandbox.py), their own exams
        self.accounts = accounts
        self.feed = feed  # pushes, joins, rooms and presence (feed.py)
        self.session_of = session_of  # the trainer's open session behind a socket's cookie
        self.budgets = budgets  # by person and by address, on every worker (limits.py)
        self.credentials = credentials  # cut when its link, token or session dies
        self.trusted_proxies = trusted_proxies
        self.overload = overload or Overload(sio)  # the worker's saturation (overload.py)
        self.sio.word_refusal = self._word_refusal
        self.caps = {"token": sockets_per_token, "address": sockets_per_address}
        self.sockets: dict[str, Counter[str]] = {"token": Counter(), "address": Counter()}
        self.sio.on("connect", self._connect)
        self.sio.on("disconnect", self._disconnect)
        self.sio.on("join", self._join)
        self.sio.on("*", self._action)

    # -- connecting ------------------------------------------------------------------
    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any) -> None:
        refuse = socketio.exceptions.ConnectionRefusedError
        address = request_address(environ.get("aiohttp.request"), self.trusted_proxies)
        self.overload.admit(sid, auth)  # a saturated worker refuses arrivals, with a hint
        if self.sockets["address"][address] >= self.caps["address"]:
            raise refuse("too many connections from this address")
        try:
            who, credential = await self._identify(environ, auth)
        except refuse:
            raise
        except Exception as exc:  # a refusal with a reason, never a hang
            log.exception("connect failed")
            raise refuse("internal error") from exc
        key = credential.key
        if self.sockets["token"][key] >= self.caps["token"]:
            raise refuse("too many connections with this link")
        # A connection reads who one is and one's backlog: it spends from the person's
        # reading budget, so reconnecting in a loop is paced like joining in a loop.
        person = person_of(who.exam, who.person, who.role)
        if await self.budgets.spend("read", person, address) > 0:
            raise refuse("too many connections: try again in a few seconds")
        try:  # counted in its rooms and as present (on every worker, with Redis)
            await self.feed.connected(sid, who)
        except StoreUnavailable as exc:
            with contextlib.suppress(StoreUnavailable):
                await self.feed.disconnected(sid)
            raise refuse("store unavailable") from exc
        self.sockets["token"][key] += 1
        self.sockets["address"][address] += 1
        self.credentials.hold(sid, credential)
        await self.sio.save_session(sid, {"caller": who, "counted": (key, address)})
        await self.overload.watch(sid, who)  # a board hears every worker's saturation

    async def _session(self, sid: str) -> dict[str, Any]:
        """The socket's session (who it is and where it was counted, settled at connect);
        empty once it is gone. Read once per message: each read is a coroutine and two
        lookups in python-socketio and engine.io."""
        try:
            session: dict[str, Any] = await self.sio.get_session(sid)
        except KeyError:
            return {}
        return session

    async def _caller(self, sid: str) -> Caller | None:
        """Who the socket is (settled at connect), or None once it is gone."""
        caller: Caller | None = (await self._session(sid)).get("caller")
        return caller

    async def _identify(self, environ: dict[str, Any], auth: Any) -> tuple[Caller, Credential]:
        auth = auth if isinstance(auth, dict) else {}
        token = auth["token"] if isinstance(auth.get("token"), str) else ""
        lang = auth.get("lang") if auth.get("lang") in ("fr", "en") else ""
        wanted = auth.get("candidate")
        refuse = socketio.exceptions.ConnectionRefusedError
        board = False
        identity = await self.exams.authenticate(token) if token else None
        role: Role
        trial = None
        credential = NO_CREDENTIAL
        if identity is None and self.sandboxes is not None and token:
            trial = identity = await self.sandboxes.authenticate(token)  # a trainer's trial
        if identity is not None:
            exam, person, role = identity.exam, identity.person.id, identity.role
            candidate = person if role == "candidate" else wanted
            live = self.sandboxes if trial is not None and self.sandboxes else self.exams
            credential = link_credential(live.authenticate, token, exam.exam_id, person)
        else:
            trainer, credential = await self._trainer(environ, token)
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
        ), credential

    async def _trainer(
        self, environ: dict[str, Any], token: str
    ) -> tuple[Trainer | None, Credential]:
        """The trainer behind an API token, else behind the cookie's open session."""
        trainer = await self.accounts.by_api_token(token) if token else None
        if trainer is not None:
            return trainer, token_credential(self.accounts, token, trainer.id)
        signed_in = await self.session_of(environ)
        if signed_in is None:
            return None, NO_CREDENTIAL
        trainer_id, session_id = signed_in.trainer.id, signed_in.session_id
        return signed_in.trainer, session_credential(self.accounts, trainer_id, session_id)

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        self.credentials.release(sid)
        try:
            await self.feed.disconnected(sid)
        except StoreUnavailable as exc:  # recounted at the next heartbeat
            log.warning("occupancy: disconnect not counted (%s)", exc)
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

    async def _who(self, session: dict[str, Any]) -> tuple[Caller, ExamRuntime]:
        who: Caller | None = session.get("caller")
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
        """Run a handler with the socket's session; whatever happens, the client gets an
        answer in its language."""
        session = await self._session(sid)
        who: Caller | None = session.get("caller")
        overload = self.overload
        overload.depth += 1  # the queue depth (Overload.answering, without a generator)
        try:
            lang = who.lang if who is not None else "fr"
            return await self._render(lang, handler(sid, session, *args))
        finally:
            overload.depth -= 1

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

    async def _spend(self, session: dict[str, Any], kind: str, who: Caller) -> None:
        """Spend from the person's and the address's budget (limits.py), else refuse."""
        _key, address = session.get("counted", ("", ""))
        await self.budgets.check(kind, person_of(who.exam, who.person, who.role), address)

    async def _do_join(self, sid: str, session: dict[str, Any], *args: Any) -> Message:
        """A join, from the person's reading budget; a board's, from its own (it follows
        one stream per candidate, and opens with pages of the whole exam)."""
        self.overload.accept("join", sid)
        if len(args) > 1:
            raise SchemaError("data", "err.join_shape")
        data = {} if not args or args[0] is None else args[0]
        who, exam = await self._who(session)
        board = who.board and isinstance(data, dict)
        await self._spend(session, "board" if board else "read", who)
        if board and "all" in data:  # a board's opening: pages of the whole exam
            return await self.feed.catch_up(exam, data)
        return await self.feed.join(sid, who, exam, data)

    async def _do_action(self, sid: str, session: dict[str, Any], kind: str, *args: Any) -> Message:
        self.overload.accept("action", sid)
        who, exam = await self._who(session)
        await self._spend(session, "act", who)
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
        # On the exam's owner; here, it carries out the action as parsed above.
        answer = await commands.run(exam, command, action)
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
