"""Group commit: appends that arrive while a write is in flight share the next one.

One fsync (SQLite) or one round trip (Redis) then acknowledges a whole batch of
appends, each told its own outcome (done, ConflictError for that stream alone, or
the store's error for all of the batch). At most one write is in flight, so the
order of appends to a stream is the order they were submitted in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Append:
    """One caller's append, waiting for the batch that carries it."""

    stream: str
    first_seq: int
    bodies: Sequence[str]
    epoch: int = 0  # the writer's fencing epoch (0: not fenced)
    fence: str = ""  # the lease the epoch is checked against (an exam id)
    done: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


#: Writes a batch; returns, per append in order, None when stored or the exception for it.
Flush = Callable[[list[Append]], Awaitable[list[BaseException | None]]]


class GroupCommit:
    """Collects appends and hands them to ``flush`` in batches, one batch at a time."""

    def __init__(self, flush: Flush, max_batch: int = 512) -> None:
        self.flush = flush
        self.max_batch = max_batch
        self.pending: list[Append] = []
        self._writer: asyncio.Task[None] | None = None
        self.batches = 0  # batches written, for the bench
        self.appends = 0

    async def append(self, item: Append) -> None:
        # An outcome nobody awaits any more (the caller was cancelled) is still retrieved.
        item.done.add_done_callback(lambda f: f.cancelled() or f.exception())
        self.pending.append(item)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._drain())
        await asyncio.shield(item.done)

    async def _drain(self) -> None:
        while self.pending:
            batch, self.pending = self.pending[: self.max_batch], self.pending[self.max_batch :]
            try:
                outcomes = await self.flush(batch)
            except BaseException as exc:  # the whole batch failed: every caller hears it
                if isinstance(exc, asyncio.CancelledError):
                    for item in batch:
                        if not item.done.done():
                            item.done.set_exception(exc)
                    raise
                outcomes = [exc] * len(batch)
            self.batches += 1
            self.appends += len(batch)
            for item, outcome in zip(batch, outcomes, strict=True):
                if item.done.done():
                    continue
                if outcome is None:
                    item.done.set_result(None)
                else:
                    item.done.set_exception(outcome)
