"""Criteria grids (data) and the verdicts proposed from measures, with the jury's last word."""

from omnisim.grading.grid import Criterion, Grid, GridError, bundled_grids, load_grid
from omnisim.grading.pass_rule import Outcome, evaluate
from omnisim.grading.verdicts import (
    CriterionVerdict,
    GradeSheet,
    final_decisions,
    grade,
)

__all__ = [
    "CriterionVerdict",
    "Criterion",
    "GradeSheet",
    "Grid",
    "GridError",
    "Outcome",
    "evaluate",
    "bundled_grids",
    "final_decisions",
    "grade",
    "load_grid",
]
