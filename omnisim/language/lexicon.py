"""Loading the bundled lexicons once, from package data (works from a wheel too)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from omnisim.textmatch import normalise


def data_text(name: str) -> str:
    return (
        resources.files("omnisim.language")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


@cache
def data_yaml(name: str) -> Any:
    return yaml.safe_load(data_text(name))


def fold(text: str) -> str:
    """Case, accents and apostrophe style folded; words separated by single spaces."""
    text = normalise(text).replace("\u2019", "'").replace("\u02bc", "'")
    return " ".join(re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?]", text))


@cache
def phrase_table(lang: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Contact-centre formulas as (pattern on folded text, valence), longest first."""
    phrases = data_yaml(f"contact_centre_{lang}.yaml").get("phrases", {})
    ordered = sorted(phrases.items(), key=lambda kv: -len(kv[0]))
    return tuple(
        (re.compile(rf"(?<![\w']){re.escape(fold(p))}(?![\w'])"), float(v)) for p, v in ordered
    )


def find_phrases(lang: str, folded: str) -> tuple[str, list[float]]:
    """Remove matched formulas from ``folded``; return what is left and their valences."""
    found = []
    for pattern, valence in phrase_table(lang):
        folded, n = pattern.subn(" ", folded)
        found += [valence] * n
    return " ".join(folded.split()), found
