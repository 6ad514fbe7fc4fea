"""What a customer hears in a restatement, and what calms them (#26 item 5).

Seen on the out-of-sample deck cqp_plateau_atlantique: a restatement put as a question
(« Vous appelez au sujet de : …, c'est bien cela ? ») got a confirmation plus a fact nobody
asked for and the caller's name; and the upset caller's « calmed » line came on a word of
empathy, before anything was done about the request. Round 12 (hand_mc_acvd_mutuelle): it
came on apologies and a question (« Bon. J'attends l'appel de M. Garnier. » to a candidate who
never named him): a calmed line thanks a proposal, so it comes only once one is made (what
they wait for, or a next step; a promise without a when is none). Each class is tested in
several phrasings and decks.
"""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.fast.customer_sim import Sim, lines, picked_up, reasons

PLATEAU = ROOT / "decks" / "cqp_plateau_atlantique"
DEMO = ROOT / "decks" / "demo"
DOG = "04-appel-urgence-chien"
CONVERSING = ROOT / "tests" / "decks" / "conversing"
ABOUT_THE_DOG = "Vous appelez au sujet de : chien qui a avalé du chocolat, c'est bien cela ?"


def calmed(sim: Sim, contact_id: str) -> bool:
    return "calmed" in [r for _, r, _ in sim.said(contact_id)]


@pytest.mark.parametrize(
    ("deck", "contact", "restatement"),
    [
        (PLATEAU, DOG, ABOUT_THE_DOG),
        (PLATEAU, DOG, "Si je comprends bien, votre chien a avalé du chocolat ?"),
        (CONVERSING, "appel", "Vous appelez pour déplacer votre rendez-vous, c'est bien ça ?"),
        (CONVERSING, "appel", "Donc vous voulez déplacer votre rendez-vous, n'est-ce pas ?"),
    ],
)
def test_a_restatement_put_as_a_question_is_only_confirmed(deck, contact, restatement):
    """Its words (« avalé », « vous appelez ») ask for no fact and no name: a yes, nothing
    volunteered."""
    sim = picked_up(deck, contact)
    assert reasons(sim.send(contact, restatement)) == ["recap_confirm"]


@pytest.mark.parametrize(
    ("restatement", "answered"),
    [
        (
            "Si je comprends bien, vous voulez déplacer votre rendez-vous ; quelles sont vos "
            "disponibilités ?",
            "fact:dispo",
        ),
        (
            "Vous souhaitez donc déplacer votre rendez-vous, et pour quel motif ?",
            "fact:motif",
        ),
        ("Si j'ai bien compris, vous voulez déplacer votre rendez-vous. À quel nom ?", "card:name"),
    ],
)
def test_a_restatement_that_also_asks_gets_both_answers(restatement, answered):
    sim = picked_up(CONVERSING, "appel")
    said = reasons(sim.send("appel", restatement))
    assert said[:2] == ["recap_confirm", answered]  # (a trap set to follow a fact may come)


@pytest.mark.parametrize("ask", ["Comment vous appelez-vous ?", "Vous vous appelez comment ?"])
def test_asking_how_they_are_called_is_asking_their_name_calling_about_is_not(ask):
    sim = picked_up(CONVERSING, "appel")
    assert reasons(sim.send("appel", ask)) == ["card:name"]
    said = reasons(sim.send("appel", "Vous appelez pour quelle raison ?"))
    assert not {"card:name", "repeat"} & set(said)  # not asked their name again


WARM_WORDS = [
    "Je comprends tout à fait, je vais vous aider.",
    "Je suis vraiment désolée, je comprends votre inquiétude.",
    "Bonjour, merci de votre patience, que puis-je faire pour vous ?",
]


def test_warm_words_and_questions_do_not_calm_the_caller_a_proposal_does():
    sim = picked_up(PLATEAU, DOG)
    sim.send(DOG, ABOUT_THE_DOG)
    for text in WARM_WORDS:
        sim.send(DOG, text)
    assert sim.engine.state.contacts[DOG].mood >= 0.0  # the tone lifted them over the line…
    assert not calmed(sim, DOG)
    sim.send(DOG, "Quels symptômes a-t-il ?")  # dealt with, nothing proposed yet (round 12)
    assert not calmed(sim, DOG)
    sim.send(DOG, "Venez tout de suite à la clinique, le docteur vous attend.")  # …what calms them
    assert calmed(sim, DOG)


@pytest.mark.parametrize(
    "warm",
    [
        ["Je comprends votre colère, je vais vous aider.", "Je suis vraiment navrée."],
        ["Toutes mes excuses, madame.", "Je comprends tout à fait votre agacement."],
    ],
)
def test_empathy_and_apologies_alone_never_calm_an_upset_customer(warm):
    sim = picked_up(CONVERSING, "tchat")
    sim.send("tchat", "Vous n'avez pas été rappelée, c'est bien cela ?")  # dealt with, once
    for text in warm:
        sim.send("tchat", text)
    assert not calmed(sim, "tchat")
    sim.send("tchat", "Le docteur vous rappellera aujourd'hui avant midi.")
    assert calmed(sim, "tchat")


