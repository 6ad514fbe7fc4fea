"""From the first Redis layout (one LIST per stream) to today's (one Redis stream per stream).

Before Redis Streams (commit 1e23263), the Redis backend kept each event stream as a
LIST ``<prefix>:log:<stream>`` of the events' JSON texts, seq n at index n-1, and the
names of the streams in the LIST ``<prefix>:sessions`` (a key both layouts share).
Today's backend never reads those lists: left alone, every exam written then would look
absent. So a server refuses to start while an old list is not copied
(:func:`unmigrated`), and ``omnisim store migrate`` copies them (:func:`migrate`):

- every text is copied verbatim through the backend's own append (same seqs, same
  bytes: history is never rewritten; old event versions are upcast on read as always);
- idempotent: a stream already copied, or copied in part, is completed, not duplicated;
- refused as a whole, before anything is written, when a stream's new log does not begin
  with its old list (both were written to: a person must decide);
- the old lists stay until ``--drop-old``, which deletes only lists fully copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from omnisim.i18n import message
from omnisim.settings import help_lang
from omnisim.store.redis_store import RedisBackend

CHUNK = 500  # texts per append: one script call stays small


class MigrationConflict(RuntimeError):
    """A stream holds events in both layouts that differ: nothing was copied."""

    def __init__(self, conflicts: list[tuple[str, int]]) -> None:
        self.conflicts = conflicts  # (stream, first seq that differs)
        super().__init__(", ".join(f"{stream} (seq {seq})" for stream, seq in conflicts))


class Unmigrated(RuntimeError):
    """Old-layout lists not copied yet: ``omnisim serve`` refuses to start (they would be lost
    from sight). The message, in the command line's language, names the command to run."""

    def __init__(self, streams: list[str], url: str) -> None:
        self.streams = streams
        shown = ", ".join(streams[:5]) + (" …" if len(streams) > 5 else "")
        count = len(streams)
        super().__init__(
            message(help_lang(), "cli.store_unmigrated", count=count, streams=shown, url=url)
        )


async def refuse_unmigrated(backend: RedisBackend, url: str) -> None:
    """Raise :class:`Unmigrated` when an old list is not fully copied (checked at start-up)."""
    left = await unmigrated(backend)
    if left:
        raise Unmigrated(left, url)


@dataclass
class Migration:
    """What a run of :func:`migrate` did."""

    streams: int = 0  # old lists found
    copied: dict[str, int] = field(default_factory=dict)  # stream -> events copied now
    dropped: int = 0  # old lists deleted

    @property
    def events(self) -> int:
        return sum(self.copied.values())


def old_key(backend: RedisBackend, stream: str) -> str:
    return f"{backend.prefix}:log:{stream}"


async def old_streams(backend: RedisBackend) -> list[str]:
    """The streams that have a list in the old layout, in name order."""
    start = f"{backend.prefix}:log:"
    found = set()
    async for key in backend.client.scan_iter(match=f"{start}*", count=1000, _type="list"):
        found.add(str(key).removeprefix(start))
    return sorted(found)


async def _copied(backend: RedisBackend, stream: str) -> bool:
    """Whether the new log holds at least the old list's events, its last one alike."""
    client = backend.client
    old_last = int(await client.llen(old_key(backend, stream)))
    if old_last == 0:
        return True
    if await backend.last_seq(stream) < old_last:
        return False
    last_old = await client.lindex(old_key(backend, stream), old_last - 1)
    # Through the backend's own read (whatever its keys and entry ids): old streams are
    # finished exams, so what follows their last old event is short.
    return (await backend.read(stream, old_last - 1))[:1] == [last_old]


async def unmigrated(backend: RedisBackend) -> list[str]:
    """Old-layout streams not (fully) copied yet: the server must not start over them."""
    return [s for s in await old_streams(backend) if not await _copied(backend, s)]


async def migrate(backend: RedisBackend, drop_old: bool = False) -> Migration:
    """Copy every old list into its stream; MigrationConflict (nothing written) on a conflict."""
    client = backend.client
    streams = await old_streams(backend)
    plan: list[tuple[str, list[str], int]] = []  # stream, old texts, how many already copied
    conflicts: list[tuple[str, int]] = []
    for stream in streams:
        old = [str(b) for b in await client.lrange(old_key(backend, stream), 0, -1)]
        new = await backend.read(stream, 0)
        common = min(len(old), len(new))
        differ = next((n for n in range(common) if old[n] != new[n]), None)
        if differ is not None:
            conflicts.append((stream, differ + 1))
        plan.append((stream, old, len(new)))
    if conflicts:
        raise MigrationConflict(conflicts)
    done = Migration(streams=len(streams))
    sessions = f"{backend.prefix}:sessions"
    for stream, old, have in plan:
        for start in range(have, len(old), CHUNK):
            await backend.append(stream, start + 1, old[start : start + CHUNK])
        if have < len(old):
            done.copied[stream] = len(old) - have
        if have == 0 and old:
            # The first append names the stream in the shared index again: keep the oldest.
            seen = await client.lpos(sessions, stream, count=0)
            times = len(seen) if isinstance(seen, list) else 1
            if times > 1:
                await client.lrem(sessions, -(times - 1), stream)
    if drop_old:
        for stream in streams:
            if await _copied(backend, stream):
                done.dropped += int(await client.delete(old_key(backend, stream)))
    return done
