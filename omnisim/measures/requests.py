"""What the customer's request needed done, against the deck's answer key.

CP FFP "apporte des éléments de réponse factuels, précis et complets", "recherche
l'information en utilisant ses applicatifs", "laisse le client s'exprimer (écoute active)",
"identifie les différentes natures de tâches"; CQP C.1.3 "en respectant les instructions
permanentes et temporaires du donneur d'ordres", C.1.8 "prendre des messages", C.1.11
"mettre à jour des agendas", C.1.7 "détecter l'urgence". The key says what each contact
needed (a slot booked, a message taken, a follow-up, a record, a transfer); the log says
what was done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from omnisim.deck.key import CrmExpectation
from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.substance import carries
from omnisim.measures.asking import asks, reason_written
from omnisim.measures.branches import moot_asked
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import internal
from omnisim.measures.habit import habit
from omnisim.measures.handed import handed_in_writing, same_person
from omnisim.measures.messages import (
    never_heard,
    number_to_take,
    taken_for_another,
    transmission,
    urgency_left_out,
    without_number,
)
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.writing import WRITTEN_MESSAGES
from omnisim.projection.workspace import ContactView, Line, Operation

# The event that fulfils each kind of expected action; a move (agenda.moved) books the new
# slot and frees the old one: it fulfils an appointment and a cancellation alike.
FULFILS = {
    "appointment": "agenda.booked",
    "cancel": "agenda.cancelled",
    "message": "message.taken",
    "followup": "crm.followup_set",
    "create": "crm.record_created",
    "update": "crm.record_updated",
}
MOVED = "agenda.moved"
ACTION_OF = {event: action for action, event in FULFILS.items()} | {MOVED: "appointment"}
MIN_FACTS_SHARE = 0.66  # the customer said most (two in three) of what the key expects heard
MIN_NATURES_SHARE = 0.75  # kinds of task (appointment, message…) treated at least once


def _ops_for(ctx: MeasureContext, contact_id: str) -> list[Operation]:
    return [op for op in ctx.view.operations if getattr(op.payload, "contact_id", "") == contact_id]


def _done(deck: Deck, expected: CrmExpectation, ops: Iterable[Operation]) -> Operation | None:
    kind = FULFILS.get(expected.action)
    for op in ops:
        moved = op.kind == MOVED and expected.action in ("appointment", "cancel")
        if op.kind != kind and not moved:
            continue
        if expected.action == "cancel" and op.payload.start != expected.slot:
            continue  # another appointment than the one to cancel
        who = expected.fields.get("for_whom", "")
        if expected.action == "message" and who and not same_person(deck, op.payload.for_whom, who):
            continue  # a message left for the wrong person is not the one expected
        return op
    return None


def _reply_on(c: ContactView, channel: str) -> Line | None:
    """The candidate's reply on the channel the key says the request needs (a form to sign
    sent by e-mail): noting it in a follow-up is not sending it."""
    return next((ln for ln in c.candidate_lines if ln.channel == channel), None)


def _needs(
    ctx: MeasureContext, actions: tuple[str, ...], with_transfer: bool, with_reply: bool = False
) -> list[tuple[ContactView, Contact, list[str]]]:
    """Handled contacts whose key expects some of ``actions`` (or a transfer, or a reply on
    the channel it needs)."""
    out = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not (c.handled or c.candidate_lines):
            continue
        wanted: list[str] = [x.action for x in contact.key.crm if x.action in actions]
        if with_transfer and contact.key.transfer_to:
            wanted.append("transfer")
        if with_reply and contact.key.reply_channel_needed:
            wanted.append("reply")
        if wanted:
            out.append((c, contact, wanted))
    return out


def _actions_measure(
    ctx: MeasureContext,
    measure: str,
    actions: tuple[str, ...],
    with_transfer: bool,
    complete: bool = False,
) -> MeasureResult:
    """``complete``: a message must also carry the call-back number the caller could give."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact, _ in _needs(ctx, actions, with_transfer, with_transfer):
        ops = _ops_for(ctx, c.id)
        missing: list[str] = []
        judged = False
        for expected in contact.key.crm:
            if expected.action not in actions:
                continue
            op = _done(ctx.deck, expected, ops)
            if op is None and complete and transmission(contact, expected):
                continue  # C.4.4's « transmettre la demande à sa hiérarchie », not C.1.8's
            judged = True
            number = ""
            if op is not None and complete and expected.action == "message":
                number = number_to_take(ctx, c, contact) if without_number(op) else ""
            other = taken_for_another(ctx, contact, op) if op is not None and complete else ""
            unheard = (
                never_heard(ctx, c, contact, op)
                if op is not None and complete and expected.action == "message"
                else []
            )
            if op is None:
                missing.append(expected.action)
            elif other:
                missing.append("message_identity")
                note = Text("note.message_other_client", contact=c.id, name=other)
                bad.append(Evidence(op.at.seq, op.at.sim, note))
            elif number:
                missing.append("message_number")
                note = Text("note.message_without_number", contact=c.id, number=number)
                bad.append(Evidence(op.at.seq, op.at.sim, note))
            elif unheard:
                missing.append("message_content")
                note = Text("note.message_unheard", contact=c.id, facts=", ".join(unheard))
                bad.append(Evidence(op.at.seq, op.at.sim, note))
            elif complete and urgency_left_out(expected, op, ctx.lang_of(c)):
                missing.append("message_urgent")
                note = Text("note.message_not_marked_urgent", contact=c.id)
                bad.append(Evidence(op.at.seq, op.at.sim, note))
            else:
                note = Text(
                    "note.action_done", contact=c.id, action=Text(f"note.action.{expected.action}")
                )
                good.append(Evidence(op.at.seq, op.at.sim, note))
        if with_transfer and contact.key.transfer_to:
            judged = True
            want = contact.key.transfer_to
            if c.transferred is not None and c.transferred_to == want:
                note = Text("note.transferred", contact=c.id, to=c.transferred_to)
                good.append(Evidence(c.transferred.seq, c.transferred.sim, note))
            elif c.transferred is None and (handed := handed_in_writing(ctx, c, want)):
                good.append(handed)  # a written contact has nobody on the line to put through
            else:
                missing.append("transfer")
        if with_transfer and contact.key.reply_channel_needed:
            judged = True
            reply = _reply_on(c, contact.key.reply_channel_needed)
            if reply is None:
                missing.append("reply")
            else:
                note = Text("note.action_done", contact=c.id, action=Text("note.action.reply"))
                good.append(Evidence(reply.seq, reply.sim, note))
        if not judged:
            continue
        items[c.id] = missing
        if missing:
            names = tuple(Text(f"note.action.{m}") for m in missing)
            end = c.ended or c.offered
            bad.append(
                Evidence(
                    end.seq, end.sim, Text("note.actions_missing", contact=c.id, actions=names)
                )
            )
    return verdict(measure, items, bad, good, [], Text("detail.no_action_expected"))


