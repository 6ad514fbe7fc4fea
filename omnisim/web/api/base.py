"""What every API route shares: the bearer's identity, the JSON body, errors as JSON."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from omnisim.auth.signing import check_csrf
from omnisim.deck.yamlpos import DeckProblem
from omnisim.exams.state import ExamState
from omnisim.i18n import pick_lang
from omnisim.live.accounts import Trainer
from omnisim.live.exam import ExamRuntime
from omnisim.live.exams import Identity
from omnisim.protocol.messages import ApiError
from omnisim.refusals import RefusalError
from omnisim.schema import SchemaError, build
from omnisim.web.keys import ACCOUNTS, EXAMS, SIGNING_KEY
from omnisim.web.security import CSRF_HEADER, UNSAFE_METHODS, session_value
from omnisim.web.signin import current_trainer

MAX_JSON = 1024 * 1024  # a JSON body
MAX_ZIP = 20 * 1024 * 1024  # a deck uploaded as a zip
MAX_KEY = 100  # a deck reference, a grid id, a contact id, a mode, a rule's kind


def lang(request: web.Request) -> str:
    return pick_lang(request.query.get("lang"))


def error(request: web.Request, status: int, field: str, reason: str) -> web.Response:
    return web.json_response(ApiError.of(field, reason).to_json(), status=status)


def refused(request: web.Request, status: int, exc: RefusalError) -> web.Response:
    return error(request, status, exc.field, exc.render(lang(request)))


def problem_json(problem: DeckProblem, lang: str) -> dict[str, Any]:
    """A located deck problem as JSON, its reason in ``lang``."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.field,
        "message": problem.render(lang),
    }


async def read_all(request: web.Request, limit: int) -> bytes:
    """The whole body, refused past ``limit`` bytes.

    ``request.content.read(n)`` answers with what is buffered so far, not ``n`` bytes: a
    body read with one call was cut wherever the network paused (a 1 MiB zip read as
    "not a zip", 900 KB of JSON as "invalid JSON"). A declared length past the limit is
    refused before anything is read.
    """
    if request.content_length is not None and request.content_length > limit:
        raise SchemaError("body", "err.body_too_large", limit=limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise SchemaError("body", "err.body_too_large", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_body(request: web.Request, record: type, limit: int = MAX_JSON) -> Any:
    return build(record, await read_json(request, limit))


async def read_json(request: web.Request, limit: int = MAX_JSON) -> Any:
    """The request's JSON body, refused with a reason when it is not JSON or too large."""
    if request.content_type != "application/json":
        raise SchemaError("body", "err.json_expected")
    raw = await read_all(request, limit)
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise SchemaError("body", "err.json_invalid") from exc
    return data


def bearer(request: web.Request) -> str:
    auth = request.headers.get("Authorization", "")
    return auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""


async def bearer_trainer(request: web.Request) -> Trainer:
    token = bearer(request)
    trainer = await request.app[ACCOUNTS].by_api_token(token) if token else None
    if trainer is None:
        raise SchemaError("Authorization", "err.api_token")
    return trainer


async def api_trainer(request: web.Request) -> Trainer:
    """The bearer's trainer, or the trainer signed in on a page of ours (the deck studio):
    the API is exempt from the forms' CSRF check, so a change made with the session cookie
    must carry the page's token in ``X-CSRF-Token``."""
    if bearer(request):
        return await bearer_trainer(request)
    trainer = await current_trainer(request)
    if trainer is None:
        raise SchemaError("Authorization", "err.api_token")
    if request.method in UNSAFE_METHODS:
        token = request.headers.get(CSRF_HEADER, "")
        if not check_csrf(request.app[SIGNING_KEY], session_value(request), token):
            raise SchemaError(CSRF_HEADER, "err.csrf")
    return trainer


async def bearer_jury(request: web.Request) -> Identity:
    token = bearer(request)
    identity = await request.app[EXAMS].authenticate(token) if token else None
    if identity is None or identity.role != "jury":
        raise SchemaError("Authorization", "err.jury_token")
    return identity


async def own(request: web.Request, trainer: Trainer) -> ExamRuntime:
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise LookupError("exam_id")
    await exam.catch_up()
    await request.app[EXAMS].filing.marked(exam.state)
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
        "created_at": state.created_at,
        "status": state.status,
        "locked": state.locked,
        "archived": state.archived,
        "people": [
            {
                "person_id": p.id,
                "role": p.role,
                "name": p.name,
                "number": p.number,
                "evaluator": p.evaluator,
                "revoked": p.revoked,
            }
            | (
                {"status": state.statuses[p.id].status, "reason": state.statuses[p.id].reason}
                if p.id in state.statuses
                else {}
            )
            for p in state.people.values()
        ],
        "locked_at": state.locked_at if state.locked else None,
    }
