"""The trainer's board with 60 active candidates: how late does it learn of each event?

Run on demand: ``python bench/board.py [candidates] [seconds] [pace]`` (defaults 60, 40, 60).
Starts ``omnisim serve`` on a loopback port with a fresh store, creates an exam of
the demo deck for ``candidates`` scripted candidates (tests/board_crowd.py: careful,
careless, one in ten never connected), connects one board socket (the exam's feed),
starts the exam and lets the room play for ``seconds``. For every event the board
receives live it records arrival time minus the event's ``wall_time`` (the moment it
was stamped, before the durable append): fold, append, publish and delivery included.
Prints p50/p95/p99/max, the events and batches received, and the size of the initial
join (what a board reloaded mid-exam downloads). Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.board_crowd import BoardWatcher, Crowd, api, open_exam  # noqa: E402
from tests.conftest import ServerProcess  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main(count: int, seconds: float, pace: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proc = ServerProcess(Path(tmp) / "events.db")
        await asyncio.to_thread(proc.add_trainer)
        await asyncio.to_thread(proc.start, False)
        try:
            exam_id, tokens = await open_exam(proc.url, proc.api_token, count, pace)
            crowd = await Crowd.open(proc.url, tokens, pace)
            await crowd.connect()
            board = BoardWatcher(proc.url, proc.api_token, exam_id)
            await board.connect()
            await asyncio.to_thread(
                api, proc.url, proc.api_token, f"/api/exams/{exam_id}/start", {}
            )
            started = time.monotonic()
            await asyncio.sleep(seconds)
            played = time.monotonic() - started
            # A board opened now: one join per stream, everything so far.
            late = BoardWatcher(proc.url, proc.api_token, exam_id)
            t0 = time.perf_counter()
            sizes = await late.connect_measuring()
            join_seconds = time.perf_counter() - t0
            await late.close()
            await board.close()
            await crowd.close()
        finally:
            await asyncio.to_thread(proc.stop)
    lat = [x * 1000 for x in board.latencies]
    print(f"candidates: {count} ({len(crowd.bots)} connected), pace ×{pace:g}, {played:.0f} s")
    rate = len(lat) / played
    print(f"events received live by the board: {len(lat)} ({rate:.0f}/s), gaps: {board.gaps}")
    if lat:
        print(
            "board latency (event wall_time → board receipt), ms: "
            f"p50 {statistics.median(lat):.1f}  p95 {percentile(lat, 0.95):.1f}  "
            f"p99 {percentile(lat, 0.99):.1f}  max {max(lat):.1f}"
        )
    print(
        f"initial join of a board opened after {played:.0f} s: {sizes['events']} events, "
        f"{sizes['bytes'] / 1024:.0f} KiB over {sizes['streams']} streams in {join_seconds:.2f} s"
    )


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:4]]
    count = int(args[0]) if args else 60
    seconds = args[1] if len(args) > 1 else 40.0
    pace = args[2] if len(args) > 2 else 60.0
    asyncio.run(main(count, seconds, pace))
