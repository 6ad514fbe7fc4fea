"""The sockets each credential holds open, cut as soon as the credential dies.

A socket is opened with one credential: a person's link, a trainer's API token or a
trainer's session cookie. Each socket is held here under its credential's key
(``link:<exam>:<person>``, ``trainer:<id>:token:<token id>``,
``trainer:<id>:session:<session id>``) with a check that reads the log. When the
accounts or an exam log something that may end a credential (a link revoked or
reissued, the record locked, a token revoked, a sign-out, "sign out everywhere", a
password change), the credentials under that key's prefix are checked again, on
every worker, and the sockets of those that died get a ``closed`` message with the
reason and are disconnected (omnisim/web/socket/guard.py ``cut``).

Workers tell each other over a Redis channel which prefix to check again. The message
carries no authority: each worker reads the truth from the store. A sweep checks every
held credential every :data:`SWEEP_SECONDS`, for what no message said (a password
changed with ``omnisim trainer password`` on the store, a message missed while Redis
was away).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import redis.asyncio as aioredis
import redis.exceptions

from omnisim.events import Event
from omnisim.exams.streams import logged
from omnisim.i18n import message
from omnisim.live.listener import Listener
from omnisim.protocol.messages import Closed

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts
    from omnisim.live.exams import Exams
    from omnisim.web.socket.guard import GuardedServer

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30.0
CLOSED_EVENT = "closed"  # a Closed record: sent just before the server disconnects a socket
#: What an exam or its grading may log that ends a link (checked again when logged).
ENDS_LINKS = frozenset({"link.revoked", "link.issued", "record.locked"})
#: What the accounts may log that ends a trainer's session or token.
ENDS_TRAINERS = frozenset(
    {
        "trainer.password_changed",
        "trainer.signed_out",
        "trainer.signed_out_everywhere",
        "api_token.revoked",
    }
)

#: None while the credential holds; else the catalog key of why it no longer does.
Check = Callable[[], Awaitable[str | None]]


@dataclass(frozen=True)
class Credential:
    key: str
    check: Check


async def _never() -> str | None:
    return "closed.session"


NO_CREDENTIAL = Credential("", _never)  # what an unidentified socket would hold: never kept


def link_credential(
    authenticate: Callable[[str], Awaitable[object | None]],
    token: str,
    exam_id: str,
    person_id: str,
) -> Credential:
    """A person's link to an exam (or to a trainer's trial: ``authenticate`` is the
    sandboxes' then, and the link dies with the trial)."""

    async def check() -> str | None:
        return None if await authenticate(token) is not None else "closed.link"

    return Credential(f"link:{exam_id}:{person_id}", check)


def token_credential(accounts: Accounts, token: str, trainer_id: str) -> Credential:
    token_id = token.split(".", 1)[0].rpartition(":")[2]

    async def check() -> str | None:
        return None if await accounts.by_api_token(token) is not None else "closed.token"

    return Credential(f"trainer:{trainer_id}:token:{token_id}", check)


def session_credential(accounts: Accounts, trainer_id: str, session_id: str) -> Credential:
    async def check() -> str | None:
        return None if await accounts.session(trainer_id, session_id) else "closed.session"

    return Credential(f"trainer:{trainer_id}:session:{session_id}", check)


class Credentials:
    """This worker's sockets by credential; the Redis channel that asks every worker to
    check again (``redis_url``, or this worker alone)."""

    def __init__(
        self,
        sio: GuardedServer,
        exams: Exams,
        accounts: Accounts,
        redis_url: str = "",
        prefix: str = "omnisim",
    ) -> None:
        self.sio = sio
        self.by_key: dict[str, Credential] = {}
        self.sockets: dict[str, set[str]] = {}  # credential key -> sids
        self.of_sid: dict[str, str] = {}  # sid -> credential key
        self.cut_count = 0  # sockets cut (tests and benches)
        self.client = (
            aioredis.Redis.from_url(redis_url, decode_responses=True) if redis_url else None
        )
        self.channel = f"{prefix}:recheck"
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: Listener | None = None
        exams.subscribe(self._exam_logged)
        accounts.subscribe(self._accounts_logged)

    # -- holding -----------------------------------------------------------------------
    def hold(self, sid: str, credential: Credential) -> None:
        self.by_key[credential.key] = credential
        self.sockets.setdefault(credential.key, set()).add(sid)
        self.of_sid[sid] = credential.key

    def release(self, sid: str) -> None:
        key = self.of_sid.pop(sid, None)
        if key is None:
            return
        held = self.sockets.get(key, set())
        held.discard(sid)
        if not held:
            self.sockets.pop(key, None)
            self.by_key.pop(key, None)

    # -- checking again ----------------------------------------------------------------
    async def recheck(self, prefix: str, tell: bool = True) -> int:
        """Check the credentials held under ``prefix`` (here, and on every worker when
        ``tell``); cut the sockets of those that died. The number cut here."""
        if tell and self.client is not None:
            try:
                await self.client.publish(self.channel, prefix)
            except (redis.exceptions.RedisError, OSError) as exc:  # the sweep will catch up
                log.warning("credentials: could not tell the other workers (%s)", exc)
        cut = 0
        for key in [k for k in self.by_key if k.startswith(prefix)]:
            credential = self.by_key.get(key)
            if credential is None:
                continue
            try:
                why = await credential.check()
            except Exception:  # the store is away: checked again at the next sweep
                log.warning("credentials: %s could not be checked", key, exc_info=True)
                continue
            if why is not None:
                cut += await self._cut(key, why)
        return cut

    async def _cut(self, key: str, why: str) -> int:
        sids = list(self.sockets.get(key, ()))
        for sid in sids:
            try:
                caller = (await self.sio.get_session(sid)).get("caller")
            except KeyError:
                caller = None
            lang = caller.lang if caller is not None else "fr"
            await self.sio.cut(sid, CLOSED_EVENT, Closed(message(lang, why)).to_json())
            self.release(sid)
        self.cut_count += len(sids)
        return len(sids)

    async def _exam_logged(self, events: Sequence[Event]) -> None:
        stream = logged(events[0].session_id) if events else None
        if stream is not None and any(e.type in ENDS_LINKS for e in events):
            await self.recheck(f"link:{stream.exam_id}:")

    async def _accounts_logged(self, events: Sequence[Event]) -> None:
        trainers = {
            str(getattr(e.payload, "trainer_id", "")) for e in events if e.type in ENDS_TRAINERS
        }
        for trainer_id in sorted(trainers):
            await self.recheck(f"trainer:{trainer_id}:")

    # -- running -----------------------------------------------------------------------
    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._sweeping(), name="omnisim-credentials-sweep")]
        if self.client is not None:
            self._listener = Listener(
                self.client,
                self.channel,
                lambda data: self.recheck(data, tell=False),
                "credentials",
                resubscribed=lambda: self.recheck("", tell=False),  # said meanwhile: unheard
            )
            self._tasks.append(loop.create_task(self._listener.run(), name="omnisim-credentials"))
            await self._listener.started()

    @property
    def listening(self) -> bool:
        """Subscribed right now (for /healthz)."""
        return self._listener is not None and self._listener.listening

    async def _sweeping(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            await self.recheck("", tell=False)

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.client is not None:
            await self.client.aclose()
