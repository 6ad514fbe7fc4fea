"""Scenario decks: the trainer-authored data a session plays."""

from omnisim.deck.loader import DeckError, load_deck
from omnisim.deck.model import Contact, Customer, Deck

__all__ = ["Contact", "Customer", "Deck", "DeckError", "load_deck"]
