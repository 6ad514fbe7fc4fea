"""Where each measure finds an occasion in a deck: one rule per measure of omnisim/measures.

A measure judges something only where the deck gives it an occasion: a message to take, a
trap to resist, a script to follow, a slot to book… Each rule reads the occasion from the
answer key and the contact (and the deck-wide pairs of omnisim/scenario/occasions.py), and
returns why the contact gives the measure something to judge (a tag), or None.
tests/fast/test_coverage.py checks that every measure has a rule, and that each contact a
measure cites as evidence is one its rule names.
"""

from __future__ import annotations

from collections.abc import Callable

from omnisim.deck.model import Contact
from omnisim.language.markers import asks_apology
from omnisim.language.sentiment import sentiment
from omnisim.language.urgency_marks import urgency_marked
from omnisim.measures.checking import live_to_reformulate, to_reformulate
from omnisim.measures.complaint_promise import COMPLAINT, no_promise_procedure
from omnisim.measures.conversation import chat_form_asked
from omnisim.measures.crm import trace_expected
from omnisim.measures.exchange import LIVE, REQUEST_ACTIONS, asks_request, internal_contact
from omnisim.measures.identity import identity_facts
from omnisim.measures.incidents import to_manager
from omnisim.measures.letters import values_of
from omnisim.measures.mood import CLEARLY_UPSET, DISPLEASED_WORDS
from omnisim.measures.norms import civility_norm, self_norm_channels
from omnisim.measures.owed import owed_nothing
from omnisim.measures.pertinence import answer_asked, written_channels
from omnisim.measures.principal_scope import owed_to
from omnisim.measures.records import namesake_to_avoid
from omnisim.measures.requests import FULFILS
from omnisim.measures.restitution import restitution_asked
from omnisim.measures.team import pressing, urgent_contact
from omnisim.measures.unanswered import WRITTEN
from omnisim.measures.writing import LETTERS, WRITTEN_MESSAGES
from omnisim.scenario.occasions import Occasions, expects


def _complaint_promise(o: Occasions, c: Contact) -> bool:
    """A complaint whose key forbids a promise its principal's procedure says not to make."""
    promised = any(f.kind == "promise" for f in c.key.forbidden)
    principal = o.scenario.deck.principal(c.principal)
    lang = o.scenario.deck.language
    return c.channel == COMPLAINT and promised and no_promise_procedure(principal, lang)


# Every measure must say where it finds an occasion (tests/fast/test_coverage.py checks it).
Rule = Callable[[Occasions, Contact], str | None]


def _tag(tag: str, when: Callable[[Occasions, Contact], bool]) -> Rule:
    return lambda o, c: tag if when(o, c) else None


def _forbids(c: Contact, *kinds: str) -> bool:
    """The key forbids something of these kinds on the contact (key.forbidden)."""
    return any(f.kind in kinds for f in c.key.forbidden)


def _customer(o: Occasions, c: Contact) -> bool:
    """A customer, not a colleague or the principal (omnisim/measures/exchange.py ``internal``)."""
    return not internal_contact(o.scenario.deck, c)


def _request(o: Occasions, c: Contact) -> bool:
    """A request that could be misunderstood (omnisim/measures/exchange.py ``request``)."""
    return asks_request(o.scenario.deck, c)


def _to_reformulate(o: Occasions, c: Contact) -> bool:
    """A request to restate (omnisim/measures/checking.py): not an SMS, not a reply on a
    letter template, not an urgency passed on nor a refused confidential request."""
    return to_reformulate(o.scenario.deck, c, c.channel)


def _live_to_reformulate(o: Occasions, c: Contact) -> bool:
    """The same with a caller on the line: the motive to validate, the solution to check."""
    return live_to_reformulate(o.scenario.deck, c, c.channel)


def _or_shown(rule: Callable[[Occasions, Contact], bool]) -> Callable[[Occasions, Contact], bool]:
    """``rule``, and the conversations owed nothing that count where the technique is shown
    (omnisim/measures/owed.py: an urgency handed at once to a colleague, a call placed for a
    template letter), as the urgency sent to the 15 already is."""
    return lambda o, c: rule(o, c) or owed_nothing(o.scenario.deck, c, c.channel)


