"""An exam as a fold of its two streams: the exam's own, and its grading.

Pure: the service (omnisim/live/exams.py) reads the streams and folds them
here; pages, the API and the gateway only ask this state who is who and what
has been decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from omnisim import events as ev
from omnisim.events import Event

# The stream names, made and read in omnisim/exams/streams.py (re-exported for the callers).
from omnisim.exams.streams import attempt_stream as attempt_stream
from omnisim.exams.streams import grading_stream

Status = Literal["ready", "running", "paused", "stopped"]


@dataclass
class Person:
    id: str
    role: Literal["candidate", "jury"]
    name: str
    token_hash: str
    number: str = ""  # a candidate's candidate number
    evaluator: str = ""  # a jury member: internal or external
    revoked: bool = False
    generation: int = 0  # links issued after the first


@dataclass
class Decision:
    decision: str
    comment: str
    seq: int
    jury_id: str


@dataclass
class Signature:
    """A jury member's typed signature of a sheet, and what it vouches for."""

    name: str
    sheet_hash: str
    log_seq: int
    log_hash: str
    wall_time: float
    seq: int


@dataclass
class Proposal:
    """The reconciled decision one member proposes on a criterion, and who agreed to it."""

    decision: str
    comment: str
    by: str
    seq: int
    agreed: dict[str, str] = field(default_factory=dict)  # jury id -> their comment


@dataclass
class Note:
    """A jury member's note of the candidate's answer to an interview question."""

    question: str
    note: str
    seq: int


@dataclass
class Grading:
    """One candidate's grading: each jury member's last decision per criterion, and the rest.

    The rules (who may see or change what, when) are in omnisim/jury/workflow.py.
    """

    decisions: dict[str, dict[str, Decision]] = field(default_factory=dict)  # crit -> jury -> d
    # Settled by one member alone: only in logs written before two-handed reconciliation.
    reconciled: dict[str, Decision] = field(default_factory=dict)
    proposals: dict[str, Proposal] = field(default_factory=dict)  # crit -> standing proposal
    notes: dict[str, dict[str, Note]] = field(default_factory=dict)  # question -> jury -> note
    comments: list[tuple[str, str, int]] = field(default_factory=list)  # (jury id, text, seq)
    submitted: dict[str, int] = field(default_factory=dict)  # jury id -> seq of the hand-in
    recommendations: dict[str, Decision] = field(default_factory=dict)  # crit -> text as comment
    signatures: dict[str, Signature] = field(default_factory=dict)  # jury id -> signature
    proposed: ev.GradeProposed | None = None  # the automatic proposals last recorded


@dataclass
class CandidateStatus:
    """Why a candidate has no decision, as the trainer recorded it."""

    status: str  # absent, abandoned, excluded
    reason: str
    by: str
    wall_time: float
    seq: int


@dataclass
class Erratum:
    """A correction written after the lock; it stands once every jury member signed it."""

    number: int
    text: str
    candidate_id: str
    written_by: str
    seq: int
    signatures: dict[str, tuple[str, float]] = field(default_factory=dict)  # jury -> name, when


