"""A trainer's exams through the API: create, read, command, export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim import events as ev
from omnisim.deck.yamlpos import DeckError
from omnisim.exams.roster import (
    MAX_CANDIDATES,
    MAX_JURY,
    MAX_NAME,
    MAX_NUMBER,
    MAX_TITLE,
    RosterEntry,
)
from omnisim.live import commands
from omnisim.live.exam import ExamRuntime
from omnisim.scenario.coverage import warnings
from omnisim.schema import SchemaError, capped
from omnisim.web.api.base import (
    MAX_KEY,
    bearer_trainer,
    lang,
    own,
    problem_json,
    read_body,
    summary,
)
from omnisim.web.export import stream_export
from omnisim.web.keys import EXAMS, LIBRARY
from omnisim.web.openapi import Endpoint
from omnisim.web.pages.documents import Reader, sealed
from omnisim.web.pages.exam import people_rows


@dataclass(frozen=True)
class Person:
    name: str = capped(MAX_NAME)
    number: str = capped(MAX_NUMBER, "")
    evaluator: str = capped(MAX_KEY, "")


@dataclass(frozen=True)
class ExamRequest:
    deck: str = capped(MAX_KEY)  # "bundled:<name>" or "library:<deck id>" (a published deck)
    candidates: tuple[Person, ...] = capped(MAX_CANDIDATES)
    jury: tuple[Person, ...] = capped(MAX_JURY, ())
    title: str = capped(MAX_TITLE, "")
    mode: str = capped(MAX_KEY, "exam")
    time_factor: float | None = None
    grid: str = capped(MAX_KEY, "")


@dataclass(frozen=True)
class PassRuleBody:
    kind: str = capped(MAX_KEY)
    min: float = 1.0


@dataclass(frozen=True)
class StatusBody:
    """Why a candidate has no decision: absent, abandoned or excluded (``present``
    withdraws it), with the reason."""

    status: str
    reason: str


@dataclass(frozen=True)
class FilingBody:
    """``archived``: file the exam away (true) or bring it back (false)."""

    archived: bool


async def list_exams(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    exams = await request.app[EXAMS].of_trainer(trainer.id)
    return web.json_response({"exams": [summary(s) for s in exams]})


async def create_exam(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    body = await read_body(request, ExamRequest)
    try:
        scenario = await request.app[LIBRARY].scenario_for(trainer.id, body.deck, exam=True)
    except DeckError as exc:
        found = [problem_json(p, lang(request)) for p in exc.problems]
        return web.json_response({"error": {"field": "deck", "problems": found}}, status=422)
    exam, _tokens = await request.app[EXAMS].create(
        trainer.id,
        scenario,
        [RosterEntry(p.name, p.number) for p in body.candidates],
        [RosterEntry(p.name, evaluator=p.evaluator) for p in body.jury],
        title=body.title,
        mode=body.mode,
        time_factor=body.time_factor,
        grid_id=body.grid or None,
    )
    # What the deck cannot assess of the grid, or a grid it does not prepare: said, not refused.
    grid = scenario.grids.get(body.grid or scenario.deck.grid)
    said = (
        [w.render(lang(request)) for w in warnings(scenario, grid, lang(request))] if grid else []
    )
    body_out = summary(exam.state) | {"links": _links(request, exam), "warnings": said}
    return web.json_response(body_out, status=201)


def _links(request: web.Request, exam: ExamRuntime) -> list[dict[str, Any]]:
    return [
        {
            "person_id": r.id,
            "role": r.role,
            "name": r.name,
            "url": r.url or None,
            "revoked": r.revoked,
        }
        for r in people_rows(request, exam)
    ]


async def get_exam(request: web.Request) -> web.Response:
    exam = await own(request, await bearer_trainer(request))
    return web.json_response(summary(exam.state))


async def get_links(request: web.Request) -> web.Response:
    exam = await own(request, await bearer_trainer(request))
    return web.json_response({"links": _links(request, exam)})


async def exam_command(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    exam = await own(request, trainer)
    command = request.match_info["command"]
    if command == "pass_rule":
        body = await read_body(request, PassRuleBody)
        if body.kind not in ("share_of_criteria", "all_criteria", "all_competences"):
            raise SchemaError("kind", "err.jury.command")
        await commands.run(exam, commands.PassRule(trainer.id, ev.PassRuleSet(body.kind, body.min)))
    elif command in commands.ON_EXAM:
        await commands.run(exam, commands.ON_EXAM[command](trainer.id))
    else:
        raise LookupError("command")
    return web.json_response(summary(exam.state))


async def filing(request: web.Request) -> web.Response:
    """File the exam away or bring it back: the trainer's list, not the exam's record, so a
    locked exam is filed too and its log and sealed archive do not change."""
    trainer = await bearer_trainer(request)
    exam = await own(request, trainer)
    body = await read_body(request, FilingBody)
    await commands.run(exam, commands.Archive(trainer.id, body.archived))
    return web.json_response(summary(exam.state))


async def person_command(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    exam = await own(request, trainer)
    person_id, command = request.match_info["person_id"], request.match_info["command"]
    if command == "status":
        body = await read_body(request, StatusBody)
        await commands.run(exam, commands.Status(trainer.id, person_id, body.status, body.reason))
        return web.json_response(summary(exam.state))
    if command not in commands.ON_PERSON:
        raise LookupError("command")
    await commands.run(exam, commands.ON_PERSON[command](trainer.id, person_id))
    return web.json_response({"links": _links(request, exam)})


async def archive(request: web.Request) -> web.Response:
    """The sealed archive (zip: log, PDFs, CSV, manifest); ``omnisim record verify`` checks it."""
    exam = await own(request, await bearer_trainer(request))
    done = await sealed(Reader(exam, None, {}), lang(request))
    return web.Response(
        body=done.data,
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="archive-{exam.exam_id}.zip"',
            "X-Archive-Seal": done.seal,
        },
    )


async def export(request: web.Request) -> web.StreamResponse:
    """Streamed, not paged: one file to save (omnisim/web/pages/exams.py ``stream_export``)."""
    exam = await own(request, await bearer_trainer(request))
    return await stream_export(request, exam)


ENDPOINTS = (
    Endpoint("GET", "/api/exams", list_exams, "The trainer's exams, newest first"),
    Endpoint(
        "POST", "/api/exams", create_exam, "Create an exam: deck, mode, pace, roster", ExamRequest
    ),
    Endpoint("GET", "/api/exams/{exam_id}", get_exam, "One exam: status, roster, deck hash, grid"),
    Endpoint("GET", "/api/exams/{exam_id}/links", get_links, "Every person's link"),
    Endpoint("GET", "/api/exams/{exam_id}/export", export, "The whole record as JSON lines"),
    Endpoint(
        "GET",
        "/api/exams/{exam_id}/archive",
        archive,
        "The sealed archive: log, PDFs, CSV and manifest of hashes (omnisim record verify)",
    ),
    Endpoint(
        "POST",
        "/api/exams/{exam_id}/filing",
        filing,
        "File the exam away (archived: true) or bring it back (false), locked or not: "
        "its log and sealed archive do not change",
        FilingBody,
    ),
    Endpoint(
        "POST",
        "/api/exams/{exam_id}/{command}",
        exam_command,
        "start, pause, resume, stop, lock; pass_rule (body: kind, min) where the text has none",
    ),
    Endpoint(
        "POST",
        "/api/exams/{exam_id}/people/{person_id}/{command}",
        person_command,
        "revoke or reissue a person's link; status (body: status, reason): a candidate "
        "absent, abandoned or excluded",
    ),
)
