"""A push encoded once and the same bytes written to every local socket of its rooms.

python-socketio's emit to a room encodes its packet once too, but then makes a task per
socket and waits for them all, and a second room with the same content (the board and the
trainer's console share the trainer's view) is encoded again. A socket's send only queues
the packet (engine.io writes it from the socket's own task), so here one encoding serves
every room of a view and each socket costs one queued packet, not a task. Rooms with members
on other workers still go through ``emit``, whose manager relays them (omnisim/web/socket/feed.py).
"""

from __future__ import annotations

from typing import Any

import socketio
from engineio import exceptions as eio_exceptions
from engineio import packet as eio_packet
from socketio import packet as sio_packet

NAMESPACE = "/"


def encode(sio: socketio.AsyncServer, event: str, data: Any) -> list[eio_packet.Packet]:
    """The engine.io packets of a socket.io ``event`` message, as ``emit`` makes them."""
    encoded = sio.packet_class(sio_packet.EVENT, namespace=NAMESPACE, data=[event, data]).encode()
    parts = encoded if isinstance(encoded, list) else [encoded]
    return [eio_packet.Packet(eio_packet.MESSAGE, part) for part in parts]


async def send_local(sio: socketio.AsyncServer, room: str, packets: list[eio_packet.Packet]) -> int:
    """Queue ``packets`` on each socket of ``room`` on this worker; the number reached.

    A socket closed meanwhile is skipped (it is being disconnected): the others still get it."""
    reached = 0
    for _sid, eio_sid in list(sio.manager.get_participants(NAMESPACE, room)):
        try:
            for pkt in packets:
                await sio.eio.send_packet(eio_sid, pkt)
        except eio_exceptions.EngineIOError:
            continue
        reached += 1
    return reached
