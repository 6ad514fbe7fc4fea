"""The jury's grading of one candidate as rules over the folded grading stream.

Pure: given the exam's folded state (omnisim/exams/state.py), the grid and the automatic
proposals, say what a command may do (``check``) and what a jury member may see (``view``).

The steps, as the certification texts have them (seed 002, CCS-RC: two evaluators grade,
then concert on the evidence; seed 003: "un Jury composé de deux juré(e)s évaluateurs"):

1. each jury member records Acquis / Non acquis per criterion, with a comment, and a
   comment is required where they depart from the automatic proposal;
2. each hands in (``grade.submitted``); until everyone has, nobody is sent another's
   decisions;
3. where they differ, they reconcile into one decision with a comment; they write a
   recommendation for every criterion not acquired;
4. each signs (typed name); the signature records the sheet's hash and the attempt log's;
   once every jury member has signed, the sheet is locked and any change is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from omnisim import events as ev
from omnisim.events import exam as exam_events
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import Decision, ExamState, Grading, Person
from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import Outcome, evaluate
from omnisim.grading.verdicts import Proposal
from omnisim.jury.integrity import sheet_hash
from omnisim.protocol.jury_view import (
    AttemptProgress,
    CompetenceOutcome,
    CriterionRow,
    EvidenceMoment,
    Final,
    Given,
    GradingOutcome,
    GradingView,
    InterviewQuestion,
    JuryMember,
    OtherDecision,
    Phase,
    SignatureRow,
)
from omnisim.protocol.messages import Candidate
from omnisim.schema import SchemaError

MAX_TEXT = 4000
MAX_NAME = 120


def _decision(value: str) -> exam_events.Decision:
    """A decision of the folded state: the log's GradeDecided/GradeReconciled, so one of two."""
    return cast(exam_events.Decision, value)


def jury_ids(state: ExamState) -> list[str]:
    return [p.id for p in state.jury]


def grading_of(state: ExamState, candidate_id: str) -> Grading:
    return state.grading.get(candidate_id) or Grading()


def all_submitted(state: ExamState, g: Grading) -> bool:
    ids = jury_ids(state)
    return bool(ids) and all(j in g.submitted for j in ids)


def is_locked(state: ExamState, g: Grading) -> bool:
    ids = jury_ids(state)
    return state.locked or (bool(ids) and all(j in g.signatures for j in ids))


def finals(state: ExamState, g: Grading, grid: Grid) -> dict[str, Final]:
    """Per criterion: the common decision, the reconciled one, or open."""
    ids = jury_ids(state)
    out = {}
    for c in grid.criteria:
        if c.id in g.reconciled:
            r = g.reconciled[c.id]
            out[c.id] = Final(_decision(r.decision), r.comment, "reconciled")
            continue
        given = [g.decisions.get(c.id, {}).get(j) for j in ids]
        decided = [d for d in given if d is not None]
        if decided and len(decided) == len(ids) and len({d.decision for d in decided}) == 1:
            comment = " / ".join(d.comment.strip() for d in decided if d.comment.strip())
            out[c.id] = Final(_decision(decided[0].decision), comment, "agreed")
        else:
            out[c.id] = Final(None, "", "open")
    return out


def disagreements(state: ExamState, g: Grading, grid: Grid) -> list[str]:
    """Criteria on which the jury members' own decisions differ (reconciled or not)."""
    ids = jury_ids(state)
    found = []
    for c in grid.criteria:
        given = g.decisions.get(c.id, {})
        mine = {given[j].decision for j in ids if j in given}
        if len(mine) > 1:
            found.append(c.id)
    return found


def phase(state: ExamState, g: Grading, grid: Grid) -> Phase:
    if is_locked(state, g):
        return "locked"
    if not all_submitted(state, g):
        return "grading"
    if any(f.decision is None for f in finals(state, g, grid).values()) or missing_recommendations(
        state, g, grid
    ):
        return "reconciling"
    return "signing"


def missing_recommendations(state: ExamState, g: Grading, grid: Grid) -> list[str]:
    return [
        cid
        for cid, f in finals(state, g, grid).items()
        if f.decision == "non_acquis"
        and not (cid in g.recommendations and g.recommendations[cid].comment.strip())
    ]


