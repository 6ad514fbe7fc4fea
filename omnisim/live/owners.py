"""One owner per exam across workers: Redis leases with a fencing epoch, and forwarding.

The worker holding an exam's lease is the only one that ticks its attempts and
appends to them; every append carries the lease's epoch and the store's append
script refuses it once the epoch changed (omnisim/store/redis_store.py), so a worker
that lost its lease (paused, partitioned, killed and restarted) cannot append any
more. Other workers forward commands (omnisim/live/commands.py: one envelope with a
closed ``method``) to the owner over Redis pub/sub and relay its answer; this module
only carries them. A lease not renewed for ``ttl`` seconds lapses;
the next worker that needs the exam claims it with a higher epoch.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

import redis.asyncio as aioredis
import redis.exceptions

from omnisim.live.listener import Listener
from omnisim.schema import SchemaError, build, dump

log = logging.getLogger(__name__)

LEASE_TTL = 6.0  # seconds a lease lives without renewal
FORWARD_TIMEOUT = 4.0  # seconds to wait for the owner's answer (or for a free connection)
MAX_CONNECTIONS = 100  # to Redis per worker for leases and forwarding (redis-py's default)
NOT_OWNER = -1  # the fencing epoch of a worker that does not own the exam: every append refused

# KEYS: lease, epoch counter. ARGV: worker, ttl ms. -> epoch held by ARGV[1], or 0.
_CLAIM = """
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('HGET', KEYS[1], 'epoch'))
end
if owner then
  return 0
end
local epoch = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'epoch', epoch)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return epoch
"""
# KEYS: lease. ARGV: worker, epoch. Releases the lease only if still ours.
_RELEASE = """
local held = redis.call('HMGET', KEYS[1], 'owner', 'epoch')
if held[1] == ARGV[1] and held[2] == ARGV[2] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

Handler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]  # a forwarded command -> answer
Lost = Callable[[str], Awaitable[None]]  # told the id of an exam whose lease was lost


@dataclass(frozen=True)
class Frame:
    """One message on a worker's channel: a command asked of it, or the answer to one it
    asked (``id`` pairs them; ``sender`` is the worker to answer)."""

    kind: Literal["ask", "answer"]
    id: str
    sender: str
    body: dict[str, Any]


class OwnerGone(RuntimeError):
    """The owner did not answer in time (dead, or its Redis link is down)."""


class Owners:
    """This worker's leases, their renewal, and the pub/sub link to the other workers."""

    def __init__(self, url: str, prefix: str = "omnisim", ttl: float = LEASE_TTL) -> None:
        # A busy worker has many commands in flight (a claim, an owner look-up, a forward
        # each); past a plain pool's size redis-py raises "Too many connections" and the
        # candidate got an internal error. This pool makes them wait for a connection.
        pool = aioredis.BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=MAX_CONNECTIONS, timeout=FORWARD_TIMEOUT
        )
        self.client = aioredis.Redis.from_pool(pool)
        self.prefix = prefix
        self.ttl = ttl
        self.worker = secrets.token_hex(6)
        self.held: dict[str, int] = {}  # exam id -> epoch
        self._claim = self.client.register_script(_CLAIM)
        self._release = self.client.register_script(_RELEASE)
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: Listener | None = None

    def lease_key(self, exam_id: str) -> str:
        return f"{self.prefix}:lease:{exam_id}"

    def _channel(self, worker: str) -> str:
        return f"{self.prefix}:worker:{worker}"

    async def start(self, handler: Handler, on_lost: Lost) -> None:
        """Renew the leases (telling ``on_lost`` of one lost) and answer the commands other
        workers forward here with ``handler`` (omnisim/live/commands.py ``answer``)."""
        loop = asyncio.get_running_loop()

        async def heard(data: str) -> None:
            self._heard(data, handler)

        self._listener = Listener(self.client, self._channel(self.worker), heard, "owners")
        self._tasks = [
            loop.create_task(self._listener.run(), name="omnisim-owners-listen"),
            loop.create_task(self._renew(on_lost), name="omnisim-owners-renew"),
        ]
        await self._listener.started()  # so that forwards are heard

    @property
    def listening(self) -> bool:
        """Subscribed right now (for /healthz)."""
        return self._listener is not None and self._listener.listening

    def healthy(self) -> bool:
        return self.listening and all(not t.done() for t in self._tasks)

    async def claim(self, exam_id: str) -> int:
        """The lease's epoch if this worker holds (or now takes) the exam, else 0."""
        epoch = int(
            await self._claim(
                keys=[self.lease_key(exam_id), f"{self.prefix}:epoch:{exam_id}"],
                args=[self.worker, int(self.ttl * 1000)],
            )
        )
        if epoch:
            self.held[exam_id] = epoch
        return epoch

    async def owner_of(self, exam_id: str) -> str | None:
        owner = await self.client.hget(self.lease_key(exam_id), "owner")
        return str(owner) if owner else None

    async def release(self, exam_id: str) -> None:
        epoch = self.held.pop(exam_id, None)
        if epoch is not None:
            await self._release(keys=[self.lease_key(exam_id)], args=[self.worker, epoch])

    async def _renew(self, on_lost: Lost) -> None:
        """Renew every held lease at a third of its life; tell the exams whose lease was lost."""
        while True:
            await asyncio.sleep(self.ttl / 3)
            for exam_id, epoch in list(self.held.items()):
                try:
                    again = await self.claim(exam_id)
                except (redis.exceptions.RedisError, OSError) as exc:
                    log.warning("lease %s: renewal failed (%s)", exam_id, exc)
                    continue
                if again != epoch:
                    self.held.pop(exam_id, None)
                    log.warning("lease %s: lost (epoch %s)", exam_id, epoch)
                    await on_lost(exam_id)

    # -- forwarding --------------------------------------------------------------------
    async def forward(self, worker: str, body: dict[str, Any]) -> dict[str, Any]:
        """Send a command to ``worker`` and wait for its answer; OwnerGone after a timeout."""
        ask = secrets.token_hex(8)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[ask] = future
        try:
            message = dump(Frame("ask", ask, self.worker, body))
            heard = await self.client.publish(self._channel(worker), json.dumps(message))
            if not heard:
                raise OwnerGone(worker)
            return await asyncio.wait_for(future, FORWARD_TIMEOUT)
        except (TimeoutError, redis.exceptions.RedisError) as exc:  # a refusal, not a crash
            raise OwnerGone(worker) from exc
        finally:
            self._waiting.pop(ask, None)

    def _heard(self, data: str, handler: Handler) -> None:
        try:
            frame = build(Frame, json.loads(data))
        except (ValueError, SchemaError) as exc:  # not ours to crash on: said, and dropped
            log.warning("owners: unreadable message dropped (%s)", exc)
            return
        if frame.kind == "answer":
            future = self._waiting.get(frame.id)
            if future is not None and not future.done():
                future.set_result(frame.body)
            return
        task = asyncio.get_running_loop().create_task(self._answer(frame, handler))
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    async def _answer(self, ask: Frame, handler: Handler) -> None:
        answer = Frame("answer", ask.id, self.worker, await handler(ask.body))
        await self.client.publish(self._channel(ask.sender), json.dumps(dump(answer)))

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for exam_id in list(self.held):
            with contextlib.suppress(Exception):
                await self.release(exam_id)
        await self.client.aclose()
