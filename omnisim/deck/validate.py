"""Cross-reference checks of a deck that reads well field by field.

Each check names the exact field to fix: an unknown script or principal, a fact
no question can reach, more calls at once than the deck has lines, a deadline
longer than the session… They read only what they are given (the deck's texts and
the bundled scripts, rules and grids), so an exam's frozen copy checks the same forever.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator, Mapping

from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.key import AnswerKey, Trap
from omnisim.deck.model import Contact, Deck, Principal
from omnisim.deck.parsed import Loaded
from omnisim.deck.remit_checks import remit_checks
from omnisim.deck.sale_checks import sale_checks
from omnisim.deck.timeline import clock
from omnisim.deck.variables import TEMPLATE_VARIABLES, own_variable
from omnisim.deck.yamlpos import DeckProblem, Source, located
from omnisim.i18n import Text
from omnisim.language.civility import known as known_civility
from omnisim.language.substance import names


def _dupes(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            yield index, item
        seen.add(item)


def _known(ids: Collection[str]) -> str | Text:
    """What one may name instead, for a problem: "a, b", or "none" in the reader's language."""
    return ", ".join(sorted(ids)) or Text("err.none_known")


def _contact_checks(deck: Deck, c: Contact, scripts: Collection[str]) -> Iterator[tuple[str, Text]]:
    """(field path inside the contact, reason) for one contact."""
    principal = deck.principal(c.principal) if c.principal else None
    if c.principal and principal is None:
        known = _known([p.id for p in deck.principals])
        yield "principal", Text("deckerr.unknown_principal", principal=c.principal, known=known)
    if principal is not None and c.channel != "chat" and not deck.line(c):
        # The desk shows before pick-up whom a contact is for and which line it reached.
        what = "phone" if c.channel in ("phone", "sms") else "email"
        yield "line", Text("deckerr.no_line", channel=c.channel, principal=principal.id, what=what)
    if c.at > deck.duration:
        yield "at", Text("deckerr.after_end", at=clock(c.at), end=clock(deck.duration))
    if c.outbound and c.channel != "phone":
        yield "outbound", Text("deckerr.outbound_channel", channel=c.channel)
    record = deck.record_of(c)
    if c.outbound and c.channel == "phone" and not (c.customer.phone or (record and record.phone)):
        yield "customer.phone", Text("deckerr.outbound_no_phone")
    key = c.key
    if key.script and key.script not in scripts:
        yield "key.script", Text("deckerr.unknown_script", script=key.script, known=_known(scripts))
    staff = {s.id for p in deck.principals for s in p.staff}
    if key.transfer_to and key.transfer_to not in staff:
        yield (
            "key.transfer_to",
            Text("deckerr.unknown_staff", staff=key.transfer_to, known=_known(staff)),
        )
    if key.no_crm and key.crm:
        yield "key.no_crm", Text("deckerr.no_crm_with_crm")
    records = {r.id for r in deck.crm}
    if c.customer.record and c.customer.record not in records:
        yield "customer.record", Text("deckerr.unknown_record", record=c.customer.record)
    for i, expected in enumerate(key.crm):
        if expected.record and expected.record not in records:
            yield f"key.crm[{i}].record", Text("deckerr.unknown_record", record=expected.record)
        if expected.action == "appointment":
            slots = {s.start for s in principal.agenda} if principal else set()
            if expected.slot not in slots:
                yield f"key.crm[{i}].slot", Text("deckerr.no_slot", slot=expected.slot)
        busy = {s.start for s in principal.agenda if not s.free} if principal else set()
        freed = expected.slot if expected.action == "cancel" else expected.frees
        name = "slot" if expected.action == "cancel" else "frees"
        if (freed or expected.action == "cancel") and freed not in busy:
            yield f"key.crm[{i}].{name}", Text("deckerr.no_appointment", slot=freed)
        if expected.frees and expected.action != "appointment":
            yield f"key.crm[{i}].frees", Text("deckerr.frees_not_appointment")
        if expected.urgent and expected.action != "message":
            yield f"key.crm[{i}].urgent", Text("deckerr.urgent_not_message")
    facts = [f.id for f in c.facts]
    for index, fact_id in _dupes(facts):
        yield f"facts[{index}].id", Text("deckerr.duplicate_fact", fact=fact_id)
    for i, fact in enumerate(c.facts):
        if not any(a.strip() for a in fact.ask):
            yield f"facts[{i}].ask", Text("deckerr.fact_unreachable")
        if fact.after and fact.after not in facts:
            yield f"facts[{i}].after", Text("deckerr.unknown_fact", fact=fact.after)
        seen, step = {fact.id}, fact.after
        while step:
            if step in seen:
                yield f"facts[{i}].after", Text("deckerr.fact_circle")
                break
            seen.add(step)
            step = next((f.after for f in c.facts if f.id == step), "")
    needed = key.reply_channel_needed
    if needed is not None and needed == c.channel:
        yield "key.reply_channel_needed", Text("deckerr.needed_own_channel", channel=needed)
    elif needed is not None and key.reply_channels and needed not in key.reply_channels:
        yield "key.reply_channel_needed", Text("deckerr.needed_not_listed", channel=needed)
    if key.template and key.template not in {t.id for t in deck.templates}:
        yield "key.template", Text("deckerr.unknown_template", template=key.template)
    yield from _variable_values(deck, key)
    for i, fact_id in enumerate(key.expected_facts):
        if fact_id not in facts:
            yield f"key.expected_facts[{i}]", Text("deckerr.unknown_fact", fact=fact_id)
    for i, trap in enumerate(key.traps):
        if not any(p.strip() for p in trap.protected):
            yield f"key.traps[{i}].protected", Text("deckerr.trap_protects_nothing")
        yield from _trap_trigger(trap, i, facts)
    # A deadline past the session's end only narrows grading: advice.py warns of it.
    if key.complaint_deadline_minutes is not None and key.complaint_deadline_minutes <= 0:
        yield "key.complaint_deadline_minutes", Text("deckerr.deadline_not_positive")
    if c.customer.patience <= 0:
        yield "customer.patience", Text("deckerr.patience_not_positive")
    for i, phrase in enumerate(c.awaits):
        if not phrase.strip():
            yield f"awaits[{i}]", Text("deckerr.empty_awaits")
    for i, anomaly in enumerate(key.anomalies):
        if not anomaly.label.strip():
            yield f"key.anomalies[{i}].label", Text("deckerr.anomaly_label")
        if not any(n.strip() for n in anomaly.names):
            yield f"key.anomalies[{i}].names", Text("deckerr.anomaly_names")
    yield from _answer_point_checks(c, c.customer.language or deck.language)
    yield from remit_checks(deck, c, facts)
    yield from sale_checks(deck, c, facts)


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _availability_checks(principal: Principal) -> Iterator[tuple[str, Text]]:
    """An announced absence has its bounds; hours read « 09:00 » to a later « 12:30 »; a
    staff member's absence, or a slot's, names one of the principal's staff."""
    staff = [s.id for s in principal.staff]
    for index, instruction in enumerate(principal.instructions):
        if instruction.absent and not (instruction.valid_from and instruction.valid_until):
            yield f"instructions[{index}].absent", Text("deckerr.absence_bounds")
        if instruction.staff and not instruction.absent:
            yield f"instructions[{index}].staff", Text("deckerr.staff_without_absence")
        elif instruction.staff and instruction.staff not in staff:
            unknown = Text("deckerr.unknown_staff", staff=instruction.staff, known=_known(staff))
            yield f"instructions[{index}].staff", unknown
    for index, slot in enumerate(principal.agenda):
        if slot.staff and slot.staff not in staff:
            unknown = Text("deckerr.unknown_staff", staff=slot.staff, known=_known(staff))
            yield f"agenda[{index}].staff", unknown
    for index, hours in enumerate(principal.hours):
        for name in ("start", "end"):
            if not _HHMM.match(getattr(hours, name)):
                yield f"hours[{index}].{name}", Text("deckerr.hours_time")
        if _HHMM.match(hours.start) and _HHMM.match(hours.end) and hours.start >= hours.end:
            yield f"hours[{index}].end", Text("deckerr.hours_order")
        if not hours.days:
            yield f"hours[{index}].days", Text("deckerr.hours_days")


