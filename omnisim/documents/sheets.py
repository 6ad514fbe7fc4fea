"""What the result sheet and the procès-verbal say, built from the folded exam (pure).

Every date is the locale's (Babel, omnisim/i18n.py); every text a catalog key or the
jury's own words. The log's fingerprint is printed twice: as signed, and recomputed from
the log as it is now, so a log changed after the signatures shows at once.

Built from the exam as its reader may see it (omnisim/jury/sent.py ``seen_by``): a jury
member reading before every member handed in gets their own marks and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from omnisim.events import Event
from omnisim.exams.state import ExamState, Grading, Person
from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import Outcome
from omnisim.grading.verdicts import GradeSheet
from omnisim.i18n import format_datetime, message, translator
from omnisim.jury import workflow
from omnisim.jury.integrity import log_hashes
from omnisim.measures.result import show_value


@dataclass(frozen=True)
class Mark:
    """One jury member's own decision and comment on a criterion."""

    jury_name: str
    decision: str  # "acquis", "non_acquis" or "" (not decided)
    comment: str


@dataclass(frozen=True)
class CriterionLine:
    reference: str
    label: str
    competence: str
    decision: str  # "acquis", "non_acquis" or "" (open)
    comment: str
    recommendation: str
    marks: tuple[Mark, ...] = ()  # each member's, as far as the reader may see them
    how: str = "open"  # agreed, reconciled, open
    proposed_by: str = ""  # a reconciled decision: who proposed it…
    agreed_by: tuple[str, ...] = ()  # …and who agreed (names)
    proposal: str = ""  # the automatic proposal (acquis, non_acquis, a_apprecier)
    measures: str = ""  # its measures' values, "pickup_time = 12 | hold_duration = —"


@dataclass(frozen=True)
class SignatureLine:
    jury_name: str
    evaluator: str
    typed_name: str
    signed_at: str  # in the locale's format
    log_seq: int
    log_hash: str
    sheet_hash: str
    statement: str  # « Signé électroniquement par … via son lien personnel, le … »


@dataclass(frozen=True)
class NoteLine:
    """An interview question and a jury member's note of the answer."""

    question: str
    jury_name: str
    note: str


@dataclass(frozen=True)
class ResultSheet:
    """The fiche individuelle de résultat of one candidate."""

    lang: str
    exam_title: str
    certification: str
    deck_title: str
    deck_hash: str
    held_on: str
    candidate: Person
    criteria: tuple[CriterionLine, ...]
    outcome: Outcome
    pass_rule_text: str
    rule_source: str
    retake: tuple[str, ...]  # labels of the competences to sit again
    signatures: tuple[SignatureLine, ...]
    locked: bool  # every jury member signed: the sheet is final
    log_seq: int
    log_hash_now: str  # the attempt's log re-hashed as it is now, up to the signed seq
    log_intact: bool | None  # None: not signed yet
    sheet_hash: str
    grid_id: str = (
        ""  # a grid may name its own sheet (RNCP: « fiche résultats à l'épreuve de synthèse »)
    )
    revealed: bool = True  # every member handed in (else the reader sees their own marks)
    status: str = ""  # absent, abandoned, excluded: the trainer's, with its reason
    status_reason: str = ""
    interview: tuple[NoteLine, ...] = ()
    record_locked_at: str = ""  # the procès-verbal's lock, "" while open


@dataclass(frozen=True)
class ErratumLine:
    number: int
    text: str
    about: str  # the candidate's name, or "" for the record as a whole
    statements: tuple[str, ...]  # one « signé électroniquement par … » per signature
    waiting: tuple[str, ...]  # members yet to sign
    stands: bool


@dataclass(frozen=True)
class SessionRecord:
    """The procès-verbal de session: every candidate's decision, the jury, the signatures."""

    lang: str
    exam_title: str
    certification: str
    deck_title: str
    deck_hash: str
    held_on: str
    jury: tuple[Person, ...]
    sheets: tuple[ResultSheet, ...]
    produced_at: str
    locked_at: str = ""  # "" while open
    errata: tuple[ErratumLine, ...] = ()


def signed_by(state: ExamState, jury_id: str, at: float, lang: str) -> str:
    """The printed signature: the roster's name and quality, the link, the moment."""
    person = state.people.get(jury_id)
    name = person.name if person else jury_id
    quality = message(lang, f"doc.quality.{person.evaluator}") if person else ""
    return message(lang, "doc.signed_by", name=name, quality=quality, at=format_datetime(at, lang))


def _name(state: ExamState, person_id: str) -> str:
    person = state.people.get(person_id)
    return person.name if person else person_id


def _marks(state: ExamState, g: Grading, criterion_id: str) -> tuple[Mark, ...]:
    given = g.decisions.get(criterion_id, {})
    return tuple(
        Mark(p.name, given[p.id].decision, given[p.id].comment) for p in state.jury if p.id in given
    )


def _automatic(machine: GradeSheet | None, criterion_id: str) -> tuple[str, str]:
    """The automatic proposal of a criterion and its measures' values, in words."""
    if machine is None:
        return "", ""
    for v in machine.verdicts:
        if v.criterion.id == criterion_id:
            values = " | ".join(f"{m.measure} = {show_value(m.value)}" for m in v.measures)
            return v.proposed, values
    return "", ""


