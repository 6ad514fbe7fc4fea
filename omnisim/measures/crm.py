"""CRM, agenda and messages: CP FFP "trace l'entretien dans la base de données CRM et met en
place les actions subséquentes"; CQP C.1.8 "ne pas faire de doublons et soigner
l'orthographe". The agendas are omnisim/measures/agenda.py."""

from __future__ import annotations

import re

from omnisim.deck.model import Contact, CrmRecord, Deck
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words
from omnisim.language.match import NAME_TITLES, normalise
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.exchange import internal_contact
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Note, Operation


def _at(op: Operation, note: Text) -> Evidence:
    return Evidence(op.at.seq, op.at.sim, note)


def trace_expected(deck: Deck, contact: Contact) -> bool:
    """Every customer contact is traced (CP FFP « trace l'entretien dans la base de données
    CRM ») where the key says nothing of the CRM; where it lists the CRM work the contact
    calls for, and for an internal one (a colleague, the principal), only when that work
    includes a trace (issue 26: a measure asks only what the key asks; round 12, a caller
    fishing for another's file whose key asks a message for the principal, no trace). A key
    that says the contact calls for no CRM work (``no_crm``: a general enquiry, round 21's
    garden centre, « une trace n'est pas exigée ») expects none."""
    if contact.key.no_crm:
        return False
    asked = any(x.action == "trace" for x in contact.key.crm)
    if internal_contact(deck, contact):
        return asked
    return asked or not contact.key.crm


def _trace_expected(ctx: MeasureContext, c: ContactView) -> bool:
    """:func:`trace_expected`; a contact the deck does not hold is traced."""
    contact = ctx.contact(c)
    return contact is None or trace_expected(ctx.deck, contact)


# A note that says what happened (« Voisin, voulait le prix ; rien communiqué »), not « vu ».
NOTE_MIN_WORDS = 5


def _noted(ctx: MeasureContext, c: ContactView) -> Note | None:
    """A caller with no record of their own (a third party asking about somebody else's file)
    is not given one: the note on the contact, which the team and the jury read, is the trace
    of the exchange (CP FFP « trace l'entretien »)."""
    contact = ctx.contact(c)
    if contact is None or contact.customer.record:
        return None
    return next((n for n in c.notes if len(n.text.split()) >= NOTE_MIN_WORDS), None)


def _asked_about(contact: Contact, record: CrmRecord) -> bool:
    """The caller's opening names the record's holder (« l'ex-mari de Sylvie Aubert », « le
    frère de Mme Tessier »): by a civility or the holder's first name before the surname, not
    the caller's own first name (« ici Laurent Girard » names the caller, not a homonym)."""
    # « la carte d'Émile Roux »: the elided article is no part of the name.
    words = fold(contact.opening).replace("'", " ").replace("\u2019", " ").split()
    surname = fold(record.last_name).split()[-1:] or [""]
    first = fold(record.first_name)
    own = fold(contact.customer.name).split()[:1] or [""]
    for before, word in zip(words, words[1:], strict=False):
        if word == surname[0] and before != own[0] and (before in NAME_TITLES or before == first):
            return True
    return False


def _right_record(ctx: MeasureContext, c: ContactView, op: Operation) -> bool:
    """A trace on the caller's own record, one created during the session, the record the
    key names for the CRM work (a parent calling about a child's file: the trace goes on the
    child's, round 17), the record of the person the caller asks about, or an id the deck does
    not hold; not another client's (a homonym: Martine for Laurent Girard, Mme Renault for the
    prospect Mme Renaud)."""
    contact = ctx.contact(c)
    record = next((r for r in ctx.deck.crm if r.id == op.payload.record_id), None)
    if contact is None or record is None or record.id == contact.customer.record:
        return True
    if any(x.record == record.id for x in contact.key.crm):
        return True
    return _asked_about(contact, record)


