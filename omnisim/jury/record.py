"""The procès-verbal as a whole: when it may be locked, the candidates the trainer records
as absent, abandoned or excluded, and the errata written after the lock (pure rules).

A locked record is the end of a complete one (seed 000: « le jury établit le procès-verbal
signé par l'ensemble de ses membres sur lequel figure pour chaque candidat la décision du
jury »): every candidate has a sheet every jury member signed, or a status the trainer
recorded with its reason, and the exam has stopped. After the lock nothing is appended to
the exam but errata, each written by one jury member and signed by every one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from omnisim import events as ev
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import ExamState, Person
from omnisim.jury.workflow import MAX_TEXT, all_signed, check_name, grading_of
from omnisim.schema import SchemaError

STATUSES = ("absent", "abandoned", "excluded")


def undecided(state: ExamState) -> list[Person]:
    """Candidates with neither a sheet every jury member signed nor a recorded status."""
    return [
        p
        for p in state.candidates
        if p.id not in state.statuses and not all_signed(state, grading_of(state, p.id))
    ]


def check_lock(state: ExamState) -> None:
    """Refuse a lock that would freeze an incomplete record, naming who is missing."""
    if state.locked:
        raise ExamRefused("type", "err.record_locked")
    if state.status != "stopped":
        raise ExamRefused("type", "err.lock_not_stopped")
    missing = undecided(state)
    if missing:
        names = ", ".join(f"{p.name} (n° {p.number})" for p in missing)
        raise ExamRefused("type", "err.lock_undecided", count=len(missing), names=names)


@dataclass(frozen=True)
class Freeze:
    """What a lock freezes, for the trainer to confirm: who is decided, who has a status."""

    signed: tuple[Person, ...]
    statuses: tuple[tuple[Person, str, str], ...]  # person, status, reason
    undecided: tuple[Person, ...]
    jury: tuple[Person, ...]


def freezes(state: ExamState) -> Freeze:
    missing = undecided(state)
    return Freeze(
        tuple(p for p in state.candidates if p not in missing and p.id not in state.statuses),
        tuple(
            (p, state.statuses[p.id].status, state.statuses[p.id].reason)
            for p in state.candidates
            if p.id in state.statuses
        ),
        tuple(missing),
        tuple(state.jury),
    )


def check_status(state: ExamState, person_id: str, status: str, reason: str) -> None:
    if state.locked:
        raise ExamRefused("type", "err.record_locked")
    person = state.people.get(person_id)
    if person is None or person.role != "candidate":
        raise SchemaError("person_id", "err.no_candidate", person=person_id)
    if status not in (*STATUSES, "present"):
        raise SchemaError("status", "err.status_kind")
    if not reason.strip():
        raise SchemaError("reason", "err.status_reason")
    if len(reason) > MAX_TEXT:
        raise SchemaError("reason", "err.too_long", limit=MAX_TEXT)
    if all_signed(state, grading_of(state, person_id)):
        raise ExamRefused("status", "err.status_signed", name=person.name)
    if status == "present" and person_id not in state.statuses:
        raise ExamRefused("status", "err.status_none", name=person.name)


def check_erratum(state: ExamState, jury_id: str, command: Any) -> None:
    """An erratum is written and signed by jury members, on a locked record, each under
    their own name; a member signs each once."""
    person = state.people.get(jury_id)
    if person is None or person.role != "jury":
        raise SchemaError("Authorization", "err.jury_token")
    if not state.locked:
        raise ExamRefused("type", "err.erratum_not_locked")
    if isinstance(command, ev.ErratumWritten):
        if not command.text.strip():
            raise SchemaError("text", "err.erratum_text")
        if len(command.text) > MAX_TEXT:
            raise SchemaError("text", "err.too_long", limit=MAX_TEXT)
        about = state.people.get(command.candidate_id)
        if command.candidate_id and (about is None or about.role != "candidate"):
            raise SchemaError("candidate_id", "err.no_candidate", person=command.candidate_id)
    elif isinstance(command, ev.ErratumSigned):
        if not 0 < command.number <= len(state.errata):
            raise SchemaError("number", "err.erratum_unknown", number=command.number)
        if jury_id in state.errata[command.number - 1].signatures:
            raise ExamRefused("number", "err.erratum_signed_already", number=command.number)
    else:
        raise SchemaError("type", "err.jury.command")
    check_name(state, jury_id, command.name)
