"""Every setting in one table: name and default; help in the catalog (``setting.<name>``).

Layering: defaults < environment (``OMNISIM_<NAME>``) < command line. The help texts,
French and English, are in ``web/i18n/fr.cli.yaml`` and ``en.cli.yaml``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

from omnisim.i18n import message

EVENT_LOOPS = ("uvloop", "asyncio")  # what `event_loop` may name; the first is the default


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any

    @property
    def help_key(self) -> str:
        """Its help text in the catalog, in French and in English."""
        return f"setting.{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1"),
    Setting("port", 8080),
    Setting("store", "omnisim.db"),
    Setting("redis", ""),
    Setting("deck", ""),
    Setting("public_url", ""),
    Setting("rate_limit", 10.0),
    Setting("sockets_per_token", 8),
    Setting("sockets_per_address", 256),
    Setting("lease_ttl", 6.0),
    Setting("read_limit", 1.0),
    Setting("people_per_address", 60),
    Setting("auth_deadline", 10.0),
    Setting("pending_per_address", 128),
    Setting("trusted_proxies", ""),
    Setting("overload_lag_ms", 250),
    Setting("overload_depth", 400),
    Setting("event_loop", "uvloop"),
)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    store: str = "omnisim.db"
    redis: str = ""
    deck: str = ""
    rate_limit: float = 10.0
    public_url: str = ""
    sockets_per_token: int = 8
    sockets_per_address: int = 256
    lease_ttl: float = 6.0
    read_limit: float = 1.0
    people_per_address: int = 60
    auth_deadline: float = 10.0
    pending_per_address: int = 128
    trusted_proxies: str = ""
    overload_lag_ms: int = 250  # event-loop lag past which arrivals are refused
    overload_depth: int = 400  # joins and actions in flight past which likewise
    event_loop: str = "uvloop"  # the served app's loop: "uvloop" (libuv) or "asyncio"

    @property
    def base_url(self) -> str:
        """Where links point: the configured public URL, never the request's Host header."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"OMNISIM_{f.name.upper()}")
            if raw is not None:
                kind = {"int": int, "float": float}.get(str(f.type), str)
                values[f.name] = kind(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def help_lang() -> str:
    """Language of command-line help: French unless OMNISIM_LANG=en."""
    return "en" if os.environ.get("OMNISIM_LANG", "").lower().startswith("en") else "fr"


def setting_help(name: str) -> str:
    """The help of setting ``name`` in the command line's language."""
    setting = next(s for s in SETTINGS if s.name == name)
    return message(help_lang(), setting.help_key)
