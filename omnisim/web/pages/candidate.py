"""The pages reached by a candidate's link; the trainer's are in board_pages.py, the jury's in
omnisim/web/pages/jury.py.

Candidate and jury pages are opened with their capability token; the trainer's
console with the session cookie. Each renders from a typed context; the browser
script does the rest over socket.io.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.i18n import catalog
from omnisim.live.exam import ExamRuntime
from omnisim.protocol.handles import candidate_dossier
from omnisim.web.pages import debrief
from omnisim.web.pages.base import (
    PageContext,
    lang_query,
    link_identity,
    page,
    render,
    script_json,
)
from omnisim.web.signin import current_trainer


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


def _boot(page_ctx: PageContext, runtime: ExamRuntime, **extra: Any) -> str:
    base = {"texts": catalog(page_ctx.lang), "lang": page_ctx.lang, "mode": runtime.created.mode}
    return script_json(base | extra)


async def candidate(request: web.Request) -> web.StreamResponse:
    identity = await link_identity(request, "candidate")
    exam = identity.exam
    runtime = await exam.attempt(identity.person.id)
    if runtime.engine.state.ended:  # the page turns into the debrief, or the result
        return await debrief.ended(request, identity)
    ctx_page = page(request, "candidate.title", exam.created.lang)
    deck, rules = exam.scenario.deck, exam.scenario.rules
    # Under handles (no deck ids); the deck's Markdown rendered once per process, off the loop
    # (omnisim/deck/markdown.py).
    workspace = await asyncio.to_thread(candidate_dossier, deck, rules, ctx_page.lang)
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


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index, name="index")
    app.router.add_get("/candidate", candidate, name="candidate")
