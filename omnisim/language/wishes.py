"""Wishes to the reader: the formula of politeness that ends a letter by wishing the customer
something (« Bonne journée », « Nous vous souhaitons un agréable séjour parmi nous », "We wish
you a pleasant stay").

CQP C.1.13 « Satisfaire une réponse de premier niveau », RNCP C12 « La stratégie … rédactionnelle
est adaptée aux moyens de communication », MC ACVD C3.2 « que de la forme »: a letter ends on a
formula of politeness; a wish is one, whatever its adjective (« excellent », « agréable »,
« beau ») and whatever it wishes (a stay, a week-end, a season). It is a wish when it stands
bare of an article (« Très beau week-end à vous, »), on a short line of its own (« Une très
bonne journée à vous ! »), or when a verb wishes it (« vous souhaitons », « passez », "have",
"wish"); an adjective and a noun under an article, with no
one wishing them (« Le forfait comprend une excellente journée de ski »), wish nobody anything.
Word lists in data/markers_<lang>.yaml: wish_adjectives, wish_nouns, wish_verbs.
"""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list

_ARTICLES = {"fr": r"un|une|des", "en": r"a|an"}
_INTENSIFIERS = {"fr": r"tres|vraiment|bien", "en": r"very|really"}


def _lang(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


def _alt(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _phrase(lang: str) -> re.Pattern[str]:
    """An adjective of wishing and what it wishes, with its article if it has one."""
    adjectives = _alt(word_list(lang, "wish_adjectives"))
    nouns = _alt(word_list(lang, "wish_nouns"))
    return re.compile(
        rf"(?<![\w'-])(?:(?P<article>{_ARTICLES[lang]})\s+)?(?:(?:{_INTENSIFIERS[lang]})\s+)?"
        rf"(?:{adjectives})\s+(?:{nouns})(?![\w-])"
    )


@cache
def _verb(lang: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'-])(?:{_alt(word_list(lang, 'wish_verbs'))})\w*")


def _found(line: str, lang: str) -> tuple[str, list[re.Match[str]]]:
    folded = fold(line)
    return folded, list(_phrase(_lang(lang)).finditer(folded))


SHORT = 8  # words: « Une très bonne journée à vous ! » is a formula on its own line


def _wished(m: re.Match[str], folded: str, lang: str) -> bool:
    """A wish phrase read as a wish: bare of an article, on a short line of its own, or under
    a verb that wishes it."""
    return (
        not m.group("article")
        or len(folded.split()) <= SHORT
        or _verb(_lang(lang)).search(folded, 0, m.start()) is not None
    )


def wishes(line: str, lang: str = "fr") -> bool:
    """The line wishes the reader something (« Très beau week-end à vous », « nous vous
    souhaitons un agréable séjour »)."""
    folded, found = _found(line, lang)
    return any(_wished(m, folded, lang) for m in found)


def unwished(line: str, lang: str = "fr") -> str:
    """``line`` folded, without its wish phrases that wish nobody (« le forfait comprend une
    excellente journée de ski »): what is left to read for another formula."""
    folded, found = _found(line, lang)
    out = folded
    for m in reversed(found):
        if not _wished(m, folded, lang):
            out = out[: m.start()] + out[m.end() :]
    return out
