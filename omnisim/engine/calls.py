"""Outbound calls: each one a softphone line (« call-1 »…) that hangs up, holds and transfers.

A call reaches a contact's customer (their number, while the candidate handles their
contact: the talk carries on by phone in that contact), a member of a principal's staff
(who answers, or whose voicemail does when the deck says they cannot be reached), or any
other number (no one the simulation plays: the candidate may leave a message). A call to a
colleague about an open contact is a consultation (CQP C.1.14 « identifier un appel
nécessitant un transfert vers le superviseur »): transferring that contact, or taking the
caller back, ends it. Pure: checks here, state changes in engine/fold.py.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.deck.model import Contact, Staff
from omnisim.engine.refused import ActionRefused
from omnisim.engine.state import CallState, ContactState, SessionState
from omnisim.engine.turn import card
from omnisim.events import Draft

LINES = ("hello", "voicemail", "consult", "noted", "again")
_NUMBER = re.compile(r"^\+?[\d\s().-]{2,}$")
_SAID_NUMBER = re.compile(r"\+?\d[\d .-]{6,}\d")


@cache
def staff_lines(lang: str) -> dict[str, str]:
    """What a colleague says on a call, in ``lang`` (French for any other)."""
    name = f"staff_{lang if lang in ('fr', 'en') else 'fr'}.yaml"
    text = resources.files("omnisim.engine").joinpath("data").joinpath(name).read_text("utf-8")
    data = yaml.safe_load(text)
    missing = [n for n in LINES if not data.get(n)]
    if missing:
        raise ValueError(f"{name} lacks {', '.join(missing)}")
    return data


def digits(number: str) -> str:
    """A number's digits, a French international prefix read as the national 0."""
    only = re.sub(r"\D", "", number)
    return "0" + only[2:] if only.startswith("33") and len(only) == 11 else only


def staff(deck: Deck) -> dict[str, Staff]:
    return {s.id: s for p in deck.principals for s in p.staff}


def customer_numbers(deck: Deck, contact_id: str, c: ContactState | None) -> set[str]:
    """The numbers (digits) a contact's customer answers on, when the candidate may call them
    now (while handling their contact, not already on the phone with them; or a call to place
    waiting on the desk, which dialling connects): theirs or their CRM record's, and any
    number they give in what they say (« joignable au 06 81 … »)."""
    contact = deck.contact(contact_id)
    if contact is None or c is None or c.call:
        return set()
    if not placing(contact, c):
        if c.status != "active":
            return set()
        if c.channel == "phone" and not c.via:
            return set()  # already on the line with them
    said = [contact.opening, *(f.answer for f in contact.facts)]
    found = {digits(n) for text in said for n in _SAID_NUMBER.findall(text)}
    return {n for n in (digits(card(deck, contact)["phone"]), *found) if len(n) >= 8}


def placing(contact: Contact, c: ContactState) -> bool:
    """A call to place still waiting on the desk: dialling its customer connects it."""
    return contact.to_place and c.status == "offered" and c.channel == "phone"


def classify(deck: Deck, s: SessionState, to: str, contact_id: str) -> CallState:
    """The line a call to ``to`` opens, or ActionRefused saying why none can."""
    to = to.strip()
    if not to:
        raise ActionRefused("to", "err.call_to_required")
    colleague = staff(deck).get(to)
    if colleague is not None:
        return CallState(to, "staff", contact_id, voicemail=not colleague.reachable)
    if not _NUMBER.match(to) or len(digits(to)) < 2:
        known = ", ".join(sorted(staff(deck)))
        raise ActionRefused("to", "err.call_to_unknown", to=to, known=known)
    if digits(to) in customer_numbers(deck, contact_id, s.contacts.get(contact_id)):
        return CallState(to, "customer", contact_id)
    return CallState(to, "number", contact_id)


def new_id(s: SessionState) -> str:
    return f"call-{len(s.calls) + 1}"


def greeting(deck: Deck, call: CallState, call_id: str) -> list[Draft]:
    """What a colleague says on picking up (or their voicemail); nothing for other numbers."""
    if call.kind != "staff":
        return []
    who = staff(deck)[call.to]
    line = staff_lines(deck.language)["voicemail" if call.voicemail else "hello"]
    return [Draft("system", ev.CallSaid(call_id, line.format(name=who.name)))]


def answer(deck: Deck, s: SessionState, call: CallState, call_id: str) -> list[Draft]:
    """A colleague's answer to the candidate's line: about an open contact, they take it
    (the consultation before a transfer), or tell what the key has them say on it
    (``key.consult``: the workshop's news to bring back to the caller); otherwise they note it;
    then a short « Très bien »."""
    if call.kind != "staff" or call.voicemail:
        return []
    lines = staff_lines(deck.language)
    about = s.contacts.get(call.contact_id)
    if call.said:
        text = lines["again"]
    elif about is not None and about.open:
        text = _consulted(deck, call) or lines["consult"]
    else:
        text = lines["noted"]
    return [Draft("system", ev.CallSaid(call_id, text))]


def _consulted(deck: Deck, call: CallState) -> str:
    """What the key has this colleague say when consulted about its contact (or nothing)."""
    contact = deck.contact(call.contact_id)
    expected = contact.key.consult if contact is not None else ()
    return next((x.answer for x in expected if x.staff == call.to and x.answer.strip()), "")


def live(s: SessionState, call_id: str) -> CallState:
    call = s.calls.get(call_id)
    if call is None:
        raise ActionRefused("call_id", "err.call_unknown", call=call_id)
    if not call.live:
        raise ActionRefused("call_id", "err.call_ended", call=call_id)
    return call


def ending(s: SessionState, contact_id: str, *, consults_only: bool = False) -> list[Draft]:
    """The calls that end with a contact: its customer's call when the contact closes or is
    transferred, and every consultation about it (the caller is transferred or taken back)."""
    return [
        Draft("system", ev.CallEnded(call_id))
        for call_id, call in s.calls.items()
        if call.live
        and call.contact_id == contact_id
        and (call.kind == "staff" or not consults_only)
    ]
