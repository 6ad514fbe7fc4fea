"""Redis restarted mid-exam: refusals with a reason meanwhile, nothing acknowledged lost.

Its own redis-server (AOF, fsync always) on a free loopback port, stopped and started
again on the same data directory while a candidate acts on a worker.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import pytest
import socketio

from omnisim.settings import Settings
from omnisim.web.app import create_app
from tests.conftest import CONNECT_WAIT, Client, free_port, open_exam, wait_for_port
from tests.fast.conftest import of_type

pytestmark = [pytest.mark.server, pytest.mark.redis]


class Redis:
    def __init__(self, workdir: Path, appendonly: str = "yes") -> None:
        self.port, self.workdir, self.appendonly = free_port(), workdir, appendonly
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.proc = await asyncio.to_thread(
            subprocess.Popen,
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.workdir),
                "--save",
                "",
                "--appendonly",
                self.appendonly,
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await asyncio.to_thread(wait_for_port, self.port)

    async def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # a crash, not a clean shutdown
            await asyncio.to_thread(self.proc.wait, 10)


@pytest.fixture
async def redis(tmp_path):
    server = Redis(tmp_path)
    await server.start()
    yield server
    await server.stop()


async def test_a_redis_restart_mid_exam_loses_nothing_acknowledged(
    aiohttp_server, aiohttp_client, redis
):
    settings = Settings(store=redis.url, redis=redis.url)
    worker = await aiohttp_server(create_app(settings))
    tokens = await open_exam(worker.app)
    candidate = Client(socketio.AsyncClient(reconnection=False))
    candidate.listen()
    await candidate.sio.connect(
        f"http://127.0.0.1:{worker.port}",
        auth={"token": tokens.candidate, "lang": "en"},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    assert (await candidate.join(0))["ok"]
    trainer = Client(socketio.AsyncClient(reconnection=False))
    trainer.listen()
    await trainer.sio.connect(
        f"http://127.0.0.1:{worker.port}",
        auth={"token": tokens.trainer, "exam": tokens.exam_id, "lang": "en"},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    assert (await trainer.join(0))["ok"]
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    acked: list[int] = []
    reply = await candidate.act("pickup", {"contact_id": "c1"})
    acked += reply["seq"]

    await redis.stop()
    down = await trainer.act("pause")
    assert down["ok"] is False and down["error"]["field"] == "store", down
    assert "unavailable" in down["error"]["reason"]
    refused = await candidate.act("draft", {"field": "reply:x", "text": "pendant la panne"})
    assert refused["ok"] is False and refused["error"]["field"] == "store"
    http = await aiohttp_client(worker)
    assert (await http.get("/healthz")).status == 503

    await redis.start()  # same port, same AOF
    deadline = asyncio.get_running_loop().time() + 10
    while True:
        reply = await candidate.act("draft", {"field": "reply:x", "text": "après la panne"})
        if reply["ok"]:
            acked += reply["seq"]
            break
        assert asyncio.get_running_loop().time() < deadline, reply
        await asyncio.sleep(0.3)
    while (await http.get("/healthz")).status != 200:  # every listener subscribed again
        assert asyncio.get_running_loop().time() < deadline + 5
        await asyncio.sleep(0.3)
    from omnisim.web.keys import STORE

    logged = await worker.app[STORE].read(tokens.session_id)
    seqs = [e.seq for e in logged]
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(acked) <= set(seqs)
    assert not any(e.type == "draft.saved" and e.payload.text == "pendant la panne" for e in logged)
    # The trainer, reconnected, follows again with no gap and no duplicate.
    await trainer.sio.disconnect()
    again = Client(
        socketio.AsyncClient(reconnection=False), events=list(trainer.events), pos=trainer.pos
    )
    again.listen()
    await again.sio.connect(
        f"http://127.0.0.1:{worker.port}",
        auth={"token": tokens.trainer, "exam": tokens.exam_id},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    assert (await again.join())["ok"]
    got = [e["seq"] for e in again.events]
    assert got == sorted(set(got)) and set(acked) <= set(got)
    for client in (again, candidate):
        await client.sio.disconnect()


async def test_a_redis_without_aof_is_refused_at_start_up(aiohttp_server, tmp_path):
    from omnisim.store.redis_store import NotDurable

    server = Redis(tmp_path, appendonly="no")
    await server.start()
    try:
        with pytest.raises(NotDurable, match="appendonly"):
            await aiohttp_server(create_app(Settings(store=server.url, redis=server.url)))
    finally:
        await server.stop()
