"""Reporting to the team: MC ACVD C4.3 « RENDRE COMPTE ORALEMENT ET PAR ÉCRIT : Hiérarchiser les
informations, Informer des réactions de la clientèle » ; « Les informations sont classées en
fonction de l'urgence, de l'importance » ; « Les réactions de la clientèle sont transmises
fidèlement ».

Two reports are read: the written hand-over (and incident report) at the end of the shift, and
what the candidate answers a colleague or a manager (an internal contact) who asks for the
urgent point. A hand-over that merely follows the order of the day classes nothing: an urgent
message is classed when it is said urgent, moved ahead of what was taken before it, flagged on
the message itself, or given to whoever asked for the urgencies. Naming a customer is not
telling how they reacted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import people_named, tells_reaction, word_list
from omnisim.language.substance import names
from omnisim.language.urgency_marks import urgency_marked, urgency_order_marks, urgency_pattern
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.exchange import internal
from omnisim.measures.habit import slipped_once
from omnisim.measures.mood import shows_upset
from omnisim.measures.principal_scope import owed_to
from omnisim.measures.reports import reports_of, surname
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Operation

_CLAUSE = re.compile(r"[;.\n]")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STOPS = (".", ";")  # a reaction told before a name is in the name's own sentence
_WORD_OR_STOP = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[.;]")
REACTION_BEFORE, REACTION_AFTER = 3, 8  # words around a customer's name that tell their reaction
_SENTENCE = re.compile(r"[.;!?\n]")
_TITLE_DOT = re.compile(r"\b(M|MM|Mme|Mmes|Mlle|Dr|Me|Mr|Mrs|Ms)\.")  # « M. Collet » ends nothing
# Among the urgency marks, the order words say what comes first: « d'abord M. X » puts X first,
# « ce matin j'ai eu d'abord une dame pour sa carte, …, après M. X » is the order of the day. An
# order word (markers' urgency_order_marks) classes the urgent matter it introduces, named
# within a few words after it.
ORDER_REACH = 6
DENIAL_REACH = 2  # « pas urgent », « pas de priorité »: a denial just before the mark


def urgent_contact(contact: Contact | None) -> bool:
    """What the key says cannot wait: an urgent contact, or one of the first priority."""
    return contact is not None and (contact.key.urgent or contact.key.priority == 1)


def _urgent_message(ctx: MeasureContext, op: Operation) -> bool:
    """A message to class first: marked urgent on the desk, taken on an urgent contact, or one
    the key asks marked urgent (``urgent: true``, fmt21b: its principal and the team alike)."""
    view = ctx.view.contacts.get(op.payload.contact_id)
    contact = ctx.contact(view) if view is not None else None
    asked = contact is not None and contact.key.message_urgent
    return bool(op.payload.urgent) or urgent_contact(contact) or asked


def _named(ctx: MeasureContext, text: str, c: ContactView) -> bool:
    """``text`` names this contact: its customer's surname, or one of its anomaly's names."""
    contact = ctx.contact(c)
    if contact is None:
        return False
    who = surname(contact.customer.name)
    if who and who in _WORD.findall(fold(text)):
        return True
    lang = ctx.lang_of(c)
    return any(names(text, p, lang) for a in contact.key.anomalies for p in a.names if p.strip())


@dataclass(frozen=True)
class Request:
    """An internal contact asking for the urgent point, and the urgent contacts before it."""

    view: ContactView
    urgent: tuple[ContactView, ...]

    def answer(self) -> str:
        return "\n".join(ln.text for ln in self.view.candidate_lines)


def urgency_requests(ctx: MeasureContext) -> list[Request]:
    """Colleagues or managers who asked for the urgencies while urgent contacts had come: a
    principal's own, on a desk working for several (principal_scope.py)."""
    out = []
    for c in ctx.view.contacts.values():
        asker = ctx.contact(c)
        if asker is None or not c.handled or not internal(ctx, c):
            continue
        lang = ctx.lang_of(c)
        if not any(ln.actor != "candidate" and urgency_marked(ln.text, lang) for ln in c.lines):
            continue
        urgent = tuple(
            x
            for x in ctx.view.contacts.values()
            if x is not c
            and x.handled
            and x.offered.seq < c.offered.seq
            and not internal(ctx, x)
            and urgent_contact(ctx.contact(x))
            and owed_to(asker, ctx.contact(x))
        )
        if urgent:
            out.append(Request(c, urgent))
    return out