@dataclass
class ExamState:
    exam_id: str
    created: ev.ExamCreated | None = None
    people: dict[str, Person] = field(default_factory=dict)
    status: Status = "ready"
    pause_reason: str = ""
    last_seq: int = 0
    grading_seq: int = 0
    grading: dict[str, Grading] = field(default_factory=dict)  # candidate id -> grading
    locked: bool = False
    locked_at: float = 0.0  # wall-clock time of the lock
    pass_rule: ev.PassRuleSet | None = None  # set by the trainer where the text has none
    statuses: dict[str, CandidateStatus] = field(default_factory=dict)  # candidate -> status
    errata: list[Erratum] = field(default_factory=list)
    created_at: float = 0.0  # wall time of the exam's creation: its date in lists and results
    logged_archived: bool = False  # filed in the exam's own stream (older logs; still read)
    filed: bool | None = None  # the trainer's filing stream's last word on it (live/filing.py)

    @property
    def archived(self) -> bool:
        """Filed away by the trainer: the filing stream's word, else an older log's."""
        return self.logged_archived if self.filed is None else self.filed

    @property
    def candidates(self) -> list[Person]:
        return [p for p in self.people.values() if p.role == "candidate"]

    @property
    def jury(self) -> list[Person]:
        return [p for p in self.people.values() if p.role == "jury"]

    def apply(self, event: Event) -> None:
        """Fold one event of the exam stream or of its grading stream."""
        p = event.payload
        if event.session_id == grading_stream(self.exam_id):
            self.grading_seq = event.seq
            self._apply_grading(event)
            return
        self.last_seq = event.seq
        if isinstance(p, ev.ExamCreated):
            self.created, self.created_at = p, event.wall_time
        elif isinstance(p, (ev.ExamArchived, ev.ExamRestored)):
            self.logged_archived = isinstance(p, ev.ExamArchived)
        elif isinstance(p, ev.CandidateEnrolled):
            self.people[p.person_id] = Person(
                p.person_id, "candidate", p.name, p.token_hash, number=p.number
            )
        elif isinstance(p, ev.JuryAppointed):
            self.people[p.person_id] = Person(
                p.person_id, "jury", p.name, p.token_hash, evaluator=p.evaluator
            )
        elif isinstance(p, ev.LinkRevoked) and p.person_id in self.people:
            self.people[p.person_id].revoked = True
        elif isinstance(p, ev.LinkIssued) and p.person_id in self.people:
            person = self.people[p.person_id]
            person.token_hash, person.revoked = p.token_hash, False
            person.generation += 1
        elif isinstance(p, (ev.ExamStarted, ev.ExamResumed)):
            self.status, self.pause_reason = "running", ""
        elif isinstance(p, ev.ExamPaused):
            self.status, self.pause_reason = "paused", p.reason
        elif isinstance(p, ev.ExamStopped):
            self.status = "stopped"

    def _apply_grading(self, event: Event) -> None:
        p = event.payload
        if isinstance(p, ev.RecordLocked):
            self.locked, self.locked_at = True, event.wall_time
            return
        if isinstance(p, ev.PassRuleSet):
            self.pass_rule = p
            return
        if isinstance(p, (ev.ErratumWritten, ev.ErratumSigned, ev.CandidateStatusSet)):
            self._apply_record(event)
            return
        candidate_id = getattr(p, "candidate_id", "")
        sheet = self.grading.setdefault(candidate_id, Grading())
        if isinstance(p, ev.GradeDecided):
            sheet.decisions.setdefault(p.criterion_id, {})[event.actor_id] = Decision(
                p.decision, p.comment, event.seq, event.actor_id
            )
        elif isinstance(p, ev.GradeReconciled):
            sheet.reconciled[p.criterion_id] = Decision(
                p.decision, p.comment, event.seq, event.actor_id
            )
        elif isinstance(p, ev.ReconcileProposed):
            sheet.reconciled.pop(p.criterion_id, None)
            sheet.proposals[p.criterion_id] = Proposal(
                p.decision, p.comment, event.actor_id, event.seq
            )
        elif isinstance(p, ev.ReconcileAgreed):
            standing = sheet.proposals.get(p.criterion_id)
            if standing and (standing.by, standing.decision) == (p.proposed_by, p.decision):
                standing.agreed[event.actor_id] = p.comment
        elif isinstance(p, ev.InterviewNoted):
            sheet.notes.setdefault(p.question_id, {})[event.actor_id] = Note(
                p.question, p.note, event.seq
            )
        elif isinstance(p, ev.GradeCommented):
            sheet.comments.append((event.actor_id, p.text, event.seq))
        elif isinstance(p, ev.GradeSubmitted):
            sheet.submitted.setdefault(event.actor_id, event.seq)
        elif isinstance(p, ev.GradeRecommended):
            sheet.recommendations[p.criterion_id] = Decision("", p.text, event.seq, event.actor_id)
        elif isinstance(p, ev.GradeProposed):
            sheet.proposed = p
        elif isinstance(p, ev.SheetSigned):
            sheet.signatures[event.actor_id] = Signature(
                p.name, p.sheet_hash, p.log_seq, p.log_hash, event.wall_time, event.seq
            )

    def _apply_record(self, event: Event) -> None:
        p = event.payload
        if isinstance(p, ev.CandidateStatusSet):
            if p.status == "present":
                self.statuses.pop(p.candidate_id, None)
            else:
                self.statuses[p.candidate_id] = CandidateStatus(
                    p.status, p.reason, event.actor_id, event.wall_time, event.seq
                )
        elif isinstance(p, ev.ErratumWritten):
            erratum = Erratum(
                len(self.errata) + 1, p.text, p.candidate_id, event.actor_id, event.seq
            )
            erratum.signatures[event.actor_id] = (p.name, event.wall_time)
            self.errata.append(erratum)
        elif isinstance(p, ev.ErratumSigned) and 0 < p.number <= len(self.errata):
            self.errata[p.number - 1].signatures.setdefault(
                event.actor_id, (p.name, event.wall_time)
            )


def fold(exam_id: str, events: list[Event]) -> ExamState:
    state = ExamState(exam_id)
    for event in events:
        state.apply(event)
    return state
