"""Whether a line carries a piece of information: a fact's answer, an anomaly's name.

A customer gives a fact in their own words, often before being asked ("commande CMD-88602,
la poignée est fendue"): a line carries an answer when it holds every reference, number or
amount of the answer (what identifies it), or, for an answer without any, most of its content
words (plural and feminine endings aside). Figures are read whole: « 253,80 € » is the amount
253.80, « 1 200 € » is 1200, « 21 h 40 » is the hour 21 and the time 21h40; none of them holds
« 40 », « 80 » or « 200 » (fmt22c: a key's « 40 € » echoed by a letter that never wrote it).
"""

from __future__ import annotations

import math
import re

from omnisim.language.markers import content_words


def root(word: str) -> str:
    """A word without its plural or feminine ending, the same for every form: "fendues",
    "fendue", "fendu" → "fendu"; "cassée", "cassé" → "cass"."""
    while len(word) > 4 and word[-1] in "esx":
        word = word[:-1]
    return word


# A number grouped by thousands: by spaces (« 500 000 », « 1 249,90 € »; a phone number's
# pairs are no groups of three), or by dots before a currency (« 1.200 € », not « 1.200 »).
_CURRENCY = r"\s*(?:€|eur(?:o|os)?(?![^\W\d_]))"  # « 40 € » is « 40 euros »
_GROUPED = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+)(?:,(\d{1,2})(?!\d))?(?:"
    + _CURRENCY
    + ")?"
    r"|(?<![\d.,])(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?" + _CURRENCY,
    re.I,
)
# « 21 h 40 », « 21h40 », « 9:45 »; not « de 8 h 10 h » (two hours).
_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:\s*h(?:eures?)?\s*|:)(\d{2})(?!\d)(?!\s*h(?:eures?)?(?![^\W\d_]))",
    re.I,
)
_DECIMAL = re.compile(rf"(?<![\d.,])(\d+)[.,](\d{{1,2}})(?![.,]?\d)(?:{_CURRENCY})?", re.I)
_PRICED = re.compile(rf"(?<![\d.,])(\d+)(){_CURRENCY}", re.I)


def _decimal(whole: str, cents: str | None) -> str:
    """« 253 », « 80 » → "253.8"; « 40 », « 00 » → "40": one form for every way of writing it."""
    whole = str(int(re.sub(r"\D", "", whole)))
    cents = (cents or "").rstrip("0")
    return f"{whole}.{cents}" if cents else whole


def figures(text: str) -> tuple[str, set[str]]:
    """``text`` without its grouped amounts, times, decimals and currencies, and those figures
    whole (« 40 € » and « 40 euros » alike give "40"): a time keeps its hour as a number of its
    own (« à 8 h » is « entre 8 et 10 »'s 8), never its minutes."""
    found: set[str] = set()

    def amount(m: re.Match[str]) -> str:
        whole, cents = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        found.add(_decimal(whole, cents))
        return " "

    def time(m: re.Match[str]) -> str:
        hour, minutes = str(int(m.group(1))), m.group(2)
        found.update({hour, f"{hour}h{minutes}"} if minutes != "00" else {hour})
        return " "

    text = _GROUPED.sub(amount, text)
    text = _TIME.sub(time, text)
    text = _DECIMAL.sub(amount, text)
    text = _PRICED.sub(amount, text)
    return text, found


def _roots(text: str, lang: str) -> set[str]:
    rest, whole = figures(text)
    return {root(w) for w in content_words(rest, lang)} | whole


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
