"""One phrase family of data/markers_<lang>.yaml as a matcher, built once per language
(the sentiment families of contact_centre_<lang>.yaml are families.py's).

Families read on their own (the defensive replies, the hand-ons, deferrals and commitments of
:mod:`omnisim.language.steps`) are matched as :mod:`omnisim.language.markers` matches its own:
case, accents, apostrophes and spacing folded, whole words.
"""

from __future__ import annotations

from functools import cache

from omnisim.language.alternation import Alternation, vocabulary
from omnisim.language.lexicon import data_yaml, fold


def known(lang: str) -> str:
    """``lang`` if the marker data has it, else French (the product's first language)."""
    return lang if lang in ("fr", "en") else "fr"


@cache
def family(lang: str, name: str) -> Alternation:
    """The family ``name`` of ``lang``'s marker data (empty when it has none)."""
    phrases = data_yaml(f"markers_{known(lang)}.yaml").get(name, [])
    return Alternation.of_phrases((fold(p) for p in phrases), vocabulary(known(lang)))


# The families read on their own (steps, proposals, defensive), built at import (the app's
# start-up): one first built on a candidate's line would rebuild its language's automaton
# (alternation.Vocabulary) on the event loop, a few milliseconds each.
READ_ALONE = (
    "choice_confirmed",
    "commitment",
    "concern_minimised",
    "customer_redirected",
    "defensive",
    "defensive_disclaimer",
    "defensive_third_party",
    "deferral",
    "guarantee",
    "hand_on",
    "remedy_refused",
)
for _preloaded in ("fr", "en"):
    for _name in READ_ALONE:
        family(_preloaded, _name)
