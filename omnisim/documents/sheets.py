"""What the result sheet and the procès-verbal say, built from the folded exam (pure).

Every date is the locale's (Babel, omnisim/i18n.py); every text a catalog key or the
jury's own words. The log's fingerprint is printed twice: as signed, and recomputed from
the log as it is now, so a log changed after the signatures shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from omnisim.events import Event
from omnisim.exams.state import ExamState, Grading, Person
from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import Outcome
from omnisim.i18n import format_datetime, message, translator
from omnisim.jury import workflow
from omnisim.jury.integrity import log_hashes


@dataclass(frozen=True)
class CriterionLine:
    reference: str
    label: str
    competence: str
    decision: str  # "acquis", "non_acquis" or "" (open)
    comment: str
    recommendation: str


@dataclass(frozen=True)
class SignatureLine:
    jury_name: str
    evaluator: str
    typed_name: str
    signed_at: str  # in the locale's format
    log_seq: int
    log_hash: str
    sheet_hash: str


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
    locked: bool
    log_seq: int
    log_hash_now: str  # the attempt's log re-hashed as it is now, up to the signed seq
    log_intact: bool | None  # None: not signed yet
    sheet_hash: str
    grid_id: str = (
        ""  # a grid may name its own sheet (RNCP: « fiche résultats à l'épreuve de synthèse »)
    )


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


def result_sheet(
    state: ExamState,
    grid: Grid,
    candidate_id: str,
    log: Sequence[Event],
    lang: str,
    held_at: float,
    hashed: Mapping[int, str] | None = None,
) -> ResultSheet:
    """``hashed`` (seq -> log hash, from :func:`needed_hashes`) spares hashing here, where
    the caller did it off the event loop."""
    assert state.created is not None
    t = translator(lang)
    g = workflow.grading_of(state, candidate_id)
    finals = workflow.finals(state, g, grid)
    result = workflow.outcome(state, g, grid, lang)
    lines = []
    for c in grid.criteria:
        f = finals[c.id]
        rec = g.recommendations.get(c.id)
        lines.append(
            CriterionLine(
                c.reference,
                grid.label_for(c, lang),
                c.competence,
                f.decision or "",
                f.comment,
                rec.comment if rec and f.decision == "non_acquis" else "",
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
            )
        )
    upto = _upto(g, log)
    hashes = (
        hashed if hashed is not None else log_hashes(log, needed_seqs(state, candidate_id, log))
    )
    now = hashes[upto]
    intact = all(s.log_hash == hashes[s.log_seq] for s in g.signatures.values())
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
        message(lang, f"passrule.source.{result.source}"),
        tuple(labels.get(i, i) for i in result.retake),
        tuple(signatures),
        workflow.is_locked(state, g),
        upto,
        now,
        intact if g.signatures else None,
        workflow.current_sheet_hash(state, candidate_id, grid),
        grid.id,
    )


def _upto(g: Grading, log: Sequence[Event]) -> int:
    signed = max((s.log_seq for s in g.signatures.values()), default=0)
    return signed or (log[-1].seq if log else 0)


def needed_seqs(state: ExamState, candidate_id: str, log: Sequence[Event]) -> set[int]:
    """The seqs at which a sheet re-hashes its log: each signature's, and the one it prints."""
    g = workflow.grading_of(state, candidate_id)
    return {_upto(g, log), *(s.log_seq for s in g.signatures.values())}


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
    )
