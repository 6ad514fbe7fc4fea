"""The deck check of what a contact's key imposes or forbids: each required question is one of
the contact's facts, each forbidden item says what it is (a label for the jury) and holds what a
measure can find (words for a promise, advice or request; a known action, on a target the deck
has, for an action). Each problem names its field (omnisim/deck/validate.py reports them)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterator
from typing import get_args

from omnisim.deck.key import Forbidden, ForbiddenAction
from omnisim.deck.model import Contact, CrmRecord, Deck
from omnisim.i18n import Text
from omnisim.language.substance import names

ACTIONS: tuple[str, ...] = tuple(a for a in get_args(ForbiddenAction) if a)
# The actions whose target is a principal of the deck, a staff id, a template, a CRM record's
# field: the check knows them; a number dialled is the trainer's word.
ON_PRINCIPAL = frozenset({"appointment", "move", "cancel", "message"})
RECORD_FIELDS = tuple(
    f.name for f in dataclasses.fields(CrmRecord) if f.name not in ("id", "history", "principal")
)


def _known(ids: Collection[str]) -> str | Text:
    return ", ".join(sorted(ids)) or Text("err.none_known")


def remit_checks(deck: Deck, c: Contact, facts: list[str]) -> Iterator[tuple[str, Text]]:
    """(field path inside the contact, reason) for ``must_ask``, ``forbidden`` and ``consult``."""
    lang = c.customer.language or deck.language
    for i, fact_id in enumerate(c.key.must_ask):
        if fact_id not in facts:
            known = _known(facts)
            yield f"key.must_ask[{i}]", Text("deckerr.must_ask_unknown", fact=fact_id, known=known)
    for i, item in enumerate(c.key.forbidden):
        where = f"key.forbidden[{i}]"
        if not item.label.strip():
            yield f"{where}.label", Text("deckerr.forbidden_label")
        if item.kind == "action":
            if item.channels:  # an action is logged, not sent on a channel
                yield f"{where}.channels", Text("deckerr.forbidden_channels_action")
            yield from _action_checks(deck, item, where)
            continue
        if item.action or item.target:
            field = "action" if item.action else "target"
            yield f"{where}.{field}", Text("deckerr.forbidden_not_action", kind=item.kind)
        if not any(names(w, w, lang) for w in item.words if w.strip()):
            key = "deckerr.forbidden_ask_words" if item.kind == "ask" else "deckerr.forbidden_words"
            yield f"{where}.words", Text(key)
    yield from _consult_checks(deck, c)


def _consult_checks(deck: Deck, c: Contact) -> Iterator[tuple[str, Text]]:
    """A colleague to consult is a staff member of the deck who answers the phone (one whose
    voicemail answers, ``reachable: false``, cannot be consulted: take a message instead)."""
    staff = {s.id: s for p in deck.principals for s in p.staff}
    for i, expected in enumerate(c.key.consult):
        who = staff.get(expected.staff)
        if who is None:
            known = _known(staff)
            yield (
                f"key.consult[{i}].staff",
                Text("deckerr.unknown_staff", staff=expected.staff, known=known),
            )
        elif not who.reachable:
            yield f"key.consult[{i}].staff", Text("deckerr.consult_unreachable", staff=who.name)


def _action_checks(deck: Deck, item: Forbidden, where: str) -> Iterator[tuple[str, Text]]:
    """A forbidden action names one the log knows, and a target the deck has where the deck
    names such things (a principal, a staff member, a template)."""
    if not item.action:
        yield f"{where}.action", Text("deckerr.forbidden_action_missing", known=", ".join(ACTIONS))
        return
    target = item.target.strip()
    if item.action == "template" and not target:
        known = _known([t.id for t in deck.templates])
        yield f"{where}.target", Text("deckerr.forbidden_template_missing", known=known)
        return
    if not target:
        return
    if item.action in ON_PRINCIPAL:
        known_ids: Collection[str] = [p.id for p in deck.principals]
    elif item.action == "transfer":
        known_ids = [s.id for p in deck.principals for s in p.staff] + [
            p.id for p in deck.principals
        ]
    elif item.action == "template":
        known_ids = [t.id for t in deck.templates]
    elif item.action in ("update", "create"):
        known_ids = RECORD_FIELDS
    else:
        return
    if target not in known_ids:
        yield (
            f"{where}.target",
            Text("deckerr.forbidden_target_unknown", target=target, known=_known(known_ids)),
        )
