"""Scenario decks: the trainer-authored data a session plays.

Checked against the bundled grids, scripts and rules by omnisim/scenario/check.py.
"""

from omnisim.deck.files import DeckFiles, read_folder, read_zip
from omnisim.deck.model import Contact, Customer, Deck
from omnisim.deck.yamlpos import DeckError, DeckProblem

__all__ = [
    "Contact",
    "Customer",
    "Deck",
    "DeckError",
    "DeckFiles",
    "DeckProblem",
    "read_folder",
    "read_zip",
]
