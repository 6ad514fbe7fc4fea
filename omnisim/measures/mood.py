"""The customer's mood: CQP C.1.14 "détecter l'état d'esprit de l'appelant, calmer un
appelant mécontent"."""

from __future__ import annotations

import re

from omnisim.deck.model import Contact
from omnisim.i18n import Num, Text
from omnisim.language.defensive import blames_third_party, defensive
from omnisim.language.markers import content_words, markers
from omnisim.language.match import is_question, matches_any
from omnisim.language.proposals import declines
from omnisim.language.sentiment import sentiment
from omnisim.language.steps import defers_decision, hands_on_vaguely, sentences
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import (
    LIVE,
    WRITTEN_REPLY,
    internal,
    settled_at_once,
    states_next_step,
)
from omnisim.measures.habit import finds_marker, per_conversation
from omnisim.measures.pertinence import customer_words, gives, owed
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.writing import substance
from omnisim.projection.workspace import ContactView, Line

# Operations that act on the customer's request (not the candidate's own trace).
ACTS = (
    "crm.record_created",
    "crm.record_updated",
    "crm.followup_set",
    "agenda.booked",
    "agenda.cancelled",
    "message.taken",
)

DROP_TOLERATED = 0.1


def _mood(value: float) -> Num:
    """A mood from -1 to +1, always signed: "+0,35" / "+0.35"."""
    return Num(value, 2, "signed")


