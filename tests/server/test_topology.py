"""The exam-day topology without Docker: redis-server, two `omnisim serve` workers on two ports.

Clients are spread across the workers by hand (nginx is not needed for what is checked:
the relay, the one owner per exam, and a worker killed with kill -9).
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

import aiohttp
import pytest
import redis.asyncio as aioredis
import socketio

from tests.conftest import CONNECT_WAIT, Client, of_type
from tests.server.test_faults_redis import Redis

pytestmark = [pytest.mark.server, pytest.mark.redis]


async def connect(url: str, **auth: Any) -> Client:
    client = Client(socketio.AsyncClient(reconnection=False))
    client.listen()
    await client.sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    assert (await client.join(0))["ok"]
    return client


@pytest.fixture
async def workers(server, tmp_path, monkeypatch):
    redis = Redis(tmp_path)  # its own: the demo exam opens for the store's first trainer
    await redis.start()
    monkeypatch.setenv("OMNISIM_REDIS", redis.url)
    monkeypatch.setenv("OMNISIM_LEASE_TTL", "1.5")
    # A opens the demo exam, so it owns it: the exam is the store's first trainer's, who is
    # made first. Then, as on an exam day, both workers start at once (B opens none), while
    # the trainer's API token is issued on the shared store.
    a = server.process(redis.url)
    await asyncio.to_thread(a.add_account)
    _, b, a.api_token = await asyncio.gather(
        asyncio.to_thread(a.start),
        server.start(redis.url, with_deck=False),
        asyncio.to_thread(a.issue_token),
    )
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
    sent = await candidate.act("pickup", {"contact_id": "c1"})
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
    acked = await candidate.act("pickup", {"contact_id": "c1"})
    assert acked["ok"]
    a.stop(kill=True)  # the owner dies right after acknowledging (through B) the pickup
    seqs = list(acked["seq"])
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    n = 0
    while loop.time() < deadline and n < 3:  # refused while the lease lives, then B decides
        reply = await candidate.act(
            "send",
            {"contact_id": "c1", "text": "Votre numéro ?", "action_id": f"s{n}"},
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
        b.url,
        auth={"token": a.api_token, "exam": a.exam_id},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
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
    await sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
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


async def on_a_contact(url: str, token: str) -> tuple[Client, str]:
    """A candidate connected to ``url``, started and on the first contact offered."""
    candidate = await connect(url, token=token)
    assert (await candidate.act("start"))["ok"]
    offered = await candidate.wait_for(of_type("contact.offered"), timeout=5)
    contact = offered["payload"]["contact_id"]
    assert (await candidate.act("pickup", {"contact_id": contact}))["ok"]
    return candidate, contact


async def publishes() -> int:
    client = aioredis.Redis.from_url(os.environ["OMNISIM_REDIS"], decode_responses=True)
    try:
        stats = await client.info("commandstats")
        return int(stats.get("cmdstat_publish", {}).get("calls", 0))
    finally:
        await client.aclose()


async def test_a_room_held_on_its_owner_alone_is_not_relayed_and_one_held_elsewhere_is(workers):
    """A push to a room whose members are all on this worker goes out here, without the
    Redis relay (which would wake every other worker for nothing); as soon as a member of
    that stream is on another worker, the pushes are relayed, and arrive there."""
    a, b = workers
    candidate, contact = await on_a_contact(a.url, a.token("candidate"))
    before, seq = await publishes(), candidate.pos
    for n in range(3):
        said = {"contact_id": contact, "text": f"Un instant {n}", "action_id": f"l{n}"}
        assert (await candidate.act("send", said))["ok"]
        await asyncio.sleep(0.12)
    assert candidate.pos > seq
    assert await publishes() == before, "pushes to the owner's own rooms went through Redis"

    trainer = Client(socketio.AsyncClient(reconnection=False))
    trainer.listen()
    auth = {"token": a.api_token, "exam": a.exam_id}
    await trainer.sio.connect(b.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    assert (await trainer.join(0))["ok"]
    before = await publishes()
    said = {"contact_id": contact, "text": "Je reviens vers vous.", "action_id": "l-relayed"}
    assert (await candidate.act("send", said))["ok"]
    await trainer.wait_for(lambda e: e["payload"].get("text") == said["text"], timeout=5)
    assert await publishes() > before
    await trainer.sio.disconnect()
    await candidate.sio.disconnect()


async def test_members_entering_on_another_worker_while_events_flow_miss_nothing(workers):
    """Emits skip rooms with no member on any worker: a trainer entering on B while the
    owner A logs events gets every one, by push or in its backlog, and never has to ask again
    (it only applies contiguous batches and never joins a second time here)."""
    a, b = workers
    candidate, contact = await on_a_contact(a.url, a.token("candidate"))
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
        await watcher.sio.connect(
            (b.url, a.url)[n % 4 == 3],
            auth=auth,
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
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


class Api:
    """The JSON API of one worker, as a script or a centre's tool calls it."""

    def __init__(self, http: aiohttp.ClientSession, url: str, token: str) -> None:
        self.http, self.url, self.token = http, url, token

    async def post(self, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        async with self.http.post(self.url + path, json=body, headers=headers) as r:
            return r.status, await r.json()

    async def get(self, path: str, token: str = "") -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        async with self.http.get(self.url + path, headers=headers) as r:
            return r.status, await r.json()


async def test_every_exam_command_sent_to_the_non_owner_runs_once_on_the_owner(workers):
    """Trainer's and jury's HTTP commands reach worker B, which does not own the exam: each
    is carried out once by the owner A (its lease and epoch never move), and B answers what A
    would have answered, refusals included (in French, naming the field)."""
    a, b = workers
    exam = a.exam_id
    store = aioredis.Redis.from_url(os.environ["OMNISIM_REDIS"], decode_responses=True)
    lease = f"omnisim:lease:{exam}"
    owner = await store.hget(lease, "owner")
    assert owner and await store.get(f"omnisim:epoch:{exam}") == "1"

    async def log(stream: str) -> list[dict[str, Any]]:
        entries = await store.xrange(f"omnisim:stream:{stream}")
        return [json.loads(fields["e"]) for _id, fields in entries]

    async def types(stream: str) -> list[str]:
        return [e["type"] for e in await log(stream)]

    def same(on_b: Any, on_a: Any) -> bool:  # links name the worker that was asked
        return json.dumps(on_b).replace(b.url, "") == json.dumps(on_a).replace(a.url, "")

    async def owned_by_a() -> None:
        assert await store.hget(lease, "owner") == owner, "B took the exam instead of forwarding"
        assert await store.get(f"omnisim:epoch:{exam}") == "1"

    async with aiohttp.ClientSession() as http:
        on_a, on_b = Api(http, a.url, a.api_token), Api(http, b.url, a.api_token)
        path = f"/api/exams/{exam}"
        for command in ("start", "pause", "resume"):
            status, answer = await on_b.post(f"{path}/{command}")
            assert status == 200, answer
            assert answer == (await on_a.get(path))[1]  # B's answer is the owner's state
            await owned_by_a()
        kinds = await types(exam)
        for kind in ("exam.started", "exam.paused", "exam.resumed"):
            assert kinds.count(kind) == 1, kinds
        attempt = await types(f"{exam}-c1")
        assert [k for k in attempt if k.startswith("session.")] == [
            "session.created",
            "session.started",
            "session.paused",
            "session.resumed",
        ]
        # Refusals come back through B as the owner says them: same status, field, words.
        status, refused = await on_b.post(f"{path}/resume")
        assert status == 422 and refused["error"]["field"] == "type"
        assert "en pause" in refused["error"]["reason"] or "pause" in refused["error"]["reason"]
        assert (await on_a.post(f"{path}/resume")) == (status, refused)
        status, refused_en = await on_b.post(f"{path}/resume?lang=en")
        assert refused_en["error"]["reason"] != refused["error"]["reason"]  # its own language

        # Links: revoke then reissue the second jury member's link.
        status, answer = await on_b.post(f"{path}/people/j2/revoke")
        assert status == 200 and {p["person_id"]: p["revoked"] for p in answer["links"]}["j2"]
        assert same(answer, (await on_a.get(f"{path}/links"))[1])
        status, answer = await on_b.post(f"{path}/people/j2/reissue")
        assert status == 200 and same(answer, (await on_a.get(f"{path}/links"))[1])
        j2 = next(p["url"] for p in answer["links"] if p["person_id"] == "j2").split("token=")[1]
        j1 = a.token("jury")
        await owned_by_a()
        kinds = await types(exam)
        assert kinds.count("link.revoked") == 1 and kinds.count("link.issued") == 1

        # The jury grades through B: decide (while the attempt runs), a hand-in refused until
        # it ends; then, stopped, submit, comment, reconcile (proposed, agreed), recommend.
        status, view = await on_b.get("/api/grading/c1", token=j1)
        assert status == 200, view
        criteria = [row["id"] for row in view["criteria"]]
        split = criteria[0]
        for who in (j1, j2):
            for cid in criteria:
                decision = "non_acquis" if who == j2 and cid == split else "acquis"
                body = {"candidate_id": "c1", "criterion_id": cid, "decision": decision}
                body["comment"] = "Vu à la réécoute."
                status, answer = await on_b.post("/api/grading/decide", body, token=who)
                assert status == 201, answer
                # The answer is the grading as its author now sees it, on the worker that
                # forwarded the command: the page shows it without reading it again.
                row = next(r for r in answer["grading"]["criteria"] if r["id"] == cid)
                assert row["mine"]["decision"] == decision, row
        status, refused = await on_b.post("/api/grading/submit", {"candidate_id": "c1"}, j1)
        assert status == 422 and "pas terminée" in refused["error"]["reason"], refused
        await owned_by_a()
        # Stop (the attempt ends; the owner retires the exam and lets its lease go).
        status, answer = await on_b.post(f"{path}/stop")
        assert status == 200 and answer["status"] == "stopped"
        assert (await types(exam)).count("exam.stopped") == 1
        assert (await types(f"{exam}-c1")).count("session.ended") == 1
        for who in (j1, j2):
            status, answer = await on_b.post("/api/grading/submit", {"candidate_id": "c1"}, who)
            assert status == 201, answer
        comment = {"candidate_id": "c1", "text": "Bonne tenue du tchat."}
        status, answer = await on_b.post("/api/grading/comment", comment, token=j1)
        assert status == 201
        grading = await log(f"{exam}-grading")
        assert [e["seq"] for e in grading if e["type"] == "grade.commented"] == answer["seq"]
        body = {"candidate_id": "c1", "criterion_id": split, "decision": "non_acquis"}
        body["comment"] = "Concertation : preuve revue."
        status, answer = await on_b.post("/api/grading/propose", body, token=j1)
        assert status == 201, answer
        body = {"candidate_id": "c1", "criterion_id": split, "decision": "non_acquis"}
        status, answer = await on_b.post("/api/grading/agree", body | {"proposed_by": "j1"}, j2)
        assert status == 201, answer
        status, view = await on_b.get("/api/grading/c1", token=j1)
        for row in view["criteria"]:
            if (row.get("final") or {}).get("decision") == "non_acquis":
                advice = {"candidate_id": "c1", "criterion_id": row["id"], "text": "Reformuler."}
                status, answer = await on_b.post("/api/grading/recommend", advice, token=j2)
                assert status == 201, answer
        kinds = await types(f"{exam}-grading")
        assert kinds.count("grade.decided") == 2 * len(criteria)
        for kind in ("grade.submitted",):
            assert kinds.count(kind) == 2
        kinds_once = ("grade.commented", "grade.reconcile_proposed", "grade.reconcile_agreed")
        for kind in (*kinds_once, "grade.recommended"):
            assert kinds.count(kind) == 1, kinds
        # A decision after handing in is refused by the owner's workflow, said through B
        # (after a pause: j1 has spent its burst of actions, omnisim/web/limits.py).
        await asyncio.sleep(2.5)
        body = {"candidate_id": "c1", "criterion_id": split, "decision": "acquis"}
        status, refused = await on_b.post("/api/grading/decide", body, token=j1)
        assert status == 422 and refused["error"]["field"] == "criterion_id", refused
        assert (await on_a.post("/api/grading/decide", body, token=j1)) == (status, refused)

        # A takes the exam again for the signatures; B still forwards.
        await on_a.get("/api/grading/c1", token=j1)
        status, answer = await on_a.post("/api/grading/comment", comment, token=j2)
        assert status == 201, answer
        owner = await store.hget(lease, "owner")
        assert owner
        status, view = await on_b.get("/api/grading/c1", token=j1)
        for who, name in ((j1, "Jury interne"), (j2, "Jury externe")):
            sign = {"candidate_id": "c1", "sheet_hash": view["sheet_hash"], "name": name}
            status, answer = await on_b.post("/api/grading/sign", sign, token=who)
            assert status == 201, answer
        assert (await types(f"{exam}-grading")).count("sheet.signed") == 2
        assert await store.hget(lease, "owner") == owner

        # Pass rule (refused here or taken, as the owner decides), then lock, then a change.
        rule = {"kind": "all_criteria"}
        status, answer = await on_b.post(f"{path}/pass_rule", rule)
        assert (status, answer) == await on_a.post(f"{path}/pass_rule", rule)
        assert status == 422 and answer["error"]["field"] == "kind"  # after the signatures
        status, answer = await on_b.post(f"{path}/lock")
        assert status == 200 and answer["locked"], answer
        assert (await types(f"{exam}-grading")).count("record.locked") == 1
        status, refused = await on_b.post(f"{path}/people/c1/reissue")
        assert status == 422 and refused["error"]["field"] == "type"
        assert "verrouillé" in refused["error"]["reason"], refused
        assert (await on_a.post(f"{path}/people/c1/reissue")) == (status, refused)
        assert await store.hget(lease, "owner") == owner
    await store.aclose()


async def test_the_exam_page_commands_sent_to_the_non_owner_run_on_the_owner(workers):
    """The trainer's page on worker B: pause, resume, revoke, reissue run once on A; a refusal
    shows on B's page in French, as A's page says it."""
    import html
    import re

    from tests.conftest import TEST_PASSWORD

    a, b = workers
    exam = a.exam_id
    store = aioredis.Redis.from_url(os.environ["OMNISIM_REDIS"], decode_responses=True)
    owner = await store.hget(f"omnisim:lease:{exam}", "owner")

    async def kinds() -> list[str]:
        entries = await store.xrange(f"omnisim:stream:{exam}")
        return [json.loads(fields["e"])["type"] for _id, fields in entries]

    def csrf(text: str) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', text)
        assert found
        return found.group(1)

    async def signed_in(url: str) -> aiohttp.ClientSession:
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        async with http.get(f"{url}/signin") as r:
            token = csrf(await r.text())
        form = {"login": "formateur", "password": TEST_PASSWORD, "csrf_token": token}
        with_origin = {"Origin": url}  # sign-in is same-origin only (omnisim/web/signin.py)
        async with http.post(
            f"{url}/signin", data=form | {"next": "/exams"}, headers=with_origin
        ) as r:
            assert r.status == 200
        return http

    async def press(http: aiohttp.ClientSession, url: str, path: str) -> tuple[int, str]:
        async with http.get(f"{url}/exams/{exam}") as r:
            token = csrf(await r.text())
        form = {"csrf_token": token}
        async with http.post(f"{url}/exams/{exam}/{path}", data=form, allow_redirects=False) as r:
            return r.status, await r.text()

    on_a, on_b = await signed_in(a.url), await signed_in(b.url)
    try:
        assert (await press(on_b, b.url, "start"))[0] == 303
        assert (await press(on_b, b.url, "pause"))[0] == 303
        assert (await press(on_b, b.url, "people/c1/revoke"))[0] == 303
        assert (await press(on_b, b.url, "people/c1/reissue"))[0] == 303
        found = await kinds()
        for kind in ("exam.started", "exam.paused", "link.revoked", "link.issued"):
            assert found.count(kind) == 1, (kind, found)
        status, page = await press(on_b, b.url, "pause")  # already paused: refused by A
        assert status == 409, page
        said = [html.unescape(t) for t in re.findall(r'role="alert"[^>]*>([^<]+)<', page)]
        assert said == ["L'examen n'est pas en cours."], said
        status_a, page_a = await press(on_a, a.url, "pause")
        assert status_a == status
        assert said == [html.unescape(t) for t in re.findall(r'role="alert"[^>]*>([^<]+)<', page_a)]
        assert (await kinds()).count("exam.paused") == 1
        assert await store.hget(f"omnisim:lease:{exam}", "owner") == owner
    finally:
        await on_a.close()
        await on_b.close()
        await store.aclose()