def expected_actions(ctx: MeasureContext) -> MeasureResult:
    """Every action the customer's request needed: booked, message left, follow-up set,
    record written, transferred to the right person (a written contact handed to them in
    writing: handed.py), and the reply the key needs on another channel
    (``reply_channel_needed``) sent there."""
    return _actions_measure(ctx, "expected_actions", tuple(FULFILS), True)


def messages_taken(ctx: MeasureContext) -> MeasureResult:
    """Every expected message taken, for the right person, with the call-back number the
    caller could give (CQP C.1.8 « coordonnées correctes »; « numéro non communiqué » is
    complete when the caller had none), what the key's message carries heard from the
    caller (« Veiller à la qualité des messages pris », messages.never_heard), and marked
    urgent where the key asks it (« gestion des urgences »)."""
    return _actions_measure(ctx, "messages_taken", ("message",), False, complete=True)


def appointments_made(ctx: MeasureContext) -> MeasureResult:
    """Every expected appointment booked (CQP C.1.11, C.1.12)."""
    return _actions_measure(ctx, "appointments_made", ("appointment",), False)


# Look-ups are using the applications as much as what is written in them.
LOOKUPS = ("crm.searched", "knowledge.searched")


# A single request answered without a look-up, from three requests on, is a slip.
ONE_SLIP_FROM = 3


