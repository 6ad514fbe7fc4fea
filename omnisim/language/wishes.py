"""Wishes to the reader: the formula of politeness that ends a letter by wishing the customer
something (« Bonne journée », « Nous vous souhaitons un agréable séjour parmi nous », "We wish
you a pleasant stay").

CQP C.1.13 « Satisfaire une réponse de premier niveau », RNCP C12 « La stratégie … rédactionnelle
est adaptée aux moyens de communication », MC ACVD C3.2 « que de la forme »: a letter ends on a
formula of politeness; a wish is one, whatever its adjective (« excellent », « agréable »,
« beau ») and whatever it wishes (a stay, a week-end, a season). It is a wish when it stands
alone, bare of an article (« Très beau week-end à vous, »), or when a verb wishes it (« vous
souhaitons », « passez », "have", "wish"); an adjective and a noun under an article, with no
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


def wishes(line: str, lang: str = "fr") -> bool:
    """The line wishes the reader something: a wish bare of an article, or one a verb before
    it wishes (« nous vous souhaitons un agréable séjour »)."""
    folded, found = _found(line, lang)
    verb = _verb(_lang(lang))
    return any(
        not m.group("article") or verb.search(folded, 0, m.start()) is not None for m in found
    )


def unwished(line: str) -> str:
    """``line`` without its wish phrases that wish nobody (an article, no verb wishing them):
    what is left to read for another formula."""
    out = line
    for lang in ("fr", "en"):
        folded, found = _found(out, lang)
        verb = _verb(lang)
        cut = [m for m in found if m.group("article") and not verb.search(folded, 0, m.start())]
        if cut:
            out = folded
            for m in reversed(cut):
                out = out[: m.start()] + out[m.end() :]
    return out
