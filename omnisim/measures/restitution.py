"""Giving a principal back their messages: CQP C.1.9 « Restituer des messages au donneur
d'ordres », its evaluation criterion « Résumer un message reçu au respect du message initial » and
its périmètre « Report aux donneurs d'ordre : transmission des informations et des urgences
recueillies ».

A principal (or one of its people) who calls in for their messages is an internal contact. What
they must be given back is the key's (``key.answer_points`` on that contact: one point per caller
or matter, accepted by the caller's name or the matter's own word): the candidate's lines on that
contact give each point, in any words, over one line or several (substance.names, as a written
answer's points). A caller told without anything that identifies them (« un monsieur pour son
chien ») is not given back; a principal who rang and was never answered was given nothing.

Where the key lists nothing, nothing is judged: guessing what to restitute from the session
would ask what the deck's key does not. The evidence then names, for the jury, the customers
handled for that principal before it called and those the candidate named.
"""

from __future__ import annotations

import re

from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.exchange import internal, internal_contact
from omnisim.measures.pertinence import gives, owed
from omnisim.measures.reports import surname
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _where(c: ContactView) -> tuple[int, float]:
    """The candidate's last line on the contact, else its offer."""
    at = c.candidate_lines[-1] if c.candidate_lines else c.offered
    return at.seq, at.sim


def _handled_for(ctx: MeasureContext, c: ContactView) -> list[str]:
    """The customers of the principal's contacts handled before this one was offered."""
    contact = ctx.contact(c)
    out = []
    for x in ctx.view.contacts.values():
        other = ctx.contact(x)
        if (
            other is not None
            and contact is not None
            and x is not c
            and other.principal == contact.principal
            and x.handled
            and x.offered.seq < c.offered.seq
            and not internal(ctx, x)
        ):
            out.append(other.customer.name)
    return out


def _unjudged(ctx: MeasureContext, c: ContactView) -> Evidence | None:
    """For the jury, where the key is silent: who was handled for the principal, who was named."""
    handled = _handled_for(ctx, c)
    if not handled or not c.handled:
        return None
    said = set(_WORD.findall(fold("\n".join(ln.text for ln in c.candidate_lines))))
    named = tuple(n for n in handled if surname(n) in said)
    note = Text(
        "note.restitution_unasked",
        contact=c.id,
        handled=tuple(handled),
        named=named or "—",
    )
    return Evidence(*_where(c), note)


def restitution_asked(deck: Deck, contact: Contact) -> bool:
    """A principal or a colleague (an internal contact) whose key lists what to give back."""
    return bool(contact.key.answer_points) and internal_contact(deck, contact)


def restitution(ctx: MeasureContext) -> MeasureResult:
    """Every internal contact whose key lists what to give back is given each point."""
    items: dict[str, bool] = {}
    evidence: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not internal(ctx, c):
            continue
        if not restitution_asked(ctx.deck, contact):
            unjudged = _unjudged(ctx, c)
            if unjudged is not None:
                evidence.append(unjudged)
            continue
        points = owed(contact, c)
        if not points:
            continue  # every point waits for a question the principal never asked
        told = "\n".join(ln.text for ln in c.candidate_lines)
        lang = ctx.lang_of(c)
        given = tuple(p.label for p in points if gives(told, p, lang))
        missing = tuple(p.label for p in points if p.label not in given)
        items[c.id] = not missing
        if not c.handled:
            key = "note.restitution_unanswered"
        elif not missing:
            key = "note.restitution_given"
        else:
            key = "note.restitution_partial" if given else "note.restitution_missing"
        note = Text(key, contact=c.id, given=given or "—", missing=missing)
        if c.candidate_lines:
            evidence.append(ev_of(c.candidate_lines[-1], note))
        else:
            evidence.append(Evidence(*_where(c), note))
    ordered = tuple(sorted(evidence, key=lambda e: e.seq))
    if not items:
        return MeasureResult(
            "restitution", items, None, None, ordered, Text("detail.no_restitution_asked")
        )
    return MeasureResult("restitution", items, None, all(items.values()), ordered)


__all__ = ["restitution", "restitution_asked"]
