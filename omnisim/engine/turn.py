"""One customer turn as planned, and what the customer knows to plan it from.

Planned, not applied: the command reads a turn for the mood it sets, the fold for the
lines it books, both from the same state, so both agree (engine/customer.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine.hearing import Heard, once
from omnisim.engine.state import ContactState
from omnisim.engine.voice import Voice

# What the candidate does (cause "conduct"): a terse factual reply that gives the
# customer what they wait for calms them as much as warm words do.
CONDUCT = {
    "awaited": 0.3,  # said what the customer waits to hear (Contact.awaits)
    "next_step": 0.15,  # a concrete next step ("vous serez rappelée avant midi")
    "answered": 0.1,  # a statement answering the customer's own question
    "recap_right": 0.1,  # a recap the customer confirms
    "recap_wrong": -0.1,
    "repeat": -0.15,  # asked again for something already given
    "ignored": -0.1,  # the customer asked something; the candidate asked something unrelated
    "pointless": -0.15,  # one question too many that they cannot answer
    "unexplained_channel": -0.1,  # another channel, unexplained, when the key wants it argued
    # An insult or a dismissal aimed at them costs at least this much with the tone of it,
    # whatever its sentiment score (« vous êtes pénible » reads neutral): see Turn.conduct_after.
    "rude": -0.2,
    "off_topic": -0.1,  # small talk while they wait for their request to be dealt with
}


@dataclass
class Turn:
    """What one candidate message makes the customer do (planned, not yet applied)."""

    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    conduct: list[str] = field(default_factory=list)  # CONDUCT signals
    revealed: list[str] = field(default_factory=list)  # fact ids, "card:<item>"
    reply_used: bool = False
    evasive: bool = False  # answered evasively (the streak goes on), else the streak ends
    own_evasive: bool = False  # the evasive line was the deck's next one
    traps: list[int] = field(default_factory=list)
    next_step: bool = False
    awaited: bool = False
    proposed: bool = False  # something concrete proposed (what they wait for, a step), asked or not
    engaged: bool = False  # the message dealt with the request, beyond greetings
    greeted: bool = False  # they returned a greeting
    left: bool = False  # they said goodbye
    silence: str = ""  # why they say nothing (events.CustomerSilent), when no line comes

    @property
    def conduct_delta(self) -> float:
        return round(sum(CONDUCT[s] for s in self.conduct if s != "rude"), 3)

    def conduct_after(self, tone: float) -> float:
        """The conduct's mood delta after a tone delta of ``tone``: rudeness tops the tone's
        drop up to CONDUCT["rude"] (a rude line the sentiment caught is not counted twice)."""
        rude = min(0.0, CONDUCT["rude"] - min(0.0, tone)) if "rude" in self.conduct else 0.0
        return round(self.conduct_delta + rude, 3)

    def add(self, text: str, reason: str) -> bool:
        """Say ``text`` (nothing when there is nothing new to say); whether it was said."""
        if text:
            self.lines.append((text, reason))
        return bool(text)


@dataclass
class Exchange:
    """One candidate line as the customer takes it: who they are, what they heard, and the
    turn being planned (answers.py and manners.py each add to it)."""

    deck: Deck
    contact: Contact
    c: ContactState
    text: str
    heard: Heard
    turn: Turn
    v: Voice

    @once
    def chatting(self) -> bool:
        """Whether the line makes small talk, off their request (read when first needed)."""
        return self.heard.strays(self.deck, self.contact)


def card(deck: Deck, contact: Contact) -> dict[str, str]:
    """What the customer can say about themselves: their card, completed by their CRM record."""
    who = contact.customer
    record = deck.record_of(contact)
    return {
        "name": who.name,
        "phone": who.phone or (record.phone if record else ""),
        "email": who.email or (record.email if record else ""),
        "reference": who.reference,
        "address": who.address or (record.address if record else ""),
        "company": who.company or (record.company if record else ""),
    }


def known_texts(deck: Deck, contact: Contact) -> list[str]:
    """What a recap is checked against: facts (expected ones first), card, the key's slots,
    what the customer waits to hear and the principal's public phone and address."""
    expected = [f for i in contact.key.expected_facts for f in contact.facts if f.id == i]
    facts = expected + [f for f in contact.facts if f not in expected]
    texts = [f.answer for f in facts] + [v for v in card(deck, contact).values() if v]
    texts += [e.slot for e in contact.key.crm if e.slot]
    texts += [v for e in contact.key.crm for v in e.fields.values()]
    principal = deck.principal(contact.principal)
    texts += [principal.phone, principal.address] if principal else []  # theirs to give out
    return texts + list(contact.awaits) + [contact.opening, contact.subject]
