"""What a candidate types in the desk's forms, checked before anything is logged.

CQP C.1.8 « prendre des messages avec des coordonnées correctes », MC ACVD C3.3 « les
variables correctes sont ajoutées »: a message with no recipient or call-back number, the
phone number "abc", the e-mail "pas-un-email", an e-mail without a subject or a letter still
holding ``{{ client.civilite }}`` never reaches the log. Each check returns the refusal to
make (the field as the desk names it, a catalog key, its parameters) or None; the engine
raises it (omnisim/engine/commands.py) and the desk shows it at that field.

Phone numbers are judged by Google's libphonenumber (``phonenumbers``): a number of a
plausible length for the deck's country (France, or Britain for an English deck), or
international with its "+"; addresses by ``email-validator`` (syntax only, no DNS).
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

Problem = tuple[str, str, dict[str, Any]]  # (field, catalog key, parameters)

# The country a number without "+" is read in: the bundled English decks are British
# (Ofcom's drama numbers, 07700 900…).
REGIONS = {"fr": "FR", "en": "GB"}
# What a number may be written with besides digits: "06 12 45 78 90", "+33 (0)6.12…".
_PHONE_CHARS = re.compile(r"^\+?[\d\s.\-/()]+$")
VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def unfilled(*texts: str) -> list[str]:
    """The ``{{ variables }}`` still in the texts, once each, in order."""
    found = (m.group(1) or "…" for text in texts for m in VARIABLE.finditer(text))
    return list(dict.fromkeys(found))


def required(field: str, value: str) -> Problem | None:
    return (field, "err.field_required", {}) if not value.strip() else None


def phone(field: str, value: str, lang: str) -> Problem | None:
    """A number someone can be called back on; empty is judged by :func:`required`."""
    text = value.strip()
    if not text:
        return None
    refusal = (field, "err.phone_invalid", {"value": text})
    if not _PHONE_CHARS.match(text):
        return refusal
    try:
        number = phonenumbers.parse(text, REGIONS.get(lang, "FR"))
    except phonenumbers.NumberParseException:
        return refusal
    return None if phonenumbers.is_possible_number(number) else refusal


def email(field: str, value: str) -> Problem | None:
    """An address mail can be sent to; empty is judged by :func:`required`."""
    text = value.strip()
    if not text:
        return None
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return (field, "err.email_invalid", {"value": text})
    return None


def reachable(field: str, value: str, lang: str) -> Problem | None:
    """How to call someone back: a phone number, or the e-mail address they wrote from."""
    text = value.strip()
    if not text:
        return None
    wrong = email(field, text) if "@" in text else phone(field, text, lang)
    return None if wrong is None else (field, "err.reach_invalid", {"value": text})


def record_fields(fields: dict[str, str], lang: str, prefix: str = "fields") -> Problem | None:
    """The phone and e-mail of a CRM record as typed (created or edited)."""
    return phone(f"{prefix}.phone", fields.get("phone", ""), lang) or email(
        f"{prefix}.email", fields.get("email", "")
    )


def first(*problems: Problem | None) -> Problem | None:
    return next((p for p in problems if p is not None), None)
