"""The event log over a storage backend: encoding above, bare I/O below.

A backend (:class:`Backend`) only stores and returns opaque JSON texts per
stream, with a compare-and-set append; everything else (encoding, validation on
read, upcasting, telling a store outage from a bug) is done once, here, for
every backend. Two workers racing on one stream cannot interleave: the loser
gets ConflictError and re-reads.
"""

from __future__ import annotations

import abc
import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from omnisim import jsontext
from omnisim.events import Event
from omnisim.exams.streams import family_of as family_of  # how stream names are read

T = TypeVar("T")
# Events decoded on the event loop at most; a longer read is decoded in a worker thread
# (a thread hop costs more than decoding the few events of a catch-up).
DECODE_INLINE = 256
MAX_SEQ = 2**53  # beyond any real log; larger "after" values are refused, not sent to SQL
MAX_PAGE = 10_000  # events at most in one read_all page


class ConflictError(RuntimeError):
    """The events to append do not follow the stream's last stored sequence number."""


class Fenced(RuntimeError):
    """The writer's lease epoch is no longer the current one: another worker owns the exam."""


class StoreUnavailable(RuntimeError):
    """The backend cannot be reached or written right now; the caller may retry."""


class Backend(abc.ABC):
    """Append-only lists of texts, one per stream; no knowledge of what they hold."""

    #: Exceptions meaning "the store is down or busy", as opposed to a bug.
    unavailable: tuple[type[BaseException], ...] = (OSError,)

    @abc.abstractmethod
    async def append(
        self,
        stream: str,
        first_seq: int,
        bodies: Sequence[str],
        fence: tuple[str, int] | None = None,
    ) -> None:
        """Durably store ``bodies`` as seq first_seq, first_seq+1…; ConflictError if the
        stream's last seq is not first_seq-1, Fenced if ``fence`` (lease name, epoch) is not
        the lease's current epoch. Returns once they would survive a crash."""

    @abc.abstractmethod
    async def read(self, stream: str, after: int, limit: int | None = None) -> list[str]:
        """Texts of seq > ``after``, in order; at most ``limit`` when given (a page of a long
        log is read, never the whole tail)."""

    @abc.abstractmethod
    async def last_seq(self, stream: str) -> int:
        """The last stored seq of a stream (0 when it has none)."""

    @abc.abstractmethod
    async def streams(self) -> list[str]:
        """Every stream with at least one event, oldest first."""

    @abc.abstractmethod
    async def read_all(self, after: int, limit: int, family: str | None) -> list[tuple[int, str]]:
        """(global position, text) of the events after position ``after``, in position order,
        at most ``limit``; with ``family``, only streams named ``family`` or ``family-…``.

        Every appended event gets a global position when it is stored, strictly increasing
        in commit order across streams (so a stream's events are in seq order), and a reader
        never sees a position before the ones below it: an append refused (conflict, fence)
        gets none."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections and threads."""


def check_batch(events: Sequence[Event]) -> tuple[str, int]:
    """Validate a batch before any backend writes it; returns (stream, first seq)."""
    if not events:
        raise ValueError("nothing to append")
    session_id = events[0].session_id
    first = events[0].seq
    for offset, event in enumerate(events):
        if event.session_id != session_id:
            raise ValueError("a batch must belong to one stream")
        if event.seq != first + offset:
            raise ValueError("sequence numbers in a batch must be contiguous")
    return session_id, first


def encode(event: Event) -> str:
    return jsontext.dumps(event.dumped())


def decode(body: str) -> Event:
    return Event.from_dict(json.loads(body))


