"""The server's side of the heartbeat, fair to a client while the worker itself is late.

engine.io pings each client every PING_INTERVAL seconds and closes one whose pong has not
been read PING_TIMEOUT seconds after the ping was stamped. It reads the time on the wall:
when the worker's event loop is late (saturated, or starved of CPU), the pong sits in the
socket's buffer while the loop is busy elsewhere, and a push to that client checks the
timeout first: the server closes a client that answered on time. That was how connected
candidates were dropped under overload (bench/load.py at 500, on a starved worker: 314).

:class:`PatientSocket` judges a client on the time the loop was free to hear it: the
silence since the ping, less how late the loop ran meanwhile (the lag probe's lateness,
accumulated: omnisim/web/socket/overload.py). A client really gone is closed as before,
and the desk's own watchdog (web/src/net/connection.ts) is unchanged.

Its pings keep their cadence: the next leaves ``ping_interval`` after the last one, where
engine.io counts from the moment it read the pong, so that a late loop added its lateness to
every cycle until the client, which allows ``ping_interval + ping_timeout`` between pings,
closed the connection.

Its writer waits for what to push without a timer: engine.io's waits on the queue through
``asyncio.wait_for``, a task and a timer per push (half of a worker's timers under load,
bench/load.py), for a timeout a websocket never needs, its reader's own covering a silent
client. Long-polling keeps engine.io's wait: there the timeout ends a request nobody reads.

Its pings leave from one heap and one timer for every socket of the worker (:class:`Pinger`),
not from a task and a sleep per ping; and the server looks for silent clients once per
``ping_timeout`` in one pass (:class:`HeartbeatServer`), where engine.io's service task
woke once per socket in that time, each wake a ``wait_for``, a task and a timer (300 a
second at 600 candidates).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import inspect
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

import engineio
from engineio import exceptions, packet
from engineio.async_socket import AsyncSocket

from omnisim.web.socket import wire

log = logging.getLogger(__name__)

#: Pings due within this many seconds of the timer's leave with it (a ping early by this
#: much is harmless: the client only counts the time between two pings against a limit).
PING_SLACK = 0.01
SWEEP_BATCH = 512  # sockets looked at before the sweep lets the loop run others


class PatientSocket(AsyncSocket):
    """An engine.io socket whose ping timeout leaves out the loop's own lateness."""

    _last_ping: float | None
    _late_at_ping: float
    _pinged_at: float = 0.0  # when the last ping was stamped (kept after its pong)
    lateness: Callable[[], float] = staticmethod(lambda: 0.0)  # seconds, accumulated

    @classmethod
    def adopt(cls, sock: Any, lateness: Callable[[], float]) -> None:
        """Make an engine.io socket just opened a patient one (before its first ping)."""
        last = sock.__dict__.pop("last_ping", None)
        sock.__class__ = cls
        sock.lateness = lateness
        sock.last_ping = last

    @property
    def last_ping(self) -> float | None:
        return self._last_ping

    @last_ping.setter
    def last_ping(self, value: float | None) -> None:
        """Stamped when a ping goes out (engine.io's own code), with the lateness so far."""
        self._last_ping = value
        self._late_at_ping = self.lateness()
        if value:
            self._pinged_at = value

    def silence(self) -> float:
        """Seconds since the ping the loop was free to read the pong in."""
        if not self._last_ping:
            return 0.0
        return time.time() - self._last_ping - (self.lateness() - self._late_at_ping)

    def queue_now(self, pkt: Any) -> bool:
        """Queue ``pkt`` as :meth:`send` would, without its coroutines, when nothing is in
        doubt: the socket is open and its client answered in time. False: nothing was queued,
        and the caller sends it the long way (engine.io's, which closes a silent client).

        A push reached each socket through four coroutines (engine.io's ``send_packet``,
        the socket's ``send``, its ping check and the queue's ``put``) for a list append."""
        if self.closed or self.closing or self.silence() > self.server.ping_timeout:
            return False
        self.queue.put_nowait(pkt)
        return True

    async def check_ping_timeout(self) -> bool:
        if not self.closed and self.silence() <= self.server.ping_timeout:
            return True  # late because the loop was: not the client's silence
        result: bool = await super().check_ping_timeout()
        return result

    def schedule_ping(self) -> None:
        """After a pong: the next ping on the worker's heap (:class:`Pinger`), not a task."""
        if self.last_ping:
            self.last_ping = None
            pinger = getattr(self.server, "pinger", None)
            if pinger is None:  # a plain engine.io server: its task per ping
                self.server.start_background_task(self._send_ping)
            else:
                pinger.add(self, self.ping_interval_left())

    def ping_interval_left(self) -> float:
        """Seconds until the next ping is due: ``ping_interval`` after the last one."""
        since = time.time() - self._pinged_at if self._pinged_at else 0.0
        return float(max(0.0, self.server.ping_interval - since))

    def ping(self) -> None:
        """Queue a ping now, stamped (as :meth:`_send_ping` does after its wait)."""
        if not self.closing and not self.closed:
            self.last_ping = time.time()
            self.queue.put_nowait(packet.Packet(packet.PING))

    async def _send_ping(self) -> None:
        """The next ping ``ping_interval`` after the last one, not after its pong was read.

        engine.io waits the whole interval from the moment it reads the pong, so on a late
        loop each cycle adds the lateness of reading the pong to the interval; the client,
        which allows ``ping_interval + ping_timeout`` between two pings, then closed
        connected candidates at 2,000 offered to one worker (bench/load.py: 83 of 1,428).
        Counted from the last ping, the cycle keeps its cadence; a client really gone is
        still closed by :meth:`check_ping_timeout`.
        """
        await asyncio.sleep(self.ping_interval_left())
        if not self.closing and not self.closed:
            self.last_ping = time.time()
            await self.send(packet.Packet(packet.PING))

    async def poll(self) -> list[Any]:
        """What to push next, every packet queued (``[]``: the socket is closing).

        On a websocket the queue is waited on as it is: a ping is queued every
        ``ping_interval`` while the client answers, and the reader, which gives up after
        ``ping_interval + ping_timeout`` of silence, queues the ``None`` that ends this wait.
        """
        if not self.upgraded:
            polled: list[Any] = await super().poll()
            return polled
        try:
            first = await self.queue.get()
        except asyncio.CancelledError:
            raise exceptions.QueueEmpty() from None  # as engine.io's: the writer closes the socket
        self.queue.task_done()
        packets = [first]
        while packets[-1] is not None and not self.queue.empty():
            packets.append(self.queue.get_nowait())
            self.queue.task_done()
        if packets[-1] is None:  # closing: what came before it is sent first
            packets.pop()
            if packets:
                self.queue.put_nowait(None)
        return packets

    async def _websocket_handler(self, ws: Any) -> None:
        """Opened on a websocket: read and written without a task or a timer per message
        (wire.py). Upgraded from long-polling: engine.io's own handler."""
        if self.connected:
            await super()._websocket_handler(ws)
        else:
            await wire.serve(self, ws)


