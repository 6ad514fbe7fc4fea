"""The worker's heartbeat on shared timers (omnisim/web/socket/heartbeat.py): every socket's
pings from one heap and one timer (Pinger), silent clients found by one pass per
``ping_timeout`` (HeartbeatServer.sweep), with engine.io's outcomes: a ping ``ping_interval``
after the last one, a silent client closed, a closed socket forgotten."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from engineio import exceptions

from omnisim.web.keys import GATEWAY
from omnisim.web.socket.heartbeat import HeartbeatServer, Pinger


class FakeSocket:
    """What the pinger touches of a PatientSocket."""

    def __init__(self, fail: bool = False) -> None:
        self.pings: list[float] = []
        self.fail = fail

    def ping(self) -> None:
        if self.fail:
            raise RuntimeError("broken")
        self.pings.append(asyncio.get_running_loop().time())


async def test_one_timer_sends_every_due_ping_at_its_time_and_skips_nobody() -> None:
    pinger = Pinger(slack=0.01)
    loop = asyncio.get_running_loop()
    start = loop.time()
    sockets = [FakeSocket() for _ in range(30)]
    broken = FakeSocket(fail=True)
    pinger.add(broken, 0.05)  # its failure does not stop the others
    for n, sock in enumerate(sockets):
        pinger.add(sock, 0.05 + 0.01 * (n % 3))  # added out of order: kept in due order
    late = FakeSocket()
    pinger.add(late, 0.3)
    early = FakeSocket()
    pinger.add(early, 0.02)  # earlier than the armed timer: the timer moves
    await asyncio.sleep(0.15)
    assert len(early.pings) == 1 and early.pings[0] - start >= 0.02 - 0.011
    for n, sock in enumerate(sockets):
        assert len(sock.pings) == 1
        assert sock.pings[0] - start >= 0.05 + 0.01 * (n % 3) - 0.011  # never early past slack
    assert not late.pings and len(pinger) == 1
    await asyncio.sleep(0.25)
    assert len(late.pings) == 1 and len(pinger) == 0
    assert pinger.sent == 32
    pinger.close()


async def test_a_pong_puts_the_next_ping_on_the_heap_and_it_leaves_on_time(live: Any) -> None:
    """No task per ping: the socket is on the server's pinger, due ``ping_interval`` after
    its last ping; when due, it is stamped and queued."""
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    sio = live.app[GATEWAY].sio
    assert isinstance(sio.eio, HeartbeatServer)
    sock = sio.eio.sockets[sio.manager.eio_sid_from_sid(candidate.sio.get_sid(), "/")]
    interval = sio.eio.ping_interval
    pinger = sio.eio.pinger
    tasks = len(asyncio.all_tasks())
    sock.last_ping = time.time() - 0.1  # a ping answered now
    sock._pinged_at = time.time() - (interval - 0.2)  # sent 0.2 s before the interval ends
    before = pinger.sent
    asked = time.time()
    sock.schedule_ping()
    assert len(asyncio.all_tasks()) == tasks  # no task of its own
    assert sock.last_ping is None  # waiting for the next ping, as engine.io marks it
    await asyncio.sleep(0.6)
    assert pinger.sent > before
    assert asked + 0.1 < sock._pinged_at < asked + 0.5  # stamped when sent, on time
    await asyncio.sleep(0.3)
    assert candidate.sio.connected and not sock.closed  # the client answered it


async def test_the_sweep_closes_a_silent_client_and_forgets_closed_sockets(live: Any) -> None:
    tokens = await live.session()
    quiet = await live.connect(tokens.candidate)
    chatty = await live.connect(tokens.candidate)
    sio = live.app[GATEWAY].sio
    eio = sio.eio
    silent = eio.sockets[sio.manager.eio_sid_from_sid(quiet.sio.get_sid(), "/")]
    alive = eio.sockets[sio.manager.eio_sid_from_sid(chatty.sio.get_sid(), "/")]
    silent.last_ping = time.time() - eio.ping_timeout - 1.5  # unanswered for too long
    assert await eio.sweep() >= 2
    deadline = asyncio.get_running_loop().time() + 5
    while quiet.sio.connected:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    assert silent.closed and not alive.closed and chatty.sio.connected
    silent.closed = True  # still listed (as engine.io may leave one): the next pass drops it
    eio.sockets[silent.sid] = silent
    await eio.sweep()
    assert silent.sid not in eio.sockets and alive.sid in eio.sockets


class Swept:
    """What the sweep reads of a socket; ``gone``: closed by another's close meanwhile."""

    def __init__(self, sid: str, gone: bool = False) -> None:
        self.sid, self.gone = sid, gone
        self.closed = self.closing = False
        self.checked = 0

    async def check_ping_timeout(self) -> bool:
        if self.gone:
            raise exceptions.SocketIsClosedError()
        self.checked += 1
        return True


async def test_a_socket_closed_during_the_sweep_does_not_stop_it() -> None:
    server = HeartbeatServer(async_mode="aiohttp")
    sockets = [Swept("a"), Swept("b", gone=True), Swept("c")]
    dead = Swept("d")
    dead.closed = True
    server.sockets = {s.sid: s for s in (*sockets, dead)}
    assert await server.sweep() == 4
    assert sockets[0].checked == 1 and sockets[2].checked == 1
    assert "d" not in server.sockets and "b" in server.sockets
    server.pinger.close()


async def test_an_event_is_dispatched_on_the_readers_turn_a_connect_in_a_task() -> None:
    """A socket.io event or acknowledgement reaches socket.io's handler inline (which makes
    the event's own task), not through a task of engine.io's; a connect, a disconnect or
    anything else keeps engine.io's task; a handler's error is logged, never raised into
    the reader."""
    server = HeartbeatServer(async_mode="asgi")
    heard: list[tuple[str, str]] = []

    async def message(sid: str, data: Any) -> None:
        heard.append((sid, data))
        if data == "2boom":
            raise RuntimeError("broken handler")

    server.on("message", message)
    tasks = len(asyncio.all_tasks())
    for data in ('2["send",{}]', '30[{"ok":true}]', "2boom"):
        assert await server._trigger_event("message", "s1", data, run_async=True) is None
        assert heard[-1] == ("s1", data)  # handled before the call returned
        assert len(asyncio.all_tasks()) == tasks  # and no task made for it
    connect = await server._trigger_event("message", "s1", '0{"token":"x"}', run_async=True)
    assert isinstance(connect, asyncio.Task)  # engine.io's task, as before
    await connect
    assert heard[-1] == ("s1", '0{"token":"x"}')
    binary = await server._trigger_event("message", "s1", b"\x00", run_async=True)
    assert isinstance(binary, asyncio.Task)  # a binary packet too (refused by the guard)
    await binary