def result_sheet(
    state: ExamState,
    grid: Grid,
    candidate_id: str,
    log: Sequence[Event],
    lang: str,
    held_at: float,
    hashed: Mapping[int, str] | None = None,
    machine: GradeSheet | None = None,
) -> ResultSheet:
    """``hashed`` (seq -> log hash, from :func:`needed_hashes`) spares hashing here, where
    the caller did it off the event loop; ``machine``, the automatic grading, fills in the
    proposals and measures (the CSV's)."""
    assert state.created is not None
    t = translator(lang)
    g = workflow.grading_of(state, candidate_id)
    finals = workflow.finals(state, g, grid)
    result = workflow.outcome(state, g, grid, lang)
    lines = []
    for c in grid.criteria:
        f = finals[c.id]
        rec = g.recommendations.get(c.id)
        proposal, measures = _automatic(machine, c.id)
        lines.append(
            CriterionLine(
                c.reference,
                grid.label_for(c, lang),
                c.competence,
                f.decision or "",
                f.comment,
                rec.comment if rec and f.decision == "non_acquis" else "",
                _marks(state, g, c.id),
                f.how,
                _name(state, f.proposed_by) if f.proposed_by else "",
                tuple(_name(state, j) for j in f.agreed_by),
                proposal,
                measures,
            )
        )
    labels = {c.id: c.label for c in result.competences}
    signatures = []
    for jury_id, s in g.signatures.items():
        person = state.people.get(jury_id)
        signatures.append(
            SignatureLine(
                person.name if person else jury_id,
                t(f"evaluator.{person.evaluator}") if person and person.evaluator else "",
                s.name,
                format_datetime(s.wall_time, lang),
                s.log_seq,
                s.log_hash,
                s.sheet_hash,
                signed_by(state, jury_id, s.wall_time, lang),
            )
        )
    upto = _upto(g, log)
    hashes = (
        hashed if hashed is not None else log_hashes(log, needed_seqs(state, candidate_id, log))
    )
    now = hashes[upto]
    intact = all(s.log_hash == hashes[s.log_seq] for s in g.signatures.values())
    status = state.statuses.get(candidate_id)
    notes = tuple(
        NoteLine(n.question, _name(state, j), n.note)
        for by in g.notes.values()
        for j, n in by.items()
        if n.note.strip()
    )
    return ResultSheet(
        lang,
        state.created.title,
        grid.title_for(lang),
        state.created.deck_title,
        state.created.deck_hash,
        format_datetime(held_at, lang),
        state.people[candidate_id],
        tuple(lines),
        result,
        grid.pass_rule_text,
        _rule_source(result.source, workflow.all_signed(state, g) or state.locked, lang),
        tuple(labels.get(i, i) for i in result.retake),
        tuple(signatures),
        workflow.all_signed(state, g),
        upto,
        now,
        intact if g.signatures else None,
        workflow.current_sheet_hash(state, candidate_id, grid),
        grid.id,
        workflow.all_submitted(state, g) or not state.jury,
        status.status if status else "",
        status.reason if status else "",
        notes,
        format_datetime(state.locked_at, lang) if state.locked else "",
    )


def _rule_source(source: str, final: bool, lang: str) -> str:
    """Where the pass rule comes from; a default still open to the trainer is said so only
    while the sheet can change (a signed sheet or a locked record applied it for good)."""
    if source == "default" and final:
        return message(lang, "passrule.source.default_applied")
    return message(lang, f"passrule.source.{source}")


def _upto(g: Grading, log: Sequence[Event]) -> int:
    signed = max((s.log_seq for s in g.signatures.values()), default=0)
    return signed or (log[-1].seq if log else 0)


def needed_seqs(state: ExamState, candidate_id: str, log: Sequence[Event]) -> set[int]:
    """The seqs at which a sheet re-hashes its log: each signature's, and the one it prints."""
    g = workflow.grading_of(state, candidate_id)
    return {_upto(g, log), *(s.log_seq for s in g.signatures.values())}


def _errata(state: ExamState, lang: str) -> tuple[ErratumLine, ...]:
    ids = [p.id for p in state.jury]
    return tuple(
        ErratumLine(
            e.number,
            e.text,
            _name(state, e.candidate_id) if e.candidate_id else "",
            tuple(signed_by(state, j, at, lang) for j, (_typed, at) in e.signatures.items()),
            tuple(_name(state, j) for j in ids if j not in e.signatures),
            bool(ids) and all(j in e.signatures for j in ids),
        )
        for e in state.errata
    )


def session_record(
    state: ExamState,
    grid: Grid,
    logs: Mapping[str, Sequence[Event]],
    lang: str,
    held_at: float,
    now: float,
    hashed: Mapping[str, Mapping[int, str]] | None = None,
) -> SessionRecord:
    assert state.created is not None
    sheets = tuple(
        result_sheet(state, grid, p.id, logs.get(p.id, ()), lang, held_at, (hashed or {}).get(p.id))
        for p in state.candidates
    )
    return SessionRecord(
        lang,
        state.created.title,
        grid.title_for(lang),
        state.created.deck_title,
        state.created.deck_hash,
        format_datetime(held_at, lang),
        tuple(state.jury),
        sheets,
        format_datetime(now, lang),
        format_datetime(state.locked_at, lang) if state.locked else "",
        _errata(state, lang),
    )
