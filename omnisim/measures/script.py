"""Diagnostic script adherence: CP FFP "déroule le script de questionnement et l'adapte
en fonction des réponses"; CQP C.1.5 "techniques « entonnoir », questions binaires"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from omnisim.deck.key import Fact
from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.callback import tells_to_call
from omnisim.language.match import normalise
from omnisim.language.substance import carries
from omnisim.measures.asking import asks, identifies, only_confirms, told_from_file, volunteered
from omnisim.measures.branches import says
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import passed_on_at_once
from omnisim.measures.on_record import used_from_record, written_for
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

MIN_COVERAGE = 0.75  # a script adapted to the answers may skip a branch or two
# The funnel is a technique over the session, read as checking.py reads the others
# (ONE_SLIP_FROM): from three scripted conversations on, one asked out of turn is a slip.
ORDER_ONE_SLIP_FROM = 3


def _fact(ctx: MeasureContext, c: ContactView, step: Any) -> Fact | None:
    """The contact's fact the step obtains: by id, else (a script is written once for many
    decks, each naming its facts its own way: « telephone » / « tel ») the fact asked by one
    of the step's own phrases."""
    contact = ctx.contact(c)
    if contact is None:
        return None
    wanted = getattr(step, "obtains", "") or step.id
    found = next((f for f in contact.facts if f.id == wanted), None)
    if found is not None:
        return found
    mine = {normalise(p) for p in step.ask}
    return next((f for f in contact.facts if mine & {normalise(p) for p in f.ask}), None)


def _phrases(ctx: MeasureContext, c: ContactView, step: Any) -> tuple[str, ...]:
    """The step's words, and the deck's own words for the fact it obtains."""
    fact = _fact(ctx, c, step)
    own = tuple(step.ask) or (step.question,)
    return own + tuple(p for p in (fact.ask if fact else ()) if p not in own)


def _asks(ctx: MeasureContext, c: ContactView, step: Any, line: Line) -> bool:
    """The line asks the step, in the script's words or the candidate's own (asking.py)."""
    contact = ctx.contact(c)
    others = contact.facts if contact else ()
    return asks(line, _phrases(ctx, c, step), _fact(ctx, c, step), ctx.lang_of(c), others)


def _confirmed(ctx: MeasureContext, c: ContactView, step: Any, line: Line) -> bool:
    return only_confirms(line, _phrases(ctx, c, step), _fact(ctx, c, step), ctx.lang_of(c))


def _asked(ctx: MeasureContext, script: Any, c: ContactView) -> dict[str, Line]:
    """Each step of the script → the first candidate line that asked it."""
    found: dict[str, Line] = {}
    for step in script.steps:
        line = next((ln for ln in c.candidate_lines if _asks(ctx, c, step, ln)), None)
        if line is not None:
            found[step.id] = line
    return found


def _given(
    ctx: MeasureContext, steps: list[Any], c: ContactView, asked: dict[str, Line]
) -> list[str]:
    """Steps not asked because the customer gave their answer unasked, first or while
    answering something else (« l'adapte en fonction des réponses »; CQP C.1.5 « Exploiter les
    informations recueillies »), or their record gave it and the candidate used it: asking
    them would make the customer repeat."""
    lang = ctx.lang_of(c)
    written = written_for(ctx.view.operations, c.id)
    contact = ctx.contact(c)
    return [
        s.id
        for s in steps
        if s.id not in asked
        and (
            volunteered(
                c, _fact(ctx, c, s), lang, (*s.ask, getattr(s, "question", "")), anywhere=True
            )
            or _from_record(ctx, contact, _fact(ctx, c, s), written)
        )
    ]


def _from_record(
    ctx: MeasureContext, contact: Contact | None, fact: Fact | None, written: list[str]
) -> bool:
    """The step's answer is the number the customer's record holds, written by the candidate
    into the contact's message or trace (on_record.used_from_record, r22e): asking it would
    make the customer repeat what the desk has."""
    return fact is not None and used_from_record(ctx.deck, contact, fact.answer, written)


def _record_text(ctx: MeasureContext, c: ContactView) -> str:
    """The customer's file as the desk shows it: its notes and its history."""
    contact = ctx.contact(c)
    record = ctx.deck.record_of(contact) if contact is not None else None
    if record is None:
        return ""
    history = (f"{h.date} {h.summary} {h.ref}" for h in record.history)
    return " ".join((record.notes, *history))


