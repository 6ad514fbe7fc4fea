"""The embedded default backend: one SQLite file, a writer thread and a reader thread.

Durability with the settings chosen here (WAL, ``synchronous=FULL``):

* a **process crash** (kill -9, exception) loses nothing that ``append`` returned
  for: each append is in a committed transaction in the WAL before it returns;
* a **power loss** loses nothing that ``append`` returned for either, provided the
  disk honours fsync: with ``synchronous=FULL`` SQLite fsyncs the WAL at every
  commit. What can be lost is only an append still in flight, never acknowledged.

Group commit (omnisim/store/group.py): appends that arrive while a transaction is
being written wait for the next one, so one fsync acknowledges many appends. Each
append is judged on its own inside it: a compare-and-set conflict refuses that
append alone. Blocking SQLite calls never run on the event loop: the writer thread
(omnisim/store/writer.py) owns the writing connection (the datasette habit) and a
second thread reads, so a long read or a checkpoint's fsync never delays the other
side (WAL readers do not wait for the writer).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from omnisim.store.base import Backend, ConflictError, family_of
from omnisim.store.group import Append, GroupCommit, Outcomes, Settle
from omnisim.store.writer import ThreadWorker

T = TypeVar("T")

# ``pos`` is the global position (read_all): the rowid, so the single writer numbers events
# in commit order with no counter of its own, and a rolled-back append leaves no position.
# ``family`` (the exam id part of the stream) lets a board read its exam's events in order.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    pos INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    family TEXT NOT NULL,
    UNIQUE (session_id, seq)
);
CREATE INDEX IF NOT EXISTS events_family ON events (family, pos);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    created INTEGER NOT NULL
);
"""

# A file written before global positions (events keyed by (session_id, seq) alone) is
# rebuilt in place, in one transaction: its events are numbered stream by stream, oldest
# stream first, which keeps each stream's order (the order across streams was not kept).
_MIGRATE = """
BEGIN IMMEDIATE;
CREATE TABLE events_positioned (
    pos INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    family TEXT NOT NULL,
    UNIQUE (session_id, seq)
);
INSERT INTO events_positioned (pos, session_id, seq, body, family)
    SELECT row_number() OVER (ORDER BY COALESCE(s.created, 1e18), e.session_id, e.seq),
           e.session_id, e.seq, e.body,
           CASE WHEN instr(e.session_id, '-') > 0
                THEN substr(e.session_id, 1, instr(e.session_id, '-') - 1)
                ELSE e.session_id END
    FROM events e LEFT JOIN sessions s ON s.session_id = e.session_id;
DROP TABLE events;
ALTER TABLE events_positioned RENAME TO events;
COMMIT;
"""


