"""Whose matters an internal contact may be told, on a desk working for several principals.

CQP: the télésecrétaire « effectue des services à distance de plusieurs donneurs d'ordres, en
suivant leurs modes de travail et leurs consignes »; « Report aux donneurs d'ordre :
transmission des informations et des urgences recueillies ». A principal (or one of its people,
``principal:`` on the internal contact) who calls for its urgencies is owed its own contacts'; the
desk's own manager (an internal contact with no principal) is owed them all. Another principal's
customer named to it is a disclosure: C.4.4 « Respecter les exigences de la CNIL », « Dans toutes
circonstances respecter les dispositions légales de la Loi informatique et Libertés ».
"""

from __future__ import annotations

import re

from omnisim.deck.model import Contact, Deck
from omnisim.measures.context import MeasureContext
from omnisim.measures.reports import surname
from omnisim.projection.workspace import ContactView, Line

_WORD = re.compile(r"\w+(?:[-']\w+)*")


def owed_to(asker: Contact, other: Contact | None) -> bool:
    """``other``'s matter is the business of ``asker``: the asker speaks for no principal, the
    other contact belongs to none, or both belong to the same one."""
    if other is None:
        return False
    return not asker.principal or not other.principal or asker.principal == other.principal


def _house_names(deck: Deck, asker: Contact) -> set[str]:
    """The surnames the asker's own side is named by: itself, its principal and its people."""
    principal = deck.principal(asker.principal)
    people = [asker.customer.name]
    if principal is not None:
        people += [principal.name, *(s.name for s in principal.staff)]
    return {w for n in people for w in map(surname, n.split())}


def disclosed_names(ctx: MeasureContext, c: ContactView, asker: Contact) -> list[tuple[Line, str]]:
    """(line, customer) for each customer of another principal, offered before ``c``, whom the
    candidate names to ``asker`` (their surname, written as a name: capitalised). A surname
    the asker's own customers or people also bear names nobody else."""
    if not asker.principal:
        return []
    own: set[str] = _house_names(ctx.deck, asker)
    foreign: dict[str, str] = {}
    for x in ctx.view.contacts.values():
        other = ctx.contact(x)
        if other is None or x is c or x.offered.seq >= c.offered.seq:
            continue
        if owed_to(asker, other):
            own.add(surname(other.customer.name))
        else:
            foreign.setdefault(surname(other.customer.name), other.customer.name)
    names = {k: v for k, v in foreign.items() if k and k not in own}
    out = []
    for line in c.candidate_lines:
        said = {surname(w) for w in _WORD.findall(line.text) if w[:1].isupper()}
        out += [(line, names[k]) for k in sorted(said & names.keys())]
    return out


__all__ = ["disclosed_names", "owed_to"]
