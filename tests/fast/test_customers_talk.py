"""Customers who converse (#13): identity, recaps, satisfaction, goodbyes, evasions, traps."""

from __future__ import annotations

import pytest

from omnisim import events as ev
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim, lines

FR = ROOT / "tests" / "decks" / "conversing"
EN = ROOT / "tests" / "decks" / "conversing-en"


@pytest.fixture
def call():
    """The phone call of the French deck, picked up and its opening said."""
    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(1)
    return sim


def reasons(events):
    return [r for _, r in lines(events)]


def texts(events):
    return [t for t, _ in lines(events)]


def test_identity_questions_are_answered_from_the_card(call):
    name = call.send("appel", "Quel est votre nom ?")
    assert reasons(name) == ["card:name"] and "Sophie Petit" in texts(name)[0]
    said = texts(call.send("appel", "Pouvez-vous me donner votre numéro de dossier ?"))
    assert said and "D-2024-77" in said[0]
    said = texts(call.send("appel", "Votre adresse e-mail, s'il vous plaît."))
    assert said and "s.petit@exemple.fr" in said[0]  # from her CRM record
    said = texts(call.send("appel", "Et votre numéro de téléphone ?"))
    assert said and "06 45 32 10 98" in said[0]


def test_asking_again_makes_them_repeat_and_annoys_them(call):
    call.send("appel", "Quel est votre nom ?")
    again = call.send("appel", "Pardon, quel est votre nom ?")
    assert reasons(again) == ["repeat"] and "Sophie Petit" in texts(again)[0]
    conduct = [
        e.payload for e in again if e.type == "customer.mood" and e.payload.cause == "conduct"
    ]
    assert (
        conduct
        and conduct[0].mood < [e.payload.mood for e in again if e.type == "customer.mood"][0]
    )


def test_a_right_recap_is_confirmed_a_wrong_one_denied_with_the_truth(call):
    call.send("appel", "Quelle était la date du rendez-vous ?")
    call.send("appel", "Quelles sont vos disponibilités ?")
    right = call.send(
        "appel", "Je récapitule : lundi 16 mars à 10 h 30, à la place du vendredi 13 mars 9 h 30."
    )
    assert reasons(right) == ["recap_confirm"]
    wrong = call.send(
        "appel", "Je récapitule : votre rendez-vous est déplacé au mardi 17 mars à 11 h."
    )
    assert reasons(wrong) == ["recap_deny"]
    assert "Lundi 16 mars vers 10 h 30" in texts(wrong)[0] or "vendredi 13 mars" in texts(wrong)[0]
    # A reformulation asking for confirmation is a recap too, when it states something.
    weak = call.send("appel", "Donc lundi 16 mars à 10 h 30, c'est bien cela ?")
    assert reasons(weak)[0] == "recap_confirm"


def test_a_recap_leaving_out_an_expected_fact_gets_it_added(call):
    call.send("appel", "Quelle était la date du rendez-vous ?")
    call.send("appel", "Quelles sont vos disponibilités ?")
    partial = call.send("appel", "Pour résumer : on annule le vendredi 13 mars à 9 h 30.")
    assert reasons(partial) == ["recap_confirm", "recap_missing"]
    # They point back to what they said (its details), never replay their whole line.
    assert "lundi 16 mars vers 10 h 30" in texts(partial)[1].lower()
    assert "ça m'irait" not in texts(partial)[1]


def test_a_wrong_name_in_a_recap_is_denied(call):
    denied = call.send("appel", "Je récapitule : Mme Petiot, rendez-vous annulé.")
    assert reasons(denied) == ["recap_deny"]


def test_satisfaction_check_and_goodbye(call):
    assert reasons(call.send("appel", "Cela vous convient-il ?")) == ["satisfaction"]
    bye = call.send("appel", "Merci, bonne journée, au revoir.")
    assert lines(bye) == [("Merci beaucoup, au revoir.", "thanks")]  # the deck's own thanks line


def test_unanswerable_questions_vary_then_the_customer_loses_patience(call):
    said = []
    for question in (
        "Avez-vous reçu une convocation ?",
        "Le docteur vous a-t-il donné une ordonnance ?",
        "Combien de fois êtes-vous déjà venue ?",
    ):
        said += lines(call.send("appel", question))
    assert [r for _, r in said] == ["evasive"] * 3
    assert said[0][0] == "Je ne sais pas trop, c'est le docteur qui m'a dit de rappeler."
    assert said[0][0] != said[1][0] != said[2][0]
    moods = [e.payload for e in call.log if e.type == "customer.mood"]
    assert moods[-1].cause == "conduct"  # the third pointless question annoyed them
    assert moods[-1].mood < moods[-2].mood


def test_a_greeting_gets_a_greeting_and_leaves_the_scripted_reply(call):
    sim = Sim(load_deck(FR))
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    assert reasons(sim.send("tchat", "Bonjour madame.")) == ["greeting"]
    assert lines(sim.send("tchat", "Vous nous avez déjà écrit ?")) == [
        ("Je vous ai déjà écrit la semaine dernière.", "reply")
    ]


