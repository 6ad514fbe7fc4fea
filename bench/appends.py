"""Acknowledged appends per second of the event store (group commit), on demand.

    .venv/bin/python bench/appends.py [--writers 200] [--seconds 5] [--redis redis://…]

Each writer appends one event at a time to its own stream and waits for the
acknowledgement (as a session does); the figure is acknowledgements per second,
with SQLite at synchronous=FULL (one fsync per transaction) in a temporary folder,
and the CPU each append costs: on the event loop's thread (what delays every other
socket: the hand-off to the writer and back) and in the whole process.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's omnisim

from omnisim import events as ev
from omnisim.events import Event
from omnisim.store import EventStore, open_store


def event(stream: str, seq: int) -> Event:
    text = "Bonjour, je vous appelle au sujet de ma commande 4521."
    return Event(
        stream, seq, time.time(), seq * 1.0, "candidate", ev.MessageSent("c1", "chat", text)
    )


async def run(store: EventStore, writers: int, seconds: float) -> None:
    stop = time.perf_counter() + seconds
    latencies: list[float] = []

    async def writer(n: int) -> int:
        seq = 0
        while time.perf_counter() < stop:
            seq += 1
            began = time.perf_counter()
            await store.append([event(f"bench{n}-{id(store)}", seq)])
            latencies.append(time.perf_counter() - began)
        return seq

    began, loop_cpu, cpu = time.perf_counter(), time.thread_time(), time.process_time()
    done = sum(await asyncio.gather(*(writer(n) for n in range(writers))))
    elapsed = time.perf_counter() - began
    loop_cpu, cpu = time.thread_time() - loop_cpu, time.process_time() - cpu
    group = getattr(store.backend, "group", None)
    batches = (
        f", {group.appends / max(group.batches, 1):.1f} appends per transaction" if group else ""
    )
    latencies.sort()
    print(
        f"  {done / elapsed:8.0f} acknowledged appends/s ({writers} writers){batches}; "
        f"ack p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms; CPU per append "
        f"{loop_cpu / max(done, 1) * 1e6:.0f} µs on the loop, {cpu / max(done, 1) * 1e6:.0f} µs "
        "in all"
    )
    await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, nargs="*", default=[1, 50, 500])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for writers in args.writers:
            print(f"sqlite (WAL, synchronous=FULL), {writers} writers:")
            await run(open_store(str(Path(tmp) / f"bench{writers}.db")), writers, args.seconds)
            if args.redis:
                print(f"redis {args.redis}, {writers} writers:")
                await run(open_store(args.redis), writers, args.seconds)


if __name__ == "__main__":
    asyncio.run(main())
