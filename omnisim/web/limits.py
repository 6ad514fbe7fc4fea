"""Budgets: what one person, and one network address, may ask of the server per second.

Token buckets keyed by who asks, never by socket: a person is a link's holder (an exam
and a person id) or a trainer, and each spend takes from the person's bucket and from
the address's, so reconnecting refills nothing. With Redis the buckets are shared by
every worker (one Lua script per spend, timed by Redis's own clock); without, the one
worker keeps them in memory. An address's bucket is a room's worth of people
(``people_per_address``): a training centre's candidates come from one address.

Three budgets:

- ``act``: actions sent over a socket (``rate_limit`` a second, bursts of 2 s);
- ``read``: what reads the log for one person: a socket's connection and its joins,
  the candidate's and the jury's pages, the jury's log pages and documents
  (``read_limit`` a second, bursts of :data:`READ_BURST`: a jury page opens with about
  seven reads);
- ``board``: a trainer's board catching up on a whole exam, page by page and stream by
  stream.

A spend answers 0 when allowed, else the seconds to wait; a refusal says them.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import redis.asyncio as aioredis
import redis.exceptions
from aiohttp import web
from aiohttp.typedefs import Handler

from omnisim.i18n import pick_lang
from omnisim.refusals import Declined
from omnisim.web.addresses import request_address
from omnisim.web.keys import BUDGETS, SETTINGS

log = logging.getLogger(__name__)

READ_BURST = 60.0  # a jury page opens with seven reads or more: eight at once, or reloads
BOARD_RATE = 5.0  # a board's catch-up pages and stream joins per second
BOARD_BURST = 100.0  # at once: 60 candidates' streams after a reconnection
PDF_COST = 5.0  # a PDF is rendered: worth several pages
#: Kept in memory without Redis; full buckets are forgotten beyond this many.
LOCAL_KEYS = 10_000


class TooMany(Declined):
    """Over budget: well formed, but not now. ``wait`` says for how long (429 and
    ``Retry-After`` over HTTP)."""

    def __init__(self, key: str, wait: float, **params: object) -> None:
        self.wait = math.ceil(wait)
        super().__init__("type", key, wait=self.wait, **params)


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: float

    def times(self, n: float) -> Rate:
        return Rate(self.per_second * n, self.burst * n)


Wanted = Sequence[tuple[str, Rate]]


class LocalBuckets:
    """One worker: buckets in memory, on a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)

    async def take(self, wanted: Wanted, cost: float) -> float:
        """Take ``cost`` from every bucket, or from none: 0, else the seconds to wait.

        Once per action on a loaded worker: plain loops, no generator or tuple per bucket."""
        now = self.clock()
        buckets = self.buckets
        levels = []
        wait = 0.0
        for key, rate in wanted:
            held = buckets.get(key)
            if held is None:
                level = rate.burst
            else:
                level = min(rate.burst, held[0] + (now - held[1]) * rate.per_second)
            levels.append(level)
            short = (cost - level) / rate.per_second
            if short > wait:
                wait = short
        spent = 0.0 if wait > 0 else cost
        for (key, _rate), level in zip(wanted, levels, strict=True):
            buckets[key] = (level - spent, now)
        if len(buckets) > LOCAL_KEYS:
            self._forget_full(now)
        return wait

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have had time to refill (a full bucket is no bucket)."""
        horizon = max(READ_BURST, BOARD_BURST)  # seconds: the slowest refill there is
        self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < horizon}

    async def close(self) -> None:
        """Nothing to release in memory."""


# KEYS: buckets. ARGV: cost, then each bucket's rate and burst. Takes from all or none;
# answers the seconds to wait (as text: Lua numbers would be cut to integers).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local cost = tonumber(ARGV[1])
local levels = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local held = redis.call('HMGET', key, 't', 'at')
  local tokens = tonumber(held[1]) or burst
  local at = tonumber(held[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < cost then wait = math.max(wait, (cost - tokens) / rate) end
end
for i, key in ipairs(KEYS) do
  local rate, burst = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local left = levels[i]
  if wait == 0 then left = left - cost end
  redis.call('HSET', key, 't', tostring(left), 'at', tostring(now))
  redis.call('PEXPIRE', key, math.ceil((burst - left) / rate * 1000) + 1000)
end
return tostring(wait)
"""


