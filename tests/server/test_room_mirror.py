"""Each worker's copy of the room counts (omnisim/web/socket/mirror.py) against Redis's sums,
on two real workers and a real redis-server: after joins, leaves, disconnects, and a worker
killed with kill -9. A push reads only that copy, so a copy that lags or drifts loses pushes.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis

from omnisim.web.socket.mirror import digest
from tests.conftest import of_type
from tests.server.test_topology import connect, workers  # noqa: F401  (the two workers)

pytestmark = [pytest.mark.server, pytest.mark.redis]


async def in_redis() -> tuple[int, dict[str, int]]:
    """The sums of every worker's counts as Redis holds them, and their version."""
    client = aioredis.Redis.from_url(os.environ["OMNISIM_REDIS"], decode_responses=True)
    try:
        version = int(await client.get("omnisim:occupancy:version") or 0)
        total = {k: int(n) for k, n in (await client.hgetall("omnisim:occupancy")).items()}
        return version, {k: n for k, n in total.items() if n > 0}
    finally:
        await client.aclose()


async def copies(http: aiohttp.ClientSession, urls: list[str]) -> list[dict[str, Any]]:
    said = []
    for url in urls:
        async with http.get(url + "/healthz") as r:
            said.append((await r.json())["rooms"])
    return said


async def agreed(urls: list[str], timeout: float = 4.0) -> dict[str, int]:
    """Wait until every worker's copy is Redis's sums at Redis's version; those sums."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            version, total = await in_redis()
            held = await copies(http, urls)
            wanted = {"version": version, "digest": digest(total), "ready": True}
            if all(h == wanted for h in held):
                return total
            assert loop.time() < deadline, (held, wanted, total)
            await asyncio.sleep(0.05)


def rooms(total: dict[str, int], part: str) -> dict[str, int]:
    return {k: n for k, n in total.items() if k.startswith("room:") and part in k}


async def test_each_workers_copy_of_the_room_counts_follows_joins_leaves_and_a_death(workers):  # noqa: F811
    a, b = workers
    urls = [a.url, b.url]
    assert await agreed(urls) == {}

    # Joins on B, the worker that does not own the exam: B's first member of each room.
    first = await connect(b.url, token=a.token("candidate"))
    who = (await first.join())["candidate"]
    total = await agreed(urls)
    (desk,) = rooms(total, ":candidate").items()
    assert desk[1] == 1 and total[f"online:{a.exam_id}:{who}"] == 1
    second = await connect(b.url, token=a.token("candidate"))  # the same desk, a second tab
    total = await agreed(urls)
    assert total[desk[0]] == 2
    trainer = await connect(a.url, token=a.api_token, exam=a.exam_id)  # on the owner
    total = await agreed(urls)
    assert rooms(total, ":trainer") and total[desk[0]] == 2

    # A push from the owner reaches B's desks (A's copy says the room has members on B).
    assert (await first.act("start"))["ok"]
    await second.wait_for(of_type("contact.offered"), timeout=5)

    # A tab closed (a socket leaves its rooms by disconnecting): counted down everywhere.
    await second.sio.disconnect()
    total = await agreed(urls)
    assert total[desk[0]] == 1 and total[f"online:{a.exam_id}:{who}"] == 1
    await trainer.sio.disconnect()
    total = await agreed(urls)
    assert not rooms(total, ":trainer")

    # B dies with its socket connected: once its heartbeat lapses, A reaps it and both
    # Redis and A's copy forget its rooms.
    console = await connect(b.url, token=a.api_token, exam=a.exam_id)
    assert rooms(await agreed(urls), ":trainer")
    await asyncio.to_thread(b.stop, True)
    loop = asyncio.get_running_loop()
    killed = loop.time()
    while (await in_redis())[1]:
        assert loop.time() - killed < 1.5 + 3, "B's counts outlived its heartbeat"
        await asyncio.sleep(0.1)
    assert await agreed([a.url]) == {}
    for client in (first, console):
        await client.sio.disconnect()
