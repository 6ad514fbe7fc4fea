"""The structure of an exchange, read from the log: did the customer bring a request, did
the candidate restate it, announce a next step, search something while the caller waited.

The référentiels ask for reformulation, synthesis and information during searches only
where they make sense (CP FFP "reformule les réponses obtenues", "maintient une information
vers l'appelant pendant ses recherches"): these helpers say where, and recognise the
structure (a question restating what the customer said, a statement of the next step) as
well as the formulas of omnisim/language/data/markers_<lang>.yaml.
"""

from __future__ import annotations

import re

from omnisim.language.markers import asks, content_words
from omnisim.language.match import is_question, normalise
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import ContactView, Line, Operation

LIVE = ("phone", "chat")  # a caller waits on the line while the candidate works
# Operations that mean the candidate looked something up during the conversation: a record
# found to update, an agenda read to book or cancel a slot. Writing a new record, a message or
# a follow-up is no search. The desk's plain look-ups ("crm.searched", "knowledge.searched")
# count by the same rule.
LOOKUPS = (
    "crm.record_updated",
    "agenda.booked",
    "agenda.cancelled",
    "crm.searched",
    "knowledge.searched",
)
# Actions of the answer key that the customer needs done (the request); "trace" is the
# candidate's own bookkeeping.
REQUEST_ACTIONS = frozenset({"appointment", "followup", "message", "create", "update"})
_TIME = re.compile(r"\b\d{1,2} ?(?:h|:)(?: ?\d{2})?\b|\b\d{1,2} ?(?:am|pm)\b")


def request(ctx: MeasureContext, c: ContactView) -> bool:
    """The customer brought a request that could be misunderstood: the deck's key expects
    facts gathered, a diagnostic script, an action done for them or a transfer. A principal
    calling for her messages, or a bare confirmation, is a hand-over, not a request."""
    contact = ctx.contact(c)
    if contact is None:
        return any(ln.reason.startswith("fact:") for ln in c.lines)
    key = contact.key
    acts = {x.action for x in key.crm} & REQUEST_ACTIONS
    return bool(key.script or key.expected_facts or acts or key.transfer_to)


def said_before(c: ContactView, line: Line) -> list[Line]:
    return [ln for ln in c.lines if ln.actor != "candidate" and ln.seq < line.seq]


def restates(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """A question that gives back what the customer said ("Déplacer votre rendez-vous ?"),
    not one that asks for something new ("Quel jour ?")."""
    lang = ctx.lang_of(c)
    if not is_question(line.text) or asks(line.text, lang):
        return False
    own = content_words(line.text, lang)
    heard: set[str] = set(content_words(c.subject, lang))  # the request as the desk shows it
    for ln in said_before(c, line):
        heard |= content_words(ln.text, lang)
    shared = own & heard
    return bool(shared) and 2 * len(shared) > len(own)


def mentions_time(text: str) -> bool:
    """A time of day ("14 h 30", "10:30", "3 pm"): the substance of most agreed actions."""
    return bool(_TIME.search(normalise(text)))


def states_next_step(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """A statement of what happens next: a formula of the next_step family, or a time."""
    if is_question(line.text):
        return False
    return "next_step" in ctx.markers(c, line) or mentions_time(line.text)


def during(c: ContactView, op: Operation) -> bool:
    """The operation happened while the conversation was live (picked, not yet ended)."""
    if c.picked is None or op.at.seq < c.picked.seq:
        return False
    end = c.closed or c.transferred
    return end is None or op.at.seq <= end.seq


def searches(ctx: MeasureContext, c: ContactView) -> list[Operation]:
    """Look-ups made for this contact while its caller waited on a live channel."""
    if c.channel not in LIVE:
        return []
    return [
        op
        for op in ctx.view.operations
        if op.kind in LOOKUPS
        and getattr(op.payload, "contact_id", "") in (c.id, "")
        and during(c, op)
        and (getattr(op.payload, "contact_id", "") == c.id or _only_live(ctx, c, op))
    ]


def _only_live(ctx: MeasureContext, c: ContactView, op: Operation) -> bool:
    """An operation naming no contact belongs to the one live conversation, if only one."""
    live = [x for x in ctx.view.contacts.values() if x.channel in LIVE and during(x, op)]
    return live == [c]
