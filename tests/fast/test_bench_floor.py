"""bench/floor.py, the Python floor of bench/load.py, speaks the Node peer's shapes over real
sockets: a join answer, an acknowledgement with the two positions, and the pushed batch."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio
from aiohttp.test_utils import TestServer

from bench.floor import app
from tests.conftest import CONNECT_WAIT


async def test_the_floor_answers_and_pushes_as_the_node_peer_does():
    server = TestServer(app(), host="127.0.0.1")
    await server.start_server()
    client = socketio.AsyncClient(reconnection=False)
    pushed: asyncio.Queue[Any] = asyncio.Queue()
    client.on("events", pushed.put_nowait)
    try:
        await client.connect(
            str(server.make_url("/")),
            auth={"token": "c1"},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
        joined = await client.call("join", {"last_seq": 0})
        assert joined["ok"] and joined["stream"] == "ex0-c1" and joined["upto"] == 1
        assert await client.call("start", {}) == {"ok": True, "seq": [2, 3]}
        offer = await asyncio.wait_for(pushed.get(), 5)
        assert [e["type"] for e in offer["events"]] == ["message.sent", "contact.offered"]
        ack = await client.call("send", {"contact_id": "k1", "text": "Bonjour, je vous écoute."})
        assert ack == {"ok": True, "seq": [4, 5]}
        batch = await asyncio.wait_for(pushed.get(), 5)
        assert (batch["after"], batch["upto"]) == (3, 5)
        assert batch["events"][0]["payload"]["text"] == "Bonjour, je vous écoute."
        assert batch["events"][1]["actor"] == "customer"
    finally:
        await client.disconnect()
        await server.close()
