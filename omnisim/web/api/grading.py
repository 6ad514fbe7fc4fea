"""The jury's grading through the API, with a jury member's link token as bearer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim import events as ev
from omnisim.live import commands
from omnisim.live import jury as jury_service
from omnisim.schema import SchemaError
from omnisim.web.api.base import bearer_jury, lang, read_body
from omnisim.web.openapi import Endpoint


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


async def grading(request: web.Request) -> web.Response:
    identity = await bearer_jury(request)
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
    body = await read_body(request, record)
    if getattr(body, "decision", "acquis") not in ("acquis", "non_acquis"):
        raise SchemaError("decision", "err.decision")
    answer = await commands.run(identity.exam, commands.Grade.of(identity.person.id, make(body)))
    return web.json_response({"ok": True, "seq": answer["seq"]}, status=201)


async def grading_view(request: web.Request) -> web.Response:
    """One candidate's grading as this jury member may see it (others' only once all handed in)."""
    identity = await bearer_jury(request)
    data = await jury_service.grading_view(
        identity.exam, identity.person.id, request.match_info["candidate_id"], lang(request)
    )
    return web.json_response(data)


ENDPOINTS = (
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
)
