"""Who is in which room, counted over every worker: presence and "does anyone listen?".

Two uses of one count per key: a candidate is online while ``online:<exam>:<candidate>``
counts a socket, and an event is emitted to a socket.io room only while ``room:<name>``
counts a member, on this worker or another (with the Redis relay, an emit to an empty
room still costs a publish and a wake-up of every worker).

Skipping an empty room loses nothing because a member registers here AFTER entering
the room and BEFORE reading its backlog, and a publisher asks here AFTER its append is
durable: either the publisher sees the member (and emits), or the member's backlog
read comes after the append (and holds the event).

:class:`LocalOccupancy` counts in memory for the single SQLite worker.
:class:`RedisOccupancy` keeps one hash per worker (what its sockets hold) and one
global hash (their sum) in Redis, changed together by Lua scripts. Each worker renews
a heartbeat key (time to live ``ttl``); a worker whose heartbeat lapsed (killed -9) is
reaped by the next worker to notice: its counts are taken off the sum, and the keys it
left empty are reported, so the board hears that its candidates went offline.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence

import redis.asyncio as aioredis
import redis.exceptions

from omnisim.store import StoreUnavailable

log = logging.getLogger(__name__)

#: Called with the keys that nobody holds any more after a dead worker was reaped.
Vacated = Callable[[list[str]], Awaitable[None]]


def room_key(room: str) -> str:
    return f"room:{room}"


def online_key(exam_id: str, candidate: str) -> str:
    return f"online:{exam_id}:{candidate}"


class LocalOccupancy:
    """One process: counts in memory, exact and immediate."""

    shared = False

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.held: dict[str, set[str]] = {}  # sid -> keys it holds (each counted once)
        self.on_vacated: Vacated | None = None

    async def start(self) -> None:
        """Nothing to start in memory."""

    async def close(self) -> None:
        """Nothing to release in memory."""

    def _new(self, sid: str, key: str) -> bool:
        keys = self.held.setdefault(sid, set())
        if key in keys:
            return False
        keys.add(key)
        return True

    async def enter(self, sid: str, key: str) -> int | None:
        """Count ``sid`` in ``key``; the count everywhere after it, None if it was counted."""
        if not self._new(sid, key):
            return None
        self.counts[key] += 1
        return self.counts[key]

    async def leave(self, sid: str) -> list[str]:
        """Uncount ``sid`` everywhere (it disconnected); the keys it left empty."""
        emptied = []
        for key in self.held.pop(sid, set()):
            self.counts[key] -= 1
            if self.counts[key] <= 0:
                del self.counts[key]
                emptied.append(key)
        return emptied

    async def count(self, keys: Sequence[str]) -> list[int]:
        return [self.counts.get(k, 0) for k in keys]


_CHANGE = """
local counts = {}
for i = 2, #ARGV do
  local field = ARGV[i]
  local mine = redis.call('HINCRBY', KEYS[2], field, ARGV[1])
  local n
  if mine < 0 then
    redis.call('HDEL', KEYS[2], field)  -- reaped while stalled: the sum no longer has it
    n = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  else
    if mine == 0 then redis.call('HDEL', KEYS[2], field) end
    n = redis.call('HINCRBY', KEYS[1], field, ARGV[1])
    if n <= 0 then redis.call('HDEL', KEYS[1], field) end
  end
  counts[#counts + 1] = n
end
return counts
"""

_BEAT = """
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return redis.call('SADD', KEYS[1], ARGV[1])
"""

# Replace this worker's share by ARGV (key, count pairs): after a reaping, or a failed leave.
_RESYNC = """
local held = redis.call('HGETALL', KEYS[2])
for i = 1, #held, 2 do
  if redis.call('HINCRBY', KEYS[1], held[i], -tonumber(held[i + 1])) <= 0 then
    redis.call('HDEL', KEYS[1], held[i])
  end
end
redis.call('DEL', KEYS[2])
for i = 1, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
return 1
"""

_REAP = """
local vacated = {}
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. 'alive:' .. w) == 0 then
    local mine = ARGV[1] .. 'worker:' .. w
    local held = redis.call('HGETALL', mine)
    for i = 1, #held, 2 do
      local n = redis.call('HINCRBY', KEYS[2], held[i], -tonumber(held[i + 1]))
      if n <= 0 then
        redis.call('HDEL', KEYS[2], held[i])
        vacated[#vacated + 1] = held[i]
      end
    end
    redis.call('DEL', mine)
    redis.call('SREM', KEYS[1], w)
  end
end
return vacated
"""


class RedisOccupancy(LocalOccupancy):
    """Several workers on one Redis: every count is the sum over the live workers."""

    shared = True
    unavailable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def __init__(self, url: str, ttl: float, prefix: str = "omnisim") -> None:
        super().__init__()
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.ttl = ttl
        self.worker = secrets.token_hex(6)
        self.base = f"{prefix}:occupancy:"
        self.total = f"{prefix}:occupancy"
        self.workers = f"{prefix}:occupancy:workers"
        self.mine = f"{self.base}worker:{self.worker}"
        self._change = self.client.register_script(_CHANGE)
        self._beat = self.client.register_script(_BEAT)
        self._reap = self.client.register_script(_REAP)
        self._resync = self.client.register_script(_RESYNC)
        self.dirty = False  # Redis may disagree with this worker's counts: resync on the beat
        self._task: asyncio.Task[None] | None = None
        self.reaped = 0  # dead workers this one reaped

    async def start(self) -> None:
        await self.beat()
        self._task = asyncio.get_running_loop().create_task(
            self._beating(), name="omnisim-occupancy"
        )

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        try:  # leave at once rather than after the time to live, and say who went offline
            await self.client.delete(f"{self.base}alive:{self.worker}")
            vacated = await self.reap()
            if vacated and self.on_vacated is not None:
                await self.on_vacated(vacated)
        except Exception as exc:  # shutting down: nothing more to do than say it
            log.warning("occupancy: leaving at shutdown failed (%s)", exc)
        await self.client.aclose()

    async def beat(self) -> None:
        """Renew this worker's heartbeat; if it had been reaped (stalled), count again."""
        added = await self._beat(
            keys=[self.workers, f"{self.base}alive:{self.worker}"],
            args=[self.worker, int(self.ttl * 1000)],
        )
        if (int(added) and self.counts) or self.dirty:
            pairs = [str(v) for key, n in self.counts.items() for v in (key, n)]
            await self._resync(keys=[self.total, self.mine], args=pairs)
            self.dirty = False

    async def reap(self) -> list[str]:
        """Take the dead workers' counts off the sum; the keys they left empty."""
        return [str(k) for k in await self._reap(keys=[self.workers, self.total], args=[self.base])]

    async def _beating(self) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            try:
                await self.beat()
                vacated = await self.reap()
            except self.unavailable as exc:
                log.warning("occupancy: heartbeat failed (%s)", exc)
                continue
            if vacated and self.on_vacated is not None:
                self.reaped += 1
                try:
                    await self.on_vacated(vacated)
                except Exception:
                    log.exception("occupancy: telling vacated keys failed")

    async def _apply(self, delta: int, keys: Iterable[str]) -> list[int]:
        fields = list(keys)
        if not fields:
            return []
        try:
            counts = await self._change(keys=[self.total, self.mine], args=[delta, *fields])
        except self.unavailable as exc:
            self.dirty = True
            raise StoreUnavailable(f"occupancy: {exc}") from exc
        return [int(n) for n in counts]

    async def enter(self, sid: str, key: str) -> int | None:
        if not self._new(sid, key):
            return None
        self.counts[key] += 1  # this worker's own share, to count again after a reaping
        (n,) = await self._apply(1, [key])
        return n

    async def leave(self, sid: str) -> list[str]:
        keys = sorted(self.held.pop(sid, set()))
        for key in keys:
            self.counts[key] -= 1
            if self.counts[key] <= 0:
                del self.counts[key]
        counts = await self._apply(-1, keys)
        return [k for k, n in zip(keys, counts, strict=True) if n <= 0]

    async def count(self, keys: Sequence[str]) -> list[int]:
        if not keys:
            return []
        try:
            values = await self.client.hmget(self.total, list(keys))
        except self.unavailable as exc:
            raise StoreUnavailable(f"occupancy: {exc}") from exc
        return [int(v or 0) for v in values]


def occupancy_for(redis_url: str, ttl: float) -> LocalOccupancy:
    """Counted in Redis, shared by the workers, when there is a Redis; in memory otherwise."""
    return RedisOccupancy(redis_url, ttl) if redis_url else LocalOccupancy()