def outcome(state: ExamState, g: Grading, grid: Grid, lang: str = "fr") -> Outcome:
    decisions = {cid: f.decision for cid, f in finals(state, g, grid).items()}
    return evaluate(grid, decisions, state.pass_rule, lang)


def sheet_content(state: ExamState, candidate_id: str, grid: Grid) -> dict[str, Any]:
    """What a signature vouches for: every final decision, comment and recommendation."""
    g = grading_of(state, candidate_id)
    result = outcome(state, g, grid)
    return {
        "exam": state.exam_id,
        "candidate": candidate_id,
        "grid": [grid.id, grid.version],
        "criteria": {
            cid: [
                f.decision,
                f.comment,
                g.recommendations[cid].comment
                if cid in g.recommendations and f.decision == "non_acquis"
                else "",
            ]
            for cid, f in finals(state, g, grid).items()
        },
        "rule": [result.rule.kind, result.rule.min, result.source],
        "passed": result.passed,
        "retake": list(result.retake),
    }


def current_sheet_hash(state: ExamState, candidate_id: str, grid: Grid) -> str:
    return sheet_hash(sheet_content(state, candidate_id, grid))


# -- what a command may do -------------------------------------------------------------
def _text(field: str, value: str, required: bool) -> None:
    if required and not value.strip():
        raise SchemaError(field, "err.jury.comment_required")
    if len(value) > MAX_TEXT:
        raise SchemaError(field, "err.too_long", limit=MAX_TEXT)


def check(
    state: ExamState,
    grid: Grid,
    jury_id: str,
    command: Any,
    proposals: Mapping[str, Proposal],
    attempt_ended: bool = True,
) -> None:
    """Refuse (``SchemaError`` naming the field) what ``jury_id`` may not do now."""
    person = state.people.get(jury_id)
    if person is None or person.role != "jury":
        raise SchemaError("Authorization", "err.jury_token")
    candidate = state.people.get(command.candidate_id)
    if candidate is None or candidate.role != "candidate":
        raise SchemaError("candidate_id", "err.no_candidate", person=command.candidate_id)
    g = grading_of(state, command.candidate_id)
    if is_locked(state, g):
        raise ExamRefused("candidate_id", "err.jury.locked")
    criterion_id = getattr(command, "criterion_id", None)
    if criterion_id is not None and criterion_id not in {c.id for c in grid.criteria}:
        raise SchemaError("criterion_id", "err.no_criterion", criterion=criterion_id)
    if g.signatures and not isinstance(command, ev.SheetSigned):
        raise ExamRefused("candidate_id", "err.jury.signed_frozen")
    if isinstance(command, ev.GradeDecided):
        if jury_id in g.submitted:
            raise ExamRefused("criterion_id", "err.jury.already_submitted")
        proposed = proposals.get(command.criterion_id, "a_apprecier")
        overrides = proposed != "a_apprecier" and proposed != command.decision
        _text("comment", command.comment, overrides)
    elif isinstance(command, ev.GradeCommented):
        _text("text", command.text, True)
    elif isinstance(command, ev.GradeSubmitted):
        if jury_id in g.submitted:
            raise ExamRefused("candidate_id", "err.jury.already_submitted")
        for c in grid.criteria:
            if jury_id not in g.decisions.get(c.id, {}):
                raise SchemaError(
                    c.id, "err.jury.criterion_undecided", criterion=c.reference or c.id
                )
    else:
        if not all_submitted(state, g):
            raise ExamRefused("candidate_id", "err.jury.not_all_submitted")
        if isinstance(command, ev.GradeReconciled):
            _text("comment", command.comment, True)
        elif isinstance(command, ev.GradeRecommended):
            _text("text", command.text, True)
        elif isinstance(command, ev.SheetSigned):
            _check_sign(state, grid, jury_id, command, g, attempt_ended)
        else:
            raise SchemaError("type", "err.jury.command")


