"""From measure results to proposed verdicts, then to the jury's final decisions.

Automatic measures only ever *propose*: a criterion no measure can decide is left
"à apprécier par le jury", and the jury may overrule any proposal with a comment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.grading.grid import Criterion, Grid
from omnisim.measures.result import Evidence, MeasureResult

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


@dataclass(frozen=True)
class PassOutcome:
    passed: bool | None  # None while a criterion is undecided
    met: int
    total: int
    detail: str


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
    return "acquis" if all(o is True for o in outcomes) else "a_apprecier"


def grade(grid: Grid, results: Mapping[str, MeasureResult]) -> GradeSheet:
    verdicts = []
    for criterion in grid.criteria:
        used = [results.get(m) for m in criterion.measures]
        found = tuple(r for r in used if r is not None)
        evidence = tuple(
            sorted({e for r in found for e in r.evidence}, key=lambda e: (e.seq, e.note))
        )
        verdicts.append(CriterionVerdict(criterion, _propose(criterion, used), found, evidence))
    return GradeSheet(grid, tuple(verdicts))


def final_decisions(
    sheet: GradeSheet, jury: Mapping[str, tuple[Decision, str]]
) -> dict[str, Decision | None]:
    """Merge proposals with the jury's (decision, comment); None where still undecided.

    A decision that departs from an automatic proposal must say why.
    """
    known = {v.criterion.id: v.proposed for v in sheet.verdicts}
    for criterion_id, (decision, comment) in jury.items():
        if criterion_id not in known:
            raise ValueError(f"{criterion_id}: unknown criterion of grid {sheet.grid.id}")
        if decision not in ("acquis", "non_acquis"):
            raise ValueError(f"{criterion_id}: decision must be acquis or non_acquis")
        proposed = known[criterion_id]
        if proposed != "a_apprecier" and decision != proposed and not comment.strip():
            raise ValueError(
                f"{criterion_id}: overruling the proposal ({proposed}) needs a comment"
            )
    out: dict[str, Decision | None] = {}
    for criterion_id, proposed in known.items():
        if criterion_id in jury:
            out[criterion_id] = jury[criterion_id][0]
        else:
            out[criterion_id] = None if proposed == "a_apprecier" else proposed
    return out


def apply_pass_rule(grid: Grid, decisions: Mapping[str, Decision | None]) -> PassOutcome:
    total = len(grid.criteria)
    met = sum(1 for c in grid.criteria if decisions.get(c.id) == "acquis")
    undecided = [c.id for c in grid.criteria if decisions.get(c.id) is None]
    rule = grid.pass_rule
    if rule.kind == "share_of_criteria":
        needed = rule.min * total
        if met >= needed - 1e-9:
            return PassOutcome(True, met, total, f"{met}/{total} ≥ {rule.min:.0%}")
        if met + len(undecided) < needed - 1e-9:
            return PassOutcome(False, met, total, f"{met}/{total} < {rule.min:.0%}")
        return PassOutcome(None, met, total, f"{len(undecided)} critère(s) à apprécier")
    if rule.kind == "all_criteria":
        groups = {"*": [c.id for c in grid.criteria]}
    else:
        groups = {}
        for c in grid.criteria:
            groups.setdefault(c.competence, []).append(c.id)
    failed = [g for g, ids in groups.items() if any(decisions.get(i) == "non_acquis" for i in ids)]
    if failed:
        return PassOutcome(False, met, total, "non acquis : " + ", ".join(failed))
    if undecided:
        return PassOutcome(None, met, total, f"{len(undecided)} critère(s) à apprécier")
    return PassOutcome(True, met, total, "tout est acquis")