def _anomaly(o: Occasions, c: Contact) -> str | None:
    """What the incident report must name (omnisim/measures/incidents.py ``anomalies``): the
    deck's declared anomalies, or for a deck declaring none, what its key implies."""
    if o.declares_anomalies:
        return "anomaly" if c.key.anomalies else None
    if c.key.urgent:
        return "urgent"
    if c.channel == "complaint":
        return "complaint"
    if c.key.transfer_to and to_manager(o.scenario.deck, c.key.transfer_to):
        return "transfer"
    return None


def _upset(o: Occasions, c: Contact) -> bool:
    """A customer who arrives upset or writes a complaint: their displeasure is there to read
    (omnisim/measures/mood.py ``came_upset``; a customer upset later by the candidate is no
    occasion a deck can count on)."""
    return _customer(o, c) and (c.customer.mood < 0 or c.channel == "complaint")


def _displeased(o: Occasions, c: Contact) -> bool:
    """A customer whose upset shows (omnisim/measures/mood.py ``shows_upset``): clearly upset by
    the deck's mood, or a little and saying so in their scripted words (round 18: a worried
    customer's plain question shows none). Words a deck can count on: not a fact's answer the
    key never has asked, said only to a candidate who asks it (round 20: « tant pis pour les
    20 € », the answer to a question the key leaves optional)."""
    if not _customer(o, c) or c.customer.mood >= 0:
        return False
    if c.customer.mood <= CLEARLY_UPSET:
        return True
    lang = c.customer.language or o.scenario.deck.language
    said = (c.opening, *(f.answer for f in c.facts if f.id in _asked(o, c)), *c.replies)
    return any(sentiment(t, lang, speaker="customer").score <= DISPLEASED_WORDS for t in said)


def _asked(o: Occasions, c: Contact) -> set[str]:
    """The facts the key has asked (expected, required, obtained by its script's steps)."""
    script = o.scenario.scripts.get(c.key.script) if c.key.script else None
    steps = {s.obtains for s in script.steps} if script is not None else set()
    return {*c.key.expected_facts, *c.key.must_ask, *steps}


def _apology_instructed(o: Occasions, c: Contact) -> bool:
    """An upset customer of a principal whose instructions say to apologise
    (omnisim/measures/mood.py ``instructed_apology``)."""
    principal = o.scenario.deck.principal(c.principal)
    lang = o.scenario.deck.language
    instructions = principal.instructions if principal else ()
    return _upset(o, c) and any(asks_apology(i.text, lang) for i in instructions)


def _urgency_to_class(o: Occasions, c: Contact) -> bool:
    """Messages to hand over, urgent ones and others: an order to keep; or a colleague who
    asks for the urgencies after urgent contacts came (omnisim/measures/team.py)."""
    both = o.urgent_messages and o.other_messages
    return (bool(both) and c.id in o.urgent_messages | o.other_messages) or _urgencies_asked(o, c)


def _urgencies_asked(o: Occasions, c: Contact) -> bool:
    deck = o.scenario.deck
    lang = c.customer.language or deck.language
    if not internal_contact(deck, c) or not urgency_marked(c.opening, lang):
        return False
    before = (x for x in deck.contacts if x.at < c.at and not internal_contact(deck, x))
    return any(urgent_contact(x) and owed_to(c, x) for x in before)


def _civility(o: Occasions, c: Contact) -> bool:
    """The candidate writes to a customer whose record says how to address them."""
    return _written(o, c) and bool(values_of(o.scenario.deck, c).get("civilite"))


def _written(o: Occasions, c: Contact) -> bool:
    """The candidate writes to this customer: a written channel, or a written reply asked."""
    asked = (*c.key.reply_channels, c.key.reply_channel_needed or "phone")
    return c.channel != "phone" or any(ch != "phone" for ch in asked)


