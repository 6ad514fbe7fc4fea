"""End-of-shift writing: CQP C.3.2 "passation des messages", and what every report shares.
The incident report (CQP C.3.1, MC ACVD C4.3 « Les anomalies… ») is incidents.py's; what a
report must class and tell (urgency, customers' reactions) is in team.py."""

from __future__ import annotations

import re
from collections.abc import Callable

from omnisim.i18n import Text
from omnisim.language.disclosure import gives_number
from omnisim.language.lexicon import fold
from omnisim.language.markers import asks_callback, content_words, word_list
from omnisim.language.match import NAME_TITLES, normalise
from omnisim.language.urgency_marks import urgency_marked
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import internal_contact
from omnisim.measures.habit import slipped_once
from omnisim.measures.on_record import number_on_record
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import Moment, Operation

Fact = tuple[str, Moment]  # (key word the report must contain, moment that made it a fact)


def surname(name: str) -> str:
    """The word a report names a person by (the last of their name), folded."""
    return normalise(name.split()[-1]) if name.split() else ""


def caller_names(caller: str) -> frozenset[str]:
    """The words a message's caller is named by, as the desk's free field holds them (a
    title, the surname first, a comment after the name: « M. Perrin (voisin, 10 rue X) »)."""
    name = re.split(r"[(,;:–]| - ", caller)[0]
    return content_words(name) - content_words(" ".join(NAME_TITLES))


def reports_of(ctx: MeasureContext, kind: str) -> list[Operation]:
    return [op for op in ctx.view.ops("report.written") if op.payload.kind == kind]


def report_evidence(reports: list[Operation], incident: bool) -> list[Evidence]:
    key = "note.report_incident" if incident else "note.report_handover"
    return [Evidence(op.at.seq, op.at.sim, Text(key, text=op.payload.text[:80])) for op in reports]


def report_outcome(
    measure: str,
    reports: list[Operation],
    named: dict[str, bool],
    evidence: list[Evidence],
    threshold: object,
    slip: bool = False,
) -> MeasureResult:
    """``slip``: one item left out of three or more is forgiven (habit.slipped_once)."""
    passed = bool(reports) and (slipped_once(named) if slip else all(named.values()))
    ordered = tuple(sorted(evidence, key=lambda e: e.seq))
    return MeasureResult(measure, named, threshold, passed, ordered, _detail(reports, named))


def _detail(reports: object, named: dict[str, bool]) -> Text:
    """No report at all, or what the reports leave unnamed."""
    missing = [label for label, ok in named.items() if not ok]
    if not reports:
        return Text("detail.no_report")
    return Text("detail.report_missing", facts=", ".join(missing)) if missing else Text()


def handover_notes(ctx: MeasureContext) -> MeasureResult:
    """Every message taken during the shift is handed over (named by its caller's name)."""
    facts = {
        f"message #{op.at.seq}": (caller_names(op.payload.caller), op.at)
        for op in ctx.view.ops("message.taken")
    }
    reports = reports_of(ctx, "handover")
    if not facts and not reports:
        return MeasureResult("handover_notes", {}, None, None, (), Text("detail.no_fact_to_report"))
    text = content_words(" ".join(op.payload.text for op in reports))
    named = {label: bool(words & text) for label, (words, _) in facts.items()}
    evidence = report_evidence(reports, incident=False)
    evidence += [
        Evidence(
            at.seq,
            at.sim,
            Text("note.fact_named" if named[label] else "note.fact_not_named", fact=label),
        )
        for label, (_, at) in facts.items()
    ]
    return report_outcome("handover_notes", reports, named, evidence, list(facts))


# « Sans rétention » read over the whole hand-over: most of the calls that left something to
# pass on are named in it. The juries of rounds 15-17 gave C.3.2 to a hand-over that left out
# one call of four; « RAS » after five such calls (round 18) retains them all.
RETAINED_SHARE = 0.5  # more than this share named


