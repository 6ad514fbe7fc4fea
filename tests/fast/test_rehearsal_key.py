"""The dry run's careful candidate reads what a deck's key asks, generically: a letter's own
variables filled from the key's answer points, an urgent caller told the number they await."""

from __future__ import annotations

from omnisim.deck.key import AnswerPoint
from omnisim.rehearsal.letters import own_filled
from omnisim.rehearsal.phrases import PHRASES, help_told
from tests.fast.test_dryrun import scenario

CALL_NOW = PHRASES["fr"]["call_now"]


def test_a_letters_own_variables_are_filled_from_the_key_never_sent_blank():
    points = (
        AnswerPoint("L'apport conseillé : 10 %", ("10 %",)),
        AnswerPoint("Un rendez-vous avec Mme Roux, conseillère habitat", ("Mme Roux",)),
    )
    body = (
        "Bonjour,\n\n{{ reponse }}\n\nVotre réclamation du {{ date_reclamation }} : un "
        "rendez-vous avec {{ conseiller }} : {{ creneaux }}."
    )
    text = own_filled(body, points, "Pour répondre : 10 % ; Mme Roux.", "2026-11-10")
    assert text == (
        "Bonjour,\n\nPour répondre : 10 % ; Mme Roux.\n\nVotre réclamation du 2026-11-10 : un "
        "rendez-vous avec Mme Roux : ."
    )


def test_an_urgent_caller_passed_to_no_one_is_told_the_full_number_they_await():
    gas = scenario("cqp_artisans_loire").deck.contact("02-appel-odeur-gaz")
    assert gas is not None and gas.key.urgent and not gas.key.transfer_to
    assert help_told(gas, ["adresse ?"], CALL_NOW) == ["Appelez le 0 800 47 33 33 tout de suite."]
    # Already told where help is: nothing said twice.
    assert help_told(gas, ["Appelez le 15 ?"], CALL_NOW) == []
    # A time awaited (« avant 17 ») is no number to call.
    fax = scenario("mc_acvd_mutuelle").deck.contact("03-appel-prise-en-charge")
    assert fax is not None and fax.key.urgent
    assert help_told(fax, [], CALL_NOW) == []
