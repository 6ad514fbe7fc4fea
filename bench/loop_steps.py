"""CPU of each step of the event loop's work per action, on the served app with real sockets.

    .venv/bin/python bench/loop_steps.py [--candidates 300] [--seconds 20]

On demand; prints figures, asserts nothing. One bench/load.py step (a fresh worker on a
temporary SQLite file, the Node generator's candidates sending a realistic action a second),
but the worker runs with probes: each step below is timed on the main thread's CPU clock
(``time.thread_time_ns``), a coroutine step by step (only while it runs, never while it
waits), so the figure is what the step costs the loop, preemptions left out (on a shared
machine the total still moves by about 5 % from one run to the next: compare runs made
alternately).
Sampling profilers (py-spy) count a thread waiting on the GIL or in fsync as busy and
attribute uvloop's C work to whichever Python frame is on top; cProfile's wall clock counts
the preemptions of a shared machine and inflates small calls several times over.

Each probe costs about a microsecond (two clock reads); steps are inclusive (a step's
figure holds the probes nested in it). Printed per step: calls, µs per call, µs per action
(the step's CPU over the actions the gateway answered), and the main thread's whole CPU
per action. The SQLite writer's transaction is timed on its own thread's clock (not part of
that total): most of it is the kernel's work for the commit's fsync.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Coroutine, Generator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_clock = time.thread_time_ns
TOTALS: dict[str, list[int]] = {}  # step -> [calls, ns]


class _Timed:
    """Awaits a coroutine, adding the CPU of each of its runs (not its waits) to ``cell``."""

    __slots__ = ("coro", "cell")

    def __init__(self, coro: Coroutine[Any, Any, Any], cell: list[int]) -> None:
        self.coro, self.cell = coro, cell

    def __await__(self) -> Generator[Any, Any, Any]:
        it = self.coro.__await__()
        cell = self.cell
        cell[0] += 1
        send, error = None, None
        while True:
            began = _clock()
            try:
                out = it.send(send) if error is None else it.throw(error)
            except StopIteration as done:
                cell[1] += _clock() - began
                return done.value
            except BaseException:
                cell[1] += _clock() - began
                raise
            cell[1] += _clock() - began
            try:
                send, error = (yield out), None
            except BaseException as exc:  # thrown into the awaiting task: passed on
                send, error = None, exc


def _probe(owner: Any, name: str, step: str) -> None:
    original = getattr(owner, name)
    cell = TOTALS.setdefault(step, [0, 0])
    if getattr(original, "__code__", None) and original.__code__.co_flags & 0x80:  # coroutine

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            return await _Timed(original(*args, **kwargs), cell)

        setattr(owner, name, timed_async)
        return

    def timed(*args: Any, **kwargs: Any) -> Any:
        cell[0] += 1
        began = _clock()
        try:
            return original(*args, **kwargs)
        finally:
            cell[1] += _clock() - began

    setattr(owner, name, timed)


def install() -> None:
    """Probe the loop's steps (the worker's side): receive, gateway, engine, store, push,
    websocket writer, scheduler."""
    from aiohttp.web_protocol import RequestHandler
    from engineio.async_drivers.aiohttp import WebSocket as EioWebSocket
    from engineio.async_socket import AsyncSocket

    from omnisim.engine import Engine
    from omnisim.live import commands
    from omnisim.live.attempt import SessionRuntime
    from omnisim.live.exams import Exams
    from omnisim.live.scheduler import Scheduler
    from omnisim.protocol.handles import Handles
    from omnisim.store import sqlite_store
    from omnisim.store.base import EventStore
    from omnisim.store.group import GroupCommit
    from omnisim.store.writer import ThreadWorker
    from omnisim.web.socket import feed, gateway, guard, wire
    from omnisim.web.socket.feed import Feed
    from omnisim.web.socket.heartbeat import HeartbeatServer, PatientSocket, Pinger

    _probe(AsyncSocket, "receive", "receive: engine.io socket (+ message task when inline)")
    _probe(guard.GuardedServer, "_handle_eio_message", "receive: socket.io decode, dispatch")
    _probe(guard.GuardedServer, "_trigger_event", "event handler (gateway + command)")
    _probe(gateway.Gateway, "_answer", "gateway: answer (all of an action)")
    _probe(commands, "run", "command: run on the owner")
    _probe(gateway, "check_data", "gateway: check_data")
    _probe(gateway, "parse_action", "gateway: parse_action")
    _probe(gateway.Gateway, "_spend", "gateway: budgets")
    _probe(gateway.Gateway, "_who", "gateway: exam look-up")
    _probe(Handles, "taken", "command: the desk's handles to ids")
    _probe(SessionRuntime, "act", "attempt: act (locked section)")
    _probe(Engine, "act", "engine: act (decide)")
    _probe(Engine, "due", "engine: due")
    _probe(SessionRuntime, "apply", "engine: fold (+ handles, answers)")
    _probe(EventStore, "append", "store: append (encode, hand-off, back)")
    _probe(GroupCommit, "_next", "store: batch out (to the writer)")
    _probe(GroupCommit, "_settle", "store: batch back (futures)")
    _probe(ThreadWorker, "submit", "store: writer queue put")
    # On the writer thread: its own CPU clock (not the loop's; not in the total below).
    _probe(sqlite_store, "write_batch", "writer thread: one transaction (its CPU)")
    _probe(Exams, "publish", "push: exams' publish (index, subscribers)")
    _probe(Feed, "publish", "push: publish (rooms, views, encode, queue)")
    _probe(Feed, "_rooms", "push: rooms and views")
    _probe(Feed, "_with_members", "push: rooms with members")
    _probe(Handles, "view", "push: candidate's view")
    _probe(feed, "encode", "push: encode")
    _probe(feed, "send_local", "push: queue on the sockets")
    _probe(guard.PlainWebSocket, "send_all", "websocket writer: frames, write")
    _probe(PatientSocket, "poll", "websocket writer: poll the queue")
    _probe(wire, "frames", "websocket writer: frames")
    _probe(RequestHandler, "data_received", "transport: bytes read, frames parsed")
    _probe(EioWebSocket, "wait", "transport: a message awaited (resumed)")
    _probe(Pinger, "_fire", "heartbeat: pings queued")
    _probe(HeartbeatServer, "sweep", "heartbeat: sweep")
    _probe(Scheduler, "schedule", "scheduler: schedule (next_due)")
    _probe(Scheduler, "_tick", "scheduler: tick (engine, commits, pushes)")
    _probe(SessionRuntime, "seconds_to_next", "engine: next_due")
    gc_cell = TOTALS.setdefault("garbage collection", [0, 0])
    gc_began = [0]

    def collected(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            gc_began[0] = _clock()
        else:
            gc_cell[0] += 1
            gc_cell[1] += _clock() - gc_began[0]

    gc.callbacks.append(collected)
    out = os.environ["OMNISIM_STEPS_OUT"]
    began = {"cpu": 0}

    def mark(*_args: Any) -> None:  # the generator's steady window starts: count from zero
        for cell in TOTALS.values():
            cell[0] = cell[1] = 0
        began["cpu"] = _clock()

    signal.signal(signal.SIGUSR1, mark)

    def dump() -> None:  # at the worker's exit: the steady window's figures
        Path(out).write_text(json.dumps({"totals": TOTALS, "cpu_ns": _clock() - began["cpu"]}))

    atexit.register(dump)


def serve_probed() -> None:
    install()
    from omnisim.cli import main

    sys.argv = [sys.argv[0], *sys.argv[2:]]
    main()


def run(candidates: int, seconds: float) -> None:
    import bench.load as load

    out = Path(tempfile.mkdtemp()) / "steps.json"
    os.environ["OMNISIM_STEPS_OUT"] = str(out)
    plain = load.pinned
    servers: list[int] = []

    def pinned(core: int, cmd: list[str]) -> list[str]:
        if "serve" in cmd and "-m" in cmd:
            i = cmd.index("-m")
            cmd = [*cmd[:i], str(Path(__file__).resolve()), "--serve-probed", *cmd[i + 2 :]]
        return plain(core, cmd)

    load.pinned = pinned
    popen = subprocess.Popen

    def watch(*args: Any, **kwargs: Any) -> Any:
        proc = popen(*args, **kwargs)
        if "--serve-probed" in args[0]:
            servers.append(proc.pid)
        return proc

    subprocess.Popen = watch  # type: ignore[misc]
    generate = load.generate

    def measured(url: str, tokens: list[str], seconds: float, tmp: Path) -> dict[str, Any]:
        # The generator measures after its ramp: the probes count from then on too.
        ramp = max(3.0, len(tokens) / 100)
        timer = threading.Timer(ramp, lambda: [os.kill(p, signal.SIGUSR1) for p in servers])
        timer.start()
        try:
            return generate(url, tokens, seconds, tmp)
        finally:
            timer.cancel()

    load.generate = measured
    figures = load.step("omnisim", candidates, seconds, False)
    load.show("omnisim", figures)
    print(f"load average after the run: {os.getloadavg()}")
    report(json.loads(out.read_text()))


def report(found: dict[str, Any]) -> None:
    totals: dict[str, list[int]] = found["totals"]
    actions = max(totals.get("command: run on the owner", [0, 0])[0], 1)
    cpu = found["cpu_ns"]
    print(
        f"main thread CPU after the ramp: {cpu / 1e9:.2f} s, {actions} actions answered, "
        f"{cpu / actions / 1000:.0f} µs per action"
    )
    print(f"{'step':60} {'calls':>8} {'µs/call':>8} {'µs/action':>10}")
    for step, (calls, ns) in totals.items():
        if calls:
            print(f"{step:60} {calls:8d} {ns / calls / 1000:8.1f} {ns / actions / 1000:10.1f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve-probed":
        serve_probed()
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    run(args.candidates, args.seconds)


if __name__ == "__main__":
    main()