def _classed(ctx: MeasureContext, answer: str, req: Request) -> bool:
    """The answer says urgent or first about an urgent matter (MC ACVD C4 « Hiérarchiser les
    informations »): a mark in the sentence naming it, not separated from it by another
    customer's name, and an order word only before it, within ORDER_REACH words; or a heading,
    a sentence of its own naming nobody (« Un, le plus urgent : une urgence sécurité. »), over
    the item that names it first. A denied mark (« pas de priorité ») is none."""
    lang = ctx.lang_of(req.view)
    urgent = {surname(n) for n in _customers(ctx, list(req.urgent))} - {""}
    rest = [x for x in ctx.conversations() if x not in req.urgent]
    others = {surname(n) for n in _customers(ctx, rest)} - urgent - {""}
    order = urgency_order_marks(lang)
    heading = False  # the sentence before was a heading: an urgency said, nobody named
    for sentence in _SENTENCE.split(_TITLE_DOT.sub(r"\1", answer)):
        words = fold(sentence).split()
        if not words:
            continue
        named = [i for i, w in enumerate(words) if w in urgent]
        apart = [i for i, w in enumerate(words) if w in others]
        if heading and named and (not apart or min(named) < min(apart)):
            return True
        folded = " ".join(words)
        marks = _marks(folded, lang)
        for mark in marks:
            at = folded[: mark.start()].count(" ")
            for i in named:
                if any(min(at, i) < j < max(at, i) for j in apart):
                    continue
                if mark.group(0) not in order or at < i <= at + ORDER_REACH:
                    return True
        heading = not named and not apart and any(m.group(0) not in order for m in marks)
    return False


def _marks(folded: str, lang: str) -> list[re.Match[str]]:
    """The urgency marks of a folded sentence that no denial just before cancels."""
    denials = word_list(lang, "urgency_denials")
    return [
        m
        for m in urgency_pattern(lang).finditer(folded)
        if not any(w in denials for w in folded[: m.start()].split()[-DENIAL_REACH:])
    ]


def _moved_ahead(text: str, who: str, before: list[str]) -> bool:
    """``who`` is handed over ahead of every message taken before it (not the order of the
    day)."""
    words = _WORD.findall(fold(text))
    if who not in words or not before:
        return False
    at = words.index(who)
    return all(w in words and words.index(w) > at for w in before)