def _instant(o: Occasions, c: Contact) -> bool:
    """The candidate writes to this customer on a chat or by SMS: the inbound channel, or the
    reply the key asks (a call booked, confirmed by SMS: round 21's transport deck)."""
    asked = (*c.key.reply_channels, c.key.reply_channel_needed)
    return c.channel in ("chat", "sms") or any(ch in ("chat", "sms") for ch in asked)


def _other_channel(o: Occasions, c: Contact) -> bool:
    """A reply on another channel than the inbound one is called for, and must be argued."""
    rule = o.scenario.rules.get(c.channel)
    natural = {c.channel, rule.reply_by} if rule and rule.reply_by else {c.channel}
    key = c.key
    return key.justification_required or bool(
        (key.reply_channel_needed and key.reply_channel_needed not in natural)
        or set(key.reply_channels) - natural
    )


def _sla(o: Occasions, c: Contact) -> bool:
    rule = o.scenario.rules.get(c.channel)
    return c.channel != "phone" and bool(
        c.key.sla_minutes or (rule.reply_deadline_minutes if rule else None)
    )


def _script(o: Occasions, c: Contact) -> bool:
    return bool(c.key.script) and c.key.script in o.scenario.scripts


def _ordered_script(o: Occasions, c: Contact) -> bool:
    script = o.scenario.scripts.get(c.key.script) if _script(o, c) else None
    return script is not None and getattr(script, "order_required", True) and len(script.steps) > 1


def _lookup(o: Occasions, c: Contact) -> bool:
    """A look-up while the customer waits: the caller's record (any call or chat), a slot or
    a field to update."""
    return expects(c, "update", "appointment") or c.channel not in ("email", "sms")


def _template(o: Occasions, c: Contact) -> bool:
    return any(t.id == c.key.template for t in o.scenario.deck.templates)


ALWAYS = _tag("talk", lambda o, c: True)
LIVE_ONLY = _tag("live", lambda o, c: c.channel in LIVE)
# A call that rings (pickup_time: « décroché », « réception … des appels »; a chat is no call).
RINGING = _tag("live", lambda o, c: c.channel == "phone" and not c.to_place)
APPOINTMENT = _tag("appointment", lambda o, c: expects(c, "appointment"))
MESSAGE = _tag("message", lambda o, c: expects(c, "message"))
URGENT = _tag("urgent", lambda o, c: c.key.urgent)
SCRIPT = _tag("script", _script)
TEMPLATE = _tag("template", _template)
ACTIONS = _tag("actions", lambda o, c: expects(c, *REQUEST_ACTIONS) or bool(c.key.transfer_to))
SIMULTANEOUS = _tag("simultaneous", lambda o, c: c.id in o.calls_together)

