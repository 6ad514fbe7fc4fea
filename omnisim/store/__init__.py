"""Event stores: the embedded SQLite default and Redis for several workers."""

from omnisim.store.base import ConflictError, EventStore, open_store

__all__ = ["ConflictError", "EventStore", "open_store"]