def handover_urgency(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C4.3 « Les informations sont classées en fonction de l'urgence, de l'importance »:
    a colleague who asks for the urgent point hears every urgent contact it is owed (a
    principal, its own: principal_scope.py) named, and said
    urgent or first (« en priorité », « le plus urgent »), not the morning recounted in order;
    among the messages handed over, each urgent one is flagged, said urgent, moved ahead of what was
    taken before it, or was given when the urgencies were asked for. Nothing to class without
    a request for them or both urgent and other messages."""
    result: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    told: set[str] = set()  # urgent contacts given to whoever asked
    for req in urgency_requests(ctx):
        answer = req.answer()
        missing = [x for x in req.urgent if not _named(ctx, answer, x)]
        # Named in the order of the day with nothing setting them apart is not classed, nor is
        # an order word that opens the morning's chronology.
        classed = _classed(ctx, answer, req)
        if classed:
            told |= {x.id for x in req.urgent if x not in missing}
        ok = not missing and classed
        result[req.view.id] = ok
        at = req.view.candidate_lines[-1] if req.view.candidate_lines else None
        where = (at.seq, at.sim) if at else (req.view.offered.seq, req.view.offered.sim)
        who = ", ".join(_customers(ctx, missing or list(req.urgent)))
        key = (
            "note.urgencies_not_told"
            if missing
            else "note.urgencies_told"
            if classed
            else "note.urgencies_unclassed"
        )
        (bad if not ok else good).append(
            Evidence(*where, Text(key, contact=req.view.id, names=who))
        )
    taken = ctx.view.ops("message.taken")
    urgent = [op for op in taken if _urgent_message(ctx, op)]
    others = [op for op in taken if op not in urgent]
    reports = reports_of(ctx, "handover")
    text = " \n".join(op.payload.text for op in reports)
    clauses = _CLAUSE.split(text)
    for op in urgent if others else []:
        cid, name = op.payload.contact_id, op.payload.caller
        who = surname(name)
        earlier = [surname(o.payload.caller) for o in others if o.at.seq < op.at.seq]
        lang = ctx.view.lang
        marked = bool(who) and any(
            who in _WORD.findall(fold(c)) and urgency_marked(c, lang) for c in clauses
        )
        ahead = bool(who) and _moved_ahead(text, who, [w for w in earlier if w])
        key = (
            "note.message_flagged_urgent"
            if op.payload.urgent
            else "note.urgent_told_when_asked"
            if cid in told
            else "note.handover_urgent_marked"
            if marked
            else "note.handover_urgent_first"
            if ahead
            else "note.handover_missing"
            if not reports
            else "note.handover_urgent_chronological"
        )
        ok = bool(op.payload.urgent) or cid in told or marked or ahead
        result[cid or f"message #{op.at.seq}"] = ok
        last = reports[-1].at if reports and not op.payload.urgent else op.at
        note = Text(key, contact=cid, names=name)
        (good if ok else bad).append(Evidence(last.seq, last.sim, note))
    return verdict(
        "handover_urgency", result, bad, good, None, Text("detail.nothing_urgent_to_class")
    )


def _customers(ctx: MeasureContext, views: list[ContactView]) -> list[str]:
    """The customers' names of ``views``."""
    contacts = [ctx.contact(v) for v in views]
    return [c.customer.name for c in contacts if c is not None]


def _designations(contact: Contact) -> set[str]:
    """The words a hand-over names this customer's item by: their surname, and the people
    their opening asks about (a caller about somebody else's order is handed over by hers)."""
    found = set(people_named(contact.opening))
    return ({surname(contact.customer.name)} | found) - {""}


def _tells(text: str, who: set[str], others: set[str], lang: str) -> bool:
    """The customer's item of ``text`` tells a reaction: a word of reaction just before their
    name, or after it on the same line (their item of a list, « Réaction : … » in a sentence of
    its own), not past another customer's name."""
    for line in fold(text).split("\n"):
        words = _WORD_OR_STOP.findall(line)
        for i, word in enumerate(words):
            if word not in who:
                continue
            around: list[int] = []
            for j in range(i + 1, len(words)):
                if words[j] in others:
                    break
                around.append(j)
            for j in range(i - 1, max(0, i - REACTION_BEFORE) - 1, -1):
                if words[j] in others or words[j] in _STOPS:
                    break
                around.append(j)
            if any(
                tells_reaction(words[j], lang, before=words[j - 1] if j else "") for j in around
            ):
                return True
    return False


def pressing(contact: Contact) -> bool:
    """A caller pressing for somebody else's protected data (the key sets a confidentiality
    trap): not the clientèle whose reactions the team needs; the attempt is an anomaly to
    report (« Repérer et signaler les anomalies »), measured by the incident report."""
    return bool(contact.key.traps)


def _pressing(ctx: MeasureContext, c: ContactView) -> bool:
    contact = ctx.contact(c)
    return contact is not None and pressing(contact)


def handover_reactions(ctx: MeasureContext) -> MeasureResult:
    """MC ACVD C4.3 « Informer des réactions de la clientèle », « Les réactions de la clientèle
    sont transmises fidèlement »: every customer who was upset (on arrival, or demanding a
    manager, complaining) is named in the hand-over or the incident report with how they
    reacted (« très mécontente, apaisée par le renvoi »). A caller pressing for another's
    protected data is no such customer (round 12: juries passed hand-overs that said nothing
    of an ex-husband's or a neighbour's irritation at the refusal; told, it counts, round 20).
    Nor is a customer a little worried who asks a plain question (round 18: the deck's mood just
    below neutral, no displeasure in their words; ``shows_upset``, as for the upset
    acknowledged)."""
    upset = [c for c in ctx.conversations() if shows_upset(ctx, c) and not _pressing(ctx, c)]
    if not upset:
        return MeasureResult(
            "handover_reactions", {}, None, None, (), Text("detail.no_upset_customer")
        )
    reports = reports_of(ctx, "handover") + reports_of(ctx, "incident")
    text = "\n".join(op.payload.text for op in reports)
    who = {c.id: _designations(contact) for c in upset if (contact := ctx.contact(c))}
    # Every customer's name ends another's item, the satisfied ones' too.
    customers = {surname(name) for name in _customers(ctx, ctx.conversations())}
    result: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in upset:
        name = who.get(c.id, set())
        others = customers - name
        ok = bool(name) and _tells(text, name, others, ctx.lang_of(c))
        result[c.id] = ok
        at = reports[-1].at if reports else c.offered
        note = Text("note.reaction_told" if ok else "note.reaction_not_told", contact=c.id)
        (good if ok else bad).append(Evidence(at.seq, at.sim, note))
    # A caller pressing for another's data is not asked for (round 12), but their reaction told
    # is the clientèle's transmitted, read with the others' as a technique (round 20); not an
    # item of its own: no pressing caller makes a report to judge.
    told = dict(result)
    for c in ctx.conversations():
        contact = ctx.contact(c)
        if contact is None or not pressing(contact) or c.id in result or not reports:
            continue
        name = _designations(contact)
        if _tells(text, name, customers - name, ctx.lang_of(c)):
            told[c.id] = True
            at = reports[-1].at
            note = Text("note.pressing_reaction_told", caller=contact.customer.name)
            good.append(Evidence(at.seq, at.sim, note))
    found = verdict("handover_reactions", result, bad, good, None)
    return replace(found, passed=slipped_once(told))  # one of three or more: a slip


__all__ = ["handover_reactions", "handover_urgency", "pressing", "urgency_requests"]
