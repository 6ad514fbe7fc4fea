"""Every setting in one table: default, environment variable, help (French, English).

Layering: defaults < environment (``OMNISIM_<NAME>``) < command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help_fr: str
    help_en: str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Adresse d'écoute du serveur.", "Address the server listens on."),
    Setting("port", 8080, "Port d'écoute du serveur.", "Port the server listens on."),
    Setting(
        "store",
        "omnisim.db",
        "Journal des événements : chemin du fichier SQLite, ou redis://hôte:port/n.",
        "Event log: SQLite file path, or redis://host:port/n.",
    ),
    Setting(
        "redis",
        "",
        "URL Redis pour relayer les événements socket.io entre plusieurs serveurs.",
        "Redis URL relaying socket.io events between several server processes.",
    ),
    Setting(
        "deck",
        "",
        "Deck à ouvrir au démarrage (une session est créée et ses liens affichés).",
        "Deck to open at start-up (a session is created and its links printed).",
    ),
    Setting(
        "rate_limit",
        10.0,
        "Actions par seconde qu'une connexion peut soutenir (au-delà : refus motivé).",
        "Actions per second one connection may sustain (beyond: refused with a reason; 2 s burst).",
    ),
)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    store: str = "omnisim.db"
    redis: str = ""
    deck: str = ""
    rate_limit: float = 10.0

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
    setting = next(s for s in SETTINGS if s.name == name)
    return setting.help_en if help_lang() == "en" else setting.help_fr
