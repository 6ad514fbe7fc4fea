"""The jury's grading through the API, with a jury member's link token as bearer.

The bodies are the grading events' own payloads (omnisim/protocol/actions.py ``GRADING``),
so the API accepts exactly what the log records, but what the server fills in.
"""

from __future__ import annotations

from aiohttp import web

from omnisim.live import commands
from omnisim.live import jury as jury_service
from omnisim.protocol.actions import ERRATA, GRADING, parse_grading
from omnisim.protocol.jury_view import Graded, GradingView
from omnisim.web.api.base import bearer_jury, lang, read_json
from omnisim.web.limits import person_of, spend_for
from omnisim.web.openapi import Endpoint


async def grading(request: web.Request) -> web.Response:
    identity = await bearer_jury(request)
    await spend_for(request, "act", person_of(identity.exam.exam_id, identity.person.id, "jury"))
    command = request.match_info["command"]
    if command not in GRADING:
        raise LookupError("command")
    payload = parse_grading(command, await read_json(request))
    who = identity.person.id
    carried = commands.Erratum.of if command in ERRATA else commands.Grade.of
    answer = await commands.run(identity.exam, carried(who, payload))
    about = getattr(payload, "candidate_id", None)
    view = None
    if command not in ERRATA and about is not None:
        view = await jury_service.grading_view(identity.exam, who, about, lang(request))
    return web.json_response(Graded(seq=tuple(answer["seq"]), grading=view).to_json(), status=201)


async def grading_view(request: web.Request) -> web.Response:
    """One candidate's grading as this jury member may see it (others' only once all handed in)."""
    identity = await bearer_jury(request)
    await spend_for(request, "read", person_of(identity.exam.exam_id, identity.person.id, "jury"))
    view = await jury_service.grading_view(
        identity.exam, identity.person.id, request.match_info["candidate_id"], lang(request)
    )
    return web.json_response(view.to_json())


ENDPOINTS = (
    Endpoint(
        "POST",
        "/api/grading/{command}",
        grading,
        "Jury: decide, comment, note an interview answer, submit, propose or agree a "
        "reconciled decision, recommend, sign; after the lock: write or countersign an erratum",
        GRADING,
        "jury",
        answer=Graded,
        status=201,
    ),
    Endpoint(
        "GET",
        "/api/grading/{candidate_id}",
        grading_view,
        "Jury: one candidate's grading as this member may see it",
        None,
        "jury",
        answer=GradingView,
    ),
)
