"""Redis backend, for several workers or machines sharing exams.

One Redis stream per event stream (an attempt, an exam, its grading…): seq n is the
entry ``n-1``, so a stream's length is its last seq. A Lua script makes the append
compare-and-set and, for a fenced writer, checks its lease epoch (omnisim/live/owners.py)
in the same step: a deposed owner can no longer append. The same script numbers each
stored event with the next global position (one counter) and indexes it, by position, in
a global stream and in its exam's stream (``(stream, seq)`` references, not copies): a
position is given only to what was stored, in the order Redis ran the scripts.
Concurrent appends share one pipelined round trip (omnisim/store/group.py).

Durability is Redis's: acknowledged events survive a crash of the Redis server only
with ``appendonly yes`` (and lose nothing on a power loss with ``appendfsync always``;
see docker-compose.yml). :meth:`RedisBackend.check_durable` refuses a server without
AOF, at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import redis.asyncio as aioredis
import redis.exceptions

from omnisim.store.base import Backend, ConflictError, Fenced, family_of
from omnisim.store.group import Append, GroupCommit, tasked

_APPEND = """
if ARGV[3] ~= '0' and redis.call('HGET', KEYS[3], 'epoch') ~= ARGV[3] then
  return -2
end
local last = redis.call('XLEN', KEYS[1])
if last ~= tonumber(ARGV[1]) then
  return -1
end
local pos = redis.call('INCRBY', KEYS[4], #ARGV - 3) - (#ARGV - 3)
for i = 4, #ARGV do
  last = last + 1
  pos = pos + 1
  redis.call('XADD', KEYS[1], last .. '-1', 'e', ARGV[i])
  redis.call('XADD', KEYS[5], pos .. '-1', 's', ARGV[2], 'q', last)
  redis.call('XADD', KEYS[6], pos .. '-1', 's', ARGV[2], 'q', last)
end
if tonumber(ARGV[1]) == 0 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
return last
"""


# A log written before global positions: number every stored event once, stream by stream
# in the order the streams were created (each stream keeps its order). Atomic, so two
# workers starting together cannot both do it; nothing to do once the counter exists.
_BACKFILL = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
local pos = 0
for _, stream in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local family = string.match(stream, '^([^-]*)')
  for _, entry in ipairs(redis.call('XRANGE', ARGV[1] .. 'stream:' .. stream, '-', '+')) do
    pos = pos + 1
    local seq = string.match(entry[1], '^(%d+)')
    redis.call('XADD', KEYS[3], pos .. '-1', 's', stream, 'q', seq)
    redis.call('XADD', KEYS[3] .. ':' .. family, pos .. '-1', 's', stream, 'q', seq)
  end
end
redis.call('SET', KEYS[1], pos)
return pos
"""


class NotDurable(RuntimeError):
    """The Redis server would lose acknowledged events on a restart (no AOF)."""


class RedisBackend(Backend):
    unavailable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def __init__(self, url: str, prefix: str = "omnisim") -> None:
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self._append = self.client.register_script(_APPEND)
        self.group = GroupCommit(tasked(self._flush))

    def _log_key(self, stream: str) -> str:
        return f"{self.prefix}:stream:{stream}"

    def _index_key(self, family: str | None) -> str:
        return f"{self.prefix}:all" if family is None else f"{self.prefix}:all:{family}"

    def lease_key(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    async def check_durable(self) -> None:
        """Refuse a server with ``appendonly no``: a restart would lose acknowledged events."""
        config = await self.client.config_get("appendonly")
        if config.get("appendonly") != "yes":
            raise NotDurable(
                "Redis runs without AOF (appendonly no): a restart would lose acknowledged "
                "events. Start it with --appendonly yes (see docker-compose.yml)."
            )

    async def backfill(self) -> int:
        """Give a log written before global positions its positions (at start-up, once);
        the number of events numbered, -1 when there was nothing to do."""
        script = self.client.register_script(_BACKFILL)
        keys = [f"{self.prefix}:position", f"{self.prefix}:sessions", self._index_key(None)]
        return int(await script(keys=keys, args=[f"{self.prefix}:"]))

    async def append(
        self,
        stream: str,
        first_seq: int,
        bodies: Sequence[str],
        fence: tuple[str, int] | None = None,
    ) -> None:
        name, epoch = fence if fence is not None else ("", 0)
        await self.group.append(Append(stream, first_seq, bodies, epoch, name))

    async def _flush(self, batch: list[Append]) -> list[BaseException | None]:
        """Every append of the batch in one pipelined round trip, each judged on its own."""
        pipe = self.client.pipeline(transaction=False)
        for item in batch:
            await self._append(
                keys=[
                    self._log_key(item.stream),
                    f"{self.prefix}:sessions",
                    self.lease_key(item.fence or item.stream),
                    f"{self.prefix}:position",
                    self._index_key(None),
                    self._index_key(family_of(item.stream)),
                ],
                args=[item.first_seq - 1, item.stream, item.epoch, *item.bodies],
                client=pipe,
            )
        results = await pipe.execute(raise_on_error=False)
        outcomes: list[BaseException | None] = []
        for item, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                outcomes.append(result)  # the server failed this script: nothing of it written
            elif int(result) == -1:
                outcomes.append(ConflictError(f"session {item.stream}: got {item.first_seq}"))
            elif int(result) == -2:
                outcomes.append(
                    Fenced(f"{item.fence}: epoch {item.epoch} is no longer the owner's")
                )
            else:
                outcomes.append(None)
        return outcomes

    async def read(self, stream: str, after: int, limit: int | None = None) -> list[str]:
        entries = await self.client.xrange(self._log_key(stream), min=f"{after + 1}-0", count=limit)
        return [str(fields["e"]) for _id, fields in entries or [] if fields]

    async def last_seq(self, stream: str) -> int:
        return int(await self.client.xlen(self._log_key(stream)))

    async def streams(self) -> list[str]:
        return [str(s) for s in await self.client.lrange(f"{self.prefix}:sessions", 0, -1)]

    async def read_all(self, after: int, limit: int, family: str | None) -> list[tuple[int, str]]:
        refs: Any = await self.client.xrange(
            self._index_key(family), min=f"{after + 1}-0", count=limit
        )
        if not refs:
            return []
        spans: dict[str, list[int]] = {}  # stream -> [first seq, last seq] in this page
        for _id, fields in refs:
            span = spans.setdefault(fields["s"], [int(fields["q"]), int(fields["q"])])
            span[1] = int(fields["q"])
        pipe = self.client.pipeline(transaction=False)
        for stream, (first, last) in spans.items():
            pipe.xrange(self._log_key(stream), min=f"{first}-0", max=f"{last}-1")
        bodies: dict[tuple[str, int], str] = {}
        found: list[Any] = await pipe.execute()
        for stream, entries in zip(spans, found, strict=True):
            for entry_id, fields in entries:
                bodies[(stream, int(entry_id.partition("-")[0]))] = str(fields["e"])
        return [
            (int(entry_id.partition("-")[0]), bodies[(fields["s"], int(fields["q"]))])
            for entry_id, fields in refs
        ]

    async def close(self) -> None:
        await self.client.aclose()
