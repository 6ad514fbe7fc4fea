"""How one simulated customer words a turn: stock lines drawn from the session's seed, the
deck's own lines first, and never a line said twice in the conversation.

A real customer asked the same thing again points back to what they said (« je vous l'ai
déjà dit : vendredi, 9 h 30 ») rather than replaying it, and a customer with nothing new to
say says nothing: :meth:`Voice.say` gives "" once every variant of a family has been said,
and the caller then tries another family or falls silent (a logged silence).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import phrases
from omnisim.engine.state import ContactState

T = TypeVar("T")


class PerContact(Generic[T]):
    """A value worked out once per contact of a deck, not at every line (a deck is frozen
    but holds dicts, so it cannot key a cache: its identity does, checked on reading)."""

    KEPT = 1024

    def __init__(self, build: Callable[[Deck, Contact], T]) -> None:
        self.build = build
        self._kept: dict[tuple[int, int], tuple[Deck, Contact, T]] = {}

    def __call__(self, deck: Deck, contact: Contact) -> T:
        kept = self._kept.get((id(deck), id(contact)))
        if kept is None or kept[0] is not deck or kept[1] is not contact:
            if len(self._kept) >= self.KEPT:
                self._kept.clear()
            kept = self._kept[(id(deck), id(contact))] = (deck, contact, self.build(deck, contact))
        return kept[2]


class Voice:
    """The lines of one customer for one candidate turn, drawn from the seed and the turn."""

    def __init__(
        self, lang: str, contact: Contact, c: ContactState, seed: int, values: Mapping[str, str]
    ):
        self.lang = lang
        self.key = f"{seed}:{contact.id}:{c.candidate_turns}"
        self.upset = c.mood < 0
        self.values = values  # a phrases.filler, built once per contact
        self.said = set(c.said)  # grows with this turn's lines

    def say(self, *families: str, **extra: str) -> str:
        """A fresh variant of the first family that still has one ("" when none has); a
        family worn out goes on with its ``_again`` lines when the data has them (« oui, je
        vous l'ai déjà confirmé »)."""
        filled = phrases.filler({**self.values, **extra}) if extra else self.values
        for family in families:
            for name in phrases.wordings(self.lang, family, self.upset):
                text = phrases.choose(self.lang, name, f"{self.key}:{family}", self.said, filled)
                if text:
                    return self.took(text)
        return ""

    def own(self, text: str) -> str:
        """A deck's line, unless it was already said in this conversation."""
        return self.took(text) if text and phrases.new(text, self.said) else ""

    def took(self, text: str) -> str:
        self.said.add(phrases.said_key(text))
        return text

    def used(self, family: str) -> bool:
        """Whether a variant of ``family`` (either mood) was said in this conversation."""
        names = (family, phrases.mood_family(self.lang, family, True))
        return any(
            phrases.said_key(text) in self.said
            for name in names
            for text in phrases.variants(self.lang, name, **self.values)
        )


# What a customer asks for, in their opening, when the deck gives the contact no subject.
_REQUEST = re.compile(
    r"\b(?:je voudrais|je souhaiterais|je souhaite|j'aimerais|je veux|j'ai besoin d[e']|"
    r"je vous appelle pour|je vous (?:é|e)cris pour|i would like to|i'd like to|i want to|"
    r"i need to|i need|i'm calling about|i am calling about|i'm writing about|"
    r"i am writing about|i'm calling to|i am calling to)\s*(.+?)\s*(?:[,.;!?]|$)",
    re.IGNORECASE,
)
TOPIC_WORDS = 8


def topic(contact: Contact) -> str:
    """What the contact is about, as the customer restates it mid-sentence (« déplacer un
    rendez-vous »): the deck's subject, else the request in their opening, else ""."""
    subject = contact.subject.strip().rstrip(".").replace(" : ", ", ").replace(": ", ", ")
    if not subject:
        found = _REQUEST.search(contact.opening.replace("\u2019", "'"))
        subject = found.group(1) if found else ""
        return subject if 0 < len(subject.split()) <= TOPIC_WORDS else ""
    first = subject.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return subject[0].lower() + subject[1:]
    return subject
