"""Pushes and acknowledgements are queued on a socket open and answering without engine.io's
send path (omnisim/web/socket/heartbeat.py ``PatientSocket.queue_now``), in the order they
were made; a socket whose client fell silent past the timeout still takes engine.io's path,
which closes it, as before."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from engineio.async_server import AsyncServer as EngineServer

from omnisim.web.keys import GATEWAY
from omnisim.web.socket.push import encode, send_local
from omnisim.web.socket.rooms import role_room
from tests.fast.conftest import of_type


async def test_pushes_and_acks_are_queued_at_once_and_a_silent_client_is_still_closed(
    live, monkeypatch
):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    sio = live.app[GATEWAY].sio
    sock = sio.eio.sockets[sio.manager.eio_sid_from_sid(candidate.sio.get_sid(), "/")]
    long_way: list[Any] = []
    real = EngineServer.send_packet

    async def send_packet(self: Any, sid: str, pkt: Any) -> None:
        long_way.append(pkt)
        await real(self, sid, pkt)

    monkeypatch.setattr(EngineServer, "send_packet", send_packet)
    assert (await candidate.act("start"))["ok"]  # its acknowledgement, and the pushes
    await candidate.wait_for(of_type("message.sent"), timeout=3)
    assert long_way == []

    heard: list[int] = []
    candidate.sio.on("probe", heard.append)
    room = role_room(tokens.session_id, "candidate")
    for n in range(3):
        assert await send_local(sio, room, encode(sio, "probe", n)) == 1
    deadline = asyncio.get_running_loop().time() + 5
    while len(heard) < 3:
        assert asyncio.get_running_loop().time() < deadline, heard
        await asyncio.sleep(0.02)
    assert heard == [0, 1, 2] and long_way == []

    sock.last_ping = time.time() - sio.eio.ping_timeout - 1.5  # a ping left unanswered
    assert await send_local(sio, room, encode(sio, "probe", 3)) == 1
    assert len(long_way) == 1  # engine.io's way, which found the client silent
    deadline = asyncio.get_running_loop().time() + 5
    while candidate.sio.connected:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    assert sock.closed and 3 not in heard
