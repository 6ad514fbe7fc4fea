"""The OpenAPI description of the JSON API, made from the same table as its routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    summary: str
    body: type | str | None = None  # a record, or a media type for raw bodies
    auth: str = "trainer"  # trainer, jury or none


def _schema(record: type) -> dict[str, Any]:
    from omnisim.deck.jsonschema import record_schema

    return record_schema(record)


def openapi_document(endpoints: Sequence[Endpoint], version: str) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for e in endpoints:
        op: dict[str, Any] = {
            "summary": e.summary,
            "responses": {
                "200": {"description": "OK"},
                "4XX": {"description": '{"error": {"field", "reason"}}'},
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
                "content": {e.body: {"schema": {"type": "string", "format": "binary"}}}
            }
        elif e.body is not None:
            op["requestBody"] = {"content": {"application/json": {"schema": _schema(e.body)}}}
        if e.auth != "none":
            op["security"] = [{"bearer": []}]
            op["description"] = f"Bearer token of a {e.auth}."
        paths.setdefault(e.path, {})[e.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "OmniSim API", "version": version},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }
