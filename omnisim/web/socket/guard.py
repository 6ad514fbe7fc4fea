"""The socket.io server as the outside world meets it: what is refused before any handler runs.

python-socketio trusts its clients more than an exam room can: it buffers binary
attachments without limit, lets a client send events named ``connect`` or
``disconnect`` straight to those handlers, drops a packet it cannot decode without
a word, and aiohttp compresses every websocket frame the client offers to
compress. :class:`GuardedServer` closes each of these at the packet level; the
gateway's handlers only ever see text events with a plain name.

What cannot be answered by an acknowledgement (a packet without an id) is answered
by a ``refused`` event carrying the same ``{"field", "reason"}`` error.

Connections are held to account too. An engine.io connection that has not
authenticated (sent the socket.io connect the gateway accepts) within
``auth_deadline`` seconds is closed, and one address may hold at most
``pending_per_address`` such connections at once (beyond, the handshake is refused
with 401). A connection whose socket.io connect is refused is closed at once, after
the refusal is sent; so is one the server cuts (:meth:`GuardedServer.cut`).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from aiohttp import ClientConnectionResetError
from aiohttp.web import WebSocketResponse
from engineio import packet as eio_packet
from engineio.async_drivers.aiohttp import WebSocket
from socketio import packet

from omnisim import jsontext
from omnisim.protocol.messages import Refused
from omnisim.schema import SchemaError
from omnisim.web.addresses import request_address
from omnisim.web.socket.heartbeat import HeartbeatServer, PatientSocket
from omnisim.web.socket.wire import frames

log = logging.getLogger(__name__)

TOO_DEEP = "\u0000too-deep"  # the event name given to a packet too nested to decode
BAD_JSON = "\u0000bad-json"  # the event name given to a packet that is not JSON
BINARY = "\u0000binary"  # the event name given to a binary packet (refused, never buffered)
BAD_SHAPE = "\u0000bad-shape"  # an event packet whose data is not [name, …args]
#: Names socket.io keeps for itself; a client sending them is refused, never dispatched.
RESERVED = frozenset(
    {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"}
)
REFUSED_EVENT = "refused"
SPECIAL = frozenset({"connect", "disconnect"})  # handlers python-socketio calls its own way


def check_data(data: Any, depth: int, size: int) -> None:
    """An action's data: nested no deeper than ``depth``, valid Unicode text (no lone
    surrogate), at most ``size`` bytes of JSON; refused naming the field otherwise.

    One encoding answers both the size and the text: a lone surrogate fails it, and only
    then are the strings walked to name the field that holds it."""
    if not _depth(data, depth):
        raise SchemaError("data", "err.too_deep", limit=depth)
    try:
        length = len(json.dumps(data, ensure_ascii=False).encode())
    except UnicodeEncodeError:
        _check_text(data)
        raise
    if length > size:
        raise SchemaError("data", "err.too_big", size=length, limit=size)


def _depth(value: Any, limit: int) -> bool:
    """True when ``value`` nests no deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack += [(v, depth + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, depth + 1) for v in item]
    return True


