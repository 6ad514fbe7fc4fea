"""The caller's identity checked as the procedure asks: MC ACVD C1.1 « Identifier ou vérifier les
données « client » », « conformes aux procédures en vigueur dans l'entreprise ».

Read against the key, never guessed: of the questions a contact's key requires (``must_ask``),
those whose words name an identity datum (a birth date, a postcode, a customer, member or
contract number: markers' ``identity_checks``) are the company's identity check, and each is
asked — in the fact's words or the candidate's own (asking.py) — or was given by the customer
unasked. The other required questions (the damage, the order) are the request's, judged where
the other grids read ``required_questions``. A key that requires no identity question asks
nothing here. When in the call it is asked is not read: the juries fail a caller never checked.
"""

from __future__ import annotations

import re

from omnisim.deck.key import Fact
from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.exchange import internal
from omnisim.measures.required import each_asked
from omnisim.measures.result import Evidence, MeasureResult


def identity_facts(contact: Contact, lang: str) -> list[Fact]:
    """The key's required questions that check who is calling, by their words."""
    checks = word_list(lang, "identity_checks")
    out = []
    for fact_id in contact.key.must_ask:
        fact = next((f for f in contact.facts if f.id == fact_id), None)
        if fact is None:
            continue
        words = [fold(a) for a in fact.ask]
        if any(re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", a) for a in words for w in checks):
            out.append(fact)
    return out


def identity_checked(ctx: MeasureContext) -> MeasureResult:
    """Each identity question the key requires is asked, or was answered unasked; the evidence
    names the one never asked, in the deck's words for it, for the jury."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not c.handled or internal(ctx, c):
            continue
        lang = ctx.lang_of(c)
        facts = identity_facts(contact, lang)
        if not facts:
            continue
        found, missing = each_asked(
            ctx, c, facts, "identity", lambda f: f.ask[0] if f.ask else f.answer
        )
        good += found
        items[c.id] = missing is None
        bad += [missing] if missing else []
    return verdict("identity_checked", items, bad, good, None, Text("detail.no_identity_check"))


__all__ = ["identity_checked", "identity_facts"]
