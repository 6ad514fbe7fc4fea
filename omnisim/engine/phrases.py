"""The simulated customers' stock phrases, as data (``data/conversation_<lang>.yaml``).

Two halves per language: ``cues`` (what the candidate says: a greeting, a recap, a
refusal, a question about the customer's name or file number…) and ``lines`` (the
customer's stock answers: greeting back, confirming a recap, a goodbye, varied
evasions…). A deck's own lines always come first; these are what a real customer
would say when the deck is silent. Matching folds case, accents and apostrophes and
wants whole words (as omnisim/language/markers.py does).
"""

from __future__ import annotations

import random
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from omnisim.language.lexicon import fold

LANGS = ("fr", "en")
CUES = (
    "greeting",
    "goodbye",
    "thanks",
    "recap",
    "recap_weak",
    "satisfaction",
    "offer_help",
    "refusal",
    "next_step",
    "request",
    "ask_reference",
    "ask_email",
    "ask_phone",
    "ask_address",
    "ask_name",
)
LINES = (
    "greet_back",
    "restate",
    "callback",
    "goodbye",
    "welcome",
    "acknowledge",
    "name",
    "phone",
    "email",
    "reference",
    "address",
    "identity_unknown",
    "recap_confirm",
    "recap_deny",
    "recap_deny_plain",
    "recap_missing",
    "satisfied",
    "unsatisfied",
    "evasive",
    "evasive_last",
    "repeat",
    "why_channel",
    "deadline_complaint",
)
# The identity questions in the order they are tried: "numéro de dossier" before "numéro".
IDENTITY = ("reference", "email", "phone", "address", "name")


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "fr"


@cache
def _data(lang: str) -> dict[str, Any]:
    text = (
        resources.files("omnisim.engine")
        .joinpath("data")
        .joinpath(f"conversation_{lang}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    missing = [f"cues.{n}" for n in CUES if not data["cues"].get(n)]
    missing += [f"lines.{n}" for n in LINES if not data["lines"].get(n)]
    if missing:
        raise ValueError(f"conversation_{lang}.yaml lacks {', '.join(missing)}")
    return data


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    table = {}
    for name in CUES:
        phrases = sorted({fold(p) for p in _data(lang)["cues"][name]} - {""}, key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in phrases)
        table[name] = re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])")
    return table


def cues(text: str, lang: str) -> frozenset[str]:
    """The cue names (see CUES) found in a candidate's message."""
    folded = fold(text)
    return frozenset(n for n, p in _patterns(_lang(lang)).items() if p.search(folded))


def variants(lang: str, family: str) -> tuple[str, ...]:
    return tuple(_data(_lang(lang))["lines"][family])


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def pick(lang: str, family: str, key: str, avoid: str = "", **values: str) -> str:
    """One variant of ``family``, drawn from ``key`` (seeded), never ``avoid`` when it can."""
    options = [v.format_map(_Values(values)) for v in variants(lang, family)]
    choices = [o for o in options if o != avoid] or options
    return random.Random(key).choice(choices)


def channel_name(lang: str, channel: str) -> str:
    return str(_data(_lang(lang))["channels"].get(channel, channel))


# Read at import (the app's start-up), never inside a live session's first reply.
for _preloaded in LANGS:
    _patterns(_preloaded)
