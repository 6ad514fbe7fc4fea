"""Criteria grids (data) and the verdicts proposed from measures, with the jury's last word."""

from omnisim.grading.grid import Criterion, Grid, GridError, bundled_grids, load_grid
from omnisim.grading.verdicts import (
    CriterionVerdict,
    GradeSheet,
    PassOutcome,
    apply_pass_rule,
    final_decisions,
    grade,
)

__all__ = [
    "CriterionVerdict",
    "Criterion",
    "GradeSheet",
    "Grid",
    "GridError",
    "PassOutcome",
    "apply_pass_rule",
    "bundled_grids",
    "final_decisions",
    "grade",
    "load_grid",
]
