"""Questions the principal's procedure requires: CQP C.1.4 « compréhension correcte du besoin,
aucun oubli de consignes » ; CP FFP C3 « déroule le script de questionnement ».

Read against the key, never guessed: a contact whose key lists ``must_ask`` (facts of the
contact: the gas smell an urgent heating breakdown's procedure asks before anything) has each of
them asked — in the fact's words or the candidate's own (asking.py, as a script step is) — or
given by the customer unasked, before the call is passed on or closed. ``expected_facts`` says
what a recap restates and, on an urgency passed on at once, which script steps count
(script.py); a question the procedure imposes is asked whatever the recap holds. A contact whose
key names none asks nothing here.
"""

from __future__ import annotations

from omnisim.deck.key import Fact
from omnisim.i18n import Text
from omnisim.measures.asking import asks, volunteered
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line


def asked_line(ctx: MeasureContext, c: ContactView, fact: Fact) -> Line | None:
    """The candidate's first line asking ``fact``, in its words or their own (asking.py)."""
    contact = ctx.contact(c)
    others = contact.facts if contact else ()
    lang = ctx.lang_of(c)
    return next((ln for ln in c.candidate_lines if asks(ln, fact.ask, fact, lang, others)), None)


def required_questions(ctx: MeasureContext) -> MeasureResult:
    """Each question the key requires is asked or was answered unasked; the evidence names the
    one never asked, for the jury."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.must_ask or not c.handled:
            continue
        missing: list[str] = []
        for fact_id in contact.key.must_ask:
            fact = next((f for f in contact.facts if f.id == fact_id), None)
            if fact is None:
                continue  # the deck check refuses it; nothing to ask
            line = asked_line(ctx, c, fact)
            if line is not None:
                good.append(ev_of(line, Text("note.required_asked", contact=c.id, fact=fact.id)))
            elif volunteered(c, fact, ctx.lang_of(c), fact.ask, anywhere=True):
                note = Text("note.required_given", contact=c.id, fact=fact.id)
                good.append(Evidence(c.offered.seq, c.offered.sim, note))
            else:
                missing.append(fact.id)
        items[c.id] = not missing
        if missing:
            where = c.transferred or c.closed or c.picked or c.offered
            note = Text("note.required_missing", contact=c.id, facts=", ".join(missing))
            bad.append(Evidence(where.seq, where.sim, note))
    return verdict("required_questions", items, bad, good, None, Text("detail.no_required"))
