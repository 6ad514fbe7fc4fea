"""SQLite faults: a crash mid-commit with a torn WAL tail, and a full disk."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from omnisim.store import open_store
from tests.conftest import ROOT
from tests.fast.conftest import of_type

pytestmark = pytest.mark.server

WRITER = """
import asyncio, sys, time
from omnisim import events as ev
from omnisim.events import Event
from omnisim.store import open_store

async def main():
    store = open_store(sys.argv[1])
    seq = 0
    while True:
        seq += 1
        line = ev.MessageSent("c1", "chat", "x" * 300)
        await store.append([Event("s1", seq, time.time(), seq, "candidate", line)])
        print(seq, flush=True)  # acknowledged

asyncio.run(main())
"""


def test_a_torn_wal_tail_loses_at_most_the_transaction_in_flight(tmp_path: Path):
    db = tmp_path / "events.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    acked = 0
    deadline = time.monotonic() + 20
    while acked < 300 and time.monotonic() < deadline:
        acked = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for line in proc.stdout:  # acknowledged before the kill landed
        if line.strip():
            acked = int(line)
    wal = Path(f"{db}-wal")
    assert wal.stat().st_size > 0
    with wal.open("r+b") as f:  # the last frame torn in half, as a power cut mid-write leaves it
        f.truncate(wal.stat().st_size - 700)
    seqs = asyncio.run(read_all(db))  # start-up runs the integrity check
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= acked - 1  # only the last transaction may vanish
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


async def read_all(db: Path) -> list[int]:
    store = open_store(str(db))
    try:
        return [e.seq for e in await store.read("s1")]
    finally:
        await store.close()


async def fill(db: Path) -> None:
    from tests.fast.test_store_contract import chat

    store = open_store(str(db))
    for seq in range(1, 400):
        await store.append([chat("s1", seq, "y" * 500)])
    await store.close()


def test_a_damaged_file_is_refused_at_start_up(tmp_path: Path):
    from omnisim.store.sqlite_store import CorruptStore

    db = tmp_path / "events.db"
    asyncio.run(fill(db))
    size = db.stat().st_size
    with db.open("r+b") as f:  # garbage over a page in the middle of the table
        f.seek(size // 2)
        f.write(os.urandom(4096))
    with pytest.raises(CorruptStore):
        asyncio.run(read_all(db))


async def test_a_full_disk_is_refused_with_a_reason_and_the_exam_recovers(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate, lang="en")
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    backend = live.store.backend
    pages = await backend._write(lambda c: c.execute("PRAGMA page_count").fetchone()[0])
    # The file may not grow: SQLite answers SQLITE_FULL, as on a full disk.
    await backend._write(lambda c: c.execute(f"PRAGMA max_page_count = {pages}"))
    before = await live.store.last_seq(tokens.session_id)
    refused = None
    for n in range(200):  # fill the last free pages, then the refusal
        reply = await candidate.act("draft", {"field": "reply:x", "text": f"{n} " + "z" * 3000})
        if not reply["ok"]:
            refused = reply
            break
        await asyncio.sleep(0.1)  # under the rate limit
    assert refused is not None and refused["error"]["field"] == "store", refused
    assert "unavailable" in refused["error"]["reason"]
    logged = [e.seq for e in await live.store.read(tokens.session_id)]
    assert logged == list(range(1, len(logged) + 1)) and len(logged) >= before
    await backend._write(lambda c: c.execute("PRAGMA max_page_count = 1073741823"))
    again = await candidate.act("pickup", {"contact_id": "c1"})
    assert again["ok"], again
    assert again["seq"][0] in {e.seq for e in await live.store.read(tokens.session_id)}
