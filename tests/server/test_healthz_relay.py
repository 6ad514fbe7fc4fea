"""A fresh worker on Redis is healthy before any socket connects: its relay listens from the start.

python-socketio starts its Redis manager's listener at the first connection; /healthz
reports a missing listener as down, so a worker nobody had reached yet answered 503
and a health check would never have put it in.
"""

from __future__ import annotations

import asyncio

import pytest

from omnisim.settings import Settings
from omnisim.web.app import create_app
from tests.server.test_faults_redis import Redis

pytestmark = [pytest.mark.server, pytest.mark.redis]


async def test_a_worker_on_redis_is_healthy_before_its_first_socket(
    aiohttp_server, aiohttp_client, tmp_path
):
    redis = Redis(tmp_path)
    await redis.start()
    try:
        worker = await aiohttp_server(create_app(Settings(store=redis.url, redis=redis.url)))
        http = await aiohttp_client(worker)
        answer = await http.get("/healthz")
        assert answer.status == 200, await answer.text()
        said = await answer.json()
        assert said["ok"] is True and said["problems"] == [], said
        assert said["rooms"]["ready"] is True  # its copy of the room counts caught up
        await redis.stop()  # and the listener's death is still seen
        loop = asyncio.get_running_loop()
        until = loop.time() + 10
        while (await http.get("/healthz")).status != 503:
            assert loop.time() < until, "healthz never saw Redis go away"
            await asyncio.sleep(0.2)
    finally:
        await redis.stop()
