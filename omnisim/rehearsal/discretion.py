"""What a careful scripted candidate says back of a contact's subject, and what it keeps: the
subject as written, minus what the principal keeps confidential or a trap protects (CQP C.4.4)."""

from __future__ import annotations

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.language.disclosure import discloses
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.measures.exchange import internal_contact


def said_subject(c: Contact) -> str:
    """What the contact is about, as the candidate says it back (« prise de rendez-vous »): its
    first word lowered unless in capitals, names as written (« kétal », a brand lowered, reads
    as SMS language: the électroménager recall)."""
    said = (c.subject or "").split(":")[-1].strip()
    return said if said.split(" ")[0].isupper() else said[:1].lower() + said[1:]


def kept_from(deck: Deck, c: Contact) -> list[str]:
    """What the principal keeps confidential (from a customer) or a trap on ``c`` protects:
    never said back (CQP C.4.4)."""
    principal = deck.principal(c.principal)
    house = internal_contact(deck, c)
    kept = list(principal.confidential) if principal and not house else []
    kept += [p for t in c.key.traps for p in t.protected]
    return [p for p in kept if p.strip()]


def discreet(deck: Deck, c: Contact, request: str) -> str:
    """The subject as said back to the caller, unless it names what the principal keeps
    confidential or a trap protects (CQP C.4.4): then only its other words, else ``request``
    (« votre demande »)."""
    subject = said_subject(c)
    lang = c.customer.language or deck.language
    told = [p for p in kept_from(deck, c) if discloses(subject, p, lang)]
    if not told:
        return subject
    # Its other words (« renseignements sur la vente X » → « renseignements »), else none.
    hidden = {w for p in told for w in fold(p).split()}
    words = [w for w in subject.split() if fold(w) not in hidden]
    while words and fold(words[-1]) in word_list(lang, "function_words"):
        words.pop()
    rest = " ".join(words)
    if not rest or any(discloses(rest, p, lang) for p in told):
        return request
    return rest
