"""Checking a deck against the data bundled with OmniSim: scripts, channel rules and grids.

It sits above the deck, the grids and the measures (a grid names measures), where a
scenario is assembled; omnisim/deck itself parses and cross-checks texts against
whatever data it is given, so it imports none of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omnisim.deck.advice import advise
from omnisim.deck.channel_rules import channel_rules
from omnisim.deck.doccheck import DocProblem, check_document, check_document_warned
from omnisim.deck.loader import read_deck, with_own_scripts
from omnisim.deck.model import Deck
from omnisim.deck.scripts import load_scripts
from omnisim.deck.validate import cross_check
from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.grading.grid import bundled_grids


def check_deck(path: str | Path) -> tuple[Deck | None, list[DeckProblem]]:
    """The deck (None when unusable) and every problem found, against the bundled data on disk."""
    deck, found, _warnings = check_deck_warned(path)
    return deck, found


def check_deck_warned(path: str | Path) -> tuple[Deck | None, list[DeckProblem], list[DeckProblem]]:
    """:func:`check_deck` with the warnings: what loads and plays, but grades less (advice.py)."""
    loaded = read_deck(path)
    found = list(loaded.problems)
    if loaded.deck is not None:
        own = with_own_scripts(load_scripts(), loaded.deck)
        found += cross_check(loaded, own, channel_rules(), bundled_grids())
    return (loaded.deck if not found else None), found, advise(loaded)


def load_deck(path: str | Path) -> Deck:
    deck, found = check_deck(path)
    if deck is None:
        raise DeckError(found)
    return deck


def check_document_now(doc: Any) -> tuple[Deck | None, list[DocProblem]]:
    """A deck document checked as ``omnisim deck check`` would (bundled data read once)."""
    return check_document(doc, load_scripts(), channel_rules(), bundled_grids())


def check_document_warned_now(doc: Any) -> tuple[Deck | None, list[DocProblem], list[DocProblem]]:
    """:func:`check_document_now` with the warnings, for the studio."""
    return check_document_warned(doc, load_scripts(), channel_rules(), bundled_grids())
