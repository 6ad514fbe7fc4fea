"""Room occupancy and presence counted over workers on a real redis-server (omnisim/occupancy)."""

from __future__ import annotations

import asyncio
import uuid

import aiohttp
import socketio

from omnisim.exams.streams import grading_stream
from omnisim.settings import Settings

# The app's page modules, imported at collection rather than in the served loop's setup.
from omnisim.web import app  # noqa: F401
from omnisim.web.app import create_app
from omnisim.web.keys import GATEWAY
from omnisim.web.socket.occupancy import LocalOccupancy, RedisOccupancy
from tests.conftest import CONNECT_WAIT, open_exam
from tests.fast.conftest import Client, of_type


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


async def test_with_the_redis_relay_only_rooms_with_a_member_somewhere_are_published(
    aiohttp_server, redis_url
):
    async def connect(port: int, token: str) -> Client:
        client = Client(socketio.AsyncClient(reconnection=False))
        client.listen()
        url = f"http://127.0.0.1:{port}"
        await client.sio.connect(
            url, auth={"token": token}, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        assert (await client.join(0))["ok"]
        return client

    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)  # A owns the exam: it logs and publishes
    emits = a.app[GATEWAY].feed.emits
    candidate = await connect(a.port, tokens.candidate)
    jury = await connect(b.port, tokens.jury)  # the jury's room has its member on B only
    assert (await candidate.act("start"))["ok"]
    offered = await candidate.wait_for(of_type("contact.offered"), timeout=3)
    before = dict(emits)
    picked = await candidate.act("pickup", {"contact_id": offered["payload"]["contact_id"]})
    assert picked["ok"]
    for _ in range(150):  # relayed to B
        if jury.pos >= picked["seq"][-1]:
            break
        await asyncio.sleep(0.02)
    assert jury.pos >= picked["seq"][-1]
    # A hears its own relayed pushes back from Redis and drops them undecoded (relay.py).
    for _ in range(100):
        if a.app[GATEWAY].sio.manager.echoes:
            break
        await asyncio.sleep(0.02)
    assert a.app[GATEWAY].sio.manager.echoes >= 1
    # The pickup's batch: candidate (A) and jury (B) rooms sent; trainer and board skipped.
    assert emits["sent"] - before.get("sent", 0) >= 2
    assert emits["skipped"] - before.get("skipped", 0) >= 2
    await jury.sio.disconnect()
    await asyncio.sleep(0.3)
    before = dict(emits)
    contact = offered["payload"]["contact_id"]
    sent = await candidate.act("send", {"contact_id": contact, "text": "Votre numéro ?"})
    assert sent["ok"], sent
    for _ in range(150):  # its own batch, pushed back (some events it may not see)
        if candidate.pos >= sent["seq"][-1]:
            break
        await asyncio.sleep(0.02)
    assert candidate.pos >= sent["seq"][-1]
    batches = emits["sent"] - before["sent"]  # the candidate's room alone, once per batch
    assert batches >= 1 and emits["skipped"] - before["skipped"] == 3 * batches
    await candidate.sio.disconnect()


async def test_the_grading_stream_is_published_like_the_others_skipped_while_nobody_follows_it(
    aiohttp_server, redis_url
):
    """A jury member's room of the grading stream goes through the same occupancy check as
    every room: skipped while nobody holds it, reached on another worker once joined."""
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app)  # A owns the exam: it logs and publishes the grading
    stream = grading_stream(tokens.exam_id)
    emits = a.app[GATEWAY].feed.emits
    head = {"Authorization": f"Bearer {tokens.jury}"}
    async with aiohttp.ClientSession(f"http://127.0.0.1:{a.port}") as http:

        async def comment(text: str) -> int:
            body = {"candidate_id": "c1", "text": text}
            async with http.post("/api/grading/comment", json=body, headers=head) as r:
                assert r.status == 201, await r.json()
                return int((await r.json())["seq"][-1])

        # The first comment records the attempt's proposals before it (grade.proposed, for
        # the results): counted from the second on, one append is one publication.
        await comment("Avis préalable")
        before = dict(emits)
        await comment("Premier avis")
        # One room follows the grading stream (the only jury member's), and nobody holds it.
        assert emits["skipped"] - before.get("skipped", 0) == 1
        assert emits["sent"] - before.get("sent", 0) == 0
        jury = Client(socketio.AsyncClient(reconnection=False))
        jury.listen()
        url = f"http://127.0.0.1:{b.port}"
        await jury.sio.connect(
            url, auth={"token": tokens.jury}, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        joined = await jury.act("join", {"stream": stream, "last_seq": 0})
        assert joined["ok"] and joined["stream"] == stream and joined["more"] is False, joined
        jury.take(joined)
        before = dict(emits)
        seq = await comment("Second avis")
        for _ in range(150):  # published by A, relayed to the member's room on B
            if jury.pos >= seq:
                break
            await asyncio.sleep(0.02)
        assert jury.pos == seq and "Second avis" in repr(jury.events)
        assert emits["sent"] - before.get("sent", 0) == 1
        assert emits["skipped"] - before.get("skipped", 0) == 0
        assert emits["local"] - before.get("local", 0) == 0  # its member is on B: relayed
        await jury.sio.disconnect()


async def test_each_workers_copy_follows_the_sums_and_a_first_member_is_known_to_all(redis_url):
    """The copies a push reads (mirror.py): a worker's first member of a room returns from
    ``enter`` only once every other worker's copy counts it; later changes arrive one hop
    late; a reaped worker's counts leave every copy; a missed change brings a new snapshot."""
    prefix = f"test-{uuid.uuid4().hex}"
    a = RedisOccupancy(redis_url, ttl=0.6, prefix=prefix)
    b = RedisOccupancy(redis_url, ttl=0.6, prefix=prefix)
    await a.start()
    await b.start()
    room, other = "room:ex1-c1:candidate", "room:ex1-c2:candidate"

    async def settled(occ: RedisOccupancy, keys: list[str], want: list[int]) -> None:
        for _ in range(100):
            if occ.everywhere(keys) == want:
                return
            await asyncio.sleep(0.02)
        assert occ.everywhere(keys) == want

    assert await a.enter("sa", room, fence=True) == 1
    assert b.everywhere([room]) == [1]  # no wait: B acknowledged it before enter returned
    assert await b.enter("sb", room, fence=True) == 2
    assert a.everywhere([room]) == [2]
    assert await a.enter("sa2", room, fence=True) == 3  # not A's first: no wait
    await settled(b, [room], [3])
    await a.leave("sa2")
    await b.leave("sb")
    await settled(b, [room], [1])
    await settled(a, [room], [1])
    # A change B never heard (its message lost): the next one shows the gap, B reads again.
    await a.client.incr(a.version)
    assert await a.enter("sa", other) == 1
    await settled(b, [room, other], [1, 1])
    assert b.mirror.resyncs == 1 and b.mirror.version == a.mirror.version
    assert a._task is not None
    a._task.cancel()  # A freezes: reaped by B, its counts leave B's copy
    await settled(b, [room, other], [0, 0])
    assert b.described() == a.described()  # A's copy heard the reaping too
    await a.close()
    await b.close()
