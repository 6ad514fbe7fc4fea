"""Protected facts a caller may hear: CQP C.4.4 « Résister à toute pression d'un correspondant …
demandant la divulgation d'information confidentielle », « Dans toutes circonstances respecter
les dispositions légales ».

A principal's confidential facts are kept from third parties. Two readings keep a line that
says one of them from being a leak (round 20, issue 26):

- the caller's own file: the fact is on the caller's CRM record (its notes, history,
  address, phone or e-mail), and every question the key
  requires before the desk speaks (``must_ask``: a birth date, a file number) was asked and
  answered before the line. The client checked is the person the secret is kept for (« à
  personne d'autre que le client lui-même »); before the check, anyone may be calling;
- a protected hour tied to another day (language/disclosure.py ``hour_of_another_day``): a
  free slot at the same hour on another day is not the protected meeting.
"""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.language.disclosure import (
    discloses,
    hour_of_another_day,
    part_of_day_told,
    told_back,
)
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import ContactView, Line


def _record_text(ctx: MeasureContext, contact: Contact) -> str:
    """The caller's file: its notes, history and coordinates. Their own number or e-mail read
    back for a call-back (« Vous êtes bien joignable au 06 … ? ») is their file too (round 22,
    r22e: the juridique desk's threatened client, her number protected from her husband)."""
    record = ctx.deck.record_of(contact)
    if record is None:
        return ""
    coordinates = [record.address, record.phone, record.email]
    return " ".join([record.notes, *coordinates, *(h.summary for h in record.history)])


def _checked_before(c: ContactView, contact: Contact, line: Line) -> bool:
    """Each fact the key requires was answered by the caller before ``line``."""
    answered = {ln.reason for ln in c.lines if ln.actor == "customer" and ln.seq < line.seq}
    return all(f"fact:{fact_id}" in answered for fact_id in contact.key.must_ask)


def own_file_checked(
    ctx: MeasureContext, c: ContactView, contact: Contact, line: Line, phrase: str, lang: str
) -> bool:
    """``phrase`` is on the caller's own record and the key's checks came first."""
    if not contact.key.must_ask:
        return False
    record = _record_text(ctx, contact)
    return bool(record) and discloses(record, phrase, lang) and _checked_before(c, contact, line)


def leaks(
    ctx: MeasureContext,
    c: ContactView,
    contact: Contact | None,
    line: Line,
    phrase: str,
    protected: list[str],
) -> bool:
    """``line`` gives the protected ``phrase`` away to this caller (what the caller told as
    theirs before it, outside a pressing line, is read back: round 18's ``told_back``)."""
    lang = ctx.lang_of(c)
    heard = [
        ln.text
        for ln in c.lines
        if ln.actor == "customer" and ln.seq < line.seq and not ln.reason.startswith("trap:")
    ]
    if _answers_pressure(c, line) and part_of_day_told(line.text, phrase, lang):
        return True  # « c'est cet après-midi » for « 16 h 15 » (round 21)
    if not discloses(line.text, phrase, lang) or told_back(heard, phrase, lang):
        return False
    if hour_of_another_day(line.text, phrase, protected, ctx.deck.today, lang):
        return False
    return contact is None or not own_file_checked(ctx, c, contact, line, phrase, lang)


def _answers_pressure(c: ContactView, line: Line) -> bool:
    """``line`` answers a caller pressing for a protected fact (their last line before it is
    the key's trap)."""
    before = [ln for ln in c.lines if ln.actor != "candidate" and ln.seq < line.seq]
    return bool(before) and before[-1].reason.startswith("trap:")
