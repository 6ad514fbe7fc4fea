"""Trainers sign in with a password; the browser then carries a signed session cookie.

The cookie (HttpOnly, SameSite=Strict) holds the trainer's id signed with the
store's key and its issue time; nothing else is kept server-side, so every
worker on the store accepts it. Sockets opened from a trainer's page present the
same cookie.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from omnisim.auth.signing import sign, unsign
from omnisim.live.accounts import Trainer
from omnisim.web.keys import ACCOUNTS, SETTINGS, SIGNING_KEY
from omnisim.web.pages.base import PageContext, lang_query, page, refuse, render
from omnisim.web.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    clear_session_cookie,
    set_session_cookie,
)

MAX_FIELD = 1024


async def _trainer_of(app: web.Application, cookie: str) -> Trainer | None:
    trainer_id = unsign(app[SIGNING_KEY], cookie, time.time(), SESSION_MAX_AGE) if cookie else None
    return await app[ACCOUNTS].trainer(trainer_id) if trainer_id else None


async def current_trainer(request: web.Request) -> Trainer | None:
    return await _trainer_of(request.app, request.cookies.get(SESSION_COOKIE, ""))


async def trainer_from_environ(app: web.Application, environ: dict[str, Any]) -> Trainer | None:
    """The signed-in trainer behind a socket.io connection, from its Cookie header."""
    request = environ.get("aiohttp.request")
    header = request.headers.get("Cookie", "") if request is not None else ""
    header = header or environ.get("HTTP_COOKIE", "")
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(header)
    except Exception:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return await _trainer_of(app, morsel.value) if morsel else None


async def require_trainer(request: web.Request) -> Trainer:
    """The signed-in trainer, or a redirect to the sign-in page that comes back here."""
    trainer = await current_trainer(request)
    if trainer is None:
        raise web.HTTPSeeOther(f"/signin?{lang_query(request, next=request.path_qs)}")
    return trainer


@dataclass(frozen=True)
class SignInContext:
    page: PageContext
    next: str
    error: str = ""
    login: str = ""


def _safe_next(value: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return "/exams"
    return value


async def sign_in_page(request: web.Request) -> web.Response:
    ctx = SignInContext(page(request, "signin.title"), _safe_next(request.query.get("next", "")))
    return render(request, "signin.html", ctx)


async def sign_in(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    origin = request.headers.get("Origin")
    if origin and origin != "null" and origin.rstrip("/") != _origin(settings.base_url):
        raise refuse(request, 403, "err.foreign_origin")
    form = await request.post()
    login, password = str(form.get("login", "")), str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    if len(login) > MAX_FIELD or len(password) > MAX_FIELD:
        raise refuse(request, 400, "err.field_too_long", field="login/password")
    trainer = await request.app[ACCOUNTS].sign_in(login, password)
    if trainer is None:
        ctx = SignInContext(page(request, "signin.title"), target, "signin.failed", login)
        return render(request, "signin.html", ctx, status=401)
    response = web.HTTPSeeOther(target)
    value = sign(request.app[SIGNING_KEY], trainer.id, time.time())
    set_session_cookie(response, value, secure=settings.base_url.startswith("https://"))
    raise response


async def sign_out(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther(f"/?{lang_query(request)}")
    clear_session_cookie(response)
    raise response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def add_routes(app: web.Application) -> None:
    app.router.add_get("/signin", sign_in_page, name="signin")
    app.router.add_post("/signin", sign_in, name="signin_post")
    app.router.add_post("/signout", sign_out, name="signout")
