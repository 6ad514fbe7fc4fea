"""CPU per push on the event loop: python-socketio's emit per room against omnisim's push.

    .venv/bin/python bench/push.py [--pushes 20000]

On demand; prints figures, asserts nothing. One attempt's batch (a candidate's line and
the customer's answer) goes to the rooms that follow it, as omnisim/web/socket/feed.py
sends it: the candidate's room (its own view), the trainer's console and the exam's
board (the trainer's view, shared), one socket each; then a board room of 60 sockets.

* **emit**: a JSON-able body per room and ``AsyncServer.emit`` per room (as before:
  a packet encoded per room, a task per socket, then a wait for them all);
* **push**: the body and its packet made once per view, the same packet queued on each
  socket of each room (omnisim/web/socket/push.py).

The sockets are engine.io sockets of a real ``AsyncServer`` (with the worker's packet
class, omnisim/web/socket/guard.py), registered in its manager
and rooms as a connection registers them; nobody reads them (their queues are emptied
between rounds), so the figure is the server's side of a push alone.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's omnisim

import socketio  # noqa: E402
from engineio.async_socket import AsyncSocket  # noqa: E402

from omnisim.protocol.messages import Batch  # noqa: E402
from omnisim.web.socket.guard import PacketJson, TextPacket  # noqa: E402
from omnisim.web.socket.push import encode, send_local  # noqa: E402

EVENTS = [
    {
        "seq": 41,
        "type": "message.sent",
        "actor": "candidate",
        "sim_time": 812.5,
        "wall_time": 1765000000.25,
        "payload": {
            "contact_id": "c2",
            "channel": "chat",
            "text": "Je récapitule : lundi 16 mars à 10 h 30, à la place du vendredi 13 mars.",
        },
    },
    {
        "seq": 42,
        "type": "message.received",
        "actor": "customer",
        "sim_time": 815.0,
        "wall_time": 1765000000.75,
        "payload": {"contact_id": "c2", "channel": "chat", "text": "Oui, c'est bien ça, merci."},
    },
]


async def server(rooms: dict[str, int]) -> tuple[socketio.AsyncServer, list[AsyncSocket]]:
    sio = socketio.AsyncServer(async_mode="aiohttp", json=PacketJson, serializer=TextPacket)
    sockets = []
    for room, members in rooms.items():
        for _ in range(members):
            eio_sid = sio.eio.generate_id()
            sock = AsyncSocket(sio.eio, eio_sid)
            sio.eio.sockets[eio_sid] = sock
            sid = await sio.manager.pre_connect(eio_sid, "/")
            await sio.manager.connect(sid, "/")
            await sio.manager.enter_room(sid, "/", room)
            sockets.append(sock)
    return sio, sockets


async def by_emit(sio: socketio.AsyncServer, rooms: list[tuple[str, str]]) -> None:
    shown: dict[str, tuple[dict[str, object], ...]] = {}
    for room, view in rooms:
        if view not in shown:
            shown[view] = tuple(dict(e) for e in EVENTS)
        body = Batch("exa-c1", 40, 42, shown[view]).to_json()
        await sio.emit("events", body, room=room, ignore_queue=True)


async def by_push(sio: socketio.AsyncServer, rooms: list[tuple[str, str]]) -> None:
    packets = {}
    for room, view in rooms:
        if view not in packets:
            body = Batch("exa-c1", 40, 42, tuple(dict(e) for e in EVENTS)).to_json()
            packets[view] = encode(sio, "events", body)
        await send_local(sio, room, packets[view])


async def measure(kind: str, members: dict[str, int], views: dict[str, str], n: int) -> float:
    sio, sockets = await server(members)
    send = by_emit if kind == "emit" else by_push
    rooms = list(views.items())
    best = float("inf")
    for _run in range(5):
        began = time.thread_time()
        for _ in range(n):
            await send(sio, rooms)
        best = min(best, (time.thread_time() - began) / n)
        for sock in sockets:
            while not sock.queue.empty():
                sock.queue.get_nowait()
                sock.queue.task_done()
    return best * 1e6


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pushes", type=int, default=4000)
    args = parser.parse_args()
    cases = {
        "an attempt's batch, 3 rooms of 1 socket": (
            {"cand": 1, "trainer": 1, "board": 1},
            {"cand": "candidate", "trainer": "trainer", "board": "trainer"},
        ),
        "an exam's batch, a board room of 60 sockets": ({"board": 60}, {"board": "trainer"}),
    }
    print("CPU µs per push on the loop (best of 5)")
    for name, (members, views) in cases.items():
        emit = await measure("emit", members, views, args.pushes)
        push = await measure("push", members, views, args.pushes)
        print(f"  {name:45} emit {emit:6.1f} µs   push {push:6.1f} µs")


if __name__ == "__main__":
    asyncio.run(main())
