"""Interview questions drawn from the evidence, each citing its moment on the scenario clock."""

from __future__ import annotations

import asyncio
import re

import pytest

from omnisim.grading import grade
from omnisim.i18n import catalog
from omnisim.jury.interview import Names, clock_at, questions, templates
from omnisim.measures import compute_all
from omnisim.scenario import load_scenario
from tests.conftest import ROOT
from tests.scripted import play_deck_direct, play_direct

DEMO = ROOT / "decks" / "demo"


@pytest.fixture(scope="module")
def careless():
    scenario = load_scenario(DEMO)
    log = asyncio.run(play_direct(DEMO, careful=False))
    grid = scenario.grids[scenario.deck.grid]
    return scenario, grid, grade(grid, compute_all(log, scenario))


def test_questions_cover_the_criteria_not_acquired_and_cite_their_moment(careless):
    scenario, grid, sheet = careless
    asked = questions(scenario.deck, grid, sheet, {}, "fr", scenario.scripts)
    proposals = sheet.proposals()
    served = {ref for q in asked for ref in q.references}
    refs = {c.id: c.reference for c in grid.criteria}
    assert served == {refs[c] for c, p in proposals.items() if p != "acquis"}
    timed = [q for q in asked if q.seq]
    assert len(timed) >= 10
    for q in timed:
        assert q.clock == clock_at(scenario.deck, q.sim, "fr")
        assert re.search(rf"\b[àÀ] {q.clock}\b", q.text), q.text
        assert "{" not in q.text
    names = {c.customer.name for c in scenario.deck.contacts}
    assert any(name in q.text for q in timed for name in names)  # the customer, not an id
    assert not any(c.id in q.text for q in timed for c in scenario.deck.contacts)
    english = questions(scenario.deck, grid, sheet, {}, "en", scenario.scripts)
    assert [q.seq for q in english] == [q.seq for q in asked]
    assert all(re.search(rf"\b[aA]t {q.clock}\b", q.text) for q in english if q.seq)


DECKS = sorted(p.name for p in (ROOT / "decks").iterdir() if (p / "deck.yaml").exists())


@pytest.mark.parametrize("deck", DECKS)
def test_questions_are_asked_once_and_name_no_internal_id_on_every_bundled_deck(deck):
    """Written for a person (issue 20): no question twice (one serving two criteria names
    both), and no id of the deck in its text, such as « numero_client, releve, index »."""
    scenario, log = asyncio.run(play_deck_direct(ROOT / "decks" / deck, False))
    results = compute_all(log, scenario)
    for grid_id in scenario.deck.grid_ids:
        grid = scenario.grids[grid_id]
        sheet = grade(grid, results)
        for lang in ("fr", "en"):
            asked = questions(scenario.deck, grid, sheet, {}, lang, scenario.scripts)
            texts = [q.text for q in asked]
            assert asked and len(texts) == len(set(texts)), (grid_id, lang)
            assert len({q.id for q in asked}) == len(asked)
            ids = Names.of(scenario.deck, lang, scenario.scripts).ids
            internal = {i for i in ids if re.search(r"[_\-0-9]", i)}
            for q in asked:
                words = set(re.findall(r"[\w\-]+", q.text))
                assert not words & internal, (q.text, words & internal)
                listed = re.findall(r"([\w\-]+), ([\w\-]+)", q.text)
                assert not [pair for pair in listed if set(pair) <= ids], q.text
                assert "{" not in q.text and q.references


def test_a_criterion_the_jury_finds_acquired_gets_no_question(careless):
    scenario, grid, sheet = careless
    failed = next(c for c, p in sheet.proposals().items() if p == "non_acquis")
    asked = questions(scenario.deck, grid, sheet, {failed: "acquis"}, "fr")
    assert failed not in {q.criterion_id for q in asked}
    assert failed in {q.criterion_id for q in questions(scenario.deck, grid, sheet, {}, "fr")}


def test_every_template_is_a_measures_note_and_exists_in_both_languages():
    data = templates()
    notes = {k for k in catalog("fr") if k.startswith("note.")}
    for key, template in data["by_note"].items():
        assert key in notes, key
        assert set(template) == {"fr", "en"} and "{clock}" in template["fr"] + template["en"]
    from omnisim.measures import MEASURES

    assert set(data["by_measure"]) <= set(MEASURES)
    assert all(set(t) == {"fr", "en"} for t in data["by_measure"].values())


def test_the_scenario_clock_starts_at_the_decks_start_time():
    deck = load_scenario(DEMO).deck
    h, m = map(int, deck.start_time.split(":"))
    assert clock_at(deck, 0, "fr") == f"{h:02d}:{m:02d}"
    assert clock_at(deck, 92 * 60, "en") == f"{(h * 60 + m + 92) // 60:02d}:{(m + 92) % 60:02d}"
