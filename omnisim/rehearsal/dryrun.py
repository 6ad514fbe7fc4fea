"""A dry run: before any exam, a careful and a careless scripted candidate play the deck at full
speed, every measure runs on each log and each grid is proposed, so the trainer sees whether
the deck separates a good candidate from a weak one, and on which criteria it does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from omnisim.grading import CriterionVerdict, Grid, Outcome, evaluate, grade
from omnisim.grading.grid import Criterion
from omnisim.i18n import Text
from omnisim.measures import MeasureResult, compute_all
from omnisim.rehearsal.candidate import DeckCandidate
from omnisim.rehearsal.player import play
from omnisim.scenario import Scenario

STYLES = ("careful", "careless")
Separation = Literal["separates", "weak_passes", "careful_fails", "weak_undecided", "undecided"]
Verdict = Literal["yes", "no", "unclear"]


@dataclass(frozen=True)
class Run:
    """One scripted candidate's attempt: how long its log is and what every measure found."""

    style: str
    events: int
    results: Mapping[str, MeasureResult]


@dataclass(frozen=True)
class CriterionRun:
    criterion: Criterion
    verdicts: Mapping[str, CriterionVerdict]  # style -> the proposal with its measures
    separation: Separation

    def proposal(self, style: str) -> str:
        return self.verdicts[style].proposed

    def failed_measures(self, style: str) -> tuple[str, ...]:
        return tuple(r.measure for r in self.verdicts[style].measures if r.passed is False)

    def sentence(self, grid: Grid, lang: str) -> Text:
        """Why this criterion does not separate the two candidates (the empty text if it does)."""
        if self.separation == "separates":
            return Text()
        crit = self.criterion
        named = {"reference": crit.reference or crit.id, "label": grid.label_for(crit, lang)}
        if self.separation == "careful_fails":
            failed = tuple(
                Text("cover.quoted", name=Text(f"measure.{m}"))
                for m in self.failed_measures("careful")
            )
            return Text("dryrun.careful_fails", measures=failed, **named)
        return Text(f"dryrun.{self.separation}", **named)


@dataclass(frozen=True)
class GridRun:
    """One grid proposed for each candidate, criterion by criterion, and by its pass rule."""

    grid: Grid
    criteria: tuple[CriterionRun, ...]
    outcomes: Mapping[str, Outcome]

    @property
    def separating(self) -> list[CriterionRun]:
        return [c for c in self.criteria if c.separation == "separates"]

    @property
    def verdict(self) -> Verdict:
        """Yes when the careful one is not failed and the careless one is, by the pass rule."""
        careful, careless = self.outcomes["careful"].passed, self.outcomes["careless"].passed
        if careless is True or careful is False or not self.separating:
            return "no"
        return "yes" if careless is False else "unclear"

    def summary(self) -> Text:
        """The answer in words: does the deck separate a good candidate from a weak one?"""
        met = {style: self.outcomes[style].met for style in STYLES}
        return Text(
            f"dryrun.verdict.{self.verdict}",
            separating=len(self.separating),
            total=len(self.criteria),
            careful=met["careful"],
            careless=met["careless"],
        )


@dataclass(frozen=True)
class DryRun:
    deck_id: str
    runs: tuple[Run, ...]
    grids: tuple[GridRun, ...]


def separation(careful: str, careless: str) -> Separation:
    if careful == "non_acquis":
        return "careful_fails"  # even a careful candidate fails: the key or the criterion
    if careful == "a_apprecier":
        return "undecided"  # nothing the measures could judge of a good candidate: the jury's
    if careless == "acquis":
        return "weak_passes"  # the deck does not catch a weak candidate here
    if careless == "a_apprecier":
        return "weak_undecided"  # the weak one leaves nothing to judge: the jury's
    return "separates"


def rehearse(scenario: Scenario, style: str) -> Run:
    """One scripted candidate plays the whole deck; every measure runs on its log."""
    candidate = DeckCandidate(scenario.deck, scenario.scripts, careful=style == "careful")
    log = play(scenario, candidate)
    return Run(style, len(log), compute_all(log, scenario))


def grid_run(grid: Grid, runs: Sequence[Run]) -> GridRun:
    sheets = {run.style: grade(grid, run.results) for run in runs}
    criteria = []
    for n, criterion in enumerate(grid.criteria):
        verdicts = {style: sheet.verdicts[n] for style, sheet in sheets.items()}
        split = separation(verdicts["careful"].proposed, verdicts["careless"].proposed)
        criteria.append(CriterionRun(criterion, verdicts, split))
    outcomes = {
        style: evaluate(grid, {k: (None if v == "a_apprecier" else v) for k, v in p.items()})
        for style, p in ((s, sheet.proposals()) for s, sheet in sheets.items())
    }
    return GridRun(grid, tuple(criteria), outcomes)


def dry_run(scenario: Scenario, grids: Sequence[Grid] = ()) -> DryRun:
    """Both candidates play the deck; each grid (by default those the deck prepares) is
    proposed for each. Pure CPU work, a few seconds for a long deck: call it off the loop."""
    chosen = list(grids) or [
        scenario.grids[g] for g in scenario.deck.grid_ids if g in scenario.grids
    ]
    runs = tuple(rehearse(scenario, style) for style in STYLES)
    return DryRun(scenario.deck.id, runs, tuple(grid_run(grid, runs) for grid in chosen))
