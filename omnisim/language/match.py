"""Loose phrase matching shared by simulated customers and measures.

A candidate types fast and a deck author cannot foresee every wording, so a
phrase matches a message when every word of the phrase appears in it, in any
order, ignoring case, accents, apostrophe style and a plural s/x.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")


def _marks() -> re.Pattern[str]:
    """The combining marks of the Basic Multilingual Plane as one character class: dropped
    in one C-level pass (a character at a time in Python was most of a line's folding)."""
    ranges: list[list[int]] = []
    for c in range(0x10000):
        if unicodedata.combining(chr(c)):
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]")


_MARKS = _marks()
# A character beyond the Basic Multilingual Plane: one C-level search, not max() over the text
# (a comparison per character, some 6 % of a chat line's tone).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Case folded, accents off (compatibility decomposition, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    if _ASTRAL.search(decomposed) is None:
        return _MARKS.sub("", decomposed)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Forms whose plural-stripping would make them another word: « êtes » is not « été »
# (a deck asking « vous êtes » is not asked by « cet été »).
UNSTEMMED = frozenset({"etes"})


def _stem(word: str) -> str:
    if word in UNSTEMMED or word.endswith("ss"):
        return word
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


STEMS_KEPT = 65536  # words whose stem is kept (lines share most of their words)


class Stems(dict[str, str]):
    """Each word's stem by ``stem``, worked out when first met and kept: a line's words are
    then stemmed by one C-level ``map`` of dictionary reads, not a Python step per word (a
    generator's step per word was a tenth of the customer's reaction to a chat line)."""

    def __init__(self, stem: Callable[[str], str]) -> None:
        super().__init__()
        self.stem = stem

    def __missing__(self, word: str) -> str:
        if len(self) >= STEMS_KEPT:
            self.clear()
        stemmed = self[word] = self.stem(word)
        return stemmed


_STEMS = Stems(_stem)
_STEMMED = _STEMS.__getitem__


@lru_cache(maxsize=65536)
def word_set(text: str) -> frozenset[str]:
    """The text's words, normalised, plural s/x off (:func:`_stem`, each word's kept). A word
    ending in « ss » is no plural (« pass », « stress », « express »): stripped, the deck's
    « Pass Jeune » became « pas », asked by every negation (round 21's transport deck)."""
    return frozenset(map(_STEMMED, _WORD.findall(normalise(text))))


# Words a person is called by besides their name (« Maître Dumas », « Dr Lenoir »).
NAME_TITLES = word_set(
    "m mr mme mlle monsieur madame mademoiselle maître me docteur dr pr professeur"
)


def matches(text: str, phrase: str) -> bool:
    wanted = word_set(phrase)
    return bool(wanted) and wanted <= word_set(text)


def matches_any(text: str, phrases: Iterable[str]) -> bool:
    """:func:`matches` for any of ``phrases``: the text's words read once, not per phrase,
    and the phrases tried in one C-level pass (their word sets are kept by word_set)."""
    return any(map(word_set(text).issuperset, filter(None, map(word_set, phrases))))


def is_question(text: str) -> bool:
    """A question by its mark or its first word (French and English interrogatives)."""
    if "?" in text:
        return True
    first = next(iter(_WORD.findall(normalise(text))), "")
    return first in {
        "est",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "pourquoi",
        "comment",
        "quand",
        "ou",
        "combien",
        "pouvez",
        "pourriez",
        "avez",
        "etes",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "who",
        "could",
        "can",
        "do",
        "did",
        "is",
        "are",
        "have",
        "would",
    }


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def statements(text: str) -> str:
    """The sentences of ``text`` that state, its questions left out: a send that restates or
    gives the next step, then asks for a missing detail or offers more help (« … il vous
    rappelle dans l'heure. Vous êtes bien au 4 allée des Cèdres ? »), still states them
    (hand5_cqp_plateau_atlantique: « reformule », « fait une synthèse »)."""
    if not is_question(text):
        return text
    return " ".join(s for s in _SENTENCE_END.split(text.strip()) if s and not is_question(s))
