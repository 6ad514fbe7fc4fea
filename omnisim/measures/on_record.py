"""A number the colleague finds on the customer's record (CQP C.3.2 « permettant l'exploitation
par une tierce personne »).

A hand-over that asks to call back a customer on file, named there by first and last name,
sends the colleague to their record, which holds the number the message carries: « Léa Martin …
à rappeler » can be acted on as « … au 06 27 41 90 36 » can (round 19, cqp_artisans_loire
strong, jury acquis). A caller with no record, or who gave a number the record does not hold,
leaves the colleague the name only, or the old number (rounds 12–18 stand).

The same record gives the desk the call-back number a script asks for: the step is adapted
to the file, not skipped, when the record holds the very number the customer would give and
the candidate writes it into what they leave for the contact (``used_from_record``, r22e).
"""

from __future__ import annotations

import re
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.language.disclosure import gives_number
from omnisim.language.lexicon import fold


def number_on_record(deck: Deck, contact: Contact | None, number: str, pieces: list[str]) -> bool:
    """The message's ``number`` is on the contact's customer record, and one of ``pieces``
    (the hand-over's items about that caller) names the record's first and last name."""
    record = deck.record_of(contact) if contact else None
    if record is None or not record.first_name or not number.strip() or not record.phone:
        return False
    if not gives_number(record.phone, number):
        return False
    names = [fold(record.first_name), fold(record.last_name)]
    return any(all(_says(fold(p), n) for n in names) for p in pieces)


def _says(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(name)}(?![\w'])", text) is not None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def used_from_record(deck: Deck, contact: Contact | None, answer: str, written: list[str]) -> bool:
    """CP FFP C3 « déroule le script de questionnement et l'adapte en fonction des réponses »:
    the customer's ``answer`` to a step is a number their record holds (the same digits), and
    one of ``written`` (the message, follow-up or trace the candidate left for the contact)
    carries it. A number the file does not hold, or never used, covers nothing."""
    record = deck.record_of(contact) if contact else None
    own = _digits(record.phone) if record else ""
    if len(own) < 8 or own not in _digits(answer):
        return False
    return any(own in _digits(text) for text in written)


def written_for(operations: list[Any], contact_id: str) -> list[str]:
    """What the candidate wrote in the operations left for ``contact_id``: messages (their
    number and text), follow-ups and traces."""
    fields = ("phone", "text", "summary", "action", "note")
    return [
        " ".join(str(getattr(op.payload, f, "") or "") for f in fields)
        for op in operations
        if getattr(op.payload, "contact_id", "") == contact_id
    ]
