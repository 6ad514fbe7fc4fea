"""A push encoded once and the same bytes written to every local socket of its rooms.

python-socketio's emit to a room encodes its packet once too, but then makes a task per
socket and waits for them all, and a second room with the same content (the board and the
trainer's console share the trainer's view) is encoded again. A socket's send only queues
the packet (engine.io writes it from the socket's own task), so here one encoding serves
every room of a view and each socket costs one queued packet, not a task. Rooms with members
on other workers get the same packets through :class:`Pushes`, on one Redis channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from typing import Any

import redis.asyncio as aioredis
import redis.exceptions
import socketio
from engineio import exceptions as eio_exceptions
from engineio import packet as eio_packet
from socketio import packet as sio_packet

from omnisim import jsontext
from omnisim.live.listener import Listener
from omnisim.web.socket.heartbeat import PatientSocket

log = logging.getLogger(__name__)

NAMESPACE = "/"


def encode(sio: socketio.AsyncServer, event: str, data: Any) -> list[eio_packet.Packet]:
    """The engine.io packets of a socket.io ``event`` message, as ``emit`` makes them."""
    encoded = sio.packet_class(sio_packet.EVENT, namespace=NAMESPACE, data=[event, data]).encode()
    parts = encoded if isinstance(encoded, list) else [encoded]
    return [eio_packet.Packet(eio_packet.MESSAGE, part) for part in parts]


async def send_local(sio: socketio.AsyncServer, room: str, packets: list[eio_packet.Packet]) -> int:
    """Queue ``packets`` on each socket of ``room`` on this worker; the number reached.

    A socket closed meanwhile is skipped (it is being disconnected): the others still get it.
    A socket open and answering has them queued at once (PatientSocket.queue_now); any
    other takes engine.io's way."""
    reached = 0
    sockets = sio.eio.sockets
    for _sid, eio_sid in list(sio.manager.get_participants(NAMESPACE, room)):
        sock = sockets.get(eio_sid)
        try:
            for pkt in packets:
                if not (isinstance(sock, PatientSocket) and sock.queue_now(pkt)):
                    await sio.eio.send_packet(eio_sid, pkt)
        except eio_exceptions.EngineIOError:
            continue
        reached += 1
    return reached


class Pushes:
    """Pushes to rooms with members on other workers, as packets encoded once, here.

    python-socketio's relay sent the batch as data: the sender encoded it for Redis, and
    every worker decoded it and encoded it again for its sockets (bench/load.py "spread":
    both JSON passes of every batch, twice). Here the socket.io packets travel as encoded,
    on one channel; a worker queues them on its own sockets of the room (:func:`send_local`)
    and drops its own echo. One channel for every push keeps a room's batches in order.

    The pushes of one turn of the event loop leave in one message: each Redis command is a
    write to a socket, and those writes were most of what a "spread" worker spent more than
    a "split" one (py-spy, bench/load.py). They leave in the order they were made.
    """

    def __init__(self, sio: socketio.AsyncServer, url: str, prefix: str = "omnisim") -> None:
        self.sio = sio
        self.client = aioredis.Redis.from_url(url, decode_responses=True)
        self.channel = f"{prefix}:pushes"
        self.me = secrets.token_hex(6)
        self.listener = Listener(self.client, self.channel, self._heard, "pushes")
        self._task: asyncio.Task[None] | None = None
        self._outbox: list[tuple[str, list[str]]] = []  # (room, packets) not yet published
        self._sending: asyncio.Task[None] | None = None
        self.messages = 0  # published (each carrying one or more pushes)

    async def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(
            self.listener.run(), name="omnisim-pushes"
        )
        await self.listener.started()

    async def close(self) -> None:
        for task in (self._task, self._sending):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.client.aclose()

    def healthy(self) -> bool:
        return self.listener.listening

    async def send(self, room: str, packets: list[eio_packet.Packet]) -> None:
        """To the room's sockets here, then, with this turn's other pushes, to every other
        worker's."""
        await send_local(self.sio, room, packets)
        self._outbox.append((room, [p.data for p in packets]))
        if self._sending is None:
            self._sending = asyncio.get_running_loop().create_task(self._publish())

    async def _publish(self) -> None:
        """Publish what the outbox holds, until it is empty. Redis down: said, and the
        clients' positions ask for what they missed at their next batch or join."""
        try:
            await asyncio.sleep(0)  # the rest of this turn's pushes join the message
            while self._outbox:
                out, self._outbox = self._outbox, []
                said = jsontext.dumps([self.me, out])
                try:
                    await self.client.publish(self.channel, said)
                    self.messages += 1
                except (redis.exceptions.RedisError, OSError) as exc:
                    log.warning("pushes: relay to the other workers failed (%s)", exc)
        finally:
            self._sending = None

    async def _heard(self, data: str) -> None:
        sender, pushes = json.loads(data)
        if sender == self.me:
            return
        for room, parts in pushes:
            packets = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in parts]
            await send_local(self.sio, room, packets)
