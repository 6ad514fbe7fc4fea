"""The store interface: three primitives over per-session append-only logs.

All logic (sessions, clocks, projections) lives above; a backend is only I/O.
``append`` is compare-and-set on the sequence number, so two workers racing on
one session cannot interleave: the loser gets ConflictError and re-reads.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence

from omnisim.events import Event


class ConflictError(RuntimeError):
    """The events to append do not follow the session's last stored sequence number."""


class EventStore(abc.ABC):
    @abc.abstractmethod
    async def append(self, events: Sequence[Event]) -> None:
        """Durably store events of one session, numbered last_seq+1, last_seq+2, …

        Returns only once the events would survive a crash of this process.
        """

    @abc.abstractmethod
    async def read(self, session_id: str, after: int = 0) -> list[Event]:
        """Events of a session with seq > ``after``, in order."""

    @abc.abstractmethod
    async def last_seq(self, session_id: str) -> int:
        """The last stored seq of a session (0 when it has none)."""

    @abc.abstractmethod
    async def session_ids(self) -> list[str]:
        """Every session with at least one event, oldest first."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and threads."""


def check_batch(events: Sequence[Event]) -> tuple[str, int]:
    """Validate a batch before any backend writes it; returns (session_id, first seq)."""
    if not events:
        raise ValueError("nothing to append")
    session_id = events[0].session_id
    first = events[0].seq
    for offset, event in enumerate(events):
        if event.session_id != session_id:
            raise ValueError("a batch must belong to one session")
        if event.seq != first + offset:
            raise ValueError("sequence numbers in a batch must be contiguous")
    return session_id, first


def open_store(url: str) -> EventStore:
    """``sqlite:///path/file.db`` (or a bare path) or ``redis://host:port/db``."""
    if url.startswith("redis://") or url.startswith("rediss://"):
        from omnisim.store.redis_store import RedisStore

        return RedisStore(url)
    from omnisim.store.sqlite_store import SqliteStore

    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return SqliteStore(path)
