"""The faults a candidate met with the simulated customers (#22 item 9, #26 item 5), one by one.

Each test plays the demo deck (or a test deck) as a candidate did and checks what the
customer said, and why (the line's reason, for the jury), or that they stayed silent
for a logged reason.
"""

from __future__ import annotations

import pytest

from omnisim import events as ev
from omnisim.protocol import actions
from omnisim.protocol.views import project
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim, lines, picked_up, reasons

DEMO = ROOT / "decks" / "demo"
CONVERSING = ROOT / "tests" / "decks" / "conversing"


def silences(events) -> list[str]:
    return [e.payload.reason for e in events if e.type == "customer.silent"]


@pytest.fixture
def caller() -> Sim:
    return picked_up(DEMO, "deplacer-rdv")


def test_a_long_apology_is_taken_as_an_apology_not_as_a_greeting(caller):
    said = caller.send(
        "deplacer-rdv",
        "Bonjour madame, je suis vraiment désolée pour l'attente, veuillez accepter toutes "
        "mes excuses.",
    )
    assert reasons(said) == ["apology"]
    assert "Bonjour" not in lines(said)[0][0]


def test_sms_language_and_an_insult_get_a_reaction_not_silence(caller):
    sms = caller.send("deplacer-rdv", "slt c koi ton pb stp")
    assert reasons(sms) == ["sms"] and not silences(sms)
    rude = caller.send("deplacer-rdv", "Vous êtes vraiment pénible, madame.")
    assert reasons(rude) == ["offended"] and not silences(rude)
    # What the candidate did, not only the tone: « pénible » reads neutral to the sentiment.
    moods = [e.payload for e in rude if e.type == "customer.mood"]
    assert moods[-1].cause == "conduct" and moods[-1].mood <= moods[0].mood - 0.2 + 1e-9


def test_small_talk_gets_them_back_to_their_request(caller):
    said = caller.send("deplacer-rdv", "Vous avez vu le match de foot hier soir ?")
    assert reasons(said) == ["off_topic"]


def test_a_hand_over_put_as_a_question_is_agreed_to_not_evaded():
    sim = picked_up(DEMO, "tchat-honoraires")
    said = sim.send(
        "tchat-honoraires",
        "Je transmets votre demande à Maître Benali, qui vous rappellera demain, d'accord ?",
    )
    assert "agree" in reasons(said)
    assert "Je ne vois pas le rapport." not in [t for t, _ in lines(said)]


def test_asked_again_what_brings_them_they_never_replay_their_opening(caller):
    opening = load_deck(DEMO).contact("deplacer-rdv").opening
    said = [
        lines(caller.send("deplacer-rdv", text))
        for text in ("Que puis-je pour vous ?", "Que puis-je faire pour vous ?", "À quel sujet ?")
    ]
    assert [r for turn in said for _, r in turn] == ["restate"] * 3
    first = said[0][0][0]
    assert "déplacer un rendez-vous" in first and opening not in first
    texts = [t for turn in said for t, _ in turn]
    assert len(set(texts)) == 3 and not any(opening in t for t in texts)


def test_a_caller_on_hold_says_nothing_until_taken_back(caller):
    start = len(caller.log)
    caller.act(actions.Send("deplacer-rdv", "Quelle était la date du rendez-vous ?"))
    caller.act(ev.ContactHeld("deplacer-rdv", "Je vous mets en attente."))
    caller.wait(100 * 6)  # 100 real seconds at ×6: their patience (90 s) runs out on hold
    held = caller.of("message.sent", "deplacer-rdv", start) + caller.of(
        "customer.silent", "deplacer-rdv", start
    )
    held += caller.of("customer.mood", "deplacer-rdv", start)
    assert [e for e in held if e.type == "message.sent" and e.actor == "customer"] == []
    assert silences(held) == ["on_hold"]
    assert any(e.type == "customer.mood" and e.payload.cause == "hold" for e in held)
    resumed = caller.act(ev.ContactResumed("deplacer-rdv"))[0]
    caller.wait(30)
    after = [e for e in caller.log if e.seq > resumed.seq]
    said = lines(after)
    assert said[0] == ("C'était demain, vendredi, à 9 h 30.", "fact:rdv")
    spoken = [e for e in after if e.type == "message.sent" and e.actor == "customer"]
    assert spoken[0].sim_time >= resumed.sim_time  # said once taken back, not back in time


@pytest.mark.parametrize("ask", ["c'est ça ?", "c est ca?", "C'est bien le cas ?"])
def test_c_est_ca_asks_for_a_confirmation(caller, ask):
    caller.send("deplacer-rdv", "Quelle était la date du rendez-vous ?")
    assert reasons(caller.send("deplacer-rdv", ask)) == ["recap_confirm"]


@pytest.mark.parametrize(
    "refusal",
    [
        "Je ne peux pas communiquer cette information.",
        "Je suis désolée, je ne peux communiquer aucune information sur nos clients.",
        "Nous ne divulguons pas ce genre de renseignement.",
        "Ces informations sont strictement confidentielles.",
        "Ces données ne peuvent pas être communiquées par téléphone.",
    ],
)
def test_a_refusal_in_ordinary_words_sets_off_the_trap_that_follows_it(refusal):
    sim = picked_up(DEMO, "pression-confidentielle")
    sim.send("pression-confidentielle", "Bonjour, Cabinet Lefèvre.")  # trap 0: first message
    pushed = sim.send("pression-confidentielle", refusal)
    assert reasons(pushed) == ["trap:1"]


