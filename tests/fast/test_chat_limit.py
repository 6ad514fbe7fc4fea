"""The chat's limit has one source: the count the company states is what the desk shows and
what the company's form is judged by; CQP C.1.9 keeps its own 4-5 words (deck/chat_norm.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from omnisim.deck.chat_norm import stated_chat_count
from omnisim.measures.context import MeasureContext
from omnisim.measures.conversation import chat_words_instructed, chat_words_per_send
from omnisim.projection.workspace import project
from omnisim.protocol.views import candidate_workspace
from omnisim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted(p.name for p in (ROOT / "decks").iterdir() if (p / "deck.yaml").exists())


def _desk_limit(scenario: Scenario, deck=None) -> int | None:
    deck = deck or scenario.deck
    return candidate_workspace(deck, scenario.rules, "fr")["channels"]["chat"]["max_words_per_send"]


def _judged(scenario: Scenario, deck=None) -> tuple[int | None, int | None]:
    """The limits the two chat measures judge by: the company's form, CQP C.1.9's."""
    deck = deck or scenario.deck
    ctx = MeasureContext(project([]), deck, dict(scenario.rules), dict(scenario.scripts))
    return chat_words_instructed(ctx).threshold, chat_words_per_send(ctx).threshold


@pytest.mark.parametrize(
    ("said", "count"),
    [
        ("Au tchat : une idée par envoi, 12 mots au plus.", 12),
        ("Sur le chat, entre 6 et 9 mots par message.", 9),
        ("Tchat : huit mots par envoi, pas davantage.", 8),
        ("Au tchat, 4 à 5 mots par envoi.", 5),
    ],
)
def test_the_desk_shows_the_count_the_briefing_states_and_the_company_form_judges_by_it(
    said, count
):
    scenario = load_scenario(ROOT / "decks" / "mini")
    assert stated_chat_count(scenario.deck) is None  # the mini deck states none
    deck = dataclasses.replace(scenario.deck, briefing=f"{scenario.deck.briefing}\n\n{said}\n")
    assert _desk_limit(scenario, deck) == count
    instructed, cqp = _judged(scenario, deck)
    assert instructed == count
    assert cqp == 5  # CQP C.1.9 « 4-5 mots maximum par envoi », whatever the company says


def test_without_a_stated_count_the_desk_shows_the_channel_rule_and_nothing_is_instructed():
    scenario = load_scenario(ROOT / "decks" / "mini")
    assert _desk_limit(scenario) == scenario.rules["chat"].max_words_per_send == 5
    assert _judged(scenario) == (None, 5)


@pytest.mark.parametrize("name", DECKS)
def test_every_bundled_deck_shows_the_limit_its_company_form_is_judged_by(name):
    scenario = load_scenario(ROOT / "decks" / name)
    stated = stated_chat_count(scenario.deck)
    instructed, _ = _judged(scenario)
    shown = _desk_limit(scenario)
    assert shown == (stated or scenario.rules["chat"].max_words_per_send)
    assert instructed in (None, shown)
    if name == "mc_acvd_animalerie":  # « une idée par envoi, 12 mots au plus »
        assert shown == instructed == 12
