"""A referral that decides nothing (MC ACVD C1.4, round 14): the measures and the simulated
customer read the same rule (language/steps.py, engine/phrases.py)."""

from __future__ import annotations

import pytest

from omnisim.engine.phrases import concrete_step, withheld
from omnisim.language.markers import markers
from omnisim.language.steps import defers_decision, hands_on_vaguely


@pytest.mark.parametrize(
    ("text", "lang", "defers"),
    [
        (
            "Je transmets votre dossier à M. Roger Petit, qui décidera de la suite à donner.",
            "fr",
            True,
        ),
        ("Votre demande est transmise à Mme Anne Roy, qui statuera sur votre cas.", "fr", True),
        (
            "Je transmets à M. Roger Petit, qui vous appellera lundi à 9 h pour fixer l'échange.",
            "fr",
            False,
        ),
        (
            "Un casque neuf part sous 48 h. Je transmets à M. Petit, qui statuera sur un avoir.",
            "fr",
            False,
        ),
        ("I have passed your file to Mr Roger Small, who will decide what to do.", "en", True),
        (
            "I have passed your file to Mr Roger Small, who will call you on Monday at 9 am.",
            "en",
            False,
        ),
    ],
)
def test_a_referral_to_whoever_decides_is_no_step(text, lang, defers):
    assert defers_decision(text, lang) is defers
    assert hands_on_vaguely(text, lang) is defers
    assert withheld(text, lang) is defers
    cues = frozenset(markers(text, lang))
    if "next_step" in cues:
        assert concrete_step(text, lang, cues) is not defers


def test_a_named_hand_on_without_a_decision_to_wait_for_stays_a_step():
    text = "Je transmets votre dossier à Mme Carole Brun, notre responsable SAV."
    assert not hands_on_vaguely(text, "fr")
    assert not defers_decision(text, "fr")
