"""A colleague the key expects consulted during the contact (``key.consult``: the workshop for a
repair's progress, the pharmacist for a prescription): CQP A.1.1 « Transfert, appel ou reprise
d'un correspondant », C.1.2 « Reprendre l'appel initial en rappelant l'identité du correspondant
ou l'objet de l'appel » ; MC ACVD C2.2 « Les opérations de réception, de lancement, de transfert
et de clôture des appels sont effectuées correctement ».

Read from the log, never guessed: the candidate calls that colleague about the contact while it
is open (after the pick-up, before the conversation ends), then takes the caller back (a line to
them after the call) or transfers them. Answering alone, calling another colleague, calling once
the caller is gone, or leaving the caller without a word after the call is not the consultation
the key asks. A contact never taken, or a key that expects none, is not judged."""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import CallView, ContactView


def _during(c: ContactView, call: CallView) -> bool:
    """The call was placed while the contact was open: picked up, its conversation not ended."""
    end = c.ended
    return (
        c.picked is not None
        and c.picked.seq < call.placed.seq
        and (end is None or call.placed.seq < end.seq)
    )


def _came_back(c: ContactView, call: CallView) -> bool:
    """After the call the caller was taken back (a line to them) or transferred."""
    later = any(ln.seq > call.placed.seq for ln in c.candidate_lines)
    return later or (c.transferred is not None and c.transferred.seq > call.placed.seq)


def colleague_consulted(ctx: MeasureContext) -> MeasureResult:
    """Every colleague the key names in ``consult`` is called about the contact while it is open,
    and the caller is then taken back or transferred."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    names = {s.id: s.name for p in ctx.deck.principals for s in p.staff}
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.consult or c.picked is None:
            continue
        done = True
        for expected in contact.key.consult:
            who = names.get(expected.staff, expected.staff)
            calls = [
                x
                for x in ctx.view.calls.values()
                if x.kind == "staff" and x.to == expected.staff and x.contact_id == c.id
            ]
            call = next((x for x in calls if _during(c, x)), None)
            if call is None:
                done = False
                note = Text("note.consult_missing", contact=c.id, staff=who)
                bad.append(Evidence(c.picked.seq, c.picked.sim, note))
            elif not _came_back(c, call):
                done = False
                note = Text("note.consult_not_back", contact=c.id, staff=who)
                bad.append(Evidence(call.placed.seq, call.placed.sim, note))
            else:
                note = Text("note.consult_done", contact=c.id, staff=who)
                good.append(Evidence(call.placed.seq, call.placed.sim, note))
        items[c.id] = done
    return verdict("colleague_consulted", items, bad, good, None, Text("detail.no_consultation"))


__all__ = ["colleague_consulted"]
