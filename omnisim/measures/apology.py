"""CQP C.1.14 « Respecter les consignes de l'entreprise pour la prise en charge d'une
réclamation »: the principal's apology instruction, asked where it applies (a réclamation, not
an urgency with its own procedure, nor a customer the key gives another procedure)."""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import asks_apology, word_list
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.habit import finds_marker, habit
from omnisim.measures.mood import came_upset
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.script import MIN_COVERAGE, coverage
from omnisim.projection.workspace import ContactView


def apology_instructed(ctx: MeasureContext, c: ContactView) -> bool:
    """An upset customer of a principal whose instructions say to apologise (« Réclamation
    d'un locataire : s'excuser, … »): their procedure for a réclamation, not for an urgency the
    key names, which has its own (hand_cqp_telesecretariat_sud mixed, a heating breakdown)."""
    contact = ctx.contact(c)
    if contact is None or contact.key.urgent or not came_upset(ctx, c):
        return False
    principal = ctx.deck.principal(contact.principal)
    lang = ctx.lang_of(c)
    return principal is not None and any(asks_apology(i.text, lang) for i in principal.instructions)


def _urgency_only(ctx: MeasureContext, c: ContactView) -> bool:
    """An urgent contact that is not a complaint (not on the complaint channel, never
    escalated to one)."""
    contact = ctx.contact(c)
    return (
        contact is not None
        and contact.key.urgent
        and c.channel != "complaint"
        and not any(level == "complaint" for _, level in c.escalations)
    )


def _occasions(text: str, lang: str) -> bool:
    """``text`` names a réclamation (« Réclamation : … », a script ``reclamation_x``)."""
    return bool(set(re.findall(r"[a-z]+", fold(text))) & word_list(lang, "complaint_occasion"))


def _other_procedure(ctx: MeasureContext, c: ContactView) -> bool:
    """The apology instructions all name the réclamation they are for, and the key gives this
    customer another procedure of the principal's (its script: a breakdown ticket, an order),
    on no complaint: they are taken by that one (round 17, a worried client's ticket)."""
    contact = ctx.contact(c)
    if contact is None or not contact.key.script or c.channel == "complaint":
        return False
    if any(level == "complaint" for _, level in c.escalations):
        return False
    principal = ctx.deck.principal(contact.principal)
    lang = ctx.lang_of(c)
    rules = principal.instructions if principal else ()
    asked = [i.text for i in rules if asks_apology(i.text, lang)]
    if not asked or not all(_occasions(text, lang) for text in asked):
        return False
    script = ctx.scripts.get(contact.key.script)
    return not _occasions(f"{contact.key.script} {script.title if script else ''}", lang)


def instructed_apology(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.14 « Respecter les consignes de l'entreprise pour la prise en charge d'une
    réclamation »: where the principal's instructions say to apologise, the upset customer
    hears an apology, and where the key gives the procedure they set as the contact's script
    (« s'excuser, recueillir le bail, le motif, les dates »), its questions are asked too
    (MIN_COVERAGE of its steps, C.1.14 « par son écoute et par son questionnement »). Calming
    them otherwise does not follow the instruction; where no instruction asks for an apology,
    this measure has nothing to judge. An urgency (the key's ``urgent``) that is no complaint
    is C.1.7's: a frightened caller is helped at once, and the principal's apology, set for
    complaints, is not asked of that call (round 16, a heating breakdown); nor of a customer
    the key gives another of the principal's procedures, where the instruction names the
    réclamation it is for (round 17)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    apology = finds_marker(lambda c: c.candidate_lines, "apology")
    for c in ctx.conversations():
        if not apology_instructed(ctx, c) or _urgency_only(ctx, c) or _other_procedure(ctx, c):
            continue
        said = apology(ctx, c)
        contact = ctx.contact(c)
        procedure = ctx.scripts.get(contact.key.script) if contact and contact.key.script else None
        share, missing = 1.0, list[str]()
        if procedure is not None:
            share, _asked, _given, missing = coverage(ctx, procedure, c)
        items[c.id] = said is not None and share >= MIN_COVERAGE
        if said is None:
            bad.append(ev_of(c.candidate_lines[0], Text("note.phrase_missing", contact=c.id)))
        else:
            good.append(ev_of(said, Text("note.quote", contact=c.id, text=said.text[:80])))
        if share < MIN_COVERAGE:
            note = Text("note.steps_missing", contact=c.id, steps=", ".join(missing))
            bad.append(Evidence(c.offered.seq, c.offered.sim, note))
    return habit("instructed_apology", items, bad, good, Text("detail.no_apology_instructed"))