def handover_retention(ctx: MeasureContext) -> MeasureResult:
    """CQP C.3.2 « A la fin des appels prévoir une transmission des messages reçus », « sans
    rétention »: the calls that left a message to pass on (the key expects one, whether or not
    the candidate wrote it on the desk) are, most of them, named in the hand-over: by their
    caller (a name, the record's the message is about, the number), or by what they called
    about (« un voisin a demandé des informations sur une vente »: the contact's subject).
    handover_notes reads each desk message; this reads what a hand-over of « RAS » leaves out
    when none was written. A call from the house (a principal collecting messages) leaves
    nothing to pass on."""
    records = {r.id: r for r in ctx.deck.crm}
    facts: dict[str, tuple[frozenset[str], Moment, str]] = {}
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or c.picked is None or internal_contact(ctx.deck, contact):
            continue
        expected = [x for x in contact.key.crm if x.action == "message"]
        if not expected:
            continue
        words = caller_names(contact.customer.name) | content_words(contact.subject)
        for x in expected:
            record = records.get(x.record or "")
            if record is not None:
                words |= caller_names(record.last_name)
        facts[contact.customer.name] = (words, c.picked, contact.customer.phone)
    reports = reports_of(ctx, "handover")
    if not facts:
        return MeasureResult(
            "handover_retention", {}, None, None, (), Text("detail.no_fact_to_report")
        )
    raw = " ".join(op.payload.text for op in reports)
    text = content_words(raw)
    named = {
        label: bool(words & text) or bool(phone.strip() and gives_number(raw, phone))
        for label, (words, _, phone) in facts.items()
    }
    evidence = report_evidence(reports, incident=False)
    for label, (_, at, _) in facts.items():
        key = "note.fact_named" if named[label] else "note.fact_not_named"
        evidence.append(Evidence(at.seq, at.sim, Text(key, fact=label)))
    share = sum(named.values()) / len(named)
    passed = bool(reports) and share > RETAINED_SHARE
    ordered = tuple(sorted(evidence, key=lambda e: e.seq))
    detail = _detail(reports, named)
    return MeasureResult("handover_retention", named, RETAINED_SHARE, passed, ordered, detail)


# Where one caller's item of a hand-over line ends: a sentence or a semicolon (« Mme A à
# rappeler au … ; M. B, pour information »), not the dot of a title (« M. Blot »).
_ITEM_STOP = re.compile(r"(\w*)[;.!?](?=\s|$)")


def _pieces(line: str) -> list[str]:
    out, start = [], 0
    for m in _ITEM_STOP.finditer(line):
        if m.group(0).endswith(".") and normalise(m.group(1)) in NAME_TITLES:
            continue
        out.append(line[start : m.end()])
        start = m.end()
    return [*out, line[start:]]


def _items_of(text: str, callers: list[frozenset[str]]) -> list[tuple[str, set[int]]]:
    """The hand-over's pieces with the callers (indices of ``callers``) each belongs to: a
    piece naming callers is theirs, one naming nobody goes on the piece before it in the same
    line (« Mme A a appelé pour son bail. Merci de la rappeler au … »)."""
    out: list[tuple[str, set[int]]] = []
    for line in text.split("\n"):
        owners: set[int] = set()
        for piece in _pieces(line):
            if not piece.strip():
                continue
            words = content_words(piece)
            named = {i for i, caller in enumerate(callers) if caller and caller & words}
            owners = named or owners
            out.append((piece, set(owners)))
    return out


# « message » in French and English: an item naming the message left points to it.
_MESSAGE = re.compile(r"(?<![\w'])messages?(?![\w'])")


_HOUR = re.compile(r"\b\d{1,2} ?h\b")


def _words(text: str) -> str:
    """The folded words of ``text``, space-framed: phrases are found whole."""
    return " " + " ".join(re.findall(r"[\w']+", fold(text))) + " "


def _points_to_message(pieces: list[str], for_whom: str, lang: str, listed: bool = False) -> bool:
    """An item that names the message left, its recipient and when the call-back is due
    (« message à Mme X : rappel promis aujourd'hui »): the colleague is sent to the message,
    which holds the number, knowing its échéance (round 16's jury: « chaque message en
    attente avec son destinataire et son échéance »); « transmise à Mme X (rappel sous 48 h) »
    names it by whom it went to (round 18). Without the when, « message laissé au
    Dr X pour la rappeler » leaves the colleague nothing to act on (round 16, plateau weak).
    ``listed``: the item sits under a title that names the messages (« Messages en attente »),
    which names the message for each item under it (round 22, the littoral strong's « M. Le
    Berre : réclamation de M. Perraud …, rappel promis sous 72 h »)."""
    recipient = content_words(for_whom) - NAME_TITLES
    when = word_list(lang, "when_words")
    passed = word_list(lang, "passed_to")
    named = any(
        (listed or _MESSAGE.search(fold(piece)) or any(f" {p} " in _words(piece) for p in passed))
        and recipient & content_words(piece)
        for piece in pieces
    )
    due = any(
        set(re.findall(r"[\w']+", fold(piece))) & when or _HOUR.search(piece) for piece in pieces
    )
    return named and due


