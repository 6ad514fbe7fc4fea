"""What a candidate's link opens once the attempt is over, over real HTTP.

Training: the debrief (proposals, moments, advice quoting their own line), their log for the
replay, nothing of the deck's key. Exam: nothing until the jury has signed, then exactly the
signed result sheet. The proposals are in the grading stream once the attempt ends.
"""

from __future__ import annotations

import asyncio
from html import unescape
from typing import Any

import aiohttp

from omnisim import events as ev
from omnisim.exams.state import grading_stream
from omnisim.jury import workflow
from omnisim.live import commands
from omnisim.live import jury as service
from tests.jury_flow import act

CONTACT = "c1"  # the mini deck's one contact, as the desk names it (omnisim/protocol/handles.py)


async def _play_and_stop(live: Any, mode: str) -> Any:
    tokens = await live.session(mode=mode)
    candidate = await live.connect(tokens.candidate)
    exam = await live.exams.get(tokens.exam_id)
    if mode == "exam":
        trainer = exam.created.trainer_id
        await commands.run(exam, commands.Start(trainer))
    else:
        assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(lambda e: e["type"] == "contact.offered", timeout=20)
    assert (await candidate.act("pickup", {"contact_id": CONTACT}))["ok"]
    assert (await candidate.act("send", {"contact_id": CONTACT, "text": "slt c pa mon pb"}))["ok"]
    await commands.run(exam, commands.Stop(exam.created.trainer_id))
    await live.exams.settled()  # the proposals are recorded apart from the stop
    return tokens


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, unescape(await resp.text())


async def test_a_training_attempt_ends_in_its_debrief(live: Any) -> None:
    tokens = await _play_and_stop(live, "training")
    proposed = [
        e
        for e in await live.store.read(grading_stream(tokens.exam_id))
        if e.type == "grade.proposed"
    ]
    assert len(proposed) == 1 and proposed[0].actor == "system"
    assert {c.proposal for c in proposed[0].payload.criteria} >= {"non_acquis"}
    status, html = await _get(f"{live.url}/candidate?token={tokens.candidate}")
    assert status == 200
    assert "Votre débriefing" in html and "À faire autrement" in html
    assert "« slt c pa mon pb »" in html  # their own line, quoted
    assert "Le référentiel :" in html
    assert "tchat-livraison" not in html  # nothing of the deck's key
    status, log = await _get(f"{live.url}/candidate/log?token={tokens.candidate}&after=0")
    assert status == 200 and '"message.sent"' in log
    # Their replay names the contact as their desk did.
    assert '"contact_id": "c1"' in log.replace('":"', '": "') and "tchat-livraison" not in log
    status, english = await _get(f"{live.url}/candidate?token={tokens.candidate}&lang=en")
    assert "Your debrief" in english and "What to do differently" in english
    status, progress = await _get(f"{live.url}/candidate/progress?token={tokens.candidate}")
    assert status == 200 and "Épreuve 1" in progress


async def test_an_exam_shows_nothing_until_the_signed_sheet(live: Any) -> None:
    tokens = await _play_and_stop(live, "exam")
    status, html = await _get(f"{live.url}/candidate?token={tokens.candidate}")
    assert status == 200 and "une fois la fiche de résultat signée par le jury" in html
    assert "À faire autrement" not in html and "proposition" not in html.lower()
    status, _ = await _get(f"{live.url}/candidate/log?token={tokens.candidate}")
    assert status == 403
    exam = await live.exams.get(tokens.exam_id)
    await exam.catch_up()
    # An exam's jury is two (Marc Dubois, external; Ana Roy): both grade alike and hand in,
    # one writes the recommendations, both sign.
    seen = await service.review(exam, "c1")
    assert seen.sheet is not None
    for juror in ("j1", "j2"):
        for cid, proposed in seen.sheet.proposals().items():
            decision = proposed if proposed != "a_apprecier" else "non_acquis"
            await act(exam, juror, ev.GradeDecided("c1", cid, decision, ""))
        await act(exam, juror, ev.GradeSubmitted("c1"))
    grid = service.grid_of(exam)
    g = workflow.grading_of(exam.state, "c1")
    for cid in workflow.missing_recommendations(exam.state, g, grid):
        await act(
            exam, "j1", ev.GradeRecommended("c1", cid, "Reprendre l'accueil en entraînement.")
        )
    sheet_hash = workflow.current_sheet_hash(exam.state, "c1", grid)
    await act(exam, "j1", ev.SheetSigned("c1", sheet_hash, "Marc Dubois"))
    status, waiting = await _get(f"{live.url}/candidate?token={tokens.candidate}")
    assert "signée par le jury" in waiting  # one signature of two: still nothing
    await act(exam, "j2", ev.SheetSigned("c1", sheet_hash, "Ana Roy"))
    await asyncio.sleep(0)
    status, sheet = await _get(f"{live.url}/candidate?token={tokens.candidate}")
    assert status == 200
    assert "Reprendre l'accueil en entraînement." in sheet  # what the sheet says
    assert "Marc Dubois" in sheet
    assert "À faire autrement" not in sheet