def test_a_refusal_never_calms_them():
    sim = picked_up(CONVERSING, "tchat")
    for text in (
        "Je comprends votre colère, je suis désolée.",
        "Je ne peux pas vous communiquer l'agenda du docteur.",
    ):
        sim.send("tchat", text)
    assert not calmed(sim, "tchat")


@pytest.mark.parametrize(
    ("deck", "contact", "rude"),
    [
        (DEMO, "reclamation-facture", "Ce n'est pas de notre faute, adressez-vous au fabricant."),
        (DEMO, "reclamation-facture", "Calmez-vous, monsieur, c'est comme ça."),
        (PLATEAU, "07-reclamation-fuite", "Vous auriez dû nous prévenir plus tôt."),
        (PLATEAU, "07-reclamation-fuite", "Ce n'est pas ma faute, voyez avec le syndic."),
    ],
)
def test_an_angry_complainant_protests_a_rude_reply_never_takes_it_well(deck, contact, rude):
    sim = picked_up(deck, contact)
    said = lines(sim.send(contact, rude))
    assert "offended" in [r for _, r in said]
    assert not {"thanks", "welcome", "acknowledge", "agree", "calmed"} & {r for _, r in said}
    assert not any("merci" in t.lower() for t, _ in said)


@pytest.mark.parametrize(
    "restated",
    [
        "Vous contestez la facture F-2204 de 2 480 €, c'est bien cela ? Quel est le motif de "
        "votre réclamation ? Qu'attendez-vous de nous ?",
        "Si je comprends bien, vous contestez la facture F-2204 de 2 480 € ; quel est le motif "
        "de votre réclamation, et qu'attendez-vous de nous ?",
    ],
)
def test_an_e_mail_restating_as_a_question_then_asking_gets_every_answer(restated):
    sim = picked_up(DEMO, "reclamation-facture")
    said = sim.send(
        "reclamation-facture", f"Bonjour Monsieur,\n\n{restated}\n\nCordialement,\nJulie"
    )
    assert reasons(said) == ["recap_confirm", "fact:motif", "fact:attente"]


@pytest.mark.parametrize("ask", ["C'est bien ça ?", "c est ca?", "C'est exact ?"])
def test_c_est_ca_after_an_answer_asks_the_caller_to_confirm(ask):
    sim = picked_up(PLATEAU, DOG)
    sim.send(DOG, "Quels symptômes a-t-il ?")
    assert reasons(sim.send(DOG, ask)) == ["recap_confirm"]


MUTUELLE = ROOT / "decks" / "mc_acvd_mutuelle"
COMPLAINT = "04-reclamation-dentaire"
CLINIC = "03-appel-prise-en-charge"


@pytest.mark.parametrize(
    ("deck", "contact", "unproposed"),
    [
        (
            MUTUELLE,
            COMPLAINT,
            [
                "Monsieur, je suis vraiment désolé, je comprends votre colère. Si j'ai bien "
                "compris, votre couronne de 320 € n'est toujours pas remboursée. Quel est votre "
                "numéro de décompte ?",
                "Merci. Je vais voir avec le service concerné et on reviendra vers vous dès que "
                "possible, toutes mes excuses.",
            ],
        ),
        (
            MUTUELLE,
            CLINIC,
            [
                "Oh, je suis désolée, ce n'est pas normal. Je vais regarder, votre numéro "
                "d'adhérente ?",
                "Je comprends votre inquiétude, madame.",
            ],
        ),
        (  # « demain » is the operation's, not a promise's
            MUTUELLE,
            CLINIC,
            [
                "Je suis désolée. Je vais regarder, vous êtes bien opérée demain ?",
                "Je comprends tout à fait, madame.",
            ],
        ),
        (
            DEMO,
            "reclamation-facture",
            [
                "Je vous présente toutes nos excuses. Quelle est la référence de la facture ?",
                "Nous revenons vers vous au plus vite, je suis navrée.",
            ],
        ),
    ],
)
def test_apologies_questions_and_vague_promises_never_calm_an_upset_customer(
    deck, contact, unproposed
):
    sim = picked_up(deck, contact)
    for text in unproposed:
        sim.send(contact, text)
    assert not calmed(sim, contact)


@pytest.mark.parametrize(
    ("deck", "contact", "proposal"),
    [
        (
            MUTUELLE,
            COMPLAINT,
            "M. Garnier, notre responsable qualité, vous rappellera sous 48 heures pour débloquer "
            "votre remboursement.",
        ),
        (MUTUELLE, CLINIC, "La prise en charge sera faxée à la clinique avant 17 h aujourd'hui."),
        (
            MUTUELLE,
            COMPLAINT,
            "M. Garnier vous rappellera sous 48 heures. Ce fonctionnement vous convient-il ?",
        ),
        (DEMO, "reclamation-facture", "Nous revenons vers vous demain avant midi avec l'avoir."),
    ],
)
def test_a_proposal_after_apologies_calms_them(deck, contact, proposal):
    sim = picked_up(deck, contact)
    sim.send(contact, "Je suis vraiment désolée, je comprends tout à fait.")
    sim.send(contact, "Toutes nos excuses, votre mécontentement est légitime.")
    assert not calmed(sim, contact)  # however warm, nothing proposed yet
    sim.send(contact, proposal)
    assert calmed(sim, contact)
