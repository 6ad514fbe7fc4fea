"""A trainer's prose as the candidate reads it: the deck's own ids replaced by what the desk shows.

A trainer writes an instruction the way their notes read (« opposition immédiate (script
opposition_carte) », round 19's bank writer): the id means something to them, and nothing sent to
a candidate may name a deck id. The desk shows each item by its name or title, so an id written
in prose is shown as that name; the deck check warns the author all the same (advice.py).

Only ids that cannot be ordinary words are read in prose: with a digit or « _ », or with « - »
and not a word of the dictionary (« opposition_carte », « r-morel », « 02-appel »); « accueil »
and « rendez-vous » stay words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from omnisim.deck.model import Deck
from omnisim.language.sms import dictionary_word

_MARKED = re.compile(r"[_0-9]")


def distinct(item_id: str, lang: str = "fr") -> bool:
    """An id no reader takes for a word of ``lang``."""
    return bool(_MARKED.search(item_id)) or ("-" in item_id and not dictionary_word(item_id, lang))


def shown_names(deck: Deck) -> dict[str, str]:
    """Each distinct id of the deck's items and what the desk calls the item."""
    named: dict[str, str] = {}
    for c in deck.contacts:
        named[c.id] = c.customer.name
    for p in deck.principals:
        named[p.id] = p.name
        named.update((s.id, s.name) for s in p.staff)
    for r in deck.crm:
        named[r.id] = f"{r.first_name} {r.last_name}".strip()
    named.update((a.id, a.title) for a in deck.knowledge)
    named.update((t.id, t.title) for t in deck.templates)
    named.update((s.id, s.title) for s in deck.scripts)
    lang = deck.language
    return {i: name for i, name in named.items() if distinct(i, lang) and name.strip()}


def _pattern(names: dict[str, str]) -> re.Pattern[str] | None:
    if not names:
        return None
    ids = sorted(names, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, ids))})(?![\w-])")


class Shown:
    """Rewrites a deck's prose for the candidate, and finds the ids it names for the author;
    built once per dossier or deck check (the names and their pattern are the deck's)."""

    def __init__(self, deck: Deck) -> None:
        self.names = shown_names(deck)
        self._pattern = _pattern(self.names)

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self.names[m.group(0)], text)

    def ids_in(self, text: str) -> Iterator[str]:
        """The deck's distinct ids that ``text`` names, once each, in order."""
        if self._pattern is not None:
            yield from dict.fromkeys(m.group(0) for m in self._pattern.finditer(text))


def ids_in(text: str, deck: Deck) -> Iterator[str]:
    """:meth:`Shown.ids_in` for one text."""
    return Shown(deck).ids_in(text)


__all__ = ["Shown", "distinct", "ids_in", "shown_names"]
