"""What a deck can assess: each criterion of a grid against the contacts that give evidence.

A measure judges something only where the deck gives it an occasion: a message to take, a
trap to resist, a script to follow, a slot to book, two calls ringing together… Each
measure's occasion is read here from the answer key and the contact (``RULES``, one per
measure of omnisim/measures), so a trainer knows before any exam which criteria the deck
lets a jury assess, and which it cannot: « Aucun contact ne permet d'évaluer CQP C.1.8 ».
tests/fast/test_coverage.py plays every bundled deck and checks that each contact a measure
cites as evidence is one these rules name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.deck.model import Contact, Deck
from omnisim.grading.grid import Criterion, Grid
from omnisim.i18n import Text
from omnisim.language.markers import asks_apology, urgency_marked
from omnisim.measures.conversation import chat_form_asked
from omnisim.measures.exchange import LIVE, REQUEST_ACTIONS, internal_contact
from omnisim.measures.letters import values_of
from omnisim.measures.reports import to_manager
from omnisim.measures.team import urgent_contact
from omnisim.measures.writing import LETTERS, WRITTEN_MESSAGES
from omnisim.scenario import Scenario

Status = Literal["covered", "partial", "extra", "none", "jury"]
# Every measure must say where it finds an occasion (tests/fast/test_coverage.py checks it).
Rule = Callable[["Occasions", Contact], str | None]


@dataclass(frozen=True)
class Occasions:
    """What the rules read beyond one contact: the scenario, the pairs of contacts that meet
    (two ringing within the pickup time, two calls on the line at once), the messages to take
    for urgent contacts and for others, and whether the deck declares its anomalies."""

    scenario: Scenario
    ringing_together: frozenset[str]
    calls_together: frozenset[str]
    urgent_messages: frozenset[str] = frozenset()
    other_messages: frozenset[str] = frozenset()
    declares_anomalies: bool = False

    @classmethod
    def of(cls, scenario: Scenario) -> Occasions:
        deck = scenario.deck
        scheduled = sorted((c for c in deck.contacts if not c.extra), key=lambda c: c.at)
        phone = scenario.rules.get("phone")
        pickup = (phone.pickup_seconds if phone else None) or 15.0
        window = pickup * deck.time_factor  # CQP C.1.2: picked up within 15 s (active)
        ringing: set[str] = set()
        for n, first in enumerate(scheduled):
            for second in scheduled[n + 1 :]:
                if second.at - first.at > window:
                    break
                if _rank(first) != _rank(second):
                    ringing |= {first.id, second.id}
        calls = [c for c in scheduled if c.channel == "phone"]
        together: set[str] = set()
        for n, first in enumerate(calls):
            for second in calls[n + 1 :]:
                if second.at >= first.at + first.expected_duration:
                    break
                together |= {first.id, second.id}
        takers = [c for c in scheduled if _expects(c, "message")]
        urgent = frozenset(c.id for c in takers if c.key.urgent or c.key.priority == 1)
        others = frozenset(c.id for c in takers) - urgent
        declared = any(c.key.anomalies for c in deck.contacts)
        return cls(scenario, frozenset(ringing), frozenset(together), urgent, others, declared)


def _rank(c: Contact) -> tuple[int, int]:
    """The order a contact should be taken in (omnisim/measures/handling.py ``priority_order``)."""
    return (0 if c.key.urgent else 1, c.key.priority)


def _expects(c: Contact, *actions: str) -> bool:
    return any(x.action in actions for x in c.key.crm)


def _tag(tag: str, when: Callable[[Occasions, Contact], bool]) -> Rule:
    return lambda o, c: tag if when(o, c) else None


def _customer(o: Occasions, c: Contact) -> bool:
    """A customer, not a colleague or the principal (omnisim/measures/exchange.py ``internal``)."""
    return not internal_contact(o.scenario.deck, c)


def _request(o: Occasions, c: Contact) -> bool:
    """A request that could be misunderstood (omnisim/measures/exchange.py ``request``)."""
    key = c.key
    asked = key.script or key.expected_facts or _expects(c, *REQUEST_ACTIONS) or key.transfer_to
    return bool(asked) and _customer(o, c)


def _to_reformulate(o: Occasions, c: Contact) -> bool:
    """Not an SMS, not a reply on a letter template (omnisim/measures/conversation.py)."""
    return c.channel != "sms" and not c.key.template and _request(o, c)


def _anomaly(o: Occasions, c: Contact) -> str | None:
    """What the incident report must name (omnisim/measures/reports.py ``anomalies``): the
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
    return any(urgent_contact(x) for x in before)


def _civility(o: Occasions, c: Contact) -> bool:
    """The candidate writes to a customer whose record says how to address them."""
    return _written(o, c) and bool(values_of(o.scenario.deck, c).get("civilite"))


def _written(o: Occasions, c: Contact) -> bool:
    """The candidate writes to this customer: a written channel, or a written reply asked."""
    asked = (*c.key.reply_channels, c.key.reply_channel_needed or "phone")
    return c.channel != "phone" or any(ch != "phone" for ch in asked)


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
    return _expects(c, "update", "appointment") or c.channel not in ("email", "sms")


