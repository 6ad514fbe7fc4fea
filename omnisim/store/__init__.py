"""The event log and its backends: the embedded SQLite default and Redis for several workers."""

from omnisim.store.base import Backend, ConflictError, EventStore, Fenced, StoreUnavailable


def open_store(url: str) -> EventStore:
    """``sqlite:///path/file.db`` (or a bare path) or ``redis://host:port/db``."""
    if url.startswith("redis://") or url.startswith("rediss://"):
        from omnisim.store.redis_store import RedisBackend

        return EventStore(RedisBackend(url))
    from omnisim.store.sqlite_store import SqliteBackend

    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
    return EventStore(SqliteBackend(path))


__all__ = ["Backend", "ConflictError", "EventStore", "Fenced", "StoreUnavailable", "open_store"]
