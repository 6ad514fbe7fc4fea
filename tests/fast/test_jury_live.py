"""Live observation is read only: a jury socket follows the attempt and every action it
tries is refused; its link reaches only its own exam."""

from __future__ import annotations

import aiohttp
import socketio

from tests.conftest import CONNECT_WAIT, MINI_DECK


async def test_a_jury_socket_observes_and_may_not_act(live):
    tokens = await live.session(deck=MINI_DECK)
    other = await live.session(deck=MINI_DECK)
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    jury = await live.connect(tokens.jury)
    offered = await jury.wait_for(lambda e: e["type"] == "contact.offered", 5)
    for kind, data in (
        ("pickup", {"contact_id": offered["payload"]["contact_id"]}),
        ("send", {"contact_id": offered["payload"]["contact_id"], "text": "Bonjour"}),
        ("pause", {}),
        ("say", {"contact_id": offered["payload"]["contact_id"], "text": "Je suis le client"}),
    ):
        refused = await jury.act(kind, data)
        assert refused["ok"] is False and refused["error"]["field"] == "type", (kind, refused)
    logged = await live.store.read(tokens.session_id)
    assert not any(e.actor == "jury" for e in logged)
    # The link is one exam's: another exam's attempt and grading are out of its reach.
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(
            live.url,
            auth={"token": tokens.jury, "exam": other.exam_id, "candidate": "c2"},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
        raise AssertionError("a jury link reached a candidate it does not grade")
    except socketio.exceptions.ConnectionError:
        pass
    async with aiohttp.ClientSession(live.url) as http:
        async with http.get("/jury/log", params={"token": tokens.jury, "candidate": "c2"}) as r:
            assert r.status == 404
        async with http.get("/jury/log", params={"token": other.jury}) as r:
            elsewhere = (await r.json())["events"]
        assert len(elsewhere) == len(await live.store.read(other.session_id))  # its own exam's
        async with http.get("/jury/log", params={"token": tokens.jury}) as r:
            seen = (await r.json())["events"]
        assert {e["seq"] for e in seen} == {e.seq for e in await live.store.read(tokens.session_id)}
        assert all("session_id" not in e for e in seen)
