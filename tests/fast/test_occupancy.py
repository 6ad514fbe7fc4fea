"""Room occupancy and presence counted over workers on a real redis-server (omnisim/occupancy)."""

from __future__ import annotations

import asyncio
import uuid

from omnisim.occupancy import LocalOccupancy, RedisOccupancy


async def test_in_memory_counts_each_socket_once_and_reports_what_it_empties():
    occ = LocalOccupancy()
    assert await occ.enter("s1", "online:ex1:c1") == 1
    assert await occ.enter("s1", "online:ex1:c1") is None  # already counted
    assert await occ.enter("s2", "online:ex1:c1") == 2
    assert await occ.enter("s2", "room:ex1-c1:jury") == 1
    assert await occ.leave("s1") == []
    assert sorted(await occ.leave("s2")) == ["online:ex1:c1", "room:ex1-c1:jury"]
    assert await occ.count(["online:ex1:c1", "room:ex1-c1:jury"]) == [0, 0]


async def test_workers_share_counts_and_a_dead_workers_expire(redis_url):
    prefix = f"test-{uuid.uuid4().hex}"
    a = RedisOccupancy(redis_url, ttl=0.6, prefix=prefix)
    b = RedisOccupancy(redis_url, ttl=0.6, prefix=prefix)
    await a.start()
    await b.start()
    vacated: list[list[str]] = []

    async def heard(keys: list[str]) -> None:
        vacated.append(keys)

    b.on_vacated = heard
    assert await a.enter("sa", "online:ex1:c1") == 1
    assert await b.enter("sb", "online:ex1:c1") == 2  # the same candidate, another tab on B
    assert await a.enter("sa", "room:ex1-c1:candidate") == 1
    assert await b.count(["online:ex1:c1", "room:ex1-c1:candidate", "x"]) == [2, 1, 0]
    assert await b.leave("sb") == []  # still online through A
    assert a._task is not None
    a._task.cancel()  # A freezes (as if killed): no more heartbeats
    await asyncio.sleep(0.6 + 0.6)
    assert vacated and sorted(vacated[0]) == ["online:ex1:c1", "room:ex1-c1:candidate"]
    assert await b.count(["online:ex1:c1", "room:ex1-c1:candidate"]) == [0, 0]
    # A was only stalled: its next heartbeat finds it was reaped and counts its sockets again.
    await a.beat()
    assert await b.count(["online:ex1:c1", "room:ex1-c1:candidate"]) == [1, 1]
    assert sorted(await a.leave("sa")) == ["online:ex1:c1", "room:ex1-c1:candidate"]
    assert await b.count(["online:ex1:c1", "room:ex1-c1:candidate"]) == [0, 0]
    await a.close()
    await b.close()
