"""A trainer's API tokens: sign in for one, revoke one."""

from __future__ import annotations

import math
from dataclasses import dataclass

from aiohttp import web

from omnisim.i18n import message
from omnisim.live.accounts import MAX_LABEL
from omnisim.schema import capped
from omnisim.web.addresses import request_address
from omnisim.web.api.base import bearer_trainer, error, lang, read_body
from omnisim.web.keys import ACCOUNTS, SETTINGS, THROTTLE
from omnisim.web.openapi import Endpoint
from omnisim.web.signin import MAX_FIELD


@dataclass(frozen=True)
class TokenRequest:
    login: str = capped(MAX_FIELD)  # as the sign-in form's fields
    password: str = capped(MAX_FIELD)
    label: str = capped(MAX_LABEL, "")


# -- handlers ------------------------------------------------------------------------
async def create_token(request: web.Request) -> web.Response:
    body = await read_body(request, TokenRequest)
    # Throttled as the sign-in page is, under the same counts (omnisim/web/throttle.py).
    address = request_address(request, request.app[SETTINGS].trusted_proxies)
    wait = await request.app[THROTTLE].attempt(body.login, address)
    if wait > 0:
        seconds = math.ceil(wait)
        reason = message(lang(request), "signin.throttled", wait=seconds)
        refused = error(request, 429, "login", reason)
        refused.headers["Retry-After"] = str(seconds)
        return refused
    trainer = await request.app[ACCOUNTS].sign_in(body.login, body.password)
    if trainer is None:
        return error(request, 401, "login", message(lang(request), "signin.failed"))
    await request.app[THROTTLE].succeeded(body.login, address)
    token = await request.app[ACCOUNTS].new_api_token(trainer.id, body.label)
    token_id = token.split(".", 1)[0].rsplit(":", 1)[1]
    trainer_info = {"id": trainer.id, "name": trainer.name}
    return web.json_response(
        {"token": token, "token_id": token_id, "trainer": trainer_info}, status=201
    )


async def revoke_token(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    await request.app[ACCOUNTS].revoke_api_token(trainer.id, request.match_info["token_id"])
    return web.json_response({"ok": True})


ENDPOINTS = (
    Endpoint(
        "POST", "/api/tokens", create_token, "Sign in: a trainer's API token", TokenRequest, "none"
    ),
    Endpoint(
        "DELETE", "/api/tokens/{token_id}", revoke_token, "Revoke one of the trainer's API tokens"
    ),
)
