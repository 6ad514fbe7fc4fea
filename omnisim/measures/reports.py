"""End-of-shift writing: CQP C.3.1 "rapport d'incident", C.3.2 "passation des messages"."""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.language.match import normalise
from omnisim.measures.context import MeasureContext
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import Moment, Operation

Fact = tuple[str, Moment]  # (key word the report must contain, moment that made it a fact)


def _surname(name: str) -> str:
    return normalise(name.split()[-1]) if name.split() else ""


def _report(ctx: MeasureContext, measure: str, kind: str, facts: dict[str, Fact]) -> MeasureResult:
    """Pass when a report of ``kind`` exists and names every fact (by a key word).

    Evidence points at the reports written and at the moments that called for them,
    so a missing report is shown by what it should have told.
    """
    reports: list[Operation] = [
        op for op in ctx.view.ops("report.written") if op.payload.kind == kind
    ]
    if not facts and not reports:
        return MeasureResult(measure, {}, None, None, (), Text("detail.no_fact_to_report"))
    text = normalise(" ".join(op.payload.text for op in reports))
    named = {label: bool(word) and word in text for label, (word, _) in facts.items()}
    incident = kind == "incident"
    evidence = [
        Evidence(
            op.at.seq,
            op.at.sim,
            Text(
                "note.report_incident" if incident else "note.report_handover",
                text=op.payload.text[:80],
            ),
        )
        for op in reports
    ]
    evidence += [
        Evidence(
            at.seq,
            at.sim,
            Text("note.fact_named" if named[label] else "note.fact_not_named", fact=label),
        )
        for label, (_, at) in facts.items()
    ]
    missing = [label for label, ok in named.items() if not ok]
    passed = bool(reports) and not missing
    detail = (
        Text("detail.no_report")
        if not reports
        else Text("detail.report_missing", facts=", ".join(missing))
        if missing
        else Text()
    )
    ordered = tuple(sorted(evidence, key=lambda e: e.seq))
    return MeasureResult(measure, named, list(facts), passed, ordered, detail)


def incident_report(ctx: MeasureContext) -> MeasureResult:
    """Formal complaints and urgent contacts are incidents the report must name (by surname)."""
    facts: dict[str, Fact] = {}
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None:
            continue
        complaint = next((at for at, level in c.escalations if level == "complaint"), None)
        if complaint is not None or contact.key.urgent:
            facts[c.id] = (_surname(contact.customer.name), complaint or c.offered)
    return _report(ctx, "incident_report", "incident", facts)


def handover_notes(ctx: MeasureContext) -> MeasureResult:
    """Every message taken during the shift is handed over (named by the caller's surname)."""
    facts = {
        f"message #{op.at.seq}": (_surname(op.payload.caller), op.at)
        for op in ctx.view.ops("message.taken")
    }
    return _report(ctx, "handover_notes", "handover", facts)
