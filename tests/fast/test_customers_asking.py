"""One line that restates what the customer said AND asks for something new (#26 class 5).

A real customer confirms and answers: « Oui, c'est ça. Les lots 3391, 3392 et 3397. », in
either order of the line's parts, on every channel, an e-mail's every question in one reply.
The candidate asks in their own words, not the deck's ``ask`` keywords (« Vous avez la marque
de cette chaudière ? » for « quel modèle »): the customer hears what is asked all the same.
"""

from __future__ import annotations

import dataclasses

import pytest

from omnisim import events as ev
from omnisim.deck.key import Fact
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim, lines, picked_up, reasons

ASKING = ROOT / "tests" / "decks" / "asking"
RECAP = (
    "Si je comprends bien, votre chaudière est en panne et vous souhaitez qu'un technicien "
    "passe chez vous."
)


@pytest.fixture
def caller() -> Sim:
    return picked_up(ASKING, "panne")


def test_a_restatement_then_a_question_gets_the_confirmation_and_the_fact(caller):
    said = caller.send("panne", f"{RECAP} Vous avez la marque de cette chaudière ?")
    assert reasons(said) == ["recap_confirm", "fact:modele"]


def test_a_question_then_a_restatement_gets_both_too(caller):
    said = caller.send(
        "panne",
        "Qu'est-ce qui s'affiche sur l'écran de l'appareil ? Donc votre chaudière est en "
        "panne et vous attendez notre technicien, c'est bien ça ?",
    )
    assert sorted(reasons(said)) == ["fact:erreur", "recap_confirm"]


def test_a_question_clause_inside_a_request_to_confirm_is_answered(caller):
    said = caller.send(
        "panne", "La panne, elle a commencé quel jour, et c'est bien la chaudière c'est ça ?"
    )
    assert sorted(reasons(said)) == ["fact:debut", "recap_confirm"]


def test_a_plain_restatement_still_gets_the_confirmation_alone(caller):
    assert reasons(caller.send("panne", RECAP)) == ["recap_confirm"]


def test_a_plain_question_in_other_words_gets_the_fact_alone(caller):
    said = caller.send("panne", "Vous avez la marque de la chaudière ?")
    assert reasons(said) == ["fact:modele"]
    assert lines(said)[0][0] == "Une chaudière Saunier Duval de 2015."


def test_two_questions_in_one_line_get_both_facts(caller):
    said = caller.send(
        "panne", "Vous avez la marque de la chaudière ? Et qu'est-ce qui s'affiche sur l'écran ?"
    )
    assert sorted(reasons(said)) == ["fact:erreur", "fact:modele"]


def test_a_fact_asked_again_in_other_words_is_not_given_again(caller):
    first = caller.send("panne", "Vous avez la marque de la chaudière ?")
    again = caller.send("panne", "Et la marque de la chaudière, vous l'avez ?")
    assert reasons(first) == ["fact:modele"]
    assert "fact:modele" not in reasons(again)
    assert all("Saunier Duval de 2015" not in text for text, _ in lines(again))


def test_the_deck_s_own_words_still_get_the_fact(caller):
    assert reasons(caller.send("panne", "Quel modèle de chaudière avez-vous ?")) == ["fact:modele"]


def test_an_email_with_a_restatement_and_two_questions_gets_both_facts():
    sim = picked_up(ASKING, "courriel")
    said = sim.send(
        "courriel",
        "Bonjour Monsieur,\n\nVous nous indiquez que le radiateur livré est arrivé avec un "
        "pied cassé et que vous souhaitez un échange. Pourriez-vous nous rappeler la référence "
        "de votre commande ? Et à quelle date le colis vous est-il parvenu ?\n\nCordialement,\n"
        "Le service client",
    )
    texts = " ".join(text for text, _ in lines(said))
    assert "CR-44107" in texts and "3 février" in texts
    assert {"fact:commande", "fact:livraison"} <= set(reasons(said))


@pytest.mark.parametrize(
    "line",
    [
        "Notre technicien peut passer lundi matin, ça vous va ?",  # a step put to them
        "Vous avez bien reçu notre devis pour la chaudière ?",  # a check, not a request
        "Vous avez vu le match de foot lundi soir ?",  # small talk
        "Quel est votre numéro de téléphone ?",  # their card answers it
    ],
)
def test_questions_that_ask_for_no_fact_give_none(caller, line):
    """Words of a fact's answer (« lundi matin », « chaudière ») in a question that does not
    ask for it bring no fact out."""
    assert not [r for r in reasons(caller.send("panne", line)) if r.startswith("fact:")]


def _with_availability_fact() -> Sim:
    """The asking deck whose caller has a fact asked with a waiting formula among its words,
    as a writer keys an outbound call's « vous avez un instant ? » (round 20's rental deck)."""
    deck = load_deck(ASKING)
    panne = deck.contact("panne")
    available = Fact(id="dispo", answer="Oui, j'ai deux minutes.", ask=("un instant", "disponible"))
    contacts = tuple(
        dataclasses.replace(c, facts=(*c.facts, available)) if c is panne else c
        for c in deck.contacts
    )
    sim = Sim(dataclasses.replace(deck, contacts=contacts))
    sim.run(panne.at + 1)
    sim.act(ev.ContactPickedUp("panne"))
    sim.wait(2)
    return sim


@pytest.mark.parametrize(
    "line",
    [
        "Un petit instant, je vous mets en attente.",
        "Un instant s'il vous plaît, je regarde votre dossier.",
        "Ne quittez pas, un instant.",
    ],
)
def test_a_request_to_wait_is_not_asking_a_fact_keyed_with_the_same_words(line):
    """A writer's ask words « un instant » mean the question (« vous avez un instant ? »); the
    same words in a request to wait ask nothing: the caller waits."""
    said = _with_availability_fact().send("panne", line)
    assert not any(r.startswith("fact:") for r in reasons(said)), reasons(said)


def test_the_same_words_asked_as_a_question_still_get_the_fact():
    said = _with_availability_fact().send("panne", "Vous avez un instant à m'accorder ?")
    assert "fact:dispo" in reasons(said)


def test_small_talk_holding_a_fact_s_words_asks_for_no_fact():
    """Round 20's Lyon deck keys a buyer's availability with a loose word (« moment »): small
    talk that holds it asks for no fact; the customer brings the candidate back instead."""
    buyer = "03-appel-acheteur-numero"
    said = picked_up(ROOT / "decks" / "cqp_cabinets_lyon", buyer).send(
        buyer, "Vous regardez quelle série en ce moment ?"
    )
    assert reasons(said) == ["off_topic"]
    said = picked_up(ROOT / "decks" / "cqp_cabinets_lyon", buyer).send(
        buyer, "Vous êtes disponible à quel moment pour qu'il vous rappelle ?"
    )
    assert "fact:dispo" in reasons(said)


def test_a_fact_already_said_within_another_is_pointed_back_to():
    """Round 20's garden-centre deck words two facts alike (« Je pars souvent le week-end. »
    inside the watering answer): asked the second, the customer points back to the first
    rather than say the same sentence again."""
    chat = "03-tchat-balcon-ombre"
    sim = picked_up(ROOT / "decks" / "mc_acvd_jardinerie", chat)
    first = lines(sim.send(chat, "Vous pouvez arroser souvent ?"))
    then = sim.send(chat, "Et pour l'entretien, ça vous va ?")
    assert any("week-end" in text for text, _ in first)
    assert "fact:entretien" in reasons(then)
    assert not any(text == "Je pars souvent le week-end." for text, _ in lines(then))
