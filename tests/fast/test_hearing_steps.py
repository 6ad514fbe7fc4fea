"""A remedy told as done to the customer is a step they hear (engine/data next_step, round 21)."""

from __future__ import annotations

import pytest

from omnisim.engine.hearing import hear


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Les bouteilles cassées sont remplacées à l'identique : elles vous seront expédiées "
            "sous 3 jours ouvrés.",
            "fr",
        ),
        ("Votre colis vous sera livré jeudi.", "fr"),
        ("Nous vous remboursons la différence.", "fr"),
        ("The broken bottles will be replaced and shipped within 3 working days.", "en"),
    ],
)
def test_a_remedy_told_in_the_passive_or_by_the_company_is_a_step(text, lang):
    """The wine merchant's upset customer answered such an e-mail « Merci, mais qu'allez-vous
    faire ? »: the engine heard no step in it."""
    assert "next_step" in hear(text, lang).cues


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Je comprends votre situation.", "fr"), ("The bottles were broken.", "en")],
)
def test_words_alone_are_no_step(text, lang):
    assert "next_step" not in hear(text, lang).cues
