"""A websocket's two loops, reading and writing, without a task or a timer per message.

engine.io's websocket handler (engineio/async_socket.py) reads each message through
``asyncio.ensure_future`` and ``asyncio.wait_for``: a task, a future and a timer per
message read, pongs included, for a timeout that only matters when a client falls
silent. Its writer sends each queued packet as a frame of its own: one ``write`` system
call per packet, where a push and the acknowledgement that follows it are queued together.

Here the reader awaits the websocket directly and one watchdog, re-armed only when it
fires, ends a read that has waited ``ping_interval + ping_timeout`` (engine.io's
timeout, unchanged). The writer writes everything the queue holds as frames joined in one
``write``, in queue order. Long-polling sockets upgraded to a websocket keep engine.io's
handler (the desk connects on a websocket from the start).
"""

from __future__ import annotations

import asyncio
import struct
from typing import Any

from engineio import exceptions, packet

TEXT = 0x81  # FIN + text opcode: a whole text frame (RFC 6455 §5.2)
BINARY = 0x82
SHORT, MEDIUM = 126, 65536


def frame(payload: bytes, first: int = TEXT) -> bytes:
    """One unmasked, uncompressed websocket frame (a server's)."""
    size = len(payload)
    if size < SHORT:
        return struct.pack("!BB", first, size) + payload
    if size < MEDIUM:
        return struct.pack("!BBH", first, 126, size) + payload
    return struct.pack("!BBQ", first, 127, size) + payload


def frames(messages: list[Any]) -> bytes:
    """Encoded engine.io packets (text, or bytes for binary ones) as frames, in order."""
    return b"".join(
        frame(m, BINARY) if isinstance(m, bytes) else frame(m.encode()) for m in messages
    )


class Watchdog:
    """Cancels ``task`` when a read has waited ``window`` seconds; costs nothing per read.

    :meth:`reading` marks a read's start; the one timer, when it fires, either ends the
    read that is overdue or re-arms itself at the current read's deadline."""

    def __init__(self, window: float) -> None:
        self.loop = asyncio.get_running_loop()
        self.task = asyncio.current_task()
        self.window = window
        self.since = self.loop.time()
        self.waiting = False
        self.expired = False
        self._timer = self.loop.call_at(self.since + window, self._check)

    def reading(self) -> None:
        self.since = self.loop.time()
        self.waiting = True

    def read(self) -> None:
        self.waiting = False

    def _check(self) -> None:
        now = self.loop.time()
        due = self.since + self.window
        if self.waiting and now >= due and self.task is not None:
            self.expired = True
            self.task.cancel()
            return
        self._timer = self.loop.call_at(due if self.waiting else now + self.window, self._check)

    def close(self) -> None:
        self._timer.cancel()

    def silent(self) -> bool:
        """Whether the cancellation just caught was this watchdog's (then it is undone)."""
        if self.expired and self.task is not None:
            self.task.uncancel()
            return True
        return False


async def serve(sock: Any, ws: Any) -> None:
    """engine.io's websocket loop for a socket opened on a websocket: ``sock`` an engine.io
    AsyncSocket, ``ws`` the driver's websocket (guard.py's PlainWebSocket)."""
    server = sock.server
    sock.connected = True
    sock.upgraded = True
    sock.websocket = ws  # the driver, for a look at its transport
    send_all = getattr(ws, "send_all", None)

    async def writer() -> None:
        while True:
            try:
                packets = await sock.poll()
            except exceptions.QueueEmpty:
                break
            if not packets:  # closing
                break
            try:
                if send_all is not None:
                    await send_all([pkt.encode() for pkt in packets])
                else:
                    for pkt in packets:
                        await ws.send(pkt.encode())
            except Exception:
                break
        await ws.close()

    writer_task = asyncio.ensure_future(writer())
    watchdog = Watchdog(server.ping_interval + server.ping_timeout)
    limit = server.max_http_buffer_size
    try:
        while True:
            watchdog.reading()
            try:
                data = await ws.wait()
            except asyncio.CancelledError:  # a silent client (engine.io's wait_for timeout),
                watchdog.silent()  # or the server closing: the socket ends either way
                break
            except Exception:
                break
            watchdog.read()
            if data is None:
                break  # closed by the client
            if len(data) > limit:
                break  # engine.io's "packet is too large"
            pkt = packet.Packet(encoded_packet=data)
            try:
                await sock.receive(pkt)
            except exceptions.UnknownPacketError:
                pass
            except exceptions.SocketIsClosedError:
                break
            except asyncio.CancelledError:  # while an event was handed over on this turn
                break  # (heartbeat.py): the socket ends as when cancelled while reading
            except Exception:
                server.logger.exception("Unknown receive error")
    finally:
        watchdog.close()
    await sock.queue.put(None)  # the writer ends
    await writer_task
    await sock.close(wait=False, abort=True, reason=server.reason.TRANSPORT_CLOSE)
