"""End-of-shift writing: CQP C.3.1 "rapport d'incident", C.3.2 "passation des messages";
MC ACVD C4.3 « Les informations sont classées en fonction de l'urgence, de l'importance »,
« Les anomalies sont repérées et signalées »."""

from __future__ import annotations

import re
from dataclasses import dataclass

from omnisim.deck import Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import urgency_marked
from omnisim.language.match import normalise
from omnisim.language.substance import names
from omnisim.measures.context import MeasureContext
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Moment, Operation

Fact = tuple[str, Moment]  # (key word the report must contain, moment that made it a fact)


def _surname(name: str) -> str:
    return normalise(name.split()[-1]) if name.split() else ""


def _reports(ctx: MeasureContext, kind: str) -> list[Operation]:
    return [op for op in ctx.view.ops("report.written") if op.payload.kind == kind]


def _report_evidence(reports: list[Operation], incident: bool) -> list[Evidence]:
    key = "note.report_incident" if incident else "note.report_handover"
    return [Evidence(op.at.seq, op.at.sim, Text(key, text=op.payload.text[:80])) for op in reports]


def _outcome(
    measure: str,
    reports: list[Operation],
    named: dict[str, bool],
    evidence: list[Evidence],
    threshold: object,
) -> MeasureResult:
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
    return MeasureResult(measure, named, threshold, passed, ordered, detail)


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
        who = _surname(contact.customer.name)
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
    key implies, whom it concerns); a report with nothing to name is neither proof nor fault."""
    reports = _reports(ctx, "incident")
    found = anomalies(ctx)
    if not found and not reports:
        return MeasureResult(
            "incident_report", {}, None, None, (), Text("detail.no_fact_to_report")
        )
    text = " ".join(op.payload.text for op in reports)
    named: dict[str, bool] = {}
    evidence = _report_evidence(reports, incident=True)
    for anomaly in found:
        view = ctx.view.contacts[anomaly.contact]
        ok = bool(reports) and _named(text, anomaly, ctx.lang_of(view))
        label = anomaly.label
        key = f"{anomaly.contact}: {label if isinstance(label, str) else label.key}"
        named[key] = named.get(key, False) or ok
        note = Text(
            "note.anomaly_named" if ok else "note.anomaly_not_named",
            contact=anomaly.contact,
            label=label,
        )
        evidence.append(Evidence(anomaly.at.seq, anomaly.at.sim, note))
    return _outcome("incident_report", reports, named, evidence, [a.contact for a in found])


def handover_notes(ctx: MeasureContext) -> MeasureResult:
    """Every message taken during the shift is handed over (named by the caller's surname)."""
    facts = {
        f"message #{op.at.seq}": (_surname(op.payload.caller), op.at)
        for op in ctx.view.ops("message.taken")
    }
    reports = _reports(ctx, "handover")
    if not facts and not reports:
        return MeasureResult("handover_notes", {}, None, None, (), Text("detail.no_fact_to_report"))
    text = normalise(" ".join(op.payload.text for op in reports))
    named = {label: bool(word) and word in text for label, (word, _) in facts.items()}
    evidence = _report_evidence(reports, incident=False)
    evidence += [
        Evidence(
            at.seq,
            at.sim,
            Text("note.fact_named" if named[label] else "note.fact_not_named", fact=label),
        )
        for label, (_, at) in facts.items()
    ]
    return _outcome("handover_notes", reports, named, evidence, list(facts))


def _urgent(ctx: MeasureContext, c: ContactView | None, op: Operation) -> bool:
    contact = ctx.contact(c) if c is not None else None
    key = contact.key if contact else None
    return bool(op.payload.urgent) or (key is not None and (key.urgent or key.priority == 1))


_CLAUSE = re.compile(r"[;.\n]")


def handover_urgency(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C4.3 « Les informations sont classées en fonction de l'urgence, de
    l'importance »: among the messages handed over, the urgent ones (the key's urgent or first
    priority contacts, or a message the candidate marked urgent) come first in the hand-over,
    or are said urgent there or on the message itself. Nothing to class without both urgent
    and other messages."""
    taken = ctx.view.ops("message.taken")
    items = [
        (
            op,
            _urgent(ctx, ctx.view.contacts.get(op.payload.contact_id), op),
            _surname(op.payload.caller),
        )
        for op in taken
    ]
    urgent = [(op, who) for op, is_urgent, who in items if is_urgent]
    others = [who for _, is_urgent, who in items if not is_urgent and who]
    if not urgent or not others:
        return MeasureResult(
            "handover_urgency", {}, None, None, (), Text("detail.nothing_urgent_to_class")
        )
    reports = _reports(ctx, "handover")
    text = " \n".join(op.payload.text for op in reports)
    folded = normalise(text)
    lang = ctx.view.lang
    clauses = [normalise(c) for c in _CLAUSE.split(text)]
    first_other = min((folded.find(w) for w in others if w in folded), default=len(folded) + 1)
    result: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for op, who in urgent:
        cid = op.payload.contact_id
        flagged = bool(op.payload.urgent)
        at = folded.find(who) if who else -1
        first = at >= 0 and at < first_other
        marked = at >= 0 and any(who in c and urgency_marked(c, lang) for c in clauses)
        ok = flagged or first or marked
        result[cid or f"message #{op.at.seq}"] = ok
        name = op.payload.caller
        if flagged:
            good.append(
                Evidence(op.at.seq, op.at.sim, Text("note.message_flagged_urgent", contact=cid))
            )
        elif not reports:
            bad.append(Evidence(op.at.seq, op.at.sim, Text("note.handover_missing", names=name)))
        else:
            key = (
                "note.handover_urgent_first"
                if first
                else "note.handover_urgent_marked"
                if marked
                else "note.handover_urgent_unmarked"
            )
            last = reports[-1]
            (good if ok else bad).append(Evidence(last.at.seq, last.at.sim, Text(key, names=name)))
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult("handover_urgency", result, None, not bad, evidence)
