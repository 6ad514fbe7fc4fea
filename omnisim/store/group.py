"""Group commit: appends that arrive while a write is in flight share the next one.

One fsync (SQLite) or one round trip (Redis) then acknowledges a whole batch of
appends, each told its own outcome (done, ConflictError for that stream alone, or
the store's error for all of the batch). At most one write is in flight, so the
order of appends to a stream is the order they were submitted in.

The loop's part of an append is a future and a list append: no task, no executor call
per append. A batch is handed to the writer once (``Send``) and its outcomes come back
in one call on the event loop (``Settle``): for SQLite, one queue put to the writer
thread and one ``call_soon_threadsafe`` back per batch (omnisim/store/writer.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial


@dataclass
class Append:
    """One caller's append, waiting for the batch that carries it."""

    stream: str
    first_seq: int
    bodies: Sequence[str]
    epoch: int = 0  # the writer's fencing epoch (0: not fenced)
    fence: str = ""  # the lease the epoch is checked against (an exam id)
    # Made by GroupCommit.append on the loop it already holds: asking for the running loop
    # is a getpid system call in CPython 3.11, once per append here as a default factory.
    done: asyncio.Future[None] = field(init=False, repr=False, compare=False)


#: Per append of a batch, in order: None when stored, or the exception for it.
Outcomes = list[BaseException | None]
#: Called once on the event loop when a batch is written: its outcomes, or one error for all.
Settle = Callable[[Outcomes | BaseException], None]
#: Starts writing a batch (without waiting for it); ``settle`` is called when it is done.
Send = Callable[[list[Append], Settle], None]
#: Writes a batch in a coroutine (Redis: one pipelined round trip).
Flush = Callable[[list[Append]], Awaitable[Outcomes]]


def tasked(flush: Flush) -> Send:
    """A ``Send`` that runs an async ``flush`` in a task of its own per batch."""
    running: set[asyncio.Task[None]] = set()

    async def write(batch: list[Append], settle: Settle) -> None:
        try:
            outcomes = await flush(batch)
        except BaseException as exc:  # the whole batch failed: every caller hears it
            settle(exc)
            if isinstance(exc, asyncio.CancelledError):
                raise
            return
        settle(outcomes)

    def send(batch: list[Append], settle: Settle) -> None:
        task = asyncio.get_running_loop().create_task(write(batch, settle))
        running.add(task)
        task.add_done_callback(running.discard)

    return send


# While an exam is busy, batches leave at most every SPACING seconds (see GroupCommit).
SPACING = 0.005
SIBLINGS = 16  # streams appending within a WINDOW that make the store busy
WINDOW = 0.1


class GroupCommit:
    """Collects appends and hands them to ``send`` in batches, one batch at a time.

    While many streams append (``SIBLINGS`` in the last ``WINDOW`` seconds: a busy exam, not
    one session's commits one after the other), a batch leaves no sooner than ``SPACING``
    after the one before: a transaction (its fsync, its pages, the hand-off to the writer and
    back) is paid by more appends, at the cost of that much more wait for an acknowledgement.
    """

    def __init__(self, send: Send, max_batch: int = 512, spacing: float = SPACING) -> None:
        self.send = send
        self.max_batch = max_batch
        self.spacing = spacing
        self.pending: list[Append] = []
        self.busy = False  # a batch is being written, or about to be
        self.batches = 0  # batches written, for the bench
        self.appends = 0
        self._sent = -1.0  # loop time the last batch left at
        self._window = -1.0  # loop time the current window of streams began at
        self._streams: set[str] = set()  # streams appending in the current window
        self._busy_exam = False  # the last full window had SIBLINGS streams or more

    async def append(self, item: Append) -> None:
        """Returns once ``item`` is durable; raises its own refusal or the batch's error.

        A caller cancelled meanwhile cancels only its wait: the append stays in its batch."""
        loop = asyncio.get_running_loop()
        item.done = loop.create_future()
        self.pending.append(item)
        now = loop.time()
        if now - self._window > WINDOW:
            self._busy_exam = len(self._streams) >= SIBLINGS
            self._streams.clear()
            self._window = now
        self._streams.add(item.stream)
        if not self.busy:
            # Sent at the loop's next turn: the appends made in this one (writers woken
            # together by the last batch's outcomes) share the batch.
            self.busy = True
            if not self._spaced(loop, now):
                loop.call_soon(self._next)
        await item.done

    def _spaced(self, loop: asyncio.AbstractEventLoop, now: float) -> bool:
        """Whether the next batch waits, while the store is busy, for ``spacing`` to pass."""
        wait = self._sent + self.spacing - now
        if self._busy_exam and wait > 0:
            loop.call_later(wait, self._next)
            return True
        return False

    def _next(self) -> None:
        self._sent = asyncio.get_running_loop().time()
        batch, self.pending = self.pending[: self.max_batch], self.pending[self.max_batch :]
        try:
            self.send(batch, partial(self._settle, batch))
        except BaseException as exc:  # the writer is gone (closed): the batch hears why
            self._settle(batch, exc)

    def _settle(self, batch: list[Append], outcomes: Outcomes | BaseException) -> None:
        self.batches += 1
        self.appends += len(batch)
        if isinstance(outcomes, BaseException):
            outcomes = [outcomes] * len(batch)
        for item, outcome in zip(batch, outcomes, strict=True):
            if item.done.done():  # its caller was cancelled
                continue
            if outcome is None:
                item.done.set_result(None)
            elif isinstance(outcome, asyncio.CancelledError):
                item.done.cancel()
            else:
                item.done.set_exception(outcome)
        if self.pending:
            loop = asyncio.get_running_loop()
            if not self._spaced(loop, loop.time()):
                self._next()
        else:
            self.busy = False
