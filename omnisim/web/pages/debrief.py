"""What a candidate's link opens once their attempt has ended, and the trainer's view of it.

- Training: the debrief (omnisim/results/debrief.py): their own replay through the same desk,
  each criterion's proposal with its moments, and what to do differently where a criterion
  is not met. The page is server-rendered; its bundle (web/src/debrief/, built to
  web/static/app/debrief.js) loads the log and moves the replay to a moment when asked.
- Exam: nothing of the debrief; until every juror has signed, a line saying the result will
  come; then exactly the signed result sheet (omnisim/documents/sheets.py).

The trainer opens the same debrief on any candidate (``/exams/<id>/candidates/<c>/debrief``),
which is where every figure of the results pages links down to.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from aiohttp import web

from omnisim.documents.sheets import result_sheet
from omnisim.exams.state import Person
from omnisim.exams.streams import attempt_stream
from omnisim.i18n import catalog
from omnisim.jury import workflow
from omnisim.live import results
from omnisim.live.exam import ExamRuntime
from omnisim.live.exams import Identity
from omnisim.live.jury import grid_of
from omnisim.protocol.handles import candidate_dossier
from omnisim.protocol.jury_view import LogView
from omnisim.protocol.messages import ApiError
from omnisim.protocol.views import View, candidate_workspace, project_all
from omnisim.results.calibration import Case
from omnisim.results.debrief import Debrief
from omnisim.results.progress import progress
from omnisim.schema import SchemaError
from omnisim.web import printing
from omnisim.web.keys import EXAMS
from omnisim.web.pages.base import PageContext, link_identity, page, refuse, render, script_json
from omnisim.web.pages.log import log_page, page_ask
from omnisim.web.pages.results import ProgressContext, progress_view
from omnisim.web.signin import require_trainer


@dataclass(frozen=True)
class DebriefContext:
    page: PageContext
    exam_title: str
    who: str
    debrief: Debrief | None
    focus: str  # the criterion the page opens on
    boot_json: str
    progress_href: str
    viewer: str  # candidate or trainer
    mode: str


@dataclass(frozen=True)
class WaitingContext:
    page: PageContext
    exam_title: str
    who: str
    progress_href: str


def _who(person: Person) -> str:
    return f"{person.name} · n° {person.number}"


def _boot(ctx_page: PageContext, exam: ExamRuntime, log_url: str, at: int, viewer: str) -> str:
    deck, rules = exam.scenario.deck, exam.scenario.rules
    # The candidate's replay names the deck's items as their desk did (omnisim/protocol/handles.py).
    mine = candidate_dossier if viewer == "candidate" else candidate_workspace
    hours, _, minutes = deck.start_time.partition(":")
    return script_json(
        {
            "texts": catalog(ctx_page.lang),
            "lang": ctx_page.lang,
            "log_url": log_url,
            "at": at,
            "start_clock": int(hours) * 3600 + int(minutes or 0) * 60,
            "workspace": mine(deck, rules, ctx_page.lang),
        }
    )


def _at(request: web.Request) -> int:
    text = request.query.get("at", "")
    return int(text) if text.isdigit() and len(text) < 10 else 0


async def _debrief_page(
    request: web.Request,
    exam: ExamRuntime,
    person: Person,
    ctx_page: PageContext,
    log_url: str,
    progress_href: str,
    viewer: str,
) -> web.Response:
    found = await results.attempt_debrief(exam, person.id, ctx_page.lang)
    boot = _boot(ctx_page, exam, log_url, _at(request), viewer)
    ctx = DebriefContext(
        ctx_page,
        exam.created.title,
        _who(person),
        found,
        request.query.get("criterion", ""),
        boot,
        progress_href,
        viewer,
        exam.created.mode,
    )
    return render(request, "debrief.html", ctx)


async def ended(request: web.Request, identity: Identity) -> web.Response:
    """The candidate's page once their attempt has ended (``/candidate``)."""
    exam, person = identity.exam, identity.person
    token = request.query["token"]
    ctx_page = page(request, "debrief.title", exam.created.lang)
    keep = urlencode({"token": token, "lang": ctx_page.lang})
    progress_href = f"/candidate/progress?{keep}"
    if exam.created.mode == "training":
        log_url = f"/candidate/log?{keep}"
        return await _debrief_page(
            request, exam, person, ctx_page, log_url, progress_href, "candidate"
        )
    await exam.catch_up()
    g = workflow.grading_of(exam.state, person.id)
    if not (g.signatures and workflow.is_locked(exam.state, g)):
        ctx = WaitingContext(
            page(request, "result.title", exam.created.lang),
            exam.created.title,
            _who(person),
            progress_href,
        )
        return render(request, "result_waiting.html", ctx)
    grid = grid_of(exam)
    log = await exam.exams.store.read(attempt_stream(exam.exam_id, person.id))
    first = await exam.exams.store.read(exam.exam_id, 0, 1)
    held = first[0].wall_time if first else time.time()
    sheet = await asyncio.to_thread(
        result_sheet, exam.state, grid, person.id, log, ctx_page.lang, held
    )
    links = {ctx_page.t("progress.title"): progress_href}
    html = printing.sheet_html(sheet, links)
    return web.Response(text=html, content_type="text/html", charset="utf-8")


