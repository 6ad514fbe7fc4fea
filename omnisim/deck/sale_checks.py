"""The deck check of a sale in a contact's key (``key.sale``, MC ACVD C1.6 « VENDRE ») : the
need is facts of the contact, the offer and the add-on say what they are (a label for the jury)
and how a candidate names them, an objection says what the customer objects and how it is
answered, in words the matcher can find. Each problem names its field (validate.py reports
them)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from omnisim.deck.key import AnswerPoint
from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.substance import names


def _wordings(where: str, wordings: tuple[str, ...], lang: str) -> Iterator[tuple[str, Text]]:
    """Each wording holds a content word (« de la » is nothing the matcher can find)."""
    for j, wording in enumerate(wordings):
        if wording.strip() and not names(wording, wording, lang):
            yield f"{where}[{j}]", Text("deckerr.sale_no_words", wording=wording)


def _point(where: str, point: AnswerPoint, said: str, lang: str) -> Iterator[tuple[str, Text]]:
    if not point.label.strip():
        yield f"{where}.label", Text(f"deckerr.sale_{said}_label")
    if not any(a.strip() for a in point.accepts):
        yield f"{where}.accepts", Text(f"deckerr.sale_{said}_accepts")
    yield from _wordings(f"{where}.accepts", point.accepts, lang)


def sale_checks(deck: Deck, c: Contact, facts: Collection[str]) -> Iterator[tuple[str, Text]]:
    """(field path inside the contact, reason) for ``key.sale``."""
    sale = c.key.sale
    if sale is None:
        return
    lang = c.customer.language or deck.language
    for i, fact_id in enumerate(sale.need):
        if fact_id not in facts:
            known = ", ".join(sorted(facts)) or Text("err.none_known")
            yield (
                f"key.sale.need[{i}]",
                Text("deckerr.sale_need_unknown", fact=fact_id, known=known),
            )
    yield from _point("key.sale.offer", sale.offer, "offer", lang)
    for i, objection in enumerate(sale.objections):
        where = f"key.sale.objections[{i}]"
        if not objection.prompt.strip():
            yield f"{where}.prompt", Text("deckerr.sale_objection_prompt")
        if not any(a.strip() for a in objection.answers):
            yield f"{where}.answers", Text("deckerr.sale_objection_answers")
        yield from _wordings(f"{where}.answers", objection.answers, lang)
    if sale.addon is not None:
        yield from _point("key.sale.addon", sale.addon, "addon", lang)
