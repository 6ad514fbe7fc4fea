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
import logging
from importlib import metadata

from aiohttp import web

from omnisim.i18n import message
from omnisim.refusals import RefusalError
from omnisim.store import StoreUnavailable
from omnisim.web.api import decks, exams, grading, results, studio, tokens
from omnisim.web.api.base import error, lang, refused
from omnisim.web.limits import TooMany
from omnisim.web.openapi import Endpoint, Handler, openapi_document

log = logging.getLogger(__name__)


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(ENDPOINTS, metadata.version("omnisim")))


ENDPOINTS: tuple[Endpoint, ...] = (
    *tokens.ENDPOINTS,
    *decks.ENDPOINTS,
    *studio.ENDPOINTS,
    *exams.ENDPOINTS,
    *grading.ENDPOINTS,
    *results.ENDPOINTS,
    Endpoint("GET", "/api/openapi.json", openapi, "This description", None, "none"),
)


def _guarded(handler: Handler) -> Handler:
    """Every API answer is JSON: refusals name the field, unexpected errors are said."""

    async def run(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except TooMany as exc:  # over the person's or the address's budget (limits.py)
            answer = refused(request, 429, exc)
            answer.headers["Retry-After"] = str(exc.wait)
            return answer
        except RefusalError as exc:  # malformed, or not possible now
            status = 401 if exc.field == "Authorization" else 422
            return refused(request, status, exc)
        except LookupError as exc:
            return error(
                request,
                404,
                str(exc.args[0]) if exc.args else "path",
                message(lang(request), "err.not_found"),
            )
        except StoreUnavailable:
            return error(request, 503, "store", message(lang(request), "err.store_unavailable"))
        except asyncio.CancelledError:
            raise
        except web.HTTPException:
            raise
        except Exception:
            log.exception("API error on %s", request.path)
            return error(request, 500, "", message(lang(request), "err.internal"))

    return run


def add_routes(app: web.Application) -> None:
    for e in ENDPOINTS:
        app.router.add_route(e.method, e.path, _guarded(e.handler))
