"""The embedded default backend: one SQLite file, every operation on one worker thread.

Durability with the settings chosen here (WAL, ``synchronous=FULL``):

* a **process crash** (kill -9, exception) loses nothing that ``append`` returned
  for: each append is one committed transaction in the WAL before it returns;
* a **power loss** loses nothing that ``append`` returned for either, provided the
  disk honours fsync: with ``synchronous=FULL`` SQLite fsyncs the WAL at every
  commit (``NORMAL`` would be faster but could lose the last commits on power loss).
  What can be lost is only an append still in flight, which was never acknowledged.

Blocking SQLite calls never run on the event loop: a single-thread executor owns
the connection, which also serialises writes (the datasette habit).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from omnisim.store.base import Backend, ConflictError

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    created INTEGER NOT NULL
);
"""


class SqliteBackend(Backend):
    unavailable = (sqlite3.OperationalError, OSError)

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="omnisim-sqlite")
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # A write blocked by another process's lock fails after 1 s (said to the client as
            # "store unavailable") rather than holding the session's lock for long.
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=1.0
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._connection()))

    async def append(self, stream: str, first_seq: int, bodies: Sequence[str]) -> None:
        session_id, first = stream, first_seq
        rows = [(stream, first_seq + i, body) for i, body in enumerate(bodies)]

        def write(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                (last,) = conn.execute(
                    "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (session_id,)
                ).fetchone()
                if last != first - 1:
                    raise ConflictError(f"session {session_id}: last seq is {last}, got {first}")
                if first == 1:
                    conn.execute(
                        "INSERT INTO sessions (session_id, created) "
                        "VALUES (?, (SELECT COUNT(*) FROM sessions))",
                        (session_id,),
                    )
                conn.executemany("INSERT INTO events VALUES (?, ?, ?)", rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

        await self._run(write)

    async def read(self, stream: str, after: int) -> list[str]:
        rows = await self._run(
            lambda conn: conn.execute(
                "SELECT body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq",
                (stream, after),
            ).fetchall()
        )
        return [body for (body,) in rows]

    async def last_seq(self, stream: str) -> int:
        (last,) = await self._run(
            lambda conn: conn.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (stream,)
            ).fetchone()
        )
        return int(last)

    async def streams(self) -> list[str]:
        rows = await self._run(
            lambda conn: conn.execute("SELECT session_id FROM sessions ORDER BY created").fetchall()
        )
        return [r[0] for r in rows]

    async def close(self) -> None:
        def shut(conn: sqlite3.Connection) -> None:
            conn.close()

        if self._conn is not None:
            await self._run(shut)
            self._conn = None
        self._executor.shutdown(wait=True)