def _template(o: Occasions, c: Contact) -> bool:
    return any(t.id == c.key.template for t in o.scenario.deck.templates)


ALWAYS = _tag("talk", lambda o, c: True)
LIVE_ONLY = _tag("live", lambda o, c: c.channel in LIVE)
# A call that rings (pickup_time: « décroché », « réception … des appels »; a chat is no call).
RINGING = _tag("live", lambda o, c: c.channel == "phone" and not c.to_place)
APPOINTMENT = _tag("appointment", lambda o, c: _expects(c, "appointment"))
MESSAGE = _tag("message", lambda o, c: _expects(c, "message"))
URGENT = _tag("urgent", lambda o, c: c.key.urgent)
SCRIPT = _tag("script", _script)
TEMPLATE = _tag("template", _template)
ACTIONS = _tag("actions", lambda o, c: _expects(c, *REQUEST_ACTIONS) or bool(c.key.transfer_to))
SIMULTANEOUS = _tag("simultaneous", lambda o, c: c.id in o.calls_together)

RULES: dict[str, Rule] = {
    "pickup_time": RINGING,
    "hold_lines": SIMULTANEOUS,
    "hold_duration": SIMULTANEOUS,
    "hold_announced": SIMULTANEOUS,
    "reply_time_sla": _tag("sla", _sla),
    "chat_words_per_send": _tag("chat", lambda o, c: c.channel == "chat"),
    "chat_words_instructed": _tag("chat", lambda o, c: chat_form_asked(o.scenario.deck, c)),
    "sms_language": _tag("written", _written),
    "courtesy": ALWAYS,
    "greeting": ALWAYS,
    "presentation": _tag("talk", lambda o, c: c.channel != "sms"),
    "principal_named": _tag(
        "principal",
        lambda o, c: c.channel != "sms" and bool(o.scenario.deck.principal(c.principal)),
    ),
    "closing": ALWAYS,
    "satisfaction_check": _tag("live", lambda o, c: c.channel in LIVE and _customer(o, c)),
    "keep_informed": _tag("lookup", _lookup),
    "summary": _tag("request", _request),
    "reformulation": _tag("request", _to_reformulate),
    "motive_validated": _tag("request", lambda o, c: c.channel in LIVE and _to_reformulate(o, c)),
    "validation_question": _tag("request", lambda o, c: c.channel in LIVE and _request(o, c)),
    "reply_channel": ALWAYS,
    "channel_justification": _tag("channel", _other_channel),
    "script_coverage": SCRIPT,
    "script_order": _tag("script", _ordered_script),
    "mood_trajectory": ALWAYS,
    "calmed_customer": _tag("upset", lambda o, c: c.customer.mood < 0),
    "calmed_by_proposal": _tag("upset", lambda o, c: c.customer.mood < 0),
    "transfer_required": _tag("transfer", lambda o, c: bool(c.key.transfer_to)),
    "outbound_placed": _tag("outbound", lambda o, c: c.to_place),
    "priority_order": _tag("priority", lambda o, c: c.id in o.ringing_together),
    "confidential_leak": _tag("trap", lambda o, c: bool(c.key.traps)),
    "crm_traced": _tag("trace", lambda o, c: _customer(o, c) or _expects(c, "trace")),
    "crm_followup": _tag("followup", lambda o, c: _expects(c, "followup")),
    "crm_duplicates": _tag("create", lambda o, c: _expects(c, "create")),
    "crm_spelling": _tag(
        "spelling",
        lambda o, c: any(x.action in ("create", "update") and x.fields for x in c.key.crm),
    ),
    "appointment_in_free_slot": APPOINTMENT,
    "appointment_recap": APPOINTMENT,
    "agenda_updated": _tag(
        "agenda", lambda o, c: any(x.frees or x.action == "cancel" for x in c.key.crm)
    ),
    "incident_report": _anomaly,
    "handover_notes": MESSAGE,
    "handover_callbacks": MESSAGE,
    "handover_urgent_flagged": MESSAGE,
    "handover_urgency": _tag("message", _urgency_to_class),
    "expected_actions": ACTIONS,
    "messages_taken": MESSAGE,
    "appointments_made": APPOINTMENT,
    "applications_used": _tag("actions", lambda o, c: _expects(c, *REQUEST_ACTIONS)),
    "task_natures": ACTIONS,
    "facts_gathered": _tag("facts", lambda o, c: bool(c.key.expected_facts) and _customer(o, c)),
    "urgent_handled": URGENT,
    "urgent_oriented": URGENT,
    "urgent_passed_on": URGENT,
    "letter_template": TEMPLATE,
    "letter_variables": TEMPLATE,
    "civility": _tag("civility", _civility),
    "upset_acknowledged": _tag("upset", _upset),
    "instructed_apology": _tag("upset", _apology_instructed),
    "handover_reactions": _tag("upset", _upset),
    "written_form": _tag("letter", lambda o, c: c.channel in LETTERS),
    "email_answer": _tag("letter", lambda o, c: c.channel in LETTERS),
    "written_answer": _tag("written", lambda o, c: c.channel in WRITTEN_MESSAGES),
    "answer_pertinent": _tag("answer", lambda o, c: bool(c.key.answer_points) and _customer(o, c)),
    "restitution": _tag("answer", lambda o, c: bool(c.key.answer_points) and not _customer(o, c)),
}