def handover_callbacks(ctx: MeasureContext) -> MeasureResult:
    """CQP C.3.2 « Transférer sans rétention et sans interprétation des informations clés à ses
    collègues », a transmission « permettant l'exploitation par une tierce personne »: a hand-over
    item that asks a colleague to call back the caller of a message (« rappeler Mme X ») gives
    the number to call, any spacing; without it the colleague cannot act on it. An item that
    only names the message (« Messages transmis : Mme X ») sends them to the message, which
    holds the number, as does one that asks it and names the message left for its recipient
    (:func:`_points_to_message`); nothing to judge when no item asks for a call-back. A
    call-back is the item's own caller's: in « Mme A à rappeler au … ; M. B, pour
    information » M. B is asked nothing (round 12)."""
    lang = ctx.deck.language
    reports = reports_of(ctx, "handover")
    text = "\n".join(op.payload.text for op in reports)
    taken = ctx.view.ops("message.taken")
    callers = [caller_names(op.payload.caller) for op in taken]
    items = _items_of(text, callers)
    listed = _under_heading(text, callers, lambda line: bool(_MESSAGE.search(fold(line))))
    given: dict[str, bool] = {}
    evidence: list[Evidence] = []
    for index, op in enumerate(taken):
        about = [piece for piece, owners in items if index in owners]
        if not any(asks_callback(piece, lang) for piece in about):
            continue
        contact = ctx.deck.contact(op.payload.contact_id)
        numbers = [op.payload.phone, contact.customer.phone if contact else ""]
        label = f"message #{op.at.seq}"
        given[label] = any(gives_number(piece, n) for piece in about for n in numbers if n.strip())
        key = "note.callback_number_given" if given[label] else "note.callback_number_missing"
        if not given[label] and _points_to_message(
            about, op.payload.for_whom, lang, index in listed
        ):
            given[label], key = True, "note.callback_in_message"
        elif not given[label] and number_on_record(ctx.deck, contact, op.payload.phone, about):
            given[label], key = True, "note.callback_on_record"
        evidence.append(
            Evidence(op.at.seq, op.at.sim, Text(key, fact=label, number=op.payload.phone))
        )
    if not given:
        return MeasureResult(
            "handover_callbacks", {}, None, None, (), Text("detail.no_callback_asked")
        )
    evidence += report_evidence(reports, incident=False)
    return report_outcome("handover_callbacks", reports, given, evidence, list(given))


HEADING_WORDS = 6  # a hand-over's section title (« URGENT », « À traiter en priorité : »)


def _under_heading(
    text: str, callers: list[frozenset[str]], titled: Callable[[str], bool]
) -> set[int]:
    """The callers named in a section of the hand-over whose title is ``titled`` (round 18:
    « URGENT » over three numbered items; round 22: « Messages en attente »): a short line
    naming nobody opens a section, the next such line closes it."""
    out: set[int] = set()
    inside = False
    for line in text.split("\n"):
        if not line.strip():
            continue
        words = content_words(line)
        named = {i for i, caller in enumerate(callers) if caller and caller & words}
        if not named and len(line.split()) <= HEADING_WORDS:
            inside = titled(line)
        elif inside:
            out |= named
    return out


def handover_urgent_flagged(ctx: MeasureContext) -> MeasureResult:
    """CQP C.3.2 « Transférer sans rétention et sans interprétation des informations clés »;
    C.1.9's périmètre « transmission des informations et des urgences recueillies »: an urgent
    matter left as a message (the contact urgent by the key, the message the key asks marked
    urgent, or the message marked urgent) is handed over as urgent; « M. X, donné au docteur »
    retains what the colleague must act on first. An item under a section titled urgent is
    marked by its title (round 18). An urgent call passed on at once leaves no message; nothing
    to judge without one."""
    lang = ctx.deck.language
    reports = reports_of(ctx, "handover")
    text = "\n".join(op.payload.text for op in reports)
    taken = ctx.view.ops("message.taken")
    callers = [caller_names(op.payload.caller) for op in taken]
    items = _items_of(text, callers)
    sections = _under_heading(text, callers, lambda line: urgency_marked(line, lang))
    flagged: dict[str, bool] = {}
    evidence: list[Evidence] = []
    for index, op in enumerate(taken):
        contact = ctx.deck.contact(op.payload.contact_id)
        asked = contact is not None and (contact.key.urgent or contact.key.message_urgent)
        if not (op.payload.urgent or asked):
            continue
        label = f"message #{op.at.seq}"
        about = [piece for piece, owners in items if index in owners]
        flagged[label] = index in sections or any(urgency_marked(piece, lang) for piece in about)
        key = "note.urgency_flagged" if flagged[label] else "note.urgency_not_flagged"
        evidence.append(Evidence(op.at.seq, op.at.sim, Text(key, fact=label)))
    if not flagged:
        return MeasureResult(
            "handover_urgent_flagged", {}, None, None, (), Text("detail.no_urgent_message")
        )
    evidence += report_evidence(reports, incident=False)
    return report_outcome("handover_urgent_flagged", reports, flagged, evidence, list(flagged))
