"""The jury's grading of one candidate as rules over the folded grading stream.

Pure: given the exam's folded state (omnisim/exams/state.py), the grid and the automatic
proposals, say what a command may do (``check``) and what the sheet says (``finals``,
``outcome``); what a jury member is sent is omnisim/jury/sent.py.

The steps, as the certification texts have them (seed 002, CCS-RC: two evaluators grade,
then concert on the evidence; seed 003: "un Jury composé de deux juré(e)s évaluateurs"):

1. each jury member records Acquis / Non acquis per criterion, with a comment, and a
   comment is required where they depart from the automatic proposal;
2. each hands in (``grade.submitted``) once the candidate's attempt has ended; until
   everyone has, nobody is sent another's decisions;
3. where they differ, one proposes a decision with its reason, and the others agree to it
   or answer with a proposal of their own (``grade.reconcile_proposed``/``_agreed``): a
   decision is reconciled only when every other member agreed; they write a
   recommendation for every criterion not acquired;
4. each signs under their own name (the roster's, as their personal link says who they
   are); the signature records the sheet's hash and the attempt log's; once every jury
   member has signed, the sheet is final and any change is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from omnisim import events as ev
from omnisim.events import exam as exam_events
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import ExamState, Grading
from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import Outcome, evaluate
from omnisim.grading.verdicts import Proposal
from omnisim.jury.integrity import same_name, sheet_hash
from omnisim.protocol.jury_view import Final, Phase
from omnisim.schema import SchemaError

MAX_TEXT = 4000
MAX_NAME = 120
MAX_QUESTION_ID = 200


def as_decision(value: str) -> exam_events.Decision:
    """A decision of the folded state: the log's GradeDecided/ReconcileProposed, so one of two."""
    return cast(exam_events.Decision, value)


def jury_ids(state: ExamState) -> list[str]:
    return [p.id for p in state.jury]


def grading_of(state: ExamState, candidate_id: str) -> Grading:
    return state.grading.get(candidate_id) or Grading()


def all_submitted(state: ExamState, g: Grading) -> bool:
    ids = jury_ids(state)
    return bool(ids) and all(j in g.submitted for j in ids)


def all_signed(state: ExamState, g: Grading) -> bool:
    """The candidate's sheet carries every jury member's signature: its decision is final."""
    ids = jury_ids(state)
    return bool(ids) and all(j in g.signatures for j in ids)


def is_locked(state: ExamState, g: Grading) -> bool:
    return state.locked or all_signed(state, g)


def finals(state: ExamState, g: Grading, grid: Grid) -> dict[str, Final]:
    """Per criterion, the decision that goes on the sheet: the one every member gave, the
    one proposed and agreed to by every other member, or open.

    The one function saying what the jury finally decided on a criterion (the documents,
    the pass rule and the calibration of omnisim/grading read it).
    """
    ids = jury_ids(state)
    out = {}
    for c in grid.criteria:
        standing = g.proposals.get(c.id)
        if standing is not None and all(j in standing.agreed for j in ids if j != standing.by):
            comments = [standing.comment.strip(), *(t.strip() for t in standing.agreed.values())]
            out[c.id] = Final(
                as_decision(standing.decision),
                " / ".join(t for t in comments if t),
                "reconciled",
                standing.by,
                tuple(j for j in ids if j in standing.agreed),
            )
            continue
        if standing is None and c.id in g.reconciled:  # a log from before: settled alone
            r = g.reconciled[c.id]
            out[c.id] = Final(as_decision(r.decision), r.comment, "reconciled", r.jury_id)
            continue
        given = [g.decisions.get(c.id, {}).get(j) for j in ids]
        decided = [d for d in given if d is not None]
        if decided and len(decided) == len(ids) and len({d.decision for d in decided}) == 1:
            comment = " / ".join(d.comment.strip() for d in decided if d.comment.strip())
            out[c.id] = Final(as_decision(decided[0].decision), comment, "agreed")
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
    """What a signature vouches for: every final decision, comment and recommendation, who
    proposed and who agreed to each reconciled one, and the interview's notes."""
    g = grading_of(state, candidate_id)
    result = outcome(state, g, grid)
    content: dict[str, Any] = {
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
            + ([f.proposed_by, list(f.agreed_by)] if f.agreed_by else [])
            for cid, f in finals(state, g, grid).items()
        },
        "rule": [result.rule.kind, result.rule.min, result.source],
        "passed": result.passed,
        "retake": list(result.retake),
    }
    notes = {
        qid: {j: [n.question, n.note] for j, n in by.items() if n.note.strip()}
        for qid, by in g.notes.items()
    }
    notes = {qid: by for qid, by in notes.items() if by}
    if notes:  # absent when there are none: a sheet signed before notes existed hashes alike
        content["interview"] = notes
    return content


