"""A third party's request on another person's account, refused by the rules (round 22).

MC ACVD C1.2 « Décider de traiter ou de transférer l'appel », « La reformuler », C1.5 « Vérifier
la compréhension », CP FFP C3 « afin d'apporter une réponse et/ou de proposer une solution
propre à répondre au besoin exprimé », CCS-RC C3 « bien cerné la demande »: a caller who asks
for something on someone else's account — the key's trap presses for that person's data, held
on their record, not the caller's —, which the key forbids granting (a ``promise`` item) and
for whom it sets nothing to do (no message, follow-up, booking, record: the call is only
traced), is refused after the checks the key asks (who holds the account, the caller's age).
Those checks establish the refusal; they do not make the request the caller's own: there is
no request of theirs to give back nor solution of theirs to have validated (the wine merchant's
jury, round 22, grants C1.2 and C1.5 to a strong who refused a minor his mother's account
without restating his order). exchange.settled_at_once reads the same refusal where the key
asks no check at all.
"""

from __future__ import annotations

from omnisim.deck import Deck
from omnisim.deck.model import Contact, CrmRecord
from omnisim.measures.exchange import REQUEST_ACTIONS


def _held(record: CrmRecord) -> str:
    """What the desk holds on ``record``: identity, contact details, notes, history."""
    parts = [record.last_name, record.first_name, record.phone, record.email, record.address]
    parts += [record.notes, *(f"{h.summary} {h.ref}" for h in record.history)]
    return " ".join(parts).casefold()


def presses_for_holder(deck: Deck, contact: Contact) -> bool:
    """A trap of the key presses for data held on another record than the caller's own."""
    protected = [p.casefold() for trap in contact.key.traps for p in trap.protected if p.strip()]
    others = [_held(r) for r in deck.crm if r.id != contact.customer.record]
    return any(p in held for p in protected for held in others)


def refused_for_another(deck: Deck, contact: Contact) -> bool:
    """The caller asks, on another's account, what the key forbids granting, and the key sets
    nothing to do for them: the answer is the refusal, explained (module docstring)."""
    key = contact.key
    if not any(f.kind == "promise" for f in key.forbidden) or key.transfer_to:
        return False
    if {x.action for x in key.crm} & REQUEST_ACTIONS:
        return False
    return presses_for_holder(deck, contact)


__all__ = ["presses_for_holder", "refused_for_another"]
