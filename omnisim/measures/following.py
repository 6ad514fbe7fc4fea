"""Following a service through (CCS-RC C2 « Réaliser ou suivre la réalisation d'une
prestation en assurant la satisfaction client »).

CP FFP's « s'assure de la satisfaction de l'appelant » asks a check at the end of each call
(checking.satisfaction_check); CCS-RC C2 asks something else: that the service the customer
needs gets done — passed to whoever does it, a follow-up set — and that the candidate makes
sure, as a practice, that customers are satisfied (seed 002's interview: « vous arrive-t-il de
vous assurer de la satisfaction des clients ? Comment procédez-vous ? A quelle fréquence ? »).
"""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.match import is_question
from omnisim.language.outcome import asks_outcome
from omnisim.language.questions import offers_more
from omnisim.measures.complaints import kept_with_promise
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import checks_with_caller, internal, settled_at_once
from omnisim.measures.habit import habit
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

# What the key expects done after the contact, and the operations that carry a service on:
# passed to whoever does it (a message, a transfer), a follow-up set, an intervention booked.
FOLLOWED_IN_KEY = ("message", "followup")
CARRIES = ("message.taken", "crm.followup_set", "agenda.booked", "agenda.moved")


def _to_follow(ctx: MeasureContext, c: ContactView) -> bool:
    """A customer's contact whose key asks the service passed on or followed."""
    contact = ctx.contact(c)
    if contact is None or internal(ctx, c):
        return False
    key = contact.key
    return bool(key.transfer_to) or any(x.action in FOLLOWED_IN_KEY for x in key.crm)


def service_followed(ctx: MeasureContext) -> MeasureResult:
    """CCS-RC C2 « Réaliser ou suivre la réalisation d'une prestation »; seed 002: « Si la
    prestation est mal ou non réalisée… », « signaler ces dysfonctionnements à d'autres
    professionnels »: where the key asks the service passed on or followed, the candidate did
    something that carries it (a message, a transfer, a follow-up, a booking); « je fais
    remonter, on vous rappellera » with nothing passed on follows nothing, nor does a follow-up
    of one's own beside a remedy promised on a complaint the key gives to someone else (round
    15: the satisfaction promised, not assured; complaints.kept_with_promise). A habit over
    those contacts (habit.py)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        if not _to_follow(ctx, c):
            continue
        act = next(
            (
                op
                for op in ctx.view.operations
                if op.kind in CARRIES and getattr(op.payload, "contact_id", "") == c.id
            ),
            None,
        )
        at = act.at if act is not None else c.transferred
        kept = kept_with_promise(ctx, c)
        items[c.id] = at is not None and kept is None
        contact = ctx.contact(c)
        if kept is not None and contact is not None:
            want = contact.key.transfer_to
            note = Text("note.promised_not_passed", contact=c.id, want=want, text=kept.text[:80])
            bad.append(ev_of(kept, note))
        elif at is not None:
            good.append(Evidence(at.seq, at.sim, Text("note.service_followed", contact=c.id)))
        else:
            where = c.closed or c.offered
            bad.append(
                Evidence(where.seq, where.sim, Text("note.service_not_followed", contact=c.id))
            )
    return habit("service_followed", items, bad, good, Text("detail.no_service_to_follow"))


def _refused(ctx: MeasureContext, c: ContactView) -> bool:
    """A third party's confidential request refused (:func:`settled_at_once`, not an urgency):
    no solution of theirs to be satisfied with; « Autre chose ? » said to them checks no
    customer's satisfaction (hand4 plateau weak, jury non acquis)."""
    contact = ctx.contact(c)
    return contact is not None and settled_at_once(contact) and not _sent_on(ctx, c)


def _sent_on(ctx: MeasureContext, c: ContactView) -> bool:
    """An urgency the key passes at once to someone (:func:`settled_at_once`): no check is
    asked there, the solution is theirs; one said all the same (« Ça vous va ? Je vous passe
    l'assistance. ») is the practice shown (round 20, a rental deck's CCS-RC C2 jury)."""
    contact = ctx.contact(c)
    return contact is not None and bool(contact.key.urgent and contact.key.transfer_to)


def _checks(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A check of the customer's agreement or satisfaction anywhere in the conversation: a
    formula (« Cela vous convient ? », « Autre chose pour vous ? »), a checking question on
    the solution, more help offered, or a question on how the service done for them turned out
    (« L'équipe est bien passée ? », language/outcome.py; round 16)."""
    lang = ctx.lang_of(c)
    for line in c.candidate_lines:
        if {"satisfaction_check", "validation_question"} & set(ctx.markers(c, line)):
            return line
        text = _without_datum_checks(line.text, lang)
        if checks_with_caller(text, lang) or offers_more(line.text, lang):
            return line
        if asks_outcome(line.text, lang):
            return line
    return None


def satisfaction_assured(ctx: MeasureContext) -> MeasureResult:
    """CCS-RC C2 « en assurant la satisfaction client »; seed 002: « vous arrive-t-il de vous
    assurer de la satisfaction des clients ? … A quelle fréquence ? … sans les incommoder »: a
    practice over the shift, not a formula at the end of every call (CP FFP's
    satisfaction_check); CP FFP C1 « s'assure de la satisfaction de l'appelant » as its juries
    read it (grids/cp_ffp.yaml). Passes when the candidate checked a customer's agreement or
    satisfaction in at least one customer conversation (an urgency passed on counts only when
    checked: :func:`_sent_on`); fails when never."""
    items: dict[str, bool] = {}
    good: list[Evidence] = []
    for c in ctx.conversations():
        if internal(ctx, c) or _refused(ctx, c):
            continue
        found = _checks(ctx, c)
        if found is None and _sent_on(ctx, c):
            continue
        items[c.id] = found is not None
        if found is not None:
            good.append(ev_of(found, Text("note.quote", contact=c.id, text=found.text[:80])))
    bad: list[Evidence] = []
    if items and not good:
        first = ctx.conversations()[0]
        bad.append(ev_of(first.candidate_lines[0], Text("note.satisfaction_never_checked")))
    return verdict("satisfaction_assured", items, bad, good, 1, Text("detail.no_conversation"))


# Who a question is put to, as against whose file it reads (« votre fiche »).
_PERSONAL = frozenset({"vous", "tu", "te", "you"})


def _without_datum_checks(text: str, lang: str) -> str:
    """``text`` without its questions on whether a detail of the file is right (« Le numéro de
    votre fiche est-il le bon ? »): they check the record, not how the customer finds the
    answer (CCS-RC C2, hand_ccs_rc_habitat mixed, round 18); « Vous avez bien noté le
    numéro ? » is put to the customer and stays."""
    details = word_list(lang, "callback_detail_words")
    kept = []
    for sentence in re.split(r"(?<=[.!?…])\s+", text):
        tokens = set(re.findall(r"[a-z]+", fold(sentence)))
        if is_question(sentence) and tokens & details and not tokens & _PERSONAL:
            continue
        kept.append(sentence)
    return " ".join(kept)
