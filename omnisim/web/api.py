"""The JSON API: everything a trainer does in the pages, for scripts and a centre's own tools.

Authenticated by a bearer token: a trainer's API token (from ``POST /api/tokens``
or ``omnisim trainer token``) or, for grading, a jury member's link token. One
table (:data:`ENDPOINTS`) declares each route, its summary and its body; the
routes and the OpenAPI description served at ``/api/openapi.json`` are both made
from it, so they cannot drift. Errors are ``{"error": {"field", "reason"}}``,
in French unless ``?lang=en``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from aiohttp import web

from omnisim import events as ev
from omnisim.deck.yamlpos import DeckError
from omnisim.exams.roster import Identity, RosterEntry
from omnisim.exams.state import ExamState
from omnisim.i18n import message, pick_lang
from omnisim.live import jury as jury_service
from omnisim.live.accounts import Trainer
from omnisim.live.exam import ExamRuntime
from omnisim.scenario.catalog import bundled_deck_infos
from omnisim.schema import SchemaError, build
from omnisim.store import StoreUnavailable
from omnisim.web.keys import ACCOUNTS, EXAMS, LIBRARY
from omnisim.web.openapi import Endpoint, Handler, openapi_document
from omnisim.web.pages.exams import (
    _scenario_for,
    people_rows,
    stream_export,
)

MAX_JSON = 1024 * 1024


@dataclass(frozen=True)
class TokenRequest:
    login: str
    password: str
    label: str = ""


@dataclass(frozen=True)
class Person:
    name: str
    number: str = ""
    evaluator: str = ""


@dataclass(frozen=True)
class ExamRequest:
    deck: str  # "bundled:<name>" or "upload:<deck id>"
    candidates: tuple[Person, ...]
    jury: tuple[Person, ...] = ()
    title: str = ""
    mode: str = "exam"
    time_factor: float | None = None
    grid: str = ""


@dataclass(frozen=True)
class Decide:
    candidate_id: str
    criterion_id: str
    decision: str
    comment: str = ""


@dataclass(frozen=True)
class Comment:
    candidate_id: str
    text: str


@dataclass(frozen=True)
class Sign:
    candidate_id: str
    sheet_hash: str
    name: str


@dataclass(frozen=True)
class Submit:
    candidate_id: str


@dataclass(frozen=True)
class Recommend:
    candidate_id: str
    criterion_id: str
    text: str


@dataclass(frozen=True)
class PassRuleBody:
    kind: str
    min: float = 1.0


def _lang(request: web.Request) -> str:
    return pick_lang(request.query.get("lang"))


def _error(request: web.Request, status: int, field: str, reason: str) -> web.Response:
    return web.json_response({"error": {"field": field, "reason": reason}}, status=status)


def _refused(request: web.Request, status: int, exc: SchemaError) -> web.Response:
    return _error(request, status, exc.field, exc.render(_lang(request)))


async def _body(request: web.Request, record: type) -> Any:
    if request.content_type != "application/json":
        raise SchemaError("body", "err.json_expected")
    raw = await request.content.read(MAX_JSON + 1)
    if len(raw) > MAX_JSON:
        raise SchemaError("body", "err.body_too_large", limit=MAX_JSON)
    import json

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise SchemaError("body", "err.json_invalid") from exc
    return build(record, data)


def _bearer(request: web.Request) -> str:
    auth = request.headers.get("Authorization", "")
    return auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""


async def _bearer_trainer(request: web.Request) -> Trainer:
    token = _bearer(request)
    trainer = await request.app[ACCOUNTS].by_api_token(token) if token else None
    if trainer is None:
        raise SchemaError("Authorization", "err.api_token")
    return trainer


async def _bearer_jury(request: web.Request) -> Identity:
    token = _bearer(request)
    identity = await request.app[EXAMS].authenticate(token) if token else None
    if identity is None or identity.role != "jury":
        raise SchemaError("Authorization", "err.jury_token")
    return identity


async def _own(request: web.Request, trainer: Trainer) -> ExamRuntime:
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise LookupError("exam_id")
    await exam.catch_up()
    return exam


def summary(state: ExamState) -> dict[str, Any]:
    created = state.created
    assert created is not None
    return {
        "exam_id": state.exam_id,
        "title": created.title,
        "mode": created.mode,
        "time_factor": created.time_factor,
        "deck": {"id": created.deck_id, "title": created.deck_title, "hash": created.deck_hash},
        "grid": {"id": created.grid_id, "version": created.grid_version},
        "analysers": created.analysers,
        "status": state.status,
        "locked": state.locked,
        "people": [
            {
                "person_id": p.id,
                "role": p.role,
                "name": p.name,
                "number": p.number,
                "evaluator": p.evaluator,
                "revoked": p.revoked,
            }
            for p in state.people.values()
        ],
    }


# -- handlers ------------------------------------------------------------------------
async def create_token(request: web.Request) -> web.Response:
    body = await _body(request, TokenRequest)
    trainer = await request.app[ACCOUNTS].sign_in(body.login, body.password)
    if trainer is None:
        return _error(request, 401, "login", message(_lang(request), "signin.failed"))
    token = await request.app[ACCOUNTS].new_api_token(trainer.id, body.label)
    token_id = token.split(".", 1)[0].rsplit(":", 1)[1]
    trainer_info = {"id": trainer.id, "name": trainer.name}
    return web.json_response(
        {"token": token, "token_id": token_id, "trainer": trainer_info}, status=201
    )


async def revoke_token(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    await request.app[ACCOUNTS].revoke_api_token(trainer.id, request.match_info["token_id"])
    return web.json_response({"ok": True})


async def list_decks(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    uploaded = await request.app[LIBRARY].of_trainer(trainer.id)
    infos = await asyncio.to_thread(bundled_deck_infos)  # read once, then cached
    decks: list[dict[str, Any]] = [
        {
            "deck": f"bundled:{d.deck_id}",
            "title": d.title,
            "language": d.language,
            "grids": [c.grid_id for c in d.certifications],  # the certifications it prepares
        }
        for d in infos
    ]
    decks += [{"deck": f"upload:{d.deck_id}", "title": d.title} for d in uploaded]
    return web.json_response({"decks": decks})


async def upload_deck(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    data = await request.content.read(20 * 1024 * 1024 + 1)
    name = request.query.get("name", "deck.zip")[:200]
    uploaded, problems = await request.app[LIBRARY].upload(trainer.id, data, name)
    if uploaded is None:
        found = [dataclasses.asdict(p) for p in problems]
        return web.json_response({"error": {"field": "body", "problems": found}}, status=422)
    deck = {"deck": f"upload:{uploaded.deck_id}", "title": uploaded.title}
    return web.json_response(deck | {"hash": uploaded.content_hash}, status=201)


async def list_exams(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    exams = await request.app[EXAMS].of_trainer(trainer.id)
    return web.json_response({"exams": [summary(s) for s in exams]})


async def create_exam(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    body = await _body(request, ExamRequest)
    try:
        scenario = await _scenario_for(request, trainer, body.deck)
    except DeckError as exc:
        found = [dataclasses.asdict(p) for p in exc.problems]
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
    return web.json_response(summary(exam.state) | {"links": _links(request, exam)}, status=201)


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
    exam = await _own(request, await _bearer_trainer(request))
    return web.json_response(summary(exam.state))


async def get_links(request: web.Request) -> web.Response:
    exam = await _own(request, await _bearer_trainer(request))
    return web.json_response({"links": _links(request, exam)})


async def exam_command(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    exam = await _own(request, trainer)
    command = request.match_info["command"]
    if command == "lock":
        await exam.lock_record(trainer.id)
    elif command == "pass_rule":
        body = await _body(request, PassRuleBody)
        if body.kind not in ("share_of_criteria", "all_criteria", "all_competences"):
            raise SchemaError("kind", "err.jury.command")
        await exam.set_pass_rule(trainer.id, ev.PassRuleSet(body.kind, body.min))
    elif command in ("start", "pause", "resume", "stop"):
        await getattr(exam, command)(trainer.id)
    else:
        raise LookupError("command")
    return web.json_response(summary(exam.state))


async def person_command(request: web.Request) -> web.Response:
    trainer = await _bearer_trainer(request)
    exam = await _own(request, trainer)
    person_id, command = request.match_info["person_id"], request.match_info["command"]
    if command == "revoke":
        await exam.revoke(trainer.id, person_id)
    elif command == "reissue":
        await exam.reissue(trainer.id, person_id)
    else:
        raise LookupError("command")
    return web.json_response({"links": _links(request, exam)})


async def export(request: web.Request) -> web.StreamResponse:
    """Streamed, not paged: one file to save (omnisim/web/pages/exams.py ``stream_export``)."""
    exam = await _own(request, await _bearer_trainer(request))
    return await stream_export(request, exam)


async def grading(request: web.Request) -> web.Response:
    identity = await _bearer_jury(request)
    command = request.match_info["command"]
    shapes: dict[str, tuple[type, Callable[[Any], Any]]] = {
        "decide": (Decide, lambda b: ev.GradeDecided(**dataclasses.asdict(b))),
        "reconcile": (Decide, lambda b: ev.GradeReconciled(**dataclasses.asdict(b))),
        "comment": (Comment, lambda b: ev.GradeCommented(b.candidate_id, b.text)),
        "submit": (Submit, lambda b: ev.GradeSubmitted(b.candidate_id)),
        "recommend": (
            Recommend,
            lambda b: ev.GradeRecommended(b.candidate_id, b.criterion_id, b.text),
        ),
        "sign": (Sign, lambda b: ev.SheetSigned(b.candidate_id, b.sheet_hash, b.name)),
    }
    if command not in shapes:
        raise LookupError("command")
    record, make = shapes[command]
    body = await _body(request, record)
    if getattr(body, "decision", "acquis") not in ("acquis", "non_acquis"):
        raise SchemaError("decision", "err.decision")
    seqs = await jury_service.act(identity.exam, identity.person.id, make(body))
    return web.json_response({"ok": True, "seq": seqs}, status=201)


async def grading_view(request: web.Request) -> web.Response:
    """One candidate's grading as this jury member may see it (others' only once all handed in)."""
    identity = await _bearer_jury(request)
    data = await jury_service.grading_view(
        identity.exam, identity.person.id, request.match_info["candidate_id"], _lang(request)
    )
    return web.json_response(data)


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(ENDPOINTS, metadata.version("omnisim")))


ENDPOINTS = (
    Endpoint(
        "POST", "/api/tokens", create_token, "Sign in: a trainer's API token", TokenRequest, "none"
    ),
    Endpoint(
        "DELETE", "/api/tokens/{token_id}", revoke_token, "Revoke one of the trainer's API tokens"
    ),
    Endpoint("GET", "/api/decks", list_decks, "Bundled decks and the trainer's uploaded decks"),
    Endpoint(
        "POST", "/api/decks", upload_deck, "Upload a deck as a zip (validated)", "application/zip"
    ),
    Endpoint("GET", "/api/exams", list_exams, "The trainer's exams, newest first"),
    Endpoint(
        "POST", "/api/exams", create_exam, "Create an exam: deck, mode, pace, roster", ExamRequest
    ),
    Endpoint("GET", "/api/exams/{exam_id}", get_exam, "One exam: status, roster, deck hash, grid"),
    Endpoint("GET", "/api/exams/{exam_id}/links", get_links, "Every person's link"),
    Endpoint("GET", "/api/exams/{exam_id}/export", export, "The whole record as JSON lines"),
    Endpoint(
        "POST",
        "/api/exams/{exam_id}/{command}",
        exam_command,
        "start, pause, resume, stop or lock; pass_rule (body: kind, min) where the text has none",
    ),
    Endpoint(
        "POST",
        "/api/exams/{exam_id}/people/{person_id}/{command}",
        person_command,
        "revoke or reissue a person's link",
    ),
    Endpoint(
        "POST",
        "/api/grading/{command}",
        grading,
        "Jury: decide, submit, reconcile, recommend, comment or sign",
        None,
        "jury",
    ),
    Endpoint(
        "GET",
        "/api/grading/{candidate_id}",
        grading_view,
        "Jury: one candidate's grading as this member may see it",
        None,
        "jury",
    ),
    Endpoint("GET", "/api/openapi.json", openapi, "This description", None, "none"),
)


def _guarded(handler: Handler) -> Handler:
    """Every API answer is JSON: refusals name the field, unexpected errors are said."""

    async def run(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except SchemaError as exc:
            status = 401 if exc.field == "Authorization" else 422
            return _refused(request, status, exc)
        except LookupError as exc:
            return _error(
                request,
                404,
                str(exc.args[0]) if exc.args else "path",
                message(_lang(request), "err.not_found"),
            )
        except StoreUnavailable:
            return _error(request, 503, "store", message(_lang(request), "err.store_unavailable"))
        except asyncio.CancelledError:
            raise
        except web.HTTPException:
            raise
        except Exception:
            import logging

            logging.getLogger(__name__).exception("API error on %s", request.path)
            return _error(request, 500, "", message(_lang(request), "err.internal"))

    return run


def add_routes(app: web.Application) -> None:
    for e in ENDPOINTS:
        app.router.add_route(e.method, e.path, _guarded(e.handler))
