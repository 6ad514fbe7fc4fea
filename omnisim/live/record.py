"""The procès-verbal, live: locking it, a candidate's status, errata, on the exam's owner
(reached through the command table of omnisim/live/commands.py).

The rules are omnisim/jury/record.py's, run under the exam's lock and again after a race
(``ExamRuntime.append(check=…)``), so nothing lands on a record locked meanwhile.
"""

from __future__ import annotations

from typing import Any

from omnisim import events as ev
from omnisim.events import Draft, Event
from omnisim.exams.state import grading_stream
from omnisim.jury import record
from omnisim.live.exam import ExamRuntime


async def lock_here(exam: ExamRuntime, trainer_id: str) -> list[Event]:
    """Lock the record: a stopped exam, every candidate decided or given a status."""

    def lockable() -> None:
        record.check_lock(exam.state)

    async with exam.lock:
        lockable()
        drafts = [Draft("trainer", ev.RecordLocked(), None, trainer_id)]
        return await exam.append(grading_stream(exam.exam_id), drafts, lockable)


async def status_here(
    exam: ExamRuntime, trainer_id: str, person_id: str, status: str, reason: str
) -> list[Event]:
    """Record (or withdraw) why a candidate has no decision: each one an event."""

    def allowed() -> None:
        record.check_status(exam.state, person_id, status, reason)

    async with exam.lock:
        allowed()
        payload = ev.CandidateStatusSet(person_id, status, reason.strip())  # type: ignore[arg-type]
        drafts = [Draft("trainer", payload, None, trainer_id)]
        return await exam.append(grading_stream(exam.exam_id), drafts, allowed)


async def erratum_here(exam: ExamRuntime, jury_id: str, command: Any) -> list[Event]:
    """Write or sign an erratum: the only event a locked record takes."""
    if isinstance(command, ev.ErratumWritten):
        command = ev.ErratumWritten(
            command.text.strip(), command.name.strip(), command.candidate_id
        )

    def allowed() -> None:
        record.check_erratum(exam.state, jury_id, command)

    async with exam.lock:
        allowed()
        drafts = [Draft("jury", command, None, jury_id)]
        return await exam.append(grading_stream(exam.exam_id), drafts, allowed)
