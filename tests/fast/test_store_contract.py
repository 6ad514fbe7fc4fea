"""One contract, every backend: SQLite and a real redis-server."""

from __future__ import annotations

import asyncio

import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.store import ConflictError


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
