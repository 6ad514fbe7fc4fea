"""What a letter's template slot holds, against what the answer key says it must hold.

MC ACVD C3.3 « Les variables correctes sont ajoutées aux emplacements prévus »: the desk
pre-fills a letter's slots (the subject where the article goes, say), so a variable can be
filled and still be wrong. A contact's key may give, per variable, the value or the accepted
values (``key.variables``, decks/README.md). The slot is found between the template's fixed
text around it; its content is compared case, accents and spacing aside, amounts and dates
by value (« 1 249,90 € » is « 1249.90 euros », « 03/06/2026 » is « 3 juin 2026 »); a slot
that cannot be found (the sentence reworded) holds the value when the letter carries it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from omnisim.deck.key import AnswerKey
from omnisim.deck.model import Template
from omnisim.engine.recap import details
from omnisim.language.substance import names

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
EDGE = 30  # characters of fixed text on each side that locate a slot
_CURRENCY = re.compile(r"€|\beur(?:os?)?\b|£|\$|\bpounds?\b|\bdollars?\b", re.I)
_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,']*")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _fold_char(ch: str) -> str:
    bare = unicodedata.normalize("NFKD", ch)
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return bare.casefold().replace("\u2019", "'")


def folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded (case, accents, runs of spaces), with each folded character's index in
    ``text``: a slot found in the folded text is quoted as it was written."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        for f in _fold_char(ch):
            out.append(f)
            where.append(i)
    return "".join(out), where


def fold(text: str) -> str:
    return folded(text)[0].strip()


def _pattern(piece: str) -> str:
    return r"\s*".join(re.escape(word) for word in fold(piece).split(" "))


def slot(template: Template, variable: str, text: str) -> str | None:
    """What ``text`` holds where ``template`` has ``{{ variable }}``; None when the fixed text
    around the slot is not found (the sentence was reworded)."""
    pieces = PLACEHOLDER.split(template.body)  # fixed, name, fixed, name, …, fixed
    flat, where = folded(text)
    for k in range(1, len(pieces), 2):
        if pieces[k] != variable:
            continue
        left, right = fold(pieces[k - 1])[-EDGE:], fold(pieces[k + 1])[:EDGE]
        first, last = k == 1, k == len(pieces) - 2
        if (not left and not first) or (not right and not last) or (not left and not right):
            continue  # beside another variable: nothing to find it by
        head = _pattern(left) if left else "^"
        tail = _pattern(right) if right else "$"
        found = re.search(head + r"\s*(.+?)\s*" + tail, flat)
        if found and found.group(1):
            start, end = found.span(1)
            return text[where[start] : where[end - 1] + 1].strip()
    return None


def accepted(key: AnswerKey, variable: str) -> tuple[str, ...]:
    """The values ``key`` accepts for a template variable; () when it says nothing."""
    value = key.variables.get(variable, ())
    return (value,) if isinstance(value, str) else tuple(value)


def _amount(text: str) -> Decimal | None:
    """The number in ``text`` as a value: « 1 249,90 », « 1249.90 », « 2,190.00 »."""
    found = _NUMBER.search(text)
    if not found:
        return None
    raw = re.sub(r"[\s\u00a0\u202f']", "", found.group()).rstrip(".,")
    last = max(raw.rfind(","), raw.rfind("."))
    if last >= 0 and len(raw) - last - 1 in (1, 2):  # a decimal separator
        raw = re.sub(r"[.,]", "", raw[:last]) + "." + raw[last + 1 :]
    else:
        raw = re.sub(r"[.,]", "", raw)
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _only_number(text: str) -> bool:
    bare = _CURRENCY.sub("", text).strip()
    return bool(bare) and bool(_NUMBER.fullmatch(bare))


def _dates(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """Day-months and years written in ``text``."""
    kinds = details(text).kinds
    return frozenset(kinds.get("date", ())), frozenset(m.group() for m in _YEAR.finditer(text))


def same(expected: str, written: str) -> bool:
    """``written`` holds ``expected``: the same words (case, accents, spacing aside, the value
    within more words), or the same amount or date."""
    want, got = fold(expected).strip(" .,;:"), fold(written).strip(" .,;:")
    if not want:
        return False
    if _only_number(expected):
        value = _amount(expected)
        numbers = [_amount(m.group()) for m in _NUMBER.finditer(written)]
        return value is not None and value in numbers
    days, years = _dates(expected)
    if days:
        got_days, got_years = _dates(written)
        return days <= got_days and (not years or not got_years or years <= got_years)
    return re.search(r"(?<!\w)" + _pattern(want) + r"(?!\w)", got) is not None


def in_more_words(expected: str, written: str, lang: str = "fr") -> bool:
    """The slot holds each word of ``expected`` with the customer's details between or around
    them, in any order (« des photos du portail (le battant et le pilier) et le devis de
    réparation » for « photos du portail et devis de réparation »): the jury reads the things
    asked for, not one wording (round 21). Amounts and dates keep :func:`same`'s value."""
    if _only_number(expected) or _dates(expected)[0]:
        return False
    return names(written, expected, lang)


def wrong_slots(
    template: Template, accepted: dict[str, tuple[str, ...]], text: str, lang: str = "fr"
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each variable whose slot holds none of its accepted values: (variable, what was
    written there, or "" when its slot could not be found, the accepted values). A slot found
    may hold a value in more words (:func:`in_more_words`); a letter whose slot is not found is
    read for the value itself, not for its words scattered over the letter."""
    wrong = []
    for variable, values in accepted.items():
        if variable not in template.variables or not values:
            continue
        written = slot(template, variable, text)
        where = written if written is not None else text
        found = any(same(v, where) for v in values) or (
            written is not None and any(in_more_words(v, written, lang) for v in values)
        )
        if not found:
            wrong.append((variable, written or "", values))
    return wrong
