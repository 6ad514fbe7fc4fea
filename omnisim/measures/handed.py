"""Whom something was passed to: the staff member a message names, and a written contact
handed on in writing.

A call is transferred to whoever the key names (``key.transfer_to``); a letter, an e-mail or a
written complaint has nobody on the line to put through, so a message left for that person, or
a CRM follow-up naming them, hands it on (CQP C.1.10, round 17; CP FFP « réponse … complète »,
round 20). Shared by the transfer, action and complaint measures.
"""

from __future__ import annotations

from omnisim.deck.model import Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.match import NAME_TITLES, matches, word_set
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import LIVE
from omnisim.measures.result import Evidence
from omnisim.projection.workspace import ContactView


def _person(deck: Deck, who: str) -> str:
    """The staff member ``who`` designates, by id (the desk's list sends the id) or by name
    (typed by hand: their surname, with or without title or first name); else ``who``."""
    for principal in deck.principals:
        for person in principal.staff:
            if who == person.id or who.strip() == person.name:
                return person.id
    words = word_set(who)
    named = [
        person.id
        for principal in deck.principals
        for person in principal.staff
        if words
        and word_set(person.name.split()[-1]) <= words <= word_set(person.name) | NAME_TITLES
    ]
    return named[0] if len(set(named)) == 1 else who


def same_person(deck: Deck, left: str, right: str) -> bool:
    """Whom a message is for, against whom the key expects it for (CQP C.1.8)."""
    a, b = _person(deck, left), _person(deck, right)
    return a == b or matches(a, b)


def handed_in_writing(ctx: MeasureContext, c: ContactView, want: str) -> Evidence | None:
    """A written contact has nobody on the line to transfer: a message left for ``want``, or a
    CRM follow-up addressed to them by their surname, passes it on (CQP C.1.10 « ne peut être
    prise en charge que par le donneur d'ordres »; round 17, a complaint « Pour Mme X : … »)."""
    if c.channel in LIVE:
        return None
    person = next((s for p in ctx.deck.principals for s in p.staff if s.id == want), None)
    if person is None:
        return None
    surname = fold(person.name.split()[-1])
    note = Text("note.handed_in_writing", contact=c.id, to=want)
    for op in ctx.view.operations:
        if getattr(op.payload, "contact_id", "") != c.id:
            continue
        if op.kind == "message.taken" and same_person(ctx.deck, op.payload.for_whom, want):
            return Evidence(op.at.seq, op.at.sim, note)
        if op.kind == "crm.followup_set" and surname in fold(op.payload.action).split():
            return Evidence(op.at.seq, op.at.sim, note)
    return None