class EventStore:
    """The log as the rest of the code sees it: typed events in, typed events out."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    async def _guard(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except self.backend.unavailable as exc:
            raise StoreUnavailable(f"{type(exc).__name__}: {exc}") from exc

    async def append(self, events: Sequence[Event], fence: tuple[str, int] | None = None) -> None:
        """Append a contiguous batch; with ``fence``, only while that lease epoch is current."""
        session_id, first = check_batch(events)
        bodies = [encode(e) for e in events]
        await self._guard(self.backend.append(session_id, first, bodies, fence))

    async def read(self, session_id: str, after: int = 0, limit: int | None = None) -> list[Event]:
        """Events of a stream with seq > ``after``, in order, upcast to today's shapes;
        at most ``limit`` when given."""
        if not 0 <= after <= MAX_SEQ:
            raise ValueError(f"after: expected 0..{MAX_SEQ}")
        if limit is not None and limit < 1:
            raise ValueError("limit: expected at least 1")
        bodies = await self._guard(self.backend.read(session_id, after, limit))
        if len(bodies) <= DECODE_INLINE:
            return [decode(b) for b in bodies]
        # A whole attempt's log (a jury's review, a record's export) decodes in a worker
        # thread: 4,500 events held the event loop 0.3 s, every candidate waiting behind it.
        return await asyncio.to_thread(lambda: [decode(b) for b in bodies])

    async def read_all(
        self, after: int = 0, limit: int = 1000, prefix: str | None = None
    ) -> list[tuple[int, Event]]:
        """(global position, event) of every stream after position ``after``, in commit order,
        at most ``limit``; ``prefix`` (an exam id) keeps only the exam's stream and its
        ``<exam>-…`` streams (attempts, grading). The position of the last one is the
        ``after`` of the next page."""
        if not 0 <= after <= MAX_SEQ:
            raise ValueError(f"after: expected 0..{MAX_SEQ}")
        if not 1 <= limit <= MAX_PAGE:
            raise ValueError(f"limit: expected 1..{MAX_PAGE}")
        if prefix is not None and (not prefix or family_of(prefix) != prefix):
            raise ValueError("prefix: a stream family (an exam id), without '-'")
        rows = await self._guard(self.backend.read_all(after, limit, prefix))
        # A board's page is thousands of events: decoded in a worker thread, as read_page does.
        return await asyncio.to_thread(lambda: [(int(pos), decode(body)) for pos, body in rows])

    async def read_page(self, session_id: str, after: int, limit: int) -> tuple[list[Event], bool]:
        """At most ``limit`` events of seq > ``after``, and whether more follow.

        Only the page is decoded, in a worker thread: a long log's page must not hold the
        event loop (a 90-minute attempt's tail decodes in tens of milliseconds).
        """
        if not 0 <= after <= MAX_SEQ:
            raise ValueError(f"after: expected 0..{MAX_SEQ}")
        if limit < 1:
            raise ValueError("limit: expected at least 1")
        bodies = await self._guard(self.backend.read(session_id, after, limit + 1))
        page = bodies[:limit]
        events = await asyncio.to_thread(lambda: [decode(b) for b in page])
        return events, len(bodies) > len(page)

    async def last_seq(self, session_id: str) -> int:
        return int(await self._guard(self.backend.last_seq(session_id)))

    async def session_ids(self) -> list[str]:
        return list(await self._guard(self.backend.streams()))

    async def append_drafts(
        self,
        stream: str,
        drafts: Sequence[Any],
        last_seq: Callable[[], int],
        catch_up: Callable[[], Awaitable[object]],
        wall: float,
        tries: int = 3,
        fence: tuple[str, int] | None = None,
    ) -> list[Event]:
        """Append drafts to a stream of no simulated time (exam, grading, accounts, library).

        Numbered after ``last_seq()``; on a race with another worker, ``catch_up()`` learns
        what it appended and the drafts are numbered again. ConflictError after ``tries``;
        Fenced at once when ``fence`` (an exam's lease and epoch) is no longer current.
        """
        for _attempt in range(tries):
            last = last_seq()
            events = [
                Event(stream, last + n, wall, 0.0, d.actor, d.payload, d.actor_id, d.action_id)
                for n, d in enumerate(drafts, start=1)
            ]
            try:
                await self.append(events, fence)
                return events
            except ConflictError:
                await catch_up()
        raise ConflictError(f"{stream}: busy after {tries} tries")

    async def close(self) -> None:
        await self.backend.close()
