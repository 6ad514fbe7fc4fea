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


async def board(url: str, token: str, exam_id: str) -> tuple[socketio.AsyncClient, list]:
    sio = socketio.AsyncClient(reconnection=False)
    presence: list[dict[str, Any]] = []
    sio.on("presence", presence.append)
    auth = {"token": token, "exam": exam_id, "board": True}
    await sio.connect(url, auth=auth, transports=["websocket"])
    return sio, presence


async def test_presence_is_shared_by_the_workers_and_a_killed_workers_sockets_expire(workers):
    a, b = workers
    candidate = await connect(b.url, token=a.token("candidate"))
    who = (await candidate.join())["candidate"]
    sio, presence = await board(a.url, a.api_token, a.exam_id)  # opened later, on the other
    opening = await sio.call("join", {"all": True, "after": 0})
    assert opening["ok"] and opening["presence"][who] is True, opening["presence"]
    b.stop(kill=True)  # its socket never says goodbye: its heartbeat lapses (TTL 1.5 s)
    loop = asyncio.get_running_loop()
    killed = loop.time()
    while {"candidate": who, "online": False} not in presence:
        assert loop.time() - killed < 1.5 + 1.5, "still online after the time to live"
        await asyncio.sleep(0.05)
    again = await sio.call("join", {"all": True, "after": 0})
    assert again["presence"][who] is False
    await sio.disconnect()


async def test_members_entering_on_another_worker_while_events_flow_miss_nothing(workers):
    """Emits skip rooms with no member on any worker: a trainer entering on B while the
    owner A logs events gets every one, by push or in its backlog, and never has to ask again
    (it only applies contiguous batches and never joins a second time here)."""
    a, b = workers
    candidate = await connect(a.url, token=a.token("candidate"))
    assert (await candidate.act("start"))["ok"]
    offered = await candidate.wait_for(of_type("contact.offered"), timeout=5)
    contact = offered["payload"]["contact_id"]
    assert (await candidate.act("pickup", {"contact_id": contact}))["ok"]
    flowing = True

    async def flow() -> None:
        n = 0
        while flowing:
            reply = await candidate.act(
                "send", {"contact_id": contact, "text": f"Message {n}", "action_id": f"m{n}"}
            )
            assert reply["ok"] or reply["error"]["field"] == "type", reply  # rate limit
            n += 1
            await asyncio.sleep(0.11)

    sender = asyncio.get_running_loop().create_task(flow())
    watchers = []
    for n in range(8):  # one after another, each entering its room mid-flow
        watcher = Client(socketio.AsyncClient(reconnection=False))
        watcher.listen()
        auth = {"token": a.api_token, "exam": a.exam_id}
        await watcher.sio.connect((b.url, a.url)[n % 4 == 3], auth=auth, transports=["websocket"])
        assert (await watcher.join(0))["ok"]
        watchers.append(watcher)
        await asyncio.sleep(0.25)
    flowing = False
    await sender
    last = candidate.pos
    for _ in range(100):  # up to 5 s for the last pushes
        if all(w.pos >= last for w in watchers):
            break
        await asyncio.sleep(0.05)
    for watcher in watchers:
        got = [e["seq"] for e in watcher.events]
        assert watcher.pos == last and got == list(range(1, last + 1)), (watcher.pos, last)
        await watcher.sio.disconnect()
    await candidate.sio.disconnect()
