"""A written message left unanswered: RNCP bloc 1 C12 « Entretenir la relation client à
distance en adaptant ses outils de communication ».

A written message (an e-mail, a letter of complaint, an SMS, a chat) whose key expects a reply
(``reply_channels``), opened and then left without any reply on any channel, is the tool left
unused (round 20's jury: « l'e-mail de M. Fabre, qui demande une confirmation par retour de
mail, reste sans réponse »). Answered in writing or by a call, it is used; a message never
opened is the delay's to judge (reply_time_sla), not this.
"""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult

WRITTEN = ("email", "complaint", "sms", "chat")


def written_unanswered(ctx: MeasureContext) -> MeasureResult:
    """Each written message opened whose key expects a reply gets one."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or c.channel not in WRITTEN or c.picked is None:
            continue
        if not contact.key.reply_channels:
            continue
        items[c.id] = bool(c.candidate_lines)
        if c.candidate_lines:
            good.append(ev_of(c.candidate_lines[0], Text("note.written_answered", contact=c.id)))
        else:
            where = c.closed or c.picked
            bad.append(
                Evidence(where.seq, where.sim, Text("note.written_unanswered", contact=c.id))
            )
    return verdict("written_unanswered", items, bad, good, None, Text("detail.no_written_opened"))
