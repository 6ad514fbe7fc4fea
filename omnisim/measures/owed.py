"""Where a restatement or a check is owed, and where it only counts when shown.

A conversation the deck excuses (an urgency passed on at once, a third party refused on another's
account, a call placed for a template letter) owes no restatement and no check; one made there
still shows the technique (MC ACVD C1.2 « La reformuler », C1.5 « Vérifier la compréhension »,
CCS-RC C3, CP FFP C3). checking.py asks it of each of its techniques.
"""

from __future__ import annotations

from collections.abc import Callable

from omnisim.deck.model import Contact, Deck
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import LIVE, asks_request, passed_on_at_once
from omnisim.measures.habit import Finder
from omnisim.measures.third_party import refused_for_another
from omnisim.projection.workspace import ContactView

Applies = Callable[[MeasureContext, ContactView], bool]


def owed_nothing(deck: Deck, contact: Contact, channel: str) -> bool:
    """A customer's request on the line that the deck excuses from restatement and check, as
    it states the contact: an urgent call the key hands at once to a colleague (key.urgent and
    key.transfer_to: the colleague answers it), or a call the desk places to carry a template
    letter's errand (the letter answers it). Owed nowhere, it still shows the technique where
    the candidate restates or checks there (MC ACVD C1.2 « La reformuler », C1.5 « Vérifier la
    compréhension », CCS-RC C3 « Comment vous assurez-vous d'avoir bien cerné la demande » ;
    round 22: the parapharmacy's juries cite the recap read back before the pharmacist's
    transfer and on the subscription call confirmed by letter)."""
    if channel not in LIVE or not asks_request(deck, contact):
        return False
    key = contact.key
    return bool(key.urgent and key.transfer_to) or bool(key.template and contact.to_place)


def owed_or_shown(applies: Applies, find: Finder, sent_on: bool = True) -> Applies:
    """``applies``, but an urgent call the key passes on at once (to a person, the 15, the
    caller's own vet: exchange.passed_on_at_once; with ``sent_on``) or a third party's request
    refused (third_party.refused_for_another, round 22) counts only where the candidate shows
    the technique there. What that caller needs is where to go now, or the refusal explained,
    not their request given back (MC ACVD C1.2 « La reformuler », round 21's pet shop jury: the
    dog sent to its vet unrestated); a restatement made there is still the technique shown
    (round 21's mountain jury cites the 15-call's address read back, CQP C.1.5). So too a
    conversation ``applies`` leaves out that :func:`owed_nothing` excuses (round 22)."""

    def owed(ctx: MeasureContext, c: ContactView) -> bool:
        contact = ctx.contact(c)
        if not applies(ctx, c):
            shown_only = contact is not None and owed_nothing(ctx.deck, contact, c.channel)
            return shown_only and find(ctx, c) is not None
        if contact is None:
            return True
        excused = sent_on and passed_on_at_once(contact)
        excused = excused or refused_for_another(ctx.deck, contact)
        return not excused or find(ctx, c) is not None

    return owed


__all__ = ["Applies", "owed_nothing", "owed_or_shown"]
