"""In-process tier: the real app served on loopback, driven by real socket.io clients."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import socketio

from omnisim.sessions import SessionTokens
from omnisim.settings import Settings
from omnisim.web_app import SESSIONS, STORE, create_app
from tests.conftest import MINI_DECK, ROOT

REACTIVE_DECK = ROOT / "tests" / "decks" / "reactive"


@dataclass
class Client:
    """A real socket.io client that records every event list it receives."""

    sio: socketio.AsyncClient
    events: list[dict[str, Any]] = field(default_factory=list)

    async def wait_for(self, predicate, timeout: float = 5.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    return event
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no matching event among {self.events}")
            await asyncio.sleep(0.02)

    async def act(self, kind: str, data: Any = None) -> dict[str, Any]:
        return await self.sio.call(kind, data if data is not None else {}, timeout=5)


@pytest.fixture
async def live(aiohttp_server, tmp_path) -> AsyncIterator[Any]:
    """Factory: a served app on one SQLite file, sessions on the mini deck, connected clients."""
    app = create_app(Settings(store=str(tmp_path / "events.db")))
    server = await aiohttp_server(app)
    clients: list[Client] = []

    class Live:
        url = f"http://127.0.0.1:{server.port}"
        store = property(lambda self: app[STORE])

        async def session(self, deck=MINI_DECK) -> SessionTokens:
            return await app[SESSIONS].create(deck)

        async def connect(self, token: str, last_seq: int | None = 0) -> Client:
            client = Client(socketio.AsyncClient(reconnection=False))

            @client.sio.on("events")
            async def on_events(batch: list[dict[str, Any]]) -> None:
                client.events.extend(batch)

            await client.sio.connect(self.url, auth={"token": token}, transports=["websocket"])
            clients.append(client)
            if last_seq is not None:
                reply = await client.act("join", {"last_seq": last_seq})
                assert reply["ok"], reply
            return client

    yield Live()
    for client in clients:
        await client.sio.disconnect()


def of_type(kind: str, **payload: Any):
    return lambda e: e["type"] == kind and all(e["payload"].get(k) == v for k, v in payload.items())
