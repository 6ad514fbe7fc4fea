"""One contract, every backend: SQLite and a real redis-server."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.store import ConflictError, open_store


def chat(session: str, seq: int, text: str = "Bonjour « Mme Lefèvre », ça va ?") -> Event:
    return Event(
        session, seq, 1700000000.0 + seq, seq * 2.5, "candidate", ev.MessageSent("c1", "chat", text)
    )


async def test_append_then_read_in_order(make_store):
    store = make_store()
    await store.append([chat("s1", 1), chat("s1", 2)])
    await store.append([chat("s1", 3)])
    events = await store.read("s1")
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0] == chat("s1", 1)
    assert [e.seq for e in await store.read("s1", after=2)] == [3]
    assert await store.last_seq("s1") == 3
    assert await store.last_seq("unknown") == 0
    assert await store.read("unknown") == []


async def test_a_read_stops_at_its_limit_and_a_page_says_whether_more_follow(make_store):
    store = make_store()
    await store.append([chat("s1", n) for n in range(1, 8)])
    assert [e.seq for e in await store.read("s1", after=2, limit=3)] == [3, 4, 5]
    assert [e.seq for e in await store.read("s1", after=5, limit=10)] == [6, 7]
    page, more = await store.read_page("s1", 0, 4)
    assert [e.seq for e in page] == [1, 2, 3, 4] and more
    page, more = await store.read_page("s1", 4, 3)
    assert [e.seq for e in page] == [5, 6, 7] and not more
    for bad in (0, -1):
        with pytest.raises(ValueError, match="limit"):
            await store.read("s1", limit=bad)


async def test_unicode_round_trips_untouched(make_store):
    store = make_store()
    text = "Cordialement,\u00a0« Maître Dupré » — 12 €, œuvre, ÇA"
    await store.append([chat("s1", 1, text)])
    (event,) = await store.read("s1")
    assert event.payload.text == text


async def test_append_is_compare_and_set(make_store):
    store = make_store()
    await store.append([chat("s1", 1)])
    with pytest.raises(ConflictError):
        await store.append([chat("s1", 1)])
    with pytest.raises(ConflictError):
        await store.append([chat("s1", 3)])
    assert [e.seq for e in await store.read("s1")] == [1]


async def test_racing_writers_never_interleave(make_store):
    store = make_store()

    async def writer(n: int) -> int:
        wins = 0
        for _ in range(20):
            last = await store.last_seq("s1")
            try:
                await store.append([chat("s1", last + 1, f"writer {n}")])
                wins += 1
            except ConflictError:
                pass
        return wins

    wins = await asyncio.gather(*(writer(n) for n in range(4)))
    events = await store.read("s1")
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert sum(wins) == len(events)


async def test_sessions_are_listed_oldest_first(make_store):
    store = make_store()
    await store.append([chat("b", 1)])
    await store.append([chat("a", 1)])
    await store.append([chat("b", 2)])
    assert await store.session_ids() == ["b", "a"]


async def test_a_new_store_on_the_same_log_sees_everything(make_store):
    first = make_store()
    await first.append([chat("s1", 1), chat("s1", 2)])
    await first.close()
    second = make_store()
    assert [e.seq for e in await second.read("s1")] == [1, 2]


async def test_bad_batches_are_refused_before_writing(make_store):
    store = make_store()
    with pytest.raises(ValueError):
        await store.append([])
    with pytest.raises(ValueError):
        await store.append([chat("s1", 1), chat("s2", 2)])
    with pytest.raises(ValueError):
        await store.append([chat("s1", 1), chat("s1", 3)])
    assert await store.last_seq("s1") == 0


async def test_concurrent_appends_share_a_commit_and_are_judged_one_by_one(make_store):
    """Group commit: many appends in flight at once; a conflict refuses only its own."""
    store = make_store()
    await store.append([chat("s0", 1)])
    results = await asyncio.gather(
        *(store.append([chat(f"s{n}", 1), chat(f"s{n}", 2)]) for n in range(1, 60)),
        store.append([chat("s0", 1)]),  # conflicts: s0 already has seq 1
        store.append([chat("s0", 2)]),  # continues s0
        return_exceptions=True,
    )
    assert results[:-2] == [None] * 59
    assert isinstance(results[-2], ConflictError) and results[-1] is None
    for n in range(1, 60):
        assert [e.seq for e in await store.read(f"s{n}")] == [1, 2]
    assert [e.seq for e in await store.read("s0")] == [1, 2]
    group = store.backend.group  # type: ignore[attr-defined]
    assert group.batches < group.appends  # at least some appends shared a commit


# -- read_all: one order over every stream of the store, by global position ---------------


async def everything(store, prefix=None, limit=1000):
    return await store.read_all(0, limit, prefix)


async def test_read_all_numbers_every_append_in_commit_order(make_store):
    store = make_store()
    await store.append([chat("exa-c1", 1), chat("exa-c1", 2)])
    await store.append([chat("exa", 1)])
    await store.append([chat("exa-c2", 1)])
    await store.append([chat("exa-c1", 3)])
    found = await everything(store)
    assert [p for p, _ in found] == [1, 2, 3, 4, 5]
    assert [(e.session_id, e.seq) for _, e in found] == [
        ("exa-c1", 1),
        ("exa-c1", 2),
        ("exa", 1),
        ("exa-c2", 1),
        ("exa-c1", 3),
    ]
    assert found[0][1] == chat("exa-c1", 1)  # the events themselves, decoded


async def test_read_all_orders_concurrent_appenders_and_gives_no_event_twice(make_store):
    store = make_store()

    async def appender(n: int) -> None:
        for seq in range(1, 16, 3):  # batches of 3, awaited one after the other
            await store.append([chat(f"ex{n}-c1", seq + i) for i in range(3)])

    await asyncio.gather(*(appender(n) for n in range(6)))
    found = await everything(store)
    positions = [p for p, _ in found]
    assert positions == sorted(set(positions))  # strictly increasing: none twice
    keys = [(e.session_id, e.seq) for _, e in found]
    assert len(set(keys)) == len(keys) == 6 * 15
    for n in range(6):  # each stream comes in its own order
        assert [e.seq for _, e in found if e.session_id == f"ex{n}-c1"] == list(range(1, 16))
    # What was acknowledged before another append began has the lower position.
    await store.append([chat("late", 1)])
    assert (await store.read_all(positions[-1], 10))[0][1].session_id == "late"


async def test_read_all_pages_with_after_and_limit(make_store):
    store = make_store()
    for n in range(23):
        await store.append([chat(f"ex{n % 3}-c1", n // 3 + 1)])
    whole = await everything(store)
    pages, after = [], 0
    while page := await store.read_all(after, 5):
        assert len(page) <= 5
        pages += page
        after = page[-1][0]
    assert [(p, e.session_id, e.seq) for p, e in pages] == [
        (p, e.session_id, e.seq) for p, e in whole
    ]
    assert await store.read_all(whole[-1][0], 5) == []
    with pytest.raises(ValueError):
        await store.read_all(-1, 5)
    with pytest.raises(ValueError):
        await store.read_all(0, 0)


async def test_read_all_keeps_one_exams_streams_with_a_prefix(make_store):
    store = make_store()
    for stream in ("exa1", "exa1-c1", "exa12-c1", "exa1-grading", "exb-c1", "accounts", "exa1"):
        await store.append([chat(stream, await store.last_seq(stream) + 1)])
    mine = await everything(store, "exa1")
    assert [(e.session_id, e.seq) for _, e in mine] == [
        ("exa1", 1),
        ("exa1-c1", 1),
        ("exa1-grading", 1),
        ("exa1", 2),
    ]
    whole = {p: (e.session_id, e.seq) for p, e in await everything(store)}
    assert all(whole[p] == (e.session_id, e.seq) for p, e in mine)  # the same positions
    assert [e.session_id for _, e in await store.read_all(mine[1][0], 1, "exa1")] == [
        "exa1-grading"
    ]
    with pytest.raises(ValueError):
        await store.read_all(0, 5, "exa1-c1")


async def test_a_refused_append_gets_no_position(make_store):
    store = make_store()
    await store.append([chat("exa-c1", 1)])
    results = await asyncio.gather(
        store.append([chat("exa-c1", 1), chat("exa-c1", 2)]),  # conflicts
        store.append([chat("exa-c2", 1)]),
        return_exceptions=True,
    )
    assert isinstance(results[0], ConflictError) and results[1] is None
    await store.append([chat("exa-c1", 2)])
    found = await everything(store)
    assert [p for p, _ in found] == [1, 2, 3]  # no hole where the refused batch would be
    assert [(e.session_id, e.seq) for _, e in found] == [
        ("exa-c1", 1),
        ("exa-c2", 1),
        ("exa-c1", 2),
    ]


async def test_a_fenced_append_gets_no_position(redis_url):
    """Redis only (one process owns an SQLite file, nothing to fence): a deposed writer's
    append is refused by the same script that numbers events, so it takes no position."""
    import uuid

    from omnisim.store import EventStore, Fenced
    from omnisim.store.redis_store import RedisBackend

    backend = RedisBackend(redis_url, prefix=f"test-{uuid.uuid4().hex}")
    store = EventStore(backend)
    await backend.client.hset(backend.lease_key("exa"), mapping={"owner": "w1", "epoch": 2})
    await store.append([chat("exa-c1", 1)], fence=("exa", 2))
    with pytest.raises(Fenced):
        await store.append([chat("exa-c1", 2)], fence=("exa", 1))
    await store.append([chat("exa-c1", 2, "again")], fence=("exa", 2))
    found = await store.read_all(0, 10, "exa")
    assert [(p, e.seq, e.payload.text) for p, e in found] == [
        (1, 1, chat("exa-c1", 1).payload.text),
        (2, 2, "again"),
    ]
    await store.close()


async def test_an_old_sqlite_file_opens_and_gets_positions(tmp_path):
    """A file written before global positions is rebuilt in place on opening."""
    import sqlite3

    from omnisim.store import open_store
    from omnisim.store.base import encode

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE events (session_id TEXT NOT NULL, seq INTEGER NOT NULL,
            body TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
        CREATE TABLE sessions (session_id TEXT PRIMARY KEY, created INTEGER NOT NULL);
        """
    )
    old = [chat("exb-c1", 1), chat("exa", 1), chat("exb-c1", 2), chat("exa", 2)]
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?)", [(e.session_id, e.seq, encode(e)) for e in old]
    )
    conn.executemany("INSERT INTO sessions VALUES (?, ?)", [("exb-c1", 0), ("exa", 1)])
    conn.commit()
    conn.close()
    store = open_store(str(path))
    found = await store.read_all(0, 10)
    assert [(p, e.session_id, e.seq) for p, e in found] == [
        (1, "exb-c1", 1),
        (2, "exb-c1", 2),
        (3, "exa", 1),
        (4, "exa", 2),
    ]
    await store.append([chat("exa", 3)])
    assert [(p, e.seq) for p, e in await store.read_all(0, 10, "exa")] == [(3, 1), (4, 2), (5, 3)]
    assert [e.seq for e in await store.read("exb-c1")] == [1, 2]
    assert await store.session_ids() == ["exb-c1", "exa"]
    await store.close()
    again = open_store(str(path))  # opened again: already migrated, nothing renumbered
    assert [p for p, _ in await again.read_all(0, 10)] == [1, 2, 3, 4, 5]
    await again.close()


