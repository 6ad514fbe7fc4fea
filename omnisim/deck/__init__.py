"""Scenario decks: the trainer-authored data a session plays."""

from omnisim.deck.loader import DeckError, DeckProblem, check_deck, load_deck
from omnisim.deck.model import Contact, Customer, Deck

__all__ = ["Contact", "Customer", "Deck", "DeckError", "DeckProblem", "check_deck", "load_deck"]
