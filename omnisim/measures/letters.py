"""Template letters: MC ACVD C3.3 « La lettre-type est bien choisie » and « Les variables
correctes sont ajoutées aux emplacements prévus ».

A message is built from a deck template when most of the template's own lines (its
sentences; those no other template of the deck shares: a greeting or signature common to all
says nothing) are found in it, whitespace, case and accents aside; a minority of edited lines
is tolerated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact, Template
from omnisim.i18n import Text
from omnisim.language.civility import addressed, mismatch, of_record
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.slots import accepted, wrong_slots
from omnisim.projection.workspace import Line

PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
SPOKEN = frozenset({"phone"})  # a call is no written message

# The variables the desk fills from the customer's record (web/src/workspace/active.ts
# ``templateValues``), French and English names, and the record field each holds.
RECORD_VARIABLES: dict[str, str] = {
    "client.nom": "last_name",
    "customer.last_name": "last_name",
    "client.prenom": "first_name",
    "customer.first_name": "first_name",
    "customer.name": "name",
    "client.civilite": "civilite",
    "client.email": "email",
    "customer.email": "email",
    "client.telephone": "phone",
    "customer.phone": "phone",
    "client.adresse": "address",
    "customer.address": "address",
    "donneur.nom": "principal",
    "principal.name": "principal",
}


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: what a jury reads past."""
    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(bare.casefold().replace("\u2019", "'").split())


def _pieces(line: str) -> tuple[str, ...]:
    """The fixed text of one template line: what lies between its variables."""
    return tuple(
        p for p in (fold(part) for part in PLACEHOLDER.split(line)) if any(ch.isalnum() for ch in p)
    )


# Where a template's sentence ends: a one-line SMS holds several (round 18), each its own unit.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _sentences(body: str) -> list[str]:
    """The template's units: its lines, a line of several sentences cut into them, so that a
    one-line SMS with one sentence reworded is still recognised by the others (CQP C.1.13
    « respect du cadre donné »), as a letter is by most of its lines."""
    return [s for line in body.splitlines() for s in _SENTENCE_END.split(line)]


def _own_lines(template: Template, others: list[Template]) -> list[tuple[str, ...]]:
    """The template's units of fixed text that no other template of the deck shares."""
    lines = [p for p in (_pieces(line) for line in _sentences(template.body)) if p]
    shared = {p for o in others for p in (_pieces(line) for line in _sentences(o.body)) if p}
    own = [p for p in lines if p not in shared]
    return own or lines


def templates_in(ctx: MeasureContext, text: str) -> list[Template]:
    """The deck's templates this message is built from (most of their own lines found)."""
    message = fold(text)
    found = []
    for template in ctx.deck.templates:
        others = [t for t in ctx.deck.templates if t.id != template.id]
        lines = _own_lines(template, others)
        hits = sum(all(piece in message for piece in line) for line in lines)
        if lines and hits * 2 > len(lines):
            found.append(template)
    return found


def _written(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.channel not in SPOKEN]


def _title(template: Template) -> str:
    return template.title or template.id


def letter_template(ctx: MeasureContext) -> MeasureResult:
    """Each contact whose answer key names a template gets a written reply built from it."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    by_id = {t.id: t for t in ctx.deck.templates}
    for contact in ctx.deck.contacts:
        expected = by_id.get(contact.key.template)
        if expected is None:
            continue
        view = ctx.view.contacts.get(contact.id)
        written = _written(view.candidate_lines) if view else []
        used = [(line, templates_in(ctx, line.text)) for line in written]
        right = [line for line, found in used if expected in found]
        items[contact.id] = expected.id if right else ""
        if right:
            note = Text("note.letter_template", contact=contact.id, template=_title(expected))
            good.append(ev_of(right[0], note))
        elif used:
            for line, found in used:
                note = Text(
                    "note.letter_template_wrong",
                    contact=contact.id,
                    template=_title(expected),
                    used=", ".join(_title(t) for t in found) or "-",
                )
                bad.append(ev_of(line, note))
        elif view is not None:
            title = _title(expected)
            note = Text("note.letter_template_missing", contact=contact.id, template=title)
            bad.append(Evidence(view.offered.seq, view.offered.sim, note))
        else:
            # Never offered in this session: nothing the candidate could have done.
            del items[contact.id]
    return verdict("letter_template", items, bad, good, None, Text("detail.no_letter_template"))


def record_values(ctx: MeasureContext, contact: Contact | None) -> dict[str, str]:
    """What the customer's record holds now (deck seed, then the candidate's edits)."""
    if contact is None:
        return {}
    edits = ctx.view.records.get(contact.customer.record, {}) if contact.customer.record else {}
    return values_of(ctx.deck, contact, edits)


def values_of(
    deck: Deck, contact: Contact, edits: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The customer's record values: the deck's seed (or what a newcomer gives), then ``edits``."""
    values: dict[str, str] = {}
    seed = deck.record_of(contact)
    if seed is not None:
        values = {
            "last_name": seed.last_name,
            "first_name": seed.first_name,
            "principal": seed.principal,
            "phone": seed.phone,
            "email": seed.email,
            "address": seed.address,
        }
    else:  # a newcomer: what they gave about themselves
        first, _, last = contact.customer.name.rpartition(" ")
        values = {
            "last_name": last,
            "first_name": first,
            "phone": contact.customer.phone,
            "email": contact.customer.email,
            "address": contact.customer.address,
        }
    values.update({k: v for k, v in (edits or {}).items() if isinstance(v, str) and v})
    recorded = of_record(seed.civility, seed.notes) if seed is not None else ""
    # The desk edits it as "civility" (web/src/workspace/crm.tsx); older logs said otherwise.
    civility = values.get("civility") or values.get("civilite") or values.get("title", "")
    values["civilite"] = civility or recorded
    values["name"] = " ".join(v for v in (values.get("first_name"), values.get("last_name")) if v)
    principal = deck.principal(values.get("principal") or contact.principal)
    values["principal"] = principal.name if principal else ""
    return values


