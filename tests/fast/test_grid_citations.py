"""Every measure of every criterion is justified by words of its own référentiel.

Each criterion of a bundled grid cites, for each of its measures, words of the grid's seed
text (``source``, in shared/seeds/ beside the repository). A citation must be found there
word for word: only whitespace, apostrophes and markup (read as a space) are normalised,
so a rule borrowed from another référentiel (the CQP's "4-5 mots" in a CP FFP criterion)
has nothing to cite.
"""

from __future__ import annotations

import re

import pytest

from omnisim.grading import GridError, bundled_grids, load_grid
from tests.seeds import SEEDS

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def words(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text.translate(APOSTROPHES))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def seed(name: str) -> str:
    if SEEDS is None:
        pytest.skip("shared/seeds is not beside the repository")
    return words((SEEDS / name).read_text(encoding="utf-8"))


CRITERIA = [(g, c) for g in bundled_grids().values() for c in g.criteria]


@pytest.mark.parametrize(("grid", "criterion"), CRITERIA, ids=[c.id for _, c in CRITERIA])
def test_each_measure_is_cited_word_for_word_from_the_grid_seed(grid, criterion):
    text = seed(grid.source)
    assert set(criterion.cites) == set(criterion.measures), "every measure needs its citation"
    for measure, cited in criterion.cites.items():
        assert words(cited) in text, (criterion.id, measure, cited)


def test_a_borrowed_rule_has_nothing_to_cite():
    """The check can fail: the CQP's chat rule is not in the CP FFP text."""
    cp_ffp = seed(bundled_grids()["cp_ffp"].source)
    cqp = seed(bundled_grids()["cqp_telesecretaire"].source)
    assert words("4-5 mots maximum par envoi") in cqp
    assert words("4-5 mots maximum par envoi") not in cp_ffp
    reponse = next(
        c for c in bundled_grids()["cp_ffp"].criteria if c.id == "cp_ffp.reponse_redigee"
    )
    assert "chat_words_per_send" not in reponse.measures


def test_cqp_c1_2_grades_the_order_of_treatment_its_text_names():
    c1_2 = next(c for c in bundled_grids()["cqp_telesecretaire"].criteria if c.id == "cqp.c1_2")
    assert "hiérarchisation de l'ordre de traitement" in c1_2.cites["priority_order"]


def test_criteria_left_to_the_jury_are_those_the_log_cannot_show():
    """CQP C.1.3, C.1.10, CP FFP écoute, recherche, réponse and the MC ACVD's form letters
    (C3.3, read in the messages sent) are measured; CP FFP C4's natures of tasks and
    prioritising method stay with the jury, which the text grades in the « Entretien
    technique avec le jury » (seed 000)."""
    unmeasured = {c.id for _, c in CRITERIA if not c.measures}
    assert unmeasured == {
        "cp_ffp.natures_taches",
        "cp_ffp.priorisation",
    }


def test_a_citation_for_a_measure_the_criterion_does_not_use_is_refused(tmp_path):
    body = """
id: t
title: T
source: x
pass_rule: {kind: all_criteria}
pass_rule_text: x
competences: [{id: c, label: C}]
criteria:
  - {id: a, competence: c, reference: r, label: A, measures: [greeting],
     cites: {greeting: "accueille", courtesy: "courtoisie"}}
"""
    path = tmp_path / "grid.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GridError, match=r"criteria\[0\]\.cites\.courtesy"):
        load_grid(path)


def test_every_measure_has_a_name_in_both_catalogs():
    from omnisim.i18n import is_key, message
    from omnisim.measures import MEASURES

    for measure in MEASURES:
        assert is_key(f"measure.{measure}"), measure
        assert message("fr", f"measure.{measure}") != message("en", f"measure.{measure}")


GRIDS = list(bundled_grids().values())


@pytest.mark.parametrize("grid", GRIDS, ids=[g.id for g in GRIDS])
def test_each_grid_says_who_grades_an_exam_in_its_texts_words(grid):
    """Issue 20: an exam's jury is read from the grid (two evaluators, one external, as
    each référentiel asks); a stated rule is cited word for word, a default says why."""
    rule = grid.jury
    assert rule is not None and rule.members >= 2 and rule.external >= 1
    assert not rule.max or rule.max >= rule.members
    assert rule.text
    if rule.stated:
        assert words(rule.text) in seed(grid.source), (grid.id, rule.text)
    else:
        assert words(rule.text) not in seed(grid.source)
