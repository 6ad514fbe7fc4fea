"""A candidate's progress: each criterion across their attempts, with its trend and its
last evidence (pure).

A candidate is the same person across attempts when they carry the same number in the
same centre; here a centre is a trainer's account (the exams a trainer created): the live
layer gives only that trainer's attempts. What a candidate may see of an exam-mode attempt
is what their result sheet says, once signed: the decision, never the proposal or its
evidence; a training attempt shows the proposal until a jury decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.grading.grid import Grid
from omnisim.results.attempts import AttemptResult, CriterionResult, Status
from omnisim.results.calibration import Case
from omnisim.results.cohort import case_of

Viewer = Literal["trainer", "candidate"]
Trend = Literal["up", "down", "same", ""]


@dataclass(frozen=True)
class Step:
    """One criterion in one attempt, as the viewer may see it."""

    # hidden: an exam not signed yet, for the candidate; not_graded: not on that attempt's sheet
    # (its deck gave the criterion no occasion: no sale, MC ACVD C1.6)
    status: Status | Literal["hidden", "not_graded"]
    source: Literal["jury", "proposal", ""]
    case: Case


@dataclass(frozen=True)
class CriterionProgress:
    criterion_id: str
    steps: tuple[Step, ...]  # one per attempt of the grid, oldest first
    trend: Trend
    last_evidence: Case | None  # the latest attempt's first moment for this criterion


@dataclass(frozen=True)
class GridProgress:
    grid_id: str
    attempts: tuple[AttemptResult, ...]  # oldest first
    criteria: tuple[CriterionProgress, ...]


def shown(a: AttemptResult, c: CriterionResult, viewer: Viewer) -> Step:
    if viewer == "candidate" and a.mode == "exam":
        if not a.signed:
            return Step("hidden", "", case_of(a, c, 0))
        return Step(c.final or "open", "jury" if c.final else "", case_of(a, c, 0))
    return Step(c.status, c.source, case_of(a, c))


def trend(steps: Iterable[Step]) -> Trend:
    """From the last two decided steps: up (non acquis → acquis), down, or same."""
    decided = [s.status for s in steps if s.status in ("acquis", "non_acquis")]
    if len(decided) < 2:
        return ""
    before, now = decided[-2:]
    if before == now:
        return "same"
    return "up" if now == "acquis" else "down"


def progress(
    attempts: Iterable[AttemptResult],
    number: str,
    grids: Mapping[str, Grid],
    viewer: Viewer = "trainer",
) -> list[GridProgress]:
    """The attempts of the candidate numbered ``number`` (of one centre: the caller's),
    per grid, oldest first; attempts not yet ended are left out."""
    mine = [a for a in attempts if a.number.strip() == number.strip() and a.ended]
    out = []
    for grid_id in sorted({a.grid_id for a in mine}):
        if grid_id not in grids:
            continue
        taken = sorted((a for a in mine if a.grid_id == grid_id), key=lambda a: a.held_at)
        rows = []
        for criterion in grids[grid_id].criteria:
            steps = []
            for a in taken:
                c = a.criterion(criterion.id)
                blank = Case(a.exam_id, a.candidate_id, criterion.id, 0, a.held_at)
                # Not on that attempt's sheet: its deck gave no occasion (no sale, MC ACVD C1.6).
                steps.append(
                    shown(a, c, viewer) if c is not None else Step("not_graded", "", blank)
                )
            last = next((s.case for s in reversed(steps) if s.case.seq), None)
            rows.append(CriterionProgress(criterion.id, tuple(steps), trend(steps), last))
        out.append(GridProgress(grid_id, tuple(taken), tuple(rows)))
    return out
