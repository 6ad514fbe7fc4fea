"""A complaint handled by the principal's rules: CQP C.1.14 « Respecter les consignes de
l'entreprise pour la prise en charge d'une réclamation ».

The key says what the principal alone decides on a complaint (``forbidden`` items of kind
``promise``: a refund, a credit note, a waived fee). Where the principal's complaint procedure
itself says to promise nothing (« … seul à décider d'un geste ; ne rien promettre »), promising
it in the answer to the complaint breaks that procedure, even when the complaint is passed on
as well (round 20's jury: « nous allons vous rembourser les 48 € … au lieu de transmettre au
vétérinaire qui décide », non acquis). A procedure silent on promises leaves the promise to
C.1.10's remit (round 16's jury: « l'engagement hors périmètre est retenu en C.1.10 »). Read as
C.1.10 reads the remit (remit.py ``breaches``); a complaint whose key forbids nothing asks
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from omnisim.deck.model import Contact, Principal
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.mood import came_upset
from omnisim.measures.remit import breaches
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView

COMPLAINT = "complaint"  # the channel of a written complaint (deck contacts' ``channel``)
_SENTENCES = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")


def no_promise_procedure(principal: Principal | None, lang: str) -> bool:
    """The principal's complaint procedure says to promise nothing."""
    if principal is None:
        return False
    about = word_list(lang, "complaint_procedure_words")
    banned = word_list(lang, "no_promise_words")
    for instruction in principal.instructions:
        text = fold(instruction.text)
        if set(re.findall(r"\w+", text)) & about and any(b in text for b in banned):
            return True
    return False


def _no_promise_made(
    ctx: MeasureContext, name: str, judged: Callable[[ContactView, Contact], bool], nothing: Text
) -> MeasureResult:
    """Each contact ``judged`` whose key forbids a promise is answered without making it: the
    first sentence of the candidate's that makes one is the evidence."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not c.candidate_lines or not judged(c, contact):
            continue
        promises = [f for f in contact.key.forbidden if f.kind == "promise"]
        if not promises:
            continue
        lang = ctx.lang_of(c)
        found = next(
            (
                (line, sentence.strip(), item)
                for line in c.candidate_lines
                for sentence in _SENTENCES.findall(line.text)
                for item in promises
                if breaches(sentence, item, lang)
            ),
            None,
        )
        items[c.id] = found is None
        if found is None:
            good.append(ev_of(c.candidate_lines[-1], Text("note.within_remit", contact=c.id)))
        else:
            line, said, item = found
            note = Text("note.promise_out_of_remit", contact=c.id, said=said[:90], label=item.label)
            bad.append(ev_of(line, note))
    return verdict(name, items, bad, good, None, nothing)


def complaint_promise(ctx: MeasureContext) -> MeasureResult:
    """Each complaint whose key forbids a promise is answered without making it."""

    def judged(c: ContactView, contact: Contact) -> bool:
        principal = ctx.deck.principal(contact.principal)
        return contact.channel == COMPLAINT and no_promise_procedure(principal, ctx.lang_of(c))

    nothing = Text("detail.no_complaint_promise")
    return _no_promise_made(ctx, "complaint_promise", judged, nothing)


def complaint_within_remit(ctx: MeasureContext) -> MeasureResult:
    """CCS-RC C4 « Traiter les situations difficiles », seed 002 « Quels sont les incidents ou
    les réclamations que vous n'êtes pas habilité(e) à traiter ? A qui passez-vous le relais dans
    ce cas ? »: an upset customer (a written complaint, one come angry: mood.came_upset) whose
    key forbids promising a remedy someone else decides (``promise`` items) is not promised it;
    promising it settles what one is not entitled to settle, whatever is passed on afterwards
    (round 22: the wine merchant's and the pet shop's CCS-RC juries, « une décision qui ne lui
    appartient pas »). Unlike :func:`complaint_promise` (CQP C.1.14, round 20), no procedure of
    the principal need say so: the interview asks it of every difficult situation. A customer
    who is not upset, or a key that forbids no promise, gives nothing to judge."""

    def judged(c: ContactView, contact: Contact) -> bool:
        # no difficult situation otherwise: « une réclamation ou un incident »
        return came_upset(ctx, c) or contact.channel == COMPLAINT

    nothing = Text("detail.no_upset_promise")
    return _no_promise_made(ctx, "complaint_within_remit", judged, nothing)
