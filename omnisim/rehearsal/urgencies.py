"""The urgencies a colleague or a manager asks the dry run's careful candidate for.

A principal or a manager calling the desk for « le point des urgences » is told the customers
of the urgent contacts that came before, most urgent first; on a desk working for several
principals, that principal's own (omnisim/measures/principal_scope.py), as the measures expect
(omnisim/measures/team.py).
"""

from __future__ import annotations

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.language.urgency_marks import urgency_marked
from omnisim.measures.exchange import internal_contact
from omnisim.measures.principal_scope import owed_to
from omnisim.measures.team import urgent_contact


def urgencies_asked(deck: Deck, c: Contact) -> bool:
    """A colleague or a manager asks for the urgent point."""
    lang = c.customer.language or deck.language
    return internal_contact(deck, c) and urgency_marked(c.opening, lang)


def urgencies_before(deck: Deck, c: Contact) -> list[str]:
    """The customers of the urgent contacts that came before ``c``, most urgent first."""
    before = [
        x
        for x in deck.contacts
        if not x.extra
        and x.at < c.at
        and urgent_contact(x)
        and owed_to(c, x)
        and not internal_contact(deck, x)
    ]
    return [x.customer.name for x in sorted(before, key=lambda x: (x.key.priority, x.at))]