async def candidate_log(request: web.Request) -> web.Response:
    """The candidate's own log as their desk showed it, once their attempt has ended."""
    identity = await link_identity(request, "candidate")
    exam = identity.exam
    runtime = await exam.attempt(identity.person.id)
    if exam.created.mode != "training" or not runtime.engine.state.ended:
        raise refuse(request, 403, "error.debrief_not_yet")
    async with runtime.lock:  # its handles folded to the log's end, as the desk had them
        await runtime.catch_up()
    return await _log_answer(request, exam, identity.person.id, runtime.handles.view)


async def _log_answer(
    request: web.Request, exam: ExamRuntime, candidate_id: str, view: View
) -> web.Response:
    try:
        ask = page_ask(request.query)
    except SchemaError as exc:
        lang = page(request, "debrief.title", exam.created.lang).lang
        return web.json_response(ApiError.of(exc.field, exc.render(lang)).to_json(), status=422)
    found = await log_page(exam.exams.store, attempt_stream(exam.exam_id, candidate_id), ask)
    shown = await asyncio.to_thread(view, list(found.events))
    return web.json_response(LogView(found.after, found.upto, found.more, tuple(shown)).to_json())


async def candidate_progress(request: web.Request) -> web.Response:
    """The candidate's progress across the attempts of their centre (their trainer's exams)."""
    identity = await link_identity(request, "candidate")
    exam, person = identity.exam, identity.person
    ctx_page = page(request, "progress.title", exam.created.lang)
    held = await request.app[EXAMS].index.results(exam.created.trainer_id)
    grids = results.grids_for(held.attempts, held.grids)
    found = progress(held.attempts, person.number, grids, "candidate")
    token = request.query["token"]

    def href(case: Case) -> str:
        """Only this attempt's moments open (the link is this exam's): its own debrief."""
        if case.exam_id != exam.exam_id or exam.created.mode != "training":
            return ""
        query = {"token": token, "lang": ctx_page.lang, "criterion": case.criterion_id}
        return f"/candidate?{urlencode(query | {'at': str(case.seq)})}"

    views = progress_view(found, grids, ctx_page, href)
    back = f"/candidate?{urlencode({'token': token, 'lang': ctx_page.lang})}"
    empty = "" if views else ctx_page.t("progress.none_ended")
    ctx = ProgressContext(ctx_page, person.name, person.number, views, "candidate", back, empty)
    return render(request, "progress.html", ctx)


async def _trainer_exam(request: web.Request) -> tuple[ExamRuntime, Person, str]:
    trainer = await require_trainer(request)
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise refuse(request, 404, "error.no_exam")
    person = exam.state.people.get(request.match_info["person_id"])
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    return exam, person, trainer.name


async def trainer_debrief(request: web.Request) -> web.Response:
    exam, person, trainer_name = await _trainer_exam(request)
    ctx_page = page(request, "debrief.title_trainer", exam.created.lang, trainer_name)
    base = f"/exams/{exam.exam_id}/candidates/{person.id}"
    log_url = f"{base}/log?lang={ctx_page.lang}"
    progress_href = f"/results/candidates/{person.number}?lang={ctx_page.lang}"
    return await _debrief_page(request, exam, person, ctx_page, log_url, progress_href, "trainer")


async def trainer_log(request: web.Request) -> web.Response:
    exam, person, _name = await _trainer_exam(request)
    return await _log_answer(request, exam, person.id, partial(project_all, "jury"))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/candidate/log", candidate_log)
    app.router.add_get("/candidate/progress", candidate_progress, name="candidate_progress")
    base = "/exams/{exam_id}/candidates/{person_id}"
    app.router.add_get(f"{base}/debrief", trainer_debrief, name="trainer_debrief")
    app.router.add_get(f"{base}/log", trainer_log)