def _check_sign(
    state: ExamState,
    grid: Grid,
    jury_id: str,
    command: ev.SheetSigned,
    g: Grading,
    attempt_ended: bool,
) -> None:
    if jury_id in g.signatures:
        raise ExamRefused("candidate_id", "err.jury.already_signed")
    if not command.name.strip():
        raise SchemaError("name", "err.jury.signature_name")
    if len(command.name) > MAX_NAME:
        raise SchemaError("name", "err.too_long", limit=MAX_NAME)
    if not attempt_ended:
        raise ExamRefused("candidate_id", "err.jury.attempt_running")
    open_ = [cid for cid, f in finals(state, g, grid).items() if f.decision is None]
    if open_:
        raise ExamRefused(open_[0], "err.jury.not_reconciled", criterion=open_[0])
    missing = missing_recommendations(state, g, grid)
    if missing:
        raise ExamRefused(missing[0], "err.jury.recommendation_missing", criterion=missing[0])
    if command.sheet_hash != current_sheet_hash(state, command.candidate_id, grid):
        raise ExamRefused("sheet_hash", "err.jury.sheet_changed")


# -- what a jury member is sent ----------------------------------------------------------
def decided(state: ExamState, candidate_id: str, grid: Grid, jury_id: str) -> dict[str, str | None]:
    """Per criterion, the decision ``jury_id``'s interview questions follow: the sheet's once
    the gradings are revealed and settled, else their own (None: not decided)."""
    g = grading_of(state, candidate_id)
    final = finals(state, g, grid) if all_submitted(state, g) else {}
    out: dict[str, str | None] = {}
    for c in grid.criteria:
        mine = g.decisions.get(c.id, {}).get(jury_id)
        settled = final[c.id].decision if c.id in final else None
        out[c.id] = settled or (mine.decision if mine else None)
    return out


def _given(d: Decision | None) -> Given | None:
    return Given(_decision(d.decision), d.comment) if d else None


def view(
    state: ExamState,
    candidate: Person,
    grid: Grid,
    jury_id: str,
    proposals: Mapping[str, Proposal],
    evidence: Mapping[str, Sequence[EvidenceMoment]],
    lang: str,
    *,
    attempt: AttemptProgress,
    questions: Sequence[InterviewQuestion],
) -> GradingView:
    """The grading as ``jury_id`` may see it: the others' decisions only once all handed in."""
    g = grading_of(state, candidate.id)
    revealed = all_submitted(state, g)
    final = finals(state, g, grid) if revealed else {}
    split = set(disagreements(state, g, grid)) if revealed else set()
    criteria = []
    for c in grid.criteria:
        given = g.decisions.get(c.id, {})
        rec = g.recommendations.get(c.id)
        shown = CriterionRow(
            c.id,
            c.reference,
            c.competence,
            grid.label_for(c, lang),
            proposals.get(c.id, "a_apprecier"),
            tuple(evidence.get(c.id, ())),
            _given(given.get(jury_id)),
        )
        if revealed:
            shown = replace(
                shown,
                others=tuple(
                    OtherDecision(j, _decision(d.decision), d.comment)
                    for j, d in given.items()
                    if j != jury_id
                ),
                disagreement=c.id in split,
                final=final[c.id],
                recommendation=rec.comment if rec else "",
            )
        criteria.append(shown)
    if revealed:  # disagreements first: that is what the jury has to settle
        criteria.sort(key=lambda r: not r.disagreement)
    result = outcome(state, g, grid, lang) if revealed else None
    return GradingView(
        Candidate.of(candidate),
        phase(state, g, grid),
        jury_id,
        revealed,
        tuple(
            JuryMember(p.id, p.name, p.evaluator, p.id in g.submitted, p.id in g.signatures)
            for p in state.jury
        ),
        tuple(criteria),
        _outcome_view(result, lang) if result else None,
        current_sheet_hash(state, candidate.id, grid) if revealed else "",
        tuple(
            SignatureRow(j, s.name, s.wall_time, s.log_seq, s.log_hash)
            for j, s in g.signatures.items()
        ),
        attempt,
        tuple(questions),
        grid.pass_rule_text,
        grid.pass_rule.stated,
    )


def _outcome_view(result: Outcome, lang: str) -> GradingOutcome:
    return GradingOutcome(
        result.passed,
        result.met,
        result.total,
        result.rule_text.render(lang),
        result.source,
        result.reason.render(lang),
        result.retake,
        tuple(
            CompetenceOutcome(c.id, c.label, c.acquired, c.met, c.total) for c in result.competences
        ),
    )
