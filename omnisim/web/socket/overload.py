"""Overload shedding: past a worker's measured capacity, arrivals are refused with a retry
hint, never dropped; connected candidates keep their connection.

Capacity is measured, not guessed, by two signals:

* **event-loop lag**: a timer asks to wake every ``TICK`` seconds; how late it wakes is how
  long every callback of the loop waits (an action's ack, a push, a ping). The figure used
  is the median lateness of the last ``WINDOW`` seconds: a lag the loop sustains, not one
  pause (a collection, a large catch-up) that a second later is gone;
* **queue depth**: joins and actions the gateway has begun and not yet answered (waiting
  for the loop, the store's group commit, an exam's owner).

Two levels. Past ``lag_limit`` or ``depth_limit`` the worker *sheds arrivals*: a new socket
is refused at connection with « serveur saturé, réessayez dans N s » (``retry_after``: N in
the refusal's data); the candidates already connected are served as before. Past twice
either limit it is *behind*: joins and actions are refused too, with the same reason and
hint, before anything is done, so an action refused was never logged and one acknowledged
stays acknowledged; the desk keeps it in its outbox and sends it again after N s
(web/src/net/connection.ts). The boards hear each worker's state (socket message ``load``)
when it changes, and every few seconds while it lasts.

This is apart from the per-person limits (rates, socket caps, omnisim/web/socket/gateway.py):
those refuse one client's excess whatever the load; this refuses the worker's.
"""

from __future__ import annotations

import asyncio
import logging
import math
import statistics
import time
import zlib
from collections import deque
from collections.abc import Callable
from typing import Any

import socketio

from omnisim.protocol.messages import Caller, WorkerLoad
from omnisim.refusals import Declined
from omnisim.web.socket.guard import GuardedServer

log = logging.getLogger(__name__)

TICK = 0.05  # seconds between the lag probe's wake-ups
WINDOW = 2.0  # the lag is the median of this many seconds
TELL_EVERY = 3.0  # while saturated, the boards hear the state this often
RETRY_MIN, RETRY_MAX = 1, 30  # the retry hint's bounds, in seconds
SPREAD = 3  # hints spread over this many seconds: refused clients do not come back at once
LOAD_ROOM = "boards"  # every board socket: a worker's saturation concerns every exam


class Busy(Declined):
    """Refused because the worker is saturated: asked again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__("server", "err.saturated", seconds=seconds)
        self.seconds = seconds


class Overload:
    """A worker's saturation, measured, and what it sheds."""

    def __init__(
        self,
        sio: socketio.AsyncServer,
        *,
        lag_limit: float = 0.25,
        depth_limit: int = 400,
        worker: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sio = sio
        self.lag_limit, self.depth_limit = lag_limit, depth_limit
        self.worker = worker
        self.clock = clock
        self.depth = 0  # joins and actions begun, not answered (counted by the gateway)
        self.refused = {"connect": 0, "join": 0, "action": 0}
        self._lags: deque[tuple[float, float]] = deque()  # (when, lateness)
        self.late_total = 0.0  # every probe's lateness since the start (heartbeat.py)
        if isinstance(sio, GuardedServer):
            sio.lateness = lambda: self.late_total
        self.lag = 0.0  # the median lateness of the last WINDOW seconds, kept at each probe
        self._told: tuple[bool, float] = (False, 0.0)  # what the boards last heard, when

    # -- measuring ---------------------------------------------------------------------
    def record(self, late: float) -> None:
        """One probe's lateness; the lag becomes the median of the window's."""
        now = self.clock()
        self.late_total += max(0.0, late)
        self._lags.append((now, max(0.0, late)))
        while self._lags and self._lags[0][0] < now - WINDOW:
            self._lags.popleft()
        self.lag = statistics.median(late for _, late in self._lags)

    async def probing(self) -> None:
        """The lag probe: runs for the worker's life (a task of the app)."""
        while True:
            began = self.clock()
            await asyncio.sleep(TICK)
            self.record(self.clock() - began - TICK)
            await self._tell()

    # -- shedding ----------------------------------------------------------------------
    def load(self) -> float:
        """How far past capacity, 1.0 at a limit: the larger of lag and depth, relative."""
        return max(self.lag / self.lag_limit, self.depth / max(self.depth_limit, 1))

    @property
    def saturated(self) -> bool:
        return self.load() >= 1.0

    def retry_after(self, who: str) -> int:
        """Seconds before asking again: longer the further past capacity, spread by client."""
        base = math.ceil(self.load())
        spread = zlib.crc32(who.encode()) % SPREAD
        return max(RETRY_MIN, min(RETRY_MAX, base + spread))

    def admit(self, sid: str, auth: Any) -> None:
        """A new socket: refused while the worker is saturated, in the client's language,
        with ``{"retry_after": N}`` as the refusal's data."""
        if self.saturated:
            self.refused["connect"] += 1
            busy = Busy(self.retry_after(sid))
            lang = auth.get("lang") if isinstance(auth, dict) else None
            reason = busy.render(lang if lang in ("fr", "en") else "fr")
            raise socketio.exceptions.ConnectionRefusedError(reason, {"retry_after": busy.seconds})

    async def watch(self, sid: str, who: Caller) -> None:
        """A board's socket hears every worker's state (the room is relayed between workers)."""
        if who.board:
            await self.sio.enter_room(sid, LOAD_ROOM)

    def accept(self, kind: str, who: str) -> None:
        """A join or an action of a connected socket: refused only when the worker is behind
        (twice a limit), before anything is done."""
        if self.load() >= 2.0:
            self.refused[kind if kind == "join" else "action"] += 1
            raise Busy(self.retry_after(who))

    # -- telling the boards -------------------------------------------------------------
    def state(self) -> WorkerLoad:
        return WorkerLoad(
            worker=self.worker,
            saturated=self.saturated,
            lag_ms=round(self.lag * 1000),
            depth=self.depth,
            refused=sum(self.refused.values()),
        )

    async def _tell(self) -> None:
        saturated, now = self.saturated, self.clock()
        told, when = self._told
        if saturated == told and not (saturated and now - when >= TELL_EVERY):
            return
        self._told = (saturated, now)
        if saturated != told:
            log.warning(
                "worker %s %s (lag %.0f ms, %d in flight, refused %s)",
                self.worker,
                "saturated: arrivals refused" if saturated else "no longer saturated",
                self.lag * 1000,
                self.depth,
                self.refused,
            )
        try:  # every board, on every worker (through the relay)
            await self.sio.emit("load", self.state().to_json(), room=LOAD_ROOM)
        except Exception:  # the probe outlives a failed emit (a Redis hiccup)
            log.exception("worker load not told to the boards")
