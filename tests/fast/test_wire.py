"""A websocket's reading and writing loops (omnisim/web/socket/wire.py): packets queued
together leave in one write, in order, and a read that waits past the window ends the
socket, as engine.io's timeout did, while a client that speaks in time stays."""

from __future__ import annotations

import asyncio
import struct
from typing import Any

from omnisim.web.keys import GATEWAY
from omnisim.web.socket.push import encode
from omnisim.web.socket.wire import Watchdog, frame, frames


def test_frames_carry_their_length_as_rfc_6455_says():
    for size, header in ((5, b"\x81\x05"), (125, b"\x81\x7d")):
        assert frame(b"x" * size) == header + b"x" * size
    assert frame(b"y" * 126)[:4] == b"\x81\x7e" + struct.pack("!H", 126)
    assert frame(b"z" * 70_000)[:10] == b"\x81\x7f" + struct.pack("!Q", 70_000)
    assert frames(["é", b"\x00"]) == b"\x81\x02\xc3\xa9" + b"\x82\x01\x00"


async def test_packets_queued_together_leave_in_one_write_in_order(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    heard: list[int] = []
    candidate.sio.on("probe", heard.append)
    sio = live.app[GATEWAY].sio
    sock = sio.eio.sockets[sio.manager.eio_sid_from_sid(candidate.sio.get_sid(), "/")]
    await asyncio.sleep(0.1)  # nothing else queued (the join's answer has left)
    queue = sock.queue  # what the writer waits on
    writes: list[bytes] = []
    ws_transport = _transport(sock)
    real = ws_transport.write

    def counted(data: Any) -> None:
        writes.append(bytes(data))
        real(data)

    ws_transport.write = counted
    try:
        for n in range(3):  # queued in one turn, as a push and its acknowledgement are
            for pkt in encode(sio, "probe", n):
                queue.put_nowait(pkt)
        deadline = asyncio.get_running_loop().time() + 5
        while len(heard) < 3:
            assert asyncio.get_running_loop().time() < deadline, heard
            await asyncio.sleep(0.02)
    finally:
        ws_transport.write = real
    assert heard == [0, 1, 2]
    probes = [w for w in writes if b"probe" in w]
    assert len(probes) == 1 and probes[0].count(b"probe") == 3, writes


def _transport(sock: Any) -> Any:
    """The TCP transport under the socket's websocket (aiohttp's writer holds it)."""
    return sock.websocket._sock._writer.transport


async def test_a_read_that_waits_past_the_window_is_ended():
    never: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    outcome: list[str] = []

    async def reader() -> None:
        watchdog = Watchdog(0.2)
        try:
            watchdog.reading()
            await never
        except asyncio.CancelledError:
            outcome.append("silent" if watchdog.silent() else "cancelled")
        finally:
            watchdog.close()

    await asyncio.wait_for(reader(), 2)
    assert outcome == ["silent"]


async def test_a_client_that_speaks_in_time_is_never_cut_nor_a_busy_reader():
    async def reader() -> int:
        watchdog = Watchdog(0.3)
        reads = 0
        try:
            for _ in range(12):  # 0.6 s of reads, each well within the window
                watchdog.reading()
                await asyncio.sleep(0.05)
                watchdog.read()
                reads += 1
            await asyncio.sleep(0.8)  # handling a message, not waiting to read: not cut
            reads += 1
        finally:
            watchdog.close()
        return reads

    assert await asyncio.wait_for(reader(), 5) == 13


async def test_the_installed_aiohttp_writer_has_what_the_one_write_sender_reads():
    """aiohttp is not pinned above: the sender checks what it reads of aiohttp's own writer
    and protocol (the one-write path on the aiohttp we install)."""
    from aiohttp.base_protocol import BaseProtocol
    from aiohttp.http_websocket import WebSocketWriter

    from omnisim.web.socket.guard import _one_write

    protocol = BaseProtocol(asyncio.get_running_loop())
    transport = type("Transport", (), {"is_closing": lambda self: False})()
    assert _one_write(WebSocketWriter(protocol, transport))  # type: ignore[arg-type]


async def test_another_aiohttp_writer_falls_back_to_a_frame_per_packet():
    """A writer without those parts (another aiohttp): each packet through engine.io's send,
    in order, nothing lost."""
    from omnisim.web.socket.guard import PlainWebSocket

    sent: list[Any] = []
    ws = PlainWebSocket.__new__(PlainWebSocket)
    ws._sock = type("Response", (), {"_writer": object()})()

    async def send(message: Any) -> None:
        sent.append(message)

    ws.send = send  # type: ignore[method-assign]
    await ws.send_all(["4a", b"\x00", "4b"])
    assert sent == ["4a", b"\x00", "4b"]
