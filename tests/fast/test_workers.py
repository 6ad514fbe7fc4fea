"""Two workers sharing one real Redis (log and socket.io relay), as in docker-compose."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.keys import EXAMS, STORE
from tests.conftest import CONNECT_WAIT, open_exam
from tests.fast.conftest import Client, of_type

pytestmark = pytest.mark.redis


async def connect(port: int, token: str, **auth: Any) -> Client:
    client = Client(socketio.AsyncClient(reconnection=False))
    client.listen()

    await client.sio.connect(
        f"http://127.0.0.1:{port}",
        auth={"token": token, **auth},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    assert (await client.join(0))["ok"]
    return client


async def test_a_session_is_followed_from_another_worker(aiohttp_server, redis_url):
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)

    candidate = await connect(a.port, tokens.candidate)
    jury = await connect(b.port, tokens.jury)  # worker B rebuilds the session from Redis
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]
    sent = await candidate.act("send", {"contact_id": "c1", "text": "Votre numéro ?"})
    assert sent["ok"]
    await jury.wait_for(of_type("message.sent", text="Commande 4521, passée le 3 mars."), timeout=4)
    await asyncio.sleep(0.3)

    logged = await a.app[STORE].read(tokens.session_id)
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    # Each event was appended once (compare-and-set) and relayed once to the jury on B.
    seen = [e["seq"] for e in jury.events]
    assert len(seen) == len(set(seen))
    assert set(seen) == {e.seq for e in logged}
    customer_lines = [
        e.payload.text for e in logged if e.type == "message.sent" and e.actor == "customer"
    ]
    assert customer_lines.count("Commande 4521, passée le 3 mars.") == 1
    for client in (candidate, jury):
        await client.sio.disconnect()


async def test_a_client_dropped_again_and_again_across_two_workers_gets_every_event_once(
    aiohttp_server, redis_url
):
    """Every 1–3 s the jury's connection drops and comes back on the other worker, joining
    from its position, while the candidate keeps acting: each event arrives exactly once."""
    import random

    from omnisim.protocol.views import project_all

    settings = Settings(store=redis_url, redis=redis_url)
    workers = [await aiohttp_server(create_app(settings)) for _ in range(2)]
    tokens = await open_exam(workers[0].app)
    candidate = await connect(workers[0].port, tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    rng = random.Random(12)
    stop = asyncio.Event()

    async def keep_acting() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            await candidate.act("draft", {"field": "reply:x", "text": f"brouillon {n}"})
            await asyncio.sleep(0.05)

    acting = asyncio.create_task(keep_acting())
    received: list[dict[str, Any]] = []
    position, drops = 0, 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 20
    while loop.time() < deadline:
        worker = workers[drops % 2]
        jury = Client(socketio.AsyncClient(reconnection=False))
        jury.listen()
        await jury.sio.connect(
            f"http://127.0.0.1:{worker.port}",
            auth={"token": tokens.jury},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
        assert (await jury.join(position))["ok"]
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        await jury.sio.disconnect()  # whatever was in flight is lost with the connection
        received += jury.events
        position = jury.pos
        drops += 1
    stop.set()
    await acting
    last = Client(socketio.AsyncClient(reconnection=False))
    last.listen()
    await last.sio.connect(
        f"http://127.0.0.1:{workers[1].port}",
        auth={"token": tokens.jury},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    assert (await last.join(position))["ok"]
    received += last.events
    await last.sio.disconnect()
    await candidate.sio.disconnect()

    logged = await workers[0].app[STORE].read(tokens.session_id)
    expected = [e["seq"] for e in project_all("jury", logged)]
    seqs = [e["seq"] for e in received]
    assert drops >= 6 and len(expected) > 100
    assert seqs == expected  # every event once, in order, nothing lost, nothing twice


async def test_only_the_owner_ticks_and_a_followers_commands_are_forwarded(
    aiohttp_server, redis_url
):
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)
    candidate = await connect(b.port, tokens.candidate)  # on the worker that does not own it
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    sent = await candidate.act("pickup", {"contact_id": "c1"})
    assert sent["ok"]
    exam_a = await a.app[EXAMS].get(tokens.exam_id)
    exam_b = await b.app[EXAMS].get(tokens.exam_id)
    assert exam_a.owned and not exam_b.owned
    assert len(a.app[EXAMS].scheduler) == 1 and len(b.app[EXAMS].scheduler) == 0
    logged = await a.app[STORE].read(tokens.session_id)
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    assert sent["seq"][0] in {e.seq for e in logged}
    # An exam-wide command from the worker that does not own the exam is carried out by A.
    trainer = await connect(b.port, tokens.trainer, exam=tokens.exam_id)
    assert (await trainer.act("pause"))["ok"]
    await trainer.wait_for(of_type("session.paused"), timeout=3)
    assert exam_a.state.status == "paused"
    assert (await trainer.act("pause"))["ok"] is False  # refused by the owner, said by B
    await candidate.sio.disconnect()
    await trainer.sio.disconnect()


async def test_a_deposed_owner_can_no_longer_append(aiohttp_server, redis_url):
    """The owner stops renewing (frozen, partitioned): once its lease lapses another worker
    takes the exam with a higher epoch, and the old owner's late append is refused."""
    from omnisim import events as ev
    from omnisim.events import Draft
    from omnisim.store import Fenced

    settings = Settings(store=redis_url, redis=redis_url, lease_ttl=1.0)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)
    exam_a = await a.app[EXAMS].get(tokens.exam_id)
    runtime_a = await exam_a.attempt("c1")
    old_epoch = exam_a.epoch
    for task in a.app[EXAMS].owners._tasks:  # worker A freezes: no renewal, no listening
        task.cancel()
    await asyncio.sleep(1.3)  # the lease lapses

    candidate = await connect(b.port, tokens.candidate)
    assert (await candidate.act("start"))["ok"]  # B takes the exam over and decides
    exam_b = await b.app[EXAMS].get(tokens.exam_id)
    assert exam_b.owned and exam_b.epoch > old_epoch
    before = await a.app[STORE].last_seq(tokens.session_id)
    with pytest.raises(Fenced):
        await runtime_a.record([Draft("system", ev.SessionPaused("trainer"))])
    assert await a.app[STORE].last_seq(tokens.session_id) >= before
    logged = await a.app[STORE].read(tokens.session_id)
    assert not any(e.type == "session.paused" for e in logged)
    await candidate.sio.disconnect()