def applications_used(ctx: MeasureContext) -> MeasureResult:
    """CP FFP « recherche l'information en utilisant ses applicatifs »: the requests that
    needed the CRM or an agenda got a look-up (CRM, knowledge base) or an operation in them,
    as a habit over the shift (one slip in four is no lack of method, nor is a single slip
    from three requests on: the skill is shown where it mattered)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, _, _ in _needs(ctx, tuple(FULFILS), False):
        used = [op for op in _ops_for(ctx, c.id) if op.kind in ACTION_OF or op.kind in LOOKUPS]
        items[c.id] = bool(used)
        if used:
            op = used[0]
            action = ACTION_OF.get(op.kind, "search")
            note = Text("note.application_used", contact=c.id, action=Text(f"note.action.{action}"))
            good.append(Evidence(op.at.seq, op.at.sim, note))
        else:
            end = c.ended or c.offered
            bad.append(Evidence(end.seq, end.sim, Text("note.application_unused", contact=c.id)))
    result = habit("applications_used", items, bad, good, Text("detail.no_action_expected"))
    slips = sum(not used for used in items.values())
    if result.passed is False and len(items) >= ONE_SLIP_FROM and slips <= 1:
        return replace(result, passed=True)  # two of three: a thin use, still a use
    return result


def task_natures(ctx: MeasureContext) -> MeasureResult:
    """The kinds of task the session needed (appointments, messages, follow-ups, records,
    transfers): the candidate treated most kinds at least once, i.e. told them apart."""
    needed: dict[str, Evidence] = {}
    done: dict[str, Evidence] = {}
    for c, contact, wanted in _needs(ctx, tuple(FULFILS), True):
        ops = _ops_for(ctx, c.id)
        for kind in wanted:
            needed.setdefault(kind, Evidence(c.offered.seq, c.offered.sim))
            if kind == "transfer":
                ok = c.transferred is not None and c.transferred_to == contact.key.transfer_to
                at = c.transferred
            else:
                op = next((o for o in ops if ACTION_OF.get(o.kind) == kind), None)
                ok, at = op is not None, (op.at if op else None)
            if ok and at is not None and kind not in done:
                note = Text("note.task_treated", kind=Text(f"note.action.{kind}"), contact=c.id)
                done[kind] = Evidence(at.seq, at.sim, note)
    if not needed:
        nothing = Text("detail.no_action_expected")
        return MeasureResult("task_natures", {}, MIN_NATURES_SHARE, None, (), nothing)
    items = {kind: kind in done for kind in needed}
    missed = [
        Evidence(e.seq, e.sim_time, Text("note.task_untreated", kind=Text(f"note.action.{k}")))
        for k, e in needed.items()
        if k not in done
    ]
    share = sum(items.values()) / len(items)
    evidence = tuple(sorted([*done.values(), *missed], key=lambda e: e.seq))
    return MeasureResult(
        "task_natures", items, MIN_NATURES_SHARE, share >= MIN_NATURES_SHARE, evidence
    )


def heard_facts(ctx: MeasureContext, c: ContactView, contact: Contact) -> set[str]:
    """The key's expected facts the customer said (answering, volunteering, in a written
    message's reason) or the candidate asked for, in their own words too."""
    lang = ctx.lang_of(c)
    said = [ln for ln in c.lines if ln.actor != "candidate"]
    heard: set[str] = set()
    facts = {f.id: f for f in contact.facts}
    for fact_id in contact.key.expected_facts:
        fact = facts.get(fact_id)
        if any(ln.reason == f"fact:{fact_id}" for ln in said) or (
            fact is not None
            and (
                any(carries(ln.text, fact.answer, lang) for ln in said)
                or reason_written(c, fact, lang, contact.channel in WRITTEN_MESSAGES)
                or any(asks(ln, fact.ask, fact, lang, contact.facts) for ln in c.candidate_lines)
            )
        ):
            heard.add(fact_id)
    return heard


