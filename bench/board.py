"""The trainer's board with 60 active candidates: how late does it learn of each event?

Run on demand: ``python bench/board.py [candidates] [seconds] [pace] [--redis]``
(defaults 60, 40, 60).
Starts ``omnisim serve`` on a loopback port with a fresh store, creates an exam of
the demo deck for ``candidates`` scripted candidates (tests/board_crowd.py: careful,
careless, one in ten never connected), connects one board socket (the exam's feed),
starts the exam and lets the room play for ``seconds``. For every event the board
receives live it records arrival time minus the event's ``wall_time`` (the moment it
was stamped, before the durable append): fold, append, publish and delivery included.
Prints p50/p95/p99/max, the events and batches received, and the opening of a board
reloaded mid-exam both ways: one join per stream (before) and the paged read of the
exam by global position (``{"all": true}``, now): time, bytes, round trips. With
``--redis`` the server runs on a redis-server of its own (store and relay) and the
PUBLISH commands Redis counted are set against the 4 rooms × batches an emit to every
room would have cost. Also times ``read_all`` of the whole log in pages, on the store.
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import json  # noqa: E402
import os  # noqa: E402

import redis  # noqa: E402

from omnisim.store import open_store  # noqa: E402
from tests.board_crowd import BoardWatcher, Crowd, api, open_exam  # noqa: E402
from tests.conftest import ServerProcess  # noqa: E402
from tests.server.test_faults_redis import Redis  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def open_by_position(watcher: BoardWatcher) -> dict[str, int]:
    """A board opened now, as the page does: the exam by global position, page by page."""
    watcher.sio.on("events", lambda batch: None)
    auth = {"token": watcher.token, "exam": watcher.exam_id, "board": True}
    await watcher.sio.connect(watcher.url, auth=auth, transports=["websocket"])
    sizes = {"events": 0, "bytes": 0, "pages": 0, "streams": 0}
    after, streams = 0, set()
    while True:
        page = await watcher.sio.call("join", {"all": True, "after": after}, timeout=60)
        assert page["ok"], page
        sizes["pages"] += 1
        sizes["bytes"] += len(json.dumps(page, ensure_ascii=False).encode())
        for batch in page["batches"]:
            sizes["events"] += len(batch["events"])
            streams.add(batch["stream"])
        after = page["position"]
        if not page["more"]:
            break
    sizes["streams"] = len(streams)
    return sizes


async def read_all_rate(url: str) -> tuple[int, float]:
    """Every event of the store by global position, pages of 2,000: (events, seconds)."""
    store = open_store(url)
    t0 = time.perf_counter()
    after, n = 0, 0
    while page := await store.read_all(after, 2000):
        n += len(page)
        after = page[-1][0]
    seconds = time.perf_counter() - t0
    await store.close()
    return n, seconds


async def main(count: int, seconds: float, pace: float, use_redis: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server_redis = None
        store: str | Path = Path(tmp) / "events.db"
        if use_redis:
            server_redis = Redis(Path(tmp))
            await server_redis.start()
            os.environ["OMNISIM_REDIS"] = server_redis.url
            store = server_redis.url
        proc = ServerProcess(store)  # type: ignore[arg-type]
        await asyncio.to_thread(proc.add_trainer)
        await asyncio.to_thread(proc.start, False)
        publishes = 0
        try:
            exam_id, tokens = await open_exam(proc.url, proc.api_token, count, pace)
            crowd = await Crowd.open(proc.url, tokens, pace)
            await crowd.connect()
            board = BoardWatcher(proc.url, proc.api_token, exam_id)
            await board.connect()
            await asyncio.to_thread(
                api, proc.url, proc.api_token, f"/api/exams/{exam_id}/start", {}
            )
            if server_redis is not None:
                stats = redis.Redis.from_url(server_redis.url)
                publishes = -int(
                    stats.info("commandstats").get("cmdstat_publish", {}).get("calls", 0)
                )
            started = time.monotonic()
            await asyncio.sleep(seconds)
            played = time.monotonic() - started
            if server_redis is not None:
                publishes += int(
                    stats.info("commandstats").get("cmdstat_publish", {}).get("calls", 0)
                )
            batches = board.batches
            # A board opened now, both ways in turn (the room keeps playing: each opening
            # finds a little more): one join per stream (before), by global position (now).
            openings: list[tuple[str, dict[str, int], float]] = []
            for _round in range(2):
                late = BoardWatcher(proc.url, proc.api_token, exam_id)
                t0 = time.perf_counter()
                sizes = await late.connect_measuring()
                openings.append(("one join per stream (before)", sizes, time.perf_counter() - t0))
                await late.close()
                now = BoardWatcher(proc.url, proc.api_token, exam_id)
                t0 = time.perf_counter()
                paged = await open_by_position(now)
                openings.append(("by global position (now)", paged, time.perf_counter() - t0))
                await now.close()
            await board.close()
            await crowd.close()
        finally:
            await asyncio.to_thread(proc.stop)
        read_n, read_s = await read_all_rate(str(store))
        if server_redis is not None:
            await server_redis.stop()
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
    for how, sizes, took in openings:
        trips = sizes.get("pages", sizes["streams"])
        print(
            f"board opened after {played:.0f} s, {how}: {sizes['events']} events of "
            f"{sizes['streams']} streams, {sizes['bytes'] / 1024:.0f} KiB in {trips} round "
            f"trips, {took:.2f} s"
        )
    if use_redis:
        print(
            f"Redis PUBLISH during play: {publishes} for {batches} batches "
            f"(an emit to all 4 rooms of each would be ≥ {4 * batches})"
        )
    print(
        f"read_all of the whole store: {read_n} events in {read_s:.2f} s "
        f"({read_n / max(read_s, 1e-9):.0f} events/s)"
    )


if __name__ == "__main__":
    use_redis = "--redis" in sys.argv
    args = [float(a) for a in sys.argv[1:] if a != "--redis"][:3]
    count = int(args[0]) if args else 60
    seconds = args[1] if len(args) > 1 else 40.0
    pace = args[2] if len(args) > 2 else 60.0
    asyncio.run(main(count, seconds, pace, use_redis))
