"""What a customer whose contact is a sale (``key.sale``, MC ACVD C1.6 « VENDRE ») does with
what the candidate sells: the fitting offer heard, they raise the key's objection (once each,
in turn); that objection met by one of the key's answers, they are convinced; the add-on
proposed, they take it or decline it as the key says (``addon.accepted``). A contact with no
sale never comes here: the conversation is what it always was.

Matched as the measures read the key (every content word of one wording, endings aside:
language/substance.names), so the customer and the jury hear the same offer."""

from __future__ import annotations

from omnisim.deck.key import Objection
from omnisim.engine import phrases
from omnisim.engine.phrases import new, said_key
from omnisim.engine.turn import Exchange
from omnisim.language.substance import names


def _holds(text: str, wordings: tuple[str, ...], lang: str) -> bool:
    return any(w.strip() and names(text, w, lang) for w in wordings)


def _pending(x: Exchange) -> Objection | None:
    """The objection they raised last and were not yet convinced of (raised in the key's order,
    each answer convincing them once)."""
    sale = x.contact.key.sale
    assert sale is not None
    raised = [o for o in sale.objections if said_key(o.prompt) in x.c.said]
    names_ = ("sale_convinced", phrases.mood_family(x.v.lang, "sale_convinced", True))
    convinced = sum(
        said_key(text) in x.c.said
        for name in names_
        for text in phrases.variants(x.v.lang, name, **x.v.values)
    )
    return raised[-1] if len(raised) > convinced else None


def hear_sale(x: Exchange) -> bool:
    """The customer's answer to an offer, an objection's answer or an add-on; whether any."""
    sale = x.contact.key.sale
    if sale is None or x.heard.rude:
        return False
    text, turn, v, lang = x.text, x.turn, x.v, x.v.lang
    pending = _pending(x)
    if pending is not None and _holds(text, pending.answers, lang):
        turn.engaged = True
        turn.conduct.append("answered")
        return turn.add(v.say("sale_convinced"), "sale_convinced")
    if _holds(text, sale.offer.accepts, lang):
        for objection in sale.objections:
            if not new(objection.prompt, v.said):
                continue
            if _holds(text, objection.answers, lang):
                continue  # met before it was raised: nothing to object
            turn.engaged = True
            return turn.add(v.own(objection.prompt), "objection")
    addon = sale.addon
    if addon is not None and _holds(text, addon.accepts, lang):
        answered = v.used("sale_addon_yes") or v.used("sale_addon_no")
        if not answered:
            turn.engaged = True
            return turn.add(v.say("sale_addon_yes" if addon.accepted else "sale_addon_no"), "addon")
    return False
