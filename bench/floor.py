"""The Python floor for bench/load.py: bench/node/server.js's peer, on OmniSim's own stack.

The same minimal socket.io server as the Node peer (positioned "events" batches, join
answers, ``{"ok", "seq"}`` acknowledgements; each action answered and pushed back as the
candidate's event plus one customer line; "start" and "close" offer the next contact, every
fifth an e-mail), written on aiohttp, python-socketio and uvloop, as OmniSim serves. What it
costs per candidate-second is what the transport alone costs in Python, with no engine, no
store, no gateway: the floor under OmniSim's figure, beside the Node peer's.

    python bench/floor.py PORT      (started by bench/load.py --floor)
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

import socketio
from aiohttp import web

from omnisim.web.socket.guard import PacketJson, PlainWebSocket, TextPacket
from omnisim.web.socket.heartbeat import PatientSocket


def event(stream: str, seq: int, kind: str, actor: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "session_id": stream,
        "seq": seq,
        "wall_time": time.time(),
        "sim_time": seq,
        "type": kind,
        "actor": actor,
        "payload": payload,
    }


class FloorServer(socketio.AsyncServer):
    """python-socketio with OmniSim's websocket loops (omnisim/web/socket/wire.py: no task or
    timer per message read, a socket's queued packets in one write), none of its checks."""

    async def _handle_eio_connect(self, eio_sid: str, environ: dict[str, Any]) -> Any:
        sock = self.eio.sockets.get(eio_sid)
        if sock is not None:
            PatientSocket.adopt(sock, lambda: 0.0)
        return await super()._handle_eio_connect(eio_sid, environ)


def app() -> web.Application:
    # OmniSim's own wire settings (omnisim/web/socket/guard.py): orjson, packets never walked
    # for binary, websockets without per-message compression; none of its checks.
    sio = FloorServer(
        async_mode="aiohttp", transports=["websocket"], json=PacketJson, serializer=TextPacket
    )
    sio.eio._async = dict(sio.eio._async, websocket=PlainWebSocket)
    logs: dict[str, list[dict[str, Any]]] = {}
    offered: dict[str, int] = {}
    streams: dict[str, str] = {}

    @sio.event
    async def connect(sid: str, environ: Any, auth: Any) -> None:
        stream = f"ex0-{(auth or {}).get('token', '')}"
        streams[sid] = stream
        logs.setdefault(stream, [event(stream, 1, "session.created", "system", {})])
        await sio.enter_room(sid, stream)

    @sio.event
    async def join(sid: str, data: Any) -> dict[str, Any]:
        stream = streams[sid]
        log = logs[stream]
        after = max(0, int((data or {}).get("last_seq", 0)))
        return {"ok": True, "stream": stream, "after": after, "upto": len(log),
                "events": log[after:], "more": False}  # fmt: skip

    @sio.on("*")
    async def any_action(kind: str, sid: str, data: Any) -> dict[str, Any]:
        stream = streams[sid]
        log = logs[stream]
        after = len(log)
        contact = str((data or {}).get("contact_id", ""))
        if kind == "pickup":
            mine = event(
                stream, after + 1, "contact.picked_up", "candidate", {"contact_id": contact}
            )
        elif kind == "close":
            mine = event(stream, after + 1, "contact.closed", "candidate", {"contact_id": contact})
        else:
            mine = event(
                stream,
                after + 1,
                "message.sent",
                "candidate",
                {"text": (data or {}).get("text", "")},
            )
        if kind in ("start", "close"):
            offers = offered.get(stream, 0) + 1
            offered[stream] = offers
            reply = event(stream, after + 2, "contact.offered", "system", {
                "contact_id": f"k{offers}", "channel": "email" if offers % 5 == 0 else "chat",
                "customer_name": "Client"})  # fmt: skip
        else:
            reply = event(
                stream, after + 2, "message.sent", "customer", {"text": "Merci, je note."}
            )
        log.extend((mine, reply))
        batch = {"stream": stream, "after": after, "upto": after + 2, "events": [mine, reply]}
        await sio.emit("events", batch, room=stream)
        return {"ok": True, "seq": [after + 1, after + 2]}

    application = web.Application()
    sio.attach(application)

    async def health(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    application.router.add_get("/", health)
    return application


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9100
    try:
        import uvloop

        loop_factory: Any = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop ships with the server's extras
        loop_factory = asyncio.new_event_loop
    web.run_app(app(), host="127.0.0.1", port=port, print=None, loop=loop_factory())


if __name__ == "__main__":
    main()
