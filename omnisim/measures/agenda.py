"""The principals' agendas: CQP C.1.11 « Mettre à jour un planning d'un donneur d'ordres »,
C.1.12 « Gérer la prise de rendez-vous » (« S'assurer de la disponibilité du donneur
d'ordres », « récapituler toutes les informations relatives au rendez-vous »).

Bookings and moves land in a free slot, outside the principal's announced absences and
hours (the reason a candidate gave to book over the desk's warning is shown to the jury);
each appointment a request moves or cancels is freed, and no one else's is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from omnisim.deck.availability import absence_at, unavailable
from omnisim.deck.model import Principal
from omnisim.i18n import Text, When
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words, word_list
from omnisim.language.match import normalise
from omnisim.language.questions import talk_word
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.exchange import known_words
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line, Operation

NO_APPOINTMENT = Text("detail.no_appointment")
CHANGES = ("agenda.cancelled", "agenda.moved")


def _at(op: Operation, note: Text) -> Evidence:
    return Evidence(op.at.seq, op.at.sim, note)


def booked_start(op: Operation) -> str:
    """Where a booking or a move puts an appointment."""
    return op.payload.to if op.kind == "agenda.moved" else op.payload.start


def _deck_appointment(principal: Principal | None, start: str) -> bool:
    return principal is not None and any(s.start == start and not s.free for s in principal.agenda)


def _slot_note(principal: Principal, start: str, ok: bool, override: str) -> Text:
    """Why a slot was (not) free: taken, the principal away, outside their hours."""
    params: dict[str, object] = {"principal": principal.id, "start": When(start)}
    why = unavailable(principal, start)
    if why == "absent":
        absence = absence_at(principal, start)
        params["why"] = absence.text if absence is not None else ""
    if why and override:
        return Text(f"note.slot_{why}_override", override=override, **params)
    if why:
        return Text(f"note.slot_{why}", **params)
    return Text("note.slot_free" if ok else "note.slot_taken", **params)


def appointment_in_free_slot(ctx: MeasureContext) -> MeasureResult:
    """Each booking or move lands in a free slot of the principal's agenda (one the deck lists
    free, or one of its appointments the candidate freed), nobody booked there already, the
    principal neither away nor outside their hours."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    taken: set[tuple[str, str]] = set()
    freed: set[tuple[str, str]] = set()
    for op in ctx.view.operations:
        p = op.payload
        if op.kind in CHANGES:
            key = (p.principal, p.start)
            (taken.discard if key in taken else freed.add)(key)
        if op.kind not in ("agenda.booked", "agenda.moved"):
            continue
        start = booked_start(op)
        key = (p.principal, start)
        principal = ctx.deck.principal(p.principal)
        if principal is None:
            continue
        slot = next((s for s in principal.agenda if s.start == start), None)
        listed_free = slot is not None and (slot.free or key in freed)
        ok = listed_free and key not in taken and not unavailable(principal, start)
        items[f"{p.principal}@{start}"] = ok
        taken.add(key)
        (good if ok else bad).append(_at(op, _slot_note(principal, start, ok, p.override)))
    return verdict("appointment_in_free_slot", items, bad, good, None, NO_APPOINTMENT)


