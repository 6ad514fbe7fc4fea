"""Handling decisions: transfers, calls to place, priorities, confidentiality.

CQP C.1.14 "identifier un appel nécessitant un transfert au superviseur"; C.1.5–C.1.7
"détecter les appels prioritaires et urgents, respecter l'ordre des priorités";
C.4.4 "résister à la pression … informations confidentielles (CNIL)".
"""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.acts import refuses
from omnisim.language.disclosure import affirms_guess
from omnisim.language.lexicon import fold
from omnisim.language.markers import assents
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.crm import phone_digits
from omnisim.measures.entitled import leaks
from omnisim.measures.exchange import (
    LIVE,  # a person waits on these; the others can wait
    internal_contact,
)
from omnisim.measures.handed import handed_in_writing
from omnisim.measures.principal_scope import disclosed_names
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line, Moment


def transfer_required(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.10: the contact goes to whom the key names (``key.transfer_to``); a written one,
    with nobody to transfer, by a message or a follow-up addressed to them."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.transfer_to:
            continue
        want = contact.key.transfer_to
        items[c.id] = c.transferred_to
        if c.transferred is not None and c.transferred_to == want:
            done = Text("note.transferred", contact=c.id, to=want)
            good.append(Evidence(c.transferred.seq, c.transferred.sim, done))
        elif c.transferred is None and (handed := handed_in_writing(ctx, c, want)):
            items[c.id] = want
            good.append(handed)
        elif c.transferred is not None:
            bad.append(
                Evidence(
                    c.transferred.seq,
                    c.transferred.sim,
                    Text("note.transferred_wrong", contact=c.id, to=c.transferred_to, want=want),
                )
            )
        else:
            bad.append(
                Evidence(
                    c.offered.seq,
                    c.offered.sim,
                    Text("note.transfer_missing", contact=c.id, want=want),
                )
            )
    return verdict("transfer_required", items, bad, good, None, Text("detail.no_transfer_required"))


def outbound_placed(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C2.2 « les opérations … de lancement … des appels », C1.3 « ÉMETTRE UN APPEL »:
    a call the deck gives the candidate to place (``Contact.to_place``) is launched from the
    desk to that contact's customer — their line once the contact is open, or their number
    dialled before; taken as if it rang, it was not launched. A call to a colleague about it
    is a consultation, and another number is not the customer. Nothing to judge without one."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.to_place:
            continue
        record = ctx.deck.record_of(contact)
        phone = phone_digits(contact.customer.phone or (record.phone if record else ""))
        call = min(
            (
                x
                for x in ctx.view.calls.values()
                if x.contact_id == c.id
                and (x.kind == "customer" or (x.kind != "staff" and phone_digits(x.to) == phone))
            ),
            key=lambda x: x.placed.seq,
            default=None,
        )
        items[c.id] = call is not None
        if call is not None:
            note = Text("note.call_placed", contact=c.id, to=call.to)
            good.append(Evidence(call.placed.seq, call.placed.sim, note))
        else:
            note = Text("note.call_not_placed", contact=c.id)
            bad.append(Evidence(c.offered.seq, c.offered.sim, note))
    return verdict("outbound_placed", items, bad, good, None, Text("detail.no_call_to_place"))


def _rank(ctx: MeasureContext, contact_id: str) -> tuple[int, int]:
    contact = ctx.deck.contact(contact_id)
    if contact is None:
        return (1, 9)
    return (0 if contact.key.urgent else 1, contact.key.priority)


# Human timing (stated, and where it comes from):
# - NOTICE: a contact that has just appeared needs a moment to be seen and read; a choice
#   between items on a screen takes about a second (Hick, 1952, "On the rate of gain of
#   information"; Hyman, 1953), two seconds here. A less urgent contact picked up within
#   that time of the urgent one's arrival was chosen before the urgent one could be seen.
# - FOLLOW: CQP C.1.2 gives a ringing line « moins de 15 secondes » to be answered: an urgent
#   contact itself answered within that time of its arrival, just after the other one, was not
#   left waiting for it; one left ringing longer was, however close the two pickups.
NOTICE_SECONDS = 2.0
FOLLOW_SECONDS = 15.0


def _work_on(ctx: MeasureContext, c: ContactView) -> list[Moment]:
    """When the candidate wrote or did something about ``c`` (lines, messages, CRM, agenda)."""
    moments = [Moment(line.seq, line.sim) for line in c.candidate_lines]
    moments += [
        op.at for op in ctx.view.operations if getattr(op.payload, "contact_id", "") == c.id
    ]
    return sorted(moments, key=lambda m: m.seq)


def _caller_waiting(ctx: MeasureContext, a: ContactView, at: Moment) -> bool:
    """At ``at``, the customer of the picked-up ``a`` had spoken last, long enough before
    (NOTICE_SECONDS) for the candidate to have heard them and chosen other work over answering."""
    last = max((ln for ln in a.lines if ln.seq < at.seq), key=lambda ln: ln.seq, default=None)
    return (
        last is not None
        and last.actor != "candidate"
        and ctx.active_seconds(at.sim - last.sim) > NOTICE_SECONDS
    )


def _busy_while_urgent(ctx: MeasureContext) -> dict[tuple[str, str], Moment | None]:
    """Deferrable work in hand when an urgent live contact arrived: for each (urgent, other)
    pair where a less urgent e-mail, SMS or message was open and worked on after the urgent one
    arrived, the first thing done on it once the urgent one could be seen (NOTICE_SECONDS) and
    while the urgent one waited, or None when it waited for the urgent one (CQP C.1.2
    « hiérarchisation de l'ordre de traitement en fonction du type d'appel et la priorité »).
    An urgent caller waits while the line rings, and once picked up, whenever they have spoken
    and the candidate has not answered (``_caller_waiting``): answering the e-mail then, before
    going back to the caller, is the e-mail done first."""
    end = ctx.view.last.sim
    found: dict[tuple[str, str], Moment | None] = {}
    urgent = [
        c
        for c in ctx.view.contacts.values()
        if c.channel in LIVE and (contact := ctx.contact(c)) is not None and contact.key.urgent
    ]
    for a in urgent:
        dealt = a.ended
        until = dealt.sim if dealt else end
        for b in ctx.view.contacts.values():
            if b.channel in LIVE or b.picked is None or b.picked.sim > until:
                continue
            if _rank(ctx, b.id) <= _rank(ctx, a.id):
                continue
            after = [m for m in _work_on(ctx, b) if m.sim >= a.offered.sim]
            if not after:
                continue
            found[(a.id, b.id)] = next(
                (
                    m
                    for m in after
                    if m.sim < until
                    and ctx.active_seconds(m.sim - a.offered.sim) > NOTICE_SECONDS
                    and (a.picked is None or m.sim < a.picked.sim or _caller_waiting(ctx, a, m))
                ),
                None,
            )
    return found


def _urgent_during_call(ctx: MeasureContext) -> dict[tuple[str, str], Moment | None]:
    """An urgent live contact ringing while a less urgent live one is in hand (round 18: the
    chest-pain call during a booking): for each pair, None when the urgent one was taken first
    (picked before the other ended: the other held), or the first work done on the other more
    than FOLLOW_SECONDS after the ring while the urgent one still rang: the routine call gone
    on with (CQP C.1.6 « Appliquer l'ordre de traitement selon les priorités », C.1.2 « en
    surveillant le nouvel appel entrant »). A goodbye said at once, or the wrap-up done within
    FOLLOW_SECONDS, then a slow pickup is no order broken: ``pickup_time`` judges the pickup
    (the hand-written demo's mixed candidate, whose jury grants C.1.6). The coverage's
    occasion reads the same pair (scenario/occasions.py)."""
    found: dict[tuple[str, str], Moment | None] = {}
    for a in ctx.view.contacts.values():
        contact = ctx.contact(a)
        if a.channel not in LIVE or contact is None or not contact.key.urgent:
            continue
        for b in ctx.view.contacts.values():
            end = b.ended
            if b.channel not in LIVE or b.picked is None or b.picked.sim >= a.offered.sim:
                continue
            if (end is not None and end.sim <= a.offered.sim) or _rank(ctx, b.id) <= _rank(
                ctx, a.id
            ):
                continue
            if a.picked and (end is None or a.picked.sim < end.sim):
                found[(a.id, b.id)] = None
                continue
            until = a.picked.sim if a.picked else ctx.view.last.sim
            went_on = [
                m
                for m in _work_on(ctx, b)
                if m.sim < until and ctx.active_seconds(m.sim - a.offered.sim) > FOLLOW_SECONDS
            ]
            if went_on:
                found[(a.id, b.id)] = went_on[0]
    return found


def priority_order(ctx: MeasureContext) -> MeasureResult:
    """When two contacts waited at once, the more urgent one was taken first (CQP C.1.2
    « hiérarchisation de l'ordre de traitement … et la priorité »), to human timing: not
    faulted when the urgent one arrived as the other was being picked up (NOTICE_SECONDS), or
    was itself answered within the text's answering time of its arrival (FOLLOW_SECONDS), in
    active seconds. Going on writing a less urgent e-mail, SMS or message while an urgent call
    or chat waits is the same choice made from an open contact (``_busy_while_urgent``), and is
    not excused by a quick pickup after it: the fault is what was done first. So is finishing
    a routine call while an urgent one rings (``_urgent_during_call``).

    A sweep over waiting windows (arrival to pickup) compares only contacts that
    actually waited together: linear in contacts plus overlaps, not quadratic.
    """
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    end = ctx.view.last.sim
    windows = sorted(
        ((c.offered.sim, c.picked.sim if c.picked else end, c) for c in ctx.view.contacts.values()),
        key=lambda w: w[0],
    )
    for i, (start_i, end_i, first) in enumerate(windows):
        for start_j, end_j, second in windows[i + 1 :]:
            if start_j >= end_i:
                break
            if max(start_i, start_j) >= min(end_i, end_j):
                continue
            a, b = (
                (first, second) if _rank(ctx, first.id) < _rank(ctx, second.id) else (second, first)
            )
            if _rank(ctx, a.id) == _rank(ctx, b.id) or b.picked is None:
                continue
            in_order = a.picked is not None and a.picked.sim <= b.picked.sim
            unseen = ctx.active_seconds(b.picked.sim - a.offered.sim) <= NOTICE_SECONDS
            # How long the urgent one rang in all, not how soon after the other it came.
            waited = ctx.active_seconds((a.picked.sim if a.picked else end) - a.offered.sim)
            tolerated = not in_order and (
                unseen or (a.picked is not None and waited <= FOLLOW_SECONDS)
            )
            ok = in_order or tolerated
            items[f"{a.id}>{b.id}"] = ok
            if tolerated:
                note = Text(
                    "note.priority_tolerated",
                    first=a.id,
                    then=b.id,
                    seconds=waited,
                    limit=FOLLOW_SECONDS,
                )
            else:
                note = Text(
                    "note.priority_kept" if ok else "note.priority_broken", first=a.id, then=b.id
                )
            (good if ok else bad).append(Evidence(b.picked.seq, b.picked.sim, note))
    for (first_id, then_id), at in [
        *_busy_while_urgent(ctx).items(),
        *_urgent_during_call(ctx).items(),
    ]:
        key = f"{first_id}>{then_id}"
        if at is None:
            if key not in items:
                items[key] = True
                picked = ctx.view.contacts[first_id].picked
                if picked is not None:
                    note = Text("note.priority_kept", first=first_id, then=then_id)
                    good.append(Evidence(picked.seq, picked.sim, note))
        elif items.get(key) is not False:
            items[key] = False
            note = Text("note.priority_busy", first=first_id, then=then_id)
            bad.append(Evidence(at.seq, at.sim, note))
    return verdict(
        "priority_order", items, bad, good, FOLLOW_SECONDS, Text("detail.never_two_waiting")
    )


def _answers_to_traps(c: ContactView) -> list[tuple[Line, list[Line]]]:
    """Each pressing guess of a trap (the customer's line) with the candidate's lines after
    it, the next one first."""
    out = []
    for i, line in enumerate(c.lines):
        if line.actor == "customer" and line.reason.startswith("trap:"):
            after = [ln for ln in c.lines[i + 1 :] if ln.actor == "candidate"]
            if after:
                out.append((line, after))
    return out


def _confirmation(guess: Line, answers: list[Line], lang: str) -> Line | None:
    """The line that confirms the caller's guess: the next one agreeing to it (« Tout à fait »),
    or any later one affirming its detail (« pour la date oui c'est vendredi »)."""
    first = answers[0]
    if assents(first.text, lang) and not refuses(first.text, lang):
        return first
    return next((ln for ln in answers if affirms_guess(ln.text, guess.text, lang)), None)


def _promises(contact: Contact) -> list[str]:
    """The words the key forbids as promises (``forbidden`` of kind ``promise``)."""
    return [w for f in contact.key.forbidden if f.kind == "promise" for w in f.words]


def _within(phrase: str, words: str) -> bool:
    """``phrase`` is part of ``words``, spaces and case aside (« 11h30 » in « créneau 11 h 30 »)."""
    return fold(phrase).replace(" ", "") in fold(words).replace(" ", "")


def confidential_leak(ctx: MeasureContext) -> MeasureResult:
    """No protected fact (deck traps, principals' confidential fields) written to a customer,
    in the deck's words or in others (a date by its day, an amount however spaced, a matter
    named by its words together: « le dossier de vente de Mme Vidal »), nor confirmed by
    agreeing to the caller's pressing guess (« Tout à fait ») or by affirming its detail in a
    later line (« oui c'est vendredi »). A principal's facts are kept from its own callers
    (where a third party may ask for them): a day or a figure said to another principal's
    caller, about something else (« appelez le 15 »), gives nothing away (round 16). Nor does
    telling the principal's own people (an internal contact: the principal collecting their
    messages) who asked about the matter: that is C.4.4's « transmettre la demande à sa
    hiérarchie » (round 17). Nor does saying back what the caller told as theirs, outside a
    pressing line (round 18: ``told_back``). A protected word the key also forbids as a promise
    (« le créneau de 11 h 30 ») is a thing the push asks to be given, not a secret: out_of_remit
    judges whether it was promised (round 18). Nor does the caller's own file told once the
    key's checks were answered, or a protected hour on another day (round 20: entitled.py).
    On a desk working for several principals, another principal's customer named to one
    principal's people is a disclosure (C.4.4 « Respecter les exigences de la CNIL »:
    principal_scope.py)."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    any_trap = False
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        traps = [p for trap in contact.key.traps for p in trap.protected] if contact else []
        any_trap = any_trap or bool(traps)
        principal = ctx.deck.principal(contact.principal) if contact else None
        house = contact is not None and internal_contact(ctx.deck, contact)
        own = list(principal.confidential) if principal and not house else []
        protected = [p for p in traps + own if p.strip()]
        leaked = []
        lang = ctx.lang_of(c)
        promised = _promises(contact) if contact else []
        protected = [p for p in protected if not any(_within(p, w) for w in promised)]
        for line in c.candidate_lines:
            for phrase in protected:
                if leaks(ctx, c, contact, line, phrase, protected):
                    leaked.append(phrase)
                    bad.append(ev_of(line, Text("note.disclosed", contact=c.id, text=phrase)))
        for line, name in disclosed_names(ctx, c, contact) if house and contact else []:
            leaked.append(name)  # another principal's customer, told to this one (fmt21c)
            bad.append(ev_of(line, Text("note.disclosed", contact=c.id, text=name)))
        for guess, answers in _answers_to_traps(c):
            answer = _confirmation(guess, answers, lang)
            if answer is not None:
                leaked.append(guess.text)
                note = Text("note.confirmed_guess", contact=c.id, text=guess.text)
                bad.append(ev_of(answer, note))
        if traps or leaked:
            items[c.id] = leaked
            if traps and not leaked:
                # Where the pressure came, or (the trap never pushed) what the candidate said.
                pushed = [ln for ln in c.lines if ln.reason.startswith("trap:")]
                for line in (pushed or c.candidate_lines[-1:])[:1]:
                    good.append(ev_of(line, Text("note.pressure_resisted", contact=c.id)))
    return verdict(
        "confidential_leak", items, bad, good, [], Text("detail.no_confidentiality_trap")
    )