def crm_traced(ctx: MeasureContext) -> MeasureResult:
    """CP FFP « trace l'entretien dans la base de données CRM », MC ACVD « Les informations
    sont saisies »: each contact the key asks a trace of is traced, on the right record (a trace
    on a homonym's is an error of file, round 12), or, for a caller with no record, in a note."""
    traced: dict[str, list[Operation]] = {}
    for trace in ctx.view.ops("crm.traced"):
        traced.setdefault(trace.payload.contact_id, []).append(trace)
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        if not c.handled or not _trace_expected(ctx, c):
            continue
        ops = traced.get(c.id, [])
        op = next((o for o in ops if _right_record(ctx, c, o)), None)
        if ops and op is None:
            items[c.id] = False
            wrong = Text("note.crm_wrong_record", contact=c.id, record=ops[0].payload.record_id)
            bad.append(_at(ops[0], wrong))
            continue
        note = None if op is not None else _noted(ctx, c)
        items[c.id] = op is not None or note is not None
        if op is not None:
            good.append(
                _at(op, Text("note.crm_traced", contact=c.id, text=op.payload.summary[:60]))
            )
        elif note is not None:
            said = Text("note.crm_traced", contact=c.id, text=note.text[:60])
            good.append(Evidence(note.seq, note.sim, said))
        else:
            where = c.ended or c.picked
            assert where is not None
            bad.append(Evidence(where.seq, where.sim, Text("note.crm_not_traced", contact=c.id)))
    return verdict("crm_traced", items, bad, good, None, Text("detail.no_handled_contact"))


def crm_followup(ctx: MeasureContext) -> MeasureResult:
    done = {op.payload.contact_id: op for op in ctx.view.ops("crm.followup_set")}
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not any(x.action == "followup" for x in contact.key.crm):
            continue
        op = done.get(c.id)
        items[c.id] = op is not None
        if op is not None:
            good.append(_at(op, Text("note.crm_followup", contact=c.id, action=op.payload.action)))
        else:
            missing = Text("note.crm_no_followup", contact=c.id)
            bad.append(Evidence(c.offered.seq, c.offered.sim, missing))
    return verdict("crm_followup", items, bad, good, None, Text("detail.no_followup_expected"))


def _identity(fields: dict[str, str]) -> tuple[str, str]:
    return normalise(fields.get("last_name", "")).strip(), normalise(
        fields.get("first_name", "")
    ).strip()


def phone_digits(value: str) -> str:
    """A phone number as its digits, however it was spaced (« 06 55 66 77 88 »)."""
    return re.sub(r"\D", "", value)


def one_letter_off(a: str, b: str) -> bool:
    """Two names a single letter apart (« Roi » for « Roy », « Lemair »): a misspelling."""
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _same_person(name: tuple[str, str], known: tuple[str, str]) -> bool:
    """The same name, or the file's person typed with a misspelt surname and the same first
    name, or with first and last names swapped. Another first name is another person (round
    12: Mme Renault is not the prospect Mme Renaud)."""
    if not name[0]:
        return False
    if name == known or (name[1] and name == (known[1], known[0])):
        return True
    return bool(name[1]) and name[1] == known[1] and one_letter_off(name[0], known[0])


def crm_duplicates(ctx: MeasureContext) -> MeasureResult:
    """A record created for someone already in the CRM is a duplicate (CQP C.1.8 « ne pas
    faire de doublons », MC ACVD C2.3 « sans erreurs ou omissions »): the same name, phone or
    e-mail, or the name misspelt or swapped (:func:`_same_person`, round 15)."""
    known = [
        (
            r.id,
            _identity({"last_name": r.last_name, "first_name": r.first_name}),
            phone_digits(r.phone),
            r.email.strip().lower(),
        )
        for r in ctx.deck.crm
    ]
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for op in ctx.view.ops("crm.record_created"):
        fields = op.payload.fields
        name, phone = _identity(fields), phone_digits(fields.get("phone", ""))
        email = fields.get("email", "").strip().lower()
        twin = next(
            (
                rid
                for rid, n, p, e in known
                if _same_person(name, n) or (phone and p == phone) or (email and e == email)
            ),
            "",
        )
        items[op.payload.record_id] = twin
        if twin:
            bad.append(_at(op, Text("note.crm_duplicate", record=op.payload.record_id, twin=twin)))
        else:
            good.append(_at(op, Text("note.crm_new_record", record=op.payload.record_id)))
        known.append((op.payload.record_id, name, phone, email))
    return verdict("crm_duplicates", items, bad, good, 0, Text("detail.no_record_created"))


