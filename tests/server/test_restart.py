"""A server killed hard and restarted on the same SQLite file loses nothing acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

from tests.conftest import CONNECT_WAIT

pytestmark = pytest.mark.server


async def connect(url: str, token: str, inbox: list[dict[str, Any]]) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False)
    client.on("events", lambda batch: inbox.extend(batch["events"]))
    await client.connect(
        url, auth={"token": token}, transports=["websocket"], wait_timeout=CONNECT_WAIT
    )
    joined = await client.call("join", {"last_seq": 0}, timeout=5)
    assert joined["ok"]
    inbox.extend(joined["events"])
    return client


async def wait_for(inbox: list[dict[str, Any]], kind: str, timeout: float = 5.0) -> dict[str, Any]:
    for _ in range(int(timeout / 0.05)):
        for event in inbox:
            if event["type"] == kind:
                return event
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {kind} in {inbox}")


async def test_kill_and_restart_keeps_every_acknowledged_event_and_comes_back_paused(
    server, tmp_path
):
    """kill -9, a downtime, a restart: nothing acknowledged is lost, the clock did not run
    meanwhile (nothing injected or escalated for the downtime), and the trainer resumes."""
    import aiohttp

    first = await server.start(tmp_path / "events.db", trainer=True)
    inbox: list[dict[str, Any]] = []
    client = await connect(first.url, first.token("candidate"), inbox)
    acked: list[int] = []
    acked += (await client.call("start", {}, timeout=5))["seq"]
    await wait_for(inbox, "contact.offered")
    acked += (await client.call("pickup", {"contact_id": "c1"}, timeout=5))["seq"]
    for n in range(5):
        reply = await client.call("send", {"contact_id": "c1", "text": f"Message {n}"}, timeout=5)
        acked += reply["seq"]
    await client.disconnect()
    first.stop(kill=True)  # SIGKILL: no clean shutdown, no flush
    # At the mini deck's ×60, 3 s of downtime would be 3 simulated minutes of an unanswered
    # customer: chases, moods and a supervisor demand, had the clock kept running.
    await asyncio.sleep(3)

    second = await server.start(tmp_path / "events.db", with_deck=False)
    # The old links still open the exam: it was rebuilt from the log.
    jury_inbox: list[dict[str, Any]] = []
    jury = await connect(second.url, first.token("jury"), jury_inbox)
    pause = await wait_for(jury_inbox, "session.paused")
    seqs = [e["seq"] for e in jury_inbox]
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(acked) <= set(seqs)
    texts = [
        e["payload"]["text"]
        for e in jury_inbox
        if e["type"] == "message.sent" and e["actor"] == "candidate"
    ]
    assert texts == [f"Message {n}" for n in range(5)]
    before = [e for e in jury_inbox if e["seq"] < pause["seq"]]
    assert pause["payload"]["reason"] == "server_restart" and pause["actor"] == "system"
    assert pause["sim_time"] == max(e["sim_time"] for e in before)  # the downtime is not counted
    assert pause["seq"] == len(seqs)  # nothing was injected or escalated after it

    # Paused: the candidate's action is refused with a reason, until the trainer resumes.
    cand_inbox: list[dict[str, Any]] = []
    cand = await connect(second.url, first.token("candidate"), cand_inbox)
    refused = await cand.call("close", {"contact_id": "c1"}, timeout=5)
    assert refused["ok"] is False and "pause" in refused["error"]["reason"]
    auth = {"Authorization": f"Bearer {first.api_token}"}
    async with aiohttp.ClientSession() as http:
        url = f"{second.url}/api/exams/{first.exam_id}"
        async with http.get(url, headers=auth) as resp:
            assert (await resp.json())["status"] == "paused"
        async with http.post(f"{url}/resume", headers=auth) as resp:
            assert resp.status == 200 and (await resp.json())["status"] == "running"
    resumed = await wait_for(cand_inbox, "session.resumed")
    assert resumed["sim_time"] == pause["sim_time"]
    assert (await cand.call("close", {"contact_id": "c1"}, timeout=5))["ok"]
    await cand.disconnect()
    await jury.disconnect()


async def test_pages_answer_in_french_and_english(server, tmp_path):
    import aiohttp

    proc = await server.start(tmp_path / "events.db")
    async with aiohttp.ClientSession() as http:
        async with http.get(proc.links["candidate"]) as resp:
            assert resp.status == 200
            assert "Poste agent" in await resp.text()
        async with http.get(proc.links["candidate"] + "&lang=en") as resp:
            assert "Agent workspace" in await resp.text()
        async with http.get(f"{proc.url}/jury?token=wrong") as resp:
            assert resp.status == 403
            assert "Lien invalide" in await resp.text()
        async with http.get(f"{proc.url}/static/app/board.js") as resp:
            assert resp.status == 200