def _told(
    ctx: MeasureContext, steps: list[Any], c: ContactView, asked: dict[str, Line]
) -> dict[str, Line]:
    """Steps not asked because the candidate told the customer the value from their file
    (asking.told_from_file): « Je vois l'os Strong XL de votre commande du 28 mai »."""
    record = _record_text(ctx, c)
    lang = ctx.lang_of(c)
    found: dict[str, Line] = {}
    for step in steps:
        if step.id in asked:
            continue
        fact = _fact(ctx, c, step)
        line = next(
            (ln for ln in c.candidate_lines if told_from_file(ln.text, fact, record, lang)), None
        )
        if line is not None:
            found[step.id] = line
    return found


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
        if identifies(_phrases(ctx, c, step), _fact(ctx, c, step), ctx.lang_of(c)):
            continue  # a reference or a name is asked when the file needs it, out of the funnel
        if _answered_unasked(ctx, c, step, asked[step.id]):
            continue  # the caller gave it first: its words said again echo, not ask (adapted)
        turn = next(
            (ln.seq for ln in c.candidate_lines if ln.seq >= last and _asks(ctx, c, step, ln)),
            None,
        )
        if turn is None:
            return False
        last = turn
    return True


def _answered_unasked(ctx: MeasureContext, c: ContactView, step: Any, line: Line) -> bool:
    """The caller gave the step's answer before ``line`` (CP FFP « l'adapte en fonction des
    réponses formulées par l'appelant »): the fact it obtains, or a word the deck's script
    branches on after it (« abonnement » → the identity check), in what they said. Round 17:
    « quand on a payé son abonnement », empathy for a caller who opened on his annual pass,
    asked nothing out of turn."""
    lang = ctx.lang_of(c)
    before = [ln for ln in c.lines if ln.actor != "candidate" and ln.seq < line.seq]
    fact = _fact(ctx, c, step)
    if fact is not None and any(carries(ln.text, fact.answer, lang) for ln in before):
        return True
    # A branch word (« abonnement ») counts in the caller's first words only: a bare « non »
    # later answers some other question.
    first = min((ln.seq for ln in c.candidate_lines), default=line.seq)
    contact = ctx.contact(c)
    facts = {f.id for f in contact.facts} if contact else set()
    words = [b.when for b in getattr(step, "branches", ()) if b.when not in facts]
    return any(says(ln.text, w) for ln in before if ln.seq < first for w in words)


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
        read_on = _read_past_urgency(ctx, script, c) if ok else None
        ok = ok and read_on is None
        items[c.id] = ok
        first = next(iter(asked.values()), None)
        seq, sim = (first.seq, first.sim) if first else (c.offered.seq, c.offered.sim)
        if read_on is not None:
            bad.append(ev_of(read_on, Text("note.steps_past_urgency", contact=c.id)))
            continue
        note = Text("note.steps_in_order" if ok else "note.steps_out_of_order", contact=c.id)
        (good if ok else bad).append(Evidence(seq, sim, note))
    result = verdict("script_order", items, bad, good, True, Text("detail.too_few_steps"))
    slips = sum(not ok for ok in items.values())
    if result.passed is False and len(items) >= ORDER_ONE_SLIP_FROM and slips <= 1:
        return replace(result, passed=True)
    return result


def _read_past_urgency(ctx: MeasureContext, script: Any, c: ContactView) -> Line | None:
    """On an urgent call the key passes on at once (:func:`passed_on_at_once`) and whose
    danger has the caller call the emergency services (:func:`sends_to_emergency`), once the
    caller has told what the key expects to qualify the urgency (key.expected_facts: the
    danger, the address), the urgency is acted on — what the caller waits to hear said
    (« appelez le 18 », « coupez le courant »), or the call passed on, then or earlier —
    before another step of the script is asked (CP FFP C3 « déroule le script de
    questionnement et l'adapte en fonction des réponses formulées par l'appelant »; round 21,
    the Lyon mixed asks « La porte est-elle claquée ou fermée à clé ? » after « une casserole
    de lait sur le feu »). The script's step asked instead, or None."""
    contact = ctx.contact(c)
    if contact is None or not passed_on_at_once(contact) or not contact.key.expected_facts:
        return None
    if not sends_to_emergency(contact):
        return None  # the weight, the quantity asked before passing on qualify (Dijon, round 21)
    lang = ctx.lang_of(c)
    theirs = [ln for ln in c.lines if ln.actor != "candidate"]
    told = -1
    for fact in contact.facts:
        if fact.id not in contact.key.expected_facts:
            continue
        heard = (
            ln.seq
            for ln in theirs
            if ln.reason == f"fact:{fact.id}" or carries(ln.text, fact.answer, lang)
        )
        at = next(heard, None)
        if at is None:
            return None  # not all told: the urgency is not qualified yet
        told = max(told, at)
    for line in c.candidate_lines:
        if c.transferred is not None and c.transferred.seq < line.seq:
            return None
        if tells_to_call(line.text) or any(says(line.text, w) for w in contact.awaits):
            return None  # acted on, before the last fact or with the step (« sortez … adresse ? »)
        if line.seq > told and any(_asks(ctx, c, step, line) for step in script.steps):
            return line
    return None


