"""MC ACVD C1.6 « VENDRE » is graded where a deck has a sale (Criterion.occasion: sale): a deck
without one does not have the criterion on its sheet, so its pass rule neither fails nor waits
on it; a hand grading written before the criterion is not compared on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from omnisim.grading.agreement import JuryMark, compare
from omnisim.grading.grid import GridError, bundled_grids, parse_grid
from omnisim.grading.pass_rule import evaluate
from omnisim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def test_a_deck_without_a_sale_has_no_sale_criterion_and_its_pass_rule_ignores_it():
    grid = bundled_grids()["mc_acvd"]
    assert "mc.c1.vente" in {c.id for c in grid.criteria}
    without = load_scenario(ROOT / "decks" / "mc_acvd_fibre").grids["mc_acvd"]
    assert "mc.c1.vente" not in {c.id for c in without.criteria}
    assert len(without.criteria) == len(grid.criteria) - 1
    decided = {c.id: "acquis" for c in without.criteria}
    assert evaluate(without, decided).passed is True  # nothing left open for a sale
    with_sale = load_scenario(ROOT / "decks" / "mc_acvd_cycles").grids["mc_acvd"]
    assert "mc.c1.vente" in {c.id for c in with_sale.criteria}
    assert evaluate(with_sale, decided).passed is None  # the sale still to decide


def test_a_hand_grading_without_the_criterion_is_not_compared_on_it():
    grid = load_scenario(ROOT / "decks" / "mc_acvd_cycles").grids["mc_acvd"]
    proposals = {c.id: "acquis" for c in grid.criteria} | {"mc.c1.vente": "non_acquis"}
    jury = {c.id: JuryMark("acquis") for c in grid.criteria if c.id != "mc.c1.vente"}
    found = compare(grid, proposals, jury, True)
    assert found.ungraded == ("mc.c1.vente",)
    assert not found.disagreements and found.passed is True and found.agreement == 1.0


def test_an_unknown_occasion_is_refused_at_its_field():
    text = (
        "id: g\ntitle: G\nsource: s\npass_rule: {kind: all_criteria}\npass_rule_text: t\n"
        "competences: [{id: c, label: C}]\ncriteria:\n"
        "  - {id: a, competence: c, reference: r, label: A, occasion: picnic}\n"
    )
    with pytest.raises(GridError, match=r"criteria\[0\]\.occasion"):
        parse_grid(text, "g.yaml")
