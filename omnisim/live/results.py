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
from typing import TYPE_CHECKING

from omnisim.events import Event
from omnisim.exams.streams import parse
from omnisim.grading import bundled_grids
from omnisim.grading.grid import Grid
from omnisim.jury import workflow
from omnisim.live import jury
from omnisim.live.exam import ExamRuntime
from omnisim.refusals import RefusalError
from omnisim.results.attempts import AttemptResult
from omnisim.results.debrief import Debrief, debrief
from omnisim.store import StoreUnavailable

if TYPE_CHECKING:
    from omnisim.live.exams import Exams

log = logging.getLogger(__name__)


async def on_ended(exams: Exams, events: Sequence[Event]) -> None:
    """Told of every durable batch: an attempt that just ended has its proposals recorded.

    Never fails the batch's sender (a candidate's last action, the trainer's stop): the
    jury's first decision records them too (omnisim/live/jury.py)."""
    for event in events:
        if event.type != "session.ended" or event.actor == "jury":
            continue
        found = parse(event.session_id)
        exam = exams.loaded(found.exam_id) if found and found.kind == "attempt" else None
        if exam is None or found is None:
            continue
        try:
            await jury.propose(exam, found.person)
        except (RefusalError, StoreUnavailable) as exc:
            log.warning("proposals of %s not recorded: %s", event.session_id, exc)


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
