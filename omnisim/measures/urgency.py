"""Urgent contacts: qualified and sent where help is (CQP C.1.7 « détecter l'urgence »,
« qualifier le niveau d'urgence de la demande » ; CP FFP C4 « évalue le degré d'importance et
d'urgence de ses tâches »). The deck's key says which contacts are urgent (key.urgent) and to
whom they go (key.transfer_to); the questions an emergency calls for are the key's script.
"""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.callback import tells_to_call, tells_to_come
from omnisim.language.match import matches_any
from omnisim.language.questions import by_interrogative
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.messages import marked_urgent
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.script import MIN_COVERAGE, coverage
from omnisim.projection.workspace import ContactView, Line


def _urgent(ctx: MeasureContext) -> list[tuple[ContactView, Contact]]:
    """The urgent contacts (key.urgent) that came in, with their deck contact."""
    return [
        (c, contact)
        for c in ctx.view.contacts.values()
        if (contact := ctx.contact(c)) is not None and contact.key.urgent
    ]


def urgent_handled(ctx: MeasureContext) -> MeasureResult:
    """Urgent contacts (key.urgent) picked up, their urgency qualified and sent where the key
    says (CQP C.1.7 "détecter l'urgence … en interrogeant éventuellement son responsable",
    « Qualifier le niveau d'urgence de la demande »): where the key gives the call its script
    (the questions the instruction sets for an emergency), MIN_COVERAGE of them are asked."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact in _urgent(ctx):
        want = contact.key.transfer_to
        passed = not want or (c.transferred is not None and c.transferred_to == want)
        # Told to come now where help is (« venez tout de suite à la clinique »): detected and
        # sent on; the key's transfer left undone is C.1.4's (urgent_passed_on), not C.1.7's
        # (hand5_cqp_plateau_atlantique mixed, C.1.7 acquis).
        ok = c.handled and (passed or any(tells_to_come(ln.text) for ln in c.candidate_lines))
        script = ctx.scripts.get(contact.key.script) if contact.key.script else None
        share, missing = 1.0, list[str]()
        if script is not None and c.handled:
            share, _asked, _given, missing = coverage(ctx, script, c)
        items[c.id] = ok and share >= MIN_COVERAGE
        where = c.transferred or c.picked or c.offered
        key = "note.urgent_handled" if ok else "note.urgent_missed"
        (good if ok else bad).append(Evidence(where.seq, where.sim, Text(key, contact=c.id)))
        if share < MIN_COVERAGE:
            note = Text("note.steps_missing", contact=c.id, steps=", ".join(missing))
            bad.append(Evidence(c.offered.seq, c.offered.sim, note))
    return verdict("urgent_handled", items, bad, good, None, Text("detail.no_urgent_contact"))


def urgent_passed_on(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.4 « Prendre en compte les besoins et les demandes spécifiques : compréhension
    correcte du besoin, aucun oubli de consignes »: the sector's specific need on an urgent
    contact is the key's instruction for it, the contact passed to whom the key names
    (key.transfer_to). Taken as a message to call back, however well greeted, the need is
    misread and the instruction forgotten. How the urgency was qualified is C.1.7's
    (urgent_handled); without a person named, nothing to judge here."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact in _urgent(ctx):
        want = contact.key.transfer_to
        if not want:
            continue
        items[c.id] = c.handled and c.transferred is not None and c.transferred_to == want
        where = c.transferred or c.picked or c.offered
        key = "note.urgent_handled" if items[c.id] else "note.urgent_missed"
        (good if items[c.id] else bad).append(
            Evidence(where.seq, where.sim, Text(key, contact=c.id))
        )
    return verdict("urgent_passed_on", items, bad, good, None, Text("detail.no_urgent_contact"))


def urgent_oriented(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C4 « évalue le degré d'importance et d'urgence de ses tâches »: each urgent
    contact taken on and its caller sent where help is — passed to whom the key names, told
    the number to call now, or told to come now (language/callback.py). The call's diagnostic
    script is CQP C.1.7's qualification (urgent_handled), not asked here. Now, not after a
    hold: a caller in danger put on hold while the candidate looks up what to do was left
    alone with it (round 15's energy weak: non acquis); a hold to pass them to whom the key
    names is the transfer itself. An urgency the desk settles itself (no one to pass it to) is
    dealt with by doing it at once, once qualified (``settled_at_once``)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact in _urgent(ctx):
        want = contact.key.transfer_to
        passed = c.transferred is not None and (not want or c.transferred_to == want)
        told = (
            next(
                (
                    ln
                    for ln in c.candidate_lines
                    if (tells_to_call(ln.text) or tells_to_come(ln.text))
                    and not any(h.start.seq < ln.seq for h in c.holds)
                ),
                None,
            )
            if c.handled
            else None
        )
        if told is None and c.handled and not want:
            told = settled_at_once(ctx, c, contact)
        items[c.id] = c.handled and (passed or told is not None)
        if told is not None and not passed:
            good.append(ev_of(told, Text("note.quote", contact=c.id, text=told.text[:80])))
        elif items[c.id]:
            where = c.transferred or c.picked or c.offered
            good.append(Evidence(where.seq, where.sim, Text("note.urgent_handled", contact=c.id)))
        else:
            where = c.picked or c.offered
            bad.append(Evidence(where.seq, where.sim, Text("note.urgent_missed", contact=c.id)))
    return verdict("urgent_oriented", items, bad, good, None, Text("detail.no_urgent_contact"))


def settled_at_once(ctx: MeasureContext, c: ContactView, contact: Contact) -> Line | None:
    """The line where the desk settles an urgency itself (CP FFP C4 « évalue le degré
    d'importance et d'urgence »): what the caller waits to hear (``awaits``: the card stopped,
    the line cut) said before any hold, after a question the key requires (``must_ask``) asked
    in its words, the urgency evaluated before acting — blind, the card stopped may be
    another's (round 19's bank jury: « sans identité, il bloque la carte de l'homonyme », non
    acquis; done once the birth date was asked, acquis). The fact's own words, not the looser
    reading of a script step: asking for a card's secret code « pour vérifier » is no question
    the procedure asks."""
    if not contact.awaits:
        return None
    lang = ctx.lang_of(c)
    phrases = [
        p
        for f in contact.facts
        if f.id in contact.key.must_ask
        for p in (*f.ask, *by_interrogative(f.ask, lang))
    ]
    qualified = not contact.key.must_ask
    for ln in c.candidate_lines:
        if any(h.start.seq < ln.seq for h in c.holds):
            return None
        qualified = qualified or matches_any(ln.text, phrases)
        if qualified and matches_any(ln.text, contact.awaits):
            return ln
    return None


def urgent_message_flagged(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C2.2 « dans le respect des procédures de traitement spécifiques à l'entreprise »:
    an urgent contact (key.urgent) that the key passes on as a message, or a message the key
    asks marked urgent (``urgent: true``, a colleague's news that cannot wait), is left as an
    urgent one, flagged or said urgent in its text; an ordinary message is read in turn, and
    the urgency waits. Passed on by transfer or by no message, nothing to judge here
    (urgent_handled)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    taken = ctx.view.ops("message.taken")
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        messages = [x for x in contact.key.crm if x.action == "message"] if contact else []
        if contact is None or not any(contact.key.urgent or x.urgent for x in messages):
            continue
        left = [op for op in taken if op.payload.contact_id == c.id]
        if not left:
            continue
        lang = ctx.lang_of(c)
        marked = [op for op in left if marked_urgent(op, lang)]
        items[c.id] = bool(marked)
        op = (marked or left)[0]
        key = "note.urgent_message_marked" if marked else "note.urgent_message_plain"
        (good if marked else bad).append(Evidence(op.at.seq, op.at.sim, Text(key, contact=c.id)))
    return verdict(
        "urgent_message_flagged", items, bad, good, None, Text("detail.no_urgent_message")
    )
