"""How fast is the log read by global position (``read_all``), on each backend?

Run on demand: ``python bench/read_all.py [events] [streams]`` (defaults 60,000 and 61).
Writes ``events`` chat events spread over ``streams`` streams of one exam (batches of 3,
as the engine logs them) into a fresh SQLite file and a redis-server of its own (AOF,
fsync always; loopback), then reads them all back in pages of 5,000 (a board's catch-up
page), with and without a prefix, and prints events/s for the backend alone (texts) and
through the EventStore (decoded, upcast events).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from omnisim import events as ev  # noqa: E402
from omnisim.events import Event  # noqa: E402
from omnisim.store import EventStore, open_store  # noqa: E402
from omnisim.store.redis_store import RedisBackend  # noqa: E402
from tests.server.test_faults_redis import Redis  # noqa: E402

PAGE = 5000


def chat(stream: str, seq: int) -> Event:
    text = "Bonjour, je vous écris au sujet de ma commande n° 4521 livrée incomplète."
    return Event(
        stream, seq, 1.7e9 + seq, seq * 2.0, "candidate", ev.MessageSent("c1", "chat", text)
    )


async def fill(store: EventStore, count: int, streams: int) -> None:
    names = ["exbench"] + [f"exbench-c{n}" for n in range(1, streams)]
    last = dict.fromkeys(names, 0)
    written, n = 0, 0
    while written < count:
        pending = []
        for name in names[: min(len(names), (count - written) // 3 + 1)]:
            pending.append(store.append([chat(name, last[name] + i) for i in (1, 2, 3)]))
            last[name] += 3
            written += 3
        await asyncio.gather(*pending)
        n += 1


async def timed(store: EventStore, prefix: str | None, raw: bool) -> tuple[int, float]:
    t0 = time.perf_counter()
    after, total = 0, 0
    while True:
        if raw:
            page = await store.backend.read_all(after, PAGE, prefix)
            if not page:
                break
            after = page[-1][0]
        else:
            decoded = await store.read_all(after, PAGE, prefix)
            if not decoded:
                break
            page = decoded  # type: ignore[assignment]
            after = decoded[-1][0]
        total += len(page)
    return total, time.perf_counter() - t0


async def measure(name: str, store: EventStore, count: int, streams: int) -> None:
    t0 = time.perf_counter()
    await fill(store, count, streams)
    print(f"{name}: wrote {count} events in {time.perf_counter() - t0:.1f} s")
    for prefix in (None, "exbench"):
        for raw in (True, False):
            n, seconds = await timed(store, prefix, raw)
            what = "texts" if raw else "events"
            print(
                f"  read_all prefix={prefix!s:8} {what:6}: {n} in {seconds:.2f} s "
                f"({n / seconds:,.0f}/s)"
            )
    await store.close()


async def main(count: int, streams: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await measure("sqlite", open_store(str(Path(tmp) / "events.db")), count, streams)
        server = Redis(Path(tmp))
        await server.start()
        try:
            await measure("redis", EventStore(RedisBackend(server.url)), count, streams)
        finally:
            await server.stop()


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(args[0] if args else 60_000, args[1] if len(args) > 1 else 61))
