"""What the jury's pages are sent over HTTP, as closed-schema records.

The grading of one candidate as one jury member may see it (``GET /api/grading/<c>``,
made by omnisim/jury/workflow.py ``view``): until every member has handed in, a row
carries only this member's own decision, and the keys ``others``, ``disagreement``,
``final`` and ``recommendation`` are absent (omnisim.schema.absent), never null. Then the
measures with their evidence (``/jury/measures``) and the attempt's log by pages
(``/jury/log``). Same rules as omnisim/protocol/messages.py: JSON by ``to_json``, built
back by omnisim.schema.build, TypeScript interfaces of the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from omnisim.events.exam import Decision
from omnisim.grading.pass_rule import RuleSource
from omnisim.grading.verdicts import Proposal
from omnisim.protocol.messages import Candidate, Message, StoredEvent
from omnisim.schema import absent

Phase = Literal["grading", "reconciling", "signing", "locked"]


@dataclass(frozen=True)
class EvidenceMoment(Message):
    """One moment of the log a measure or a proposal rests on: the replay jumps to ``seq``."""

    seq: int
    sim: float
    clock: str  # the scenario's clock at that moment
    note: str


@dataclass(frozen=True)
class Given(Message):
    """A jury member's own decision on a criterion."""

    decision: Decision
    comment: str


@dataclass(frozen=True)
class OtherDecision(Message):
    """Another jury member's decision, sent once every member has handed in."""

    jury_id: str
    decision: Decision
    comment: str


@dataclass(frozen=True)
class Final(Message):
    """The decision that goes on the sheet for one criterion; a reconciled one says who
    proposed it and who agreed (none in logs from before two-handed reconciliation)."""

    decision: Decision | None  # None: the jury members differ and have not reconciled yet
    comment: str
    how: Literal["agreed", "reconciled", "open"]
    proposed_by: str = ""
    agreed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standing(Message):
    """The reconciled decision a member proposes on a disagreement, awaiting the others."""

    by: str
    decision: Decision
    comment: str
    agreed: tuple[str, ...]  # members who agreed so far


@dataclass(frozen=True)
class CriterionRow(Message):
    """One criterion of the grid with its automatic proposal and evidence; the rest of the
    jury's work on it only once the gradings are revealed."""

    id: str
    reference: str
    competence: str
    label: str
    proposal: Proposal
    evidence: tuple[EvidenceMoment, ...]
    mine: Given | None
    others: tuple[OtherDecision, ...] | None = absent()
    disagreement: bool | None = absent()
    final: Final | None = absent()
    standing: Standing | None = absent()  # once revealed: the proposal on the table, if any
    recommendation: str | None = absent()


@dataclass(frozen=True)
class JuryMember(Message):
    """A member of the exam's jury and how far they are with this candidate."""

    id: str
    name: str
    evaluator: str  # internal or external
    submitted: bool
    signed: bool


@dataclass(frozen=True)
class CompetenceOutcome(Message):
    """One competence of the grid: its criteria met, and whether it is acquired."""

    id: str
    label: str
    acquired: bool | None  # None while one of its criteria is undecided
    met: int
    total: int


@dataclass(frozen=True)
class GradingOutcome(Message):
    """Whether the candidate passes, by which rule and why, in the page's language."""

    passed: bool | None  # None while a criterion is undecided
    met: int
    total: int
    rule: str
    source: RuleSource
    reason: str
    retake: tuple[str, ...]  # competence ids to sit again
    competences: tuple[CompetenceOutcome, ...]


@dataclass(frozen=True)
class SignatureRow(Message):
    """A jury member's signature: the typed name, when, and the log it vouches for."""

    jury_id: str
    name: str
    at: float  # wall-clock time
    log_seq: int
    log_hash: str


@dataclass(frozen=True)
class AttemptProgress(Message):
    """How far the graded attempt's log goes, and whether it has ended (signing waits)."""

    last_seq: int
    ended: bool


@dataclass(frozen=True)
class NoteRow(Message):
    """Another member's note of the candidate's answer (sent once all handed in)."""

    jury_id: str
    note: str


@dataclass(frozen=True)
class InterviewQuestion(Message):
    """A question for the interview, citing its moment (omnisim/jury/interview.py), with
    this member's note of the answer (and, once revealed, the others')."""

    id: str  # stable while the log grows: the note of the answer is kept under it
    criterion: str
    references: tuple[str, ...]  # every criterion it serves, as the grid names them
    measure: str  # "" for a criterion no measure establishes
    seq: int  # 0: no moment
    clock: str
    text: str
    note: str = ""  # this member's note of the answer
    others: tuple[NoteRow, ...] | None = absent()


@dataclass(frozen=True)
class StatusRow(Message):
    """Why the candidate has no decision, as the trainer recorded it."""

    status: Literal["absent", "abandoned", "excluded"]
    reason: str


@dataclass(frozen=True)
class ErratumSignature(Message):
    jury_id: str
    name: str
    at: float


@dataclass(frozen=True)
class ErratumRow(Message):
    """A correction to the locked record; it stands once every jury member signed it."""

    number: int
    text: str
    candidate_id: str  # "" for the record as a whole
    written_by: str
    signatures: tuple[ErratumSignature, ...]
    stands: bool


@dataclass(frozen=True)
class RecordView(Message):
    """The procès-verbal as a whole: locked (when), and its errata."""

    locked: bool
    locked_at: float  # 0 until locked
    errata: tuple[ErratumRow, ...]


@dataclass(frozen=True)
class GradingView(Message):
    """One candidate's grading as one jury member (``me``) may see it."""

    candidate: Candidate
    phase: Phase
    me: str
    revealed: bool  # every jury member has handed in
    jury: tuple[JuryMember, ...]
    criteria: tuple[CriterionRow, ...]  # once revealed, disagreements first
    outcome: GradingOutcome | None  # None until revealed
    sheet_hash: str  # "" until revealed; a signature must name it
    signatures: tuple[SignatureRow, ...]
    attempt: AttemptProgress
    questions: tuple[InterviewQuestion, ...]
    pass_rule_text: str
    pass_rule_stated: bool  # the référentiel states the rule (else the trainer may set one)
    status: StatusRow | None  # absent, abandoned or excluded: nothing to grade
    record: RecordView


@dataclass(frozen=True)
class Graded(Message):
    """A grading command logged (the seqs of its events), with the candidate's grading as its
    author now sees it: the page shows the answer instead of reading the grading again, so a
    juror's clicks never spend the budget that reading the log has."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    seq: tuple[int, ...]
    grading: GradingView | None  # None for a command about the whole record (an erratum)


@dataclass(frozen=True)
class MeasureRow(Message):
    """One measure of the attempt as a jury reads it (values in words, no Python reprs)."""

    id: str
    label: str
    value: str
    threshold: str
    passed: bool | None  # None: the measure cannot decide
    detail: str
    evidence: tuple[EvidenceMoment, ...]


@dataclass(frozen=True)
class MeasuresView(Message):
    """Every measure of the attempt as it stands (``/jury/measures``)."""

    last_seq: int
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class LogView(Message):
    """One page of the attempt's log as the jury sees it (``/jury/log?after=``): ask again
    from ``upto`` while ``more``."""

    after: int
    upto: int
    more: bool
    events: tuple[StoredEvent, ...]
