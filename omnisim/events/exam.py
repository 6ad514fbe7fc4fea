"""What happens to an exam as a whole: its set-up, roster, links, clock and grading.

An exam's stream opens with :class:`ExamCreated`, which freezes everything the
attempts are played and graded with (the deck snapshot and its hash, the grid
and its version, the analysers' versions). Grading has its own stream per exam
(``<exam id>-grading``): the jury's decisions are facts in the log, not page state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["exam", "training"]
Decision = Literal["acquis", "non_acquis"]
Proposal = Literal["acquis", "non_acquis", "a_apprecier"]


@dataclass(frozen=True)
class ExamCreated:
    title: str
    trainer_id: str
    mode: Mode
    time_factor: float
    lang: str
    seed: int
    deck_id: str
    deck_title: str
    deck_hash: str
    snapshot: dict[str, Any]
    grid_id: str
    grid_version: int
    analysers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CandidateEnrolled:
    """A candidate on the roster; their link's secret is stored hashed, never in clear."""

    person_id: str
    name: str
    number: str
    token_hash: str


@dataclass(frozen=True)
class JuryAppointed:
    person_id: str
    name: str
    evaluator: Literal["internal", "external"]
    token_hash: str


@dataclass(frozen=True)
class LinkRevoked:
    """The person's link stops working at once (lost, shared, or the person withdrawn)."""

    person_id: str


@dataclass(frozen=True)
class LinkIssued:
    """A new link for someone already on the roster (after a revocation)."""

    person_id: str
    token_hash: str


@dataclass(frozen=True)
class ExamStarted:
    pass


@dataclass(frozen=True)
class ExamPaused:
    reason: Literal["trainer", "server_restart"] = "trainer"


@dataclass(frozen=True)
class ExamResumed:
    pass


@dataclass(frozen=True)
class ExamStopped:
    reason: Literal["trainer", "duration_elapsed"] = "trainer"


@dataclass(frozen=True)
class ExamArchived:
    """Filing, as older versions logged it in the exam's own stream: still read, no longer
    written (filing is the trainer's ``filing`` stream's: :class:`ExamFiled`)."""


@dataclass(frozen=True)
class ExamRestored:
    pass


@dataclass(frozen=True)
class ExamFiled:
    """The trainer files an exam away (``archived``: out of the lists and the cohort's default
    view) or brings it back. Their own organisation, not the exam's record: it is logged in
    the ``filing`` stream, so a locked, sealed record is filed without changing."""

    exam_id: str
    archived: bool


@dataclass(frozen=True)
class ProposedMoment:
    """One moment of the attempt's log a proposal rests on: its measure, its note's catalog
    key (what kind of moment) and the note as read then, per language (customers named)."""

    seq: int
    sim_time: float
    measure: str
    note: str = ""
    text: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProposedCriterion:
    criterion_id: str
    proposal: Proposal
    failed: tuple[str, ...] = ()  # the measures that did not pass
    evidence: tuple[ProposedMoment, ...] = ()


@dataclass(frozen=True)
class GradeProposed:
    """The automatic proposals for one candidate's attempt as they stood at ``log_seq`` (the
    attempt's log): what the jury saw beside their grid, and what calibration compares their
    decisions with. Recorded when the attempt ends, and again before a jury decision when
    the log has grown since (the last one before a decision is the one it answered)."""

    candidate_id: str
    log_seq: int
    criteria: tuple[ProposedCriterion, ...]
    grid_id: str = ""
    grid_version: int = 0


@dataclass(frozen=True)
class GradeDecided:
    """One jury member's decision on one criterion of one candidate (the last one counts)."""

    candidate_id: str
    criterion_id: str
    decision: Decision
    comment: str = ""


@dataclass(frozen=True)
class GradeCommented:
    """A jury member's general comment or recommendation on a candidate."""

    candidate_id: str
    text: str


@dataclass(frozen=True)
class GradeReconciled:
    """Logs before two-handed reconciliation: one member settled a disagreement alone.

    Still read (and shown as settled by that member alone, nobody agreeing); no longer
    accepted: a reconciliation is now proposed, then agreed (below).
    """

    candidate_id: str
    criterion_id: str
    decision: Decision
    comment: str


@dataclass(frozen=True)
class ReconcileProposed:
    """One jury member proposes the decision for a criterion they disagreed on, with its
    reason; another proposal on the same criterion (an answer) replaces it."""

    candidate_id: str
    criterion_id: str
    decision: Decision
    comment: str


@dataclass(frozen=True)
class ReconcileAgreed:
    """Another jury member agrees to the proposal standing on a criterion: named by who
    made it and what it decides, so an agreement never lands on a proposal changed since."""

    candidate_id: str
    criterion_id: str
    decision: Decision
    proposed_by: str
    comment: str = ""


@dataclass(frozen=True)
class InterviewNoted:
    """A jury member's note of the candidate's answer to one interview question.

    ``question`` is the question as it was put (its wording may change with the log or
    the templates; the note keeps what was asked); the last note per question counts.
    """

    candidate_id: str
    question_id: str
    question: str
    note: str


@dataclass(frozen=True)
class GradeSubmitted:
    """A jury member hands in their grading of a candidate: it is frozen, and once every
    jury member has, each sees the others' (never before: the server does not send them)."""

    candidate_id: str


@dataclass(frozen=True)
class GradeRecommended:
    """The jury's recommendation on a criterion not acquired; it goes on the result sheet."""

    candidate_id: str
    criterion_id: str
    text: str


@dataclass(frozen=True)
class SheetSigned:
    """A jury member signs a candidate's result sheet as it stands.

    ``name`` is the signature as typed; ``log_hash`` is the sha256 of the attempt's log up
    to ``log_seq`` (omnisim/jury/integrity.py), so later tampering is found by re-hashing.
    """

    candidate_id: str
    sheet_hash: str
    name: str = ""
    log_seq: int = 0
    log_hash: str = ""


@dataclass(frozen=True)
class PassRuleSet:
    """The trainer sets the pass rule where the certification's text states none (MC ACVD)."""

    kind: Literal["share_of_criteria", "all_criteria", "all_competences"]
    min: float = 1.0


@dataclass(frozen=True)
class CandidateStatusSet:
    """The trainer records why a candidate has no decision: absent, abandoned or excluded,
    with the reason; ``present`` withdraws it. A candidate with a status is not graded."""

    candidate_id: str
    status: Literal["absent", "abandoned", "excluded", "present"]
    reason: str


@dataclass(frozen=True)
class RecordLocked:
    """The procès-verbal is closed (the exam stopped, every candidate decided or given a
    status): nothing more is appended to the exam's streams but errata both jurors sign;
    candidates' links die, the jury's only read and sign errata."""

    pass


@dataclass(frozen=True)
class ErratumWritten:
    """After the lock, a jury member writes a correction to the record, signing it as they
    write (``name``, typed, must be theirs); numbered in the order written. ``candidate_id``
    is the candidate it concerns, or "" for the record as a whole."""

    text: str
    name: str
    candidate_id: str = ""


@dataclass(frozen=True)
class ErratumSigned:
    """Another jury member signs erratum ``number``; it stands once every member has."""

    number: int
    name: str