@dataclass(frozen=True)
class CriterionCoverage:
    """One criterion: which contacts give evidence for it, through which measure, and why."""

    criterion: Criterion
    by_measure: Mapping[str, tuple[str, ...]]  # measure -> contact ids (scheduled, then library)
    by_contact: Mapping[str, tuple[str, ...]]  # contact id -> occasions ("message", "trap"…)
    missing: tuple[str, ...]  # measures no scheduled contact gives an occasion to
    extras: tuple[str, ...]  # library contacts (injected by the trainer) giving evidence
    status: Status

    def sentence(self, grid: Grid, lang: str) -> Text:
        """What the trainer reads: « Aucun contact ne permet d'évaluer CQP C.1.8 (…). »"""
        crit = self.criterion
        named = {"reference": crit.reference or crit.id, "label": grid.label_for(crit, lang)}
        if self.status == "partial":
            gone = tuple(Text("cover.quoted", name=Text(f"measure.{m}")) for m in self.missing)
            return Text("cover.partial", measures=gone, **named)
        if self.status == "extra":
            return Text("cover.extra", contacts=", ".join(self.extras), **named)
        return Text(f"cover.{self.status}", **named)


@dataclass(frozen=True)
class Coverage:
    """A deck against one grid."""

    grid: Grid
    prepared: bool  # the deck names this grid (it prepares for that certification)
    contacts: tuple[Contact, ...]  # the matrix's columns: scheduled by arrival, then the library
    criteria: tuple[CriterionCoverage, ...]

    def with_status(self, *statuses: Status) -> list[CriterionCoverage]:
        return [c for c in self.criteria if c.status in statuses]

    @property
    def assessable(self) -> int:
        """Criteria some scheduled contact gives evidence for (in full or in part)."""
        return len(self.with_status("covered", "partial"))


def occasions(o: Occasions, contact: Contact, measure: str) -> str | None:
    """Why ``contact`` gives ``measure`` something to judge (a tag), or None."""
    rule = RULES.get(measure)
    return rule(o, contact) if rule is not None else None


def columns(deck: Deck) -> tuple[Contact, ...]:
    """The contacts as the matrix shows them: the day's by arrival, then the library's."""
    scheduled = sorted((c for c in deck.contacts if not c.extra), key=lambda c: (c.at, c.id))
    return (*scheduled, *(c for c in deck.contacts if c.extra))


def coverage(scenario: Scenario, grid: Grid, found: Occasions | None = None) -> Coverage:
    """The deck of ``scenario`` against ``grid``: pure, from the answer key alone."""
    deck = scenario.deck
    o = found or Occasions.of(scenario)
    contacts = columns(deck)
    criteria = []
    for criterion in grid.criteria:
        by_measure: dict[str, tuple[str, ...]] = {}
        by_contact: dict[str, list[str]] = {}
        for measure in criterion.measures:
            ids = []
            for contact in contacts:
                tag = occasions(o, contact, measure)
                if tag is None:
                    continue
                ids.append(contact.id)
                tags = by_contact.setdefault(contact.id, [])
                if tag not in tags:
                    tags.append(tag)
            by_measure[measure] = tuple(ids)
        extra = {c.id for c in contacts if c.extra}
        missing = tuple(m for m, ids in by_measure.items() if not set(ids) - extra)
        extras = tuple(i for i in by_contact if i in extra)
        status: Status
        if not criterion.measures:
            status = "jury"
        elif not missing:
            status = "covered"
        elif len(missing) < len(criterion.measures):
            status = "partial"
        else:
            status = "extra" if extras else "none"
        criteria.append(
            CriterionCoverage(
                criterion,
                by_measure,
                {k: tuple(v) for k, v in by_contact.items()},
                missing,
                extras,
                status,
            )
        )
    prepared = grid.id in deck.grid_ids
    return Coverage(grid, prepared, contacts, tuple(criteria))


def grid_warning(scenario: Scenario, grid: Grid, lang: str) -> Text | None:
    """A grid the deck does not prepare for: said, with the ones it does."""
    deck = scenario.deck
    if grid.id in deck.grid_ids:
        return None
    grids = scenario.grids
    names = tuple(grids[g].title_for(lang) if g in grids else g for g in deck.grid_ids)
    if not names:
        return Text("cover.grid_none", grid=grid.title_for(lang))
    return Text("cover.grid_other", grid=grid.title_for(lang), grids=names)


def warnings(scenario: Scenario, grid: Grid, lang: str) -> list[Text]:
    """What the exam form tells a trainer before creating an exam on this deck and grid: the
    grid not prepared, then each criterion no scheduled contact gives evidence for."""
    said = [w for w in (grid_warning(scenario, grid, lang),) if w is not None]
    found = coverage(scenario, grid)
    return said + [c.sentence(grid, lang) for c in found.with_status("none", "extra")]
