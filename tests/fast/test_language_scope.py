"""The language helpers of issue 26: reasons for a channel, civilities, what a line carries."""

from __future__ import annotations

import pytest

from omnisim.language.civility import addressed, kind_of, mismatch, of_record
from omnisim.language.reasons import reasons
from omnisim.language.substance import carries, names, root


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        ("Trace écrite.", "fr", ("traceability",)),
        ("c plus rapide", "fr", ("urgency",)),
        ("plus sympa comme ça", "fr", ()),
        ("Pour vous envoyer le devis en pièce jointe.", "fr", ("document",)),
        ("Pour des raisons de confidentialité.", "fr", ("confidentiality",)),
        ("La cliente demande à être rappelée.", "fr", ("request",)),
        ("So you have a written record.", "en", ("traceability",)),
        ("As requested, the form to sign.", "en", ("request", "document")),
    ],
)
def test_reasons_are_read_whatever_the_length(text, lang, want):
    assert reasons(text, lang) == want


def test_civilities_of_a_record_and_of_a_letter():
    assert of_record("", "Civilité : Madame.") == "Madame"
    assert of_record("", "Title: Ms.") == "Ms"
    assert of_record("Monsieur", "Civilité : Madame.") == "Monsieur"  # the field wins
    assert of_record("", "Client fidèle.") == ""
    assert kind_of("Mme") == "female" and kind_of("M.") == "male" and kind_of("Dr") == "other"
    assert mismatch("Monsieur", "Madame") and not mismatch("Dr", "Madame")
    letter = "Bonjour Monsieur Petit,\nM. Vidal, notre responsable, vous rappellera."
    assert [c for c, _ in addressed(letter, "Petit")] == ["Monsieur"]  # not M. Vidal
    assert [c for c, _ in addressed("Madame,\nVotre commande part.", "Roy")] == ["Madame"]
    assert addressed("Bonjour,\nJe m'appelle Julie.", "Roy") == []


def test_a_line_carries_a_fact_by_its_reference_its_numbers_or_most_of_its_words():
    assert carries("commande CMD-88602, la poignée est fendue", "La commande CMD-88602.")
    assert carries("C'est la facture F-2204.", "La facture F-2204 du 28 février.")
    assert carries("Mon père de 72 ans", "Il a 72 ans.")
    assert not carries("Mon père a mal", "Il a 72 ans.")
    assert carries("la poignée est fendue", "La poignée est fendue et le flexible arraché.")
    assert not carries("la poignée", "La poignée est fendue et le flexible arraché.")


def test_figures_are_read_whole_amounts_as_amounts_times_as_times():
    """fmt22c: the 40 of « 21 h 40 », the 80 of « 253,80 € », the 200 of « 1 200 € » are
    not numbers of their own; an amount is the same however written; an hour still counts."""
    letter = "Arrivés à 21 h 40, j'ai réglé 253,80 € et 1 200 € d'acompte."
    for amount in ("40 €", "80 €", "200 €", "253 €"):
        assert not names(letter, amount) and not carries(letter, amount)
    for amount in ("253,80 €", "253.80 euros", "1200 €", "1 200,00 €", "21h40", "21:40"):
        assert names(letter, amount) and carries(letter, amount), amount
    assert names("un avoir de 40,00 €", "40 €") and names("entre 8 h et 10 h", "entre 8 et 10")
    assert names("le 12.05.2026 à 9 h", "12.05.2026") and names("de 8 h 10 h", "8 h 10 h")
    # Grouped by spaces with or without a currency, as a note and a caller write the same offer.
    offer = "Je pense faire une offre autour de 500 000, mais je veux en parler avec elle."
    assert carries("pense offrir environ 500 000 €", offer) and not carries("offre à 500 €", offer)
    assert not names("06 92 14 38 57", "92 143") and names("06 92 14 38 57", "06 92")
    assert root("fendues") == root("fendue") == root("fendu")
    assert names("Colis reçu cassée, carton écrasé", "cassé")
    assert not names("Journée calme", "cassé")