async def test_an_old_redis_log_gets_positions_once(redis_url):
    """Streams written before global positions are numbered at start-up, stream by stream."""
    import uuid

    from omnisim.store import EventStore
    from omnisim.store.base import encode
    from omnisim.store.redis_store import RedisBackend

    backend = RedisBackend(redis_url, prefix=f"test-{uuid.uuid4().hex}")
    for event in (chat("exb-c1", 1), chat("exa", 1), chat("exb-c1", 2)):  # the old layout
        key = f"{backend.prefix}:stream:{event.session_id}"
        await backend.client.xadd(key, {"e": encode(event)}, id=f"{event.seq}-1")
    await backend.client.rpush(f"{backend.prefix}:sessions", "exb-c1", "exa")
    assert await backend.backfill() == 3
    assert await backend.backfill() == -1  # once
    store = EventStore(backend)
    await store.append([chat("exa", 2)])
    found = await store.read_all(0, 10)
    assert [(p, e.session_id, e.seq) for p, e in found] == [
        (1, "exb-c1", 1),
        (2, "exb-c1", 2),
        (3, "exa", 1),
        (4, "exa", 2),
    ]
    assert [p for p, _ in await store.read_all(0, 10, "exa")] == [3, 4]
    await store.close()


async def test_a_batch_follows_a_stream_through_its_own_appends(make_store):
    """Several appends of one stream in one commit: each judged after the ones before it."""
    store = make_store()
    results = await asyncio.gather(
        store.append([chat("s1", 1)]),
        store.append([chat("s1", 2), chat("s1", 3)]),
        store.append([chat("s1", 3)]),  # conflicts: the append before it took seq 3
        store.append([chat("s1", 4)]),
        store.append([chat("s2", 2)]),  # conflicts: s2 is empty
        return_exceptions=True,
    )
    assert results[0] is None and results[1] is None and results[3] is None
    assert isinstance(results[2], ConflictError) and isinstance(results[4], ConflictError)
    assert [e.seq for e in await store.read("s1")] == [1, 2, 3, 4]
    assert await store.last_seq("s2") == 0