def facts_gathered(ctx: MeasureContext) -> MeasureResult:
    """The customer got to say what the key expects heard (CP FFP "laisse le client
    s'exprimer (écoute active)"): most expected facts were heard, read in the whole exchange
    (an answer, but also what the customer volunteered: the opening line, an e-mail's body, a
    chase; a written message's reason in its own words), or asked for by the candidate, in
    their own words too (« à quelle adresse ? » for « votre adresse »: a customer who stays
    silent is not the candidate's fault). A script step the customer's answer made moot, asked
    all the same, is a list followed, not an answer heard (branches.py). Internal contacts (a
    colleague, the principal) are no customer to listen to."""
    items: dict[str, float] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.expected_facts or not c.handled:
            continue
        if internal(ctx, c):
            continue
        lang = ctx.lang_of(c)
        heard = heard_facts(ctx, c, contact)
        wanted = contact.key.expected_facts
        share = round(sum(1 for f in wanted if f in heard) / len(wanted), 2)
        items[c.id] = share
        missing = ", ".join(f for f in wanted if f not in heard)
        first = c.candidate_lines[0] if c.candidate_lines else None
        where = Evidence(first.seq, first.sim) if first else Evidence(c.offered.seq, c.offered.sim)
        script = ctx.scripts.get(contact.key.script) if contact.key.script else None
        moot = moot_asked(c, contact, script, lang) if script is not None else None
        if moot is not None:
            bad.append(ev_of(moot[1], Text("note.step_moot", contact=c.id, step=moot[0])))
        if share >= MIN_FACTS_SHARE and moot is None:
            good.append(
                Evidence(
                    where.seq, where.sim_time, Text("note.facts_heard", contact=c.id, share=share)
                )
            )
        elif share < MIN_FACTS_SHARE:
            bad.append(
                Evidence(
                    where.seq,
                    where.sim_time,
                    Text("note.facts_missing", contact=c.id, facts=missing),
                )
            )
    return verdict(
        "facts_gathered", items, bad, good, MIN_FACTS_SHARE, Text("detail.no_expected_facts")
    )


def diagnostic_facts(ctx: MeasureContext) -> MeasureResult:
    """RNCP C9 « en récoltant et recherchant les informations nécessaires afin de résoudre un
    problème rencontré »: on a diagnostic case (the key gives a script), every fact the key
    expects is what solving needs (round 15's energy mixed: the real meter reading never asked,
    non acquis); facts_gathered's « most of them » is CP FFP's listening, not this."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.script or not contact.key.expected_facts:
            continue
        if not c.handled or internal(ctx, c):
            continue
        heard = heard_facts(ctx, c, contact)
        missing = [f for f in contact.key.expected_facts if f not in heard]
        items[c.id] = not missing
        first = c.candidate_lines[0] if c.candidate_lines else None
        where = Evidence(first.seq, first.sim) if first else Evidence(c.offered.seq, c.offered.sim)
        note = (
            Text("note.facts_missing", contact=c.id, facts=", ".join(missing))
            if missing
            else Text("note.facts_heard", contact=c.id, share=1.0)
        )
        (bad if missing else good).append(Evidence(where.seq, where.sim_time, note))
    return verdict("diagnostic_facts", items, bad, good, None, Text("detail.no_expected_facts"))
