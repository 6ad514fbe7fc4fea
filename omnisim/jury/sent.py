"""What a jury member may see of the grading: the view their page is sent, and the exam as
their documents may show it.

The blind rule (seed 002: each evaluator grades alone, then they concert): until every jury
member has handed in a candidate's grading, a member sees only their own decisions,
comments and interview notes about that candidate, never another's, nor anything that
depends on another's (a common decision, an outcome). ``seen_by`` applies it once, to the
folded exam, so every document and export built from its answer (HTML, PDF, CSV, any
later one) holds it without knowing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from omnisim.exams.state import ExamState, Grading, Person
from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import Outcome
from omnisim.grading.verdicts import Proposal
from omnisim.jury.interview import Question
from omnisim.jury.workflow import (
    all_submitted,
    as_decision,
    current_sheet_hash,
    disagreements,
    finals,
    grading_of,
    outcome,
    phase,
)
from omnisim.protocol.jury_view import (
    AttemptProgress,
    CompetenceOutcome,
    CriterionRow,
    ErratumRow,
    ErratumSignature,
    EvidenceMoment,
    Given,
    GradingOutcome,
    GradingView,
    InterviewQuestion,
    JuryMember,
    NoteRow,
    OtherDecision,
    RecordView,
    SignatureRow,
    Standing,
    StatusRow,
)
from omnisim.protocol.messages import Candidate


def own_only(g: Grading, viewer: str) -> Grading:
    """A candidate's grading with only ``viewer``'s own work in it (and who handed in)."""
    return Grading(
        decisions={cid: {viewer: by[viewer]} for cid, by in g.decisions.items() if viewer in by},
        comments=[c for c in g.comments if c[0] == viewer],
        submitted=dict(g.submitted),
        notes={qid: {viewer: by[viewer]} for qid, by in g.notes.items() if viewer in by},
    )


def seen_by(state: ExamState, viewer: str | None) -> ExamState:
    """The exam as ``viewer`` (a jury member's id) may see it; None (the trainer) sees all."""
    if viewer is None:
        return state
    grading = {
        cid: g if all_submitted(state, g) else own_only(g, viewer)
        for cid, g in state.grading.items()
    }
    return replace(state, grading=grading)


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


def record_view(state: ExamState) -> RecordView:
    ids = [p.id for p in state.jury]
    return RecordView(
        state.locked,
        state.locked_at,
        tuple(
            ErratumRow(
                e.number,
                e.text,
                e.candidate_id,
                e.written_by,
                tuple(ErratumSignature(j, name, at) for j, (name, at) in e.signatures.items()),
                bool(ids) and all(j in e.signatures for j in ids),
            )
            for e in state.errata
        ),
    )


def _questions(
    g: Grading, jury_id: str, asked: Sequence[Question], revealed: bool
) -> tuple[InterviewQuestion, ...]:
    rows = []
    for q in asked:
        notes = g.notes.get(q.id, {})
        mine = notes.get(jury_id)
        row = InterviewQuestion(
            q.id, q.criterion_id, q.references, q.measure, q.seq, q.clock, q.text,
            mine.note if mine else "",
        )  # fmt: skip
        if revealed:
            others = tuple(NoteRow(j, n.note) for j, n in notes.items() if j != jury_id)
            row = replace(row, others=others)
        rows.append(row)
    return tuple(rows)


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
    questions: Sequence[Question],
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
        mine = given.get(jury_id)
        shown = CriterionRow(
            c.id,
            c.reference,
            c.competence,
            grid.label_for(c, lang),
            proposals.get(c.id, "a_apprecier"),
            tuple(evidence.get(c.id, ())),
            Given(as_decision(mine.decision), mine.comment) if mine else None,
        )
        if revealed:
            standing = g.proposals.get(c.id)
            shown = replace(
                shown,
                others=tuple(
                    OtherDecision(j, as_decision(d.decision), d.comment)
                    for j, d in given.items()
                    if j != jury_id
                ),
                disagreement=c.id in split,
                final=final[c.id],
                standing=Standing(
                    standing.by,
                    as_decision(standing.decision),
                    standing.comment,
                    tuple(standing.agreed),
                )
                if standing
                else None,
                recommendation=rec.comment if rec else "",
            )
        criteria.append(shown)
    if revealed:  # disagreements first: that is what the jury has to settle
        criteria.sort(key=lambda r: not r.disagreement)
    result = outcome(state, g, grid, lang) if revealed else None
    status = state.statuses.get(candidate.id)
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
        _questions(g, jury_id, questions, revealed),
        grid.pass_rule_text,
        grid.pass_rule.stated,
        StatusRow(status.status, status.reason) if status else None,  # type: ignore[arg-type]
        record_view(state),
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