RULES: dict[str, Rule] = {
    "pickup_time": RINGING,
    "pickup_after_urgency": RINGING,
    "hold_lines": SIMULTANEOUS,
    "hold_duration": SIMULTANEOUS,
    "hold_announced": SIMULTANEOUS,
    "reply_time_sla": _tag("sla", _sla),
    "chat_words_per_send": _tag("chat", lambda o, c: c.channel == "chat"),
    "chat_words_instructed": _tag("chat", lambda o, c: chat_form_asked(o.scenario.deck, c)),
    "sms_language": _tag("written", _written),
    "letter_register": _tag("written", _instant),
    "chat_turns": _tag("chat", lambda o, c: c.channel == "chat"),
    "chat_asks": _tag("chat", lambda o, c: c.channel == "chat"),
    "agent_named": _tag("talk", lambda o, c: c.channel in LIVE and _customer(o, c)),
    "courtesy": ALWAYS,
    "greeting": ALWAYS,
    "presentation": _tag("talk", lambda o, c: c.channel != "sms" and _customer(o, c)),
    "principal_named": _tag(
        "principal",
        lambda o, c: c.channel != "sms" and bool(o.scenario.deck.principal(c.principal)),
    ),
    "closing": ALWAYS,
    "thanks_given": _tag("talk", _customer),
    "satisfaction_check": _tag("live", lambda o, c: c.channel in LIVE and _customer(o, c)),
    "keep_informed": _tag("lookup", _lookup),
    "summary": _tag("request", _request),
    "reformulation": _tag("request", _or_shown(_to_reformulate)),
    "motive_validated": _tag("request", _or_shown(_live_to_reformulate)),
    "validation_question": _tag("request", _or_shown(_live_to_reformulate)),
    "solution_validated": _tag("request", _live_to_reformulate),
    "reply_channel": ALWAYS,
    "channel_justification": _tag("channel", _other_channel),
    "script_coverage": SCRIPT,
    "script_order": _tag("script", _ordered_script),
    "mood_trajectory": ALWAYS,
    "calmed_customer": _tag("upset", lambda o, c: c.customer.mood < 0),
    "calmed_by_proposal": _tag("upset", lambda o, c: c.customer.mood < 0),
    "not_defensive": _tag("upset", _upset),
    "defensive_stance": _tag("upset", _upset),
    "complaint_passed_on": _tag(
        "transfer",
        lambda o, c: bool(c.key.transfer_to) and not c.key.urgent and _upset(o, c),
    ),
    "service_followed": _tag(
        "followup",
        lambda o, c: (
            _customer(o, c) and (bool(c.key.transfer_to) or expects(c, "message", "followup"))
        ),
    ),
    "satisfaction_assured": _tag("request", _customer),
    "transfer_required": _tag("transfer", lambda o, c: bool(c.key.transfer_to)),
    "outbound_placed": _tag("outbound", lambda o, c: c.to_place),
    "colleague_consulted": _tag("consult", lambda o, c: bool(c.key.consult)),
    "priority_order": _tag("priority", lambda o, c: c.id in o.ringing_together),
    "confidential_leak": _tag("trap", lambda o, c: bool(c.key.traps)),
    "crm_traced": _tag("trace", lambda o, c: trace_expected(o.scenario.deck, c)),
    "continuity_passed_on": _tag("trace", lambda o, c: trace_expected(o.scenario.deck, c)),
    "crm_followup": _tag("followup", lambda o, c: expects(c, "followup")),
    "crm_duplicates": _tag("create", lambda o, c: expects(c, "create")),
    "crm_spelling": _tag(
        "spelling",
        lambda o, c: any(x.action in ("create", "update") and x.fields for x in c.key.crm),
    ),
    "appointment_in_free_slot": APPOINTMENT,
    "appointment_recap": APPOINTMENT,
    "appointment_not_before_key": _tag(
        "appointment", lambda o, c: any(x.action == "appointment" and x.slot for x in c.key.crm)
    ),
    "agenda_updated": _tag(
        "agenda", lambda o, c: any(x.frees or x.action == "cancel" for x in c.key.crm)
    ),
    "incident_report": _anomaly,
    "anomalies_signalled": _anomaly,
    "handover_notes": MESSAGE,
    "handover_callbacks": MESSAGE,
    "handover_urgent_flagged": MESSAGE,
    "handover_retention": MESSAGE,
    "handover_points": _tag("handover", lambda o, c: bool(c.key.handover_points)),
    # A sale the key declares (key.sale, MC ACVD C1.6 « VENDRE »): each part it names.
    "sale_offer_fits": _tag("sale", lambda o, c: c.key.sale is not None),
    "sale_objection_answered": _tag(
        "sale", lambda o, c: bool(c.key.sale and c.key.sale.objections)
    ),
    "sale_addon_proposed": _tag("sale", lambda o, c: bool(c.key.sale and c.key.sale.addon)),
    "sale_operations": _tag(
        "sale", lambda o, c: bool(c.key.sale and any(x.action in FULFILS for x in c.key.crm))
    ),
    "sale_reassured": _tag("sale", lambda o, c: c.key.sale is not None),
    "handover_urgency": _tag("message", _urgency_to_class),
    "expected_actions": ACTIONS,
    "messages_taken": MESSAGE,
    "appointments_made": APPOINTMENT,
    "applications_used": _tag("actions", lambda o, c: expects(c, *REQUEST_ACTIONS)),
    "task_natures": ACTIONS,
    "facts_gathered": _tag("facts", lambda o, c: bool(c.key.expected_facts) and _customer(o, c)),
    "diagnostic_facts": _tag("script", lambda o, c: bool(c.key.script and c.key.expected_facts)),
    "urgent_handled": URGENT,
    "urgent_oriented": URGENT,
    "urgent_passed_on": URGENT,
    "urgent_message_flagged": _tag(
        "message",
        lambda o, c: any(x.action == "message" and (c.key.urgent or x.urgent) for x in c.key.crm),
    ),
    "letter_template": TEMPLATE,
    "letter_variables": TEMPLATE,
    "civility": _tag("civility", _civility),
    "self_introduced": _tag(
        "norm",
        lambda o, c: (
            c.channel in self_norm_channels(o.scenario.deck)
            and not internal_contact(o.scenario.deck, c)
        ),
    ),
    "salutation_civility": _tag(
        "norm", lambda o, c: c.channel in LETTERS and civility_norm(o.scenario.deck)
    ),
    "upset_acknowledged": _tag("upset", _upset),
    "instructed_apology": _tag("upset", _apology_instructed),
    "handover_reactions": _tag("upset", lambda o, c: _displeased(o, c) and not pressing(c)),
    "written_form": _tag("letter", lambda o, c: c.channel in LETTERS),
    "client_written_form": _tag(
        "letter", lambda o, c: c.channel in LETTERS and not internal_contact(o.scenario.deck, c)
    ),
    "email_answer": _tag("letter", lambda o, c: c.channel in LETTERS),
    "written_answer": _tag("written", lambda o, c: c.channel in WRITTEN_MESSAGES),
    # A call's answer is judged on what is said on it when its key names no written reply
    # (fmt18, round 18), and on its e-mail when the key asks one; a written reply the key only
    # allows is judged when it is sent.
    "answer_pertinent": _tag(
        "answer",
        lambda o, c: (
            answer_asked(o.scenario.deck, c)
            and (
                c.channel != "phone" or bool(c.key.reply_channel_needed) or not written_channels(c)
            )
        ),
    ),
    "restitution": _tag("answer", lambda o, c: restitution_asked(o.scenario.deck, c)),
    # Round 17: what the key forbids, the questions it imposes, the customer's file it names.
    "out_of_remit": _tag("forbidden", lambda o, c: _forbids(c, "promise", "advice")),
    "out_of_remit_written": _tag("forbidden", lambda o, c: _forbids(c, "promise", "advice")),
    # Round 20: what the desk must never ask for, what it must not do on this contact.
    "forbidden_request": _tag("forbidden_ask", lambda o, c: _forbids(c, "ask")),
    "forbidden_action": _tag("forbidden_action", lambda o, c: _forbids(c, "action")),
    "required_questions": _tag("required", lambda o, c: bool(c.key.must_ask)),
    "identity_checked": _tag(
        "required", lambda o, c: bool(identity_facts(c, o.scenario.deck.language))
    ),
    "crm_right_record": _tag("record", lambda o, c: namesake_to_avoid(o.scenario.deck, c)),
    # Round 20: a promise on a complaint the procedure says not to make; a written message to
    # answer.
    "complaint_promise": _tag("forbidden", _complaint_promise),
    # Round 22: a remedy the key forbids promising, to a customer who comes upset (CCS-RC C4).
    "complaint_within_remit": _tag(
        "forbidden", lambda o, c: _forbids(c, "promise") and _upset(o, c)
    ),
    "written_unanswered": _tag(
        "written", lambda o, c: c.channel in WRITTEN and bool(c.key.reply_channels)
    ),
}


def occasions(o: Occasions, contact: Contact, measure: str) -> str | None:
    """Why ``contact`` gives ``measure`` something to judge (a tag), or None."""
    rule = RULES.get(measure)
    return rule(o, contact) if rule is not None else None


__all__ = ["RULES", "Rule", "occasions"]