def _trap_trigger(trap: Trap, i: int, facts: list[str]) -> Iterator[tuple[str, Text]]:
    """A trap's trigger names what it needs, and only that."""
    where = f"key.traps[{i}]"
    if trap.after == "fact" and trap.fact not in facts:
        yield f"{where}.fact", Text("deckerr.trap_needs_fact", known=_known(facts))
    if trap.after != "fact" and trap.fact:
        yield f"{where}.fact", Text("deckerr.trap_fact_unused", after=trap.after)
    if trap.after == "message" and trap.at_turn < 1:
        yield f"{where}.at_turn", Text("deckerr.trap_first_turn")
    if trap.after != "message" and trap.at_turn != 1:
        yield f"{where}.at_turn", Text("deckerr.trap_turn_unused", after=trap.after)


def _phone_overlaps(deck: Deck) -> Iterator[Contact]:
    """Calls ringing while all lines are busy with expected calls: the deck cannot be played."""
    calls = [c for c in deck.contacts if c.channel == "phone" and not c.extra]
    for call in calls:
        busy = [o for o in calls if o.at <= call.at < o.at + o.expected_duration]
        if len(busy) > deck.phone_lines:
            yield call


def _variable_values(deck: Deck, key: AnswerKey) -> Iterator[tuple[str, Text]]:
    """``key.variables``: each names a variable of the contact's template and holds a text
    or a list of texts (MC ACVD C3.3 « Les variables correctes »)."""
    template = next((t for t in deck.templates if t.id == key.template), None)
    for name, value in key.variables.items():
        where = f"key.variables.{name}"
        if not key.template:
            yield where, Text("deckerr.variables_without_template")
        elif template is not None and name not in template.variables:
            known = ", ".join(template.variables) or "-"
            yield (
                where,
                Text(
                    "deckerr.variable_not_in_template",
                    variable=name,
                    template=template.id,
                    known=known,
                ),
            )
        values = [value] if isinstance(value, str) else value
        if (
            not isinstance(values, (list, tuple))
            or not values
            or not all(isinstance(v, str) and v.strip() for v in values)
        ):
            yield where, Text("deckerr.variable_value_not_text")


