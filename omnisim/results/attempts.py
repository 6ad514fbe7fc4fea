"""Each attempt of an exam as results read it: per criterion, the automatic proposal, each
juror's own mark, and the sheet's decision, from the folded exam (omnisim/exams/state.py).

What is final is the jury workflow's word (omnisim/jury/workflow.py ``finals``,
``is_locked``): nothing here re-derives it. A juror is known across exams by their name as
appointed (the same person in a trainer's centre), folded to one spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from omnisim.events.exam import Decision, Proposal, ProposedMoment
from omnisim.exams.state import ExamState
from omnisim.grading.grid import Grid
from omnisim.jury import workflow

Status = Literal["acquis", "non_acquis", "a_apprecier", "open"]


def juror_key(name: str) -> str:
    """One spelling per person: « Mme  Durand » and « mme durand » are one juror."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class JurorMark:
    """A juror's own decision on a criterion, as handed in (before any reconciliation)."""

    juror: str  # juror_key of their name
    name: str
    decision: Decision
    comment: str


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    proposed: Proposal | None  # None: no proposal recorded (the attempt has not ended)
    final: Decision | None  # the sheet's decision; None while open or never graded
    how: Literal["agreed", "reconciled", "open"]
    comment: str  # the reconciliation's, or the jurors' own joined
    marks: tuple[JurorMark, ...]  # once every juror handed in; () before
    failed: tuple[str, ...]  # the measures that did not pass
    evidence: tuple[ProposedMoment, ...]

    @property
    def status(self) -> Status:
        """The sheet's decision where there is one, else the proposal."""
        return self.final or self.proposed or "open"

    @property
    def source(self) -> Literal["jury", "proposal", ""]:
        return "jury" if self.final else "proposal" if self.proposed else ""

    @property
    def first_seq(self) -> int:
        """The moment a link to this criterion opens on (0: none)."""
        return self.evidence[0].seq if self.evidence else 0


@dataclass(frozen=True)
class AttemptResult:
    exam_id: str
    exam_title: str
    mode: Literal["exam", "training"]
    trainer_id: str
    held_at: float  # the exam's creation (Unix seconds)
    deck_id: str
    deck_title: str
    grid_id: str
    archived: bool
    candidate_id: str
    name: str
    number: str
    ended: bool  # the proposals are recorded: the attempt is over
    graded: bool  # every juror handed in
    signed: bool  # the sheet is locked (every signature, or the record locked)
    passed: bool | None  # by the sheet's rule, once signed
    criteria: tuple[CriterionResult, ...]  # in the grid's order

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        return next((c for c in self.criteria if c.criterion_id == criterion_id), None)

    @property
    def met(self) -> int:
        return sum(1 for c in self.criteria if c.status == "acquis")


def _decision(value: str) -> Decision:
    return "acquis" if value == "acquis" else "non_acquis"


def attempts_of(state: ExamState, grid: Grid) -> list[AttemptResult]:
    """Every candidate's attempt of one exam, graded against ``grid`` (the exam's own)."""
    created = state.created
    assert created is not None
    names = {p.id: p.name for p in state.jury}
    out = []
    for person in state.candidates:
        g = workflow.grading_of(state, person.id)
        finals = workflow.finals(state, g, grid)
        graded = workflow.all_submitted(state, g)
        signed = bool(g.signatures) and workflow.is_locked(state, g)
        proposed = {c.criterion_id: c for c in g.proposed.criteria} if g.proposed else {}
        rows = []
        for c in grid.criteria:
            f = finals[c.id]
            p = proposed.get(c.id)
            given = g.decisions.get(c.id, {}) if graded else {}
            marks = tuple(
                JurorMark(
                    juror_key(names.get(j, j)), names.get(j, j), _decision(d.decision), d.comment
                )
                for j, d in given.items()
            )
            rows.append(
                CriterionResult(
                    c.id,
                    p.proposal if p else None,
                    f.decision,
                    f.how,
                    f.comment,
                    marks,
                    p.failed if p else (),
                    p.evidence if p else (),
                )
            )
        outcome = workflow.outcome(state, g, grid) if signed else None
        out.append(
            AttemptResult(
                state.exam_id,
                created.title,
                created.mode,
                created.trainer_id,
                state.created_at,
                created.deck_id,
                created.deck_title,
                grid.id,
                state.archived,
                person.id,
                person.name,
                person.number,
                g.proposed is not None,
                graded,
                signed,
                outcome.passed if outcome else None,
                tuple(rows),
            )
        )
    return out