def _check_text(value: Any, path: str = "data") -> None:
    """Refuse strings that are not valid Unicode text (lone surrogates), naming the field."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise SchemaError(where, "err.surrogate") from exc
        elif isinstance(item, dict):
            for key, sub in item.items():
                _check_text(key, where)
                stack.append((sub, f"{where}.{key}" if where != "data" else str(key)))
        elif isinstance(item, list):
            stack += [(sub, f"{where}[{n}]") for n, sub in enumerate(item)]


class PacketJson:
    """JSON for socket.io packets: what cannot be decoded becomes a named refusal, not silence.

    python-socketio drops a packet its decoder raises on, so the client would wait forever.
    """

    @staticmethod
    def dumps(value: Any, **_compact: Any) -> str:
        """Compact, non-ASCII kept (socket.io and engine.io ask for compact separators)."""
        return jsontext.dumps(value)

    @staticmethod
    def loads(*args: Any, **kwargs: Any) -> Any:
        try:
            return json.loads(*args, **kwargs)
        except RecursionError:
            return [TOO_DEEP]
        except ValueError:
            return [BAD_JSON]


class TextPacket(packet.Packet):
    """socket.io packets that are never binary: the server refuses binary packets and only
    ever sends JSON, so an outgoing packet is not walked for bytes (python-socketio walks
    every list and dict of every push for them: about 7 % of a worker's samples at 300
    candidates, bench/load.py --profile). Decoding is unchanged: a client's binary
    packet is still read as one, and refused."""

    uses_binary_events = False


class PlainWebSocket(WebSocket):
    """engine.io's aiohttp websocket without per-message compression.

    Frames are small JSON texts: deflating each costs more CPU than it saves bytes
    on a local network (15 % of the server's time at 600 candidates).
    """

    async def __call__(self, environ: dict[str, Any]) -> Any:
        request = environ["aiohttp.request"]
        self._sock = WebSocketResponse(
            max_msg_size=self.server.max_http_buffer_size, compress=False
        )
        await self._sock.prepare(request)
        self.environ = environ
        await self.handler(self)
        return self._sock

    async def send_all(self, messages: list[Any]) -> None:
        """Several packets as frames in one write (omnisim/web/socket/wire.py), with
        aiohttp's own checks and flow control around it: refused on a closing socket, and
        waiting while the transport's buffer is full."""
        writer = self._sock._writer if self._sock is not None else None
        if writer is None:
            raise RuntimeError("Call .prepare() first")
        if not _one_write(writer):  # another aiohttp: engine.io's own send, one frame each
            for message in messages:
                await self.send(message)
            return
        if writer._closing or writer.transport.is_closing():
            raise ClientConnectionResetError("Cannot write to closing transport")
        data = frames(messages)
        writer.transport.write(data)
        writer._output_size += len(data)
        if writer._output_size > writer._limit:
            writer._output_size = 0
            if writer.protocol.writing_paused:
                await writer.protocol._drain_helper()


# What the one-write sender reads of aiohttp's websocket writer (aiohttp 3.9 to 3.14):
# checked once per writer class, so another aiohttp falls back rather than breaks.
WRITER_PARTS = ("_closing", "transport", "_output_size", "_limit", "protocol")
PROTOCOL_PARTS = ("writing_paused", "_drain_helper")
_checked: dict[type, bool] = {}


def _one_write(writer: Any) -> bool:
    """Whether ``writer`` has the parts :meth:`PlainWebSocket.send_all` writes through."""
    kind = type(writer)
    if kind not in _checked:
        protocol = getattr(writer, "protocol", None)
        _checked[kind] = all(hasattr(writer, part) for part in WRITER_PARTS) and all(
            hasattr(protocol, part) for part in PROTOCOL_PARTS
        )
    return _checked[kind]


async def _plain_refusal(sid: str, why: str) -> dict[str, Any]:
    return Refused.of("type", why).to_json()


def event_name(data: Any) -> str:
    """The event name a decoded EVENT packet is dispatched under, or the reason it is not."""
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        return BAD_SHAPE
    name: str = data[0]
    return name


class GuardedServer(socketio.AsyncServer):
    """An AsyncServer that refuses binary packets, reserved names and malformed events,
    and closes connections that do not authenticate in time or are refused."""

    def __init__(
        self,
        *args: Any,
        auth_deadline: float = 10.0,
        pending_per_address: int = 128,
        trusted_proxies: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, json=PacketJson, serializer=TextPacket, **kwargs)
        self.eio._async = dict(self.eio._async, websocket=PlainWebSocket)
        self.refusals: Counter[str] = Counter()  # why packets were refused, for the bench
        self.word_refusal: Callable[[str, str], Awaitable[dict[str, Any]]] = _plain_refusal
        self.auth_deadline = auth_deadline
        self.pending_per_address = pending_per_address
        self.trusted_proxies = trusted_proxies
        # engine.io connections not (or no longer) authenticated: their address, their deadline
        self.pending: dict[str, tuple[str, asyncio.TimerHandle]] = {}
        self.pending_by_address: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()  # connections closed, by why (bench, tests)
        # How late the event loop has run so far, in seconds (overload.py's probe): the
        # heartbeat does not count it against a client (heartbeat.py).
        self.lateness: Callable[[], float] = lambda: 0.0
        self._coroutines: dict[Any, bool] = {}  # handler -> whether a coroutine function

    def _engineio_server_class(self) -> type:
        return HeartbeatServer  # one timer for the pings, one pass for silent clients

    # -- connections not authenticated -----------------------------------------------
    async def _handle_eio_connect(self, eio_sid: str, environ: dict[str, Any]) -> Any:
        """Refuse the handshake (401) past the address's cap; else start its deadline."""
        address = request_address(environ.get("aiohttp.request"), self.trusted_proxies)
        if self.pending_by_address[address] >= self.pending_per_address:
            self.dropped["pending_cap"] += 1
            return False
        self._arm(eio_sid, address)  # counted before any await: handshakes come in parallel
        sock = self.eio.sockets.get(eio_sid)
        if sock is not None:  # opened, not yet pinged
            PatientSocket.adopt(sock, lambda: self.lateness())
        await super()._handle_eio_connect(eio_sid, environ)
        return None

    def _arm(self, eio_sid: str, address: str) -> None:
        if eio_sid in self.pending:
            return
        loop = asyncio.get_running_loop()
        timer = loop.call_later(self.auth_deadline, self._expire, eio_sid)
        self.pending[eio_sid] = (address, timer)
        self.pending_by_address[address] += 1

    def _settle(self, eio_sid: str) -> None:
        """No longer pending: authenticated, or gone."""
        found = self.pending.pop(eio_sid, None)
        if found is None:
            return
        address, timer = found
        timer.cancel()
        self.pending_by_address[address] -= 1
        if self.pending_by_address[address] <= 0:
            del self.pending_by_address[address]

    def _expire(self, eio_sid: str) -> None:
        if eio_sid in self.pending:
            self._settle(eio_sid)
            self.dropped["deadline"] += 1
            asyncio.get_running_loop().create_task(self.close_connection(eio_sid))

    async def _handle_eio_disconnect(self, eio_sid: str, reason: Any) -> None:
        self._settle(eio_sid)
        await super()._handle_eio_disconnect(eio_sid, reason)

    async def close_connection(self, eio_sid: str) -> None:
        """Close an engine.io connection now: what is queued for it (a refusal) is sent,
        then its close; a websocket is closed by the server, a long-poll session forgotten.
        A client that ignores the close keeps nothing open here."""
        socket = self.eio.sockets.get(eio_sid)
        if socket is None:
            return
        await socket.close(wait=False, abort=False, reason=self.eio.reason.SERVER_DISCONNECT)
        await socket.queue.put(None)  # the websocket's writer ends, and closes the connection
        self.eio.sockets.pop(eio_sid, None)

    async def cut(self, sid: str, event: str, data: Any) -> None:
        """Tell a connected socket why (``event``), disconnect it, close its connection."""
        eio_sid = self.manager.eio_sid_from_sid(sid, "/")
        if eio_sid is None or not self.manager.is_connected(sid, "/"):
            return
        await self.emit(event, data, to=sid, ignore_queue=True)
        await self.disconnect(sid, ignore_queue=True)
        self.dropped["cut"] += 1
        await self.close_connection(eio_sid)

    async def _handle_eio_message(self, eio_sid: str, data: Any) -> None:
        if isinstance(data, bytes | bytearray):
            # A binary attachment: never buffered, since no binary packet is ever accepted.
            await self._refuse(eio_sid, "/", None, BINARY)
            return
        try:
            pkt = self.packet_class(encoded_packet=data)
        except Exception:  # not a socket.io packet at all
            await self._refuse(eio_sid, "/", None, BAD_SHAPE)
            return
        kind, namespace = pkt.packet_type, pkt.namespace or "/"
        if kind in (packet.BINARY_EVENT, packet.BINARY_ACK):
            await self._refuse(eio_sid, namespace, pkt.id, BINARY)
        elif kind == packet.CONNECT and self.manager.sid_from_eio_sid(eio_sid, namespace):
            # Connecting again on a live socket would re-run authentication under old rooms.
            await self._refuse(eio_sid, namespace, None, "connect")
        elif kind == packet.CONNECT:
            await self._handle_connect(eio_sid, namespace, pkt.data)
            if self.manager.sid_from_eio_sid(eio_sid, namespace) is not None:
                self._settle(eio_sid)  # authenticated
            else:  # refused (the reason is on its way): nothing more to wait for
                self.dropped["refused"] += 1
                await self.close_connection(eio_sid)
        elif kind == packet.DISCONNECT:
            await self._handle_disconnect(eio_sid, namespace, self.reason.CLIENT_DISCONNECT)
            environ = self.environ.get(eio_sid, {})
            address = request_address(environ.get("aiohttp.request"), self.trusted_proxies)
            self._arm(eio_sid, address)  # connected again but unauthenticated: a deadline
        elif kind == packet.EVENT:
            await self._handle_event(eio_sid, namespace, pkt.id, pkt.data)
        elif kind == packet.ACK:
            await self._handle_ack(eio_sid, namespace, pkt.id, pkt.data)
        else:
            await self._refuse(eio_sid, namespace, None, BAD_SHAPE)

    async def _handle_event(self, eio_sid: str, namespace: Any, id: Any, data: Any) -> None:
        name = event_name(data)
        if name in RESERVED or name.startswith("\u0000"):  # reserved, or not decodable
            await self._refuse(eio_sid, namespace or "/", id, name)
            return
        await super()._handle_event(eio_sid, namespace, id, data)

    async def _trigger_event(self, event: str, namespace: str, *args: Any) -> Any:
        """An event's handler, awaited as python-socketio does, without asking per event
        whether it is a coroutine function (``inspect.iscoroutinefunction``, on every
        action): the answer is kept per handler. Connect and disconnect keep its path."""
        if event in SPECIAL:
            return await super()._trigger_event(event, namespace, *args)
        handler, args = self._get_event_handler(event, namespace, args)
        if handler is None or not self._is_coroutine(handler):
            return await super()._trigger_event(event, namespace, *args)
        try:
            return await handler(*args)
        except asyncio.CancelledError:  # as python-socketio: no answer
            return None

    def _is_coroutine(self, handler: Any) -> bool:
        known = self._coroutines.get(handler)
        if known is None:
            known = self._coroutines[handler] = inspect.iscoroutinefunction(handler)
        return known

    async def _send_packet(self, eio_sid: str, pkt: Any) -> None:
        """A socket.io packet (an action's acknowledgement, a refusal) to one client: queued
        at once on a socket open and answering (PatientSocket.queue_now), else engine.io's
        way, as python-socketio sends it."""
        encoded = pkt.encode()
        sock = self.eio.sockets.get(eio_sid)
        for part in encoded if isinstance(encoded, list) else [encoded]:
            message = eio_packet.Packet(eio_packet.MESSAGE, data=part)
            if not (isinstance(sock, PatientSocket) and sock.queue_now(message)):
                await self.eio.send_packet(eio_sid, message)

    async def _refuse(self, eio_sid: str, namespace: str, id: Any, why: str) -> None:
        """Answer a packet no handler may see: by its acknowledgement, else a ``refused`` event."""
        namespace = namespace or "/"
        self.refusals[why] += 1
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is None or not self.manager.is_connected(sid, namespace):
            return
        answer = await self.word_refusal(sid, why)
        if id is not None:
            pkt = self.packet_class(packet.ACK, namespace=namespace, id=id, data=[answer])
        else:
            pkt = self.packet_class(packet.EVENT, namespace=namespace, data=[REFUSED_EVENT, answer])
        await self._send_packet(eio_sid, pkt)
