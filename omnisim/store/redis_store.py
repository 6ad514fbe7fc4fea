"""Redis backend, for several workers or machines sharing sessions.

One list per session holds the JSON events (seq n at index n-1); a Lua script
makes the append compare-and-set. Durability is Redis's: acknowledged events
survive a crash of the Redis server only with ``appendonly yes`` and
``appendfsync always`` (see docker-compose.yml); with the default ``everysec``
up to one second of appends can be lost on a power loss.
"""

from __future__ import annotations

from collections.abc import Sequence

import redis.asyncio as aioredis
import redis.exceptions

from omnisim.store.base import Backend, ConflictError

_APPEND = """
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) then
  return -1
end
for i = 3, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
if tonumber(ARGV[1]) == 0 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
return redis.call('LLEN', KEYS[1])
"""


class RedisBackend(Backend):
    unavailable = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def __init__(self, url: str, prefix: str = "omnisim") -> None:
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self._append = self.client.register_script(_APPEND)

    def _log_key(self, session_id: str) -> str:
        return f"{self.prefix}:log:{session_id}"

    async def append(self, stream: str, first_seq: int, bodies: Sequence[str]) -> None:
        session_id, first = stream, first_seq
        result = await self._append(
            keys=[self._log_key(session_id), f"{self.prefix}:sessions"],
            args=[first - 1, session_id, *bodies],
        )
        if int(result) == -1:
            last = await self.last_seq(session_id)
            raise ConflictError(f"session {session_id}: last seq is {last}, got {first}")

    async def read(self, stream: str, after: int) -> list[str]:
        return [str(b) for b in await self.client.lrange(self._log_key(stream), after, -1)]

    async def last_seq(self, stream: str) -> int:
        return int(await self.client.llen(self._log_key(stream)))

    async def streams(self) -> list[str]:
        return [str(s) for s in await self.client.lrange(f"{self.prefix}:sessions", 0, -1)]

    async def close(self) -> None:
        await self.client.aclose()