async def test_a_cancelled_caller_leaves_its_batch_alone(make_store):
    """A caller cancelled while its batch is written stops waiting; the others are told
    their own outcome, and its append (already in the batch) is durable or refused as it was."""
    store = make_store()
    mine = asyncio.ensure_future(store.append([chat("s1", 1)]))
    others = [asyncio.ensure_future(store.append([chat(f"o{n}", 1)])) for n in range(5)]
    await asyncio.sleep(0)
    mine.cancel()
    assert await asyncio.gather(*others) == [None] * 5
    with pytest.raises(asyncio.CancelledError):
        await mine
    await store.append([chat("s1", 2)])  # the cancelled one was written: seq 2 follows it
    assert [e.seq for e in await store.read("s1")] == [1, 2]


async def test_sqlite_a_collision_in_the_batch_refuses_that_append_alone(tmp_path):
    """A session row left without events (another writer, an old file) makes the batch's one
    insert collide: the batch is written again one append at a time, and only that append
    is refused."""
    path = tmp_path / "events.db"
    store = open_store(str(path))
    await store.append([chat("s0", 1)])
    other = sqlite3.connect(path)
    other.execute("INSERT INTO sessions (session_id, created) VALUES ('taken', 99)")
    other.commit()
    other.close()
    results = await asyncio.gather(
        *(store.append([chat(f"s{n}", 1)]) for n in range(1, 6)),
        store.append([chat("taken", 1)]),
        store.append([chat("s0", 2)]),
        return_exceptions=True,
    )
    assert results[:5] == [None] * 5 and results[-1] is None
    assert isinstance(results[5], ConflictError)
    assert await store.last_seq("taken") == 0
    assert [e.seq for e in await store.read("s0")] == [1, 2]
    await store.close()
