"""Markers: the formulas the référentiels expect (greeting, reformulation, summary…).

Data per language in data/markers_<lang>.yaml; matching folds case, accents,
apostrophes and spacing, and wants whole words.
"""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import data_yaml, fold

MARKERS = (
    "greeting",
    "self_presentation",
    "reason_validation",
    "reformulation",
    "keep_informed",
    "summary",
    "satisfaction_check",
    "validation_question",
    "thanks",
    "leave_taking",
    "hold_announcement",
    "empathy",
    "apology",
)


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    data = data_yaml(f"markers_{lang}.yaml")
    table = {}
    for name in MARKERS:
        phrases = sorted((fold(p) for p in data.get(name, [])), key=len, reverse=True)
        alternatives = "|".join(re.escape(p) for p in phrases if p)
        table[name] = (
            re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])") if alternatives else None
        )
    return {k: v for k, v in table.items() if v is not None}


def markers(
    text: str, lang: str = "fr", *, company: str | None = None, agent_name: str | None = None
) -> tuple[str, ...]:
    """The marker names found in ``text``, in the order of MARKERS.

    A message naming the company (the principal) or the agent counts as a
    self-presentation ("Cabinet Martin, Julie à votre écoute").
    """
    folded = fold(text)
    found = [
        name
        for name, pattern in _patterns(lang if lang in ("fr", "en") else "fr").items()
        if pattern.search(folded)
    ]
    named = [fold(n) for n in (company, agent_name) if n and fold(n)]
    if "self_presentation" not in found and any(
        re.search(rf"(?<![\w']){re.escape(n)}(?![\w'])", folded) for n in named
    ):
        found.append("self_presentation")
    return tuple(name for name in MARKERS if name in found)
