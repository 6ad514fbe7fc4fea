"""The jury's grading, live: reading the attempt, proposing, appending, and the jury's view.

A jury command reaches :func:`grade_here` on the exam's owner through the command table
(omnisim/live/commands.py, ``Grade``). Everything decided there is decided by the pure
rules of omnisim/jury/workflow.py, run under the exam's lock (``ExamRuntime.grade(check=…)``);
this module only fetches what they need: the attempt's log, its measures and proposals,
whether it ended.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from omnisim import events as ev
from omnisim.events import Draft, Event
from omnisim.exams.state import ExamState, attempt_stream
from omnisim.grading.grid import Grid
from omnisim.grading.verdicts import GradeSheet, grade
from omnisim.jury import sent, workflow
from omnisim.jury.integrity import log_hash
from omnisim.jury.interview import moments, questions
from omnisim.live.exam import ExamRuntime
from omnisim.measures import MeasureResult, compute_all
from omnisim.protocol.jury_view import (
    AttemptProgress,
    EvidenceMoment,
    GradingView,
)
from omnisim.results.proposals import recorded, same
from omnisim.schema import SchemaError


@dataclass(frozen=True)
class Review:
    """One attempt as the jury reviews it: its log, measures and the grid's proposals."""

    events: list[Event]
    results: dict[str, MeasureResult]
    sheet: GradeSheet | None
    ended: bool

    @property
    def last_seq(self) -> int:
        return self.events[-1].seq if self.events else 0


def grid_of(exam: ExamRuntime) -> Grid:
    grid = exam.scenario.grids.get(exam.created.grid_id)
    if grid is None:
        raise SchemaError("grid", "err.jury.no_grid")
    return grid


def _candidate(exam: ExamRuntime, candidate_id: str) -> None:
    person = exam.state.people.get(candidate_id)
    if person is None or person.role != "candidate":
        raise SchemaError("candidate_id", "err.no_candidate", person=candidate_id)


# The last review of each candidate, per live exam: two jury pages re-read the grading every
# few seconds, and the measures of a long log are recomputed only when the log has grown.
_reviews: WeakKeyDictionary[ExamRuntime, dict[str, Review]] = WeakKeyDictionary()


async def review(exam: ExamRuntime, candidate_id: str) -> Review:
    _candidate(exam, candidate_id)
    stream = attempt_stream(exam.exam_id, candidate_id)
    kept = _reviews.setdefault(exam, {})
    seen = kept.get(candidate_id)
    if seen is not None and seen.last_seq == await exam.exams.store.last_seq(stream):
        return seen
    kept[candidate_id] = fresh = await _review(exam, stream)
    return fresh


async def _review(exam: ExamRuntime, stream: str) -> Review:
    events = await exam.exams.store.read(stream)
    results = await asyncio.to_thread(compute_all, events, exam.scenario)  # CPU on long logs
    grid = exam.scenario.grids.get(exam.created.grid_id)
    sheet = grade(grid, results) if grid else None
    ended = any(e.type == "session.ended" for e in reversed(events))
    return Review(events, results, sheet, ended)


def evidence_moments(
    exam: ExamRuntime, review_: Review, lang: str
) -> dict[str, tuple[EvidenceMoment, ...]]:
    """Per criterion, the moments its proposal rests on (seq, sim time, clock, note)."""
    if review_.sheet is None:
        return {}
    deck = exam.scenario.deck
    return {v.criterion.id: moments(deck, v.evidence, lang) for v in review_.sheet.verdicts}


async def grade_here(exam: ExamRuntime, jury_id: str, command: Any) -> list[Event]:
    """On the exam's owner (the ``grade`` command of omnisim/live/commands.py): record one
    jury command if the workflow allows it now; a refusal names the field."""
    grid = grid_of(exam)
    _candidate(exam, command.candidate_id)
    await exam.catch_up()
    seen = await review(exam, command.candidate_id)
    proposals = seen.sheet.proposals() if seen.sheet else {}
    if isinstance(command, ev.SheetSigned):
        # The signature vouches for the log as it stands: its hash is the server's, not sent.
        command = ev.SheetSigned(
            command.candidate_id,
            command.sheet_hash,
            command.name.strip(),
            seen.last_seq,
            await asyncio.to_thread(log_hash, seen.events, seen.last_seq),
        )

    def check(state: ExamState) -> None:
        workflow.check(state, grid, jury_id, command, proposals, seen.ended)

    await propose(exam, command.candidate_id)  # what this decision answers, if not recorded yet
    return await exam.grade(jury_id, command, check)


async def propose(exam: ExamRuntime, candidate_id: str) -> list[Event]:
    """On the exam's owner: record the attempt's proposals (``grade.proposed``) unless the
    last recorded say the same (omnisim/results/proposals.py)."""
    seen = await review(exam, candidate_id)
    g = workflow.grading_of(exam.state, candidate_id)
    if seen.sheet is None or workflow.is_locked(exam.state, g):
        return []
    proposed = recorded(exam.scenario.deck, seen.sheet, candidate_id, seen.last_seq)
    if same(g.proposed, proposed):
        return []
    return await exam.record([Draft("system", proposed)], grading=True)


async def grading_view(
    exam: ExamRuntime, jury_id: str, candidate_id: str, lang: str
) -> GradingView:
    grid = grid_of(exam)
    await exam.catch_up()
    seen = await review(exam, candidate_id)
    proposals = seen.sheet.proposals() if seen.sheet else {}
    person = exam.state.people[candidate_id]
    decided = sent.decided(exam.state, candidate_id, grid, jury_id)
    deck, scripts = exam.scenario.deck, exam.scenario.scripts
    asked = questions(deck, grid, seen.sheet, decided, lang, scripts) if seen.sheet else []
    return sent.view(
        exam.state,
        person,
        grid,
        jury_id,
        proposals,
        evidence_moments(exam, seen, lang),
        lang,
        attempt=AttemptProgress(seen.last_seq, seen.ended),
        questions=asked,
    )
