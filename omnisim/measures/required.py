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

from collections.abc import Callable, Sequence

from omnisim.deck.key import Fact
from omnisim.i18n import Text
from omnisim.measures.asking import asks, volunteered
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

Named = Callable[[Fact], str]  # how the jury's evidence names a question


def asked_line(ctx: MeasureContext, c: ContactView, fact: Fact) -> Line | None:
    """The candidate's first line asking ``fact``, in its words or their own (asking.py)."""
    contact = ctx.contact(c)
    others = contact.facts if contact else ()
    lang = ctx.lang_of(c)
    return next((ln for ln in c.candidate_lines if asks(ln, fact.ask, fact, lang, others)), None)


def each_asked(
    ctx: MeasureContext, c: ContactView, facts: Sequence[Fact], notes: str, name: Named
) -> tuple[list[Evidence], Evidence | None]:
    """Each of ``facts`` asked, or answered unasked: the evidence of each (« note.<notes>_asked »,
    « _given »), and of those never asked (« _missing », by their ``name``) where the contact
    ended, or None. One reading for the imposed questions of every grid."""
    good: list[Evidence] = []
    missing: list[str] = []
    lang = ctx.lang_of(c)
    for fact in facts:
        line = asked_line(ctx, c, fact)
        if line is not None:
            good.append(ev_of(line, Text(f"note.{notes}_asked", contact=c.id, what=name(fact))))
        elif volunteered(c, fact, lang, fact.ask, anywhere=True):
            note = Text(f"note.{notes}_given", contact=c.id, what=name(fact))
            good.append(Evidence(c.offered.seq, c.offered.sim, note))
        else:
            missing.append(name(fact))
    if not missing:
        return good, None
    where = c.ended or c.picked or c.offered
    note = Text(f"note.{notes}_missing", contact=c.id, what=", ".join(missing))
    return good, Evidence(where.seq, where.sim, note)


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
        # in the key's order; an id of no fact is refused by the deck check: nothing to ask
        facts = [f for fid in contact.key.must_ask for f in contact.facts if f.id == fid]
        found, missing = each_asked(ctx, c, facts, "required", lambda f: f.id)
        good += found
        items[c.id] = missing is None
        bad += [missing] if missing else []
    return verdict("required_questions", items, bad, good, None, Text("detail.no_required"))
