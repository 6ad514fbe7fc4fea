"""A worker with more lease and forwarding commands in flight than its Redis pool holds makes
them wait for a connection instead of failing ("Too many connections" answered candidates an
internal error under load, bench/load.py --workers 2 --placement split at 200)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from omnisim.live.owners import MAX_CONNECTIONS, OwnerGone, Owners
from tests.server.test_faults_redis import Redis

pytestmark = [pytest.mark.server, pytest.mark.redis]


async def unused_handler(body: dict[str, Any]) -> dict[str, Any]:
    return {}  # nothing is forwarded to this worker


async def unused_lost(exam_id: str) -> None:
    return None


async def test_more_commands_in_flight_than_connections_all_get_their_answer(tmp_path):
    redis = Redis(tmp_path)
    await redis.start()
    owners = Owners(redis.url, prefix="pool-test")
    try:
        await owners.start(unused_handler, unused_lost)
        n = MAX_CONNECTIONS * 3
        epochs = await asyncio.gather(*(owners.claim(f"ex{i:04x}") for i in range(n)))
        assert all(epoch == 1 for epoch in epochs)
        found = await asyncio.gather(*(owners.owner_of(f"ex{i:04x}") for i in range(n)))
        assert set(found) == {owners.worker}
        await redis.stop()  # a forward over a dead link is the owner gone, a refusal
        with pytest.raises(OwnerGone):
            await owners.forward("someone-else", {"kind": "draft"})
    finally:
        await owners.close()
        await redis.stop()
