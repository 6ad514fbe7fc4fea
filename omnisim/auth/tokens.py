"""Capability links and API tokens: ``"<scope>.<secret>"``, stored only as a SHA-256 hash.

The scope (an id such as ``ex3f2a1c:p7``) says what the token opens so the right record can be
looked up; the secret is what proves the holder was given the link. The store keeps
:func:`token_hash`, never the clear token, so a leaked database opens nothing. A plain SHA-256
is enough here (unlike passwords): the secret has 192 random bits, nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

SECRET_BYTES = 24
_SCOPE = re.compile(r"[A-Za-z0-9_:-]{1,128}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{16,128}")  # the token_urlsafe alphabet


def new_secret() -> str:
    """A fresh URL-safe secret with 192 bits of randomness."""
    return secrets.token_urlsafe(SECRET_BYTES)


def make_token(scope: str, secret: str) -> str:
    """``"<scope>.<secret>"``; ValueError when either part would make the token ambiguous."""
    if not _SCOPE.fullmatch(scope):
        raise ValueError(f"invalid token scope {scope!r} (letters, digits, '_', '-', ':')")
    if not _SECRET.fullmatch(secret):
        raise ValueError("invalid token secret (use new_secret())")
    return f"{scope}.{secret}"


def split_token(token: str) -> tuple[str, str] | None:
    """``(scope, secret)``, or None for anything :func:`make_token` could not have produced."""
    scope, dot, secret = token.partition(".")
    if not dot or not _SCOPE.fullmatch(scope) or not _SECRET.fullmatch(secret):
        return None
    return scope, secret


def token_hash(token: str) -> str:
    """SHA-256 hex digest of the token: the only form that is stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def matches(stored_hash: str, token: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash``, compared in constant time."""
    expected = stored_hash.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(expected, token_hash(token).encode("ascii"))
