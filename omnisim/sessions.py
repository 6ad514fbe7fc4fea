"""Creating sessions, finding them again after a restart, and telling who a token is.

A token is ``<session id>.<secret>``; the log keeps only the secret's SHA-256, so
anyone reading a log (a jury, an export) cannot impersonate a candidate.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from omnisim import events as ev
from omnisim.deck import load_deck
from omnisim.events import Draft
from omnisim.runtime import Publisher, SessionRuntime
from omnisim.store import EventStore

ROLES = ("candidate", "trainer", "jury")


@dataclass(frozen=True)
class SessionTokens:
    session_id: str
    candidate: str
    trainer: str
    jury: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(
        self, store: EventStore, publish: Publisher, wall: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.publish = publish
        self.wall = wall
        self._live: dict[str, SessionRuntime] = {}

    async def create(
        self, deck_path: str | Path, seed: int | None = None, time_factor: float | None = None
    ) -> SessionTokens:
        deck = await asyncio.to_thread(load_deck, deck_path)  # file reads stay off the loop
        if time_factor is not None and not time_factor > 0:
            raise ValueError(f"time_factor: must be positive, got {time_factor}")
        session_id = secrets.token_hex(6)
        tokens = SessionTokens(
            session_id, *(f"{session_id}.{secrets.token_urlsafe(18)}" for _ in ROLES)
        )
        created = ev.SessionCreated(
            deck_id=deck.id,
            deck_title=deck.title,
            deck_path=deck.path,
            seed=deck.seed if seed is None else seed,
            time_factor=deck.time_factor if time_factor is None else time_factor,
            lang=deck.language,
            candidate_token_hash=_hash(tokens.candidate),
            trainer_token_hash=_hash(tokens.trainer),
            jury_token_hash=_hash(tokens.jury),
        )
        runtime = SessionRuntime(
            session_id, deck, self.store, self.publish, self.wall, created.seed
        )
        await runtime.record([Draft("system", created)])
        self._live[session_id] = runtime
        runtime.start_ticker()
        return tokens

    async def get(self, session_id: str) -> SessionRuntime | None:
        """The live runtime, rebuilt from the log if this process has not seen it yet."""
        if session_id in self._live:
            return self._live[session_id]
        first = await self.store.read(session_id, 0)
        if not first or not isinstance(first[0].payload, ev.SessionCreated):
            return None
        created = first[0].payload
        deck = await asyncio.to_thread(load_deck, created.deck_path)
        runtime = SessionRuntime(
            session_id, deck, self.store, self.publish, self.wall, created.seed
        )
        for event in first:
            runtime.engine.apply(event)
        self._live.setdefault(session_id, runtime)
        runtime = self._live[session_id]
        runtime.start_ticker()
        return runtime

    async def authenticate(self, token: str) -> tuple[SessionRuntime, str] | None:
        """(runtime, role) for a valid token, None otherwise."""
        session_id, _, secret = token.partition(".")
        if not secret:
            return None
        runtime = await self.get(session_id)
        if runtime is None or runtime.engine.state.created is None:
            return None
        created = runtime.engine.state.created
        digest = _hash(token)
        for role in ROLES:
            if secrets.compare_digest(getattr(created, f"{role}_token_hash"), digest):
                return runtime, role
        return None

    async def close(self) -> None:
        for runtime in self._live.values():
            await runtime.stop()
        self._live.clear()