def appointment_not_before_key(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.11 « Suivre parfaitement les instructions du donneur d'ordres »: where the key
    names the slot a contact's appointment goes in, the principal's rule set how soon (a
    contract's delay, « sur site à partir du surlendemain ouvré »); a booking for that contact
    put earlier than the key's slot books what the rule does not allow, however free the
    agenda. The key's slot, or a later one the customer prefers, follows it; a key without a
    slot asks nothing (round 17, an « exceptionnel » technician sent a day early)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for op in ctx.view.ops("agenda.booked") + ctx.view.ops("agenda.moved"):
        c = ctx.view.contacts.get(op.payload.contact_id)
        contact = ctx.contact(c) if c is not None else None
        if c is None or contact is None:
            continue
        keyed = [x.slot for x in contact.key.crm if x.action == "appointment" and x.slot]
        if not keyed:
            continue
        start, earliest = booked_start(op), min(keyed, key=_instant)
        ok = _instant(start) >= _instant(earliest)
        items[f"{c.id}@{start}"] = ok
        note = "note.booked_from_key" if ok else "note.booked_before_key"
        (good if ok else bad).append(
            _at(op, Text(note, contact=c.id, start=When(start), keyed=When(earliest)))
        )
    return verdict("appointment_not_before_key", items, bad, good, None, NO_APPOINTMENT)


def _instant(start: str) -> datetime:
    return datetime.fromisoformat(start)


def _slot_mentions(start: str) -> list[str]:
    """How a recap may name the time of slot "2026-03-12T14:30": "14h30", "14 h 30", "14:30"."""
    _, _, time = start.partition("T")
    hour, _, minute = time.partition(":")
    forms = []
    if hour:
        h = str(int(hour))
        forms += [f"{h}h{minute}", f"{h} h {minute}", f"{h}:{minute}", f"{hour}:{minute}"]
        if minute == "00":
            forms += [f"{h}h", f"{h} h"]
    return forms


def _about(ctx: MeasureContext, c: ContactView, op: Operation, line: Line) -> set[str]:
    """What an appointment is, besides its slot: the word naming it, the caller's request and
    record, the booking's reason, the principal and their staff (with whom), by name or by
    role (« un technicien passera », round 17)."""
    lang = ctx.lang_of(c)
    principal = ctx.deck.principal(op.payload.principal)
    staff = principal.staff if principal else ()
    who = [principal.name, *(s.name for s in staff), *(s.role for s in staff)] if principal else []
    words = known_words(ctx, c, line) | content_words(
        " ".join([getattr(op.payload, "reason", ""), *who]), lang
    )
    words |= content_words(" ".join(sorted(word_list(lang, "appointment_words"))), lang)
    words |= _to_bring(principal, lang)
    return {w for w in words if not talk_word(w, lang) and not any(ch.isdigit() for ch in w)}


_INSTRUCTION_SENTENCE = re.compile(r"(?<=[.;!?])\s+")


def _to_bring(principal: Principal | None, lang: str) -> set[str]:
    """What the principal's instructions ask the customer to bring (« Apporter le contrat, les
    bulletins de salaire »): a recap naming it says what the appointment needs, C.1.12's
    « précisions de toutes les informations nécessaires au bon déroulement du rendez-vous »
    (round 20: « Noté : mercredi 16, 14 h. Apportez contrat, bulletins, lettre. »)."""
    if principal is None:
        return set()
    bring = word_list(lang, "bring_words")
    return {
        w
        for i in principal.instructions
        for sentence in _INSTRUCTION_SENTENCE.split(i.text)
        if set(re.findall(r"\w+", fold(sentence))) & bring
        for w in content_words(sentence, lang)
        if fold(w) not in bring
    }


def _with_whom(text: str, lang: str) -> bool:
    """« avec Kevin », « avec Maître Brunet »: a word of ``with_words`` before a name or a title."""
    words = re.findall(r"[\w'-]+", text)
    withs, titles = word_list(lang, "with_words"), word_list(lang, "civilities")
    return any(
        fold(w) in withs and (after[:1].isupper() or fold(after) in titles)
        for w, after in zip(words, words[1:], strict=False)
    )


def _recaps(ctx: MeasureContext, c: ContactView, line: Line, op: Operation) -> bool:
    """The slot given back, its time and what the appointment is or with whom (« mercredi 20
    mai à 10 h, rappel de vaccin pour Praline », « mardi 26 mai à 15 h avec Maître Brunet »,
    « Rendez-vous à 10 h 30 » for the caller who asked for one: the in-sample demo goldens'
    « récapitulé »); « demain 10 h c'est bon » names a slot, not the appointment."""
    lang = ctx.lang_of(c)
    text = normalise(line.text)
    if not any(normalise(f) in text for f in _slot_mentions(booked_start(op))):
        return False
    when = word_list(lang, "when_words") | word_list(lang, "civilities") | _CLOSING_WORDS
    own = content_words(line.text, lang) - when
    return bool(own & _about(ctx, c, op, line)) or _with_whom(line.text, lang)


def _sends(c: ContactView, after: int) -> list[Line]:
    """The candidate's lines after ``after``, each one also read with the lines they write
    after it: « A la fin de chaque conversation, récapituler » is the close as a whole, and a
    written recap given in short sends (« Jeudi 10 décembre, 14 h. » then « Avec Maître
    X. », the house's chat norm asking a few words per send) is one recap, whatever the
    customer answers between sends (round 16)."""
    lines = [ln for ln in c.candidate_lines if ln.seq > after]
    out: list[Line] = []
    for i, first in enumerate(lines):
        out.append(first)
        if i + 1 < len(lines):
            out.append(replace(lines[-1], text=" ".join(ln.text for ln in lines[i:])))
    return out


def _thread_recap(ctx: MeasureContext, c: ContactView, op: Operation) -> Line | None:
    """In writing (an SMS, a chat, an e-mail) the thread stays on the customer's screen: the
    candidate's written proposal naming the appointment and its slot (« une autre séance
    demain mercredi à 11 h 30 ? »), then a confirmation giving the slot back after the booking,
    recap it (round 20). Spoken, the proposal is gone when the call ends (round 16)."""
    if c.channel == "phone":
        return None
    before = [ln for ln in c.candidate_lines if ln.seq < op.at.seq and ln.channel != "phone"]
    if not any(_recaps(ctx, c, ln, op) for ln in before):
        return None
    slot = [normalise(f) for f in _slot_mentions(booked_start(op))]
    return next(
        (
            ln
            for ln in c.candidate_lines
            if ln.seq > op.at.seq and any(f in normalise(ln.text) for f in slot)
        ),
        None,
    )


# « au revoir », « merci »: the words of leave-taking say nothing of the appointment.
_CLOSING_WORDS = frozenset({"revoir", "merci", "bonne", "journee", "soiree", "bye", "goodbye"})


def appointment_recap(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.12 « A la fin de chaque conversation, récapituler toutes les informations
    relatives au rendez-vous, valider et raccrocher avec courtoisie »: after each booking (or
    move), the candidate gives the slot back, its time and what the appointment
    is or with whom (:func:`_recaps`). « Ok, demain 10 h c'est bon. Au revoir. » names the
    slot and hangs up: nothing of the appointment recapped. The juries grant a recap checked
    by a number confirmed or the caller's own « oui » (hand_demo mixed, hand3 plateau), so no
    checking question is asked of it."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for op in ctx.view.ops("agenda.booked") + ctx.view.ops("agenda.moved"):
        p = op.payload
        c = ctx.view.contacts.get(p.contact_id)
        if c is None:
            continue
        start = booked_start(op)
        recap = next((ln for ln in _sends(c, op.at.seq) if _recaps(ctx, c, ln, op)), None)
        recap = recap or _thread_recap(ctx, c, op)
        items[f"{p.contact_id}@{start}"] = recap is not None
        if recap is not None:
            said = Text("note.appointment_recap", contact=p.contact_id)
            good.append(Evidence(recap.seq, recap.sim, said))
        else:
            bad.append(_at(op, Text("note.appointment_no_recap", contact=p.contact_id)))
    return verdict("appointment_recap", items, bad, good, None, NO_APPOINTMENT)


def _to_free(ctx: MeasureContext) -> dict[tuple[str, str], str]:
    """The deck's appointments a request handled moves or cancels: (principal, start) ->
    the contact asking."""
    wanted: dict[tuple[str, str], str] = {}
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not (c.handled or c.candidate_lines):
            continue
        for x in contact.key.crm:
            start = x.slot if x.action == "cancel" else x.frees
            if start:
                wanted[(contact.principal, start)] = c.id
    return wanted


def agenda_updated(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.11 « Mettre à jour des agendas »: each appointment a caller moves or cancels is
    freed in the principal's agenda (moved, or cancelled), and none of the deck's other
    appointments is (freeing someone else's slot loses their appointment)."""
    wanted = _to_free(ctx)
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    taken: set[tuple[str, str]] = set()
    done: set[tuple[str, str]] = set()
    for op in ctx.view.operations:
        p = op.payload
        if op.kind in ("agenda.booked", "agenda.moved"):
            taken.add((p.principal, booked_start(op)))
        if op.kind not in CHANGES:
            continue
        key = (p.principal, p.start)
        if key in taken:  # a booking of this attempt, moved or cancelled
            taken.discard(key)
            continue
        if not _deck_appointment(ctx.deck.principal(p.principal), p.start) or key in done:
            continue
        done.add(key)
        ok = key in wanted
        items[f"{p.principal}@{p.start}"] = ok
        to = When(p.to) if op.kind == "agenda.moved" else ""
        params = {"principal": p.principal, "start": When(p.start)}
        if ok:
            key_name = "note.agenda_moved" if to else "note.agenda_cancelled"
            good.append(
                _at(op, Text(key_name, to=to, **params) if to else Text(key_name, **params))
            )
        else:
            bad.append(_at(op, Text("note.agenda_freed_wrongly", **params)))
    for (principal, start), contact_id in wanted.items():
        if (principal, start) in done:
            continue
        items[f"{principal}@{start}"] = False
        c = ctx.view.contacts[contact_id]
        end = c.ended or c.offered
        note = Text("note.agenda_not_freed", contact=contact_id, start=When(start))
        bad.append(Evidence(end.seq, end.sim, note))
    return verdict("agenda_updated", items, bad, good, None, Text("detail.no_agenda_change"))
