"""Who is asking, by network address: the peer, or the client a trusted proxy names.

Behind nginx (deploy/nginx.conf) every request comes from nginx's address, so the
per-address limits (sign-in attempts, sockets, budgets) would count a whole exam room
as one. The peer's ``X-Forwarded-For`` is believed only when the peer is one of the
``trusted_proxies`` setting's addresses or networks, and then only its right-most
entry not itself a trusted proxy: anything further left was written by the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import cache
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def networks(setting: str) -> tuple[Network, ...]:
    """The ``trusted_proxies`` setting (comma-separated addresses or networks), parsed."""
    found = []
    for part in setting.split(","):
        if part.strip():
            found.append(ipaddress.ip_network(part.strip(), strict=False))
    return tuple(found)


def _trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address: the peer, unless a trusted proxy says for whom it asks."""
    if not trusted or not _trusted(peer, trusted):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(hop, trusted):
            return hop
    return peer


def request_address(request: Any, trusted_proxies: str) -> str:
    """:func:`client_address` of an aiohttp request (a page, or a socket's handshake)."""
    if request is None:
        return ""
    peer = str(getattr(request, "remote", "") or "")
    forwarded = request.headers.get("X-Forwarded-For", "") if trusted_proxies else ""
    return client_address(peer, forwarded, networks(trusted_proxies))
