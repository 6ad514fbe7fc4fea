"""From measure results to proposed verdicts, then to the jury's final decisions.

Automatic measures only ever *propose*: a criterion no measure can decide is left
"à apprécier par le jury", and the jury may overrule any proposal with a comment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.grading.grid import Criterion, Grid
from omnisim.i18n import Text
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.schema import SchemaError

Proposal = Literal["acquis", "non_acquis", "a_apprecier"]
Decision = Literal["acquis", "non_acquis"]


@dataclass(frozen=True)
class CriterionVerdict:
    criterion: Criterion
    proposed: Proposal
    measures: tuple[MeasureResult, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class GradeSheet:
    grid: Grid
    verdicts: tuple[CriterionVerdict, ...]

    def proposals(self) -> dict[str, Proposal]:
        return {v.criterion.id: v.proposed for v in self.verdicts}


def _propose(criterion: Criterion, results: list[MeasureResult | None]) -> Proposal:
    outcomes = [r.passed if r is not None else None for r in results]
    if not outcomes:
        return "a_apprecier"
    if criterion.combine == "any":
        if any(o is True for o in outcomes):
            return "acquis"
        return "non_acquis" if all(o is False for o in outcomes) else "a_apprecier"
    if any(o is False for o in outcomes):
        return "non_acquis"
    # A measure with nothing to judge in this session (no hold was ever needed) neither
    # proves nor disproves the criterion: it is judged on the measures that did see something.
    return "acquis" if any(o is True for o in outcomes) else "a_apprecier"


def grade(grid: Grid, results: Mapping[str, MeasureResult]) -> GradeSheet:
    verdicts = []
    for criterion in grid.criteria:
        used = [results.get(m) for m in criterion.measures]
        found = tuple(r for r in used if r is not None)
        evidence = tuple(
            sorted({e for r in found for e in r.evidence}, key=lambda e: (e.seq, repr(e.note)))
        )
        verdicts.append(CriterionVerdict(criterion, _propose(criterion, used), found, evidence))
    return GradeSheet(grid, tuple(verdicts))


def final_decisions(
    sheet: GradeSheet, jury: Mapping[str, tuple[Decision, str]]
) -> dict[str, Decision | None]:
    """Merge proposals with the jury's (decision, comment); None where still undecided.

    A decision that departs from an automatic proposal must say why; a refusal is a
    ``SchemaError`` (a ``ValueError``) whose field is the criterion.
    """
    known = {v.criterion.id: v.proposed for v in sheet.verdicts}
    for criterion_id, (decision, comment) in jury.items():
        if criterion_id not in known:
            raise SchemaError(criterion_id, "err.criterion_unknown", grid=sheet.grid.id)
        if decision not in ("acquis", "non_acquis"):
            raise SchemaError(criterion_id, "err.decision_invalid")
        proposed = known[criterion_id]
        if proposed != "a_apprecier" and decision != proposed and not comment.strip():
            raise SchemaError(
                criterion_id, "err.overrule_needs_comment", proposed=Text(f"verdict.{proposed}")
            )
    out: dict[str, Decision | None] = {}
    for criterion_id, proposed in known.items():
        if criterion_id in jury:
            out[criterion_id] = jury[criterion_id][0]
        else:
            out[criterion_id] = None if proposed == "a_apprecier" else proposed
    return out