def test_traps_fire_on_their_trigger_not_on_a_message_count(call):
    for text in ("Bonjour.", "Un instant, je regarde.", "Quelle était la date du rendez-vous ?"):
        assert not any(r.startswith("trap:") for r in reasons(call.send("appel", text)))
    refused = call.send("appel", "Je ne peux pas vous communiquer l'agenda du docteur.")
    assert reasons(refused)[-1] == "trap:0"
    fact = call.send("appel", "Quel est le motif du changement ?")
    assert reasons(fact) == ["fact:motif", "trap:1"]  # pushed right after giving that fact
    again = call.send("appel", "Je ne peux pas, c'est confidentiel.")
    assert "trap:0" not in reasons(again)  # each trap is pushed once


def test_english_customers_converse_in_english():
    sim = Sim(load_deck(EN))
    sim.run(31)
    sim.act(ev.ContactPickedUp("chat"))
    assert reasons(sim.send("chat", "Hello, Northwind, Julie speaking.")) == ["greeting"]
    name = sim.send("chat", "May I have your name please?")
    assert reasons(name) == ["card:name"] and "Emma Hughes" in texts(name)[0]
    sim.send("chat", "What is your order number?")
    wrong = sim.send("chat", "To recap: order NW-5512, delivery tomorrow.")
    assert reasons(wrong) == ["recap_deny", "trap:0"]  # the trap comes after the recap
    assert "NW-5521" in texts(wrong)[0]
    right = sim.send("chat", "To recap: order NW-5521, delivery tomorrow.")
    assert reasons(right) == ["recap_confirm"]
    evasions = [
        lines(sim.send("chat", q)) for q in ("What colour is your car?", "Do you like tea?")
    ]
    assert [r for said in evasions for _, r in said] == ["evasive", "evasive"]  # none in the deck
    assert evasions[0][0][0] != evasions[1][0][0]
    assert reasons(sim.send("chat", "Is there anything else?")) == ["satisfaction"]
    bye = texts(sim.send("chat", "Thank you, have a nice day."))
    assert bye and any(w in bye[0].lower() for w in ("bye", "goodbye"))
    said = " ".join(t for t, _, _ in sim.said("chat"))
    assert not any(w in said for w in ("Bonjour", "merci", "Je "))


def test_same_inputs_same_lines():
    def play():
        sim = Sim(load_deck(FR))
        sim.run(61)
        sim.act(ev.ContactPickedUp("appel"))
        for text in ("Bonjour.", "Quel est votre nom ?", "Quel temps fait-il ?", "Au revoir."):
            sim.send("appel", text)
        return [(e.seq, e.sim_time, e.type, e.payload) for e in sim.log]

    assert play() == play()


def test_an_offer_of_help_gets_the_request_again_not_an_evasion(call):
    said = call.send("appel", "Bonjour, Cabinet Martin, que puis-je faire pour vous ?")
    assert reasons(said) == ["restate"]
    assert "déplacer mon rendez-vous" in texts(said)[0]
    assert reasons(call.send("appel", "C'est à quel nom ?")) == ["card:name"]


def test_a_question_opened_by_a_reformulation_word_is_still_a_question(call):
    assert reasons(call.send("appel", "Donc, quelle était la date du rendez-vous ?")) == [
        "fact:rdv"
    ]
    assert reasons(call.send("appel", "Donc, quel est votre nom ?")) == ["card:name"]
    assert (
        reasons(call.send("appel", "Si je comprends bien, c'est bien ça ?"))[0] == "recap_confirm"
    )


def test_the_company_comes_from_the_record_and_a_private_customer_says_so():
    """fmt22c: a hotel's buyer asked « pour quelle société ? » names it from her CRM record
    (``company``); a customer calling for themselves says so, not « je ne l'ai pas »."""
    from dataclasses import replace

    deck = load_deck(FR)
    record = deck.record_of(deck.contact("appel"))
    assert record is not None and not record.company
    alone = Sim(deck)
    alone.run(61)
    alone.act(ev.ContactPickedUp("appel"))
    alone.wait(1)
    said = alone.send("appel", "Vous appelez pour quelle société ?")
    assert reasons(said) == ["card:company"]
    assert any(w in texts(said)[0] for w in ("personnel", "privé", "pour moi"))
    hotel = replace(record, company="Hôtel des Dunes")
    crm = tuple(hotel if r.id == record.id else r for r in deck.crm)
    sim = Sim(replace(deck, crm=crm))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(1)
    said = sim.send("appel", "Quel est le nom de votre société ?")
    assert reasons(said) == ["card:company"] and "Hôtel des Dunes" in texts(said)[0]
    assert reasons(sim.send("appel", "Et votre nom ?")) == ["card:name"]
