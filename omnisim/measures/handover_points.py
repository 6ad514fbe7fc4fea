"""What the hand-over must carry where the key says it (``key.handover_points``, on the contact
where it arose: an instruction given during the shift for the next team, « pas de rendez-vous
de 14 h à 15 h cet après-midi », news to pass on): CQP C.3.2 « Transférer sans rétention et
sans interprétation des informations clés à ses collègues », CCS-RC C5 « transmettre les
informations nécessaires à la continuité du service client ».

Each point is found in the hand-over like an answer point in a written answer (pertinence.gives:
every content word of one accepted wording, any order, endings aside); one left out is retained
information. A contact never taken taught the desk nothing to pass on."""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext
from omnisim.measures.pertinence import gives
from omnisim.measures.reports import report_evidence, report_outcome, reports_of
from omnisim.measures.result import Evidence, MeasureResult


def handover_points(ctx: MeasureContext) -> MeasureResult:
    """Every point the keys of the contacts taken ask the hand-over to carry is in it."""
    reports = reports_of(ctx, "handover")
    text = "\n".join(op.payload.text for op in reports)
    named: dict[str, bool] = {}
    evidence = report_evidence(reports, incident=False)
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.handover_points or not c.handled:
            continue
        lang = ctx.lang_of(c)
        at = c.ended or c.picked or c.offered
        for point in contact.key.handover_points:
            # Said to the candidate at the interview: the point in the key's words, never the
            # contact's id (test_jury_interview); two contacts' alike points apart by the customer.
            label = (
                point.label
                if point.label not in named
                else f"{point.label} ({contact.customer.name})"
            )
            named[label] = bool(reports) and gives(text, point, lang)
            key = "note.fact_named" if named[label] else "note.fact_not_named"
            evidence.append(Evidence(at.seq, at.sim, Text(key, fact=point.label)))
    if not named:
        detail = Text("detail.no_handover_point")
        return MeasureResult("handover_points", {}, None, None, (), detail)
    return report_outcome("handover_points", reports, named, evidence, list(named))


__all__ = ["handover_points"]
