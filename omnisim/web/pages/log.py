"""Reading a log by pages over HTTP: ``?after=<seq>&limit=<n>``, answered with ``upto``/``more``.

A 90-minute attempt's log weighs about 1.4 MiB; a page of at most :data:`MAX_LIMIT`
events keeps each answer small and lets the reader follow the pages in order, exactly
as a socket join does (docs/protocol.md: ``after``, ``upto``, ``more``). ``upto`` is the
last seq the page covers, even when the reader's role may not see that event, so the
next page asks ``after=upto`` and every event comes exactly once, in order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from omnisim.events import Event
from omnisim.schema import SchemaError
from omnisim.store.base import MAX_SEQ, EventStore

DEFAULT_LIMIT = 2000
MAX_LIMIT = 2000


@dataclass(frozen=True)
class PageAsk:
    after: int
    limit: int


def _integer(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 16 or not low <= int(text) <= high:
        key = "err.page_after" if name == "after" else "err.page_limit"
        raise SchemaError(name, key, low=low, high=high)
    return int(text)


def page_ask(query: Mapping[str, str]) -> PageAsk:
    """The page asked for; a SchemaError naming ``after`` or ``limit`` when out of range."""
    after = _integer(query, "after", 0, 0, MAX_SEQ)
    limit = _integer(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    return PageAsk(after, limit)


@dataclass(frozen=True)
class LogPage:
    after: int
    upto: int
    more: bool
    events: Sequence[Event]


async def log_page(store: EventStore, stream: str, ask: PageAsk) -> LogPage:
    """The page of ``stream`` that ``ask`` covers."""
    events, more = await store.read_page(stream, ask.after, ask.limit)
    upto = events[-1].seq if events else ask.after
    return LogPage(ask.after, upto, more, events)