@pytest.mark.parametrize(
    "refusal",
    ["I'm afraid I can't give out Dr Patel's number.", "That number can't be given out, sorry."],
)
def test_an_english_refusal_sets_off_the_trap_too(refusal):
    sim = picked_up(ROOT / "decks" / "english", "phone-pressure")
    pushed = sim.send("phone-pressure", refusal)
    assert reasons(pushed) == ["trap:0"]


def test_an_e_mail_that_restates_and_asks_gets_every_answer():
    sim = picked_up(DEMO, "reclamation-facture")
    said = sim.send(
        "reclamation-facture",
        "Bonjour Monsieur,\n\nVous nous indiquez contester la facture F-2204 de 2 480 €. "
        "Quel est le motif de votre réclamation ? Qu'attendez-vous de nous ?\n\nCordialement,"
        "\nJulie",
    )
    assert reasons(said) == ["recap_confirm", "fact:motif", "fact:attente"]


def test_an_angry_complainant_does_not_thank_a_rude_reply():
    sim = picked_up(DEMO, "reclamation-facture")
    said = sim.send("reclamation-facture", "Ce n'est pas mon problème, voyez ailleurs.")
    assert "offended" in reasons(said)
    assert not any("merci" in t.lower() for t, _ in lines(said))


def test_greetings_alone_never_calm_an_upset_customer():
    sim = picked_up(CONVERSING, "tchat")
    for text in ("Bonjour madame, merci !", "Bonjour, merci beaucoup.", "Bonjour !"):
        sim.send("tchat", text)
    assert "calmed" not in [r for _, r, _ in sim.said("tchat")]
    assert sim.engine.state.contacts["tchat"].mood >= -0.35  # the tone did lift them…
    sim.send("tchat", "Je comprends votre colère, le docteur vous rappellera aujourd'hui.")
    assert "calmed" in [r for _, r, _ in sim.said("tchat")]  # …what calms them is an answer


def test_a_customer_with_nothing_new_to_say_stays_silent_for_the_record(caller):
    for text in ("Au revoir madame.", "Bonne journée, au revoir."):
        last = caller.send("deplacer-rdv", text)
    assert silences(last) == ["said_goodbye"] and reasons(last) == []
    [silent] = [e for e in last if e.type == "customer.silent"]
    assert silent.actor == "customer"
    assert project("jury", silent)["payload"]["reason"] == "said_goodbye"
    assert project("candidate", silent) is None  # the reason is the jury's, not the candidate's


def test_a_furious_customer_left_alone_schedules_nothing_in_the_past():
    """With nothing left to do (no chase, no other channel, mood at its floor), the engine
    announces no step it will not take: the live scheduler would wake it in a loop."""
    sim = picked_up(CONVERSING, "tchat")
    for text in ("Débrouillez-vous, c'est nul.", "Vous êtes nulle.", "Taisez-vous.", "Dégagez."):
        sim.send("tchat", text)
    assert sim.engine.state.contacts["tchat"].mood == -1.0
    sim.wait(3000)
    nxt = sim.engine.next_due()
    assert nxt is None or nxt > sim.now or sim.engine.due(sim.now)


def test_hanging_up_before_the_answer_is_logged_as_cutting_the_customer_off(caller):
    start = len(caller.log)
    caller.act(actions.Send("deplacer-rdv", "Quelle était la date du rendez-vous ?"))
    caller.act(ev.ContactClosed("deplacer-rdv"))
    caller.wait(60)
    after = caller.log[start:]
    assert silences(after) == ["cut_off"]
    assert [e for e in after if e.type == "message.sent" and e.actor == "customer"] == []


def test_cues_found_word_by_word_are_those_the_phrase_patterns_find():
    """phrases.cues looks phrases up word by word (fast); the family patterns (used to find
    where a phrase stands) must agree with it on every line the tests play."""
    from omnisim.engine import phrases
    from omnisim.language.lexicon import fold
    from tests.fast.candidate_lines import TEXTS

    for lang, kinds in TEXTS.items():
        lines = [t for texts in kinds.values() for t in texts]
        lines += ["Re-bonjour.", "Votre rendez-vous rappellera-t-il ?", "Débrouillez vous."]
        for line in lines:
            folded = fold(line)
            patterns = phrases._patterns(lang)
            assert phrases.cues(line, lang) == {n for n, p in patterns.items() if p.search(folded)}


def test_a_check_of_what_was_agreed_is_answered_not_taken_for_a_question_asked_again():
    """A writer keyed « vous convient » for a caller's availability (round 22's legal deck):
    once they have said when they can come, « Cela vous convient-il ? » checks what was agreed,
    and they answer it; « Je vous l'ai dit » would blame the candidate for a good question."""
    sim = picked_up(ROOT / "decks" / "cqp_permanence_juridique", "appel-audience-benhamou")
    told = sim.send("appel-audience-benhamou", "Quelles sont vos disponibilités ?")
    assert "fact:dispo" in reasons(told)
    checked = sim.send("appel-audience-benhamou", "Cela vous convient-il ?")
    assert "repeat" not in reasons(checked) and reasons(checked)
    again = sim.send("appel-audience-benhamou", "Et quelles sont vos disponibilités ?")
    assert "repeat" in reasons(again)  # asked again in the deck's words: pointed back to it