class RedisBuckets:
    """Several workers: the buckets live in Redis, so a person's budget follows them."""

    unavailable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def __init__(self, url: str, prefix: str = "omnisim") -> None:
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.prefix = f"{prefix}:budget:"
        self._take = self.client.register_script(_TAKE)

    async def take(self, wanted: Wanted, cost: float) -> float:
        args: list[float] = [cost]
        for _key, rate in wanted:
            args += [rate.per_second, rate.burst]
        keys = [self.prefix + key for key, _rate in wanted]
        return float(await self._take(keys=keys, args=args))

    async def close(self) -> None:
        await self.client.aclose()


Buckets = LocalBuckets | RedisBuckets


def buckets_for(redis_url: str) -> Buckets:
    """Shared through Redis when there is one (several workers), in memory otherwise."""
    return RedisBuckets(redis_url) if redis_url else LocalBuckets()


class Budgets:
    """The three budgets (``act``, ``read``, ``board``) of every person and address."""

    def __init__(
        self, buckets: Buckets, *, act: float, read: float, people_per_address: int
    ) -> None:
        self.buckets = buckets
        self.rates = {
            "act": Rate(act, max(1.0, act * 2)),
            "read": Rate(read, READ_BURST),
            "board": Rate(BOARD_RATE, BOARD_BURST),
        }
        self.people_per_address = max(1, people_per_address)
        # An address's budget is its people's: made once, not per spend.
        self.address_rates = {k: r.times(self.people_per_address) for k, r in self.rates.items()}

    async def spend(self, kind: str, person: str, address: str, cost: float = 1.0) -> float:
        """Take ``cost`` from the person's and the address's ``kind`` budget: 0 when
        allowed, else the seconds to wait. Redis unreachable: allowed (said in the log),
        since the store's own outage is what the exam then meets."""
        rate = self.rates[kind]
        wanted = [(f"{kind}:p:{person}", rate)]
        if address:
            wanted.append((f"{kind}:a:{address}", self.address_rates[kind]))
        try:
            return await self.buckets.take(wanted, cost)
        except RedisBuckets.unavailable as exc:
            log.warning("budgets: Redis unreachable, %s allowed (%s)", kind, exc)
            return 0.0

    async def check(self, kind: str, person: str, address: str, cost: float = 1.0) -> None:
        """:meth:`spend`, refused as :class:`TooMany` naming the wait."""
        wait = await self.spend(kind, person, address, cost)
        if wait > 0:
            if kind == "act":
                raise TooMany("err.flood", wait, rate=f"{self.rates['act'].per_second:g}")
            raise TooMany("err.flood_read", wait)

    async def close(self) -> None:
        await self.buckets.close()


def person_of(exam_id: str, person_id: str, role: str) -> str:
    """The budget key of who asks: a trainer across their exams, anyone else by their link."""
    return f"trainer:{person_id}" if role == "trainer" else f"{exam_id}:{person_id}"


async def spend_for(request: web.Request, kind: str, person: str, cost: float = 1.0) -> None:
    """An HTTP request spends from the person's (and its address's) budget, else
    :class:`TooMany` (the API answers it as JSON, 429)."""
    address = request_address(request, request.app[SETTINGS].trusted_proxies)
    await request.app[BUDGETS].check(kind, person, address, cost)


@web.middleware
async def over_budget(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A page over budget answers 429 with the wait in plain text, in the page's language
    (the API answers JSON itself, omnisim/web/api/__init__.py)."""
    try:
        return await handler(request)
    except TooMany as exc:
        text = exc.render(pick_lang(request.query.get("lang")))
        raise web.HTTPTooManyRequests(
            text=text, content_type="text/plain", headers={"Retry-After": str(exc.wait)}
        ) from exc
