"""The OpenAPI description of the JSON API, made from the same table as its routes.

Bodies and answers are described by the records that read and write them (JSON Schema
from omnisim/deck/jsonschema.py), so the description cannot drift from what is accepted
and sent; a field the server fills in (omnisim/protocol/actions.py ``SERVER_FILLED``) is
not offered. Every limit of a body is stated: its size, each text's ``maxLength`` and
each list's ``maxItems`` (the records' own caps, else the :data:`MAX_TEXT` every text of
an action or a grading command is held to), refused beyond, never cut.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.deck.jsonschema import record_schema
from omnisim.protocol.actions import MAX_TEXT, SERVER_FILLED
from omnisim.protocol.messages import ApiError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
JSON_LIMIT = "JSON, 1 MiB at most; every text and list at most its maxLength, maxItems"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    summary: str
    # A record; a media type for raw bodies; or, by the value of the path's one parameter,
    # the record of each (``/api/grading/{command}``).
    body: type | str | Mapping[str, type] | None = None
    auth: str = "trainer"  # trainer, jury or none
    answer: type | None = None  # the record of a successful answer, when there is one
    status: int = 200  # of a successful answer
    body_limit: int = 1024 * 1024  # bytes a body may hold (omnisim/web/api/base.py)


def _schema(record: type) -> dict[str, Any]:
    return record_schema(record, exclude=SERVER_FILLED.get(record, ()))


def _body(record: type) -> dict[str, Any]:
    """A request body's schema, every text with its cap (:data:`MAX_TEXT` unless its
    record says less)."""
    schema = _schema(record)
    stack = [schema]
    while stack:
        node = stack.pop()
        if node.get("type") == "string" and "enum" not in node:
            node.setdefault("maxLength", MAX_TEXT)
        for value in node.values():
            if isinstance(value, dict):
                stack.append(value)
            elif isinstance(value, list):
                stack += [v for v in value if isinstance(v, dict)]
    return schema


def _operation(e: Endpoint) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "OK"}
    if e.answer is not None:
        ok["content"] = {"application/json": {"schema": _schema(e.answer)}}
    refused = {"application/json": {"schema": _schema(ApiError)}}
    op: dict[str, Any] = {
        "summary": e.summary,
        "responses": {
            str(e.status): ok,
            "4XX": {"description": '{"error": {"field", "reason"}}', "content": refused},
        },
    }
    params = [p.strip("{}") for p in e.path.split("/") if p.startswith("{")]
    if params:
        op["parameters"] = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
            for p in params
        ]
    if isinstance(e.body, str):
        op["requestBody"] = {
            "description": f"{e.body_limit // (1024 * 1024)} MiB at most",
            "content": {e.body: {"schema": {"type": "string", "format": "binary"}}},
        }
    elif isinstance(e.body, Mapping):
        (param,) = params  # the one parameter that names the body's record
        op["parameters"][0]["schema"]["enum"] = list(e.body)
        bodies = [{"title": name, **_body(record)} for name, record in e.body.items()]
        op["requestBody"] = {
            "description": JSON_LIMIT,
            "content": {"application/json": {"schema": {"oneOf": bodies}}},
        }
        op["description"] = f"The body is the record named by {{{param}}}."
    elif e.body is not None:
        op["requestBody"] = {
            "description": JSON_LIMIT,
            "content": {"application/json": {"schema": _body(e.body)}},
        }
    if e.auth != "none":
        op["security"] = [{"bearer": []}]
        op["description"] = f"{op.get('description', '')} Bearer token of a {e.auth}.".strip()
    return op


def openapi_document(endpoints: Sequence[Endpoint], version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for e in endpoints:
        paths.setdefault(e.path, {})[e.method.lower()] = _operation(e)
    return {
        "openapi": "3.1.0",
        "info": {"title": "OmniSim API", "version": version},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }
