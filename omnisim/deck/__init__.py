"""Scenario decks: the trainer-authored data a session plays."""

from omnisim.deck.files import DeckFiles, read_folder, read_zip
from omnisim.deck.loader import check_deck, load_deck
from omnisim.deck.model import Contact, Customer, Deck
from omnisim.deck.yamlpos import DeckError, DeckProblem

__all__ = [
    "Contact",
    "Customer",
    "Deck",
    "DeckError",
    "DeckFiles",
    "DeckProblem",
    "check_deck",
    "load_deck",
    "read_folder",
    "read_zip",
]
