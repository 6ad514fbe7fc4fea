"""The incident report: CQP C.3.1 « Etablir un rapport d'incident » (every anomaly, « sans
rétention »), MC ACVD C4.3 « Les anomalies sont repérées et signalées » (one of three or more
forgiven). What an anomaly is: declared by the deck (``key.anomalies``) or implied by its key.
The hand-over's measures are reports.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from omnisim.deck import Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.substance import names
from omnisim.measures.context import MeasureContext
from omnisim.measures.reports import report_evidence, report_outcome, reports_of, surname
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import Moment


@dataclass(frozen=True)
class Anomaly:
    """What the incident report must name: declared by the deck, or implied by the key."""

    contact: str
    label: Text | str
    names: tuple[str, ...]  # phrases, any one of which names it
    who: str  # the customer's surname (names an implied anomaly)
    at: Moment


# Roles of the staff a transfer escalates to (« une escalade vers un responsable »).
_MANAGER = re.compile(
    r"\b(responsable|superviseu|manager|gerant|directeu|chef|team lead|supervisor|head of)"
)


def to_manager(deck: Deck, staff_id: str) -> bool:
    """A transfer to a manager (a staff member whose role says so): an escalation."""
    for principal in deck.principals:
        for person in principal.staff:
            if person.id == staff_id:
                return bool(_MANAGER.search(fold(person.role)))
    return False


def anomalies(ctx: MeasureContext) -> list[Anomaly]:
    """The anomalies of this session: those the deck declares (``key.anomalies``) for the
    contacts that came; for a deck declaring none, those its key implies (urgent contacts,
    complaints, transfers to a manager); always, a customer who escalated (a formal
    complaint, a demand for a manager) during the session."""
    declared = any(c.key.anomalies for c in ctx.deck.contacts)
    out: list[Anomaly] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None:
            continue
        who = surname(contact.customer.name)
        subject = (contact.subject.split(":")[-1].strip(),) if contact.subject else ()
        for anomaly in contact.key.anomalies:
            out.append(Anomaly(c.id, anomaly.label, anomaly.names, "", c.offered))
        kinds: list[tuple[str, Moment]] = []
        if not declared:
            if contact.key.urgent:
                kinds.append(("urgent", c.offered))
            if contact.channel == "complaint":
                kinds.append(("complaint", c.offered))
            if contact.key.transfer_to and to_manager(ctx.deck, contact.key.transfer_to):
                kinds.append(("manager", c.offered))
        for at, level in c.escalations:
            kinds.append(("complaint" if level == "complaint" else "escalation", at))
        if kinds:
            kind, at = kinds[0]
            out.append(Anomaly(c.id, Text(f"note.anomaly.{kind}"), subject, who, at))
    return out


def _named(text: str, anomaly: Anomaly, lang: str) -> bool:
    if anomaly.who and anomaly.who in fold(text).split():
        return True
    return any(names(text, phrase, lang) for phrase in anomaly.names if phrase.strip())


def incident_report(ctx: MeasureContext) -> MeasureResult:
    """The incident report names every anomaly of the session (what happened, or, for one the
    key implies, whom it concerns); a report with nothing to name is neither proof nor fault.
    CQP C.3.1 « Etablir un rapport d'incident », C.3 « Partager sans rétention »: every one."""
    return _incident(ctx, "incident_report", slip=False)


def anomalies_signalled(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C4.3 « Les anomalies sont repérées et signalées »: as incident_report, with one
    anomaly of three or more left out forgiven (habit.slipped_once; the référentiel asks no
    « sans rétention » here, and the round-19 jury passed three anomalies of four)."""
    return _incident(ctx, "anomalies_signalled", slip=True)


def report_asked(deck: Deck) -> bool:
    """The company's instructions (the briefing, a principal's instructions) name an incident
    report (« signalez les anomalies dans le rapport d'incident »)."""
    texts = [deck.briefing, *(i.text for p in deck.principals for i in p.instructions)]
    wanted = word_list(deck.language, "incident_report_names")
    return any(w in fold(t) for t in texts for w in wanted)


def _told_in_handover(text: str, anomaly: Anomaly, customer: list[str], lang: str) -> bool:
    """The hand-over tells what happened: every item of a hand-over names its customer, so the
    customer's name alone (a ``names`` phrase, or the surname of an implied anomaly) signals
    nothing there."""
    return any(
        names(text, phrase, lang)
        for phrase in anomaly.names
        if phrase.strip() and fold(phrase).split() != customer
    )


def _incident(ctx: MeasureContext, measure: str, slip: bool) -> MeasureResult:
    reports = reports_of(ctx, "incident")
    # MC ACVD C4.3 « signalées »: where the company asks no incident report, the anomalies are
    # signalled in the hand-over it asks (round 21); CQP C.3.1 asks the report itself.
    handovers = reports_of(ctx, "handover") if slip and not report_asked(ctx.deck) else []
    found = anomalies(ctx)
    if not found and not reports:
        return MeasureResult(measure, {}, None, None, (), Text("detail.no_fact_to_report"))
    text = " ".join(op.payload.text for op in reports)
    told = " ".join(op.payload.text for op in handovers)
    named: dict[str, bool] = {}
    evidence = report_evidence(reports, incident=True)
    evidence += report_evidence(handovers, incident=False)
    for anomaly in found:
        view = ctx.view.contacts[anomaly.contact]
        lang = ctx.lang_of(view)
        contact = ctx.contact(view)
        customer = fold(contact.customer.name).split()[-1:] if contact is not None else []
        ok = bool(reports) and _named(text, anomaly, lang)
        ok = ok or (bool(handovers) and _told_in_handover(told, anomaly, customer, lang))
        label = anomaly.label
        key = f"{anomaly.contact}: {label if isinstance(label, str) else label.key}"
        named[key] = named.get(key, False) or ok
        note = Text(
            "note.anomaly_named" if ok else "note.anomaly_not_named",
            contact=anomaly.contact,
            label=label,
        )
        evidence.append(Evidence(anomaly.at.seq, anomaly.at.sim, note))
    contacts = [a.contact for a in found]
    return report_outcome(measure, reports + handovers, named, evidence, contacts, slip=slip)