def current_sheet_hash(state: ExamState, candidate_id: str, grid: Grid) -> str:
    return sheet_hash(sheet_content(state, candidate_id, grid))


# -- what a command may do -------------------------------------------------------------
def _text(field: str, value: str, required: bool, limit: int = MAX_TEXT) -> None:
    if required and not value.strip():
        raise SchemaError(field, "err.jury.comment_required")
    if len(value) > limit:
        raise SchemaError(field, "err.too_long", limit=limit)


def check_name(state: ExamState, jury_id: str, typed: str) -> None:
    """A signature is the signer's: the name typed must be theirs on the roster (their
    personal link says who they are), whatever the case or accents."""
    if not typed.strip():
        raise SchemaError("name", "err.jury.signature_name")
    if len(typed) > MAX_NAME:
        raise SchemaError("name", "err.too_long", limit=MAX_NAME)
    person = state.people[jury_id]
    if not same_name(typed, person.name):
        raise ExamRefused("name", "err.jury.signature_not_yours", typed=typed, name=person.name)


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
    if command.candidate_id in state.statuses:
        status = state.statuses[command.candidate_id].status
        raise ExamRefused("candidate_id", f"err.jury.candidate_{status}", name=candidate.name)
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
    elif isinstance(command, ev.InterviewNoted):
        _text("question_id", command.question_id, True, MAX_QUESTION_ID)
        _text("question", command.question, True)
        _text("note", command.note, False)
    elif isinstance(command, ev.GradeSubmitted):
        _check_submit(grid, jury_id, g, attempt_ended)
    else:
        if not all_submitted(state, g):
            raise ExamRefused("candidate_id", "err.jury.not_all_submitted")
        if isinstance(command, ev.ReconcileProposed):
            if command.criterion_id not in disagreements(state, g, grid):
                raise ExamRefused("criterion_id", "err.jury.no_disagreement")
            _text("comment", command.comment, True)
        elif isinstance(command, ev.ReconcileAgreed):
            _check_agree(jury_id, command, g)
        elif isinstance(command, ev.GradeRecommended):
            _text("text", command.text, True)
        elif isinstance(command, ev.SheetSigned):
            _check_sign(state, grid, jury_id, command, g, attempt_ended)
        else:
            raise SchemaError("type", "err.jury.command")


def _check_submit(grid: Grid, jury_id: str, g: Grading, attempt_ended: bool) -> None:
    if jury_id in g.submitted:
        raise ExamRefused("candidate_id", "err.jury.already_submitted")
    if not attempt_ended:
        raise ExamRefused("candidate_id", "err.jury.submit_running")
    for c in grid.criteria:
        if jury_id not in g.decisions.get(c.id, {}):
            raise SchemaError(c.id, "err.jury.criterion_undecided", criterion=c.reference or c.id)


def _check_agree(jury_id: str, command: ev.ReconcileAgreed, g: Grading) -> None:
    standing = g.proposals.get(command.criterion_id)
    if standing is None:
        raise ExamRefused("criterion_id", "err.jury.nothing_proposed")
    if standing.by == jury_id:
        raise ExamRefused("criterion_id", "err.jury.own_proposal")
    if (standing.by, standing.decision) != (command.proposed_by, command.decision):
        raise ExamRefused("criterion_id", "err.jury.proposal_changed")
    if jury_id in standing.agreed:
        raise ExamRefused("criterion_id", "err.jury.already_agreed")
    _text("comment", command.comment, False)


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
    check_name(state, jury_id, command.name)
    if not attempt_ended:
        raise ExamRefused("candidate_id", "err.jury.attempt_running")
    refs = {c.id: c.reference or c.id for c in grid.criteria}  # as the jury reads them
    open_ = [cid for cid, f in finals(state, g, grid).items() if f.decision is None]
    if open_:
        raise ExamRefused(open_[0], "err.jury.not_reconciled", criterion=refs[open_[0]])
    missing = missing_recommendations(state, g, grid)
    if missing:
        raise ExamRefused(missing[0], "err.jury.recommendation_missing", criterion=refs[missing[0]])
    if command.sheet_hash != current_sheet_hash(state, command.candidate_id, grid):
        raise ExamRefused("sheet_hash", "err.jury.sheet_changed")
