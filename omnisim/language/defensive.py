"""A defensive reply to an upset customer: the fault put on someone else, helplessness
declared, or what they dispute defended (MC ACVD C1.2 « L'attitude est adaptée à la situation
de communication » ; CQP C.1.14 « Comprendre l'état d'esprit du correspondant … (comportement
défensif…) », « répondre à un reproche avec affirmation et sérénité »).

The phrases are the ``defensive`` family of data/markers_<lang>.yaml, matched as markers are
(case, accents, apostrophes and spacing folded, whole words). They are not a register fault
of courtesy: « il fallait signaler la rayure » is polite words, and defensive only to someone
who complains.
"""

from __future__ import annotations

from functools import cache

from omnisim.language.alternation import Alternation, vocabulary
from omnisim.language.lexicon import data_yaml, fold


@cache
def _pattern(lang: str) -> Alternation:
    lang = lang if lang in ("fr", "en") else "fr"
    phrases = data_yaml(f"markers_{lang}.yaml").get("defensive", [])
    return Alternation.of_phrases((fold(p) for p in phrases), vocabulary(lang))


def _lang(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


@cache
def _family(lang: str, name: str) -> Alternation:
    phrases = data_yaml(f"markers_{lang}.yaml").get(name, [])
    return Alternation.of_phrases((fold(p) for p in phrases), vocabulary(lang))


def blames_third_party(sentence: str, lang: str = "fr") -> bool:
    """``sentence`` is defensive only by putting the cause on a named third party (the
    carrier, the post), with what clears the company beside it: « ce genre de casse vient du
    transporteur, ce n'est pas nous qui abîmons les colis ». The customer blamed (« il fallait
    refuser le colis »), helplessness or the dispute defended in it make it more than that."""
    lang = _lang(lang)
    folded = fold(sentence)
    if not _family(lang, "defensive_third_party").search(folded):
        return False
    rest = _family(lang, "defensive_third_party").sub(" ", folded)
    rest = _family(lang, "defensive_disclaimer").sub(" ", rest)
    return not _pattern(lang).search(rest)


def defensive(text: str, lang: str = "fr") -> str:
    """The defensive phrase of ``text`` as written in the family (folded), or ""."""
    found = _pattern(lang).search(fold(text))
    return found.group(0) if found else ""
