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
from omnisim.deck.model import Contact, Deck, Principal, Trap
from omnisim.deck.parsed import Loaded
from omnisim.deck.yamlpos import DeckProblem, Source
from omnisim.language.civility import known as known_civility

TEMPLATE_VARIABLES = frozenset(
    {
        "client.nom",
        "client.prenom",
        "client.civilite",
        "client.telephone",
        "client.email",
        "client.adresse",
        "donneur.nom",
        "donneur.adresse",
        "donneur.telephone",
        "rdv.date",
        "rdv.heure",
        "agent.nom",
        "date",
        "reference",
        "objet",
        "customer.name",
        "customer.first_name",
        "customer.last_name",
        "customer.phone",
        "customer.email",
        "customer.address",
        "principal.name",
        "principal.address",
        "principal.phone",
        "appointment.date",
        "appointment.time",
        "agent.name",
        "subject",
    }
)


def _dupes(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            yield index, item
        seen.add(item)


def _contact_checks(deck: Deck, c: Contact, scripts: Collection[str]) -> Iterator[tuple[str, str]]:
    """(field path inside the contact, message) for one contact."""
    principal = deck.principal(c.principal) if c.principal else None
    if c.principal and principal is None:
        known = ", ".join(p.id for p in deck.principals) or "none"
        yield "principal", f"unknown principal {c.principal!r}, expected one of: {known}"
    if c.at > deck.duration:
        yield "at", f"arrives at {c.at:g} s, after the end of the session ({deck.duration:g} s)"
    key = c.key
    if key.script and key.script not in scripts:
        yield (
            "key.script",
            f"unknown diagnostic script {key.script!r}, expected one of: "
            f"{', '.join(sorted(scripts))}",
        )
    staff = {s.id for p in deck.principals for s in p.staff}
    if key.transfer_to and key.transfer_to not in staff:
        yield (
            "key.transfer_to",
            f"unknown staff {key.transfer_to!r}, expected one of: "
            f"{', '.join(sorted(staff)) or 'none'}",
        )
    if key.sla_minutes is not None and key.sla_minutes * 60 > deck.duration:
        yield (
            "key.sla_minutes",
            f"deadline of {key.sla_minutes:g} min is longer than the session "
            f"({deck.duration / 60:g} min)",
        )
    records = {r.id for r in deck.crm}
    if c.customer.record and c.customer.record not in records:
        yield "customer.record", f"unknown CRM record {c.customer.record!r}"
    for i, expected in enumerate(key.crm):
        if expected.record and expected.record not in records:
            yield f"key.crm[{i}].record", f"unknown CRM record {expected.record!r}"
        if expected.action == "appointment":
            slots = {s.start for s in principal.agenda} if principal else set()
            if expected.slot not in slots:
                yield f"key.crm[{i}].slot", f"no slot {expected.slot!r} in the principal's agenda"
        busy = {s.start for s in principal.agenda if not s.free} if principal else set()
        freed = expected.slot if expected.action == "cancel" else expected.frees
        name = "slot" if expected.action == "cancel" else "frees"
        if (freed or expected.action == "cancel") and freed not in busy:
            yield (
                f"key.crm[{i}].{name}",
                f"no appointment at {freed!r} in the principal's agenda (a slot with free: false)",
            )
        if expected.frees and expected.action != "appointment":
            yield f"key.crm[{i}].frees", "only an appointment moves another one"
    facts = [f.id for f in c.facts]
    for index, fact_id in _dupes(facts):
        yield f"facts[{index}].id", f"duplicate fact id {fact_id!r}"
    for i, fact in enumerate(c.facts):
        if not any(a.strip() for a in fact.ask):
            yield f"facts[{i}].ask", "no question can reach this fact: give at least one phrase"
        if fact.after and fact.after not in facts:
            yield f"facts[{i}].after", f"unknown fact {fact.after!r}"
        seen, step = {fact.id}, fact.after
        while step:
            if step in seen:
                yield (
                    f"facts[{i}].after",
                    "facts wait for each other in a circle: none can be reached",
                )
                break
            seen.add(step)
            step = next((f.after for f in c.facts if f.id == step), "")
    needed = key.reply_channel_needed
    if needed is not None and needed == c.channel:
        yield "key.reply_channel_needed", f"{needed!r} is the contact's own channel"
    elif needed is not None and key.reply_channels and needed not in key.reply_channels:
        yield "key.reply_channel_needed", f"{needed!r} is not one of key.reply_channels"
    if key.template and key.template not in {t.id for t in deck.templates}:
        yield "key.template", f"no template {key.template!r} in templates/"
    for i, fact_id in enumerate(key.expected_facts):
        if fact_id not in facts:
            yield f"key.expected_facts[{i}]", f"unknown fact {fact_id!r}"
    for i, trap in enumerate(key.traps):
        if not any(p.strip() for p in trap.protected):
            yield f"key.traps[{i}].protected", "a trap must name what must not be disclosed"
        yield from _trap_trigger(trap, i, facts)
    if key.complaint_deadline_minutes is not None:
        if key.complaint_deadline_minutes <= 0:
            yield (
                "key.complaint_deadline_minutes",
                "the deadline must be a positive number of minutes",
            )
        elif key.complaint_deadline_minutes * 60 > deck.duration - c.at:
            yield (
                "key.complaint_deadline_minutes",
                f"deadline of {key.complaint_deadline_minutes:g} min ends after the session "
                f"({(deck.duration - c.at) / 60:g} min left when the contact arrives)",
            )
    if c.customer.patience <= 0:
        yield "customer.patience", "patience must be a positive number of seconds"
    for i, phrase in enumerate(c.awaits):
        if not phrase.strip():
            yield f"awaits[{i}]", "an empty phrase would match every message"
    for i, anomaly in enumerate(key.anomalies):
        if not anomaly.label.strip():
            yield f"key.anomalies[{i}].label", "say what happened, for the jury"
        if not any(n.strip() for n in anomaly.names):
            yield (
                f"key.anomalies[{i}].names",
                "give at least one word a report naming this anomaly would use",
            )


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _availability_checks(principal: Principal) -> Iterator[tuple[str, str]]:
    """An announced absence has its bounds; hours read « 09:00 » to a later « 12:30 »."""
    for index, instruction in enumerate(principal.instructions):
        if instruction.absent and not (instruction.valid_from and instruction.valid_until):
            yield (
                f"instructions[{index}].absent",
                "an absence needs valid_from and valid_until (when the principal is away)",
            )
    for index, hours in enumerate(principal.hours):
        for name in ("start", "end"):
            if not _HHMM.match(getattr(hours, name)):
                yield f"hours[{index}].{name}", "expected a time of day such as 09:00"
        if _HHMM.match(hours.start) and _HHMM.match(hours.end) and hours.start >= hours.end:
            yield f"hours[{index}].end", "ends before it starts"
        if not hours.days:
            yield f"hours[{index}].days", "name at least one day (mon, tue, … sun)"


def _trap_trigger(trap: Trap, i: int, facts: list[str]) -> Iterator[tuple[str, str]]:
    """A trap's trigger names what it needs, and only that."""
    where = f"key.traps[{i}]"
    if trap.after == "fact" and trap.fact not in facts:
        known = ", ".join(facts) or "none"
        yield f"{where}.fact", f"after: fact needs one of this contact's facts: {known}"
    if trap.after != "fact" and trap.fact:
        yield f"{where}.fact", f"only read with after: fact (this trap fires after: {trap.after})"
    if trap.after == "message" and trap.at_turn < 1:
        yield f"{where}.at_turn", "the first candidate message is 1"
    if trap.after != "message" and trap.at_turn != 1:
        yield (
            f"{where}.at_turn",
            f"only read with after: message (this trap fires after: {trap.after})",
        )


def _phone_overlaps(deck: Deck) -> Iterator[Contact]:
    """Calls ringing while all lines are busy with expected calls: the deck cannot be played."""
    calls = [c for c in deck.contacts if c.channel == "phone" and not c.extra]
    for call in calls:
        busy = [o for o in calls if o.at <= call.at < o.at + o.expected_duration]
        if len(busy) > deck.phone_lines:
            yield call


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
        found.append(
            loaded.locate(
                loaded.contacts[call.id],
                "at",
                f"more simultaneous phone calls than the deck's {deck.phone_lines} lines",
            )
        )
    known = ", ".join(sorted(grids))
    if deck.grid and grids and deck.grid not in grids:
        found.append(
            settings.problem("grid", f"unknown grid {deck.grid!r}, expected one of: {known}")
        )
    for index, grid in enumerate(deck.grids):
        if grids and grid not in grids:
            found.append(
                settings.problem(
                    f"grids[{index}]", f"unknown grid {grid!r}, expected one of: {known}"
                )
            )
    for index, code in _dupes([w.id for w in deck.wrap_up_codes]):
        found.append(settings.problem(f"wrap_up_codes[{index}].id", f"duplicate code {code!r}"))
    rule_fields = {f.name for f in dataclasses.fields(ChannelRules)} - {"channel", "label"}
    for channel, override in deck.channel_overrides.items():
        if channel not in rules:
            found.append(
                settings.problem(f"channel_overrides.{channel}", f"unknown channel {channel!r}")
            )
            continue
        for name in override:
            if name not in rule_fields:
                found.append(
                    settings.problem(
                        f"channel_overrides.{channel}.{name}",
                        f"unknown rule, expected one of: {', '.join(sorted(rule_fields))}",
                    )
                )
    for name, key, items in (
        ("principals", "id", [p.id for p in deck.principals]),
        ("crm", "id", [r.id for r in deck.crm]),
        ("documents", "name", [d.name for d in deck.documents]),
    ):
        if name in loaded.sections:
            for index, item in _dupes(items):
                where = loaded.sections[name]
                found.append(loaded.locate(where, f"[{index}].{key}", f"duplicate {key} {item!r}"))
    if "crm" in loaded.sections:
        for index, record in enumerate(deck.crm):
            if record.civility and not known_civility(record.civility):
                found.append(
                    loaded.locate(
                        loaded.sections["crm"],
                        f"[{index}].civility",
                        f"unknown civility {record.civility!r} (Madame, Monsieur, Mme, M., "
                        "Mr, Mrs, Ms, Miss, Mx, Dr…)",
                    )
                )
    if "principals" in loaded.sections:
        for p_index, principal in enumerate(deck.principals):
            for index, item in _dupes([s.id for s in principal.staff]):
                found.append(
                    loaded.locate(
                        loaded.sections["principals"],
                        f"[{p_index}].staff[{index}].id",
                        f"duplicate staff id {item!r}",
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
                            "ends before it starts",
                        )
                    )
    for template in deck.templates:
        relpath = f"templates/{template.id}.md"
        for variable in template.variables:
            if variable not in TEMPLATE_VARIABLES:
                body = loaded.files.files.get(relpath, "")
                line = body[: body.find(variable)].count("\n") + 1
                found.append(
                    DeckProblem(
                        loaded.files.where(relpath),
                        line,
                        1,
                        "body",
                        f"unknown variable {{{{ {variable} }}}}, expected one of: "
                        f"{', '.join(sorted(TEMPLATE_VARIABLES))}",
                    )
                )
    return found
