"""Trainers' accounts, sessions and API tokens, as a fold of the ``accounts`` stream.

Passwords are kept as argon2 hashes, API tokens as SHA-256 hashes; the key that
signs session cookies lives in the same stream so every worker on the store
shares it. A signed-in browser holds one session: opened by an event, closed by
sign-out, "sign out everywhere" or a password change, so a cookie (and the sockets
it opened) stops working on every worker at once. The first trainer is created
with ``omnisim trainer add``: there is no default account and no default password.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from omnisim import events as ev
from omnisim.auth.passwords import check_new_password, hash_password, verify_password
from omnisim.auth.signing import new_key
from omnisim.auth.tokens import make_token, matches, new_secret, split_token, token_hash
from omnisim.events import Draft, Event
from omnisim.schema import SchemaError
from omnisim.store import ConflictError, EventStore

log = logging.getLogger(__name__)

STREAM = "accounts"
MAX_LABEL = 120  # characters in an API token's label
SESSION_LIFETIME = 12 * 3600.0  # seconds a session stays open at most (its cookie's life)
_LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
#: Told of every batch of accounts events once durably logged (omnisim/web/socket/credentials.py).
Listener = Callable[[Sequence[Event]], Awaitable[None]]


@dataclass
class Trainer:
    id: str
    login: str
    name: str
    password_hash: str
    api_tokens: dict[str, str] = field(default_factory=dict)  # token id -> hash
    sessions: dict[str, float] = field(default_factory=dict)  # open session id -> opened at


@dataclass(frozen=True)
class SignedIn:
    """A trainer in one open session (what a session cookie names)."""

    trainer: Trainer
    session_id: str


@dataclass
class AccountsState:
    trainers: dict[str, Trainer] = field(default_factory=dict)
    signing_key: bytes = b""
    last_seq: int = 0

    def by_login(self, login: str) -> Trainer | None:
        return next((t for t in self.trainers.values() if t.login == login), None)

    def apply(self, event: Event) -> None:
        p = event.payload
        self.last_seq = event.seq
        if isinstance(p, ev.TrainerCreated):
            self.trainers[p.trainer_id] = Trainer(p.trainer_id, p.login, p.name, p.password_hash)
        elif isinstance(p, ev.TrainerPasswordChanged) and p.trainer_id in self.trainers:
            self.trainers[p.trainer_id].password_hash = p.password_hash
            self.trainers[p.trainer_id].sessions.clear()  # an old cookie must not outlive it
        elif isinstance(p, ev.TrainerSignedIn) and p.trainer_id in self.trainers:
            sessions = self.trainers[p.trainer_id].sessions
            for old in [s for s, at in sessions.items() if at + SESSION_LIFETIME < event.wall_time]:
                del sessions[old]  # expired: forgotten, so the fold stays small
            sessions[p.session_id] = event.wall_time
        elif isinstance(p, ev.TrainerSignedOut) and p.trainer_id in self.trainers:
            self.trainers[p.trainer_id].sessions.pop(p.session_id, None)
        elif isinstance(p, ev.TrainerSignedOutEverywhere) and p.trainer_id in self.trainers:
            self.trainers[p.trainer_id].sessions.clear()
        elif isinstance(p, ev.ApiTokenCreated) and p.trainer_id in self.trainers:
            self.trainers[p.trainer_id].api_tokens[p.token_id] = p.token_hash
        elif isinstance(p, ev.ApiTokenRevoked) and p.trainer_id in self.trainers:
            self.trainers[p.trainer_id].api_tokens.pop(p.token_id, None)
        elif isinstance(p, ev.SigningKeyCreated) and not self.signing_key:
            self.signing_key = bytes.fromhex(p.key)


class Accounts:
    def __init__(self, store: EventStore, wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.wall = wall
        self.state = AccountsState()
        self.lock = asyncio.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Have ``listener`` told of every batch this process appends, once it is durable
        (the sockets' credentials subscribe: the accounts know nothing of them)."""
        self._listeners.append(listener)

    async def refresh(self) -> AccountsState:
        for event in await self.store.read(STREAM, self.state.last_seq):
            self.state.apply(event)
        return self.state

    async def _append(self, drafts: list[Draft]) -> None:
        async with self.lock:
            await self.refresh()
            try:
                events = await self.store.append_drafts(
                    STREAM, drafts, lambda: self.state.last_seq, self.refresh, self.wall()
                )
            except ConflictError as exc:
                raise SchemaError("type", "err.busy") from exc
            for event in events:
                self.state.apply(event)
        for listener in self._listeners:
            try:
                await listener(events)
            except Exception:  # logged: the append itself succeeded
                log.exception("accounts: a listener failed")

    async def add_trainer(self, login: str, name: str, password: str) -> Trainer:
        login = login.strip().lower()
        if not _LOGIN.fullmatch(login):
            raise SchemaError("login", "err.login")
        if not name.strip():
            raise SchemaError("name", "err.name_required")
        check_new_password(password)
        await self.refresh()
        if self.state.by_login(login) is not None:
            raise SchemaError("login", "err.login_taken", login=login)
        trainer_id = "tr" + secrets.token_hex(4)
        hashed = await asyncio.to_thread(hash_password, password)
        created = ev.TrainerCreated(trainer_id, login, name.strip(), hashed)
        await self._append([Draft("system", created, None, trainer_id)])
        return self.state.trainers[trainer_id]

    async def sign_in(self, login: str, password: str) -> Trainer | None:
        """The trainer, or None; a wrong login costs the same time as a wrong password."""
        await self.refresh()
        trainer = self.state.by_login(login.strip().lower())
        stored = trainer.password_hash if trainer else await asyncio.to_thread(_dummy_hash)
        ok = await asyncio.to_thread(verify_password, stored, password)
        return trainer if ok and trainer is not None else None

    async def open_session(self, trainer_id: str) -> str:
        """A new session for a trainer who just proved their password; its id."""
        session_id = secrets.token_urlsafe(18)
        opened = ev.TrainerSignedIn(trainer_id, session_id)
        await self._append([Draft("trainer", opened, None, trainer_id)])
        return session_id

    async def session(self, trainer_id: str, session_id: str) -> SignedIn | None:
        """The trainer while this session is open and younger than its lifetime, else None."""
        await self.refresh()
        trainer = self.state.trainers.get(trainer_id)
        opened = trainer.sessions.get(session_id) if trainer else None
        if trainer is None or opened is None or opened + SESSION_LIFETIME < self.wall():
            return None
        return SignedIn(trainer, session_id)

    async def close_session(self, trainer_id: str, session_id: str) -> None:
        """Sign-out: this session's cookie and sockets stop working, on every worker."""
        await self.refresh()
        trainer = self.state.trainers.get(trainer_id)
        if trainer is not None and session_id in trainer.sessions:
            closed = ev.TrainerSignedOut(trainer_id, session_id)
            await self._append([Draft("trainer", closed, None, trainer_id)])

    async def close_sessions(self, trainer_id: str) -> None:
        """Sign out everywhere: every open session of the trainer is closed."""
        await self.refresh()
        if trainer_id not in self.state.trainers:
            raise SchemaError("trainer", "err.no_trainer", trainer=trainer_id)
        closed = ev.TrainerSignedOutEverywhere(trainer_id)
        await self._append([Draft("trainer", closed, None, trainer_id)])

    async def new_api_token(self, trainer_id: str, label: str = "") -> str:
        await self.refresh()
        if trainer_id not in self.state.trainers:
            raise SchemaError("trainer", "err.no_trainer", trainer=trainer_id)
        token_id = "ak" + secrets.token_hex(4)
        token = make_token(f"{trainer_id}:{token_id}", new_secret())
        if len(label) > MAX_LABEL:
            raise SchemaError("label", "err.too_long", limit=MAX_LABEL)
        created = ev.ApiTokenCreated(trainer_id, token_id, token_hash(token), label)
        await self._append([Draft("trainer", created, None, trainer_id)])
        return token

    async def revoke_api_token(self, trainer_id: str, token_id: str) -> None:
        """The token stops working at once, on every worker."""
        await self.refresh()
        trainer = self.state.trainers.get(trainer_id)
        if trainer is None or token_id not in trainer.api_tokens:
            raise SchemaError("token_id", "err.no_token", token=token_id)
        revoked = ev.ApiTokenRevoked(trainer_id, token_id)
        await self._append([Draft("trainer", revoked, None, trainer_id)])

    async def change_password(self, trainer_id: str, password: str) -> None:
        check_new_password(password)
        await self.refresh()
        if trainer_id not in self.state.trainers:
            raise SchemaError("trainer", "err.no_trainer", trainer=trainer_id)
        hashed = await asyncio.to_thread(hash_password, password)
        changed = ev.TrainerPasswordChanged(trainer_id, hashed)
        await self._append([Draft("trainer", changed, None, trainer_id)])

    async def by_api_token(self, token: str) -> Trainer | None:
        parts = split_token(token) if isinstance(token, str) else None
        if parts is None:
            return None
        trainer_id, _, token_id = parts[0].partition(":")
        await self.refresh()
        trainer = self.state.trainers.get(trainer_id)
        stored = trainer.api_tokens.get(token_id) if trainer else None
        return trainer if stored and matches(stored, token) else None

    async def signing_key(self) -> bytes:
        """The cookie-signing key, created once for the whole store."""
        await self.refresh()
        if not self.state.signing_key:
            await self._append([Draft("system", ev.SigningKeyCreated(new_key().hex()))])
        return self.state.signing_key

    async def trainer(self, trainer_id: str) -> Trainer | None:
        await self.refresh()
        return self.state.trainers.get(trainer_id)


@cache
def _dummy_hash() -> str:
    """Verified against when the login is unknown, so both failures take as long."""
    return hash_password(secrets.token_urlsafe(16))
