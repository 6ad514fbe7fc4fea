"""A sale, where the key says a contact is one (``key.sale``): MC ACVD C1.6 « VENDRE :
PROSPECTER, NÉGOCIER ET FIDÉLISER » (« Rechercher les besoins ou orienter la demande ▪
Sélectionner l'offre adaptée ▪ Présenter, proposer le produit ou le service ▪ Argumenter ▪
répondre aux objections ▪ Conclure la vente principale ▪ Proposer une vente additionnelle ▪
Réaliser les opérations qui en découlent ▪ Sécuriser et conforter le client »).

Read against the key, never guessed: the offer, the objections' answers and the add-on are the
key's wordings, found as an answer point's are (pertinence.gives: every content word of one
wording, any order, endings aside); the reassurance is the language's (markers
``choice_confirmed``). A contact whose key has no sale judges nothing: no sale, nothing to sell.
"""

from __future__ import annotations

from collections.abc import Iterator

from omnisim.deck.key import AnswerPoint, Sale
from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.marker_family import family
from omnisim.language.match import is_question
from omnisim.measures.asking import volunteered
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.pertinence import gives
from omnisim.measures.requests import FULFILS, _done, _ops_for
from omnisim.measures.required import asked_line
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

NO_SALE = Text("detail.no_sale")


def _sales(ctx: MeasureContext) -> Iterator[tuple[ContactView, Contact, Sale]]:
    """The contacts taken whose key is a sale."""
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or contact.key.sale is None:
            continue
        if c.handled or c.candidate_lines:
            yield c, contact, contact.key.sale


def offer_line(ctx: MeasureContext, c: ContactView, sale: Sale) -> Line | None:
    """The candidate's first line naming the fitting offer."""
    lang = ctx.lang_of(c)
    return next((ln for ln in c.candidate_lines if gives(ln.text, sale.offer, lang)), None)


def _end(c: ContactView) -> Evidence:
    at = c.ended or c.picked or c.offered
    return Evidence(at.seq, at.sim, Text("note.sale_offer_missing", contact=c.id))


def _need_known(
    ctx: MeasureContext, c: ContactView, contact: Contact, sale: Sale, at: Line
) -> bool:
    """Before ``at``, the need was asked: the key's ``need`` facts asked (or told unasked);
    without them, a question of the candidate's."""
    facts = [f for fid in sale.need for f in contact.facts if f.id == fid]
    if not facts:
        return any(is_question(ln.text) for ln in c.candidate_lines if ln.seq < at.seq)
    lang = ctx.lang_of(c)
    for fact in facts:
        line = asked_line(ctx, c, fact)
        if line is not None and line.seq < at.seq:
            continue
        if line is None and volunteered(c, fact, lang, fact.ask, anywhere=True):
            continue
        return False
    return True


def sale_offer_fits(ctx: MeasureContext) -> MeasureResult:
    """« Les demandes et/ou attentes du client sont identifiées », « L'offre proposée correspond
    aux attentes du client »: the fitting offer is made, after the need was asked (the key's
    ``need`` facts, asked or told unasked; without them, a question of the candidate's)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact, sale in _sales(ctx):
        made = [ln for ln in c.candidate_lines if gives(ln.text, sale.offer, ctx.lang_of(c))]
        if not made:
            items[c.id] = False
            bad.append(_end(c))
            continue
        # The offer that answers the need is one made once the need is known: named earlier
        # too (an outbound call's motive), it still counts when argued after the questions.
        after = next((ln for ln in made if _need_known(ctx, c, contact, sale, ln)), None)
        items[c.id] = after is not None
        if after is not None:
            good.append(ev_of(after, Text("note.sale_offer_made", contact=c.id)))
        else:
            bad.append(ev_of(made[0], Text("note.sale_offer_before_need", contact=c.id)))
    return verdict("sale_offer_fits", items, bad, good, None, NO_SALE)


def _same(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def sale_objection_answered(ctx: MeasureContext) -> MeasureResult:
    """« La réponse aux objections est appropriée »: each objection the customer raised is met
    by one of the key's answers after it. An objection never raised asks nothing."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, _contact, sale in _sales(ctx):
        lang = ctx.lang_of(c)
        for i, objection in enumerate(sale.objections):
            raised = next(
                (
                    ln
                    for ln in c.lines
                    if ln.actor == "customer" and _same(ln.text, objection.prompt)
                ),
                None,
            )
            if raised is None:
                continue
            point = AnswerPoint(objection.prompt, objection.answers)
            answer = next(
                (
                    ln
                    for ln in c.candidate_lines
                    if ln.seq > raised.seq and gives(ln.text, point, lang)
                ),
                None,
            )
            items[f"{c.id}:{i}"] = answer is not None
            if answer is not None:
                good.append(ev_of(answer, Text("note.sale_objection_answered", contact=c.id)))
            else:
                bad.append(ev_of(raised, Text("note.sale_objection_unanswered", contact=c.id)))
    return verdict("sale_objection_answered", items, bad, good, None, Text("detail.no_objection"))


