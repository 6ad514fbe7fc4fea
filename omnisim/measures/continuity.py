"""Continuity of the service (CCS-RC C5 « Rechercher, traiter et transmettre les informations
nécessaires à la continuité du service client »): what the team needs to follow a customer
reaches it, by the CRM or by the hand-over.

MC ACVD C2.3 « Les informations sont saisies » reads the CRM alone (crm_traced); CCS-RC C5 asks
that the information be passed on, and round 15's jury granted it to a candidate who left two
contacts of eight untraced but gave both in her hand-over (« passation de tous les contacts
avec leurs suites »).
"""

from __future__ import annotations

import re
from dataclasses import replace

from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import people_named
from omnisim.language.substance import names
from omnisim.measures.context import MeasureContext
from omnisim.measures.crm import crm_traced
from omnisim.measures.reports import reports_of, surname
from omnisim.measures.result import Evidence, MeasureResult


def _handed_over(ctx: MeasureContext, contact_id: str, text: str) -> bool:
    """The hand-over names the contact's customer (their surname), or the person their
    opening is about (a caller about somebody else's file); a customer the desk cannot name
    (an unknown number, no record: « SMS horaires du dimanche : répondu ») by the contact's
    matter, every content word of its subject (round 21)."""
    view = ctx.view.contacts.get(contact_id)
    contact = ctx.contact(view) if view is not None else None
    if contact is None or view is None:
        return False
    who = ({surname(contact.customer.name)} | set(people_named(contact.opening))) - {""}
    words = set(re.findall(r"[\w-]+", fold(text)))
    if any(fold(w) in words for w in who):
        return True
    subject = contact.subject.split(":")[-1].strip()
    return not contact.customer.record and bool(subject) and names(text, subject, ctx.lang_of(view))


def continuity_passed_on(ctx: MeasureContext) -> MeasureResult:
    """Each contact the key asks a trace of is traced in the CRM (:func:`crm_traced`) or
    given in the hand-over, as long as the traces are the rule (at least half the contacts
    traced): a hand-over alone, with nothing in the CRM, leaves the next shift without the
    customers' files."""
    traced = crm_traced(ctx)
    items: dict[str, bool] = dict(traced.value or {})
    if traced.passed is None or not items:
        return replace(traced, measure="continuity_passed_on")
    reports = reports_of(ctx, "handover")
    text = "\n".join(op.payload.text for op in reports)
    in_crm = sum(items.values())
    evidence = list(traced.evidence)
    # A trace on another customer's file (a homonym's) misleads whoever opens it: the
    # hand-over does not undo it (round 21, the garden centre's mixed candidate).
    misfiled = {
        dict(e.note.params).get("contact")
        for e in traced.evidence
        if e.note.key == "note.crm_wrong_record"
    }
    if reports and 2 * in_crm >= len(items):
        for cid, done in items.items():
            if not done and cid not in misfiled and _handed_over(ctx, cid, text):
                items[cid] = True
                at = reports[-1].at
                evidence.append(Evidence(at.seq, at.sim, Text("note.handed_over", contact=cid)))
    evidence.sort(key=lambda e: e.seq)
    passed = all(items.values())
    return MeasureResult("continuity_passed_on", items, None, passed, tuple(evidence))


__all__ = ["continuity_passed_on"]
