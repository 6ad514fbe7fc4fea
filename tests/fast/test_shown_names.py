"""A deck id a trainer writes in prose reaches the candidate as the item's name, and the deck
check tells the author (omnisim/deck/shown_names.py); a word that is also an id stays a word."""

from __future__ import annotations

from omnisim.deck.shown_names import Shown, distinct, ids_in
from omnisim.protocol.views import candidate_workspace
from omnisim.scenario import load_scenario
from omnisim.scenario.check import check_deck_warned
from tests.fast.test_decks import GOOD, deck_dir

PROSE = GOOD.replace(
    '      - {id: boss, name: "Mme Roux", role: "superviseure"}\n',
    '      - {id: boss, name: "Mme Roux", role: "superviseure"}\n'
    "    instructions:\n"
    '      - text: "Vol de carte : la fiche r-roy-12, puis le script carte_volee_2 ;'
    ' voir rendez-vous ; boss ou dr-x-9 décide."\n',
)
CRM = '- {id: r-roy-12, first_name: "Anne", last_name: "Roy"}\n'
SCRIPT = (
    'id: carte_volee_2\ntitle: "Opposition d\'une carte"\nsteps:\n'
    '  - {id: s1, question: "Votre nom ?", obtains: nom, ask: ["votre nom"]}\n'
)
ARTICLE = "# Prendre un rendez-vous\n\nDu lundi au vendredi.\n"


def test_an_id_in_an_instruction_is_shown_as_the_item_the_desk_names(tmp_path):
    folder = deck_dir(
        tmp_path,
        PROSE,
        crm_yaml=CRM,
        scripts__carte_volee_2_yaml=SCRIPT,
        knowledge__rendez_vous_md=ARTICLE,
    )
    (folder / "knowledge" / "rendez_vous.md").rename(folder / "knowledge" / "rendez-vous.md")
    deck, problems, warnings = check_deck_warned(folder)
    assert deck is not None and problems == []
    scenario = load_scenario(folder)
    said = candidate_workspace(scenario.deck, scenario.rules, "fr")["principals"][0]
    text = said["instructions"][0]["text"]
    assert text == (
        "Vol de carte : la fiche Anne Roy, puis le script Opposition d'une carte ; voir "
        "rendez-vous ; boss ou dr-x-9 décide."
    )
    # The author is told where, by the item the candidate will read instead.
    told = [w.text.render("fr") for w in warnings if "instructions[0]" in w.field]
    assert len(told) == 2 and "« r-roy-12 »" in told[0] and "« Anne Roy »" in told[0]
    assert "« carte_volee_2 »" in told[1]


def test_only_ids_no_reader_takes_for_a_word_are_read_in_prose():
    assert distinct("opposition_carte") and distinct("r-morel") and distinct("02-appel")
    assert not distinct("rendez-vous") and not distinct("accueil")
    assert not distinct("arc-en-ciel") and distinct("service-client")


def test_an_id_inside_a_longer_word_or_id_is_left(tmp_path):
    folder = deck_dir(tmp_path, PROSE, crm_yaml=CRM)
    scenario = load_scenario(folder)
    shown = Shown(scenario.deck)
    assert shown("r-roy-123 et xr-roy-12 et r-roy-12.") == "r-roy-123 et xr-roy-12 et Anne Roy."
    assert list(ids_in("r-roy-12, r-roy-12", scenario.deck)) == ["r-roy-12"]
