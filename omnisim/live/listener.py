"""One Redis channel heard for a worker's life, subscribed again after Redis restarts.

The owners hear the commands other workers forward (omnisim/live/owners.py), the credentials
hear revocations (omnisim/web/socket/credentials.py). Pub/sub keeps nothing for a listener
that was away: ``resubscribed`` is told each time the link comes back, so that its owner
can look again at what may have been said meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import redis.asyncio as aioredis
import redis.exceptions

log = logging.getLogger(__name__)

FIRST_DELAY = 0.1  # seconds before subscribing again, doubled at each failure
LAST_DELAY = 2.0
READY_SECONDS = 2.0  # how long started() waits for the first subscription


class Listener:
    """Hears ``channel`` and hands each message's data to ``heard``, in order."""

    def __init__(
        self,
        client: aioredis.Redis,
        channel: str,
        heard: Callable[[str], Awaitable[object]],
        name: str,
        resubscribed: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.client, self.channel, self.name = client, channel, name
        self.heard, self.resubscribed = heard, resubscribed
        self.listening = False  # subscribed right now (for /healthz)

    async def run(self) -> None:
        """Listen until cancelled; after a lost link, subscribe again with a growing delay."""
        delay = FIRST_DELAY
        while True:
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.channel)
                if delay > FIRST_DELAY and self.resubscribed is not None:
                    await self.resubscribed()
                self.listening, delay = True, FIRST_DELAY
                async for message in pubsub.listen():
                    await self.heard(str(message["data"]))
            except (redis.exceptions.RedisError, OSError) as exc:
                log.warning("%s: Redis link lost (%s), resubscribing", self.name, exc)
            finally:
                self.listening = False
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_DELAY)

    async def started(self) -> None:
        """Wait (up to READY_SECONDS) for the first subscription: what is said is then heard."""
        for _ in range(round(READY_SECONDS / 0.02)):
            if self.listening:
                return
            await asyncio.sleep(0.02)