# A record's free text: written in the candidate's own words, read by its facts (note_holds).
FREE_TEXT_FIELDS = frozenset({"notes"})
# Punctuation around a word, guillemets and the typographic apostrophe too (by code point: the
# module holds no French text, test_one_translation).
_EDGES = "()[]{};:,.!?\"'" + chr(0xAB) + chr(0xBB) + chr(0x2019)
_SENTENCE_END = (".", "!", "?")


def _note_facts(text: str) -> tuple[set[str], set[str]]:
    """A note's figures (references, amounts, dates: the words holding a digit) and its
    proper names (a capital inside a sentence), as typed."""
    figures: set[str] = set()
    names: set[str] = set()
    raw = text.split()
    for i, word in enumerate(raw):
        token = word.strip(_EDGES)
        if not token:
            continue
        if any(ch.isdigit() for ch in token):
            figures.add(token)
        elif token[0].isupper() and i > 0 and not raw[i - 1].endswith(_SENTENCE_END):
            names.add(token)
    return figures, names


def note_holds(typed: str, truth: str, lang: str) -> bool:
    """MC ACVD C2.3 « Les informations sont saisies … sans erreurs ou omissions », CQP C.1.8
    « soigner l'orthographe »: a note is the candidate's sentence, not the key's. It holds the
    key's note when every figure and every proper name is there as the key writes it (a wrong
    amount or day is an error, a misspelt name a fault of spelling) and at least half of its
    other words (the matter: a note that leaves it out omits it), in any order, more said
    around them (round 21: « Félin Adulte poulet 4 kg + 2 litières » for « … 4 kg et 2
    litières »)."""
    figures, names = _note_facts(truth)
    have = {w.strip(_EDGES) for w in typed.split()}
    if not (figures | names) <= have:
        return False
    facts = {fold(w) for w in figures | names}
    words = {w for w in content_words(truth, lang) if w not in facts}
    shared = words & content_words(typed, lang)
    return 2 * len(shared) >= len(words)


def _typed_right(name: str, typed: str, truth: str, lang: str) -> bool:
    if name in FREE_TEXT_FIELDS:
        return note_holds(typed, truth, lang)
    return " ".join(typed.split()) == " ".join(truth.split())


def crm_spelling(ctx: MeasureContext) -> MeasureResult:
    """Fields typed in the CRM against the deck's truth, letter for letter (accents included);
    a free-text note by its facts (:func:`note_holds`)."""
    written: dict[str, list[Operation]] = {}
    for op in ctx.view.ops("crm.record_created") + ctx.view.ops("crm.record_updated"):
        written.setdefault(op.payload.contact_id, []).append(op)
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for contact in ctx.deck.contacts:
        for expected in contact.key.crm:
            if expected.action not in ("create", "update") or not expected.fields:
                continue
            if contact.id not in ctx.view.contacts:
                continue
            ops = written.get(contact.id, [])
            if not ops:
                continue
            typed: dict[str, str] = {}
            for op in ops:
                typed.update(op.payload.fields)
            lang = ctx.deck.language
            wrong = [
                (name, typed.get(name, ""), truth)
                for name, truth in expected.fields.items()
                if not _typed_right(name, typed.get(name, ""), truth, lang)
            ]
            # The value is data, the same in both languages: "last_name: Lefevre ≠ Lefèvre".
            typos = [f"{name}: {value} ≠ {truth}" for name, value, truth in wrong]
            items[contact.id] = items.get(contact.id, []) + typos
            last = ops[-1]
            if wrong:
                fields = tuple(
                    Text("note.crm_field_wrong", field=name, typed=value, expected=truth)
                    for name, value, truth in wrong
                )
                bad.append(_at(last, Text("note.crm_misspelt", contact=contact.id, fields=fields)))
            else:
                good.append(_at(last, Text("note.crm_spelling_ok", contact=contact.id)))
    return verdict("crm_spelling", items, bad, good, [], Text("detail.no_record_to_check"))
