"""What a candidate types in the desk's forms, checked before anything is logged.

CQP C.1.8 « prendre des messages avec des coordonnées correctes », MC ACVD C3.3 « les
variables correctes sont ajoutées »: a message with no recipient, or no call-back number
without saying the caller left none (« numéro non communiqué »), the phone number "abc", the
e-mail "pas-un-email" or an e-mail without a subject never reaches the log. A letter still
holding ``{{ client.civilite }}`` is held back with a warning, as a real desk does, until the
candidate confirms it: then it goes out as written and the jury grades what went out (MC ACVD
C3 keeps « la lettre-type est bien choisie » apart from its variables). Each check raises the
refusal naming the field as the desk names it (omnisim/engine/commands.py calls them); the desk
shows it at
that field, in the reader's language.

Phone numbers are judged by Google's libphonenumber (``phonenumbers``): a number of a
plausible length for the deck's country (France, or Britain for an English deck), or
international with its "+"; addresses by ``email-validator`` (syntax only, no DNS).
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from omnisim.engine.refused import ActionRefused
from omnisim.language.callback import not_given

# The country a number without "+" is read in: the bundled English decks are British
# (Ofcom's drama numbers, 07700 900…).
REGIONS = {"fr": "FR", "en": "GB"}
# What a number may be written with besides digits: "06 12 45 78 90", "+33 (0)6.12…".
_PHONE_CHARS = re.compile(r"^\+?[\d\s.\-/()]+$")
VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def unfilled(*texts: str) -> list[str]:
    """The ``{{ variables }}`` still in the texts, once each, in order."""
    found = (m.group(1) or "…" for text in texts if "{{" in text for m in VARIABLE.finditer(text))
    return list(dict.fromkeys(found))


def letter(subject: str, text: str, confirmed: bool) -> None:
    """A message with template variables unfilled is held back with a warning the candidate
    answers at the field ``unfilled_ok``; once ``confirmed`` it goes as written."""
    left = unfilled(subject, text)
    if left and not confirmed:
        variables = ", ".join(f"{{{{ {v} }}}}" for v in left)
        raise ActionRefused("unfilled_ok", "err.unfilled_variables", variables=variables)


def required(field: str, value: str) -> None:
    if not value.strip():
        raise ActionRefused(field, "err.field_required")


# An internal line: « poste 212 », « ext. 4010 », "extension 12" (a colleague's call-back
# number; six bundled decks give their staff one, round 21's message for a manager was refused).
_EXTENSION = re.compile(r"^(?:poste|p\.|ext\.?|extension|x)\s*\d{2,6}$", re.IGNORECASE)


def is_phone(text: str, lang: str) -> bool:
    """A number someone can be called on: a possible number for the deck's country (or any,
    written internationally), or an internal extension."""
    if _EXTENSION.match(text.strip()):
        return True
    if not _PHONE_CHARS.match(text):
        return False
    try:
        number = phonenumbers.parse(text, REGIONS.get(lang, "FR"))
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))


def is_email(text: str) -> bool:
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def phone(field: str, value: str, lang: str) -> None:
    """A number someone can be called back on; empty is judged by :func:`required`."""
    text = value.strip()
    if text and not is_phone(text, lang):
        raise ActionRefused(field, "err.phone_invalid", value=text)


def email(field: str, value: str) -> None:
    """An address mail can be sent to; empty is judged by :func:`required`."""
    text = value.strip()
    if text and not is_email(text):
        raise ActionRefused(field, "err.email_invalid", value=text)


def reachable(field: str, value: str, lang: str) -> None:
    """How to call someone back: a phone number, or the e-mail address they wrote from."""
    text = value.strip()
    if text and not (is_email(text) if "@" in text else is_phone(text, lang)):
        raise ActionRefused(field, "err.reach_invalid", value=text)


def no_number(ticked: bool, phone: str) -> bool:
    """The caller left no call-back number: the desk's box ticked with the field empty, or
    the field saying so in words (« non communiqué », « n/c », "not given"). A number typed
    beside a ticked box is a contradiction, refused at the field."""
    typed = phone.strip()
    if ticked and typed and not not_given(typed):
        raise ActionRefused("phone", "err.phone_and_no_number", value=typed)
    return ticked or not_given(typed)


def record_fields(fields: dict[str, str], lang: str, prefix: str = "fields") -> None:
    """The phone and e-mail of a CRM record as typed (created or edited)."""
    phone(f"{prefix}.phone", fields.get("phone", ""), lang)
    email(f"{prefix}.email", fields.get("email", ""))