def coverage(
    ctx: MeasureContext, script: Any, c: ContactView
) -> tuple[float, dict[str, Line], list[str], list[str]]:
    """The share of ``script``'s steps covered in ``c`` (asked, or given by the customer
    unasked, or told them from their file), the steps asked or told with their lines, those
    given, and those missing. On an urgent
    contact the key passes on at once (:func:`_wanted`) only the steps it needs count."""
    asked = _asked(ctx, script, c)
    steps = _wanted(ctx, script, c)
    asked |= _told(ctx, steps, c, asked)  # told from the file, heard by the customer (r21i)
    given = _given(ctx, steps, c, asked)
    covered = [s for s in steps if s.id in asked or s.id in given]
    share = round(len(covered) / max(1, len(steps)), 2)
    missing = [s.id for s in steps if s.id not in asked and s.id not in given]
    return share, asked, given, missing


def sends_to_emergency(contact: Contact) -> bool:
    """The key has the caller told to call the emergency services now (an await or an answer
    point that tells to call a number: « appelez le 15 », « Appeler le 18 / 112 tout de suite
    (casserole sur le feu) »): a danger the desk cannot wait on."""
    labels = [*contact.awaits, *(p.label for p in contact.key.answer_points)]
    return any(map(tells_to_call, labels))


def _wanted(ctx: MeasureContext, script: Any, c: ContactView) -> list[Any]:
    """The steps the contact calls for. An urgent contact the key passes on at once
    (:func:`passed_on_at_once`) is qualified by the facts the key expects
    (key.expected_facts: CQP C.1.7 « Confirmer ou éliminer le doute sur l'urgence », « ne pas
    outrepasser les consignes »); the script's other steps (an address for the emergency
    service, the age, a number to call back) are for whoever takes over. An urgency the desk
    settles whose key names the procedure's questions (``must_ask``) calls for those and its
    expected facts (:func:`_procedure_steps`). Otherwise, or with no such step among the
    script's, the script's steps this contact's customer has an answer
    for: a step the deck gives them nothing to say to (one printer, no « postes » to count) is
    not called for here (round 17); a contact with no fact for any step keeps the whole
    script."""
    contact = ctx.contact(c)
    steps = list(script.steps)
    if contact is None:
        return steps
    if contact.key.urgent and contact.key.must_ask and not passed_on_at_once(contact):
        needed = _procedure_steps(ctx, steps, c, contact)
        if needed:
            return needed
    if not passed_on_at_once(contact):
        known = [s for s in steps if _fact(ctx, c, s) is not None]
        return known or steps
    expected = set(contact.key.expected_facts)
    needed = [s for s in steps if (f := _fact(ctx, c, s)) is not None and f.id in expected]
    return needed or steps


def _procedure_steps(
    ctx: MeasureContext, steps: list[Any], c: ContactView, contact: Contact
) -> list[Any]:
    """The steps an urgency the desk settles itself calls for, where its key names the questions
    the procedure imposes before acting (``must_ask``): those, and the facts it acts on
    (``expected_facts``). CCS-RC C3 « Aux règles en vigueur dans votre entreprise », CQP C.1.7
    « Détecter l'urgence », « ne pas outrepasser les consignes », CP FFP C3 « déroule le script
    de questionnement et l'adapte »: the procedure's questions asked, the urgency is acted on;
    the script's other steps (a further identity check, a reference for later) are not owed
    while it presses (round 22: the wine merchant's strong, the order number and the account's
    e-mail asked as its rules say, the postcode not, the parcel stopped before the carrier's
    collection). A required question left out still fails; no required question named, the
    whole script is the exchange."""
    owed = {*contact.key.must_ask, *contact.key.expected_facts}
    return [s for s in steps if (f := _fact(ctx, c, s)) is not None and f.id in owed]