#: socket.io packet types (their first character) whose handling only decodes and dispatches:
#: an event (its handler then runs in socket.io's own task), an acknowledgement.
DISPATCHED = ("2", "3")


def _dispatched(args: tuple[Any, ...]) -> bool:
    """Whether a message (engine.io's ``(sid, data)``) is a socket.io event or acknowledgement."""
    data = args[1] if len(args) > 1 else None
    return isinstance(data, str) and data.startswith(DISPATCHED)


class Pingable(Protocol):
    def ping(self) -> None: ...


class Pinger:
    """Every socket's next ping on one heap, sent by one timer armed at the earliest.

    A socket is added when its pong is read, due ``ping_interval`` after its last ping
    (:meth:`PatientSocket.ping_interval_left`); the timer sends every ping due within
    ``PING_SLACK`` and is armed again at the next one."""

    def __init__(self, slack: float = PING_SLACK) -> None:
        self.slack = slack
        self._heap: list[tuple[float, int, Pingable]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None
        self._armed = 0.0
        self.sent = 0  # pings sent, for the tests and the bench

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, sock: Pingable, delay: float) -> None:
        loop = asyncio.get_running_loop()
        at = loop.time() + delay
        heapq.heappush(self._heap, (at, next(self._order), sock))
        if self._timer is None or at < self._armed - self.slack:
            self._arm(loop, at)

    def _arm(self, loop: asyncio.AbstractEventLoop, at: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._armed = at
        self._timer = loop.call_at(at, self._fire)

    def _fire(self) -> None:
        self._timer = None
        loop = asyncio.get_running_loop()
        horizon = loop.time() + self.slack
        heap = self._heap
        while heap and heap[0][0] <= horizon:
            sock = heapq.heappop(heap)[2]
            try:
                sock.ping()
                self.sent += 1
            except Exception:  # one socket's failure never stops the others' pings
                log.exception("ping failed")
        if heap:
            self._arm(loop, heap[0][0])

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._heap.clear()


class HeartbeatServer(engineio.AsyncServer):
    """engine.io's server with one :class:`Pinger` for its sockets' pings, and one pass per
    ``ping_timeout`` over its sockets for silent clients (closed) and closed sockets
    (forgotten), as engine.io's service task did one socket at a time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinger = Pinger()
        self._coroutines: dict[Any, bool] = {}  # handler -> whether a coroutine function

    async def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """A socket.io event or acknowledgement is handed to socket.io on the reader's turn.

        engine.io runs every message's handler in a task of its own, and socket.io then
        runs the event's handler in another: two tasks per action. socket.io's task is what
        lets an action wait for the store without holding up the reader; engine.io's, for
        these two kinds, only decoded the packet and made socket.io's. A connect or
        disconnect (which wait for the store and the gateway) keeps its task, as anything
        else does. A handler's error is logged, as engine.io's task logged it."""
        if event == "message" and kwargs.get("run_async") and _dispatched(args):
            handler = self.handlers.get(event)
            awaitable = self._coroutines.get(handler)
            if awaitable is None:
                awaitable = self._coroutines[handler] = inspect.iscoroutinefunction(handler)
            if awaitable:
                try:
                    return await handler(*args)
                except Exception:
                    self.logger.exception("message async handler error")
                    return None
        return await super()._trigger_event(event, *args, **kwargs)

    async def _service_task(self) -> None:
        self.service_task_event = self.create_event()
        try:
            while True:
                try:
                    await asyncio.wait_for(self.service_task_event.wait(), self.ping_timeout)
                    break  # the server is shutting down
                except TimeoutError:
                    pass
                try:
                    await self.sweep()
                except Exception:
                    log.exception("heartbeat sweep failed")
        finally:
            self.pinger.close()

    async def sweep(self) -> int:
        """Close the sockets whose client fell silent, forget the closed ones; how many were
        looked at."""
        seen = 0
        for sock in list(self.sockets.values()):
            if sock.closed:
                self.sockets.pop(sock.sid, None)
            elif not sock.closing:
                with contextlib.suppress(exceptions.SocketIsClosedError):  # closed meanwhile
                    await sock.check_ping_timeout()
            seen += 1
            if seen % SWEEP_BATCH == 0:
                await asyncio.sleep(0)
        return seen
