"""How an upset customer's complaint is taken: not defended against, and passed to whom the
company's procedure names (CQP C.1.14 « Gérer des situations difficiles » ; MC ACVD C1.2
« L'attitude est adaptée à la situation de communication »).

Courtesy counts rude words over the session, calmed_customer what calmed the customer: neither
sees a polite reply that puts the fault on the carrier or the customer, nor a customer calmed
by a remedy granted instead of the transmission the procedure asks (round 13, issue 26).
"""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.language.defensive import blames_third_party, defensive, remit_only
from omnisim.language.match import matches_any
from omnisim.language.steps import commits, sentences
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.mood import came_upset, takes_on
from omnisim.measures.requests import same_person
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line


def not_defensive(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.2 « L'attitude est adaptée à la situation de communication » ; CQP C.1.14
    « Comprendre l'état d'esprit du correspondant … (comportement défensif…) », « répondre à
    un reproche avec affirmation et sérénité »: to a customer upset on arrival or escalating,
    no reply that puts the fault on someone else, declares there is nothing to be done, or
    defends what they dispute (language/defensive.py). One such reply is the attitude the
    criterion names, not a slip of wording: each conversation with an upset customer is
    judged, all must be clean."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        if not came_upset(ctx, c):
            continue
        lang = ctx.lang_of(c)
        found = next(
            (
                ln
                for ln in c.candidate_lines
                if defensive(ln.text, lang) and not _remit_stated(ctx, c, ln)
            ),
            None,
        )
        items[c.id] = found is None
        if found is not None:
            phrase = defensive(found.text, lang)
            bad.append(ev_of(found, Text("note.defensive", contact=c.id, text=phrase)))
        else:
            last = c.candidate_lines[-1]
            good.append(ev_of(last, Text("note.not_defensive", contact=c.id)))
    return verdict("not_defensive", items, bad, good, None, Text("detail.no_upset_customer"))


def _remit_stated(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line`` states the desk's remit (« ce n'est pas de mon ressort ») and, in the same
    reply, gives the customer what the desk can: an answer point of the key, or a commitment
    to act (r22e: the juridique strong's « Décider de la saisie, ce n'est pas de mon ressort …
    Mais deux choses : … par écrit à l'étude », CQP C.1.10 « Se situer dans son périmètre
    d'intervention », C.1.14 « répondre à un reproche avec affirmation et sérénité »)."""
    lang = ctx.lang_of(c)
    if not remit_only(line.text, lang):
        return False
    contact = ctx.contact(c)
    points = contact.key.answer_points if contact else ()
    return commits(line.text, lang) or any(matches_any(line.text, p.accepts) for p in points)


# MC ACVD C1.2 reads the attitude over the session, « positive tout au long de l'entretien »:
# one sentence putting the cause on a third party, in a reply that apologises and takes the
# complaint on, is an aside its jury notes under C1.4, not the attitude (round 14,
# hand2_mc_acvd_cycles mixed: acquis); a second one in the session is a stance.
ASIDES_TOLERATED = 1


def defensive_stance(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.2 « L'attitude est adaptée à la situation de communication, elle est positive
    tout au long de l'entretien »: as :func:`not_defensive` (round 13: the customer blamed,
    helplessness declared, the dispute defended, a blame on another with nothing done for the
    customer), except one aside over the session — a single sentence that puts the cause on a
    named third party (:func:`blames_third_party`) in a conversation where the candidate
    apologises and makes a proposal (:func:`takes_on`; round 15: beside the remedy refused, the
    blame is the stance, not an aside). CQP C.1.14, which names the
    « comportement défensif », keeps not_defensive."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    asides = 0
    for c in ctx.conversations():
        if not came_upset(ctx, c):
            continue
        lang = ctx.lang_of(c)
        found = [
            (ln, s)
            for ln in c.candidate_lines
            for s in sentences(ln.text)
            if defensive(s, lang, minimising=True)
        ]
        if not found:
            items[c.id] = True
            if c.candidate_lines:
                last = c.candidate_lines[-1]
                good.append(ev_of(last, Text("note.not_defensive", contact=c.id)))
            continue
        line, sentence = found[0]
        aside = (
            len(found) == 1
            and blames_third_party(sentence, lang)
            and takes_on(ctx, c, proposal=True)
        )
        if aside and asides < ASIDES_TOLERATED:
            asides += 1
            items[c.id] = True
            good.append(ev_of(line, Text("note.defensive_aside", contact=c.id, text=sentence)))
            continue
        items[c.id] = False
        phrase = defensive(sentence, lang, minimising=True)
        bad.append(ev_of(line, Text("note.defensive", contact=c.id, text=phrase)))
    return verdict("defensive_stance", items, bad, good, None, Text("detail.no_upset_customer"))


def _passed(ctx: MeasureContext, c: ContactView, want: str) -> Evidence | None:
    """Where the complaint went to ``want``: transferred to them, or a message left for them."""
    if c.transferred is not None and c.transferred_to == want:
        note = Text("note.transferred", contact=c.id, to=want)
        return Evidence(c.transferred.seq, c.transferred.sim, note)
    message = next(
        (
            op
            for op in ctx.view.operations
            if op.kind == "message.taken"
            and getattr(op.payload, "contact_id", "") == c.id
            and same_person(ctx.deck, op.payload.for_whom, want)
        ),
        None,
    )
    if message is None:
        return None
    note = Text("note.complaint_message", contact=c.id, to=want)
    return Evidence(message.at.seq, message.at.sim, note)


def _promised(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The candidate's line that commits to a remedy or says what the customer waits for."""
    contact = ctx.contact(c)
    lang = ctx.lang_of(c)
    awaits = contact.awaits if contact else ()
    return next(
        (
            ln
            for ln in c.candidate_lines
            if commits(ln.text, lang) or (awaits and matches_any(ln.text, awaits))
        ),
        None,
    )


def _relay_due(ctx: MeasureContext, c: ContactView) -> str:
    """Whom the key gives this handled complaint (or upset customer) to, "" when no one."""
    contact = ctx.contact(c)
    if contact is None or not contact.key.transfer_to or contact.key.urgent:
        return ""
    if not (c.handled or c.candidate_lines):
        return ""
    if c.channel != "complaint" and not came_upset(ctx, c):
        return ""
    return contact.key.transfer_to


def kept_with_promise(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The promise by which the candidate kept a complaint the key gives to someone else, not
    passed to them (CQP C.1.14; CCS-RC C2 and C4, round 15), or None."""
    want = _relay_due(ctx, c)
    if not want or _passed(ctx, c, want) is not None:
        return None
    return _promised(ctx, c)


def complaint_passed_on(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.14 « Identifier un appel nécessitant la transmission au supérieur
    hiérarchique », « Respecter les consignes de l'entreprise pour la prise en charge d'une
    réclamation »; CCS-RC C4 « A qui passez-vous le relais dans ce cas ? »: a complaint, or an
    upset customer, whose key names who handles it (``key.transfer_to``) is not settled by the
    candidate's own promise (what the customer waits for, a remedy committed to:
    language/steps.py) instead of being passed to that person — transferred, or a message left
    for them. A transmission simply forgotten, with nothing promised, is the instruction not
    followed (C.1.3; the in-sample demo_disorganised golden grants C.1.14 to it). An urgency is
    C.1.7's; a key that names no one asks nothing."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        want = _relay_due(ctx, c)
        if not want:
            continue
        passed = _passed(ctx, c, want)
        promised = _promised(ctx, c)
        if passed is not None:
            good.append(passed)
        elif promised is not None:
            note = Text(
                "note.promised_not_passed", contact=c.id, want=want, text=promised.text[:80]
            )
            bad.append(ev_of(promised, note))
        else:
            continue  # forgotten, not settled otherwise: the instruction's (CQP C.1.3)
        items[c.id] = passed is not None
    return verdict(
        "complaint_passed_on", items, bad, good, None, Text("detail.no_transfer_required")
    )
