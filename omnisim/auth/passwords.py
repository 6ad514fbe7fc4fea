"""Trainer passwords, hashed with argon2id (argon2-cffi, the library's default parameters).

A hash costs about 50 ms of CPU and 64 MiB of memory on purpose, so that a stolen store is
slow to brute-force. That cost also means a verification must not run on the event loop:
async code calls :func:`verify_password_async`, which runs it in a worker thread.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from omnisim.schema import SchemaError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # bounds the work an attacker can ask of the hasher

_hasher = PasswordHasher()


def hash_password(pw: str) -> str:
    """A salted argon2id hash in PHC format; two calls never give the same string."""
    return _hasher.hash(pw)


def verify_password(stored_hash: str, pw: str) -> bool:
    """True when ``pw`` matches; False for a wrong password or a malformed hash, never raises.

    The comparison is argon2's own (constant time). Blocks for the hash's cost: from async
    code use :func:`verify_password_async`.
    """
    try:
        return _hasher.verify(stored_hash, pw)
    except (VerificationError, ValueError):  # ValueError covers InvalidHashError, bad encodings
        return False


async def verify_password_async(stored_hash: str, pw: str) -> bool:
    """:func:`verify_password` in a worker thread, so the event loop keeps serving sessions."""
    return await asyncio.to_thread(verify_password, stored_hash, pw)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (rehash at sign-in).

    A hash that cannot be parsed also answers True: it can never be kept as it is.
    """
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except ValueError:
        return True


def check_new_password(pw: str) -> None:
    """Refuse a password a trainer may not choose, with ``SchemaError("password", key)``."""
    # The bounds as the rule writes them ("1024"), not grouped as a count ("1,024").
    if len(pw) < MIN_LENGTH:
        raise SchemaError("password", "err.password_too_short", min=str(MIN_LENGTH))
    if len(pw) > MAX_LENGTH:
        raise SchemaError("password", "err.password_too_long", max=str(MAX_LENGTH))
    if not pw.strip():
        raise SchemaError("password", "err.password_blank")
    try:
        pw.encode("utf-8")
    except UnicodeEncodeError:
        raise SchemaError("password", "err.password_not_text") from None
