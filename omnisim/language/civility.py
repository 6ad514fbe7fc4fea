"""Civilities: which one a record gives, and which one a written reply uses for its customer.

MC ACVD C3.3 « Les variables correctes sont ajoutées aux emplacements prévus » and C1.1 « les
salutations »: a letter that calls a Madame « Monsieur » has the wrong variable. Data in
data/civilities.yaml (French and English), compared case, accents and a final dot aside.
"""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import data_yaml, fold

KINDS = ("female", "male", "other")
# "Civilité : Madame." / "Title: Ms." in a record's notes (decks written before ``civility``).
_IN_NOTES = re.compile(r"(?:civilit[ée]|title)\s*:\s*([A-Za-zÀ-ÿ.]+)", re.IGNORECASE)


@cache
def _table() -> dict[str, str]:
    """Every civility word of both languages → its kind."""
    out: dict[str, str] = {}
    for lang in ("fr", "en"):
        for kind, words in data_yaml("civilities.yaml")[lang].items():
            for word in words:
                out.setdefault(fold(str(word)), kind)
    return out


def kind_of(word: str) -> str:
    """ "female", "male", "other", or "" for a word that is no civility."""
    return _table().get(fold(word.rstrip(".")), "")


def known(word: str) -> bool:
    return bool(kind_of(word))


def of_record(civility: str, notes: str = "") -> str:
    """The record's civility: its field, else what its notes say ("Civilité : Madame.")."""
    if civility.strip():
        return civility.strip()
    match = _IN_NOTES.search(notes)
    return match.group(1).rstrip(".") if match and known(match.group(1)) else ""


_WORD = re.compile(r"[A-Za-zÀ-ÿ]+\.?")


def addressed(text: str, last_name: str) -> list[tuple[str, int]]:
    """The civilities ``text`` gives its addressee: one right before the customer's last name
    ("Bonjour Monsieur Petit"), or alone in the salutation, the first line ("Madame,",
    "Chère Madame,"). A civility before another name ("M. Vidal, notre responsable") is
    someone else's. Returns (civility, offset) pairs."""
    found: list[tuple[str, int]] = []
    surname = fold(last_name).split()
    first_line = text.strip().split("\n", 1)[0]
    words = list(_WORD.finditer(text))
    for n, match in enumerate(words):
        word = match.group(0)
        if not kind_of(word) or not word[:1].isupper() and fold(word) not in ("madame", "monsieur"):
            continue
        after = [fold(w.group(0).rstrip(".")) for w in words[n + 1 : n + 1 + len(surname)]]
        if surname and after == surname:
            found.append((word.rstrip("."), match.start()))
            continue
        in_salutation = match.start() < len(first_line) + (len(text) - len(text.lstrip()))
        nxt = words[n + 1] if n + 1 < len(words) else None
        names_someone = nxt is not None and nxt.group(0)[:1].isupper() and not kind_of(nxt.group(0))
        same_line = nxt is not None and "\n" not in text[match.end() : nxt.start()]
        if in_salutation and not (names_someone and same_line):
            found.append((word.rstrip("."), match.start()))
    return found


def mismatch(used: str, expected: str) -> bool:
    """A civility of the other gender than the record's (a title like "Dr" never is)."""
    a, b = kind_of(used), kind_of(expected)
    return {a, b} == {"female", "male"}
