"""Diagnostic script adherence: CP FFP "déroule le script de questionnement et l'adapte
en fonction des réponses"; CQP C.1.5 "techniques « entonnoir », questions binaires"."""

from __future__ import annotations

from typing import Any

from omnisim.deck.key import Fact
from omnisim.i18n import Text
from omnisim.measures.asking import asks, only_confirms, volunteered
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

MIN_COVERAGE = 0.75  # a script adapted to the answers may skip a branch or two


def _fact(ctx: MeasureContext, c: ContactView, step: Any) -> Fact | None:
    contact = ctx.contact(c)
    wanted = getattr(step, "obtains", "") or step.id
    return next((f for f in contact.facts if f.id == wanted), None) if contact else None


def _asks(ctx: MeasureContext, c: ContactView, step: Any, line: Line) -> bool:
    """The line asks the step, in the script's words or the candidate's own (asking.py)."""
    phrases = tuple(step.ask) or (step.question,)
    contact = ctx.contact(c)
    others = contact.facts if contact else ()
    return asks(line, phrases, _fact(ctx, c, step), ctx.lang_of(c), others)


def _confirmed(ctx: MeasureContext, c: ContactView, step: Any, line: Line) -> bool:
    phrases = tuple(step.ask) or (step.question,)
    return only_confirms(line, phrases, _fact(ctx, c, step), ctx.lang_of(c))


def _asked(ctx: MeasureContext, script: Any, c: ContactView) -> dict[str, Line]:
    """Each step of the script → the first candidate line that asked it."""
    found: dict[str, Line] = {}
    for step in script.steps:
        line = next((ln for ln in c.candidate_lines if _asks(ctx, c, step, ln)), None)
        if line is not None:
            found[step.id] = line
    return found


def _given(ctx: MeasureContext, script: Any, c: ContactView, asked: dict[str, Line]) -> list[str]:
    """Steps not asked because the customer gave their answer first (« l'adapte en fonction
    des réponses »): asking them again would make the customer repeat."""
    lang = ctx.lang_of(c)
    return [
        s.id
        for s in script.steps
        if s.id not in asked
        and volunteered(c, _fact(ctx, c, s), lang, (*s.ask, getattr(s, "question", "")))
    ]


def _in_turn(ctx: MeasureContext, script: Any, c: ContactView, asked: dict[str, Line]) -> bool:
    """The asked steps come one after another in the script's order (CP FFP « déroule le
    script »): each is asked by the line that asked the step before it (a written list of the
    questions, « Depuis quand ? Et quels symptômes ? ») or a later one. A step's words said
    earlier, in a restatement of the caller's reason or an empathy line, are not that step asked
    out of turn when it is then asked in its place; a step taken from the file and confirmed
    (« C'est bien Oslo, votre beagle ? ») is adapted, not asked out of turn."""
    last = -1
    for step in script.steps:
        if step.id not in asked or _confirmed(ctx, c, step, asked[step.id]):
            continue  # never asked (script_coverage counts it), or taken from the file
        turn = next(
            (ln.seq for ln in c.candidate_lines if ln.seq >= last and _asks(ctx, c, step, ln)),
            None,
        )
        if turn is None:
            return False
        last = turn
    return True


def _scripted(ctx: MeasureContext) -> list[tuple[ContactView, Any]]:
    pairs = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact and contact.key.script and contact.key.script in ctx.scripts and c.handled:
            pairs.append((c, ctx.scripts[contact.key.script]))
    return pairs


def script_coverage(ctx: MeasureContext) -> MeasureResult:
    items: dict[str, float] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, script in _scripted(ctx):
        share, asked, given, missing = coverage(ctx, script, c)
        items[c.id] = share
        for step_id, line in asked.items():
            good.append(ev_of(line, Text("note.step_asked", contact=c.id, step=step_id)))
        for step_id in given:
            note = Text("note.step_given", contact=c.id, step=step_id)
            good.append(Evidence(c.offered.seq, c.offered.sim, note))
        if share < MIN_COVERAGE:
            note = Text("note.steps_missing", contact=c.id, steps=", ".join(missing))
            bad.append(Evidence(c.offered.seq, c.offered.sim, note))
    return verdict("script_coverage", items, bad, good, MIN_COVERAGE, Text("detail.no_script"))


def script_order(ctx: MeasureContext) -> MeasureResult:
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, script in _scripted(ctx):
        if not getattr(script, "order_required", True):
            continue
        asked = _asked(ctx, script, c)
        if len(asked) < 2:
            continue  # order means nothing with fewer than two steps asked
        ok = _in_turn(ctx, script, c, asked)
        items[c.id] = ok
        first = next(iter(asked.values()), None)
        seq, sim = (first.seq, first.sim) if first else (c.offered.seq, c.offered.sim)
        note = Text("note.steps_in_order" if ok else "note.steps_out_of_order", contact=c.id)
        (good if ok else bad).append(Evidence(seq, sim, note))
    return verdict("script_order", items, bad, good, True, Text("detail.too_few_steps"))


def coverage(
    ctx: MeasureContext, script: Any, c: ContactView
) -> tuple[float, dict[str, Line], list[str], list[str]]:
    """The share of ``script``'s steps covered in ``c`` (asked, or given by the customer
    first), the steps asked with their lines, those given, and those missing."""
    asked = _asked(ctx, script, c)
    given = _given(ctx, script, c, asked)
    share = round((len(asked) + len(given)) / max(1, len(script.steps)), 2)
    missing = [s.id for s in script.steps if s.id not in asked and s.id not in given]
    return share, asked, given, missing
