"""Signed, expiring values (the trainer's session cookie) and CSRF tokens bound to them.

HMAC-SHA256 under a server key, base64url without padding, compared in constant time. Each
use signs under its own purpose string, so a session signature can never pass as a CSRF
token or the reverse. Pure: the caller passes the time in, which keeps expiry testable.

Signed form: ``<base64url(value)>.<issued_at in ms>.<base64url(mac)>``, only characters that
are safe in a cookie. The MAC covers the exact text of the first two parts and is compared
as text, so changing any byte of the signed string invalidates it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import re
import secrets

MIN_KEY_BYTES = 16
CLOCK_SKEW = 60.0
"""Seconds a value may appear to be issued in the future (clock steps) before it is refused."""

_SESSION_PURPOSE = b"omnisim.session.v1"
_CSRF_PURPOSE = b"omnisim.csrf.v1"
_SIGNED = re.compile(r"([A-Za-z0-9_-]*)\.([0-9]{1,17})\.([A-Za-z0-9_-]{43})")


def new_key() -> bytes:
    """A fresh 256-bit signing key."""
    return secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _mac(key: bytes, purpose: bytes, message: bytes) -> str:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"signing key shorter than {MIN_KEY_BYTES} bytes")
    return _b64(hmac.new(key, purpose + b"\0" + message, hashlib.sha256).digest())


def _same(a: str, b: str) -> bool:
    return a.isascii() and b.isascii() and hmac.compare_digest(a.encode(), b.encode())


def sign(key: bytes, value: str, issued_at: float) -> str:
    """``value`` stamped with ``issued_at`` (seconds since the epoch) and signed under ``key``."""
    if not math.isfinite(issued_at) or issued_at < 0:
        raise ValueError(f"issued_at must be a non-negative time, got {issued_at!r}")
    payload = f"{_b64(value.encode('utf-8'))}.{int(issued_at * 1000)}"
    return f"{payload}.{_mac(key, _SESSION_PURPOSE, payload.encode('ascii'))}"


def unsign(key: bytes, signed: str, now: float, max_age: float) -> str | None:
    """The value if ``signed`` is intact, made under ``key`` and at most ``max_age`` s old.

    Tampered, expired, malformed or signed under another key: None, never an exception.
    """
    match = _SIGNED.fullmatch(signed) if signed.isascii() else None
    if match is None:
        return None
    encoded, issued_ms, mac = match.groups()
    if not _same(mac, _mac(key, _SESSION_PURPOSE, f"{encoded}.{issued_ms}".encode("ascii"))):
        return None
    age = now - int(issued_ms) / 1000
    if not -CLOCK_SKEW <= age <= max_age:
        return None
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):  # only reachable with a leaked key
        return None


def csrf_token(key: bytes, session_value: str) -> str:
    """The CSRF token forms must carry for this session (the raw cookie value, or "")."""
    return _mac(key, _CSRF_PURPOSE, session_value.encode("utf-8", "surrogatepass"))


def check_csrf(key: bytes, session_value: str, token: str) -> bool:
    """Whether ``token`` is the CSRF token of ``session_value``, compared in constant time."""
    return _same(token, csrf_token(key, session_value))
