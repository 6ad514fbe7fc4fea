"""Sign-in attempts, throttled per login and per address, shared by every worker.

An attempt is counted before the password is checked, so guesses sent in parallel count
too. The first :data:`FREE_PER_LOGIN` attempts at one login pass; from then on each
attempt sets a wait that doubles (1 s, 2 s, 4 s… up to :data:`MAX_WAIT`) before the next
is even looked at, and it is refused with « Trop de tentatives, réessayez dans N s ».
An address has its own, larger allowance (:data:`FREE_PER_ADDRESS`: a training centre's
trainers sign in from one address). A success forgets the login's count and gives the
address its attempt back. A login is counted under a hash of its normalised text whether
or not it exists, and a waiting login is refused before any password is looked at: the
answers never tell which logins exist. Counts are forgotten after an hour of quiet.

With Redis the counts live there (one Lua script per attempt, on Redis's clock), so
several workers share them; otherwise the one worker keeps them in memory. Both the
sign-in page and ``POST /api/tokens`` go through :meth:`Throttle.attempt`.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

import redis.asyncio as aioredis
import redis.exceptions

log = logging.getLogger(__name__)

FREE_PER_LOGIN = 5
FREE_PER_ADDRESS = 20
FIRST_WAIT = 1.0
MAX_WAIT = 300.0
FORGET_AFTER = 3600.0
LOCAL_KEYS = 10_000


def _wait_after(attempts: int, free: int) -> float:
    """The wait set by the ``attempts``-th attempt: none before ``free``, then doubling."""
    if attempts < free:
        return 0.0
    return float(min(MAX_WAIT, FIRST_WAIT * 2 ** min(attempts - free, 30)))


def login_key(login: str) -> str:
    """A login as counted: normalised as sign-in reads it, hashed (any length, any text)."""
    text = login.strip().lower().encode("utf-8", "surrogatepass")
    return "login:" + hashlib.sha256(text).hexdigest()[:32]


def address_key(address: str) -> str:
    return f"address:{address}"


class LocalCounts:
    """One worker: the counts in memory, on a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.counts: dict[str, tuple[int, float, float]] = {}  # key -> (attempts, until, last)

    def _held(self, key: str, now: float) -> tuple[int, float, float]:
        held = self.counts.get(key, (0, 0.0, now))
        return (0, 0.0, now) if now - held[2] > FORGET_AFTER else held

    async def attempt(self, keys: list[tuple[str, int]]) -> float:
        now = self.clock()
        wait = max((self._held(k, now)[1] - now for k, _free in keys), default=0.0)
        if wait > 0:
            return wait
        for key, free in keys:
            attempts = self._held(key, now)[0] + 1
            self.counts[key] = (attempts, now + _wait_after(attempts, free), now)
        if len(self.counts) > LOCAL_KEYS:
            self.counts = {k: v for k, v in self.counts.items() if now - v[2] <= FORGET_AFTER}
        return 0.0

    async def succeeded(self, login: str, address: str) -> None:
        self.counts.pop(login, None)
        now = self.clock()
        attempts, until, last = self._held(address, now)
        if attempts:
            self.counts[address] = (attempts - 1, until, last)

    async def close(self) -> None:
        """Nothing to release in memory."""


# KEYS: counters. ARGV: first wait, max wait, forget (ms), then each counter's free attempts.
_ATTEMPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local wait = 0
for i, key in ipairs(KEYS) do
  local untl = tonumber(redis.call('HGET', key, 'until') or '0')
  if untl > now then wait = math.max(wait, untl - now) end
end
if wait > 0 then return tostring(wait) end
local first, most = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local n = redis.call('HINCRBY', key, 'n', 1)
  local free = tonumber(ARGV[3 + i])
  if n >= free then
    local delay = math.min(most, first * 2 ^ math.min(n - free, 30))
    redis.call('HSET', key, 'until', tostring(now + delay))
  end
  redis.call('PEXPIRE', key, ARGV[3])
end
return '0'
"""
# KEYS: the login's counter, the address's. A success forgets one, refunds the other.
_SUCCEEDED = """
redis.call('DEL', KEYS[1])
if tonumber(redis.call('HGET', KEYS[2], 'n') or '0') > 0 then
  redis.call('HINCRBY', KEYS[2], 'n', -1)
end
return 1
"""


class RedisCounts:
    """Several workers: the counts live in Redis."""

    unavailable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def __init__(self, url: str, prefix: str = "omnisim") -> None:
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.prefix = f"{prefix}:signin:"
        self._attempt = self.client.register_script(_ATTEMPT)
        self._succeeded = self.client.register_script(_SUCCEEDED)

    async def attempt(self, keys: list[tuple[str, int]]) -> float:
        args: list[float] = [FIRST_WAIT, MAX_WAIT, int(FORGET_AFTER * 1000)]
        args += [free for _key, free in keys]
        found = await self._attempt(keys=[self.prefix + k for k, _free in keys], args=args)
        return float(found)

    async def succeeded(self, login: str, address: str) -> None:
        await self._succeeded(keys=[self.prefix + login, self.prefix + address])

    async def close(self) -> None:
        await self.client.aclose()


class Throttle:
    """Sign-in attempts per login and per address (:mod:`omnisim.web.throttle`)."""

    def __init__(self, counts: LocalCounts | RedisCounts) -> None:
        self.counts = counts

    async def attempt(self, login: str, address: str) -> float:
        """0 when this attempt may check its password (and it is counted), else the
        seconds to wait. Redis unreachable: allowed, said in the log."""
        keys = [(login_key(login), FREE_PER_LOGIN), (address_key(address), FREE_PER_ADDRESS)]
        try:
            return await self.counts.attempt(keys)
        except RedisCounts.unavailable as exc:
            log.warning("sign-in throttle: Redis unreachable, attempt allowed (%s)", exc)
            return 0.0

    async def succeeded(self, login: str, address: str) -> None:
        try:
            await self.counts.succeeded(login_key(login), address_key(address))
        except RedisCounts.unavailable as exc:
            log.warning("sign-in throttle: Redis unreachable (%s)", exc)

    async def close(self) -> None:
        await self.counts.close()


def throttle_for(redis_url: str) -> Throttle:
    """Counted in Redis, shared by the workers, when there is one; in memory otherwise."""
    return Throttle(RedisCounts(redis_url) if redis_url else LocalCounts())
