"""Each worker's copy of the room counts summed over the workers, so that a push asks no one.

Asking Redis which rooms have members before each push cost a round trip per action. The
occupancy scripts (omnisim/web/socket/occupancy.py) change the counts and, in the same
script, number the change (``<prefix>:occupancy:version``) and publish the new sums of the
keys it touched on one channel. Every worker subscribes, reads a snapshot with its version
(atomically), then applies each later change in order: the copy is what Redis holds, one
pub/sub hop late. A change it missed (a version skipped, the subscription lost) takes a new
snapshot; until then the copy is unsure and the feed relays everything, as when Redis is down.
The channel is heard through omnisim/live/listener.py, which subscribes again after a lost
link; each new subscription reads a new snapshot.

A hop late is safe in one direction only: a copy that still counts a member who left costs
a useless relay, but one that has not heard of a member who came would skip a push that
member's backlog read did not hold. So a socket that is a worker's first in a room
(``fenced`` changes) waits, before it reads its backlog, until every other live worker
says it has applied that change (an ``ack`` on the same channel): a later append on any
worker is pushed to it. Later members of that room on that worker need no wait: the others
already relay the room to this worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from typing import Any

import redis.asyncio as aioredis

from omnisim.live.listener import Listener
from omnisim.store import StoreUnavailable

log = logging.getLogger(__name__)

# The sums and their version, read together.
SNAPSHOT = """
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('HGETALL', KEYS[2])}
"""


def digest(counts: dict[str, int]) -> str:
    """A short fingerprint of counts (for /healthz: workers agreeing without naming rooms)."""
    held = sorted((key, n) for key, n in counts.items() if n > 0)
    return hashlib.sha256(json.dumps(held).encode()).hexdigest()[:16]


class Mirror:
    """The sums of every live worker's counts, as the occupancy channel tells them."""

    def __init__(
        self, client: aioredis.Redis, worker: str, channel: str, version: str, total: str
    ) -> None:
        self.client = client
        self.worker = worker
        self.channel, self.version_key, self.total = channel, version, total
        self.counts: dict[str, int] = {}
        self.version = 0  # the last change applied
        self.ready = False  # caught up since the last subscription
        self.acked: dict[str, int] = {}  # worker -> the last change it said it applied
        self.resyncs = 0  # snapshots taken after a missed change (for tests and logs)
        self._heard = asyncio.Condition()
        self._snapshot = client.register_script(SNAPSHOT)
        # Heard before the first snapshot: applied after it, in order.
        self._early: list[str] | None = []
        # Subscribed again after a lost link: read everything again before listening.
        self.listener = Listener(client, channel, self._said, "occupancy", self._catch_up)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Subscribed, then caught up, before the worker counts or pushes anything."""
        self._task = asyncio.get_running_loop().create_task(
            self.listener.run(), name="omnisim-occupancy-mirror"
        )
        await self.listener.started()
        await self._catch_up()
        while self._early:
            await self._apply(self._early.pop(0))
        self._early = None

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def healthy(self) -> bool:
        return self.ready and self.listener.listening

    def get(self, keys: list[str]) -> list[int]:
        """The sums now, from memory; StoreUnavailable while the copy may be wrong."""
        if not self.healthy():
            raise StoreUnavailable("occupancy: copy of the counts not caught up")
        return [self.counts.get(key, 0) for key in keys]

    def described(self) -> dict[str, Any]:
        return {"version": self.version, "digest": digest(self.counts), "ready": self.healthy()}

    async def fenced(self, version: int, workers: list[str], patience: float) -> bool:
        """Wait until each of ``workers`` applied change ``version``; False after ``patience``
        seconds (a worker dead but not yet reaped never answers: its sockets are gone)."""

        def done() -> bool:
            return all(self.acked.get(w, 0) >= version for w in workers)

        try:
            async with asyncio.timeout(patience), self._heard:
                await self._heard.wait_for(done)
        except TimeoutError:
            missing = [w for w in workers if self.acked.get(w, 0) < version]
            log.warning("occupancy: change %s not acknowledged by %s", version, missing)
            return False
        return True

    # -- the channel ---------------------------------------------------------------------
    async def _catch_up(self) -> None:
        """The sums and their version, read together (after subscribing: nothing is missed)."""
        self.ready = False
        version, flat = await self._snapshot(keys=[self.version_key, self.total])
        self.counts = {str(flat[i]): int(flat[i + 1]) for i in range(0, len(flat), 2)}
        self.version = int(version)
        self.ready = True

    async def _said(self, data: str) -> None:
        if self._early is not None:
            self._early.append(data)
        else:
            await self._apply(data)

    async def _apply(self, data: str) -> None:
        said = json.loads(data)
        if "ack" in said:
            async with self._heard:
                worker = str(said["ack"])
                self.acked[worker] = max(self.acked.get(worker, 0), int(said["v"]))
                self._heard.notify_all()
            return
        version = int(said["v"])
        if version == self.version + 1:
            fields = said.get("f") or []  # cjson writes an empty list as {}
            for i in range(0, len(fields), 2):
                if int(fields[i + 1]) > 0:
                    self.counts[str(fields[i])] = int(fields[i + 1])
                else:
                    self.counts.pop(str(fields[i]), None)
            self.version = version
        elif version > self.version:  # a change was missed: read them all again
            self.resyncs += 1
            await self._catch_up()
        if said.get("fence") and said.get("w") != self.worker:  # applied, or in the snapshot
            ack = {"ack": self.worker, "v": self.version}
            await self.client.publish(self.channel, json.dumps(ack))
