"""A whole jury grading of one candidate through the command bus (``Grade``): the attempt
ends, both grade (one disagreement), hand in, one proposes the reconciled decision and the
other agrees, recommend, sign. Shared by the jury tests and bench."""

from __future__ import annotations

from typing import Any

from omnisim import events as ev
from omnisim.events import Draft
from omnisim.jury import workflow
from omnisim.live import commands
from omnisim.live import jury as service


async def end_attempt(exam: Any, candidate_id: str) -> None:
    """The candidate's attempt ends (a hand-in waits for it), as the trainer's stop would."""
    runtime = await exam.attempt(candidate_id)
    if not runtime.engine.state.ended:
        await runtime.record([Draft("trainer", ev.SessionEnded("trainer_stopped"), None, "t")])


async def grade_through(
    exam: Any, candidate_id: str, names: dict[str, str], sign: bool = True
) -> str:
    """Returns the criterion the two members disagreed on."""
    await end_attempt(exam, candidate_id)
    seen = await service.review(exam, candidate_id)
    assert seen.sheet is not None
    proposals = seen.sheet.proposals()
    split = next(iter(proposals))
    first, second = list(names)
    for who in (first, second):
        for cid, proposed in proposals.items():
            decision = proposed if proposed != "a_apprecier" else "acquis"
            comment = ""
            if who == second and cid == split:
                decision = "non_acquis" if decision == "acquis" else "acquis"
                comment = "Observé autrement à la réécoute."
            await act(exam, who, ev.GradeDecided(candidate_id, cid, decision, comment))
        await act(exam, who, ev.GradeSubmitted(candidate_id))
    keep = proposals[split] if proposals[split] != "a_apprecier" else "acquis"
    why = "Concertation : preuve revue."
    await act(exam, first, ev.ReconcileProposed(candidate_id, split, keep, why))
    await act(exam, second, ev.ReconcileAgreed(candidate_id, split, keep, first))
    grid = service.grid_of(exam)
    g = workflow.grading_of(exam.state, candidate_id)
    for cid in workflow.missing_recommendations(exam.state, g, grid):
        await act(
            exam, second, ev.GradeRecommended(candidate_id, cid, f"Retravailler le critère {cid}.")
        )
    if sign:
        sheet = workflow.current_sheet_hash(exam.state, candidate_id, grid)
        for who, name in names.items():
            await act(exam, who, ev.SheetSigned(candidate_id, sheet, name))
    return split


async def act(exam: Any, jury_id: str, command: Any) -> None:
    await commands.run(exam, commands.Grade.of(jury_id, command))
