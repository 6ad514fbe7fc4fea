"""The exam-day topology without Docker: redis-server, two `omnisim serve` workers on two ports.

Clients are spread across the workers by hand (nginx is not needed for what is checked:
the relay, the one owner per exam, and a worker killed with kill -9).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from tests.conftest import Client, of_type
from tests.server.test_faults_redis import Redis

pytestmark = [pytest.mark.server, pytest.mark.redis]


async def connect(url: str, **auth: Any) -> Client:
    client = Client(socketio.AsyncClient(reconnection=False))
    client.listen()
    await client.sio.connect(url, auth=auth, transports=["websocket"])
    assert (await client.join(0))["ok"]
    return client


@pytest.fixture
async def workers(server, tmp_path, monkeypatch):
    redis = Redis(tmp_path)  # its own: the demo exam opens for the store's first trainer
    await redis.start()
    monkeypatch.setenv("OMNISIM_REDIS", redis.url)
    monkeypatch.setenv("OMNISIM_LEASE_TTL", "1.5")
    a = await server.start(redis.url, trainer=True)  # opens the demo exam: it owns it
    b = await server.start(redis.url, with_deck=False)
    yield a, b
    for worker in (a, b):
        await asyncio.to_thread(worker.stop)
    await redis.stop()


async def test_a_trainer_on_worker_a_sees_a_candidate_on_worker_b_live(workers):
    a, b = workers
    trainer = await connect(a.url, token=a.api_token, exam=a.exam_id)
    candidate = await connect(b.url, token=a.token("candidate"))
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=5)
    sent = await candidate.act("pickup", {"contact_id": "tchat-livraison"})
    assert sent["ok"], sent
    picked = await trainer.wait_for(of_type("contact.picked_up"), timeout=5)
    assert picked["seq"] == sent["seq"][0]
    for client in (trainer, candidate):
        await client.sio.disconnect()


async def test_the_owner_killed_after_an_ack_loses_nothing_and_the_other_worker_takes_over(
    workers,
):
    a, b = workers
    candidate = await connect(b.url, token=a.token("candidate"))
    trainer = await connect(a.url, token=a.api_token, exam=a.exam_id)
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=5)
    acked = await candidate.act("pickup", {"contact_id": "tchat-livraison"})
    assert acked["ok"]
    a.stop(kill=True)  # the owner dies right after acknowledging (through B) the pickup
    seqs = list(acked["seq"])
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    n = 0
    while loop.time() < deadline and n < 3:  # refused while the lease lives, then B decides
        reply = await candidate.act(
            "send",
            {"contact_id": "tchat-livraison", "text": "Votre numéro ?", "action_id": f"s{n}"},
        )
        if reply["ok"]:
            seqs += reply["seq"]
            n += 1
        else:
            assert reply["error"]["field"] in ("store", "type"), reply
            await asyncio.sleep(0.3)
    assert n == 3, "the surviving worker never took the exam over"
    await trainer.sio.disconnect()
    again = Client(socketio.AsyncClient(reconnection=False))  # the trainer comes back on B
    again.listen()
    await again.sio.connect(
        b.url, auth={"token": a.api_token, "exam": a.exam_id}, transports=["websocket"]
    )
    position = trainer.pos
    again.events = list(trainer.events)
    assert (await again.join(position))["ok"]
    await again.wait_for(lambda e: e["seq"] >= max(seqs), timeout=5)
    got = [e["seq"] for e in again.events]
    assert got == sorted(set(got))  # no duplicate, in order
    assert set(seqs) <= set(got)  # every acknowledged event is there
    assert got == list(range(1, len(got) + 1))  # a trainer sees every event: none missing
    for client in (again, candidate):
        await client.sio.disconnect()
