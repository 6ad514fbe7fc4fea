"""Who may sign in, and the decks trainers brought: the ``accounts`` and ``library`` streams."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrainerCreated:
    """A trainer account; the password is kept as an argon2 hash only."""

    trainer_id: str
    login: str
    name: str
    password_hash: str


@dataclass(frozen=True)
class TrainerPasswordChanged:
    trainer_id: str
    password_hash: str


@dataclass(frozen=True)
class ApiTokenCreated:
    """A bearer token for the JSON API, stored hashed; ``label`` says what it is for."""

    trainer_id: str
    token_id: str
    token_hash: str
    label: str = ""


@dataclass(frozen=True)
class ApiTokenRevoked:
    trainer_id: str
    token_id: str


@dataclass(frozen=True)
class TrainerSignedIn:
    """A session opened by signing in: the cookie names it, and it works while it stays open
    (12 hours at most). Kept in the log so that every worker can close it."""

    trainer_id: str
    session_id: str


@dataclass(frozen=True)
class TrainerSignedOut:
    """One session closed (sign-out): its cookie and its sockets stop working at once."""

    trainer_id: str
    session_id: str


@dataclass(frozen=True)
class TrainerSignedOutEverywhere:
    """Every session of the trainer closed ("sign out everywhere"), wherever it was opened."""

    trainer_id: str


@dataclass(frozen=True)
class SigningKeyCreated:
    """The key signing trainers' session cookies, shared by every worker of the store."""

    key: str


@dataclass(frozen=True)
class DeckUploaded:
    """A deck a trainer uploaded (as text files), after it passed validation."""

    deck_id: str
    trainer_id: str
    title: str
    content_hash: str
    files: dict[str, str]