def mood_trajectory(ctx: MeasureContext) -> MeasureResult:
    """Each customer's mood from arrival to the end; failing when handled contacts end worse."""
    items: dict[str, list[float]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        start = contact.customer.mood if contact else 0.0
        trajectory = [start, *(mood for _, mood, _ in c.moods)]
        items[c.id] = trajectory
        if not c.moods:
            continue
        at = c.moods[-1][0]
        note = Text("note.mood", contact=c.id, start=_mood(start), end=_mood(trajectory[-1]))
        worse = trajectory[-1] < start - DROP_TOLERATED
        (bad if worse else good).append(Evidence(at.seq, at.sim, note))
    if not any(c.moods for c in ctx.view.contacts.values()):
        return MeasureResult(
            "mood_trajectory", items, None, None, (), Text("detail.no_mood_change")
        )
    return verdict("mood_trajectory", items, bad, good, -DROP_TOLERATED)


# What calms a customer is also what the candidate does, not only the words the customer's
# mood reacts to (a chat of 4-5-word sends carries few): acknowledging (an apology, empathy),
# giving an awaited fact or a next step, acting on the request (CQP C.1.14 "calmer un
# interlocuteur mécontent", "tranquilliser le correspondant … par son écoute et par son
# questionnement"). Two kinds of such acts, one of them concrete, count as calming; and
# whatever the customer says or feels, one concrete act is needed: MC ACVD C1.4 « Émettre une
# proposition », « La proposition permet de calmer le client » (round 12: apologies and a
# question answered by the customer's calm line are no proposal).
CONCRETE = ("answer", "awaited", "next_step", "action", "transfer")
# Sentences of formulas only (« Je comprends. », « Bonne journée, au revoir. ») answer nothing.
MANNERS = frozenset({"leave_taking", "thanks", "greeting", "empathy", "apology", "politeness"})
FORMULA_WORDS = 4
_SENTENCES = re.compile(r"[.!?\n]+")


def _substance(line: Line, lang: str) -> int:
    """The content words of ``line`` outside its sentences of formulas."""
    words: set[str] = set()
    for sentence in _SENTENCES.split(line.text):
        found = content_words(sentence, lang)
        if len(found) <= FORMULA_WORDS and MANNERS & set(markers(sentence, lang)):
            continue
        words |= found
    return len(words)


def _answers(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line`` states something of substance. A letter is read whole, as the customer reads it
    (round 18): what its sentences state, its formulas, signature and closing question
    (« Avez-vous d'autres questions ? ») aside; on a call or a chat a question answers nothing."""
    if c.channel not in LIVE:
        return len(substance(ctx, c, [line.text])) >= 2
    return not is_question(line.text) and _substance(line, ctx.lang_of(c)) >= 2


def acknowledge(ctx: MeasureContext, c: ContactView, line: Line, acts: dict[str, Evidence]) -> None:
    """An apology or empathy in ``line``: the acknowledging kind of calming act."""
    if {"apology", "empathy"} & set(ctx.markers(c, line)):
        note = Text("note.calming.acknowledgement", contact=c.id, text=line.text[:60])
        acts.setdefault("acknowledgement", ev_of(line, note))


def _calming_acts(ctx: MeasureContext, c: ContactView, strict: bool) -> dict[str, Evidence]:
    """The first of each kind of calming act the candidate made in this conversation; with
    ``strict`` (a proposal asked), a request passed on without what, when or who
    (:func:`hands_on_vaguely`) is no next step, and on a written contact the transfer or the
    CRM step that carries a referral deciding nothing (:func:`defers_decision`) is none either:
    the customer was told only that someone will decide (round 14); nor is a reply that
    refuses, redirects or guarantees (:func:`declines`, round 15), nor what goes with it there."""
    acts: dict[str, Evidence] = {}
    asked = False  # the customer's last line asked (a question, a pressing demand) unanswered
    lang = ctx.lang_of(c)
    contact = ctx.contact(c)
    awaits = contact.awaits if contact else ()
    # Round 15: a reply that sends the customer to a third party, refuses the remedy or
    # guarantees an outcome on one's word (language/proposals.py) proposes nothing, and on a
    # written contact neither does the trace or transfer beside it: the customer reads only it.
    declined = {
        ln.seq
        for ln in c.candidate_lines
        if strict and declines(ln.text, lang, awaits) and not _refusal_keyed(ctx, c, ln)
    }
    referred = (
        strict
        and c.channel not in LIVE
        and (bool(declined) or any(defers_decision(ln.text, lang) for ln in c.candidate_lines))
    )
    for line in c.lines:
        if line.actor != "candidate":
            asked = is_question(line.text) or line.reason.startswith("trap:")
            continue
        if line.seq in declined:
            asked = False
            acknowledge(ctx, c, line, acts)
            continue
        vague = strict and hands_on_vaguely(line.text, lang)  # answers nothing either
        if asked and not vague and _answers(ctx, c, line):
            note = Text("note.calming.answer", contact=c.id, text=line.text[:60])
            acts.setdefault("answer", ev_of(line, note))
        asked = False
        # « pas en mesure de vous confirmer un remplacement avant la décision de… » names the
        # awaited remedy only to withhold it.
        withheld = strict and defers_decision(line.text, lang)
        if awaits and matches_any(line.text, awaits) and not withheld:
            note = Text("note.calming.awaited", contact=c.id, text=line.text[:60])
            acts.setdefault("awaited", ev_of(line, note))
        acknowledge(ctx, c, line, acts)
        if states_next_step(ctx, c, line) and not vague:
            acts.setdefault(
                "next_step",
                ev_of(line, Text("note.calming.next_step", contact=c.id, text=line.text[:60])),
            )
    if referred:
        return acts
    for op in ctx.view.operations:
        if op.kind in ACTS and getattr(op.payload, "contact_id", "") == c.id:
            acts.setdefault(
                "action", Evidence(op.at.seq, op.at.sim, Text("note.calming.action", contact=c.id))
            )
    if c.transferred is not None:
        acts.setdefault(
            "transfer",
            Evidence(
                c.transferred.seq,
                c.transferred.sim,
                Text("note.transferred", contact=c.id, to=c.transferred_to),
            ),
        )
    return acts


def _refusal_keyed(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line`` refuses as the key's own answer does and gives the other way it offers (round
    19): every point of ``key.answer_points`` (two or more) given, one of them only in a
    sentence that declines nothing (« un défaut reste couvert par la garantie : notre SAV le
    prend en charge sans frais »). The rules refused the remedy, not the candidate; what the key
    gives beside the refusal is the proposal (MC ACVD C1.4 « Émettre une proposition »)."""
    contact = ctx.contact(c)
    points = owed(contact, c) if contact else ()
    if contact is None or len(points) < 2:
        return False
    lang, asked = ctx.lang_of(c), customer_words(contact, c)
    if not all(gives(line.text, p, lang, asked) for p in points):
        return False
    sentences = [s for s in _SENTENCES.split(line.text) if s.strip()]
    plain = "\n".join(s for s in sentences if not declines(s, lang))
    refusing = "\n".join(s for s in sentences if declines(s, lang))
    return any(gives(plain, p, lang, asked) and not gives(refusing, p, lang) for p in points)


def takes_on(ctx: MeasureContext, c: ContactView, proposal: bool = False) -> bool:
    """The candidate acknowledged the upset (an apology, empathy) and did something concrete
    about the request in this conversation (a next step, a transfer, an action, an answer);
    with ``proposal``, something MC ACVD C1.4 reads as a proposal (a refusal is none)."""
    acts = _calming_acts(ctx, c, strict=proposal)
    return "acknowledgement" in acts and any(k in acts for k in CONCRETE)


def presses_for_another(contact: Contact) -> bool:
    """A third party pressing for confidential information with nothing else asked for them
    (exchange.settled_at_once's); a customer's own request carrying a trap (a promise the
    conditions forbid, their own card number) is not one."""
    key = contact.key
    return bool(key.traps) and not (key.urgent and key.transfer_to) and settled_at_once(contact)


def _promise(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The candidate's reply that guarantees the outcome on their own word (« je vous le
    promets », « faites-moi confiance »): MC ACVD C1.4 « Les éléments énoncés sont objectifs,
    concrets »; the calm that follows rests on it, whatever true date was said beside it
    (round 17: round 15 read only that reply as proposing nothing)."""
    lang = ctx.lang_of(c)
    return next((ln for ln in c.candidate_lines if declines(ln.text, lang) == "guarantee"), None)


def _defended(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The reply that answers the upset customer defensively, the fault or the burden of proof
    put on them (« faut pas s'étonner… », « il faudra donc bien prouver… »): MC ACVD C1.4
    « Adopter une attitude d'ouverture, de disponibilité, d'écoute », « L'écoute est active,
    l'empathie est réelle »; the calm that follows is not the proposal's (round 21, the
    garden-centre mixed). A cause put on a named third party is round 15's aside, not this."""
    lang = ctx.lang_of(c)
    for ln in c.candidate_lines:
        for s in sentences(ln.text):
            if defensive(s, lang) and not blames_third_party(s, lang):
                return ln
    return None


def _calmed(ctx: MeasureContext, measure: str, proposal_needed: bool) -> MeasureResult:
    """Upset customers (angry at arrival, or made so) end without a formal complaint and
    calmed: by their own word, by their mood, or by two kinds of calming acts, one concrete;
    with ``proposal_needed``, in each case once a proposal was made (a concrete act)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        start = contact.customer.mood if contact else 0.0
        moods = [m for _, m, _ in c.moods]
        upset = start < 0 or bool(c.escalations) or _made_upset(moods, proposal_needed)
        upset = upset and not (proposal_needed and internal(ctx, c))
        worried = _worried_writer(ctx, c)
        if not proposal_needed and worried:
            continue  # nothing to calm (round 17; MC ACVD C1.4 reads « signes d'impatience …
            # d'insatisfaction », a worry among them: its juries ask it)
        # MC ACVD C1.4 (round 17): a third party pressing for another's protected data is refused
        # by the rules; no grievance of his own for a proposal to settle (the literie jury reads
        # the calming on customers upset about their own order, not on a son refused his
        # mother's), as team.py's ``pressing`` for the reactions to report.
        if not upset or (proposal_needed and contact is not None and presses_for_another(contact)):
            continue
        calmed = next((ln for ln in c.lines if ln.reason == "calmed"), None)
        complaint = next((at for at, level in c.escalations if level == "complaint"), None)
        final = c.moods[-1][1] if c.moods else start
        threshold = contact.reactions.calmed_above if contact else 0.2
        acts = _calming_acts(ctx, c, strict=proposal_needed)
        proposal = next((acts[k] for k in CONCRETE if k in acts), None)
        # A worried writer shows no displeasure to acknowledge: the proposal alone (round 18).
        by_acts = proposal is not None and (len(acts) >= 2 or worried)
        missing = proposal_needed and proposal is None
        promise = _promise(ctx, c) if proposal_needed else None
        defended = _defended(ctx, c) if proposal_needed and promise is None else None
        # « La proposition permet de calmer le client » (round 17): a customer on the line to
        # the end, whose mood the simulation reads, is heard calming or not; what was done
        # stands for it only on a written contact or a call passed on, where the candidate
        # hears no answer (or where no mood was read).
        heard = proposal_needed and c.channel in LIVE and c.transferred is None and bool(c.moods)
        ok = (
            complaint is None
            and not missing
            and promise is None
            and defended is None
            and (calmed is not None or final >= threshold or (by_acts and not heard))
        )
        items[c.id] = ok
        if complaint is not None:
            bad.append(Evidence(complaint.seq, complaint.sim, Text("note.complaint", contact=c.id)))
        elif promise is not None:
            note = Text("note.calm_on_promise", contact=c.id, text=promise.text[:60])
            bad.append(ev_of(promise, note))
        elif defended is not None:
            note = Text("note.calm_after_defensive", contact=c.id, text=defended.text[:60])
            bad.append(ev_of(defended, note))
        elif missing:
            where = c.moods[-1][0] if c.moods else c.offered
            bad.append(Evidence(where.seq, where.sim, Text("note.no_proposal", contact=c.id)))
            good.extend(acts.values())  # what was done, none of it a proposal
        elif calmed is not None:
            good.append(
                Evidence(calmed.seq, calmed.sim, Text("note.quote", contact=c.id, text=calmed.text))
            )
            if proposal is not None:
                good.append(proposal)
        elif by_acts and ok:
            good.extend(acts.values())
        else:
            where = c.moods[-1][0] if c.moods else c.offered
            note = Text("note.final_mood", contact=c.id, mood=_mood(final))
            (good if ok else bad).append(Evidence(where.seq, where.sim, note))
            if not ok:
                good.extend(acts.values())  # what was proposed, the customer not calmed by it
    return verdict(measure, items, bad, good, None, Text("detail.no_upset_customer"))


def _made_upset(moods: list[float], proposal_needed: bool) -> bool:
    """Come at ease, made upset. MC ACVD C1.4 « relever les signes d'impatience, d'énervement,
    d'insatisfaction », « calmer le client »: signs one can read (down to CLEARLY_UPSET) or left
    below neutral; not a dip the customer came back from (round 22, the furniture retailer's
    sale: -0.09 at a price, then 0.88). A colleague is no client (:func:`came_upset`)."""
    if not proposal_needed:
        return any(m < 0 for m in moods)
    return any(m <= CLEARLY_UPSET for m in moods) or bool(moods) and moods[-1] < 0


def calmed_customer(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.14 « Calmer un interlocuteur mécontent », « tranquilliser le correspondant … par
    son écoute et par son questionnement »; CCS-RC « Traiter les situations difficiles »: the
    upset customer ends calmed, by their word, their mood, or what the candidate did (the
    in-sample demo golden grants apologies and empathy that « ne heurte jamais »)."""
    return _calmed(ctx, "calmed_customer", proposal_needed=False)


def calmed_by_proposal(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.4 « Émettre une proposition », « La proposition permet de calmer le client »:
    as calmed_customer, and a proposal made to each upset customer (what they wait for, a next
    step, an action on the request, a transfer, an answer to what they asked or pressed for);
    apologies and a question are none, whatever the customer then says (round 12)."""
    return _calmed(ctx, "calmed_by_proposal", proposal_needed=True)


def _worried_writer(ctx: MeasureContext, c: ContactView) -> bool:
    """RNCP C10 « gérer les mécontentements », CQP C.1.14 « Calmer un interlocuteur
    mécontent »: a customer a little worried (a lost bag: the deck's mood just below neutral)
    who writes in plain words, and is answered in writing, shows no displeasure to calm (round
    17). On a call or a chat the upset is read as it goes (a third party pressing, CCS-RC C4:
    a difficult situation, the mutuelle deck's jury)."""
    if ctx.contact(c) is None or c.channel not in WRITTEN_REPLY:
        return False
    return not shows_upset(ctx, c) and all(m > CLEARLY_UPSET for _, m, _ in c.moods)


def came_upset(ctx: MeasureContext, c: ContactView) -> bool:
    """A customer whose displeasure the candidate could read: upset on arrival (the mood their
    opening carries) or demanding a manager, filing a complaint during the contact. A colleague
    (an internal contact) is no customer."""
    contact = ctx.contact(c)
    if contact is None or internal(ctx, c):
        return False
    return contact.customer.mood < 0 or bool(c.escalations)


# The deck's mood at or below which a customer is clearly upset, whatever their words say;
# above it (a customer a little worried by a fault), only their words show the upset: words
# that read clearly negative (anger, « inadmissible », « j'en ai assez »), not the plain report
# of a fault (« ne ferme plus », « arrivé ouvert » read between -0.3 and -0.55).
CLEARLY_UPSET = -0.3
DISPLEASED_WORDS = -0.6


def shows_upset(ctx: MeasureContext, c: ContactView) -> bool:
    """An upset the candidate can read (MC ACVD C1.4 « relever les signes d'impatience,
    d'énervement, d'insatisfaction »): a customer clearly upset, escalating, or slightly upset
    and saying so in words that read negative; a fault reported in plain words shows none."""
    if not came_upset(ctx, c):
        return False
    contact = ctx.contact(c)
    if c.escalations or contact is None or contact.customer.mood <= CLEARLY_UPSET:
        return True
    lang = ctx.lang_of(c)
    return any(
        sentiment(ln.text, lang, speaker="customer").score <= DISPLEASED_WORDS
        for ln in c.lines
        if ln.actor == "customer"
    )


def upset_acknowledged(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.2 « L'attitude est adaptée à la situation de communication » ; C1.4 « relever
    les signes d'impatience, d'énervement, d'insatisfaction », « l'empathie est réelle »: an
    upset customer hears their upset acknowledged (understanding, an apology; a frightened one
    reassurance, the matter taken in hand at once), not only the polite formulas every customer
    gets. Judged in each conversation with an upset customer."""
    return per_conversation(
        ctx,
        "upset_acknowledged",
        finds_marker(lambda c: c.candidate_lines, "empathy", "apology", "reassurance"),
        shows_upset,
        Text("detail.no_upset_customer"),
    )
