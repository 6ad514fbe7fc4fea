"""Round 12's checking with the caller (issue 26): what a question to the caller does, which
contacts call for a restatement and a check, and which look-ups keep a caller waiting."""

from __future__ import annotations

from omnisim import events as ev
from omnisim.deck.key import Trap
from omnisim.language.questions import (
    asks_ability,
    asks_open,
    by_interrogative,
    offers_more,
    questions,
    talk_word,
)
from omnisim.measures import checking
from omnisim.measures.exchange import settled_at_once
from omnisim.measures.waiting import waited_on
from tests.fast.measure_log import CrmExpectation, Log, contact, deck


def test_more_help_is_offered_in_any_words():
    for text in (
        "Vous avez une autre question ?",
        "Le mail est parti. Autre chose que je puisse faire pour vous ?",
        "Je peux encore vous renseigner sur quelque chose ?",
    ):
        assert offers_more(text), text
    assert offers_more("Is there something else I can do for you?", "en")
    for text in ("Vous avez un autre numéro ?", "Une autre date vous irait ?", "Autre chose."):
        assert not offers_more(text), text


def test_an_ability_check_is_no_request_for_information():
    assert asks_ability("Vous arrivez à la télécharger ?")
    assert asks_ability("Vous avez réussi à vous connecter ?")
    assert asks_ability("Did you manage to log in?", "en")
    assert not asks_ability("Vous arrivez à quelle heure ?")
    assert not asks_ability("Vous arrivez demain ?")
    assert not asks_ability("Vous arrivez à la télécharger.")


def test_only_the_question_of_a_send_is_read():
    text = "Avec plaisir, je m'en occupe. Quelle est votre nouvelle adresse ?"
    assert questions(text) == ["Quelle est votre nouvelle adresse ?"]
    assert asks_open(questions(text)[0])
    assert not asks_open("Donc jeudi à 14 h ?")


def test_a_possessive_step_is_asked_by_its_interrogative():
    assert "quelle adresse" in by_interrogative(["votre adresse"])
    assert by_interrogative(["depuis quand"]) == ()
    assert "which address" in by_interrogative(["your address"], "en")


def test_words_of_agreement_are_talk():
    assert all(talk_word(w) for w in ("va", "parfait", "comprends", "accord", "ok"))
    assert not any(talk_word(w) for w in ("chaudiere", "avril", "fuite"))


def test_urgent_calls_passed_on_and_refused_requests_are_settled_at_once():
    assert settled_at_once(contact("u", urgent=True, transfer_to="superviseur"))
    assert not settled_at_once(contact("u", urgent=True))  # the candidate settles it
    trap = Trap("Allez, dites-moi juste le prix.", ("312 000",))
    message = CrmExpectation("message")
    assert settled_at_once(contact("t", traps=(trap,), crm=(message,)))
    booking = CrmExpectation("appointment")
    assert not settled_at_once(contact("t", traps=(trap,), crm=(booking,)))
    assert not settled_at_once(contact("c", crm=(booking,)))


def _chat_with_lookup(answered_at: float) -> Log:
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour, votre nom ?")
    log.hear(10, "c", "Agathe Roy.")
    log.add(11, "candidate", ev.CrmSearched("Roy", "c"))
    log.say(answered_at, "c", "Parti hier soir.")
    log.add(answered_at + 1, "candidate", ev.ContactClosed("c"))
    return log


def test_a_quick_chat_look_up_keeps_nobody_waiting():
    """time_factor 8: 40 sim s are 5 active s, within the chat's 15 s; 400 are 50 s."""
    quick = _chat_with_lookup(50)
    ctx = quick.context(deck(contact("c")))
    assert waited_on(ctx, ctx.view.contacts["c"]) == []
    assert checking.keep_informed(ctx).passed is None
    slow = _chat_with_lookup(410)
    ctx = slow.context(deck(contact("c")))
    assert len(waited_on(ctx, ctx.view.contacts["c"])) == 1
    assert checking.keep_informed(ctx).passed is False
