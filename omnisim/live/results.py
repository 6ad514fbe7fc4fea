"""Results live: the automatic proposals written to the grading stream when an attempt ends,
and the cohort, calibration, progress and debrief read from the folded streams.

The figures are pure functions (omnisim/results/); this module fetches what they need: the
exams of one trainer from the index (omnisim/live/index.py), an attempt's log and review
for a debrief. A centre is a trainer's account: a candidate's progress reads only the
exams of the trainer who enrolled them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from omnisim.events import Event
from omnisim.exams.streams import logged
from omnisim.grading import bundled_grids
from omnisim.grading.grid import Grid
from omnisim.jury import workflow
from omnisim.live import jury
from omnisim.live.exam import ExamRuntime
from omnisim.refusals import RefusalError
from omnisim.results.attempts import AttemptResult
from omnisim.results.debrief import Debrief, debrief
from omnisim.store import Fenced, StoreUnavailable

log = logging.getLogger(__name__)


def ended(events: Sequence[Event]) -> list[tuple[str, str]]:
    """(exam id, candidate id) of each attempt a durable batch ended."""
    out = []
    for event in events:
        found = logged(event.session_id) if event.type == "session.ended" else None
        if found is not None and found.kind == "attempt":
            out.append((found.exam_id, found.person))
    return out


async def record_proposals(exam: ExamRuntime, candidate_id: str) -> None:
    """An attempt that ended has its proposals recorded (a background task of the exams:
    measuring 60 logs must not hold the trainer's stop). Never raised: the jury's first
    decision records them too (omnisim/live/jury.py)."""
    try:
        await jury.propose(exam, candidate_id)
    except (RefusalError, StoreUnavailable, Fenced) as exc:
        log.warning("proposals of %s/%s not recorded: %s", exam.exam_id, candidate_id, exc)
    except Exception:
        log.exception("proposals of %s/%s not recorded", exam.exam_id, candidate_id)


def grids_for(attempts: Sequence[AttemptResult], frozen: dict[str, Grid]) -> dict[str, Grid]:
    """The grid of each id met: today's bundled one (labels and calibration thresholds are
    the centre's policy now), else the one frozen in the exams."""
    bundled = bundled_grids()
    return {a.grid_id: bundled.get(a.grid_id) or frozen[a.grid_id] for a in attempts}


async def attempt_debrief(exam: ExamRuntime, candidate_id: str, lang: str) -> Debrief | None:
    """The debrief of a candidate's ended attempt, or None (no grid, or not ended)."""
    seen = await jury.review(exam, candidate_id)
    if seen.sheet is None or not seen.ended:
        return None
    g = workflow.grading_of(exam.state, candidate_id)
    decided = None
    if g.signatures and workflow.is_locked(exam.state, g):
        finals = workflow.finals(exam.state, g, seen.sheet.grid)
        decided = {cid: f.decision for cid, f in finals.items()}
    return debrief(exam.scenario.deck, seen.sheet, seen.events, lang, decided)
