"""A step or a fact asked in the candidate's own words (omnisim/measures/asking.py): what a real
candidate writes, against what a deck's author foresaw."""

from __future__ import annotations

import pytest

from omnisim.deck.key import Fact
from omnisim.measures.asking import asks
from omnisim.projection.workspace import Line


def _line(text: str) -> Line:
    return Line(1, 0.0, "candidate", "phone", text)


PHONE = Fact("tel", "Au 02 40 11 22 33.", ("quel numéro",))
NAME = Fact("nom", "Durand, Chloé Durand.", ("votre nom",))


@pytest.mark.parametrize(
    ("text", "phrases", "fact", "asked"),
    [
        ("Vous l'avez déclarée à quelles dates ?", ("quand déclaré",), None, True),
        ("Ça dure depuis combien de temps ?", ("depuis quand",), None, True),
        ("Quand pouvez-vous passer ?", ("quand déclaré",), None, False),  # only « quand »
        ("Je note : déclaré à quelle date.", ("quand déclaré",), None, False),  # no question
        ("Je vous rappelle bien au 02 40 11 22 33 ?", ("quel numéro",), PHONE, True),
        ("Je vous rappelle au 02 40 11 22 33.", ("quel numéro",), PHONE, False),  # a statement
        ("Madame Durand, c'est bien cela ?", ("votre nom",), NAME, False),  # no value to confirm
        ("Depuis quand ?", ("depuis quand",), None, True),  # the deck's own words
    ],
)
def test_asks_in_ones_own_words(text, phrases, fact, asked):
    assert asks(_line(text), phrases, fact, "fr") is asked


def test_a_bare_interrogative_needs_a_whole_expression():
    """« Quand ? » is not asked by any question holding « date »; « depuis quand » is asked by
    « combien de temps »."""
    assert not asks(_line("Quelle est la date de votre commande ?"), ("quand",), None, "fr")
    assert asks(_line("Cela fait combien de temps ?"), ("depuis quand",), None, "fr")
