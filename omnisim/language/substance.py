"""Whether a line carries a piece of information: a fact's answer, an anomaly's name.

A customer gives a fact in their own words, often before being asked ("commande CMD-88602,
la poignée est fendue"): a line carries an answer when it holds every reference, number or
amount of the answer (what identifies it), or, for an answer without any, most of its content
words (plural and feminine endings aside).
"""

from __future__ import annotations

import math

from omnisim.language.markers import content_words


def root(word: str) -> str:
    """A word without its plural or feminine ending, the same for every form: "fendues",
    "fendue", "fendu" → "fendu"; "cassée", "cassé" → "cass"."""
    while len(word) > 4 and word[-1] in "esx":
        word = word[:-1]
    return word


def _roots(text: str, lang: str) -> set[str]:
    return {root(w) for w in content_words(text, lang)}


def identifiers(words: set[str] | frozenset[str]) -> set[str]:
    """References, numbers, amounts: the words that hold a digit."""
    return {w for w in words if any(ch.isdigit() for ch in w)}


def references(words: set[str] | frozenset[str]) -> set[str]:
    """Identifiers that name one thing alone: letters with digits ("CMD-88602", "F-2204") or
    three digits and more (a customer number); "28" or "5" need their context."""
    return {
        w
        for w in identifiers(words)
        if any(ch.isalpha() for ch in w) or sum(map(str.isdigit, w)) >= 3
    }


def names(text: str, phrase: str, lang: str = "fr") -> bool:
    """``text`` holds every content word of ``phrase`` (any order, endings aside)."""
    wanted = _roots(phrase, lang)
    return bool(wanted) and wanted <= _roots(text, lang)


def carries(line: str, answer: str, lang: str = "fr") -> bool:
    """The line gives what ``answer`` says: one of its references ("la facture F-2204"), or
    every number it holds ("72 ans", "le 2 mars"), or, without any, at least half of its
    content words ("la poignée est fendue")."""
    wanted = _roots(answer, lang)
    if not wanted:
        return False
    have = _roots(line, lang)
    refs = references(wanted)
    if refs:
        return bool(refs & have)
    ids = identifiers(wanted)
    if ids:
        return ids <= have
    return len(wanted & have) >= max(1, math.ceil(len(wanted) / 2))
