"""The customer's file chosen among namesakes: CQP C.1.8 « Renseigner correctement les fiches de
coordonnées des correspondants », « exactitude des coordonnées reportées (aucune erreur) ».

crm_duplicates and crm_spelling read the records the candidate creates; a candidate who puts a
booking or a trace on an existing namesake's record creates nothing, and they have nothing to say
(« aucune fiche créée »). Where the key names the customer's file — ``customer.record``, a
record of ``key.crm``, or a record to create for a new customer (``action: create``) — each
booking, move, trace and follow-up the candidate files for the contact on a deck record that is
a namesake of that file (same surname, another record) is put on the wrong file. A record of
another surname (the person a caller asks about, say) is not judged here; a key that names no
file judges nothing.
"""

from __future__ import annotations

from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.match import normalise
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.crm import one_letter_off
from omnisim.measures.result import Evidence, MeasureResult

_FILED = ("agenda.booked", "agenda.moved", "crm.traced", "crm.followup_set")


def _surname(name: str) -> str:
    words = normalise(name).split()
    return words[-1] if words else ""


def _named(contact: Contact) -> tuple[set[str], set[str]]:
    """The record ids the key names for the customer, and their surnames (a record to create
    names its own)."""
    ids = {x.record for x in contact.key.crm if x.record and x.action != "create"}
    if contact.customer.record:
        ids.add(contact.customer.record)
    surnames = {
        _surname(x.fields.get("last_name", ""))
        for x in contact.key.crm
        if x.action == "create" and x.fields.get("last_name")
    }
    return ids, surnames


def _namesake(surname: str, surnames: set[str]) -> bool:
    """The same surname, or one a letter apart (« Dupond » for « Dupont »: the CRM's classic
    homonym trap, decks/README.md)."""
    return any(one_letter_off(surname, s) for s in surnames if len(s) >= 4) or surname in surnames


def _surnames(deck: Deck, contact: Contact) -> tuple[set[str], set[str]]:
    ids, surnames = _named(contact)
    records = {r.id: r for r in deck.crm}
    return ids, surnames | {_surname(records[i].last_name) for i in ids if i in records}


def namesake_to_avoid(deck: Deck, contact: Contact) -> bool:
    """The key names the customer's file and the CRM holds a namesake of it: a file to choose
    (the occasion the coverage page names, and the only contacts judged here)."""
    ids, surnames = _surnames(deck, contact)
    return any(_namesake(_surname(r.last_name), surnames) and r.id not in ids for r in deck.crm)


def crm_right_record(ctx: MeasureContext) -> MeasureResult:
    """No booking or trace of a contact lands on a namesake of the file its key names."""
    records = {r.id: r for r in ctx.deck.crm}
    created = {op.payload.record_id for op in ctx.view.ops("crm.record_created")}
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for op in (o for kind in _FILED for o in ctx.view.ops(kind)):
        cid = op.payload.contact_id
        contact = ctx.deck.contact(cid) if cid else None
        if contact is None:
            continue
        if not namesake_to_avoid(ctx.deck, contact):
            continue  # no file named, or no namesake of it: nothing to choose among
        ids, surnames = _surnames(ctx.deck, contact)
        rid = op.payload.record_id
        record = records.get(rid)
        if rid in ids or rid in created or record is None:
            items.setdefault(cid, True)
            note = Text("note.record_right", contact=cid, record=rid)
            good.append(Evidence(op.at.seq, op.at.sim, note))
        elif _namesake(_surname(record.last_name), surnames):
            items[cid] = False
            note = Text("note.record_namesake", contact=cid, record=rid)
            bad.append(Evidence(op.at.seq, op.at.sim, note))
    return verdict("crm_right_record", items, bad, good, None, Text("detail.no_named_record"))
