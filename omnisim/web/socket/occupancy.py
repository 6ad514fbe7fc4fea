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
left empty are reported, so the board hears that its candidates went offline. Every
change to the sum is numbered and published, and each worker keeps a copy of the sum
(omnisim/web/socket/mirror.py) that :meth:`RedisOccupancy.everywhere` reads: a push
costs no round trip. Presence rosters still ask Redis (:meth:`RedisOccupancy.count`).
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
from omnisim.web.socket.mirror import Mirror

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

    async def enter(self, sid: str, key: str, fence: bool = False) -> int | None:
        """Count ``sid`` in ``key``; the count everywhere after it, None if it was counted.

        ``fence``: return only once every worker's :meth:`everywhere` counts it."""
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

    def everywhere(self, keys: Sequence[str]) -> list[int]:
        """The counts over every worker, from memory (a push asks no one)."""
        return [self.counts.get(k, 0) for k in keys]

    def healthy(self) -> bool:
        return True

    def described(self) -> dict[str, object]:
        """What /healthz says of the counts (nothing to say in one process)."""
        return {}


# Every change to the sums is numbered (KEYS[3]) and published with the new sums
# (mirror.py). KEYS: total, mine, version, workers; ARGV: delta, fence, channel, worker,
# base, fields. A fenced change that makes this worker a room's first member returns the
# other live workers, whose acknowledgement the member waits for.
_PUBLISH = """
local function published(changed, fence)
  local v = redis.call('INCR', KEYS[3])
  redis.call('PUBLISH', ARGV[3], cjson.encode({v = v, w = ARGV[4], f = changed, fence = fence}))
  return v
end
"""

_CHANGE = (
    _PUBLISH
    + """
local counts, changed, first = {}, {}, false
for i = 6, #ARGV do
  local field = ARGV[i]
  local mine = redis.call('HINCRBY', KEYS[2], field, ARGV[1])
  local n
  if mine < 0 then
    redis.call('HDEL', KEYS[2], field)  -- reaped while stalled: the sum no longer has it
    n = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  else
    if mine == 0 then redis.call('HDEL', KEYS[2], field) end
    if mine == 1 and tonumber(ARGV[1]) > 0 then first = true end
    n = redis.call('HINCRBY', KEYS[1], field, ARGV[1])
    if n <= 0 then redis.call('HDEL', KEYS[1], field) end
    changed[#changed + 1] = field
    changed[#changed + 1] = math.max(n, 0)
  end
  counts[#counts + 1] = n
end
local fence = first and ARGV[2] == '1'
local v = published(changed, fence)
local others = {}
if fence then
  for _, w in ipairs(redis.call('SMEMBERS', KEYS[4])) do
    if w ~= ARGV[4] and redis.call('EXISTS', ARGV[5] .. 'alive:' .. w) == 1 then
      others[#others + 1] = w
    end
  end
end
return {counts, v, others}
"""
)

_BEAT = """
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return redis.call('SADD', KEYS[1], ARGV[1])
"""

# Replace this worker's share by the (key, count) pairs after ARGV[5]: after a reaping, or
# a failed leave.
_RESYNC = (
    _PUBLISH
    + """
local touched, changed = {}, {}
local held = redis.call('HGETALL', KEYS[2])
for i = 1, #held, 2 do
  touched[held[i]] = true
  if redis.call('HINCRBY', KEYS[1], held[i], -tonumber(held[i + 1])) <= 0 then
    redis.call('HDEL', KEYS[1], held[i])
  end
end
redis.call('DEL', KEYS[2])
for i = 6, #ARGV, 2 do
  touched[ARGV[i]] = true
  redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
for field in pairs(touched) do
  changed[#changed + 1] = field
  changed[#changed + 1] = math.max(tonumber(redis.call('HGET', KEYS[1], field) or '0'), 0)
end
published(changed, false)
return 1
"""
)

# KEYS: total, (unused), version, workers; ARGV: -, -, channel, worker, base.
_REAP = (
    _PUBLISH
    + """
local vacated, changed = {}, {}
for _, w in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  if redis.call('EXISTS', ARGV[5] .. 'alive:' .. w) == 0 then
    local mine = ARGV[5] .. 'worker:' .. w
    local held = redis.call('HGETALL', mine)
    for i = 1, #held, 2 do
      local n = redis.call('HINCRBY', KEYS[1], held[i], -tonumber(held[i + 1]))
      if n <= 0 then
        redis.call('HDEL', KEYS[1], held[i])
        vacated[#vacated + 1] = held[i]
      end
      changed[#changed + 1] = held[i]
      changed[#changed + 1] = math.max(n, 0)
    end
    redis.call('DEL', mine)
    redis.call('SREM', KEYS[4], w)
  end
end
if #changed > 0 then published(changed, false) end
return vacated
"""
)


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
        self.channel = f"{prefix}:occupancy:changes"
        self.version = f"{prefix}:occupancy:version"
        self.mirror = Mirror(self.client, self.worker, self.channel, self.version, self.total)
        self._change = self.client.register_script(_CHANGE)
        self._beat = self.client.register_script(_BEAT)
        self._reap = self.client.register_script(_REAP)
        self._resync = self.client.register_script(_RESYNC)
        self.dirty = False  # Redis may disagree with this worker's counts: resync on the beat
        self._task: asyncio.Task[None] | None = None
        self.reaped = 0  # dead workers this one reaped

    def _args(self, *more: str | int) -> list[str | int]:
        """The arguments every script takes first (see _CHANGE), then ``more``."""
        return [0, 0, self.channel, self.worker, self.base, *more]

    def _keys(self) -> list[str]:
        return [self.total, self.mine, self.version, self.workers]

    async def start(self) -> None:
        await self.mirror.start()  # caught up before this worker counts or pushes
        await self.beat()
        self._task = asyncio.get_running_loop().create_task(
            self._beating(), name="omnisim-occupancy"
        )

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        await self.mirror.close()
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
            await self._resync(keys=self._keys(), args=self._args(*pairs))
            self.dirty = False

    async def reap(self) -> list[str]:
        """Take the dead workers' counts off the sum; the keys they left empty."""
        return [str(k) for k in await self._reap(keys=self._keys(), args=self._args())]

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

    async def _apply(self, delta: int, keys: Iterable[str], fence: bool = False) -> list[int]:
        fields = list(keys)
        if not fields:
            return []
        args = [delta, int(fence), *self._args(*fields)[2:]]
        try:
            counts, version, others = await self._change(keys=self._keys(), args=args)
        except self.unavailable as exc:
            self.dirty = True
            raise StoreUnavailable(f"occupancy: {exc}") from exc
        if others:  # this worker's first member of a room: the others must know it first
            await self.mirror.fenced(int(version), [str(w) for w in others], self.ttl)
        return [int(n) for n in counts]

    async def enter(self, sid: str, key: str, fence: bool = False) -> int | None:
        if not self._new(sid, key):
            return None
        self.counts[key] += 1  # this worker's own share, to count again after a reaping
        (n,) = await self._apply(1, [key], fence)
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

    def everywhere(self, keys: Sequence[str]) -> list[int]:
        return self.mirror.get(list(keys))

    def healthy(self) -> bool:
        return self.mirror.healthy()

    def described(self) -> dict[str, object]:
        return self.mirror.described()


def occupancy_for(redis_url: str, ttl: float) -> LocalOccupancy:
    """Counted in Redis, shared by the workers, when there is a Redis; in memory otherwise."""
    return RedisOccupancy(redis_url, ttl) if redis_url else LocalOccupancy()