def migrate(conn: sqlite3.Connection) -> bool:
    """Give an old-schema file its global positions; True when it had to."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    if not columns or "pos" in columns:
        return False
    conn.executescript(_MIGRATE)
    return True


_NEW_SESSION = (
    "INSERT INTO sessions (session_id, created) VALUES (?, (SELECT COUNT(*) FROM sessions))"
)
_INSERT = "INSERT INTO events (session_id, seq, body, family) VALUES (?, ?, ?, ?)"
# Streams whose last seq the writer keeps (one int each); past this the memory is cleared.
KNOWN_STREAMS = 100_000


def _last(conn: sqlite3.Connection, stream: str) -> int:
    (last,) = conn.execute(
        "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?", (stream,)
    ).fetchone()
    return int(last)


def write_batch(
    conn: sqlite3.Connection, batch: list[Append], known: dict[str, int] | None = None
) -> Outcomes:
    """One transaction for the whole batch (runs on the writer).

    Each append is judged against its stream's last seq (``known``: what this writer
    committed last, else read once per stream of the batch, then followed through the
    batch's own appends), and the accepted ones are written by one statement: a few SQLite
    calls per batch rather than four per append, each of which gives the GIL up and takes
    it back from the event loop. Should the insert still collide (another process
    wrote the file meanwhile), the transaction is rolled back and the batch written again one
    savepoint per append, every stream read from the file.
    """
    known = {} if known is None else known
    conn.execute("BEGIN IMMEDIATE")
    try:
        try:
            outcomes, last = _write_checked(conn, batch, known)
        except sqlite3.IntegrityError:
            conn.execute("ROLLBACK")
            known.clear()  # the file was written by someone else: read it again
            conn.execute("BEGIN IMMEDIATE")
            outcomes, last = _write_each(conn, batch), {}
        conn.execute("COMMIT")
    except BaseException:
        known.clear()
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if len(known) + len(last) > KNOWN_STREAMS:
        known.clear()
    known.update(last)
    return outcomes


def _write_checked(
    conn: sqlite3.Connection, batch: list[Append], known: dict[str, int]
) -> tuple[Outcomes, dict[str, int]]:
    """The batch judged append by append, then its accepted events in one insert; with the
    streams' last seqs once it is committed.

    A stream's last seq known to this writer is trusted only when the append follows it;
    otherwise the file is asked, as it always is without it. An append that follows a
    known seq another process has since moved past collides in the insert (write_batch)."""
    last: dict[str, int] = {}
    outcomes: Outcomes = []
    rows: list[tuple[str, int, str, str]] = []
    new: list[tuple[str]] = []
    for item in batch:
        stream = item.stream
        before = last.get(stream)
        if before is None:
            before = known.get(stream)
            if before != item.first_seq - 1:
                before = _last(conn, stream)
        if before != item.first_seq - 1:
            outcomes.append(
                ConflictError(f"session {stream}: last seq is {before}, got {item.first_seq}")
            )
            last[stream] = before
            continue
        if item.first_seq == 1:
            new.append((stream,))
        family = family_of(stream)
        rows.extend((stream, item.first_seq + i, b, family) for i, b in enumerate(item.bodies))
        last[stream] = item.first_seq - 1 + len(item.bodies)
        outcomes.append(None)
    if new:
        conn.executemany(_NEW_SESSION, new)
    conn.executemany(_INSERT, rows)
    return outcomes, last


def _write_each(conn: sqlite3.Connection, batch: list[Append]) -> Outcomes:
    """The batch one savepoint per append: a collision refuses that append alone."""
    outcomes: Outcomes = []
    for item in batch:
        last = _last(conn, item.stream)
        if last != item.first_seq - 1:
            outcomes.append(
                ConflictError(f"session {item.stream}: last seq is {last}, got {item.first_seq}")
            )
            continue
        conn.execute("SAVEPOINT one")
        try:
            if item.first_seq == 1:
                conn.execute(_NEW_SESSION, (item.stream,))
            family = family_of(item.stream)
            conn.executemany(
                _INSERT,
                [(item.stream, item.first_seq + i, b, family) for i, b in enumerate(item.bodies)],
            )
        except sqlite3.IntegrityError as exc:
            conn.execute("ROLLBACK TO one")
            outcomes.append(ConflictError(f"session {item.stream}: {exc}"))
        else:
            outcomes.append(None)
        conn.execute("RELEASE one")
    return outcomes


class CorruptStore(RuntimeError):
    """The SQLite file fails its integrity check: restore it from a backup before serving."""


class SqliteBackend(Backend):
    unavailable = (sqlite3.OperationalError, OSError)

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._writer = ThreadWorker("omnisim-sqlite-w")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="omnisim-sqlite-r")
        self._conns: dict[str, sqlite3.Connection] = {}
        self.group = GroupCommit(self._send)
        self._known: dict[str, int] = {}  # streams' last seqs, as the writer committed them
        self._closed = False

    def _connection(self, role: str) -> sqlite3.Connection:
        if self.path == ":memory:":
            role = "writer"  # one in-memory database: both sides share its connection
        if role not in self._conns:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # A write blocked by another process's lock fails after 1 s (said to the client as
            # "store unavailable") rather than holding the session's lock for long.
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=1.0
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            if role == "writer":
                # A torn WAL tail (a crash mid-commit) is dropped by SQLite's checksums; any
                # other damage is refused here, at start-up, rather than found mid-exam.
                try:
                    (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
                except sqlite3.OperationalError:  # busy, locked, unreadable: not damage
                    conn.close()
                    raise
                except sqlite3.DatabaseError as exc:  # so damaged the check itself fails
                    verdict = str(exc)
                if verdict != "ok":
                    conn.close()
                    raise CorruptStore(f"{self.path}: PRAGMA quick_check says {verdict}")
                migrate(conn)
                conn.executescript(_SCHEMA)
            self._conns[role] = conn
        return self._conns[role]

    async def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await self._writer.run(lambda: fn(self._connection("writer")))

    async def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if "writer" not in self._conns:  # the schema is made by the writer first
            await self._write(lambda conn: None)
        if self.path == ":memory:":  # one connection: the writer's thread holds it
            return await self._write(lambda conn: fn(self._connection("reader")))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reader, lambda: fn(self._connection("reader")))

    def _send(self, batch: list[Append], settle: Settle) -> None:
        """A batch to the writer thread; its outcomes come back in one call (group.py)."""
        self._writer.submit(
            lambda: write_batch(self._connection("writer"), batch, self._known),
            lambda outcomes, error: settle(outcomes if error is None else error),
        )

    async def append(
        self,
        stream: str,
        first_seq: int,
        bodies: Sequence[str],
        fence: tuple[str, int] | None = None,
    ) -> None:
        if fence is not None:  # one process owns an SQLite file: there is nobody to fence off
            raise ValueError("SQLite appends are not fenced")
        await self.group.append(Append(stream, first_seq, bodies))

    async def read(self, stream: str, after: int, limit: int | None = None) -> list[str]:
        rows = await self._read(
            lambda conn: conn.execute(
                "SELECT body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (stream, after, -1 if limit is None else limit),
            ).fetchall()
        )
        return [body for (body,) in rows]

    async def last_seq(self, stream: str) -> int:
        return await self._read(lambda conn: _last(conn, stream))

    async def streams(self) -> list[str]:
        rows = await self._read(
            lambda conn: conn.execute("SELECT session_id FROM sessions ORDER BY created").fetchall()
        )
        return [r[0] for r in rows]

    async def read_all(self, after: int, limit: int, family: str | None) -> list[tuple[int, str]]:
        args: tuple[object, ...]
        if family is None:
            sql, args = (
                "SELECT pos, body FROM events WHERE pos > ? ORDER BY pos LIMIT ?",
                (after, limit),
            )
        else:
            sql = "SELECT pos, body FROM events WHERE family = ? AND pos > ? ORDER BY pos LIMIT ?"
            args = (family, after, limit)
        rows = await self._read(lambda conn: conn.execute(sql, args).fetchall())
        return [(int(pos), body) for pos, body in rows]

    async def close(self) -> None:
        def shut(role: str) -> None:
            conn = self._conns.pop(role, None)
            if conn is not None:
                conn.close()

        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._reader, shut, "reader")
        await self._writer.run(lambda: shut("writer"))
        self._reader.shutdown(wait=True)
        self._writer.stop()