def cross_check(
    loaded: Loaded,
    scripts: Collection[str],
    rules: Mapping[str, ChannelRules],
    grids: Collection[str],
) -> list[DeckProblem]:
    """Problems of a parsed deck against these script ids, channel rules and grid ids."""
    deck = loaded.deck
    assert deck is not None and loaded.settings is not None
    settings: Source = loaded.settings
    found: list[DeckProblem] = []
    for contact in deck.contacts:
        where = loaded.contacts[contact.id]
        found += [
            loaded.locate(where, path, message)
            for path, message in _contact_checks(deck, contact, scripts)
        ]
    for call in _phone_overlaps(deck):
        lines = Text("deckerr.too_many_calls", lines=deck.phone_lines)
        found.append(loaded.locate(loaded.contacts[call.id], "at", lines))
    known = _known(grids)
    if deck.grid and grids and deck.grid not in grids:
        found.append(
            settings.problem("grid", Text("deckerr.unknown_grid", grid=deck.grid, known=known))
        )
    for index, grid in enumerate(deck.grids):
        if grids and grid not in grids:
            unknown = Text("deckerr.unknown_grid", grid=grid, known=known)
            found.append(settings.problem(f"grids[{index}]", unknown))
    for index, code in _dupes([w.id for w in deck.wrap_up_codes]):
        twice = Text("deckerr.duplicate_code", code=code)
        found.append(settings.problem(f"wrap_up_codes[{index}].id", twice))
    rule_fields = {f.name for f in dataclasses.fields(ChannelRules)} - {"channel", "label"}
    for channel, override in deck.channel_overrides.items():
        if channel not in rules:
            unknown = Text("deckerr.unknown_channel", channel=channel)
            found.append(settings.problem(f"channel_overrides.{channel}", unknown))
            continue
        for name in override:
            if name not in rule_fields:
                unknown = Text("deckerr.unknown_rule", known=_known(rule_fields))
                found.append(settings.problem(f"channel_overrides.{channel}.{name}", unknown))
    for name, key, items in (
        ("principals", "id", [p.id for p in deck.principals]),
        ("crm", "id", [r.id for r in deck.crm]),
        ("documents", "name", [d.name for d in deck.documents]),
    ):
        if name in loaded.sections:
            for index, item in _dupes(items):
                twice = Text(f"deckerr.duplicate_{key}", **{key: item})
                found.append(loaded.locate(loaded.sections[name], f"[{index}].{key}", twice))
    if "crm" in loaded.sections:
        for index, record in enumerate(deck.crm):
            if record.civility and not known_civility(record.civility):
                unknown = Text("deckerr.unknown_civility", civility=record.civility)
                found.append(loaded.locate(loaded.sections["crm"], f"[{index}].civility", unknown))
    if "principals" in loaded.sections:
        for p_index, principal in enumerate(deck.principals):
            for index, item in _dupes([s.id for s in principal.staff]):
                found.append(
                    loaded.locate(
                        loaded.sections["principals"],
                        f"[{p_index}].staff[{index}].id",
                        Text("deckerr.duplicate_staff", id=item),
                    )
                )
            found += [
                loaded.locate(loaded.sections["principals"], f"[{p_index}].{path}", message)
                for path, message in _availability_checks(principal)
            ]
            for index, instruction in enumerate(principal.instructions):
                if (
                    instruction.valid_from
                    and instruction.valid_until
                    and instruction.valid_from > instruction.valid_until
                ):
                    found.append(
                        loaded.locate(
                            loaded.sections["principals"],
                            f"[{p_index}].instructions[{index}].valid_until",
                            Text("deckerr.ends_before_start"),
                        )
                    )
    for template in deck.templates:
        relpath = f"templates/{template.id}.md"
        for variable in template.variables:
            if variable not in TEMPLATE_VARIABLES and not own_variable(variable):
                body = loaded.files.files.get(relpath, "")
                line = body[: body.find(variable)].count("\n") + 1
                unknown = Text(
                    "deckerr.unknown_variable", variable=variable, known=_known(TEMPLATE_VARIABLES)
                )
                found.append(located(loaded.files.where(relpath), line, 1, "body", unknown))
    return found


def _answer_point_checks(c: Contact, lang: str) -> Iterator[tuple[str, Text]]:
    """A point says what it is and how an answer (or the hand-over) gives it, in words the
    matcher can find (a call kept on the phone, a wording the customer also wrote: advice.py
    warns)."""
    for name, said in (("answer_points", "answer_point"), ("handover_points", "handover_point")):
        for i, point in enumerate(getattr(c.key, name)):
            if not point.label.strip():
                yield f"key.{name}[{i}].label", Text(f"deckerr.{said}_label")
            if not any(a.strip() for a in point.accepts):
                yield f"key.{name}[{i}].accepts", Text(f"deckerr.{said}_accepts")
            for j, wording in enumerate(point.accepts):
                if wording.strip() and not names(wording, wording, lang):
                    yield (
                        f"key.{name}[{i}].accepts[{j}]",
                        Text(f"deckerr.{said}_no_words", wording=wording),
                    )
    for i, point in enumerate(c.key.answer_points):
        for j, question in enumerate(point.when_asked):
            if not question.strip():  # a blank question is asked by nothing: the point never owed
                yield f"key.answer_points[{i}].when_asked[{j}]", Text("deckerr.when_asked_empty")