def _present(value: str, message: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and len(digits) * 2 > len(value.replace(" ", "")):  # a phone number
        return digits in re.sub(r"\D", "", message)
    return fold(value) in fold(message)


def letter_variables(ctx: MeasureContext) -> MeasureResult:
    """Every written message built from a template has no ``{{ … }}`` left, the customer's
    record values where the template asks for them, and in each slot the key gives a value
    for (``key.variables``) one of the values it accepts."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for view in ctx.view.contacts.values():
        contact = ctx.contact(view)
        for line in _written(view.candidate_lines):
            found = templates_in(ctx, line.text)
            if not found:
                continue
            left = sorted({" ".join(m.split()) for m in PLACEHOLDER.findall(line.text)})
            unfilled = {m.strip("{} ") for m in left}  # already cited as left empty
            keyed = _key_slots(contact, found, line.text, unfilled, ctx.lang_of(view))
            record = record_values(ctx, contact)
            wrong = sorted(
                {
                    var
                    for t in found
                    for var in t.variables
                    if var in RECORD_VARIABLES
                    and var not in unfilled
                    and not (contact and accepted(contact.key, var))  # the key says, below
                    and record.get(RECORD_VARIABLES[var])
                    and not _present(record[RECORD_VARIABLES[var]], line.text)
                }
            )
            expected_civility = record.get("civilite", "")
            if "client.civilite" not in wrong and _wrong_civility(
                line.text, record.get("last_name", ""), expected_civility
            ):
                wrong.append("client.civilite")
            items[f"#{line.seq}"] = ", ".join(left + wrong + [v for v, _, _ in keyed]) or "ok"
            if left:
                note = Text("note.letter_unfilled", contact=view.id, variables=", ".join(left))
                bad.append(ev_of(line, note))
            if wrong:
                expected = ", ".join(f"{v} = {record[RECORD_VARIABLES[v]]}" for v in sorted(wrong))
                note = Text("note.letter_wrong_value", contact=view.id, expected=expected)
                bad.append(ev_of(line, note))
            for variable, written, values in keyed:
                note = Text(
                    "note.letter_variable_wrong",
                    contact=view.id,
                    variable=variable,
                    written=written or "-",
                    expected=" / ".join(values),
                )
                bad.append(ev_of(line, note))
            if not left and not wrong and not keyed:
                note = Text("note.letter_filled", contact=view.id, template=_title(found[0]))
                good.append(ev_of(line, note))
    return verdict("letter_variables", items, bad, good, None, Text("detail.no_letter"))


def _key_slots(
    contact: Contact | None, found: list[Template], text: str, unfilled: set[str], lang: str
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The slots of the contact's own template that hold none of the values its key accepts
    (``key.variables``); nothing when the key says nothing."""
    if contact is None or not contact.key.variables:
        return []
    values = {v: accepted(contact.key, v) for v in contact.key.variables if v not in unfilled}
    own = [t for t in found if t.id == contact.key.template]
    return [w for t in own[:1] for w in wrong_slots(t, values, text, lang)]


def _wrong_civility(text: str, last_name: str, expected: str) -> bool:
    """The message calls the customer by a civility of the other gender than the record's."""
    return bool(expected) and any(
        mismatch(used, expected) for used, _ in addressed(text, last_name)
    )


def civility(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C1.1 « les salutations »: a written message the candidate writes that addresses
    the customer by a civility uses the one of their record (« Madame » for a Madame). One
    built from a lettre-type is C3.3's « variables de personnalisation » (letter_variables
    checks its civility): round 16's cycles jury judges that wrong civility there, not here."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for view in ctx.view.contacts.values():
        contact = ctx.contact(view)
        record = record_values(ctx, contact)
        expected = record.get("civilite", "")
        if not expected:
            continue
        for line in _written(view.candidate_lines):
            used = addressed(line.text, record.get("last_name", ""))
            if not used or templates_in(ctx, line.text):
                continue
            wrong = [u for u, _ in used if mismatch(u, expected)]
            items[f"#{line.seq}"] = ", ".join(u for u, _ in used)
            if wrong:
                note = Text(
                    "note.civility_wrong", contact=view.id, used=wrong[0], expected=expected
                )
                bad.append(ev_of(line, note))
            else:
                note = Text("note.civility_right", contact=view.id, used=used[0][0])
                good.append(ev_of(line, note))
    return verdict("civility", items, bad, good, None, Text("detail.no_civility"))
