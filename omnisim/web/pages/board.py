"""The trainer's board of an exam, and the console of one candidate (the board drilled in).

Both pages are the same Preact application (web/src/board/, bundled to
web/static/app/board.js) fed by one socket in the exam's board room
(omnisim/web/socket/feed.py, docs/protocol.md); the console opens on one candidate. The boot data
holds only what the board needs of the deck: reply deadlines, the library
of extra contacts a trainer may inject, and the dossier école exactly as the
candidate's desk gets it (the drill-down mirror is that desk, read-only; never
the answer key).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.i18n import catalog
from omnisim.live.exam import ExamRuntime
from omnisim.projection.summary import reply_deadlines
from omnisim.protocol.views import candidate_workspace
from omnisim.web.keys import EXAMS
from omnisim.web.pages.base import PageContext, page, refuse, render, script_json
from omnisim.web.signin import require_trainer


@dataclass(frozen=True)
class BoardContext:
    page: PageContext
    exam_id: str
    deck_title: str
    boot_json: str
    who: str = ""


async def _exam(request: web.Request) -> tuple[ExamRuntime, Any]:
    trainer = await require_trainer(request)
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise refuse(request, 404, "error.no_exam")
    return exam, trainer


def _boot(ctx_page: PageContext, exam: ExamRuntime, focus: str = "") -> str:
    scenario = exam.scenario
    deck = scenario.deck
    library = [
        {"id": c.id, "customer": c.customer.name, "channel": c.channel, "subject": c.subject}
        for c in deck.contacts
        if c.extra
    ]
    return script_json(
        {
            "texts": catalog(ctx_page.lang),
            "lang": ctx_page.lang,
            "exam": exam.exam_id,
            "mode": exam.created.mode,
            "time_factor": exam.created.time_factor,
            "deadlines": reply_deadlines(deck, scenario.rules),
            "library": library,
            "focus": focus,
            "workspace": candidate_workspace(deck, scenario.rules, ctx_page.lang),
        }
    )


async def board(request: web.Request) -> web.Response:
    """Every candidate of the exam live, 60 on one screen."""
    exam, trainer = await _exam(request)
    ctx_page = page(request, "board.title", exam.created.lang, trainer.name)
    boot = await asyncio.to_thread(_boot, ctx_page, exam)  # the deck's Markdown: off the loop
    ctx = BoardContext(ctx_page, exam.exam_id, exam.created.title, boot)
    return render(request, "board.html", ctx)


async def console(request: web.Request) -> web.Response:
    """One candidate's live workspace, read-only, with the trainer's controls on it."""
    exam, trainer = await _exam(request)
    person = exam.state.people.get(request.match_info["person_id"])
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    ctx_page = page(request, "trainer.title", exam.created.lang, trainer.name)
    who = f"{person.name} · n° {person.number}"
    boot = await asyncio.to_thread(_boot, ctx_page, exam, person.id)
    return render(
        request, "trainer.html", BoardContext(ctx_page, exam.exam_id, exam.created.title, boot, who)
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get("/exams/{exam_id}/board", board, name="board")
    app.router.add_get("/exams/{exam_id}/candidates/{person_id}/console", console, name="console")
