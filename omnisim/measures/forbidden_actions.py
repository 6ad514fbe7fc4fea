"""What the desk must not do on a contact (key.forbidden, ``kind: action``): booking a boiler
service on a gas-smell call, changing the e-mail address of an account for a caller who is not
its holder, a transfer the principal's instructions forbid, a letter that grants what the file
refuses. CQP C.1.4 « compréhension correcte du besoin, aucun oubli de consignes », CP FFP C1
« met en place les actions subséquentes à l'appel », MC ACVD C2.3 « dans le respect des
procédures de traitement spécifiques à l'entreprise ».

Judged from the log, never from words: the action of that kind (and on that ``target``, when
the key names one: the principal of an agenda, the staff member of a transfer, a CRM field, a
template) taken on the contact, or on its customer's record while the contact is open (from
pick-up to its close or transfer). A contact whose key forbids no action is not judged; one
forbidden action taken is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from omnisim.deck.key import Forbidden
from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.letters import templates_in
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Moment

# The key's word for an action → the event the desk logs for it.
LOGGED = {
    "appointment": "agenda.booked",
    "move": "agenda.moved",
    "cancel": "agenda.cancelled",
    "update": "crm.record_updated",
    "create": "crm.record_created",
    "trace": "crm.traced",
    "followup": "crm.followup_set",
    "message": "message.taken",
    "call": "call.outbound",
}
SPOKEN = "phone"


def _on_target(action: str, payload: Any, target: str) -> bool:
    """The logged action bears on the key's ``target`` (any, when the key names none)."""
    if not target:
        return True
    want = fold(target)
    if action in ("appointment", "move", "cancel"):
        return fold(payload.principal) == want
    if action in ("update", "create"):
        return want in {fold(name) for name in payload.fields}
    if action == "message":
        return want in (fold(payload.principal), fold(payload.for_whom))
    if action == "call":
        return fold(payload.to) == want
    return True


def _open(c: ContactView, at: Moment) -> bool:
    """The contact is open at ``at``: picked up, not yet closed or transferred."""
    ended = c.ended
    return (
        c.picked is not None and c.picked.seq <= at.seq and (ended is None or at.seq <= ended.seq)
    )


def _taken(
    ctx: MeasureContext, c: ContactView, contact: Contact, item: Forbidden
) -> Iterator[Moment]:
    """Where the forbidden ``item`` was done on the contact (or its customer's record)."""
    if item.action == "transfer":
        if c.transferred and (not item.target or c.transferred_to == item.target):
            yield c.transferred
        return
    if item.action == "template":
        for line in c.candidate_lines:
            if line.channel != SPOKEN and item.target in {
                t.id for t in templates_in(ctx, line.text)
            }:
                yield Moment(line.seq, line.sim)
        return
    record = contact.customer.record
    for op in ctx.view.ops(LOGGED.get(item.action, "")):
        mine = getattr(op.payload, "contact_id", "") == c.id
        theirs = bool(record) and getattr(op.payload, "record_id", "") == record and _open(c, op.at)
        if (mine or theirs) and _on_target(item.action, op.payload, item.target):
            yield op.at


def forbidden_action(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.4, CP FFP C1, MC ACVD C2.3: nothing the key forbids the desk to do on a contact
    is done."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        forbidden = [f for f in contact.key.forbidden if f.kind == "action"] if contact else []
        if contact is None or not forbidden or c.picked is None:
            continue
        found = [(at, item) for item in forbidden for at in _taken(ctx, c, contact, item)]
        items[c.id] = not found
        for at, item in found[:1]:
            done = Text(f"act.{item.action}")
            note = Text("note.forbidden_action_taken", contact=c.id, action=done, label=item.label)
            bad.append(Evidence(at.seq, at.sim, note))
        if not found:
            good.append(
                Evidence(c.picked.seq, c.picked.sim, Text("note.no_forbidden_action", contact=c.id))
            )
    return verdict("forbidden_action", items, bad, good, None, Text("detail.no_forbidden_action"))
