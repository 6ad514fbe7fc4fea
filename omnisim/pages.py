"""The pages reached by a candidate's link or by a signed-in trainer (console).

The jury's page is in omnisim/jury/pages.py.

Candidate and jury pages are opened with their capability token; the trainer's
console with the session cookie. Each renders from a typed context; the browser
script does the rest over socket.io.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.app_keys import EXAMS
from omnisim.exams.roster import Identity
from omnisim.exams.runtime import ExamRuntime
from omnisim.i18n import catalog
from omnisim.page_base import PageContext, lang_query, page, refuse, render, script_json
from omnisim.trainer_session import current_trainer, require_trainer
from omnisim.views import candidate_workspace


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
    boot = _boot(ctx_page, exam, token=request.query["token"], workspace=workspace)
    who = f"{identity.person.name} · n° {identity.person.number}"
    return render(
        request, "candidate.html", WorkspaceContext(ctx_page, exam.created.title, boot, who)
    )


async def trainer_console(request: web.Request) -> web.Response:
    """The signed-in trainer follows one candidate's attempt and may play its customers."""
    trainer = await require_trainer(request)
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise refuse(request, 404, "error.no_exam")
    person = exam.state.people.get(request.match_info["person_id"])
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    ctx_page = page(request, "trainer.title", exam.created.lang, trainer.name)
    deck = exam.scenario.deck
    contacts = [
        {"id": c.id, "customer": c.customer.name, "channel": c.channel} for c in deck.contacts
    ]
    boot = _boot(ctx_page, exam, exam=exam.exam_id, candidate=person.id, contacts=contacts)
    who = f"{person.name} · n° {person.number}"
    return render(
        request, "trainer.html", WorkspaceContext(ctx_page, exam.created.title, boot, who)
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index, name="index")
    app.router.add_get("/candidate", candidate, name="candidate")
    app.router.add_get(
        "/exams/{exam_id}/candidates/{person_id}/console", trainer_console, name="console"
    )
