"""The pages reached by a link (candidate, jury); the trainer's are in board_pages.py.

Candidate and jury pages are opened with their capability token; the trainer's
console with the session cookie. Each renders from a typed context; the browser
script does the rest over socket.io.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from omnisim.app_keys import EXAMS, STORE
from omnisim.events import Event
from omnisim.exams.roster import Identity
from omnisim.exams.runtime import ExamRuntime
from omnisim.exams.state import Person, attempt_stream
from omnisim.grading import GradeSheet, PassOutcome, apply_pass_rule, final_decisions, grade
from omnisim.i18n import catalog
from omnisim.measures import MeasureResult, compute_all
from omnisim.page_base import PageContext, lang_query, page, refuse, render, script_json
from omnisim.trainer_session import current_trainer
from omnisim.views import candidate_workspace
from omnisim.workspace import SessionView, project_until


@dataclass(frozen=True)
class IndexContext:
    page: PageContext


@dataclass(frozen=True)
class WorkspaceContext:
    """Candidate and trainer pages: the browser script does the rest over socket.io."""

    page: PageContext
    deck_title: str
    boot_json: str
    who: str = ""


@dataclass(frozen=True)
class EventRow:
    seq: int
    sim_clock: str
    actor: str
    type: str
    detail: str


@dataclass(frozen=True)
class JuryContext:
    page: PageContext
    deck_title: str
    candidate: Person
    candidates: list[Person]
    token: str
    rows: list[EventRow]
    measures: list[MeasureResult]
    sheet: GradeSheet | None
    outcome: PassOutcome | None
    desk: SessionView
    desk_at: int
    show: Any = field(default=lambda v: show(v))


def show(value: Any) -> str:
    """A measure's value as a jury reads it: no Python reprs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {show(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value) or "—"
    return str(value)


def sim_clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


async def index(request: web.Request) -> web.StreamResponse:
    if await current_trainer(request) is not None:
        raise web.HTTPSeeOther("/exams?" + lang_query(request))
    return render(request, "index.html", IndexContext(page(request, "index.title")))


async def _link(request: web.Request, role: str) -> Identity:
    identity = await request.app[EXAMS].authenticate(request.query.get("token", ""))
    if identity is None or identity.role != role:
        raise refuse(request, 403, "error.token")
    return identity


def _boot(page_ctx: PageContext, runtime: ExamRuntime, **extra: Any) -> str:
    base = {"texts": catalog(page_ctx.lang), "lang": page_ctx.lang, "mode": runtime.created.mode}
    return script_json(base | extra)


async def candidate(request: web.Request) -> web.Response:
    identity = await _link(request, "candidate")
    exam = identity.exam
    ctx_page = page(request, "candidate.title", exam.created.lang)
    workspace = candidate_workspace(exam.scenario.deck, exam.scenario.rules)
    who = f"{identity.person.name} · n° {identity.person.number}"
    boot = _boot(
        ctx_page,
        exam,
        token=request.query["token"],
        workspace=workspace,
        time_factor=exam.created.time_factor,
        server_now=time.time(),  # the desk's clock reads the log's wall times against it
        agent=identity.person.name,
        other_lang_url=ctx_page.other_lang_url,
    )
    return render(
        request, "candidate.html", WorkspaceContext(ctx_page, exam.created.title, boot, who)
    )


def _detail(event: Event) -> str:
    data = asdict(event.payload)
    if "text" in data:
        return f"{data.get('contact_id', '')} — {data['text']}"
    hidden = ("_hash", "snapshot")
    return ", ".join(f"{k}={v}" for k, v in data.items() if not k.endswith(hidden))


async def jury(request: web.Request) -> web.Response:
    """A jury member's view of one candidate: proposals with their evidence, measures, log."""
    identity = await _link(request, "jury")
    exam = identity.exam
    candidates = exam.state.candidates
    wanted = request.query.get("candidate", candidates[0].id)
    person = exam.state.people.get(wanted)
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    events = await request.app[STORE].read(attempt_stream(exam.exam_id, person.id))
    ctx_page = page(request, "jury.title", exam.created.lang)
    t = ctx_page.t
    rows = [
        EventRow(e.seq, sim_clock(e.sim_time), t(f"actor.{e.actor}"), e.type, _detail(e))
        for e in events
    ]
    scenario = exam.scenario
    results = await asyncio.to_thread(compute_all, events, scenario)  # CPU-bound on long logs
    grid = scenario.grids.get(exam.created.grid_id)
    sheet = grade(grid, results) if grid else None
    outcome = apply_pass_rule(grid, final_decisions(sheet, {})) if grid and sheet else None
    last = events[-1].seq if events else 0
    at = request.query.get("at", "")
    desk_at = min(int(at), last) if at.isdigit() and len(at) < 10 else last
    ctx = JuryContext(
        ctx_page,
        exam.created.title,
        person,
        candidates,
        request.query["token"],
        rows,
        list(results.values()),
        sheet,
        outcome,
        project_until(events, desk_at),  # the replay: the same projection as the measures
        desk_at,
    )
    return render(request, "jury.html", ctx)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index, name="index")
    app.router.add_get("/candidate", candidate, name="candidate")
    app.router.add_get("/jury", jury, name="jury")
