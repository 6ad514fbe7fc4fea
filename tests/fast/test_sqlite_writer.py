"""The SQLite writer's memory of what it committed never overrules the file; group commit
spaces its batches only while the store is busy."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from omnisim.store import ConflictError, open_store
from omnisim.store.base import encode
from omnisim.store.group import Append, GroupCommit, Settle
from tests.fast.test_store_contract import chat


async def test_sqlite_the_writers_known_seqs_give_way_to_the_file(tmp_path):
    """The writer remembers each stream's last committed seq, but never judges by it alone:
    events another process appended meanwhile refuse an append that follows the remembered
    seq (its insert collides), and an append that follows the file's is written."""
    path = tmp_path / "events.db"
    store = open_store(str(path))
    await store.append([chat("s1", 1)])
    await store.append([chat("s2", 1)])
    other = sqlite3.connect(path)
    for stream in ("s1", "s2"):
        other.execute(
            "INSERT INTO events (session_id, seq, body, family) VALUES (?, 2, ?, ?)",
            (stream, encode(chat(stream, 2)), stream),
        )
    other.commit()
    other.close()
    with pytest.raises(ConflictError):
        await store.append([chat("s1", 2)])  # what this writer knew: seq 1
    await store.append([chat("s1", 3)])
    await store.append([chat("s2", 3)])  # follows the file, not the writer's seq 1
    assert [e.seq for e in await store.read("s1")] == [1, 2, 3]
    assert [e.seq for e in await store.read("s2")] == [1, 2, 3]
    await store.close()


async def test_a_busy_store_spaces_its_batches_and_one_session_is_never_kept_waiting():
    """Group commit: while many streams append, a batch leaves no sooner than ``spacing``
    after the one before (more appends share a transaction); one session's commits one after
    the other are not spaced."""
    loop = asyncio.get_running_loop()
    sent: list[float] = []

    def send(batch: list[Append], settle: Settle) -> None:
        sent.append(loop.time())
        loop.call_soon(settle, [None] * len(batch))

    alone = GroupCommit(send, spacing=10.0)
    began = loop.time()
    for seq in range(1, 51):
        await alone.append(Append("s0", seq, ["{}"]))
    assert loop.time() - began < 5.0  # 50 batches: none of them waited 10 s

    busy, seqs = GroupCommit(send, spacing=0.05), dict.fromkeys(range(20), 0)
    stop = loop.time() + 0.6

    async def writer(n: int) -> None:
        while loop.time() < stop:
            seqs[n] += 1
            await busy.append(Append(f"s{n}", seqs[n], ["{}"]))

    sent.clear()
    await asyncio.gather(*(writer(n) for n in range(20)))
    assert busy.appends == sum(seqs.values())
    # Once a window has seen the 20 streams: a batch every 50 ms (unspaced, every loop turn).
    late = [t for t in sent if t > sent[0] + 0.15]
    assert 3 <= len(late) <= 10
    assert min(b - a for a, b in zip(late, late[1:], strict=False)) >= 0.049
