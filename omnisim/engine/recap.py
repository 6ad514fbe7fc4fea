"""Checking a candidate's recap against what the customer knows.

A customer confirms a recap that states their facts rightly and denies one that
states them wrongly. "Wrongly" is judged per kind of detail: a time of day, a
date, a weekday, a phone number, a file or order reference, an amount, a name
after a title (M., Mme, Mr…). A recap contradicts the customer only on a kind
they know something about: a time they never gave cannot be wrong to them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from omnisim.language.lexicon import fold
from omnisim.language.match import normalise

_MONTHS_FR = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre"
_MONTHS_EN = "january february march april may june july august september october november december"
_DAYS_FR = "lundi mardi mercredi jeudi vendredi samedi dimanche"
_DAYS_EN = "monday tuesday wednesday thursday friday saturday sunday"
MONTHS = {m: i % 12 + 1 for i, m in enumerate(f"{_MONTHS_FR} {_MONTHS_EN}".split(" "))}
WEEKDAYS = {d: i % 7 for i, d in enumerate(f"{_DAYS_FR} {_DAYS_EN}".split(" "))}
TITLES = r"(?:m|mr|mrs|ms|miss|mme|mlle|madame|monsieur|mademoiselle)"
_DURATION = (
    r"(?<!sous )(?<!dans )(?<!within )(?<!in )(?<!pendant )(?<!for )(?<!en )(?<!depuis )"
    r"(?<!y a )(?<!over )(?<!last )"
)
_TIME = re.compile(_DURATION + r"\b(\d{1,2}) ?(?:h|heures?|:) ?(\d{2})?\b")
_TIME_EN = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))? ?(am|pm)\b")
_DATE = re.compile(r"\b(\d{1,2})(?:er)? (" + "|".join(MONTHS) + r")\b")
_DATE_EN = re.compile(r"\b(" + _MONTHS_EN.replace(" ", "|") + r") (\d{1,2})(?:st|nd|rd|th)?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2}))?\b")
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/\d{2,4})?\b")
_PHONE = re.compile(r"(?<![\w-])(?:\+?\d[\d .]{7,}\d)(?![\w-])")
_REF = re.compile(r"\b([a-z]{0,5}-?\d{2,}(?:-\d+)*)\b")
_AMOUNT = re.compile(r"(\d[\d ]*(?:[.,]\d+)?) ?(?:€|euros?|eur|£|pounds?)|(?:£|\$) ?(\d[\d,]*)")
_NAME = re.compile(rf"\b{TITLES}\.? ([a-z][a-z'-]+)")
_NOT_NAMES = {"le", "la", "les", "de", "du", "the", "et", "and", "votre", "your", "a", "un", "une"}
_NOT_NAMES |= {"je", "j", "vous", "nous", "il", "elle", "on", "i", "we", "you", "merci", "thank"}


@dataclass
class Details:
    """The details of one text, by kind (each a set of normalised values)."""

    kinds: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, value: str) -> None:
        self.kinds.setdefault(kind, set()).add(value)

    def update(self, other: Details) -> None:
        for kind, values in other.kinds.items():
            self.kinds.setdefault(kind, set()).update(values)

    def empty(self) -> bool:
        return not any(self.kinds.values())


def details(text: str, year: int = 2026) -> Details:
    """Times, dates, weekdays, phones, references, amounts and titled names in ``text``."""
    found = Details()
    for kind, values in _parsed(text, year):
        found.kinds[kind] = set(values)
    return found


@lru_cache(maxsize=8192)
def _parsed(text: str, year: int = 2026) -> tuple[tuple[str, frozenset[str]], ...]:
    """``details`` once per text: the deck's own texts are read again at every recap."""
    found = Details()
    raw = normalise(text).replace("\u2019", "'")
    for match in _PHONE.finditer(raw):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 9:
            found.add("phone", digits[-9:])
    no_phone = _PHONE.sub(" ", raw)
    for iso in _ISO.finditer(no_phone):
        y, mo, d, hh, mm = iso.groups()
        found.add("date", f"{int(d)}-{int(mo)}")
        with_day = _weekday(int(y), int(mo), int(d))
        if with_day is not None:
            found.add("weekday", str(with_day))
        if hh:
            found.add("time", f"{int(hh)}:{mm}")
    plain = _ISO.sub(" ", no_phone)
    for h, m in _TIME.findall(plain):
        if int(h) < 24:
            found.add("time", f"{int(h)}:{m or '00'}")
    for h, m, half in _TIME_EN.findall(plain):
        hour = int(h) % 12 + (12 if half == "pm" else 0)
        found.add("time", f"{hour}:{m or '00'}")
    for d, month in _DATE.findall(plain):
        found.add("date", f"{int(d)}-{MONTHS[month]}")
    for month, d in _DATE_EN.findall(plain):
        found.add("date", f"{int(d)}-{MONTHS[month]}")
    for d, mo in _SLASH.findall(plain):
        found.add("date", f"{int(d)}-{int(mo)}")
    for word in re.findall(r"[a-z]+", plain):
        if word in WEEKDAYS:
            found.add("weekday", str(WEEKDAYS[word]))
    for ref in _REF.findall(plain):
        if any(ch.isalpha() for ch in ref) or "-" in ref:
            found.add("reference", ref.replace("-", ""))
    for a, b in _AMOUNT.findall(plain):
        value = re.sub(r"[ ,]", "", a or b).replace(",", ".")
        found.add("amount", value.rstrip("0").rstrip(".") if "." in value else value)
    for name in _NAME.findall(raw):  # "Madame,\n\nJe reprends…" names nobody: punctuation kept
        if name not in _NOT_NAMES:
            found.add("name", name)
    return tuple((kind, frozenset(values)) for kind, values in found.kinds.items())


