"""The customer of a sale (key.sale, MC ACVD C1.6 « VENDRE »): the offer heard, they raise the
key's objection; an accepted answer convinces them; the add-on they take or decline as the key
says; a contact without a sale answers as it always did."""

from __future__ import annotations

from omnisim.engine.customer import respond
from omnisim.engine.phrases import said_key
from omnisim.engine.state import ContactState
from tests.measure_cases import Case, deck_of

OBJECTION = "Je ne veux plus m'engager pour un an."


def _deck(sale: dict | None):
    key = {"sale": sale} if sale else {}
    contact = {"id": "s", "channel": "phone", "opening": "Allô ?", "key": key}
    data = {"company": "Café Moka Direct", "contacts": [contact]}
    return deck_of(Case("t", "t", "t", "m", None, data))


SALE = {
    "offer": {"label": "Duo Intense", "accepts": ["Duo Intense"]},
    "objections": [{"prompt": OBJECTION, "answers": ["sans engagement"]}],
    "addon": {"label": "Détartrant", "accepts": ["détartrant"], "accepted": False},
}


def _say(deck, c: ContactState, text: str) -> list[tuple[str, str]]:
    contact = deck.contact("s")
    turn = respond(deck, contact, c, text, 1)
    for line, _ in turn.lines:
        c.said.add(said_key(line))
        c.last_line = line
    c.candidate_turns += 1
    return turn.lines


def test_the_offer_draws_the_objection_an_answer_convinces_the_add_on_is_declined():
    deck = _deck(SALE)
    c = ContactState(status="active", channel="phone")
    lines = _say(deck, c, "Je vous propose la formule Duo Intense, ça vous va ?")
    assert (OBJECTION, "objection") in lines and not any(r == "agree" for _, r in lines)
    lines = _say(deck, c, "La formule est sans engagement, vous l'arrêtez quand vous voulez.")
    assert [r for _, r in lines] == ["sale_convinced"]
    lines = _say(deck, c, "Voulez-vous ajouter un flacon de détartrant ?")
    assert [r for _, r in lines] == ["addon"]
    assert "Non" in lines[0][0] or "Merci" in lines[0][0]
    # Said once: the offer named again raises nothing new.
    lines = _say(deck, c, "Donc la formule Duo Intense.")
    assert (OBJECTION, "objection") not in lines


def test_an_objection_met_before_it_is_raised_is_not_raised():
    deck = _deck(SALE)
    c = ContactState(status="active", channel="phone")
    lines = _say(deck, c, "La formule Duo Intense, sans engagement, 17,90 € par mois.")
    assert all(r != "objection" for _, r in lines)


def test_an_add_on_the_key_says_accepted_is_taken():
    deck = _deck({**SALE, "addon": {**SALE["addon"], "accepted": True}})
    c = ContactState(status="active", channel="phone")
    lines = _say(deck, c, "Voulez-vous ajouter un flacon de détartrant ?")
    assert [r for _, r in lines] == ["addon"] and "Non" not in lines[0][0]


def test_without_a_sale_the_same_lines_draw_no_sale_reaction():
    deck = _deck(None)
    c = ContactState(status="active", channel="phone")
    lines = _say(deck, c, "Je vous propose la formule Duo Intense, ça vous va ?")
    assert all(r not in ("objection", "sale_convinced", "addon") for _, r in lines)