def sale_addon_proposed(ctx: MeasureContext) -> MeasureResult:
    """« une vente additionnelle est proposée »: proposed, accepted or not (« Proposer une
    vente additionnelle (avantage, cadeau, autre produit ou service) »)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, _contact, sale in _sales(ctx):
        if sale.addon is None:
            continue
        lang = ctx.lang_of(c)
        line = next((ln for ln in c.candidate_lines if gives(ln.text, sale.addon, lang)), None)
        items[c.id] = line is not None
        if line is not None:
            good.append(ev_of(line, Text("note.sale_addon_proposed", contact=c.id)))
        else:
            at = c.ended or c.picked or c.offered
            bad.append(Evidence(at.seq, at.sim, Text("note.sale_addon_missing", contact=c.id)))
    return verdict("sale_addon_proposed", items, bad, good, None, Text("detail.no_addon"))


def sale_operations(ctx: MeasureContext) -> MeasureResult:
    """« Les opérations consécutives à la vente sont effectuées sans erreur » (« Réaliser les
    opérations qui en découlent (prise de rendez-vous, encaissement, ...) »): each operation the
    sale's key names (``key.crm``: the order noted on the record, the appointment) is done."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, contact, _sale in _sales(ctx):
        # The operations the sale calls for; the contact's trace is C2.3's (crm_traced).
        wanted = [x for x in contact.key.crm if x.action in FULFILS]
        if not wanted:
            continue
        ops = _ops_for(ctx, c.id)
        missing = []
        for expected in wanted:
            op = _done(ctx.deck, expected, ops)
            if op is None:
                missing.append(Text(f"note.action.{expected.action}"))
            else:
                action = Text(f"note.action.{expected.action}")
                good.append(
                    Evidence(
                        op.at.seq, op.at.sim, Text("note.action_done", contact=c.id, action=action)
                    )
                )
        items[c.id] = not missing
        if missing:
            at = c.ended or c.picked or c.offered
            note = Text("note.actions_missing", contact=c.id, actions=tuple(missing))
            bad.append(Evidence(at.seq, at.sim, note))
    return verdict("sale_operations", items, bad, good, None, Text("detail.no_sale_operation"))


def conforts(text: str, lang: str) -> bool:
    """A line that confirms the customer in their choice (« très bon choix », « vous ne le
    regretterez pas », « sans engagement », « 14 jours pour changer d'avis »)."""
    return family(lang, "choice_confirmed").search(fold(text)) is not None


def sale_reassured(ctx: MeasureContext) -> MeasureResult:
    """« Le client est conforté dans son choix » (« Sécuriser et conforter le client »): once
    the offer is made, a line secures the choice. No offer made: nothing to conforter."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c, _contact, sale in _sales(ctx):
        offer = offer_line(ctx, c, sale)
        if offer is None:
            continue
        lang = ctx.lang_of(c)
        line = next(
            (ln for ln in c.candidate_lines if ln.seq > offer.seq and conforts(ln.text, lang)),
            None,
        )
        items[c.id] = line is not None
        if line is not None:
            good.append(ev_of(line, Text("note.sale_reassured", contact=c.id)))
        else:
            at = c.ended or offer
            bad.append(Evidence(at.seq, at.sim, Text("note.sale_not_reassured", contact=c.id)))
    return verdict("sale_reassured", items, bad, good, None, NO_SALE)


__all__ = [
    "conforts",
    "offer_line",
    "sale_addon_proposed",
    "sale_objection_answered",
    "sale_offer_fits",
    "sale_operations",
    "sale_reassured",
]