_SPANS = (_PHONE, _ISO, _TIME, _TIME_EN, _DATE, _DATE_EN, _SLASH, _REF, _AMOUNT)
_WEEKDAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b")
EXCERPT_WORDS = 8


@lru_cache(maxsize=4096)
def excerpt(text: str) -> str:
    """The stretch of ``text`` that carries its details (« vendredi 13 mars à 9 h 30 »), for a
    customer who points back to what they said without saying it all again; "" when ``text``
    holds no detail or when they lie too far apart to make one short phrase."""
    # Folded character by character, so that positions in the fold are positions in the text.
    plain = "".join(c if len(f := normalise(c)) != 1 else f for c in text).replace("\u2019", "'")
    found = [m.span() for p in (*_SPANS, _WEEKDAY) for m in p.finditer(plain)]
    found = [(a, b) for a, b in found if any(ch.isalnum() for ch in plain[a:b])]
    if not found:
        return ""
    start, end = min(a for a, _ in found), max(b for _, b in found)
    piece = text[start:end].strip(" ,;:")
    if len(piece.split()) > EXCERPT_WORDS:
        return ""
    first = piece.split(" ", 1)[0]
    if fold(first) in WEEKDAYS or fold(first) in MONTHS:
        piece = piece[0].lower() + piece[1:]
    return piece


def _weekday(y: int, mo: int, d: int) -> int | None:
    try:
        return dt.date(y, mo, d).weekday()
    except ValueError:
        return None


@dataclass(frozen=True)
class Verdict:
    """``wrong``: the kinds the recap gets wrong; ``stated``: the known texts it restates."""

    wrong: tuple[str, ...]
    stated: tuple[str, ...]
    states_something: bool


@dataclass(frozen=True)
class Truth:
    """What a customer knows, read once per contact (:func:`truth`): every detail by kind, and
    for each (kind, value) the known texts that hold it, in the order they were given."""

    kinds: dict[str, frozenset[str]]
    holders: dict[tuple[str, str], tuple[int, ...]]  # (kind, value) -> indexes into texts
    texts: tuple[str, ...]


def truth(known: Iterable[str], names: Iterable[str] = ()) -> Truth:
    """The reference side of :func:`judge`: ``known`` texts (facts, the card, the key) and
    ``names``, the people the customer knows by name (themselves, the principal's staff)."""
    texts = tuple(dict.fromkeys(known))  # a text given twice is one text
    kinds: dict[str, set[str]] = {}
    holders: dict[tuple[str, str], list[int]] = {}
    for n, text in enumerate(texts):
        for kind, values in _parsed(text):
            kinds.setdefault(kind, set()).update(values)
            for value in values:
                holders.setdefault((kind, value), []).append(n)
    for name in names:
        kinds.setdefault("name", set()).update(re.findall(r"[a-z][a-z'-]+", fold(name)))
    return Truth(
        {kind: frozenset(values) for kind, values in kinds.items()},
        {key: tuple(at) for key, at in holders.items()},
        texts,
    )


def judge(recap: str, known: Truth) -> Verdict:
    """Compare a recap's details with what the customer knows (:func:`truth`, built once
    per contact: the deck's texts were parsed and merged again at every recap)."""
    said = _parsed(recap)
    wrong = tuple(
        sorted(
            kind
            for kind, values in said
            if known.kinds.get(kind) and not values <= known.kinds[kind]
        )
    )
    holders = known.holders
    held = {n for kind, values in said for value in values for n in holders.get((kind, value), ())}
    stated = tuple(known.texts[n] for n in sorted(held))
    return Verdict(wrong, stated, any(values for _kind, values in said))