async def test_a_follower_trusts_the_owner_it_found_and_routes_again_once_it_moved(
    aiohttp_server, redis_url
):
    """Forwarded actions cost no lease round trip while the owner is trusted; an owner
    that gave the exam up refuses before doing anything, and the follower routes afresh."""
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)
    owners_b = b.app[EXAMS].owners
    asked: list[str] = []
    owner_of = owners_b.owner_of

    async def counted(exam_id: str) -> str | None:  # the real look-up, counted
        asked.append(exam_id)
        return await owner_of(exam_id)

    owners_b.owner_of = counted
    candidate = await connect(b.port, tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    for n in range(5):
        assert (await candidate.act("draft", {"field": "note", "text": f"n {n}"}))["ok"]
    assert len(asked) == 1  # found once, trusted for the next forwards

    exam_a = await a.app[EXAMS].get(tokens.exam_id)
    await a.app[EXAMS].retire(exam_a)  # A gives the exam up: its lease is released…
    c = await aiohttp_server(create_app(settings))
    assert (await c.app[EXAMS].get(tokens.exam_id)).owned  # … and C takes it
    again = await candidate.act("draft", {"field": "note", "text": "après"})
    assert again["ok"], again  # A refused (not its own any more); B asked again, C did it
    assert len(asked) == 2
    assert not (await a.app[EXAMS].get(tokens.exam_id)).owned
    logged = await c.app[STORE].read(tokens.session_id)
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    assert sum(1 for e in logged if e.type == "draft.saved") == 6
    await candidate.sio.disconnect()
