"""Many candidates at once on one server process, over real socket.io on loopback.

Run on demand: ``python bench/sessions.py [candidates] [messages]`` (defaults 60, 20).
Prints the acknowledgement latency of candidate actions (append durably, fold,
broadcast, ack), the events logged per second and the server's memory. Only
127.0.0.1 is ever contacted; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import socketio
from aiohttp import web

from omnisim.exams.roster import RosterEntry
from omnisim.scenario import load_scenario
from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.keys import ACCOUNTS, EXAMS, STORE

ROOT = Path(__file__).resolve().parents[1]


async def candidate(port: int, token: str, messages: int, latencies: list[float]) -> None:
    sio = socketio.AsyncClient(reconnection=False)
    offered = asyncio.Event()
    sio.on(
        "events",
        lambda batch: (
            offered.set() if any(e["type"] == "contact.offered" for e in batch["events"]) else None
        ),
    )
    await sio.connect(f"http://127.0.0.1:{port}", auth={"token": token}, transports=["websocket"])
    await sio.call("join", {"last_seq": 0}, timeout=30)
    await sio.call("start", {}, timeout=30)
    await asyncio.wait_for(offered.wait(), 30)
    await sio.call("pickup", {"contact_id": "c1"}, timeout=30)
    for n in range(messages):
        t0 = time.perf_counter()
        reply = await sio.call(
            "send", {"contact_id": "c1", "text": f"Message {n}, merci."}, timeout=30
        )
        latencies.append(time.perf_counter() - t0)
        assert reply["ok"], reply
    await sio.disconnect()


async def main(candidates: int, messages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(store=str(Path(tmp) / "bench.db")))
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        trainer = await app[ACCOUNTS].add_trainer("bench", "Banc", "mot-de-passe-du-banc")
        scenario = load_scenario(ROOT / "decks" / "mini")
        roster = [RosterEntry(f"Candidat {n}", number=str(n)) for n in range(candidates)]
        made = time.perf_counter()
        exam, tokens = await app[EXAMS].create(trainer.id, scenario, roster, mode="training")
        made = time.perf_counter() - made
        people = [p.id for p in exam.state.candidates]
        latencies: list[float] = []
        t0 = time.perf_counter()
        await asyncio.gather(*(candidate(port, tokens[p], messages, latencies) for p in people))
        elapsed = time.perf_counter() - t0
        logged = sum([await app[STORE].last_seq(f"{exam.exam_id}-{p}") for p in people])
        await runner.cleanup()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"exam of {candidates} created in {made * 1000:.0f} ms; "
        f"{candidates} candidates × {messages} sends: ack p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
        f"{logged} events in {elapsed:.1f} s ({logged / elapsed:.0f} events/s); "
        f"peak RSS {rss:.0f} MiB (server and clients in one process)"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(args + [60, 20][len(args) :])))
