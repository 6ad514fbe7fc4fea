"""A message's quality, CQP C.1.8 « Prendre des messages »: « Mettre en œuvre les techniques
d'obtention des coordonnées correctes », « S'assurer de la compréhension de l'identité et des
coordonnées de l'interlocuteur ». The call-back number the caller could give, the person the
message is written for, and which message is C.4.4's transmission rather than C.1.8's."""

from __future__ import annotations

import re

from omnisim.deck.key import CrmExpectation
from omnisim.deck.model import Contact
from omnisim.language.match import NAME_TITLES, normalise
from omnisim.language.substance import carries
from omnisim.language.urgency_marks import urgency_marked
from omnisim.measures.asking import asks
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import ContactView, Operation

# A phone number said in a line, however spaced (« 06.29.84.11.57 », « +44 7700 900123 »): a
# national number's leading 0 or an international "+", ten to thirteen digits in all (an
# order number is no phone number).
_SAID_NUMBER = re.compile(r"(?<![\w-])(?:\+|0)\d[\d .\-/]{7,}\d(?![\w-])")


def without_number(op: Operation) -> bool:
    """A message that says it gives no call-back (``no_number``: the desk's box, or the words
    typed in its place, read when it was taken) and carries none in its text either. Older
    logs, without the state, read as before."""
    return bool(op.payload.no_number) and not _said_number(op.payload.text)


def _said_number(text: str) -> str:
    found = _SAID_NUMBER.search(text)
    return found.group() if found and 10 <= len(re.sub(r"\D", "", found.group())) <= 13 else ""


def number_to_take(ctx: MeasureContext, c: ContactView, contact: Contact) -> str:
    """The number the caller could have left (CQP C.1.8 « coordonnées correctes »): one they
    said in the exchange, theirs in the deck (given when asked), or their record's; "" when
    they had none to give."""
    for line in c.lines:
        said = _said_number(line.text) if line.actor == "customer" else ""
        if said:
            return said
    record = ctx.deck.record_of(contact)
    edited = ctx.view.records.get(contact.customer.record, {}) if contact.customer.record else {}
    return (
        contact.customer.phone or str(edited.get("phone") or "") or (record.phone if record else "")
    )


_NAME_WORD = re.compile(r"[\w'-]+")


def taken_for_another(ctx: MeasureContext, contact: Contact, op: Operation) -> str:
    """The other client of the CRM the message's caller is written as (« Mme Chloé Renault »
    for the prospect Chloé Renaud), or "": CQP C.1.8 « S'assurer de la compréhension de
    l'identité … de l'interlocuteur ». A surname counts as the caller's name when it opens the
    name or follows a title or a first name, not in a comment (« voisin des Vidal »)."""
    name = re.split(r"[(,;:–]| - ", op.payload.caller)[0]
    words = _NAME_WORD.findall(name)
    folded = [normalise(w) for w in words]
    own = normalise(contact.customer.name.split()[-1]) if contact.customer.name.split() else ""
    if own in folded:
        return ""
    others = {normalise(r.last_name.split()[-1]): r.last_name for r in ctx.deck.crm if r.last_name}
    for i, word in enumerate(folded):
        named = i == 0 or folded[i - 1] in NAME_TITLES or words[i - 1][:1].isupper()
        if word in others and word != own and named:
            return others[word]
    return ""


def marked_urgent(op: Operation, lang: str) -> bool:
    """The message reaches the principal as an urgent one: the desk's « urgent » box ticked,
    or its words say it (« URGENT », « en priorité », "urgent")."""
    return bool(op.payload.urgent) or urgency_marked(op.payload.text, lang)


def urgency_left_out(expected: CrmExpectation, op: Operation, lang: str) -> bool:
    """A message the key asks marked urgent (``urgent: true``: a chest-pain call's message for
    the doctor) left plain: the principal reads it in turn (CQP « effectue la gestion des
    messages (prise/saisie, transmission, gestion des urgences, etc.) »)."""
    return expected.urgent and not marked_urgent(op, lang)


def transmission(contact: Contact, expected: CrmExpectation) -> bool:
    """The message a key asks on a confidentiality trap (a caller pressing for protected
    data): CQP C.4.4 « Résister à toute pression … et transmettre la demande à sa
    hiérarchie », not a message taken for the caller (C.1.8 « Prendre des messages », judged
    on the messages taken; round 12's jury counted its absence under C.4.4 only)."""
    return expected.action == "message" and bool(contact.key.traps)


def never_heard(ctx: MeasureContext, c: ContactView, contact: Contact, op: Operation) -> list[str]:
    """The caller's facts the key's message carries (its ``note``: the work to quote, the offer,
    the moment to call back) that the caller never said and the candidate never asked, nor
    wrote: CQP C.1.8 « Veiller à la qualité des messages pris (message synthétique,
    intelligible, sans interprétation) … permettant l'exploitation par une tierce personne »,
    « absence d'ambiguïté ». What was never heard cannot be in the message (round 21, the Lyon
    mixed: « ni l'offre envisagée, ni le moment du rappel, qu'il n'a pas demandés »). A fact
    asked and not answered is no fault of the candidate's; one the note does not carry (the
    caller's mood, their history) is not the message's. Where the key names the facts to
    gather (``expected_facts``), those are the message's essentials: the age of a chest-pain
    patient the note quotes, written from the record as a birth year, is not held against it
    (round 21's mountain deck)."""
    expected = next((x for x in contact.key.crm if x.action == "message" and x.note), None)
    if expected is None:
        return []
    lang = ctx.lang_of(c)
    said = [ln for ln in c.lines if ln.actor != "candidate"]
    written = "\n".join((op.payload.caller, op.payload.phone, op.payload.text))
    essential = set(contact.key.expected_facts)
    out = []
    for fact in contact.facts:
        if essential and fact.id not in essential:
            continue
        if not fact.answer or not carries(expected.note, fact.answer, lang):
            continue
        told = any(
            ln.reason == f"fact:{fact.id}" or carries(ln.text, fact.answer, lang) for ln in said
        )
        asked = any(asks(ln, fact.ask, fact, lang, contact.facts) for ln in c.candidate_lines)
        if not (told or asked or carries(written, fact.answer, lang)):
            out.append(fact.id)
    return out
