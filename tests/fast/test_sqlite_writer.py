"""The SQLite writer's memory of what it committed never overrules the file."""

from __future__ import annotations

import sqlite3

import pytest

from omnisim.store import ConflictError, open_store
from omnisim.store.base import encode
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
