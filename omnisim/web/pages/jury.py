"""The jury's page: live observation, replay from the log, evidence, grading, interview.

The page is a shell (``jury.html``) and a bundled client (web/src/jury/, built to
web/static/app/jury.js). The client follows the attempt over socket.io as a jury (read
only: the gateway refuses any action from that role) and the exam's grading stream
(blind until both have handed in, no polling), loads the whole log once for the replay
(``/jury/log``, page by page) and folds it with the same reducer into the candidate's own desk; the
measures and proposals come from the server (``/jury/measures``), the grading from the
API (``/api/grading/…``, with the jury link as bearer token).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiohttp import web

from omnisim.exams.streams import attempt_stream
from omnisim.i18n import TIME_ZONE, catalog
from omnisim.jury.interview import moments
from omnisim.live import jury as service
from omnisim.live.exams import Identity
from omnisim.measures.result import show_value as show
from omnisim.protocol.jury_view import LogView, MeasureRow, MeasuresView
from omnisim.protocol.messages import ApiError, Candidate
from omnisim.protocol.views import candidate_workspace, project_all
from omnisim.schema import SchemaError
from omnisim.web.keys import EXAMS
from omnisim.web.limits import person_of, spend_for
from omnisim.web.pages.base import PageContext, page, refuse, render, script_json
from omnisim.web.pages.log import log_page, page_ask


@dataclass(frozen=True)
class JuryPage:
    page: PageContext
    exam_title: str
    jury_name: str
    boot_json: str


async def _jury(request: web.Request) -> Identity:
    identity = await request.app[EXAMS].authenticate(request.query.get("token", ""))
    if identity is None or identity.role != "jury":
        raise refuse(request, 403, "error.token")
    # Each page, log page and measures read spends from the jury member's reading budget,
    # the one their socket's connections and joins spend from (omnisim/web/limits.py).
    await spend_for(request, "read", person_of(identity.exam.exam_id, identity.person.id, "jury"))
    return identity


def _candidate(request: web.Request, identity: Identity) -> str:
    candidates = identity.exam.state.candidates
    wanted = request.query.get("candidate", candidates[0].id if candidates else "")
    person = identity.exam.state.people.get(wanted)
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    return person.id


async def jury_page(request: web.Request) -> web.Response:
    identity = await _jury(request)
    exam = identity.exam
    candidate = _candidate(request, identity)
    ctx_page = page(request, "jury.title", exam.created.lang)
    deck = exam.scenario.deck
    hours, _, minutes = deck.start_time.partition(":")
    # The deck's Markdown is rendered once per process, off the loop (omnisim/deck/markdown.py).
    workspace = await asyncio.to_thread(
        candidate_workspace, deck, exam.scenario.rules, ctx_page.lang
    )
    boot = {
        "texts": catalog(ctx_page.lang),
        "lang": ctx_page.lang,
        "token": request.query["token"],
        "candidate": candidate,
        "me": identity.person.id,
        "my_name": identity.person.name,
        "candidates": [Candidate.of(p).to_json() for p in exam.state.candidates],
        "contacts": [
            {"id": c.id, "customer": c.customer.name, "channel": c.channel} for c in deck.contacts
        ],
        "start_clock": int(hours) * 3600 + int(minutes or 0) * 60,
        "duration": deck.duration,
        "time_zone": TIME_ZONE,  # signatures read on the exam room's clock, as on the PDF
        "exam": exam.exam_id,  # its grading stream, followed live (omnisim/web/socket)
        # The replay is the candidate's own desk, read-only: it needs the same dossier.
        "workspace": workspace,
    }
    ctx = JuryPage(ctx_page, exam.created.title, identity.person.name, script_json(boot))
    return render(request, "jury.html", ctx)


async def jury_log(request: web.Request) -> web.Response:
    """One page of the attempt's log as the jury sees it, for the replay (omnisim/web/pages/log.py).

    ``?after=<seq>&limit=<n>``; the client asks ``after=upto`` while ``more`` is true.
    """
    identity = await _jury(request)
    candidate = _candidate(request, identity)
    exam = identity.exam
    try:
        ask = page_ask(request.query)
    except SchemaError as exc:
        lang = page(request, "jury.title", exam.created.lang).lang
        refused = ApiError.of(exc.field, exc.render(lang))
        return web.json_response(refused.to_json(), status=422)
    found = await log_page(exam.exams.store, attempt_stream(exam.exam_id, candidate), ask)
    shown = await asyncio.to_thread(project_all, "jury", list(found.events))
    answer = LogView(found.after, found.upto, found.more, tuple(shown))
    return web.json_response(answer.to_json())


async def jury_measures(request: web.Request) -> web.Response:
    """Every measure of the attempt as it stands, each with its evidence moments."""
    identity = await _jury(request)
    candidate = _candidate(request, identity)
    exam = identity.exam
    lang = page(request, "jury.title", exam.created.lang).lang
    t = catalog(lang)
    seen = await service.review(exam, candidate)
    deck = exam.scenario.deck
    measures = tuple(
        MeasureRow(
            m.measure,
            t.get(f"measure.{m.measure}", m.measure),
            show(m.value),
            show(m.threshold),
            m.passed,
            m.render(lang),
            moments(deck, m.evidence, lang),
        )
        for m in seen.results.values()
    )
    return web.json_response(MeasuresView(seen.last_seq, measures).to_json())


def add_routes(app: web.Application) -> None:
    app.router.add_get("/jury", jury_page, name="jury")
    app.router.add_get("/jury/log", jury_log)
    app.router.add_get("/jury/measures", jury_measures)
