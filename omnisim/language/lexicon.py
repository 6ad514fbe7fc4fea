"""Loading the bundled lexicons once, from package data (works from a wheel too)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

from omnisim.language.alternation import Alternation, vocabulary
from omnisim.language.match import normalise


def data_text(name: str) -> str:
    return (
        resources.files("omnisim.language")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


# Lines whose reading (sentiment, SMS tokens, markers) is kept: a candidate line is read by
# the customer's mood, its reaction and, later, the measures; once.
LINES_CACHED = 4096
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it


@cache
def data_yaml(name: str) -> Any:
    return yaml.load(data_text(name), Loader=_LOADER)  # noqa: S506 - a safe loader


_FOLDED_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?]")  # compiled once, not looked up


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case, accents and apostrophe style folded; words separated by single spaces."""
    text = normalise(text).replace("\u2019", "'").replace("\u02bc", "'")
    text = text.replace("œ", "oe").replace("æ", "ae")  # ligatures do not decompose
    return " ".join(_FOLDED_WORD.findall(text))


@cache
def phrase_table(lang: str) -> tuple[Alternation, dict[str, float]]:
    """Contact-centre formulas: one alternation, longest first, and their valences."""
    raw = data_yaml(f"contact_centre_{lang}.yaml").get("phrases", {})
    phrases = {fold(p): float(v) for p, v in raw.items()}
    return Alternation.of_phrases(phrases, vocabulary(lang)), phrases


def find_phrases(lang: str, folded: str) -> tuple[str, list[float]]:
    """Remove matched formulas from ``folded``; return what is left and their valences."""
    pattern, valences = phrase_table(lang)
    if not vocabulary(lang).families(folded) & pattern.bit:
        return " ".join(folded.split()), []  # none of its literals in the text
    found, pieces, last = [], [], 0
    for m in pattern.finditer(folded):  # the text between the matches: what sub(" ") leaves
        found.append(valences[m.group(0)])
        pieces.append(folded[last : m.start()])
        last = m.end()
    if not found:
        return " ".join(folded.split()), found
    pieces.append(folded[last:])
    return " ".join(" ".join(pieces).split()), found
