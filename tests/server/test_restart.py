"""A server killed hard and restarted on the same SQLite file loses nothing acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import socketio

pytestmark = pytest.mark.server


async def connect(url: str, token: str, inbox: list[dict[str, Any]]) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False)
    client.on("events", lambda batch: inbox.extend(batch))
    await client.connect(url, auth={"token": token}, transports=["websocket"])
    assert (await client.call("join", {"last_seq": 0}, timeout=5))["ok"]
    return client


async def wait_for(inbox: list[dict[str, Any]], kind: str, timeout: float = 5.0) -> dict[str, Any]:
    for _ in range(int(timeout / 0.05)):
        for event in inbox:
            if event["type"] == kind:
                return event
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {kind} in {inbox}")


async def test_kill_and_restart_keeps_every_acknowledged_event(server, tmp_path):
    first = server(tmp_path / "events.db")
    inbox: list[dict[str, Any]] = []
    client = await connect(first.url, first.token("candidate"), inbox)
    acked: list[int] = []
    acked += (await client.call("start", {}, timeout=5))["seq"]
    await wait_for(inbox, "contact.offered")
    acked += (await client.call("pickup", {"contact_id": "tchat-livraison"}, timeout=5))["seq"]
    for n in range(5):
        reply = await client.call(
            "send", {"contact_id": "tchat-livraison", "text": f"Message {n}"}, timeout=5
        )
        acked += reply["seq"]
    await client.disconnect()
    first.stop(kill=True)  # SIGKILL: no clean shutdown, no flush

    second = server(tmp_path / "events.db", with_deck=False)
    # The old tokens still open the session: it was rebuilt from the log.
    jury_inbox: list[dict[str, Any]] = []
    jury = await connect(second.url, first.token("jury"), jury_inbox)
    await asyncio.sleep(0.3)
    seqs = [e["seq"] for e in jury_inbox]
    assert seqs == list(range(1, len(seqs) + 1))
    assert set(acked) <= set(seqs)
    texts = [
        e["payload"]["text"]
        for e in jury_inbox
        if e["type"] == "message.sent" and e["actor"] == "candidate"
    ]
    assert texts == [f"Message {n}" for n in range(5)]

    # The rebuilt session goes on: the candidate can still act.
    cand_inbox: list[dict[str, Any]] = []
    cand = await connect(second.url, first.token("candidate"), cand_inbox)
    assert (await cand.call("close", {"contact_id": "tchat-livraison"}, timeout=5))["ok"]
    await cand.disconnect()
    await jury.disconnect()


async def test_pages_answer_in_french_and_english(server, tmp_path):
    import aiohttp

    proc = server(tmp_path / "events.db")
    async with aiohttp.ClientSession() as http:
        async with http.get(proc.links["candidate"]) as resp:
            assert resp.status == 200
            assert "Poste agent" in await resp.text()
        async with http.get(proc.links["candidate"] + "&lang=en") as resp:
            assert "Agent workspace" in await resp.text()
        async with http.get(f"{proc.url}/jury?token=wrong") as resp:
            assert resp.status == 403
            assert "Lien invalide" in await resp.text()
        async with http.get(f"{proc.url}/static/vendor/socket.io.min.js") as resp:
            assert resp.status == 200
